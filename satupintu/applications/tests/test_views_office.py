"""Back-office pages: the inbox by deadline, the file, workflow buttons, and the counter."""

from __future__ import annotations

import io
import re
from typing import Any

from django.urls import reverse

from conftest import signed_in
from satupintu.applications import services
from satupintu.applications.models import Application, Channel, Status
from satupintu.applications.tests.conftest import MOTHER_NIK, VALID_ANSWERS, fill_in

WALK_IN_NIK = "3204012505800003"


def _office(name: str, *args: Any) -> str:
    return reverse(f"applications_office:{name}", args=list(args))


def _second_submission(world: Any, akta_service: Any, pdf_bytes: bytes, upload: Any) -> Any:
    draft = services.application_start(actor=world.budi, service=akta_service)
    fill_in(world.budi, draft, pdf_bytes, "dok.pdf")
    return services.application_submit(
        actor=world.budi, application=draft, idempotency_key="budi-1", declaration=True
    ).application


# The inbox itself (order, marks, filters, scope) is tested in test_inbox.py.


def test_officer_of_another_agency_gets_404_and_citizen_cannot_enter(
    world: Any, submitted: Any
) -> None:
    application = submitted.application
    document = application.documents.first()
    assert signed_in(world.admin_b).get(_office("detail", application.public_id)).status_code == 404
    assert signed_in(world.admin_b).get(_office("document", document.public_id)).status_code == 404
    assert signed_in(world.admin_b).get(_office("inbox")).status_code == 200
    assert (
        application.tracking_code
        not in signed_in(world.admin_b).get(_office("inbox")).content.decode()
    )
    assert signed_in(world.siti).get(_office("detail", application.public_id)).status_code == 403


def test_verifier_sees_masked_nik_moves_the_application_and_replies_by_role(
    world: Any, submitted: Any
) -> None:
    application = submitted.application
    world.verifier.full_name = "Dewi Lestari"
    world.verifier.save(update_fields=["full_name"])
    client = signed_in(world.verifier)
    page = client.get(_office("detail", application.public_id)).content.decode()
    assert MOTHER_NIK not in page
    assert 'name="to_status" value="in_review"' in page
    assert 'value="approved"' not in page  # the approver's move, not the verifier's

    response = client.post(
        _office("detail", application.public_id),
        {"action": "transition", "to_status": "in_review", "note": ""},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    refused = client.post(
        _office("detail", application.public_id),
        {"action": "transition", "to_status": "approved"},
    )
    assert refused.status_code == 400

    client.post(
        _office("detail", application.public_id),
        {"action": "message", "body": "Mohon unggah KK terbaru."},
    )
    citizen_view = (
        signed_in(world.siti)
        .get(reverse("applications:detail", args=[application.public_id]))
        .content.decode()
    )
    assert "Mohon unggah KK terbaru." in citizen_view
    assert "Verifikator" in citizen_view
    assert world.verifier.full_name not in citizen_view


def test_front_desk_registers_a_walk_in_citizen_and_submits_at_the_counter(
    world: Any, akta_service: Any, pdf_bytes: bytes, jpeg_bytes: bytes
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfReader

    from satupintu.privacy.models import Consent

    desk = signed_in(world.front_desk)
    found = desk.post(_office("loket"), {"action": "find", "cari-nik": WALK_IN_NIK})
    assert "Belum ada akun warga" in found.content.decode()

    darmo = {"action": "register", "daftar-full_name": "Pak Darmo", "daftar-nik": WALK_IN_NIK}
    refused = desk.post(_office("loket"), {**darmo, "daftar-phone": ""})
    assert refused.status_code == 400
    assert "Persetujuan pemohon wajib" in refused.content.decode()

    response = desk.post(_office("loket"), {**darmo, "daftar-consent": "on"})
    assert response["Location"] == _office("loket_service")
    response = desk.post(_office("loket_service"), {"service": akta_service.pk})
    application = Application.objects.get(applicant__full_name="Pak Darmo")
    assert application.channel == Channel.COUNTER
    assert response["Location"] == _office("loket_fill", application.public_id, "data-pemohon")
    assert Consent.objects.filter(user=application.applicant).exists()

    desk.post(
        _office("loket_fill", application.public_id, "data-pemohon"),
        {k: VALID_ANSWERS[k] for k in ("child_name", "birth_date", "mother_nik")},
    )
    desk.post(
        _office("loket_fill", application.public_id, "kelahiran"),
        {"birth_place": "home"},
    )
    files = (pdf_bytes, jpeg_bytes)
    for doc, data in zip(akta_service.documents.order_by("order", "id"), files, strict=True):
        desk.post(
            _office("loket_documents", application.public_id),
            {"slot": f"d{doc.pk}", "file": SimpleUploadedFile("pindai.pdf", data)},
        )
    review = desk.get(_office("loket_review", application.public_id)).content.decode()
    assert "Ajukan atas nama pemohon" in review
    key = re.search(r'name="idempotency_key" value="([^"]+)"', review).group(1)  # type: ignore[union-attr]
    response = desk.post(
        _office("loket_review", application.public_id),
        {"declaration": "on", "idempotency_key": key},
    )
    assert response["Location"] == _office("loket_receipt", application.public_id)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.submitted_by == world.front_desk
    receipt = desk.get(response["Location"]).content.decode()
    assert "Cetak tanda terima" in receipt
    pdf = desk.get(_office("loket_receipt_pdf", application.public_id))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert str(application.tracking_code) in text.replace(" ", "")


def test_front_desk_finds_an_existing_citizen_by_nik(world: Any, akta_service: Any) -> None:
    world.siti.nik = WALK_IN_NIK
    world.siti.save(update_fields=["nik", "nik_index"])
    desk = signed_in(world.front_desk)
    response = desk.post(_office("loket"), {"action": "find", "cari-nik": WALK_IN_NIK})
    assert response["Location"] == _office("loket_service")
    assert world.siti.full_name in desk.get(_office("loket_service")).content.decode()


def test_only_front_desk_may_use_the_counter(world: Any, akta_service: Any) -> None:
    assert signed_in(world.verifier).get(_office("loket")).status_code == 403
    assert signed_in(world.siti).get(_office("loket")).status_code == 403
    assert signed_in(world.front_desk).get(_office("loket_service")).status_code == 302


def test_counter_pages_are_404_for_an_online_draft(world: Any, draft: Any) -> None:
    desk = signed_in(world.front_desk)
    assert desk.get(_office("loket_review", draft.public_id)).status_code == 404
