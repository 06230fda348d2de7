"""The public board's API pages kept per process (complaints.boardcache): read once, dropped by
what changes the board, untouched by what does not."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import signed_in
from satupintu.complaints import services
from satupintu.complaints.tests.conftest import filing

# Committed transactions: a shelf keeps nothing while the transaction that changed it is open.
pytestmark = pytest.mark.django_db(transaction=True)
BOARD = "/api/v1/complaints/board?category=kesehatan"


def _published(world: Any, health: Any, subject: str = "Antrean lama") -> Any:
    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category, privacy="publik")
    ).complaint
    services.complaint_publish(
        actor=health.liaison,
        complaint=complaint,
        subject=subject,
        description="Menunggu lima jam di puskesmas.",
    )
    return complaint


def _answer(health: Any, complaint: Any, body: str) -> None:
    services.complaint_respond(
        actor=health.liaison, complaint=complaint, kind="response", body=body, public=True
    )


def _subjects(client: Client) -> list[str]:
    return [item["subject"] for item in client.get(BOARD).json()["items"]]


def test_a_kept_page_costs_no_query_even_for_a_signed_in_citizen(
    world: Any, health: Any, django_assert_num_queries: Any
) -> None:
    _published(world, health)
    citizen = signed_in(world.siti)
    assert _subjects(citizen) == ["Antrean lama"]
    # Neither the session, the account nor the board is read again.
    with django_assert_num_queries(0):
        assert _subjects(citizen) == ["Antrean lama"]
    response = citizen.get(BOARD)
    assert response["Cache-Control"] == "private, no-store"
    assert "private" not in Client().get(BOARD).headers.get("Cache-Control", "")


def test_publishing_and_answering_a_published_complaint_show_at_once(
    world: Any, health: Any
) -> None:
    first = _published(world, health)
    client = Client()
    assert _subjects(client) == ["Antrean lama"]
    _published(world, health, subject="Obat habis")
    assert _subjects(client) == ["Obat habis", "Antrean lama"]
    _answer(health, first, "Jadwal dokter ditambah.")
    answers = {
        item["subject"]: [r["body"] for r in item["responses"]]
        for item in client.get(BOARD).json()["items"]
    }
    assert answers["Antrean lama"] == ["Jadwal dokter ditambah."]


def test_writes_off_the_board_keep_the_page(
    world: Any, health: Any, django_assert_num_queries: Any
) -> None:
    _published(world, health)
    client = Client()
    assert _subjects(client) == ["Antrean lama"]
    unpublished = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category)
    ).complaint
    services.complaint_claim(actor=health.liaison, complaint=unpublished)
    _answer(health, unpublished, "Sedang diperiksa.")
    with django_assert_num_queries(0):
        assert _subjects(client) == ["Antrean lama"]


def test_a_reporter_who_changes_their_name_is_not_shown_under_the_old_one(
    world: Any, health: Any
) -> None:
    _published(world, health)
    client = Client()
    before = client.get(BOARD).json()["items"][0]["reporter"]
    world.siti.full_name = "Rahmawati Putri"
    world.siti.save()
    after = client.get(BOARD).json()["items"][0]["reporter"]
    assert after != before and after == "Rahmawati P."
