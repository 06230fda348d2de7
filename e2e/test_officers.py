"""An agency admin manages officers in the back office, on a phone (360 px) and on a desktop:
adds one (a NIP with a wrong sex digit is refused in words first), names them a unit
supervisor, deactivates them; the new officer follows the invitation, sets a password and is
sent to enrol two-factor before anything else. axe finds no serious issue on the pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from e2e.helpers import axe_check, user_for_contact
from e2e.test_decisions import _fits, _sign_in
from e2e.test_journey_360 import PHONE, screenshot_path

pytestmark = pytest.mark.browser

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
NEW_PASSWORD = "Petugas-Baru-Kuat-2026"


def _look(page: Page, name: str) -> None:
    axe_check(page)
    _fits(page)
    page.screenshot(path=screenshot_path(name), full_page=True)


def _add_officer(page: Page, base: str, *, contact: str, nip: str, tag: str) -> None:
    page.goto(f"{base}/kantor/petugas/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Petugas")
    _look(page, f"petugas-daftar-{tag}")
    page.get_by_role("link", name="Tambah petugas").click()
    main = page.get_by_role("main")
    main.get_by_label("Nama lengkap").fill("Rina Wati")
    main.get_by_label(re.compile("^NIP")).fill(nip[:-4] + "3011")  # sex digit 3
    main.get_by_label(re.compile("^Email atau nomor ponsel dinas")).fill(contact)
    main.get_by_label("Verifikator").check()
    main.get_by_role("button", name="Tambahkan").click()
    expect(main).to_contain_text("Kode jenis kelamin pada NIP (digit 15) harus 1")
    _look(page, f"petugas-tambah-salah-{tag}")
    main.get_by_label(re.compile("^NIP")).fill(nip)
    main.get_by_role("button", name="Tambahkan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rina Wati")


@pytest.mark.parametrize(("viewport", "tag"), [(PHONE, "360"), (DESKTOP, "1280")])
def test_admin_adds_names_supervisor_and_deactivates_an_officer(
    demo: Any, browser: Browser, viewport: ViewportSize, tag: str
) -> None:
    from satupintu.catalog import demo_data
    from satupintu.notifications.models import Message
    from satupintu.organizations import selectors

    base = demo.url
    contact = f"rina.{tag}@disdukcapil.example.id"
    nip = "199203152019032011" if tag == "360" else "199004042015022012"
    admin = browser.new_context(viewport=viewport, locale="id-ID", bypass_csp=True).new_page()
    _sign_in(admin, base, f"admin.disdukcapil@{demo_data.DEMO_DOMAIN}", officer=True)

    _add_officer(admin, base, contact=contact, nip=nip, tag=tag)
    main = admin.get_by_role("main")
    expect(main).to_contain_text(nip[:4] + "*" * 10 + nip[-4:])  # masked
    expect(main).not_to_contain_text(nip)
    _look(admin, f"petugas-rinci-{tag}")

    main.get_by_label(re.compile("^Peran")).select_option("supervisor")
    main.get_by_role("button", name="Beri peran").click()
    expect(main.get_by_role("table")).to_contain_text("Kepala unit (atasan)")
    officer = user_for_contact(contact)
    agency_id = officer.memberships.first().agency_id
    assert officer in selectors.supervisors_of(agency_id, None)

    main.get_by_role("button", name="Nonaktifkan petugas").click()
    expect(admin.get_by_role("status")).to_contain_text("Petugas dinonaktifkan")
    assert selectors.roles_in(officer, agency_id) == set()
    _look(admin, f"petugas-nonaktif-{tag}")
    main.get_by_role("button", name="Aktifkan kembali").click()
    expect(admin.get_by_role("status")).to_contain_text("diaktifkan kembali")

    # The list finds the officer by NIP (typed with spaces), masked.
    admin.goto(f"{base}/kantor/petugas/")
    admin.get_by_label("Cari nama atau NIP").fill(f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}")
    admin.get_by_role("button", name="Tampilkan").click()
    expect(admin.get_by_role("main").get_by_role("link", name="Rina Wati")).to_be_visible()
    assert nip not in admin.url

    # The invitation: set a password with the link, sign in, enrol two-factor first.
    link = Message.objects.get(user=officer, template="officer_invitation").context["link"]
    newcomer = browser.new_context(viewport=viewport, locale="id-ID", bypass_csp=True).new_page()
    newcomer.goto(link.replace("http://testserver", base).replace(_site(), base))
    newcomer.get_by_label(re.compile("^Kata sandi baru")).fill(NEW_PASSWORD)
    newcomer.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Simpan kata sandi").click()
    newcomer.goto(base + "/akun/masuk/?next=/kantor/")
    newcomer.get_by_label("Email atau nomor ponsel").fill(contact)
    newcomer.get_by_label("Kata sandi").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Masuk").click()
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Aktifkan verifikasi dua langkah")


def _site() -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/")
