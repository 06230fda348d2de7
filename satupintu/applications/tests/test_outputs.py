"""Signed outputs: issued on completion and rejection, PAdES-valid against the configured root,
numbered per agency, downloadable by the applicant only, verifiable and revocable in public."""

from __future__ import annotations

import concurrent.futures
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import signed_in
from satupintu.applications import outputs, services, signing
from satupintu.applications.models import Output, Status
from satupintu.core.errors import PermissionDenied, ServiceError
from satupintu.ledger.models import Entry
from satupintu.notifications.models import Message as Outbox
from satupintu.notifications.rendering import render

REASON = "Kartu Keluarga yang dilampirkan bukan milik pemohon."


def _validate(data: bytes, roots: list[Any]) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    def validate() -> Any:
        reader = PdfFileReader(io.BytesIO(data))
        (signature,) = reader.embedded_signatures
        return validate_pdf_signature(signature, ValidationContext(trust_roots=roots))

    # pyHanko's sync validator runs its own event loop; a thread of its own keeps it clear of any
    # loop an earlier test (a browser test's Playwright) left running on this thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(validate).result()


def _text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _file(output: Output) -> bytes:
    with outputs.open_file(output) as handle:
        return bytes(handle.read())


def _move(application: Any, actor: Any, to: str, note: str = "") -> None:
    services.application_transition(actor=actor, application=application, to_status=to, note=note)


@pytest.fixture
def completed(world: Any, submitted: Any) -> Any:
    application = submitted.application
    _move(application, world.verifier, Status.IN_REVIEW)
    _move(application, world.approver, Status.APPROVED)
    _move(application, world.approver, Status.COMPLETED)
    return application


@pytest.fixture
def issued(completed: Any) -> Output:
    return Output.objects.get(application=completed)


