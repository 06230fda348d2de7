"""The citizen downloads the signed output of a finished case; anyone can check it in public.

The approver finishes Siti's KTP-el case (through services); Siti downloads the signed PDF from
her application page; a stranger without an account opens the verification page from the number,
uploads that PDF (no JavaScript needed: a plain form) and is told it is genuine, then uploads a
copy with one byte changed and is told plainly that it is not the issued document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from e2e.helpers import axe_check, user_for_contact
from e2e.test_apply import regions  # noqa: F401 - a fixture
from e2e.test_decisions import _sign_in, _submitted_ktp_application
from e2e.test_journey_360 import PHONE

pytestmark = pytest.mark.browser


def _finish(application: Any) -> None:
    from satupintu.applications import services
    from satupintu.applications.models import Status
    from satupintu.catalog import demo_data

    approver = user_for_contact(f"penyetuju.disdukcapil@{demo_data.DEMO_DOMAIN}")
    for status in (Status.APPROVED, Status.COMPLETED):
        services.application_transition(actor=approver, application=application, to_status=status)


@pytest.mark.usefixtures("regions")
def test_citizen_downloads_the_signed_output_and_the_public_page_checks_it(
    demo: Any, browser: Browser, tmp_path: Path
) -> None:
    from satupintu.applications.models import Output
    from satupintu.catalog import demo_data

    base = demo.url
    application = _submitted_ktp_application()
    _finish(application)
    output = Output.objects.get(application=application)

    citizen = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    _sign_in(citizen, base, f"siti@{demo_data.DEMO_DOMAIN}", officer=False)
    citizen.goto(f"{base}/permohonan/{application.public_id}/")
    main = citizen.get_by_role("main")
    expect(main.get_by_role("heading", name="Dokumen hasil")).to_be_visible()
    axe_check(citizen)
    with citizen.expect_download() as info:
        main.get_by_role("link", name=f"Unduh dokumen {output.number}").click()
    issued = Path(info.value.path()).read_bytes()
    assert issued.startswith(b"%PDF-")

    verify_in_public(browser, base, output, issued, tmp_path)


def verify_in_public(
    browser: Browser, base: str, output: Any, issued: bytes, tmp_path: Path
) -> None:
    """A stranger finds the document by number, uploads it (genuine), then a copy with one
    byte changed (refused); axe-core on each view of the verification page."""
    good = tmp_path / "asli.pdf"
    good.write_bytes(issued)
    changed = bytearray(issued)
    changed[len(changed) // 4] ^= 0x01
    bad = tmp_path / "diubah.pdf"
    bad.write_bytes(bytes(changed))

    public = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    public.goto(f"{base}/verifikasi/")
    public.get_by_label("Nomor dokumen").fill(output.number)
    public.get_by_role("button", name="Cari dokumen").click()
    page = public.get_by_role("main")
    expect(page).to_contain_text(output.sha256)
    expect(page.locator("#status-dokumen")).to_contain_text("Berlaku")
    axe_check(public)

    public.get_by_label("Berkas PDF yang akan diperiksa").set_input_files(str(good))
    public.get_by_role("button", name="Periksa berkas").click()
    expect(public.locator("#hasil-verifikasi")).to_contain_text("Asli dan utuh.")
    axe_check(public)

    public.get_by_label("Berkas PDF yang akan diperiksa").set_input_files(str(bad))
    public.get_by_role("button", name="Periksa berkas").click()
    verdict = public.locator("#hasil-verifikasi")
    expect(verdict).to_contain_text("Bukan dokumen yang diterbitkan.")
    expect(verdict).not_to_contain_text("Asli dan utuh.")
    axe_check(public)
