"""A complaint from filing to rating, through the services: routing by rule, "not our
authority", answers, reopen, confirm, rate, and the ledger and outbox along the way."""

from __future__ import annotations

from typing import Any

import pytest

from satupintu.complaints import services
from satupintu.complaints.models import Complaint, Event, Status
from satupintu.complaints.tests.conftest import filing, png_upload
from satupintu.core.errors import Conflict, NotFound, ServiceError

pytestmark = pytest.mark.django_db


def test_an_anonim_health_complaint_is_routed_by_the_rule(
    world: Any, health: Any, _private_media: Any
) -> None:
    filed = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category, uploads=[png_upload()])
    )
    complaint = Complaint.objects.get(pk=filed.complaint.pk)
    assert (complaint.tracking_code or "").startswith("AD-")
    assert complaint.agency == health.dinkes
    assert complaint.status == Status.RECEIVED
    assert complaint.attachments.count() == 1
    assert complaint.first_response_due is not None and complaint.verify_due is not None
    assert len(filed.status_secret) == 6
    from satupintu.ledger.models import Entry

    assert Entry.objects.filter(action="complaints.complaint.file").count() == 1


def test_forward_keeps_the_number_and_the_history(world: Any, health: Any) -> None:
    filed = services.complaint_file(actor=world.siti, filing=filing(category=health.category))
    complaint = filed.complaint
    code = complaint.tracking_code
    with pytest.raises(ServiceError):
        services.complaint_forward(
            actor=health.liaison, complaint=complaint, to_agency=world.agency_a, reason=" "
        )
    services.complaint_forward(
        actor=health.liaison,
        complaint=complaint,
        to_agency=world.agency_a,
        reason="Ini soal KTP-el, kewenangan Disdukcapil.",
    )
    complaint.refresh_from_db()
    assert complaint.agency == world.agency_a and complaint.tracking_code == code
    kinds = list(complaint.events.values_list("kind", flat=True))
    assert kinds[:3] == [Event.Kind.FILED, Event.Kind.ROUTED, Event.Kind.FORWARDED]
    # Dinas Kesehatan no longer handles it; Disdukcapil's liaison does.
    with pytest.raises(NotFound):
        services.complaint_claim(actor=health.liaison, complaint=complaint)
    services.complaint_claim(actor=world.liaison, complaint=complaint)


def test_forward_through_the_api_answers_with_the_forwarded_complaint(
    world: Any, health: Any
) -> None:
    from conftest import signed_in

    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category)
    ).complaint
    url = f"/api/v1/complaints/{complaint.public_id}/forward"
    body = {"agency": world.agency_a.slug, "reason": "Ini soal KTP-el, kewenangan Disdukcapil."}
    response = signed_in(health.liaison).post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["tracking_code"] == complaint.tracking_code
    complaint.refresh_from_db()
    assert complaint.agency == world.agency_a
    # Dinas Kesehatan's liaison no longer reaches it; forwarding again is refused, unchanged.
    again = signed_in(health.liaison).post(url, body, content_type="application/json")
    assert again.status_code == 404
    assert complaint.events.filter(kind=Event.Kind.FORWARDED).count() == 1


def test_answer_reopen_confirm_and_rate(world: Any, health: Any) -> None:
    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.other_category)
    ).complaint
    services.complaint_respond(
        actor=world.liaison,
        complaint=complaint,
        body="Sudah kami tindak lanjuti.",
        public=True,
        kind="resolved",
    )
    assert complaint.status == Status.ANSWERED and complaint.autoclose_due is not None
    with pytest.raises(NotFound):
        services.complaint_confirm(actor=world.budi, complaint=complaint)
    services.complaint_reopen(actor=world.siti, complaint=complaint, reason="Masih antre lama.")
    assert complaint.status == Status.IN_PROGRESS and complaint.reopen_count == 1
    with pytest.raises(Conflict):
        services.complaint_rate(actor=world.siti, complaint=complaint, rating=5)
    services.complaint_respond(
        actor=world.liaison,
        complaint=complaint,
        body="Jadwal dokter ditambah.",
        public=True,
        kind="resolved",
    )
    services.complaint_confirm(actor=world.siti, complaint=complaint)
    assert complaint.status == Status.CLOSED
    with pytest.raises(ServiceError):
        services.complaint_rate(actor=world.siti, complaint=complaint, rating=9)
    services.complaint_rate(actor=world.siti, complaint=complaint, rating=4, comment="Cukup cepat")
    complaint.refresh_from_db()
    assert complaint.rating == 4
    with pytest.raises(Conflict):
        services.complaint_rate(actor=world.siti, complaint=complaint, rating=5)


def test_unmatched_goes_to_the_coordinator_and_is_routed_from_there(
    world: Any, health: Any, settings: Any
) -> None:
    settings.COMPLAINT_COORDINATOR_AGENCY = health.dinkes.slug
    complaint = services.complaint_file(actor=world.siti, filing=filing()).complaint
    assert complaint.agency is None
    from satupintu.complaints import selectors

    assert list(selectors.queue_for_officer(health.liaison, scope="coordinator")) == [complaint]
    assert list(selectors.queue_for_officer(world.liaison)) == []
    services.complaint_forward(
        actor=health.liaison,
        complaint=complaint,
        to_agency=world.agency_a,
        reason="Urusan kependudukan.",
    )
    assert list(selectors.queue_for_officer(world.liaison)) == [complaint]


def test_request_for_information_waits_on_the_reporter(world: Any, health: Any) -> None:
    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.other_category)
    ).complaint
    services.complaint_respond(
        actor=world.liaison,
        complaint=complaint,
        body="Mohon sebutkan nama kantor.",
        public=False,
        kind="info_request",
    )
    assert complaint.status == Status.WAITING and complaint.completion_due is not None
    assert complaint.decision_due is None
    services.complaint_reply(actor=world.siti, complaint=complaint, body="Kantor kecamatan Cibiru.")
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS and complaint.decision_due is not None


def test_merge_closes_the_duplicate(world: Any, health: Any) -> None:
    first = services.complaint_file(
        actor=world.siti, filing=filing(category=health.other_category)
    ).complaint
    second = services.complaint_file(
        actor=world.budi, filing=filing(category=health.other_category)
    ).complaint
    from satupintu.complaints import selectors

    assert [c for c, _ in selectors.duplicate_candidates(second)] == [first]
    services.complaint_merge(actor=world.liaison, complaint=second, into=first)
    second.refresh_from_db()
    assert second.status == Status.MERGED and second.merged_into == first


def test_officer_deactivated_returns_their_complaints_to_the_pool(world: Any, health: Any) -> None:
    from satupintu.organizations.signals import officer_deactivated

    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.other_category)
    ).complaint
    services.complaint_claim(actor=world.liaison, complaint=complaint)
    officer_deactivated.send(
        sender=None, user=world.liaison, agency_id=world.agency_a.pk, actor=world.admin_a
    )
    complaint.refresh_from_db()
    assert complaint.assignee is None
    assert complaint.events.filter(kind=Event.Kind.RELEASED).exists()


def test_a_link_from_a_new_reporter_is_refused_and_nothing_is_written(
    world: Any, health: Any
) -> None:
    with pytest.raises(ServiceError):
        services.complaint_file(
            actor=world.siti,
            filing=filing(description="Lihat https://spam.example.com/promo sekarang juga"),
        )
    assert Complaint.objects.count() == 0
