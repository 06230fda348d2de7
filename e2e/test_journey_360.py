"""The issue-9 journey on a 360 px phone, with JavaScript on and off.

A new citizen registers, applies for a replacement KTP-el because the card was lost (the police
letter is asked for only then, and required), the verifier asks for a correction, the citizen
corrects and resubmits, and checks the public status. Every page must fit the screen (no
sideways scrolling) and pass axe-core without a serious or critical finding.

axe needs JavaScript, so with JavaScript off each page's HTML is checked in a second, script-
enabled tab of the same origin; the width is measured on the JavaScript-off page itself.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from e2e.helpers import axe_check, user_for_contact
from e2e.test_apply import PASSWORD, make_pdf, make_photo, regions  # noqa: F401 - a fixture

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 780}
CITIZEN_EMAIL = "wulan.sari@example.id"
CITIZEN_NIK = "3204015507900002"
POLICE_LETTER = "Surat keterangan kehilangan dari Kepolisian"
NOTE = "Nomor surat kehilangan tidak terbaca; tulis ulang sesuai surat dari Polsek."
FIXED_NUMBER = "SKTLK/123/XII/2026/Polsek Cileunyi"


def screenshot_path(name: str) -> str:
    """Where a page's picture goes (the temp folder: /tmp/journey-*.png) to look at by eye."""
    return str(Path(tempfile.gettempdir()) / f"journey-{name}.png")


class Journey:
    """Pages of one person, and the checks every page gets."""

    def __init__(self, browser: Browser, *, javascript: bool, name: str) -> None:
        self.javascript = javascript
        self.name = name
        self.context = browser.new_context(
            viewport=PHONE,
            locale="id-ID",
            timezone_id="Asia/Jakarta",
            java_script_enabled=javascript,
            # The real CSP with JavaScript off; axe is injected only into the checker tab.
            bypass_csp=javascript,
        )
        self.page = self.context.new_page()
        self._checker: BrowserContext | None = None
        self._checker_page: Page | None = None
        self.browser = browser
        self.shots = 0

    def check(self, label: str) -> None:
        """No sideways scroll, no serious axe finding, and a screenshot to look at."""
        page = self.page
        page.wait_for_load_state("load")
        width = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth, location.pathname]"
        )
        assert width[0] <= width[1], f"{label}: {width[2]} is {width[0]} px wide at {width[1]} px"
        if self.javascript:
            axe_check(page)
        else:
            self._axe_without_javascript(page)
        self.shots += 1
        mode = "js" if self.javascript else "nojs"
        page.screenshot(
            path=screenshot_path(f"{mode}-{self.name}-{self.shots:02d}-{label}"), full_page=True
        )

    def _axe_without_javascript(self, page: Page) -> None:
        if self._checker_page is None:
            self._checker = self.browser.new_context(viewport=PHONE, bypass_csp=True)
            self._checker_page = self._checker.new_page()
        checker = self._checker_page
        origin = re.match(r"https?://[^/]+", page.url)
        assert origin is not None
        checker.goto(origin.group(0) + "/cek-status/")
        checker.set_content(page.content())
        axe_check(checker)

    def close(self) -> None:
        if self._checker is not None:
            self._checker.close()
        self.context.close()


@pytest.fixture
def journeys(browser: Browser) -> Iterator[list[Journey]]:
    opened: list[Journey] = []
    yield opened
    for journey in opened:
        journey.close()


def _next(page: Page) -> None:
    page.get_by_role("button", name="Simpan dan lanjutkan", exact=True).click()


def _register(citizen: Journey, base: str) -> None:
    from satupintu.notifications.models import Message

    page = citizen.page
    page.goto(base + "/akun/daftar/")
    citizen.check("daftar")
    main = page.get_by_role("main")
    main.locator("#id_contact").fill(CITIZEN_EMAIL)
    main.locator("#id_full_name").fill("Wulan Sari")
    main.locator("#id_password1").fill(PASSWORD)
    main.locator("#id_password2").fill(PASSWORD)
    main.get_by_label(re.compile("menyetujui pemberitahuan privasi")).check()
    main.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Konfirmasi kontak")
    citizen.check("konfirmasi")
    message = Message.objects.filter(template="contact_code").latest("created_at")
    page.get_by_label("Kode verifikasi").fill(str(message.context["code"]))
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_role("main")).not_to_contain_text("Kode verifikasi salah")


