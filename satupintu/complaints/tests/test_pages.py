"""The pages without JavaScript: filing signed in and as a guest with a one-time code, the
receipt, the reporter's page, the status check, spam protection, moderation and the board."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import signed_in
from satupintu.complaints import services
from satupintu.complaints.models import Complaint, Status
from satupintu.complaints.tests.conftest import filing, png_upload

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "pengaduan",
    "subject": "Antrean puskesmas sangat lama",
    "description": "Saya menunggu lima jam di puskesmas tanpa kepastian jadwal dokter.",
    "category": "kesehatan",
    "privacy": "anonim",
    "address_0": "",
    "address_1": "",
}


def _code() -> str:
    from satupintu.notifications.models import Message

    return Message.objects.filter(template="contact_code").latest("id").context["code"]


def test_a_guest_files_with_a_code_sent_to_the_phone(
    world: Any, health: Any, _private_media: Any
) -> None:
    client = Client()
    response = client.post(
        reverse("complaints:file"),
        {**FORM, "contact": "0812 3456 7890", "full_name": "Wati", "attachments": png_upload()},
    )
    assert response.status_code == 302 and response["Location"] == reverse("complaints:confirm")
    draft = Complaint.objects.get()
    assert draft.status == Status.DRAFT and draft.tracking_code is None
    wrong = client.post(
        reverse("complaints:confirm"), {"code": "000000" if _code() != "000000" else "111111"}
    )
    assert wrong.status_code == 400
    assert Complaint.objects.get().status == Status.DRAFT
    done = client.post(reverse("complaints:confirm"), {"code": _code()})
    assert done.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.status == Status.RECEIVED and complaint.agency == health.dinkes
    receipt = client.get(done["Location"])
    assert (complaint.tracking_code or "-") in receipt.content.decode()
    # Another browser opens it with the number and the secret only.
    secret = complaint.status_secret
    other = Client()
    assert other.get(reverse("complaints:detail", args=[complaint.public_id])).status_code == 404
    opened = other.post(
        reverse("complaints:status"), {"kode": complaint.tracking_code, "rahasia": secret}
    )
    assert opened.status_code == 302
    assert other.get(opened["Location"]).status_code == 200
    assert (
        Client()
        .post(reverse("complaints:status"), {"kode": complaint.tracking_code, "rahasia": "SALAH1"})
        .status_code
        == 404
    )


def test_privacy_must_be_chosen_and_bad_input_changes_nothing(world: Any, health: Any) -> None:
    client = signed_in(world.siti)
    for bad in (
        {"privacy": ""},
        {"kind": "lain"},
        {"subject": "x"},
        {"description": ""},
        {"latitude": "999"},
        {"category": "tidak-ada"},
    ):
        response = client.post(reverse("complaints:file"), {**FORM, **bad})
        assert response.status_code == 400, bad
    assert Complaint.objects.count() == 0


def test_the_honeypot_keeps_nothing_and_the_rate_limit_refuses(
    world: Any, health: Any, settings: Any
) -> None:
    client = signed_in(world.siti)
    assert (
        client.post(reverse("complaints:file"), {**FORM, "website": "http://spam"}).status_code
        == 200
    )
    assert Complaint.objects.count() == 0
    settings.COMPLAINTS_PER_IP = 1
    assert client.post(reverse("complaints:file"), FORM).status_code == 302
    assert client.post(reverse("complaints:file"), FORM).status_code == 429
    assert Complaint.objects.count() == 1


def test_the_reporter_reopens_then_confirms_and_rates_on_the_page(world: Any, health: Any) -> None:
    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category)
    ).complaint
    services.complaint_respond(
        actor=health.liaison,
        complaint=complaint,
        body="Jadwal diperbaiki.",
        public=True,
        kind="resolved",
    )
    client = signed_in(world.siti)
    url = reverse("complaints:detail", args=[complaint.public_id])
    assert client.post(url, {"action": "reopen", "reason": ""}).status_code == 400
    assert client.post(url, {"action": "reopen", "reason": "Belum berubah."}).status_code == 302
    services.complaint_respond(
        actor=health.liaison,
        complaint=complaint,
        body="Dokter jaga ditambah.",
        public=True,
        kind="resolved",
    )
    assert client.post(url, {"action": "confirm"}).status_code == 302
    assert client.post(url, {"action": "rate", "rating": "7"}).status_code == 400
    assert (
        client.post(url, {"action": "rate", "rating": "5", "comment": "Terima kasih"}).status_code
        == 302
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.rating == 5
    assert signed_in(world.budi).get(url).status_code == 404


def test_the_board_shows_only_what_a_moderator_published_masked(world: Any, health: Any) -> None:
    text = (
        "Petugas meminta NIK 3204014101900001 dan menelepon saya di 0812-3456-7890, "
        "balasan ke siti@example.id, nama saya Siti Aminah."
    )
    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category, description=text)
    ).complaint
    secret = services.complaint_file(
        actor=world.budi, filing=filing(category=health.category, privacy="rahasia")
    ).complaint
    board = Client().get(reverse("complaints:board"))
    assert board.status_code == 200 and "Antrean puskesmas" not in board.content.decode()
    office = signed_in(health.liaison)
    page = office.get(
        reverse("complaints_office:detail", args=[complaint.public_id])
    ).content.decode()
    # The moderator is shown the text masked already.
    assert "[NIK disamarkan]" in page and "[nomor telepon disamarkan]" in page
    assert "[email disamarkan]" in page
    # Even when the moderator sends the raw text, what is published is masked.
    response = office.post(
        reverse("complaints_office:detail", args=[complaint.public_id]),
        {
            "action": "publish",
            "public_subject": "Antrean puskesmas sangat lama",
            "public_description": text,
        },
    )
    assert response.status_code == 302
    services.complaint_respond(
        actor=health.liaison, complaint=complaint, body="Hubungi 081234567890.", public=True
    )
    services.complaint_respond(
        actor=health.liaison, complaint=complaint, body="Balasan pribadi.", public=False
    )
    shown = Client().get(reverse("complaints:board")).content.decode()
    assert "Antrean puskesmas" in shown and "Siti" not in shown
    detail = (
        Client()
        .get(reverse("complaints:board_detail", args=[complaint.public_id]))
        .content.decode()
    )
    for secret_text in (
        "3204014101900001",
        "3456-7890",
        "siti@example.id",
        "Siti Aminah",
        "081234567890",
        "Balasan pribadi",
    ):
        assert secret_text not in detail
    assert "[NIK disamarkan]" in detail and "Anonim" in detail
    # Rahasia never: neither published nor publishable.
    assert (
        office.post(
            reverse("complaints_office:detail", args=[secret.public_id]),
            {
                "action": "publish",
                "public_subject": "Judul rahasia",
                "public_description": "Uraian yang rahasia.",
            },
        ).status_code
        == 409
    )
    assert (
        Client().get(reverse("complaints:board_detail", args=[secret.public_id])).status_code == 404
    )
    api = Client().get("/api/v1/complaints/board").json()
    assert [item["id"] for item in api["items"]] == [str(complaint.public_id)]
    assert Client().get("/api/v1/complaints/board?region=x").status_code == 422


def test_the_board_filters(world: Any, health: Any) -> None:
    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category)
    ).complaint
    services.complaint_publish(
        actor=health.liaison,
        complaint=complaint,
        subject="Antrean lama",
        description="Menunggu lima jam di puskesmas.",
    )
    client = Client()
    assert (
        "Antrean lama"
        in client.get(reverse("complaints:board"), {"category": "kesehatan"}).content.decode()
    )
    assert (
        "Antrean lama"
        not in client.get(
            reverse("complaints:board"), {"category": "kependudukan"}
        ).content.decode()
    )
    assert (
        "Antrean lama"
        not in client.get(reverse("complaints:board"), {"status": "closed"}).content.decode()
    )
    assert client.get(reverse("complaints:board"), {"region": "abc"}).status_code == 400


def test_officer_queue_is_deadline_first_and_marks_overdue(world: Any, health: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    late = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category)
    ).complaint
    fresh = services.complaint_file(
        actor=world.budi, filing=filing(category=health.category, subject="Obat habis di apotek")
    ).complaint
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    page = signed_in(health.liaison).get(reverse("complaints_office:queue")).content.decode()
    assert page.index(late.tracking_code) < page.index(fresh.tracking_code)
    assert "Terlambat" in page
    assert signed_in(world.siti).get(reverse("complaints_office:queue")).status_code == 403
    assert signed_in(world.verifier).get(reverse("complaints_office:queue")).status_code == 403
