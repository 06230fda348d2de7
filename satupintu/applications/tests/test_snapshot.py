"""A submitted application keeps the standard, form and documents it was submitted under."""

from __future__ import annotations

import importlib
import io
from typing import Any

from django.apps import apps
from django.urls import reverse

from conftest import signed_in
from satupintu.applications.models import Application
from satupintu.applications.receipts import receipt_pdf
from satupintu.applications.tests.conftest import return_for_correction


def _text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _edit_catalog(service: Any) -> None:
    """Rename a required document, relabel a question, change the SLA and the standard."""
    from satupintu.catalog import formdef
    from satupintu.catalog import services as catalog_services

    document = service.documents.get(name="Surat keterangan kelahiran")
    catalog_services.required_document_update(
        actor=None, document=document, data={"name": "Surat keterangan lahir dari RS (baru)"}
    )
    definition = formdef.definition_of(service)
    for row in definition:
        if row["key"] == "child_name":
            row["label"] = "Nama lengkap bayi (baru)"
    catalog_services.form_definition_replace(actor=None, service=service, fields=definition)
    catalog_services.service_update(
        actor=None,
        service=service,
        data={"sla_working_days": 9, "requirements": "Persyaratan baru", "name": "Akta (baru)"},
    )


def test_catalog_edits_do_not_rewrite_a_submitted_case(world: Any, submitted: Any) -> None:
    application = submitted.application
    _edit_catalog(application.service)

    fresh = Application.objects.get(pk=application.pk)
    text = _text(receipt_pdf(fresh))
    assert "Surat keterangan kelahiran" in text
    assert "3 hari kerja" in text
    assert "Akta Kelahiran" in text
    assert "(baru)" not in text and "9 hari kerja" not in text

    citizen = signed_in(world.siti)
    page = citizen.get(reverse("applications:detail", args=[application.public_id]))
    html = page.content.decode()
    assert "Akta Kelahiran" in html
    assert "Surat keterangan kelahiran" in html
    assert "(baru)" not in html
    assert "Persyaratan baru" not in html

    pdf = citizen.get(reverse("applications:receipt_pdf", args=[application.public_id]))
    assert "Surat keterangan kelahiran" in _text(pdf.content)

    office = signed_in(world.verifier).get(
        reverse("applications_office:detail", args=[application.public_id])
    )
    html = office.content.decode()
    assert "Nama anak" in html  # the question as the citizen answered it
    assert "Surat keterangan kelahiran" in html
    assert "(baru)" not in html


def test_a_new_application_uses_the_edited_catalog(world: Any, submitted: Any) -> None:
    from satupintu.applications import services

    service = submitted.application.service
    _edit_catalog(service)
    draft = services.application_start(actor=world.budi, service=service)
    page = signed_in(world.budi).get(
        reverse("applications:fill", args=[draft.public_id, "data-pemohon"])
    )
    assert "Nama lengkap bayi (baru)" in page.content.decode()


def test_correction_keeps_the_submitted_form(world: Any, submitted: Any) -> None:
    application = submitted.application
    return_for_correction(world, application, "Nama anak salah eja")
    _edit_catalog(application.service)
    page = signed_in(world.siti).get(
        reverse("applications:fill", args=[application.public_id, "data-pemohon"])
    )
    html = page.content.decode()
    assert "Nama anak" in html and "(baru)" not in html


def test_migration_backfills_submitted_applications_and_reverses(
    world: Any, submitted: Any
) -> None:
    from satupintu.applications import services

    draft = services.application_start(actor=world.budi, service=submitted.application.service)
    migration = importlib.import_module(
        "satupintu.applications.migrations.0003_application_snapshot"
    )
    Application.objects.update(snapshot={})
    migration.backfill(apps, None)
    filled = Application.objects.get(pk=submitted.application.pk)
    assert filled.snapshot["service"]["name"] == "Akta Kelahiran"
    names = [doc["name"] for doc in filled.snapshot["documents"]]
    assert "Surat keterangan kelahiran" in names
    assert filled.snapshot["form"][0]["key"] == "child_name"
    assert Application.objects.get(pk=draft.pk).snapshot == {}
    migration.forget(apps, None)
    assert Application.objects.get(pk=submitted.application.pk).snapshot == {}
