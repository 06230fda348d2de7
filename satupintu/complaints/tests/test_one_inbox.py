"""One inbox: the complaint queue holds cases through the applications' holder write
(assignment.set_holder: the same fields, the same claim / release / assign ledger entries), and
the officer's main inbox page says how many complaints wait for them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in
from satupintu.complaints import services
from satupintu.complaints.models import Complaint
from satupintu.complaints.tests.conftest import filing
from satupintu.ledger.models import Entry

pytestmark = pytest.mark.django_db

INBOX = "applications_office:inbox"


def _entry(action: str) -> Any:
    return Entry.objects.filter(action=action).latest("id")


def test_claim_release_and_disposition_use_the_shared_holder_write(world: Any, health: Any) -> None:
    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category)
    ).complaint
    services.complaint_claim(actor=health.liaison, complaint=complaint)
    complaint.refresh_from_db()
    assert complaint.assignee == health.liaison and complaint.assigned_at is not None
    claim = _entry("complaints.complaint.claim")
    assert claim.data == {"from": None, "to": health.liaison.pk, "rule": "claim"}
    # Claiming what one holds already writes nothing more.
    services.complaint_claim(actor=health.liaison, complaint=complaint)
    assert Entry.objects.filter(action="complaints.complaint.claim").count() == 1
    services.complaint_release(actor=health.supervisor, complaint=complaint)
    complaint.refresh_from_db()
    assert complaint.assignee is None and complaint.assigned_at is None
    release = _entry("complaints.complaint.release")
    assert release.data == {"from": health.liaison.pk, "to": None, "rule": "handler"}
    # A disposition to an officer: one entry, which says who holds it now.
    services.complaint_dispose(actor=health.supervisor, complaint=complaint, officer=health.liaison)
    complaint.refresh_from_db()
    assert complaint.assignee == health.liaison and complaint.assigned_at is not None
    dispose = _entry("complaints.complaint.dispose")
    assert dispose.data["assignee"] == health.liaison.pk and dispose.data["rule"] == "dispose"
    assert not Entry.objects.filter(action="complaints.complaint.assign").exists()


def test_the_main_inbox_counts_the_complaints_waiting_with_the_overdue_ones(
    world: Any, health: Any
) -> None:
    first = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category)
    ).complaint
    services.complaint_file(actor=world.budi, filing=filing(category=health.category))
    page = signed_in(health.liaison).get(reverse(INBOX)).content.decode()
    queue = reverse("complaints_office:queue")
    assert f'<a href="{queue}">Pengaduan</a>: 2 menunggu' in page
    assert "melewati tenggat" not in page
    # One is overdue; one is held by the supervisor, so it no longer waits for the liaison.
    Complaint.objects.filter(pk=first.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    other = Complaint.objects.exclude(pk=first.pk).get()
    services.complaint_claim(actor=health.supervisor, complaint=other)
    page = signed_in(health.liaison).get(reverse(INBOX)).content.decode()
    assert f'<a href="{queue}">Pengaduan</a>: 1 menunggu' in page
    assert "1 melewati tenggat" in page


def test_an_officer_who_handles_no_complaints_sees_no_complaint_count(
    world: Any, health: Any
) -> None:
    services.complaint_file(actor=world.siti, filing=filing(category=health.other_category))
    page = signed_in(world.verifier).get(reverse(INBOX)).content.decode()
    assert reverse("complaints_office:queue") not in page
    # Agency A's liaison sees the one routed to A, not Dinas Kesehatan's.
    page = signed_in(world.liaison).get(reverse(INBOX)).content.decode()
    assert ": 1 menunggu" in page
