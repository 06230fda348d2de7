"""Conditional questions and documents: shown only when they apply, required when they do."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import signed_in
from satupintu.applications import services
from satupintu.applications.models import Status
from satupintu.applications.tests.conftest import VALID_ANSWERS, add_question
from satupintu.applications.tests.test_views_citizen import _submit_key, _upload
from satupintu.core.errors import ServiceError

LETTER = "Surat keterangan lahir dari bidan"


@pytest.fixture
def midwife_letter(akta_service: Any) -> Any:
    """A required document asked for only when the child was born at home."""
    from satupintu.catalog import services as catalog_services

    return catalog_services.required_document_add(
        actor=None,
        service=akta_service,
        data={
            "name": LETTER,
            "is_required": True,
            "condition_key": "birth_place",
            "condition_value": "home",
        },
    )


def _fill_url(application: Any, group: str = "kelahiran") -> str:
    return reverse("applications:fill", args=[application.public_id, group])


def test_conditional_question_is_hidden_until_its_answer_is_given(world: Any, draft: Any) -> None:
    client = signed_in(world.siti)
    page = client.get(_fill_url(draft)).content.decode()
    assert 'name="birth_place"' in page
    assert 'name="hospital_name"' not in page
    assert "Isi hanya jika" not in page

    # Without JavaScript: choosing "hospital" and sending the page shows the new question
    # (no error for it yet) instead of moving on.
    response = client.post(
        _fill_url(draft), {"birth_place": "hospital", "shown": ["", "birth_place"], "next": "1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="hospital_name"' in html
    assert "pertanyaan tambahan" in html
    assert 'id="id_hospital_name_error"' not in html

    # Sent again empty, now that it was seen, the question is required.
    again = client.post(
        _fill_url(draft),
        {"birth_place": "hospital", "shown": ["", "birth_place", "hospital_name"], "next": "1"},
    )
    assert again.status_code == 400
    assert "tidak boleh kosong" in again.content.decode()
    draft.refresh_from_db()
    assert draft.answers["birth_place"] == "hospital"
    # A saved answer shows the question on the next visit.
    assert 'name="hospital_name"' in client.get(_fill_url(draft)).content.decode()


def test_htmx_swaps_the_questions_when_a_controlling_answer_changes(world: Any, draft: Any) -> None:
    client = signed_in(world.siti)
    headers = {"HX-Request": "true", "X-Autosave": "1"}
    shown = client.post(
        _fill_url(draft), {"birth_place": "hospital", "shown": ["", "birth_place"]}, headers=headers
    )
    assert shown.status_code == 200
    assert shown["HX-Retarget"] == "#isian"
    assert 'name="hospital_name"' in shown.content.decode()
    unchanged = client.post(
        _fill_url(draft),
        {"birth_place": "hospital", "shown": ["", "birth_place", "hospital_name"]},
        headers=headers,
    )
    assert unchanged.status_code == 204
    hidden = client.post(
        _fill_url(draft),
        {"birth_place": "home", "shown": ["", "birth_place", "hospital_name"]},
        headers=headers,
    )
    assert hidden.status_code == 200
    assert 'name="hospital_name"' not in hidden.content.decode()


def test_conditional_document_is_asked_for_and_required_only_when_it_applies(
    world: Any, complete_draft: Any, midwife_letter: Any, pdf_bytes: bytes
) -> None:
    client = signed_in(world.siti)
    documents_url = reverse("applications:documents", args=[complete_draft.public_id])
    assert LETTER not in client.get(documents_url).content.decode()

    services.application_save_answers(
        actor=world.siti,
        application=complete_draft,
        answers={"birth_place": "home", "hospital_name": ""},
    )
    assert LETTER in client.get(documents_url).content.decode()
    review_url = reverse("applications:review", args=[complete_draft.public_id])
    review = client.get(review_url).content.decode()
    refused = client.post(review_url, {"declaration": "on", "idempotency_key": _submit_key(review)})
    assert refused.status_code == 400
    html = refused.content.decode()
    # The summary names the missing item and links to where it is uploaded.
    assert f'#d{midwife_letter.pk}">{LETTER}</a>' in html
    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.DRAFT

    _upload(client, complete_draft, f"d{midwife_letter.pk}", pdf_bytes, "bidan.pdf")
    review = client.get(review_url).content.decode()
    done = client.post(review_url, {"declaration": "on", "idempotency_key": _submit_key(review)})
    assert done.status_code == 302
    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.SUBMITTED


def test_submit_service_refuses_a_missing_conditional_document_by_name(
    world: Any, complete_draft: Any, midwife_letter: Any
) -> None:
    services.application_save_answers(
        actor=world.siti, application=complete_draft, answers={"birth_place": "home"}
    )
    with pytest.raises(ServiceError) as exc:
        services.application_submit(
            actor=world.siti, application=complete_draft, idempotency_key="k-1", declaration=True
        )
    assert exc.value.field == "documents"
    assert LETTER in exc.value.message
    # Back at the hospital, the letter is not asked for.
    services.application_save_answers(
        actor=world.siti,
        application=complete_draft,
        answers={"birth_place": "hospital", "hospital_name": VALID_ANSWERS["hospital_name"]},
    )
    result = services.application_submit(
        actor=world.siti, application=complete_draft, idempotency_key="k-2", declaration=True
    )
    assert result.application.status == Status.SUBMITTED


def test_document_condition_needs_both_the_field_and_its_value(akta_service: Any) -> None:
    from satupintu.catalog import services as catalog_services

    with pytest.raises(ServiceError):
        catalog_services.required_document_add(
            actor=None,
            service=akta_service,
            data={"name": "Surat lain", "condition_key": "birth_place"},
        )


def test_conditional_file_question_is_required_only_when_it_applies(
    world: Any, complete_draft: Any, pdf_bytes: bytes, upload: Any
) -> None:
    add_question(
        complete_draft.service,
        "foto-rumah",
        "Foto tempat persalinan di rumah",
        "file",
        group="Kelahiran",
        condition_key="birth_place",
        condition_value="home",
        order=9,
    )
    services.application_save_answers(
        actor=world.siti, application=complete_draft, answers={"birth_place": "home"}
    )
    with pytest.raises(ServiceError) as exc:
        services.application_submit(
            actor=world.siti, application=complete_draft, idempotency_key="f-1", declaration=True
        )
    assert "Foto tempat persalinan di rumah" in exc.value.message
    services.application_attach_document(
        actor=world.siti,
        application=complete_draft,
        upload=upload(pdf_bytes, "rumah.pdf"),
        field_key="foto-rumah",
    )
    result = services.application_submit(
        actor=world.siti, application=complete_draft, idempotency_key="f-2", declaration=True
    )
    assert result.application.status == Status.SUBMITTED
