"""A case keeps the names it was submitted under; a rejection is confirmed, reasoned and closed.

The approver rejects a KTP-el application on a phone: the button beside the other moves only
opens a confirmation step, which refuses an empty reason. The citizen then reads the reason on
their application page, which shows no expected finish date and still names the documents as
they were when submitted, although the agency renamed one and changed the SLA in between.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.helpers import axe_check, user_for_contact
from e2e.test_apply import pdf_text, regions  # noqa: F401 - a fixture
from e2e.test_journey_360 import PHONE, screenshot_path

pytestmark = pytest.mark.browser

REASON = "Data kependudukan pemohon terdaftar di kabupaten lain; ajukan di Disdukcapil asal."
OLD_NAME = "Kartu Keluarga (KK)"
NEW_NAME = "Kartu Keluarga terbaru (dicetak setelah 2024)"


def _submitted_ktp_application() -> Any:
    """Siti's KTP-el application, submitted and taken up by the verifier (through services)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from fpdf import FPDF

    from satupintu.applications import services
    from satupintu.applications.models import Status
    from satupintu.catalog import demo_data
    from satupintu.catalog.models import Service

    siti = user_for_contact(f"siti@{demo_data.DEMO_DOMAIN}")
    verifier = user_for_contact(f"verifikator.disdukcapil@{demo_data.DEMO_DOMAIN}")
    service = Service.objects.get(slug="ktp-el")
    draft = services.application_start(actor=siti, service=service)
    services.application_save_answers(
        actor=siti,
        application=draft,
        answers={
            "nama-pemohon": "Siti Rahayu",
            "nik-pemohon": "3204015507900002",
            "ponsel": "081234567890",
            "alamat": {"region_code": "32.04.01.2001", "street": "Jl. Melati 5"},
            "jenis-permohonan": "rusak",
        },
    )
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="KK")
    kk = service.documents.get(name=OLD_NAME)
    services.application_attach_document(
        actor=siti,
        application=draft,
        upload=SimpleUploadedFile("kk.pdf", bytes(pdf.output()), content_type="application/pdf"),
        required_document_id=kk.pk,
    )
    result = services.application_submit(
        actor=siti, application=draft, idempotency_key="e2e-tolak", declaration=True
    )
    services.application_transition(
        actor=verifier, application=result.application, to_status=Status.IN_REVIEW
    )
    return result.application


def _edit_the_catalog() -> None:
    from satupintu.catalog import services as catalog_services
    from satupintu.catalog.models import Service

    service = Service.objects.get(slug="ktp-el")
    catalog_services.required_document_update(
        actor=None, document=service.documents.get(name=OLD_NAME), data={"name": NEW_NAME}
    )
    catalog_services.service_update(actor=None, service=service, data={"sla_working_days": 14})


def _sign_in(page: Page, base: str, username: str, *, officer: bool) -> None:
    from satupintu.catalog import demo_data

    page.goto(base + "/akun/masuk/")
    page.get_by_label("Email atau nomor ponsel").fill(username)
    page.get_by_label("Kata sandi").fill(demo_data.demo_password())
    page.get_by_role("button", name="Masuk").click()
    if not officer:
        return
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    expect(page.get_by_role("heading", level=1)).to_have_text("Aktifkan verifikasi dua langkah")
    device = TOTPDevice.objects.get(user=user_for_contact(username), confirmed=False)
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Kode verifikasi").fill(f"{token:0{device.digits}d}")
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Aktifkan verifikasi dua langkah")


def _fits(page: Page) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} is {width[0]} px wide at {width[1]} px"


@pytest.mark.usefixtures("regions")
def test_rejection_is_confirmed_with_a_reason_and_the_case_keeps_its_names(
    demo: Any, browser: Browser
) -> None:
    from satupintu.applications.models import Application, Status
    from satupintu.catalog import demo_data

    base = demo.url
    application = _submitted_ktp_application()
    _edit_the_catalog()

    officer = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    _sign_in(officer, base, f"penyetuju.disdukcapil@{demo_data.DEMO_DOMAIN}", officer=True)
    officer.goto(f"{base}/kantor/permohonan/{application.public_id}/")
    main = officer.get_by_role("main")
    expect(main).to_contain_text(OLD_NAME)  # the document as it was submitted
    expect(main).not_to_contain_text(NEW_NAME)
    expect(main.get_by_role("button", name="Ubah ke: Ditolak")).to_have_count(0)
    main.get_by_role("button", name="Tolak permohonan…").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(
        f"Tolak permohonan {application.tracking_code}?"
    )
    axe_check(officer)
    _fits(officer)
    officer.screenshot(path=screenshot_path("tolak-konfirmasi"), full_page=True)
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW  # one click changed nothing
    officer.get_by_role("button", name="Ya, tolak permohonan").click()
    expect(officer.get_by_role("main")).to_contain_text("Tuliskan alasan penolakan")
    officer.get_by_label(re.compile("^Alasan penolakan")).fill(REASON)
    officer.get_by_role("button", name="Ya, tolak permohonan").click()
    expect(officer.get_by_role("main")).to_contain_text("Ditolak")
    application.refresh_from_db()
    assert application.status == Status.REJECTED

    citizen = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    _sign_in(citizen, base, f"siti@{demo_data.DEMO_DOMAIN}", officer=False)
    citizen.goto(f"{base}/permohonan/{application.public_id}/")
    main = citizen.get_by_role("main")
    expect(main).to_contain_text("Permohonan ditolak")
    expect(main).to_contain_text(REASON)
    expect(main).not_to_contain_text("Perkiraan selesai")
    expect(main).to_contain_text(OLD_NAME)
    expect(main).not_to_contain_text(NEW_NAME)
    main.locator("summary", has_text="Standar pelayanan").click()
    expect(main).to_contain_text("1 hari kerja")  # the SLA it was submitted under, not 14
    axe_check(citizen)
    _fits(citizen)
    citizen.screenshot(path=screenshot_path("ditolak"), full_page=True)
    with citizen.expect_download() as info:
        main.get_by_role("link", name="Unduh tanda terima (PDF)").click()
    text = pdf_text(info.value.path())
    assert OLD_NAME.replace(" ", "") in text
    assert "14harikerja" not in text
    assert Application.objects.get(pk=application.pk).snapshot["documents"][0]["name"] == OLD_NAME
