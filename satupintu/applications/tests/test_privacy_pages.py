"""The office pages of personal-data rights that live with the case and the counter (UU 27/2022):
correcting a submitted case's answers at the applicant's request, the legal basis on the reveal
form, and a data-subject request filed at the counter for a citizen who came in person."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import signed_in
from satupintu.applications import reveal, services
from satupintu.applications.models import Event, Status
from satupintu.applications.tests.conftest import CHILD_NAME
from satupintu.applications.tests.conftest import MOTHER_NIK as SITI_NIK
from satupintu.applications.tests.test_privacy_rights import REASON
from satupintu.ledger.models import Entry
from satupintu.notifications.models import Message
from satupintu.privacy import services as privacy
from satupintu.privacy.models import DataSubjectRequest
from satupintu.privacy.tests.conftest import grant_dpo
from satupintu.tests.htmlforms import duplicate_ids, form_data

REQUEST_NOTE = "Permintaan perbaikan data #12 tanggal 1 Desember: ejaan nama anak salah."

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(siti_case: Any) -> Any:
    return siti_case


def _correct_url(application: Any) -> str:
    return reverse("applications_office:answers_correct", args=[application.public_id])


def _posted(page: str, **changes: str) -> dict[str, Any]:
    """The correction form as the page rendered it, with `changes` typed over it."""
    data: dict[str, Any] = dict(form_data(page, containing="request_note"))
    data.update(changes)
    return data


# --- correcting answers ---------------------------------------------------------------------


def test_the_case_page_links_the_correction_for_handling_officers_only(
    world: Any, application: Any
) -> None:
    detail = reverse("applications_office:detail", args=[application.public_id])
    assert _correct_url(application) in signed_in(world.verifier).get(detail).content.decode()
    assert _correct_url(application) not in signed_in(world.front_desk).get(detail).content.decode()


def test_the_officer_sees_old_and_new_values_then_confirms_and_the_applicant_is_told(
    world: Any, application: Any
) -> None:
    client = signed_in(world.verifier)
    page = client.get(_correct_url(application)).content.decode()
    assert duplicate_ids(page) == []
    assert CHILD_NAME in page  # the current answer, to correct in place
    data = _posted(page, **{"g0-child_name": "Putri Aminah", "request_note": REQUEST_NOTE})
    review = client.post(_correct_url(application), data)
    html = review.content.decode()
    assert review.status_code == 200
    assert "Nilai lama" in html and CHILD_NAME in html and "Putri Aminah" in html
    assert 'name="confirm" value="1"' in html
    application.refresh_from_db()
    assert application.answers["child_name"] == CHILD_NAME  # nothing saved before confirming

    done = client.post(_correct_url(application), {**data, "confirm": "1"})
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.answers["child_name"] == "Putri Aminah"
    assert application.answers["mother_nik"]  # the other answers are kept as they were
    entry = Entry.objects.get(action="applications.answers.correct")
    assert entry.data["fields"] == ["child_name"]
    assert entry.actor_id == world.verifier.pk
    event = Event.objects.filter(application=application, is_public=False).latest("id")
    assert "ejaan nama anak salah" in event.note
    told = Message.objects.get(template="application_answers_corrected")
    assert told.user_id == world.siti.pk
    assert told.context["fields"] == "Nama anak"
    assert "Putri" not in str(told.context)  # labels, never the values


def test_identifier_answers_are_never_shown_whole_and_can_be_typed_anew(
    world: Any, application: Any
) -> None:
    client = signed_in(world.verifier)
    page = client.get(_correct_url(application)).content.decode()
    assert SITI_NIK not in page
    assert "Kosongkan bila tidak diubah" in page
    new_nik = "3204014101900003"
    data = _posted(page, **{"g0-mother_nik": new_nik, "request_note": REQUEST_NOTE})
    review = client.post(_correct_url(application), data).content.decode()
    # The stored NIK stays hidden; the typed one is only in its own box, masked in the table.
    assert SITI_NIK not in review
    assert review.count(new_nik) == 1
    assert client.post(_correct_url(application), {**data, "confirm": "1"}).status_code == 302
    application.refresh_from_db()
    assert application.answers["mother_nik"] == new_nik


def test_nothing_changed_is_said_and_nobody_is_told(world: Any, application: Any) -> None:
    client = signed_in(world.verifier)
    page = client.get(_correct_url(application)).content.decode()
    response = client.post(_correct_url(application), _posted(page, request_note=REQUEST_NOTE))
    assert response.status_code == 400
    assert "Tidak ada jawaban yang Anda ubah." in response.content.decode()
    assert not Message.objects.filter(template="application_answers_corrected").exists()
    assert not Entry.objects.filter(action="applications.answers.correct").exists()


def test_a_bad_new_value_or_a_missing_request_changes_nothing(world: Any, application: Any) -> None:
    client = signed_in(world.verifier)
    page = client.get(_correct_url(application)).content.decode()
    bad = client.post(
        _correct_url(application),
        _posted(page, **{"g0-mother_nik": "123", "request_note": REQUEST_NOTE, "confirm": "1"}),
    )
    assert bad.status_code == 400
    assert "errorlist" in bad.content.decode()
    unnoted = client.post(
        _correct_url(application),
        _posted(page, **{"g0-child_name": "Putri", "request_note": "", "confirm": "1"}),
    )
    assert unnoted.status_code == 400
    assert "Catat permintaan pemohon" in unnoted.content.decode()
    application.refresh_from_db()
    assert application.answers["child_name"] == CHILD_NAME
    assert not Entry.objects.filter(action="applications.answers.correct").exists()


def test_only_officers_handling_the_case_may_correct(world: Any, application: Any) -> None:
    assert signed_in(world.front_desk).get(_correct_url(application)).status_code == 403
    assert signed_in(world.admin_b).get(_correct_url(application)).status_code == 404
    assert signed_in(world.siti).get(_correct_url(application)).status_code == 403


# --- the legal basis on the reveal form -----------------------------------------------------


def _restrict(world: Any) -> None:
    dsr = privacy.dsr_submit(actor=world.siti, kind=DataSubjectRequest.Kind.RESTRICTION)
    privacy.dsr_complete(actor=grant_dpo(world.auditor), request=dsr)


def test_the_reveal_form_shows_the_case_basis_and_records_it(world: Any, application: Any) -> None:
    client = signed_in(world.verifier)
    detail = client.get(reverse("applications_office:detail", args=[application.public_id]))
    html = detail.content.decode()
    assert "Dasar pemrosesan: Pelaksanaan tugas kepentingan umum" in html
    assert 'name="legal_basis"' not in html.split("Jawaban formulir")[0].split("Langkah")[0]
    client.post(
        reverse("applications_office:reveal", args=[application.public_id]),
        {"field": "applicant.nik", "reason": REASON},
    )
    assert Entry.objects.get(action=reveal.ACTION).data["legal_basis"] == "tugas_publik"


def test_under_restriction_the_reveal_asks_for_a_state_duty_basis(
    world: Any, application: Any
) -> None:
    _restrict(world)
    client = signed_in(world.verifier)
    url = reverse("applications_office:reveal", args=[application.public_id])
    detail = client.get(reverse("applications_office:detail", args=[application.public_id]))
    html = detail.content.decode()
    assert "Dasar hukum (kewajiban penyelenggaraan negara)" in html
    assert duplicate_ids(html) == []
    refused = client.post(url, {"field": "applicant.nik", "reason": REASON})
    assert refused.status_code == 400
    assert SITI_NIK not in refused.content.decode()
    shown = client.post(
        url, {"field": "applicant.nik", "reason": REASON, "legal_basis": "kewajiban_hukum"}
    )
    assert shown.status_code == 200
    assert SITI_NIK in shown.content.decode()
    assert Entry.objects.get(action=reveal.ACTION).data["legal_basis"] == "kewajiban_hukum"
    exempt = Entry.objects.get(action="privacy.restriction.exempt")
    assert exempt.data["step"] == reveal.ACTION
    # htmx gets the slot with the basis picker kept
    slot = client.post(
        url,
        {"field": "applicant.nik", "reason": "kurang"},
        HTTP_HX_REQUEST="true",
    )
    assert "Dasar hukum (kewajiban penyelenggaraan negara)" in slot.content.decode()


def test_after_the_restriction_is_lifted_case_reveal_and_outbox_work_again(
    world: Any, application: Any
) -> None:
    _restrict(world)
    privacy.restriction_lift(
        actor=grant_dpo(world.auditor), user=world.siti, reason="Pemohon mencabut pembatasan."
    )
    services.application_transition(
        actor=world.verifier, application=application, to_status=Status.IN_REVIEW
    )
    status = Message.objects.filter(template="application_status").latest("id")
    assert status.status != Message.Status.DEAD
    assert (
        reveal.identifier_reveal(
            actor=world.verifier, application=application, field="applicant.nik", reason=REASON
        )
        == SITI_NIK
    )


# --- a request filed at the counter ---------------------------------------------------------


def _at_the_counter(world: Any) -> Any:
    desk = signed_in(world.front_desk)
    found = desk.post(
        reverse("applications_office:loket"), {"action": "find", "cari-nik": SITI_NIK}
    )
    assert found.status_code == 302
    return desk


def test_the_front_desk_files_a_request_for_a_walk_in_citizen(world: Any, application: Any) -> None:
    desk = _at_the_counter(world)
    service_page = desk.get(reverse("applications_office:loket_service")).content.decode()
    url = reverse("applications_office:loket_privacy")
    assert url in service_page
    page = desk.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert duplicate_ids(html) == []
    assert SITI_NIK not in html  # masked
    unchecked = desk.post(url, {"kind": "restriction", "details": "Datang ke loket."})
    assert unchecked.status_code == 400
    assert "KTP-el" in unchecked.content.decode()
    assert not DataSubjectRequest.objects.exists()
    done = desk.post(
        url,
        {"kind": "correction", "address_street": "Jl. Kenanga No. 3", "identity_checked": "on"},
    )
    assert done.status_code == 302
    dsr = DataSubjectRequest.objects.get()
    assert (dsr.user_id, dsr.kind, dsr.channel) == (world.siti.pk, "correction", "counter")
    entry = Entry.objects.get(action="privacy.request.submit")
    assert entry.actor_id == world.front_desk.pk
    assert entry.data["identity_checked"] is True
    assert Message.objects.filter(template="privacy_request_received", user=world.siti).exists()
    # The choice of citizen is used up: the next walk-in starts from the lookup.
    assert desk.get(url).status_code == 302


def test_a_counter_correction_needs_a_value_and_an_objection_its_ground(
    world: Any, application: Any
) -> None:
    desk = _at_the_counter(world)
    url = reverse("applications_office:loket_privacy")
    empty = desk.post(url, {"kind": "correction", "identity_checked": "on"})
    assert empty.status_code == 400
    assert "sedikitnya satu data" in empty.content.decode()
    objection = desk.post(url, {"kind": "objection", "identity_checked": "on"})
    assert objection.status_code == 400
    assert not DataSubjectRequest.objects.exists()


def test_only_counter_officers_file_at_the_counter(world: Any, application: Any) -> None:
    url = reverse("applications_office:loket_privacy")
    assert signed_in(world.verifier).get(url).status_code == 403
    assert signed_in(world.siti).get(url).status_code == 403
    # A front-desk officer who has not looked a citizen up is sent to the lookup.
    assert signed_in(world.front_desk).get(url).status_code == 302