def _apply_for_a_lost_card(citizen: Journey, base: str, pdf: Path, photo: Path) -> str:
    page = citizen.page
    page.goto(base + "/layanan/ktp-el/")
    citizen.check("layanan")
    page.get_by_role("main").get_by_role("link", name="Ajukan permohonan").click()
    expect(page.get_by_role("main")).to_contain_text(POLICE_LETTER)
    expect(page.get_by_role("main")).to_contain_text("hanya jika Jenis permohonan")
    citizen.check("mulai")
    page.get_by_role("button", name="Mulai mengisi").click()

    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data pemohon")
    expect(main.get_by_label("Nama lengkap pemohon")).to_have_value("Wulan Sari")
    main.get_by_label("NIK pemohon").fill(CITIZEN_NIK)
    main.get_by_label("Nomor ponsel").fill("081234567891")
    main.get_by_label("Kelurahan/desa").fill("Cibiru Wetan")
    main.get_by_label("Jalan, nomor rumah, RT/RW").fill("Jl. Mawar No. 7 RT 01/RW 02")
    citizen.check("data-pemohon")
    _next(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Permohonan")
    letter_number = main.get_by_label("Nomor surat keterangan kehilangan dari kepolisian")
    expect(letter_number).to_have_count(0)  # asked only for a lost card
    citizen.check("permohonan")
    main.get_by_label("Penggantian karena hilang").check()
    if citizen.javascript:
        # htmx swaps the questions in as soon as the answer changes.
        expect(letter_number).to_be_visible()
    else:
        _next(page)
        expect(main).to_contain_text("pertanyaan tambahan")
        expect(page.get_by_role("heading", level=1)).to_have_text("Permohonan")
    expect(letter_number).to_be_visible()
    citizen.check("permohonan-hilang")
    letter_number.fill("SKTLK/12")
    _next(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Unggah dokumen")
    cards = main.locator("li.card")
    expect(main.locator("li.card", has_text=POLICE_LETTER)).to_have_count(1)
    kk = cards.filter(has_text="Kartu Keluarga (KK)")
    kk.locator("input[type=file]").set_input_files(str(photo))
    kk.get_by_role("button", name=re.compile("^Unggah")).click()
    expect(main.locator("li.card", has_text="Kartu Keluarga (KK)")).to_contain_text(
        "Sudah diunggah"
    )
    citizen.check("dokumen")
    page.get_by_role("link", name="Lanjut ke pemeriksaan").click()

    # The police letter is required for a lost card: the summary names it and links to it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Periksa jawaban Anda")
    expect(main).to_contain_text(CITIZEN_NIK)  # the citizen's own NIK, in full, to check
    page.get_by_label(re.compile("Saya menyatakan data yang saya isi benar")).check()
    page.get_by_role("button", name="Ajukan permohonan").click()
    summary = main.get_by_role("alert")
    expect(summary).to_contain_text("Masih ada yang perlu diperbaiki")
    citizen.check("periksa-kurang")
    summary.get_by_role("link", name=POLICE_LETTER).click()
    expect(page).to_have_url(re.compile(r"/dokumen/#d\d+$"))
    letter = main.locator("li.card", has_text=POLICE_LETTER)
    letter.locator("input[type=file]").set_input_files(str(pdf))
    letter.get_by_role("button", name=re.compile("^Unggah")).click()
    expect(main.locator("li.card", has_text=POLICE_LETTER)).to_contain_text("Sudah diunggah")
    page.get_by_role("link", name="Lanjut ke pemeriksaan").click()
    citizen.check("periksa")
    page.get_by_label(re.compile("Saya menyatakan data yang saya isi benar")).check()
    page.get_by_role("button", name="Ajukan permohonan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Permohonan diterima")
    citizen.check("tanda-terima")
    code = page.locator("#nomor-registrasi").inner_text().strip()
    secret = page.locator("#kode-rahasia").inner_text().strip()
    return f"{code} {secret}"


def _verifier_asks_for_a_correction(verifier: Journey, base: str, code: str) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from satupintu.applications.models import Application
    from satupintu.catalog import demo_data

    username = f"verifikator.disdukcapil@{demo_data.DEMO_DOMAIN}"
    page = verifier.page
    page.goto(base + "/akun/masuk/")
    page.get_by_label("Email atau nomor ponsel").fill(username)
    page.get_by_label("Kata sandi").fill(demo_data.demo_password())
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktifkan verifikasi dua langkah")
    device = TOTPDevice.objects.get(user=user_for_contact(username), confirmed=False)
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Kode verifikasi").fill(f"{token:0{device.digits}d}")
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Aktifkan verifikasi dua langkah")

    application = Application.objects.get(tracking_code=code)
    page.goto(f"{base}/kantor/permohonan/{application.public_id}/")
    verifier.check("petugas-berkas")
    page.get_by_role("button", name="Ubah ke: Sedang diproses").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Sedang diproses")
    # The note is required for a correction, and the page says so.
    note = main.get_by_label(re.compile("^Catatan untuk pemohon"))
    expect(main).to_contain_text("Wajib bila meminta perbaikan")
    main.get_by_role("button", name="Ubah ke: Perlu perbaikan").click()
    expect(main).to_contain_text("Tuliskan apa yang perlu diperbaiki pemohon.")
    verifier.check("petugas-catatan-wajib")
    note.fill(NOTE)
    main.get_by_role("button", name="Ubah ke: Perlu perbaikan").click()
    expect(main).to_contain_text("Status permohonan diperbarui.")
    verifier.check("petugas-perbaikan")


def _citizen_corrects(citizen: Journey, base: str) -> None:
    from satupintu.notifications.models import Message
    from satupintu.notifications.rendering import render

    # The message says what to fix (the note is sealed in the outbox and opened to render it).
    sent = Message.objects.filter(template="application_status").latest("created_at")
    assert NOTE in render(sent.template, sent.language, sent.context).body

    page = citizen.page
    page.goto(base + "/permohonan/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Perlu perbaikan")
    citizen.check("daftar-permohonan")
    main.get_by_role("link", name=re.compile(r"^SP-")).first.click()
    expect(main).to_contain_text(NOTE)
    action = main.get_by_role("link", name="Perbaiki dan kirim ulang")
    expect(action).to_be_visible()
    citizen.check("permohonan-perbaikan")
    action.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Periksa jawaban Anda")
    expect(main).to_contain_text(NOTE)
    main.get_by_role("link", name="Ubah Permohonan").click()
    expect(main).to_contain_text(NOTE)
    main.get_by_label("Nomor surat keterangan kehilangan dari kepolisian").fill(FIXED_NUMBER)
    citizen.check("perbaiki-isian")
    _next(page)
    page.get_by_role("link", name="Lanjut ke pemeriksaan").click()
    expect(main).to_contain_text(FIXED_NUMBER)
    page.get_by_label(re.compile("Saya menyatakan data yang saya isi benar")).check()
    page.get_by_role("button", name="Kirim ulang permohonan").click()
    expect(main).to_contain_text("Perbaikan terkirim")
    expect(main).to_contain_text("Sedang diproses")
    expect(main.get_by_role("link", name="Perbaiki dan kirim ulang")).to_have_count(0)
    citizen.check("terkirim-ulang")


def _status_check(citizen: Journey, base: str, code: str, secret: str, *, expected: str) -> None:
    page = citizen.page
    page.goto(f"{base}/cek-status/?kode={code}")
    citizen.check("cek-status")
    page.get_by_label("Kode rahasia").fill(secret)
    page.get_by_role("button", name="Cek status").click()
    status = page.locator("#status")
    expect(status).to_contain_text(expected)
    expect(status).to_contain_text("Perkiraan selesai")
    if expected == "Perlu perbaikan":
        expect(status).to_contain_text("Pemohon perlu bertindak.")
        expect(status).not_to_contain_text(NOTE)  # no case details on a public page
    else:
        expect(status).not_to_contain_text("Pemohon perlu bertindak.")
    citizen.check("status")


@pytest.mark.usefixtures("regions")
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_register_apply_correct_resubmit_and_track_on_a_360_px_phone(
    demo: Any,
    browser: Browser,
    journeys: list[Journey],
    tmp_path: Path,
    javascript: bool,
) -> None:
    from satupintu.applications.models import Application, Status

    base = demo.url
    pdf = make_pdf(tmp_path / "surat-kehilangan.pdf")
    photo = make_photo(tmp_path / "kk.jpg")
    citizen = Journey(browser, javascript=javascript, name="warga")
    verifier = Journey(browser, javascript=javascript, name="verifikator")
    journeys.extend([citizen, verifier])

    _register(citizen, base)
    code, secret = _apply_for_a_lost_card(citizen, base, pdf, photo).split()
    application = Application.objects.get(tracking_code=code)
    assert application.answers["jenis-permohonan"] == "hilang"
    assert application.documents.count() == 2

    _verifier_asks_for_a_correction(verifier, base, code)
    _status_check(citizen, base, code, secret, expected="Perlu perbaikan")
    _citizen_corrects(citizen, base)
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert application.answers["nomor-surat-kehilangan"] == FIXED_NUMBER
    _status_check(citizen, base, code, secret, expected="Sedang diproses")
