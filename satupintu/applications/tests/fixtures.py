"""Case fixtures every test may use (loaded by the root conftest's `pytest_plugins`).

`akta_service` is an active Akta Kelahiran service of agency A with two required documents and a
small form; `draft` is Siti's draft application for it; `pdf_bytes`/`jpeg_bytes`/`png_bytes` are
small valid files; `upload(...)` wraps bytes as an uploaded file; `submitted` is Siti's
application after a complete submission.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from satupintu.applications.tests.conftest import (
    MOTHER_NIK,
    VALID_ANSWERS,
    add_question,
    make_jpeg,
    make_pdf,
    make_png,
)
from satupintu.catalog.tests.conftest import AKTA, service_data


@pytest.fixture
def pdf_bytes() -> bytes:
    return make_pdf()


@pytest.fixture
def jpeg_bytes() -> bytes:
    return make_jpeg()


@pytest.fixture
def png_bytes() -> bytes:
    return make_png()


@pytest.fixture
def upload() -> Callable[..., SimpleUploadedFile]:
    """upload(data, name="berkas.pdf", content_type="application/pdf") -> an uploaded file."""

    def make(
        data: bytes, name: str = "berkas.pdf", content_type: str = "application/octet-stream"
    ) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, data, content_type=content_type)

    return make


@pytest.fixture
def akta_service(world: Any) -> Any:
    """Akta Kelahiran of agency A: 2 required documents, 5 form fields (one conditional)."""
    from satupintu.catalog import services as catalog_services
    from satupintu.catalog.models import Category

    category, _ = Category.objects.get_or_create(
        slug="kependudukan", defaults={"name": "Kependudukan", "name_en": "Civil registration"}
    )
    service = catalog_services.service_create(
        actor=world.admin_a,
        agency=world.agency_a,
        data=service_data(
            **AKTA,
            category=category,
            documents=[
                {"name": "Surat keterangan kelahiran"},
                {"name": "Kartu Keluarga orang tua"},
            ],
        ),
    )
    fields: list[dict[str, Any]] = [
        dict(key="child_name", label="Nama anak", field_type="text", max_length=100, order=1),
        dict(key="birth_date", label="Tanggal lahir", field_type="date", order=2),
        dict(key="mother_nik", label="NIK ibu", field_type="nik", order=3),
        dict(
            key="birth_place",
            label="Tempat lahir",
            field_type="choice",
            choices=[
                {"value": "hospital", "label": "Rumah sakit", "label_en": "Hospital"},
                {"value": "home", "label": "Rumah", "label_en": "Home"},
            ],
            group="Kelahiran",
            order=4,
        ),
        dict(
            key="hospital_name",
            label="Nama rumah sakit",
            field_type="text",
            group="Kelahiran",
            condition_key="birth_place",
            condition_value="hospital",
            order=5,
        ),
    ]
    for spec in fields:
        add_question(service, **spec)
    return service


@pytest.fixture
def draft(world: Any, akta_service: Any) -> Any:
    """Siti's draft application for Akta Kelahiran (no answers saved yet beyond pre-fill)."""
    from satupintu.applications import services

    return services.application_start(actor=world.siti, service=akta_service)


@pytest.fixture
def complete_draft(world: Any, draft: Any, pdf_bytes: bytes, jpeg_bytes: bytes, upload: Any) -> Any:
    """Siti's draft with valid answers and both required documents attached."""
    from satupintu.applications import services

    services.application_save_answers(actor=world.siti, application=draft, answers=VALID_ANSWERS)
    files = (upload(pdf_bytes, "surat-lahir.pdf"), upload(jpeg_bytes, "kk.jpg"))
    for required, file in zip(draft.service.documents.order_by("order", "id"), files, strict=True):
        services.application_attach_document(
            actor=world.siti, application=draft, upload=file, required_document_id=required.pk
        )
    draft.refresh_from_db()
    return draft


@pytest.fixture
def submitted(world: Any, complete_draft: Any) -> Any:
    """The SubmitResult of Siti's complete application (status submitted, with a secret)."""
    from satupintu.applications import services

    return services.application_submit(
        actor=world.siti,
        application=complete_draft,
        idempotency_key="kunci-uji-1",
        declaration=True,
    )


@pytest.fixture
def siti_case(world: Any, submitted: Any) -> Any:
    """Siti's submitted application, her account holding her NIK (the mother's NIK answer)."""
    world.siti.nik = MOTHER_NIK
    world.siti.save(update_fields=["nik", "nik_index"])
    application = submitted.application
    application.applicant.refresh_from_db()
    return application
