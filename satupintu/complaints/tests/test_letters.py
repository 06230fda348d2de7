"""The signed response letter of a resolved complaint and the PDF receipt of a filed one: both
reuse the applications' paths (outputs.issue_document, receipts.receipt_document), the letter is
accepted by /verifikasi/, and an anonim complaint's papers name nobody."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import signed_in
from satupintu.applications.models import Output
from satupintu.complaints import services
from satupintu.complaints.models import Complaint, Event, Status
from satupintu.complaints.tests.conftest import filing
from satupintu.complaints.tests.test_pages import FORM
from satupintu.notifications.models import Message

pytestmark = pytest.mark.django_db

ANSWER = "Jadwal dokter kini diumumkan setiap pagi; hubungi 0812 9999 8888 bila terlambat."


def _text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _resolve(complaint: Any, officer: Any, capture: Any, body: str = ANSWER) -> None:
    with capture(execute=True):
        services.complaint_respond(
            actor=officer, complaint=complaint, body=body, public=False, kind="resolved"
        )


def _download(client: Client, complaint: Any) -> bytes:
    response = client.get(reverse("complaints:letter", args=[complaint.public_id]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_resolving_issues_a_signed_letter_the_reporter_downloads_and_verifikasi_accepts(
    world: Any, health: Any, django_capture_on_commit_callbacks: Any
) -> None:
    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category, privacy="publik")
    ).complaint
    _resolve(complaint, health.liaison, django_capture_on_commit_callbacks)
    complaint.refresh_from_db()
    letter = complaint.letter
    assert letter is not None and letter.kind == Output.Kind.COMPLAINT_LETTER
    assert letter.agency == health.dinkes and letter.application is None
    assert letter.holder == world.siti
    data = _download(signed_in(world.siti), complaint)
    text = _text(data)
    assert "SURAT TANGGAPAN PENGADUAN" in text and letter.number in text
    assert (complaint.tracking_code or "-") in text and "Siti Aminah" in text
    assert "Jadwal dokter kini diumumkan" in text
    # The timeline says so, and the reporter is told with the letter's own link.
    assert [e.body for e in complaint.events.filter(kind=Event.Kind.LETTER)] == [letter.number]
    told = Message.objects.get(template="complaint_letter", user=world.siti)
    assert told.context["number"] == letter.number
    assert told.context["url"].endswith(reverse("complaints:letter", args=[complaint.public_id]))
    # The public verification page knows it by number and accepts the file, not a changed one.
    public = Client()
    page = public.get(reverse("outputs:verify"), {"nomor": letter.number})
    assert "Surat Tanggapan Pengaduan" in page.content.decode()
    ok = public.post(
        reverse("outputs:verify"),
        {"nomor": letter.number, "berkas": SimpleUploadedFile("s.pdf", data, "application/pdf")},
    )
    assert "Asli dan utuh." in ok.content.decode()
    middle = len(data) // 2
    forged = data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :]
    bad = public.post(
        reverse("outputs:verify"),
        {"nomor": letter.number, "berkas": SimpleUploadedFile("s.pdf", forged, "application/pdf")},
    )
    assert "Asli dan utuh." not in bad.content.decode()
    # The reporter's page links it; the handling officer may download it too.
    detail = signed_in(world.siti).get(reverse("complaints:detail", args=[complaint.public_id]))
    assert reverse("complaints:letter", args=[complaint.public_id]) in detail.content.decode()
    _download(signed_in(health.liaison), complaint)
    # The API says the same.
    api = signed_in(world.siti).get(f"/api/v1/complaints/{complaint.public_id}").json()
    assert api["letter"]["number"] == letter.number
    assert api["letter"]["download_url"] == reverse("complaints:letter", args=[complaint.public_id])
    assert api["letter"]["verify_url"].endswith(f"nomor={letter.number.replace('/', '%2F')}")


def test_an_anonim_letter_names_nobody(
    world: Any, health: Any, django_capture_on_commit_callbacks: Any
) -> None:
    complaint = services.complaint_file(
        actor=world.siti,
        filing=filing(
            category=health.category,
            privacy="anonim",
            subject="Siti Aminah menunggu lima jam di puskesmas",
        ),
    ).complaint
    _resolve(complaint, health.liaison, django_capture_on_commit_callbacks)
    complaint.refresh_from_db()
    assert complaint.letter is not None and complaint.letter.holder is None
    text = _text(_download(signed_in(world.siti), complaint))
    assert "Siti" not in text and "Aminah" not in text
    assert "0812 9999 8888" not in text and "[nomor telepon disamarkan]" in text
    assert "identitas dirahasiakan" in text


def test_others_get_nothing_and_a_stranger_is_sent_to_the_status_check(
    world: Any, health: Any, django_capture_on_commit_callbacks: Any
) -> None:
    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category)
    ).complaint
    url = reverse("complaints:letter", args=[complaint.public_id])
    # Not issued yet: 404 for the reporter.
    assert signed_in(world.siti).get(url).status_code == 404
    _resolve(complaint, health.liaison, django_capture_on_commit_callbacks)
    assert signed_in(world.budi).get(url).status_code == 404
    assert signed_in(world.liaison).get(url).status_code == 404  # another agency
    stranger = Client().get(url)
    assert stranger.status_code == 302 and stranger["Location"] == reverse("complaints:status")


def test_a_reopened_and_resolved_again_complaint_gets_a_new_letter_and_the_clock_job_catches_up(
    world: Any, health: Any, django_capture_on_commit_callbacks: Any
) -> None:
    complaint = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category)
    ).complaint
    _resolve(complaint, health.liaison, django_capture_on_commit_callbacks)
    complaint.refresh_from_db()
    first = complaint.letter
    services.complaint_reopen(actor=world.siti, complaint=complaint, reason="Belum berubah.")
    # A second resolution whose task never ran (a worker died): the clock job issues it.
    services.complaint_respond(
        actor=health.liaison,
        complaint=complaint,
        body="Dokter tambahan sudah ditugaskan.",
        public=False,
        kind="resolved",
    )
    complaint.refresh_from_db()
    assert complaint.letter == first
    assert services.clocks_run()["letters"] == 1
    assert services.clocks_run()["letters"] == 0
    complaint.refresh_from_db()
    assert complaint.letter is not None and complaint.letter != first
    assert "Dokter tambahan" in _text(_download(signed_in(world.siti), complaint))
    assert services.complaint_letter_issue(complaint=complaint) is None  # once


def test_the_pdf_receipt_carries_the_number_and_the_secret_only_right_after_filing(
    world: Any, health: Any
) -> None:
    client = signed_in(world.siti)
    response = client.post(reverse("complaints:file"), FORM)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.status == Status.RECEIVED
    page = client.get(response["Location"])
    pdf_url = reverse("complaints:receipt_pdf", args=[complaint.public_id])
    assert pdf_url in page.content.decode()
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = _text(pdf.content)
    assert "TANDA TERIMA PENGADUAN" in text and (complaint.tracking_code or "-") in text
    assert complaint.status_secret.upper() in text
    assert "Siti" not in text  # anonim: no name on the paper
    # Later, from another browser: the same receipt, without the secret.
    later = signed_in(world.siti)
    again = _text(later.get(pdf_url).content)
    assert (complaint.tracking_code or "-") in again
    assert complaint.status_secret.upper() not in again
    assert signed_in(world.budi).get(pdf_url).status_code == 404