def _tampered(data: bytes) -> bytes:
    # A byte inside the signed range (the page content written before the signature).
    changed = bytearray(data)
    changed[len(data) // 4] ^= 0x01
    return bytes(changed)


@pytest.mark.django_db
def test_completion_issues_a_signed_pdf_that_validates_against_the_trust_root(
    issued: Output, completed: Any
) -> None:
    data = _file(issued)
    assert issued.kind == Output.Kind.PRODUCT
    assert issued.title == "Kutipan akta kelahiran"
    assert issued.sha256 == __import__("hashlib").sha256(data).hexdigest()
    status = _validate(data, signing.trust_roots())
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    text = _text(data)
    assert issued.number in text
    assert completed.tracking_code in text
    assert "Ahmad Fauzi" in text  # the data it certifies, from the answers
    assert "3204014101900001" not in text  # the NIK stays masked


@pytest.mark.django_db
def test_a_one_byte_change_breaks_the_signature(issued: Output) -> None:
    status = _validate(_tampered(_file(issued)), signing.trust_roots())
    assert not status.intact
    assert not status.bottom_line


@pytest.mark.django_db
def test_another_root_does_not_trust_the_signature(issued: Output) -> None:
    from pyhanko.keys import load_certs_from_pemder_data

    stranger = list(load_certs_from_pemder_data(signing.generate_dev_material().roots_pem))
    status = _validate(_file(issued), stranger)
    assert status.intact and not status.trusted


@pytest.mark.django_db
def test_numbers_follow_the_pattern_and_the_agency_sequence(
    world: Any, issued: Output, settings: Any
) -> None:
    year = issued.issued_at.year
    code = outputs.agency_code(world.agency_a)
    assert issued.number == f"{code}/{year}/000001"
    settings.OUTPUT_NUMBER_PATTERN = "{agency_code}-{kind}/{year}/{month}/{seq:04d}"
    nxt = outputs.next_number(agency=world.agency_a, kind="output")
    assert nxt.startswith(f"{code}-output/{year}/") and nxt.endswith("/0002")
    assert outputs.next_number(agency=world.agency_b, kind="output").endswith("/0001")


@pytest.mark.django_db
def test_completion_ledgers_the_issue_and_tells_the_applicant(
    world: Any, issued: Output, completed: Any
) -> None:
    entry = Entry.objects.filter(action="applications.output.issue").get()
    assert entry.data["sha256"] == issued.sha256
    assert entry.data["number"] == issued.number
    sent = Outbox.objects.get(template="application_output", user=world.siti)
    body = render("application_output", "id", sent.context).body
    assert issued.number in body
    assert "siap" in render("application_output", "id", sent.context).subject
    assert reverse("applications:detail", args=[completed.public_id]) in body


@pytest.mark.django_db
def test_rejection_gives_a_signed_letter_with_the_reason(world: Any, submitted: Any) -> None:
    application = submitted.application
    _move(application, world.verifier, Status.IN_REVIEW)
    _move(application, world.approver, Status.REJECTED, note=REASON)
    letter = Output.objects.get(application=application)
    assert letter.kind == Output.Kind.REJECTION
    data = _file(letter)
    assert _validate(data, signing.trust_roots()).bottom_line
    text = " ".join(_text(data).split())
    assert REASON in text
    assert letter.number in text


@pytest.mark.django_db
def test_issuing_twice_returns_the_same_document(
    world: Any, issued: Output, completed: Any
) -> None:
    assert outputs.issue_for(completed, world.approver) == issued
    assert Output.objects.count() == 1
    assert outputs.issue_for(_refetch(completed, Status.IN_REVIEW), world.approver) is None


def _refetch(application: Any, status: str) -> Any:
    application.status = status
    return application


@pytest.mark.django_db
def test_the_applicant_downloads_it_and_nobody_else(
    world: Any, issued: Output, completed: Any
) -> None:
    page = signed_in(world.siti).get(reverse("applications:detail", args=[completed.public_id]))
    url = reverse("applications:output_pdf", args=[issued.public_id])
    assert url in page.content.decode()
    response = signed_in(world.siti).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == _file(issued)
    assert signed_in(world.budi).get(url).status_code == 404
    assert signed_in(world.admin_b).get(url).status_code == 404


def _upload(data: bytes, name: str = "dokumen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.django_db
def test_verification_page_shows_the_document_by_number(client: Any, issued: Output) -> None:
    response = client.get(reverse("outputs:verify"), {"nomor": issued.number.lower()})
    html = response.content.decode()
    assert response.status_code == 200
    for fact in (issued.number, issued.title, issued.agency.name, issued.sha256, "Berlaku"):
        assert fact in html
    missing = client.get(reverse("outputs:verify"), {"nomor": "TIDAK/ADA/1"})
    assert missing.status_code == 404
    assert "Tidak ada dokumen terbit dengan nomor itu" in missing.content.decode()


@pytest.mark.django_db
def test_verification_page_accepts_the_issued_file_and_rejects_a_changed_copy(
    client: Any, issued: Output
) -> None:
    data = _file(issued)
    url = reverse("outputs:verify")
    good = client.post(url, {"nomor": issued.number, "berkas": _upload(data)})
    assert good.status_code == 200
    assert "Asli dan utuh." in good.content.decode()
    # Without the number the file is found by its fingerprint alone.
    found = client.post(url, {"berkas": _upload(data)})
    assert "Asli dan utuh." in found.content.decode()
    bad = client.post(url, {"nomor": issued.number, "berkas": _upload(_tampered(data))})
    assert bad.status_code == 404
    html = bad.content.decode()
    assert "Bukan dokumen yang diterbitkan." in html
    assert "Asli dan utuh." not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Pilih berkas PDF"),
        (b"GIF89a not a pdf", "bukan PDF"),
    ],
)
def test_verification_page_explains_bad_uploads(client: Any, data: bytes, message: str) -> None:
    payload: dict[str, Any] = {"nomor": "X/1"}
    if data:
        payload["berkas"] = _upload(data, "gambar.gif")
    response = client.post(reverse("outputs:verify"), payload)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_verification_page_refuses_a_file_that_is_too_big(client: Any, settings: Any) -> None:
    settings.APPLICATION_MAX_UPLOAD_BYTES = 2048
    response = client.post(reverse("outputs:verify"), {"berkas": _upload(b"%PDF-" + b"0" * 4096)})
    assert response.status_code == 400
    assert "terlalu besar" in response.content.decode()


@pytest.mark.django_db
def test_verification_page_is_throttled_per_address(client: Any, settings: Any) -> None:
    settings.OUTPUT_VERIFY_PER_IP = 3
    url = reverse("outputs:verify")
    codes = [client.get(url, {"nomor": f"X/{n}"}).status_code for n in range(5)]
    assert codes == [404, 404, 404, 429, 429]
    assert "Terlalu banyak pemeriksaan" in client.get(url, {"nomor": "X"}).content.decode()


