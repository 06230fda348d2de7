"""Shared helpers for the applications tests (also used by the UI tests).

The case fixtures built from them (`akta_service`, `draft`, `complete_draft`, `submitted`,
`upload`, `pdf_bytes`, ...) live in `fixtures.py`, which the root conftest loads for every test.
`fill_in(...)` completes any draft of Akta Kelahiran.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

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
