"""The check page: the applicant's own NIK in full (to catch a typo), problems by their labels."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import signed_in
from satupintu.applications import services
from satupintu.applications.tests.conftest import MOTHER_NIK, add_question
from satupintu.applications.tests.test_views_citizen import _submit_key

OWN_NIK = "3204015507900002"


@pytest.fixture
def own_nik_draft(world: Any, akta_service: Any) -> Any:
    add_question(akta_service, "applicant_nik", "NIK pelapor", "nik", prefill_from="nik", order=0)
    world.siti.nik = OWN_NIK
    world.siti.save(update_fields=["nik", "nik_index"])
    draft = services.application_start(actor=world.siti, service=akta_service)
    services.application_save_answers(
        actor=world.siti,
        application=draft,
        answers={"child_name": "Ahmad", "birth_date": "2026-01-15", "mother_nik": MOTHER_NIK},
    )
    return draft


def test_own_nik_is_shown_in_full_on_the_own_check_page_and_never_cached(
    world: Any, own_nik_draft: Any
) -> None:
    assert own_nik_draft.answers["applicant_nik"] == OWN_NIK  # pre-filled from the profile
    response = signed_in(world.siti).get(
        reverse("applications:review", args=[own_nik_draft.public_id])
    )
    html = response.content.decode()
    assert OWN_NIK in html
    assert MOTHER_NIK not in html  # someone else's NIK stays masked
    assert "no-store" in response["Cache-Control"]


def test_officer_pages_keep_the_nik_masked(
    world: Any, own_nik_draft: Any, akta_service: Any
) -> None:
    from satupintu.catalog.models import RequiredDocument

    for doc in RequiredDocument.objects.filter(service=akta_service):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from satupintu.applications.tests.conftest import make_pdf

        services.application_attach_document(
            actor=world.siti,
            application=own_nik_draft,
            upload=SimpleUploadedFile("a.pdf", make_pdf(), content_type="application/pdf"),
            required_document_id=doc.pk,
        )
    services.application_save_answers(
        actor=world.siti,
        application=own_nik_draft,
        answers={"birth_place": "hospital", "hospital_name": "RSUD"},
    )
    services.application_submit(
        actor=world.siti, application=own_nik_draft, idempotency_key="nik-1", declaration=True
    )
    page = signed_in(world.verifier).get(
        reverse("applications_office:detail", args=[own_nik_draft.public_id])
    )
    assert OWN_NIK not in page.content.decode()


def test_error_summary_names_questions_by_label_and_links_to_them(
    world: Any, own_nik_draft: Any
) -> None:
    client = signed_in(world.siti)
    url = reverse("applications:review", args=[own_nik_draft.public_id])
    response = client.post(
        url, {"declaration": "on", "idempotency_key": _submit_key(client.get(url).content.decode())}
    )
    assert response.status_code == 400
    html = response.content.decode()
    fill = reverse("applications:fill", args=[own_nik_draft.public_id, "kelahiran"])
    assert f'<a href="{fill}#id_birth_place_0">Tempat lahir</a>' in html
    documents = reverse("applications:documents", args=[own_nik_draft.public_id])
    assert f"{documents}#d" in html
    assert "birth_place" not in html.split('id="masalah-judul"')[1].split("</div>")[0].replace(
        "#id_birth_place_0", ""
    )
    # The link leads to the input itself on the question's page.
    page = client.get(fill).content.decode()
    assert 'id="id_birth_place_0"' in page


def test_counter_check_page_keeps_the_applicants_nik_masked(
    world: Any, own_nik_draft: Any, akta_service: Any
) -> None:
    from satupintu.applications.models import Channel

    counter = services.application_start(
        actor=world.front_desk, service=akta_service, applicant=world.siti, channel=Channel.COUNTER
    )
    assert counter.answers["applicant_nik"] == OWN_NIK
    page = signed_in(world.front_desk).get(
        reverse("applications_office:loket_review", args=[counter.public_id])
    )
    assert page.status_code == 200
    assert OWN_NIK not in page.content.decode()  # an officer's page: masked