@pytest.mark.django_db
def test_revocation_needs_a_reason_and_shows_on_the_page(
    client: Any, world: Any, issued: Output
) -> None:
    with pytest.raises(ServiceError):
        outputs.output_revoke(actor=world.approver, output=issued, reason="  ")
    with pytest.raises(PermissionDenied):
        outputs.output_revoke(actor=world.verifier, output=issued, reason="Salah cetak")
    officer = signed_in(world.approver)
    url = reverse("applications_office:output_revoke", args=[issued.public_id])
    assert signed_in(world.admin_b).post(url, {"reason": "x"}).status_code == 404
    response = officer.post(url, {"reason": "Data kelahiran salah ketik."})
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.is_revoked
    assert Entry.objects.filter(action="applications.output.revoke").count() == 1
    html = client.get(reverse("outputs:verify"), {"nomor": issued.number}).content.decode()
    assert "Dicabut" in html and "Data kelahiran salah ketik." in html
    upload = client.post(reverse("outputs:verify"), {"berkas": _upload(_file(issued))})
    assert "Dokumen ini sudah dicabut." in upload.content.decode()


def test_generate_signing_cert_writes_a_private_dev_pair(tmp_path: Any) -> None:
    import stat

    from django.core.management import call_command
    from pyhanko.keys import load_certs_from_pemder_data

    target = tmp_path / "signing"
    call_command("generate_signing_cert", "--dir", str(target))
    for name in ("root.pem", "key.pem", "cert.pem"):
        assert stat.S_IMODE((target / name).stat().st_mode) == 0o600
    (leaf,) = load_certs_from_pemder_data((target / "cert.pem").read_bytes())
    assert leaf.key_usage_value.native == {"digital_signature", "non_repudiation"}
    first = (target / "key.pem").read_bytes()
    call_command("generate_signing_cert", "--dir", str(target))
    assert (target / "key.pem").read_bytes() == first  # kept, not replaced


@pytest.mark.django_db
def test_an_agency_signs_with_its_own_certificate(
    world: Any, tmp_path: Any, settings: Any, submitted: Any
) -> None:
    own = signing.generate_dev_material("Kepala Disdukcapil Kabupaten Contoh")
    folder = tmp_path / world.agency_a.slug
    folder.mkdir()
    (folder / "key.pem").write_bytes(own.key_pem)
    (folder / "cert.pem").write_bytes(own.cert_pem)
    (folder / "chain.pem").write_bytes(own.chain_pem)
    settings.OUTPUT_SIGNING_AGENCY_DIR = str(tmp_path)
    application = submitted.application
    _move(application, world.verifier, Status.IN_REVIEW)
    _move(application, world.approver, Status.REJECTED, note=REASON)
    letter = Output.objects.get(application=application)
    assert "Kepala Disdukcapil" in letter.signer
    from pyhanko.keys import load_certs_from_pemder_data

    roots = list(load_certs_from_pemder_data(own.roots_pem))
    assert _validate(_file(letter), roots).bottom_line
    assert not _validate(_file(letter), signing.trust_roots()).trusted


@pytest.mark.django_db
def test_api_lists_my_outputs_and_serves_the_file(world: Any, issued: Output) -> None:
    mine = signed_in(world.siti).get("/api/v1/outputs").json()
    assert [row["number"] for row in mine] == [issued.number]
    assert mine[0]["sha256"] == issued.sha256
    assert signed_in(world.budi).get("/api/v1/outputs").json() == []
    file_url = mine[0]["file_url"]
    response = signed_in(world.siti).get(file_url)
    assert response.status_code == 200 and response.content == _file(issued)
    assert signed_in(world.budi).get(file_url).status_code == 404


