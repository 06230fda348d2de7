"""The officer's case page: documents shown in place, checked one by one, and what is left to do.

A verifier rejects one document with a reason; asking for a correction then flags exactly that
document; the citizen may replace only it, and the replacement starts unchecked.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import signed_in
from satupintu.applications import casework, services
from satupintu.applications.models import Document, Event, Status
from satupintu.core.errors import Conflict, PermissionDenied, ServiceError
from satupintu.ledger.models import Entry

REASON = "Cap rumah sakit tidak terbaca; unggah pindaian yang lebih jelas."


@pytest.fixture(autouse=True)
def _indonesian() -> Any:
    with translation.override("id"):
        yield


@pytest.fixture
def case(world: Any, submitted: Any) -> Any:
    """Siti's submitted case, taken into review by the verifier (standard workflow)."""
    application = submitted.application
    services.application_act(actor=world.verifier, application=application, action="start_review")
    return application


def _docs(application: Any) -> tuple[Document, Document]:
    first, second = application.documents.order_by("required_document__order", "id")
    return first, second


def _url(application: Any) -> str:
    return reverse("applications_office:detail", args=[application.public_id])


@pytest.mark.django_db
def test_review_records_who_when_and_why_on_the_timeline_and_in_the_ledger(
    world: Any, case: Any
) -> None:
    pdf, _jpeg = _docs(case)
    services.document_review(actor=world.verifier, document=pdf, decision="rejected", reason=REASON)
    pdf.refresh_from_db()
    assert pdf.review == Document.Review.REJECTED
    assert pdf.review_reason == REASON
    assert pdf.reviewed_by == world.verifier and pdf.reviewed_at is not None
    entry = Entry.objects.filter(action="applications.document.review").get()
    assert entry.data["decision"] == "rejected" and entry.data["sha256"] == pdf.sha256
    assert REASON not in str(entry.data)  # a keyed digest, not the words
    event = Event.objects.filter(application=case, kind=Event.Kind.REVIEW).get()
    assert not event.is_public and REASON in event.note


@pytest.mark.django_db
def test_reject_needs_a_reason_and_only_case_officers_review(world: Any, case: Any) -> None:
    pdf, _jpeg = _docs(case)
    with pytest.raises(ServiceError, match="alasan penolakan dokumen"):
        services.document_review(actor=world.verifier, document=pdf, decision="rejected")
    with pytest.raises(ServiceError, match="sesuai atau ditolak"):
        services.document_review(actor=world.verifier, document=pdf, decision="maybe")
    with pytest.raises(PermissionDenied):
        services.document_review(actor=world.front_desk, document=pdf, decision="verified")
    with pytest.raises(ServiceError):  # another agency's officer: not found
        services.document_review(actor=world.admin_b, document=pdf, decision="verified")
    pdf.refresh_from_db()
    assert pdf.review == Document.Review.PENDING
    assert not Entry.objects.filter(action="applications.document.review").exists()


@pytest.mark.django_db
def test_no_review_while_the_case_waits_on_the_applicant(world: Any, case: Any) -> None:
    pdf, _jpeg = _docs(case)
    services.application_act(
        actor=world.verifier, application=case, action="request_correction", note="Perbaiki."
    )
    with pytest.raises(Conflict):
        services.document_review(actor=world.verifier, document=pdf, decision="verified")


@pytest.mark.django_db
def test_rejected_document_is_the_one_flagged_and_the_only_one_replaced(
    world: Any, case: Any, pdf_bytes: bytes, upload: Any
) -> None:
    pdf, jpeg = _docs(case)
    services.document_review(actor=world.verifier, document=jpeg, decision="verified")
    services.document_review(actor=world.verifier, document=pdf, decision="rejected", reason=REASON)
    services.application_act(
        actor=world.verifier,
        application=case,
        action="request_correction",
        note=REASON,
        flag_rejected=True,
    )
    case.refresh_from_db()
    assert case.correction["documents"] == [pdf.required_document_id]
    assert case.correction["fields"] == []
    # The citizen may replace the rejected document, and only that one; the page says why.
    page = (
        signed_in(world.siti)
        .get(reverse("applications:documents", args=[case.public_id]))
        .content.decode()
    )
    assert REASON in page
    assert page.count('type="file"') == 1
    assert "Tidak diminta untuk diperbaiki" in page
    with pytest.raises(ServiceError, match="Hanya dokumen yang diminta"):
        services.application_attach_document(
            actor=world.siti,
            application=case,
            upload=upload(pdf_bytes, "kk-baru.pdf"),
            required_document_id=jpeg.required_document_id,
        )
    new = services.application_attach_document(
        actor=world.siti,
        application=case,
        upload=upload(pdf_bytes, "surat-lahir-jelas.pdf"),
        required_document_id=pdf.required_document_id,
    )
    assert new.review == Document.Review.PENDING
    assert not Document.objects.filter(pk=pdf.pk).exists()
    jpeg.refresh_from_db()
    assert jpeg.review == Document.Review.VERIFIED  # untouched, still checked


