"""The citizen's pages: apply group by group, upload, check, submit once, get the receipt."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any, cast

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import signed_in
from satupintu.applications.models import Application, Channel, Document, Status
from satupintu.applications.tests.conftest import CHILD_NAME, MOTHER_NIK, VALID_ANSWERS
from satupintu.applications.tests.hostile_pdfs import js_open_action_pdf

GROUP_1 = "data-pemohon"
GROUP_2 = "kelahiran"


def _stored_files() -> list[str]:
    root = Path(cast(FileSystemStorage, default_storage).location)
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _url(name: str, application: Any, *args: Any) -> str:
    return reverse(f"applications:{name}", args=[application.public_id, *args])


def _group_1(**overrides: str) -> dict[str, str]:
    data = {
        "child_name": VALID_ANSWERS["child_name"],
        "birth_date": VALID_ANSWERS["birth_date"],
        "mother_nik": VALID_ANSWERS["mother_nik"],
    }
    data.update(overrides)
    return data


def _slots(application: Any) -> list[str]:
    return [f"d{d.pk}" for d in application.service.documents.order_by("order", "id")]


def _upload(client: Any, application: Any, slot: str, data: bytes, name: str) -> Any:
    return client.post(
        _url("documents", application),
        {"slot": slot, "file": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def _submit_key(page: str) -> str:
    found = re.search(r'name="idempotency_key" value="([^"]+)"', page)
    assert found, "the check page carries an idempotency key"
    return found.group(1)


def test_citizen_applies_from_start_to_receipt_and_tracks_it(
    world: Any, akta_service: Any, pdf_bytes: bytes, jpeg_bytes: bytes
) -> None:
    from pypdf import PdfReader

    client = signed_in(world.siti)
    intro = client.get(reverse("applications:start", args=[akta_service.slug])).content.decode()
    assert "Surat keterangan kelahiran" in intro  # what to have ready, before starting
    response = client.post(reverse("applications:start", args=[akta_service.slug]))
    application = Application.objects.get(applicant=world.siti)
    assert application.status == Status.DRAFT
    assert response.status_code == 302
    assert response["Location"] == _url("fill", application, GROUP_1)

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Langkah 1 dari 4" in html
    assert html.count("<h1") == 1
    assert 'for="id_child_name"' in html

    response = client.post(_url("fill", application, GROUP_1), _group_1())
    assert response["Location"] == _url("fill", application, GROUP_2)
    response = client.post(
        _url("fill", application, GROUP_2),
        {"birth_place": "hospital", "hospital_name": "RSUD Contoh"},
    )
    assert response["Location"] == _url("documents", application)

    first, second = _slots(application)
    assert _upload(client, application, first, pdf_bytes, "surat-lahir.pdf").status_code == 302
    assert _upload(client, application, second, jpeg_bytes, "kk.jpg").status_code == 302
    assert application.documents.count() == 2

    review = client.get(_url("review", application))
    html = review.content.decode()
    assert CHILD_NAME in html
    assert MOTHER_NIK not in html  # masked on the check page
    assert "Ubah" in html
    response = client.post(
        _url("review", application), {"declaration": "on", "idempotency_key": _submit_key(html)}
    )
    assert response["Location"] == _url("receipt", application)

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.channel == Channel.ONLINE
    receipt = client.get(_url("receipt", application)).content.decode()
    assert application.tracking_code in receipt
    assert application.status_secret in receipt
    assert "WIB" in receipt

    pdf = client.get(_url("receipt_pdf", application))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert str(application.tracking_code) in text.replace(" ", "")

    mine = client.get(reverse("applications:list")).content.decode()
    assert str(application.tracking_code) in mine
    detail = client.get(_url("detail", application)).content.decode()
    assert "Permohonan diajukan" in detail
    assert "Diterima" in detail


def test_saving_for_later_keeps_answers_and_resumes_on_another_device(
    world: Any, draft: Any
) -> None:
    client = signed_in(world.siti)
    response = client.post(_url("fill", draft, GROUP_1), {**_group_1(), "later": "1"})
    assert response["Location"] == reverse("applications:list")
    listing = client.get(reverse("applications:list")).content.decode()
    assert "Lanjutkan" in listing

    other_device = signed_in(world.siti)
    resumed = other_device.get(_url("resume", draft))
    assert resumed["Location"] == _url("fill", draft, GROUP_1)
    assert CHILD_NAME in other_device.get(resumed["Location"]).content.decode()


def test_htmx_autosave_stores_the_change_and_answers_204(world: Any, draft: Any) -> None:
    client = signed_in(world.siti)
    response = client.post(
        _url("fill", draft, GROUP_1),
        {"child_name": "Nama Sementara"},
        headers={"HX-Request": "true", "X-Autosave": "1"},
    )
    assert response.status_code == 204
    draft.refresh_from_db()
    assert draft.answers["child_name"] == "Nama Sementara"


def test_double_submit_with_the_same_key_makes_one_application_and_the_same_receipt(
    world: Any, complete_draft: Any
) -> None:
    client = signed_in(world.siti)
    key = _submit_key(client.get(_url("review", complete_draft)).content.decode())
    first = client.post(
        _url("review", complete_draft), {"declaration": "on", "idempotency_key": key}
    )
    second = client.post(
        _url("review", complete_draft), {"declaration": "on", "idempotency_key": key}
    )
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == _url("receipt", complete_draft)
    assert Application.objects.filter(applicant=world.siti).count() == 1
    complete_draft.refresh_from_db()
    assert complete_draft.events.filter(kind="submitted").count() == 1


def test_submit_without_the_declaration_is_refused_with_a_message(
    world: Any, complete_draft: Any
) -> None:
    client = signed_in(world.siti)
    response = client.post(_url("review", complete_draft), {"idempotency_key": "kunci-1"})
    assert response.status_code == 400
    assert "Centang pernyataan" in response.content.decode()
    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.DRAFT


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("child_name", "x" * 10_000, "Maksimal 100 karakter"),
        ("mother_nik", "3204014101900000", "0000"),
        ("mother_nik", "12345", "16 angka"),
        ("birth_date", "2026-02-31", "Tanggal tidak valid"),
    ],
)
def test_bad_answer_is_explained_the_rest_is_kept_and_it_cannot_be_submitted(
    world: Any, complete_draft: Any, field: str, value: str, message: str
) -> None:
    client = signed_in(world.siti)
    data = _group_1(
        **{field: value, "child_name": "Rina Kusuma" if field != "child_name" else value}
    )
    response = client.post(_url("fill", complete_draft, GROUP_1), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    for other, kept in data.items():
        if other != field:
            assert f'value="{kept}"' in html
    review = client.get(_url("review", complete_draft)).content.decode()
    submit = client.post(
        _url("review", complete_draft),
        {"declaration": "on", "idempotency_key": _submit_key(review)},
    )
    assert submit.status_code == 400
    assert "perlu diperbaiki" in submit.content.decode()
    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.DRAFT
    assert complete_draft.tracking_code is None


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "kosong.pdf", "0 byte"),
        (b"MZ\x90\x00" + b"\x00" * 200, "program.pdf", "hanya PDF, JPEG, atau PNG"),
        (js_open_action_pdf(), "skrip.pdf", "konten aktif"),
        (b"x" * 2048, "besar.pdf", "terlalu besar"),
    ],
    ids=["empty", "exe-renamed", "pdf-with-script", "oversize"],
)
def test_bad_file_is_refused_with_its_reason_beside_the_input_and_nothing_is_stored(
    world: Any, draft: Any, settings: Any, data: bytes, name: str, message: str
) -> None:
    settings.APPLICATION_MAX_UPLOAD_BYTES = 1024
    client = signed_in(world.siti)
    slot = _slots(draft)[0]
    response = _upload(client, draft, slot, data, name)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert f'id="berkas-{slot}-error"' in html
    assert Document.objects.count() == 0
    assert _stored_files() == []


def test_path_traversal_file_name_is_stored_under_a_random_name(
    world: Any, draft: Any, pdf_bytes: bytes
) -> None:
    client = signed_in(world.siti)
    response = _upload(client, draft, _slots(draft)[0], pdf_bytes, "../../../etc/passwd.pdf")
    assert response.status_code == 302
    document = Document.objects.get()
    name = document.original_name or ""
    assert "/" not in name and ".." not in name
    assert "passwd" not in document.storage_name
    assert all(
        Path(cast(FileSystemStorage, default_storage).location) in Path(p).parents
        for p in _stored_files()
    )


def test_budi_gets_404_on_every_page_of_sitis_application_and_her_documents(
    world: Any, submitted: Any
) -> None:
    application = submitted.application
    document = application.documents.first()
    budi = signed_in(world.budi)
    for name in ("detail", "documents", "review", "receipt", "receipt_pdf", "resume"):
        assert budi.get(_url(name, application)).status_code == 404, name
    assert budi.get(_url("fill", application, GROUP_1)).status_code == 404
    assert budi.post(_url("detail", application), {"body": "halo"}).status_code == 404
    download = reverse("applications:document", args=[document.public_id])
    assert budi.get(download).status_code == 404
    siti = signed_in(world.siti).get(download)
    assert siti.status_code == 200
    assert siti["X-Content-Type-Options"] == "nosniff"
    assert siti["Cache-Control"] == "private, no-store"
    assert siti["Content-Disposition"].startswith("attachment")


def test_citizen_sends_a_message_and_sees_it_in_the_thread(world: Any, submitted: Any) -> None:
    application = submitted.application
    client = signed_in(world.siti)
    response = client.post(_url("detail", application), {"body": "Apakah berkas sudah lengkap?"})
    assert response.status_code == 302
    page = client.get(_url("detail", application)).content.decode()
    assert "Apakah berkas sudah lengkap?" in page
    empty = client.post(_url("detail", application), {"body": ""})
    assert empty.status_code == 400
    assert "Tulis pesan" in empty.content.decode()


def test_submitted_application_form_pages_lead_to_the_receipt(world: Any, submitted: Any) -> None:
    application = submitted.application
    client = signed_in(world.siti)
    response = client.get(_url("fill", application, GROUP_1))
    assert response["Location"] == _url("receipt", application)
    assert client.get(_url("fill", application, "tidak-ada")).status_code == 302


def test_unknown_group_and_anonymous_visitor_are_handled(world: Any, draft: Any) -> None:
    client = signed_in(world.siti)
    assert client.get(_url("fill", draft, "tidak-ada")).status_code == 404
    anonymous = reverse("applications:list")
    from django.test import Client

    assert Client().get(anonymous).status_code == 302
