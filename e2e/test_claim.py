"""A walk-in registered at the counter (phone, no password, no e-mail) claims the account online:
signing up with the number offers a claim, a code goes to the phone, and they set a password
(issue 9.2)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import axe_check

pytestmark = pytest.mark.browser

PASSWORD = "Sandi-Warga-Baru-2026"
NUMBER = "0813 2222 4444"


def test_a_counter_citizen_claims_the_account_with_an_sms_code(demo: Any, page: Page) -> None:
    from satupintu.accounts.selectors import user_for_contact
    from satupintu.applications import services
    from satupintu.notifications.models import Message

    officer = user_for_contact("loket.disdukcapil@demo.satupintu.id")
    walk_in = services.assisted_register_citizen(
        actor=officer,
        full_name="Warsini",
        nik="3204014101900002",
        phone=NUMBER,
        consent_notice="Data Anda dipakai untuk memproses permohonan.",
    )

    page.goto(demo.url + "/akun/daftar/")
    main = page.get_by_role("main")
    main.locator("#id_contact").fill(NUMBER)
    main.locator("#id_full_name").fill("Warsini")
    main.locator("#id_password1").fill(PASSWORD)
    main.locator("#id_password2").fill(PASSWORD)
    main.get_by_label(re.compile("menyetujui pemberitahuan privasi")).check()
    main.get_by_role("button", name="Daftar").click()

    expect(main).to_contain_text("didaftarkan untuk Anda oleh petugas loket")
    expect(main).not_to_contain_text("pulihkan kata sandi")
    axe_check(page)
    main.get_by_role("button", name=re.compile(r"^Klaim akun 0813")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Klaim akun")
    message = Message.objects.get(user=walk_in, template="contact_code")
    assert message.channel == "sms"
    main.get_by_label(re.compile("^Kode verifikasi")).fill(str(message.context["code"]))
    main.locator("#id_new_password1").fill(PASSWORD)
    main.locator("#id_new_password2").fill(PASSWORD)
    main.get_by_role("button", name="Simpan kata sandi").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk")
    page.get_by_label("Email atau nomor ponsel").fill("+62 813-2222-4444")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("banner")).to_contain_text("Profil saya")