@pytest.mark.django_db
def test_case_page_shows_documents_in_place_with_a_download_link(world: Any, case: Any) -> None:
    pdf, jpeg = _docs(case)
    page = signed_in(world.verifier).get(_url(case)).content.decode()
    pdf_inline = reverse("applications_office:document_inline", args=[pdf.public_id])
    jpeg_inline = reverse("applications_office:document_inline", args=[jpeg.public_id])
    assert f'<iframe class="doc-view" src="{pdf_inline}"' in page
    assert f'<img class="doc-view" src="{jpeg_inline}"' in page
    for doc in (pdf, jpeg):
        assert reverse("applications_office:document", args=[doc.public_id]) in page
    assert "Belum diperiksa" in page
    assert "Yang masih harus Anda lakukan" in page
    assert "Periksa dokumen: Surat keterangan kelahiran." in page


@pytest.mark.django_db
def test_inline_copy_may_be_framed_by_our_pages_only(world: Any, case: Any) -> None:
    pdf, _jpeg = _docs(case)
    client = signed_in(world.verifier)
    inline = client.get(reverse("applications_office:document_inline", args=[pdf.public_id]))
    assert inline.status_code == 200
    assert inline["Content-Type"] == "application/pdf"
    assert inline["Content-Disposition"].startswith("inline;")
    assert f'filename="dokumen-{pdf.public_id}.pdf"' in inline["Content-Disposition"]
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    assert "default-src 'none'" in inline["Content-Security-Policy"]
    assert inline["X-Content-Type-Options"] == "nosniff"
    download = client.get(reverse("applications_office:document", args=[pdf.public_id]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in download["Content-Security-Policy"]
    page = client.get(_url(case))
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert "object-src 'none'" in page["Content-Security-Policy"]
    # Another agency's officer and the citizen of another case get nothing.
    url = reverse("applications_office:document_inline", args=[pdf.public_id])
    assert signed_in(world.admin_b).get(url).status_code == 404
    assert signed_in(world.budi).get(url).status_code in (403, 404)


@pytest.mark.django_db
def test_verifier_rejects_on_the_page_and_the_correction_form_ticks_it(
    world: Any, case: Any
) -> None:
    pdf, jpeg = _docs(case)
    client = signed_in(world.verifier)
    url = _url(case)
    empty = client.post(
        url, {"action": "review", "document": str(pdf.public_id), "decision": "rejected"}
    )
    assert empty.status_code == 400
    assert "Tuliskan alasan penolakan dokumen" in empty.content.decode()
    done = client.post(
        url,
        {
            "action": "review",
            "document": str(pdf.public_id),
            "decision": "rejected",
            "reason": REASON,
        },
    )
    assert done.status_code == 302 and done["Location"].endswith(f"#dokumen-{pdf.public_id}")
    ok = client.post(
        url, {"action": "review", "document": str(jpeg.public_id), "decision": "verified"}
    )
    assert ok.status_code == 302
    page = client.get(url).content.decode()
    assert f'name="flag_document" value="{pdf.required_document_id}" checked' in page
    assert f'name="flag_document" value="{jpeg.required_document_id}" checked' not in page
    assert REASON in page  # as the note the correction starts with
    assert "ditolak: minta perbaikan" in page
    assert "Periksa dokumen" not in page  # both documents are checked now
    ok = client.post(
        url, {"action": "review", "document": str(pdf.public_id), "decision": "verified"}
    )
    assert ok.status_code == 302
    assert "Tidak ada yang tertunda: pilih tindakan berikutnya." in client.get(url).content.decode()


@pytest.mark.django_db
def test_review_of_an_unknown_or_replaced_document_is_a_clear_409(world: Any, case: Any) -> None:
    response = signed_in(world.verifier).post(
        _url(case), {"action": "review", "document": "nope", "decision": "verified"}
    )
    assert response.status_code == 409
    assert "sudah diganti" in response.content.decode()


@pytest.mark.django_db
def test_todo_names_checklists_documents_and_whose_turn_it_is(
    world: Any, complete_draft: Any
) -> None:
    from satupintu.applications.tests.test_workflow_engine import _full_spec, _publish

    _publish(world, complete_draft.service, _full_spec())
    application = services.application_submit(
        actor=world.siti, application=complete_draft, idempotency_key="t-1", declaration=True
    ).application
    texts = [t.text for t in casework.officer_todo(application, {"verifier"})]
    assert any(t.startswith("Sebelum “Berkas lengkap”: centang daftar periksa") for t in texts)
    assert sum(t.startswith("Periksa dokumen") for t in texts) == 2
    approver = [t.text for t in casework.officer_todo(application, {"approver"})]
    assert approver == ["Langkah ini tidak menunggu peran Anda; menunggu: Verifikator."]
    services.application_act(
        actor=world.verifier, application=application, action="request_correction", note="x"
    )
    assert [t.code for t in casework.officer_todo(application, {"verifier"})] == ["waiting"]


@pytest.mark.django_db
def test_closed_case_has_nothing_left_to_do(world: Any, case: Any) -> None:
    services.application_act(actor=world.approver, application=case, action="reject", note="x")
    assert casework.officer_todo(case, {"verifier", "approver"}) == []
    assert case.status == Status.REJECTED
