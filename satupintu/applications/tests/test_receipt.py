"""The receipt PDF: readable text with the tracking number, secret, deadline and documents."""

from __future__ import annotations

import io
from typing import Any

import pytest

from satupintu.applications.receipts import latin1, receipt_pdf


def _text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_receipt_text_holds_code_secret_service_and_deadline(world: Any, submitted: Any) -> None:
    application = submitted.application
    data = receipt_pdf(application)
    assert data.startswith(b"%PDF-")
    text = _text(data)
    assert "TANDA TERIMA PERMOHONAN" in text
    assert application.tracking_code in text
    assert submitted.status_secret in text
    assert "Akta Kelahiran" in text
    assert "3 hari kerja" in text
    assert "Surat keterangan kelahiran" in text
    assert "Kartu Keluarga orang tua" in text
    assert "WIB" in text


def test_receipt_masks_the_nik(world: Any, submitted: Any) -> None:
    world.siti.nik = "3204014101900001"
    world.siti.save(update_fields=["nik", "nik_index"])
    from satupintu.applications.models import Application

    text = _text(receipt_pdf(Application.objects.get(pk=submitted.application.pk)))
    assert "3204014101900001" not in text
    assert "3204********0001" in text


def test_receipt_has_a_qr_image(world: Any, submitted: Any) -> None:
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(receipt_pdf(submitted.application))).pages[0]
    assert len(page.images) == 1


def test_draft_has_no_receipt(world: Any, draft: Any) -> None:
    with pytest.raises(ValueError):
        receipt_pdf(draft)


def test_latin1_transliterates() -> None:
    assert latin1("Ngŭyễn — “Siti”") == 'Nguyen - "Siti"'
    assert latin1("日本") == "??"
