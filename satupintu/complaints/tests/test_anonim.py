"""An anonim reporter is hidden from the receiving officers everywhere they could look: the
page, the API, the CSV export and their notifications; unless the reporter allowed it."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import signed_in
from satupintu.complaints import services
from satupintu.complaints.tests.conftest import filing

pytestmark = pytest.mark.django_db

NAME = "Siti Aminah"
EMAIL = "siti@example.id"


def _everything_an_officer_sees(complaint: Any, officer: Any) -> str:
    from django.urls import reverse

    from satupintu.notifications.models import Message

    client = signed_in(officer)
    page = client.get(reverse("complaints_office:detail", args=[complaint.public_id]))
    assert page.status_code == 200
    queue = client.get(reverse("complaints_office:queue"))
    api = client.get(f"/api/v1/complaints/{complaint.public_id}")
    assert api.status_code == 200
    export = client.get(f"/api/v1/complaints/export.csv?agency={complaint.agency.slug}")
    assert export.status_code == 200
    export_page = client.get(
        reverse("complaints_office:export") + f"?instansi={complaint.agency_id}"
    )
    notes = [str(m.context) + m.address for m in Message.objects.filter(user=officer)]
    assert notes, "the officer was told about the complaint"
    return "\n".join(
        [
            page.content.decode(),
            queue.content.decode(),
            api.content.decode(),
            export.content.decode(),
            b"".join(export_page.streaming_content).decode(),
            *notes,
        ]
    )


def test_the_receiving_officer_never_sees_an_anonim_reporter(world: Any, health: Any) -> None:
    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category)
    ).complaint
    seen = _everything_an_officer_sees(complaint, health.liaison)
    assert NAME not in seen and "Siti" not in seen
    assert EMAIL not in seen and "siti@" not in seen
    assert "Pelapor anonim" in seen
    # Forwarded: the next agency's officer sees no more than the first.
    services.complaint_forward(
        actor=health.liaison,
        complaint=complaint,
        to_agency=world.agency_a,
        reason="Kewenangan Disdukcapil.",
    )
    seen = _everything_an_officer_sees(complaint, world.liaison)
    assert NAME not in seen and EMAIL not in seen


def test_a_reporter_who_allows_it_is_shown_masked(world: Any, health: Any) -> None:
    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category, identity_shared=True)
    ).complaint
    seen = _everything_an_officer_sees(complaint, health.liaison)
    assert NAME in seen
    assert EMAIL not in seen  # contacts are masked even then


def test_a_public_reporter_is_named_for_the_officer(world: Any, health: Any) -> None:
    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category, privacy="publik")
    ).complaint
    assert NAME in _everything_an_officer_sees(complaint, health.liaison)


def test_another_agency_gets_404_and_a_citizen_403(world: Any, health: Any) -> None:
    from django.urls import reverse

    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category)
    ).complaint
    url = reverse("complaints_office:detail", args=[complaint.public_id])
    assert signed_in(world.liaison).get(url).status_code == 404
    assert (
        signed_in(world.admin_b).get(f"/api/v1/complaints/{complaint.public_id}").status_code == 404
    )
    assert signed_in(world.budi).get(f"/api/v1/complaints/{complaint.public_id}").status_code == 404
    assert (
        signed_in(world.admin_b)
        .get(f"/api/v1/complaints/export.csv?agency={health.dinkes.slug}")
        .status_code
        == 403
    )
