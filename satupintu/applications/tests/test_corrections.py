"""A citizen asked to correct can see what to fix, act on it, and send the case back."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from conftest import signed_in
from satupintu.applications import services
from satupintu.applications.models import Status
from satupintu.applications.tests.test_views_citizen import _submit_key
from satupintu.notifications.models import Message as Outbox

NOTE = "Foto Kartu Keluarga buram; unggah ulang yang terbaca."


def _ask_for_correction(world: Any, application: Any) -> None:
    services.application_transition(
        actor=world.verifier, application=application, to_status=Status.IN_REVIEW
    )
    client = signed_in(world.verifier)
    response = client.post(
        reverse("applications_office:detail", args=[application.public_id]),
        {"action": "transition", "to_status": "needs_correction", "note": NOTE},
    )
    assert response.status_code == 302


def test_application_page_shows_what_to_fix_and_the_way_to_act(world: Any, submitted: Any) -> None:
    application = submitted.application
    _ask_for_correction(world, application)
    client = signed_in(world.siti)
    page = client.get(reverse("applications:detail", args=[application.public_id]))
    html = page.content.decode()
    assert "Perlu perbaikan" in html
    assert NOTE in html
    resume = reverse("applications:resume", args=[application.public_id])
    assert f'href="{resume}">Perbaiki dan kirim ulang</a>' in html
    # The action leads to the check page, where the note is repeated above the answers.
    step = client.get(resume)
    assert step.status_code == 302
    assert step["Location"] == reverse("applications:review", args=[application.public_id])
    review = client.get(step["Location"]).content.decode()
    assert NOTE in review
    assert "Kirim ulang permohonan" in review
    # The list of applications offers the same action.
    listing = client.get(reverse("applications:list")).content.decode()
    assert "Perbaiki dan kirim ulang" in listing


def test_notification_says_what_to_fix_and_links_to_the_application(
    world: Any, submitted: Any
) -> None:
    application = submitted.application
    _ask_for_correction(world, application)
    sent = Outbox.objects.filter(template="application_status", user=world.siti).latest("id")
    from satupintu.notifications.rendering import render

    body = render("application_status", "id", sent.context).body
    assert NOTE in body
    assert f"/permohonan/{application.public_id}/" in body
    assert "kirim ulang" in body


def test_public_status_says_the_citizen_must_act(world: Any, submitted: Any) -> None:
    application = submitted.application
    _ask_for_correction(world, application)
    response = signed_in(world.budi).post(
        reverse("applications:status_check"),
        {"kode": application.tracking_code, "rahasia": submitted.status_secret},
    )
    html = response.content.decode()
    assert "Perlu perbaikan" in html
    assert "Pemohon perlu bertindak." in html
    assert NOTE not in html  # the public page holds no case details


def test_resubmission_returns_the_case_to_the_officer(world: Any, submitted: Any) -> None:
    application = submitted.application
    _ask_for_correction(world, application)
    client = signed_in(world.siti)
    review_url = reverse("applications:review", args=[application.public_id])
    key = _submit_key(client.get(review_url).content.decode())
    response = client.post(review_url, {"declaration": "on", "idempotency_key": key})
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[application.public_id])
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert application.tracking_code == submitted.application.tracking_code
    told = Outbox.objects.filter(template="application_resubmitted", user=world.verifier)
    assert told.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Perbaikan terkirim" in page
    assert "Perbaiki dan kirim ulang" not in page
    office = signed_in(world.verifier).get(
        reverse("applications_office:detail", args=[application.public_id])
    )
    assert 'value="needs_correction"' in office.content.decode()  # the verifier can act again


def test_officer_note_is_labelled_required_for_a_correction_and_checked(
    world: Any, submitted: Any
) -> None:
    application = submitted.application
    services.application_transition(
        actor=world.verifier, application=application, to_status=Status.IN_REVIEW
    )
    client = signed_in(world.verifier)
    url = reverse("applications_office:detail", args=[application.public_id])
    page = client.get(url).content.decode()
    assert "Catatan untuk pemohon (opsional)" not in page
    assert "Catatan untuk pemohon" in page
    assert "Wajib bila meminta perbaikan" in page
    refused = client.post(
        url, {"action": "transition", "to_status": "needs_correction", "note": "  "}
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'id="id_note_error"' in html
    assert "Tuliskan apa yang perlu diperbaiki pemohon." in html
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
