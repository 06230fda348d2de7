"""A new citizen starts an application, has no account yet, registers from the sign-in page and,
after typing the code, lands back on the application they started (issue 9.8)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import axe_check
from e2e.test_portal import open_akta_kelahiran, search_form

pytestmark = pytest.mark.browser

PASSWORD = "Sandi-Warga-Baru-2026"
START_PAGE = re.compile(r"/permohonan/baru/[-\w]+/$")


def test_register_from_sign_in_keeps_next_through_the_code(demo: Any, page: Page) -> None:
    from satupintu.notifications.models import Message

    base = demo.url
    page.goto(base + "/")
    box, submit = search_form(page)
    box.fill("Akta Kelahiran")
    submit.click()
    open_akta_kelahiran(page)
    page.get_by_role("main").get_by_role("link", name="Ajukan permohonan").click()

    # Not signed in: the sign-in page, which offers to register in its body.
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk")
    wanted = parse_qs(urlsplit(page.url).query)["next"][0]
    assert START_PAGE.search(wanted)
    header_register = page.get_by_role("banner").get_by_role("link", name="Daftar")
    assert parse_qs(urlsplit(header_register.get_attribute("href") or "").query)["next"] == [wanted]
    axe_check(page)
    page.get_by_role("main").get_by_role("link", name="Daftar akun baru").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Daftar akun")
    main = page.get_by_role("main")
    main.locator("#id_contact").fill("0812 7000 1234")
    main.locator("#id_full_name").fill("Dewi Lestari")
    main.locator("#id_password1").fill(PASSWORD)
    main.locator("#id_password2").fill(PASSWORD)
    main.get_by_label(re.compile("menyetujui pemberitahuan privasi")).check()
    main.get_by_role("button", name="Daftar").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Konfirmasi kontak")
    message = Message.objects.filter(template="contact_code").latest("created_at")
    assert message.channel == "sms"
    page.get_by_label("Kode verifikasi").fill(str(message.context["code"]))
    page.get_by_role("button", name="Konfirmasi").click()

    # Back where the citizen started, ready to apply.
    expect(page).to_have_url(re.compile(re.escape(wanted) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ajukan permohonan")
    expect(page.get_by_role("button", name="Mulai mengisi")).to_be_visible()


def test_a_foreign_next_is_not_followed_after_registering(demo: Any, page: Page) -> None:
    from satupintu.notifications.models import Message

    base = demo.url
    page.goto(base + "/akun/daftar/?next=https://contoh-jahat.example/curi")
    main = page.get_by_role("main")
    main.locator("#id_contact").fill("dewi@example.id")
    main.locator("#id_full_name").fill("Dewi Lestari")
    main.locator("#id_password1").fill(PASSWORD)
    main.locator("#id_password2").fill(PASSWORD)
    main.get_by_label(re.compile("menyetujui pemberitahuan privasi")).check()
    main.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Konfirmasi kontak")
    message = Message.objects.filter(template="contact_code").latest("created_at")
    page.get_by_label("Kode verifikasi").fill(str(message.context["code"]))
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page).to_have_url(base + "/akun/profil/")
