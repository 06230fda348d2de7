"""Shared fixtures for the applications tests (also used by the UI tests).

`akta_service` is an active Akta Kelahiran service of agency A with two required documents and a
small form; `draft` is Siti's draft application for it; `pdf_bytes`/`jpeg_bytes`/`png_bytes` are
small valid files; `upload(...)` wraps bytes as an uploaded file; `submitted` is Siti's
application after a complete submission; `fill_in(...)` completes any draft of it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from satupintu.catalog.tests.conftest import AKTA, service_data

CHILD_NAME = "Ahmad Fauzi"
MOTHER_NIK = "3204014101900001"

VALID_ANSWERS: dict[str, Any] = {
    "child_name": CHILD_NAME,
    "birth_date": "2026-01-15",
    "mother_nik": MOTHER_NIK,
    "birth_place": "hospital",
    "hospital_name": "RSUD Contoh",
}


def make_pdf(text: str = "Surat keterangan kelahiran") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def make_jpeg(*, size: tuple[int, int] = (40, 30), orientation: int | None = 6) -> bytes:
    """A JPEG with EXIF (camera make, a GPS-ish comment and an orientation tag)."""
    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"  # Make
    exif[0x0131] = "Perangkat Siti"  # Software
    if orientation is not None:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def make_png(size: tuple[int, int] = (20, 20)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def add_question(service: Any, key: str, label: str, field_type: str, **extra: Any) -> Any:
    """Adds a question (a FormField) to ``service``, as the form editor would save it."""
    from satupintu.catalog.models import FormField

    return FormField.objects.create(
        service=service, key=key, label=label, field_type=field_type, **extra
    )


def fill_in(actor: Any, application: Any, pdf: bytes, name: str = "berkas.pdf") -> None:
    """As ``actor``: saves VALID_ANSWERS and attaches ``pdf`` to every required document."""
    from satupintu.applications import services

    services.application_save_answers(actor=actor, application=application, answers=VALID_ANSWERS)
    for required in application.service.documents.all():
        services.application_attach_document(
            actor=actor,
            application=application,
            upload=SimpleUploadedFile(name, pdf, content_type="application/octet-stream"),
            required_document_id=required.pk,
        )


WALK_IN_NOTICE = "Data Anda dipakai untuk memproses permohonan."


def register_warsini(
    world: Any, *, nik: str = "3204014101900002", consent_notice: str = WALK_IN_NOTICE, **more: Any
) -> Any:
    """Warsini, who walks in without an account, registered at the counter by the front desk."""
    from satupintu.applications import services

    return services.assisted_register_citizen(
        actor=world.front_desk,
        full_name="Warsini",
        nik=nik,
        consent_notice=consent_notice,
        **more,
    )


def return_for_correction(world: Any, application: Any, note: str) -> None:
    """The verifier takes the submitted application into review and sends it back with ``note``."""
    from satupintu.applications import services
    from satupintu.applications.models import Status

    for to_status, why in ((Status.IN_REVIEW, ""), (Status.NEEDS_CORRECTION, note)):
        services.application_transition(
            actor=world.verifier, application=application, to_status=to_status, note=why
        )


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
    first, second = list(draft.service.documents.order_by("order", "id"))
    services.application_attach_document(
        actor=world.siti,
        application=draft,
        upload=upload(pdf_bytes, "surat-lahir.pdf"),
        required_document_id=first.pk,
    )
    services.application_attach_document(
        actor=world.siti,
        application=draft,
        upload=upload(jpeg_bytes, "kk.jpg"),
        required_document_id=second.pk,
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


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Any) -> None:
    # Uploaded files go to a per-test folder, never the developer's data directory.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture
def siti_case(world: Any, submitted: Any) -> Any:
    """Siti's submitted application, her account holding her NIK (the mother's NIK answer)."""
    world.siti.nik = MOTHER_NIK
    world.siti.save(update_fields=["nik", "nik_index"])
    application = submitted.application
    application.applicant.refresh_from_db()
    return application
