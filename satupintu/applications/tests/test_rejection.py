"""Rejecting asks to confirm and for a reason the citizen reads; a closed case has no finish date."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import signed_in
from satupintu.applications import services
from satupintu.applications.models import Status
from satupintu.core.errors import ServiceError

REASON = "Pemohon bukan penduduk Kabupaten Contoh."


@pytest.fixture
def in_review(world: Any, submitted: Any) -> Any:
    application = submitted.application
    services.application_transition(
        actor=world.verifier, application=application, to_status=Status.IN_REVIEW
    )
    return application


def _url(application: Any) -> str:
    return reverse("applications_office:detail", args=[application.public_id])


def test_reject_is_a_confirmation_step_with_a_required_reason(world: Any, in_review: Any) -> None:
    client = signed_in(world.approver)
    page = client.get(_url(in_review)).content.decode()
    assert "Tolak permohonan…" in page
    assert "Ubah ke: Ditolak" not in page  # not one click beside approval

    first = client.post(_url(in_review), {"action": "transition", "to_status": "rejected"})
    assert first.status_code == 200
    html = first.content.decode()
    assert f"Tolak permohonan {in_review.tracking_code}?" in html
    assert 'name="confirm" value="1"' in html
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW  # nothing happened yet

    blank = client.post(
        _url(in_review),
        {"action": "transition", "to_status": "rejected", "confirm": "1", "note": " "},
    )
    assert blank.status_code == 400
    assert "Tuliskan alasan penolakan" in blank.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW

    done = client.post(
        _url(in_review),
        {"action": "transition", "to_status": "rejected", "confirm": "1", "note": REASON},
    )
    assert done.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == Status.REJECTED


def test_the_service_refuses_a_rejection_without_a_reason(world: Any, in_review: Any) -> None:
    with pytest.raises(ServiceError) as exc:
        services.application_transition(
            actor=world.approver, application=in_review, to_status=Status.REJECTED
        )
    assert exc.value.field == "note"


def test_a_verifier_cannot_open_the_rejection_step(world: Any, in_review: Any) -> None:
    response = signed_in(world.verifier).post(
        _url(in_review), {"action": "transition", "to_status": "rejected"}
    )
    assert response.status_code == 403


def test_rejected_case_shows_the_reason_and_no_finish_date(
    world: Any, submitted: Any, in_review: Any
) -> None:
    services.application_transition(
        actor=world.approver, application=in_review, to_status=Status.REJECTED, note=REASON
    )
    citizen = signed_in(world.siti)
    html = citizen.get(reverse("applications:detail", args=[in_review.public_id])).content.decode()
    assert REASON in html
    assert "Perkiraan selesai" not in html
    assert "Diputuskan" in html

    status = signed_in(world.budi).post(
        reverse("applications:status_check"),
        {"kode": in_review.tracking_code, "rahasia": submitted.status_secret},
    )
    public = status.content.decode()
    assert "Ditolak" in public
    assert "Perkiraan selesai" not in public
    assert REASON not in public

    api = citizen.post(
        "/api/v1/status",
        {"code": in_review.tracking_code, "secret": submitted.status_secret},
        content_type="application/json",
    )
    assert api.status_code == 200
    assert api.json()["status"] == "rejected"
    assert api.json()["due_at"] is None
    mine = citizen.get(f"/api/v1/applications/{in_review.public_id}")
    assert mine.status_code == 200
    assert mine.json()["due_at"] is None


def test_open_case_still_shows_its_expected_finish(world: Any, submitted: Any) -> None:
    html = (
        signed_in(world.siti)
        .get(reverse("applications:detail", args=[submitted.application.public_id]))
        .content.decode()
    )
    assert "Perkiraan selesai" in html