@pytest.mark.django_db
def test_api_verifies_by_number_and_hash(client: Any, issued: Output) -> None:
    import hashlib

    url = "/api/v1/verification"
    facts = client.get(url, {"number": issued.number}).json()
    assert facts["status"] == "valid" and facts["matches"] is None
    assert facts["issuer"] == issued.agency.name
    assert client.get(url, {"number": issued.number, "sha256": issued.sha256}).json()["matches"]
    other = hashlib.sha256(_tampered(_file(issued))).hexdigest()
    assert client.get(url, {"number": issued.number, "sha256": other}).json()["matches"] is False
    assert client.get(url, {"number": issued.number, "sha256": "zz"}).status_code == 400
    assert client.get(url, {"number": "TIDAK/ADA"}).status_code == 404


def test_signing_works_where_an_event_loop_already_runs() -> None:
    """Under ASGI (or a browser test) the calling thread has a running loop; pyHanko's own
    sync wrapper would refuse with 'asyncio.run() cannot be called from a running event loop'."""
    import asyncio
    import concurrent.futures

    from satupintu.applications.tests.conftest import make_pdf

    async def inside_a_loop() -> bytes:
        return signing.sign_pdf(make_pdf(), agency_slug="", reason="uji", location="uji")

    # A thread of its own, so the loop is ours whatever an earlier test left on this thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        signed = pool.submit(lambda: asyncio.run(inside_a_loop())).result()
    assert _validate(signed, signing.trust_roots()).bottom_line


@pytest.mark.django_db
def test_sweep_removes_an_output_file_left_by_a_rolled_back_issue(issued: Output) -> None:
    import datetime as dt
    import os

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from satupintu.applications import tasks

    now = dt.datetime.now(tz=dt.UTC)
    orphan = default_storage.save(f"outputs/{now:%Y/%m}/orphan.pdf", ContentFile(b"%PDF-"))
    old = now.timestamp() - 3 * 86400
    for name in (orphan, issued.storage_name):
        os.utime(default_storage.path(name), (old, old))
    assert tasks.sweep_orphan_files.call() == 1
    assert not default_storage.exists(orphan)
    assert default_storage.exists(issued.storage_name)


@pytest.mark.django_db
def test_the_personal_data_export_lists_the_outputs(world: Any, issued: Output) -> None:
    from satupintu.applications.privacy import export_applications

    (row,) = export_applications(world.siti)["applications"]
    assert [o["number"] for o in row["outputs"]] == [issued.number]


def test_production_without_a_signing_pair_fails_the_system_check(settings: Any) -> None:
    from satupintu.applications.checks import output_signing_check

    settings.DEV_DEFAULTS = False
    settings.OUTPUT_SIGNING_KEY_FILE = settings.OUTPUT_SIGNING_CERT_FILE = ""
    settings.OUTPUT_SIGNING_KEY = settings.OUTPUT_SIGNING_CERT = ""
    assert [e.id for e in output_signing_check()] == ["applications.E001"]
    own = signing.generate_dev_material()
    settings.OUTPUT_SIGNING_KEY = __import__("base64").b64encode(own.key_pem).decode()
    assert [e.id for e in output_signing_check()] == ["applications.E001"]  # half a pair
    settings.OUTPUT_SIGNING_CERT = __import__("base64").b64encode(own.cert_pem).decode()
    assert output_signing_check() == []


@pytest.mark.django_db
def test_a_number_with_lower_case_from_the_pattern_is_found(
    client: Any, world: Any, settings: Any, submitted: Any
) -> None:
    settings.OUTPUT_NUMBER_PATTERN = "{agency_code}/{kind}/{year}/{seq:03d}"
    application = submitted.application
    _move(application, world.verifier, Status.IN_REVIEW)
    _move(application, world.approver, Status.REJECTED, note=REASON)
    letter = Output.objects.get(application=application)
    assert "/rejection/" in letter.number
    assert outputs.by_number(letter.number) == letter
    page = client.get(reverse("outputs:verify"), {"nomor": letter.number})
    assert page.status_code == 200


@pytest.mark.django_db
def test_only_officers_who_may_revoke_see_the_revoke_form(
    world: Any, issued: Output, completed: Any
) -> None:
    url = reverse("applications_office:detail", args=[completed.public_id])
    revoke = reverse("applications_office:output_revoke", args=[issued.public_id])
    approver_page = signed_in(world.approver).get(url).content.decode()
    assert issued.number in approver_page and revoke in approver_page
    verifier_page = signed_in(world.verifier).get(url).content.decode()
    assert issued.number in verifier_page and revoke not in verifier_page
