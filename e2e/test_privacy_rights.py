"""Siti exercises her rights on a phone (360 px) and the DPO handles them: export, correction of
her address, restriction and erasure (UU 27/2022)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.helpers import axe_check, user_for_contact
from e2e.test_decisions import _fits, _sign_in
from e2e.test_journey_360 import PHONE

pytestmark = pytest.mark.browser


def _ask(page: Page, base: str, slug: str, fill: dict[str, str] | None = None) -> None:
    page.goto(f"{base}/privasi/permintaan/baru/{slug}/")
    _fits(page)
    axe_check(page)
    for label, value in (fill or {}).items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Kirim permintaan").click()
    expect(page.get_by_role("main")).to_contain_text("Diterima")
    _fits(page)


def _handle(dpo: Page, base: str, kind: str) -> None:
    from satupintu.privacy.models import DataSubjectRequest

    dsr = DataSubjectRequest.objects.filter(kind=kind).latest("id")
    dpo.goto(f"{base}/kantor/privasi/")
    _fits(dpo)
    dpo.goto(f"{base}/kantor/privasi/permintaan/{dsr.pk}/")
    axe_check(dpo)
    dpo.get_by_role("button", name="Proses permintaan ini").click()
    dpo.get_by_role("button", name="Selesaikan permintaan").click()
    expect(dpo.get_by_role("main")).to_contain_text("Selesai")
    _fits(dpo)


def test_siti_exports_corrects_restricts_and_erases_and_the_dpo_handles_it(
    demo: Any, browser: Browser
) -> None:
    from satupintu.catalog import demo_data
    from satupintu.privacy import selectors

    base = demo.url
    contact = f"siti@{demo_data.DEMO_DOMAIN}"
    siti = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    _sign_in(siti, base, contact, officer=False)
    siti.goto(f"{base}/privasi/kebijakan/")
    expect(siti.get_by_role("main")).to_contain_text("ppdp@disdukcapil.bandungkab.example")
    _fits(siti)  # the retention and DPO tables stack at 360 px
    axe_check(siti)
    siti.goto(f"{base}/akun/profil/")
    siti.get_by_role("link", name="Buka halaman Privasi").click()
    _fits(siti)
    axe_check(siti)
    with siti.expect_download() as download:
        siti.get_by_role("link", name="Unduh data (JSON)").click()
    assert download.value.suggested_filename.endswith(".json")

    dpo = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    _sign_in(dpo, base, f"ppdp.disdukcapil@{demo_data.DEMO_DOMAIN}", officer=True)

    _ask(siti, base, "perbaikan", {"Alamat jalan yang benar": "Jl. Kenanga No. 3"})
    _handle(dpo, base, "correction")
    assert user_for_contact(contact).address_street == "Jl. Kenanga No. 3"

    _ask(siti, base, "pembatasan")
    _handle(dpo, base, "restriction")
    assert selectors.processing_restricted(user_for_contact(contact))
    siti.goto(f"{base}/privasi/")
    expect(siti.get_by_role("main")).to_contain_text("sedang dibatasi")

    erased_id = user_for_contact(contact).pk
    _ask(siti, base, "penghapusan")
    _handle(dpo, base, "erasure")
    from satupintu.accounts.models import User

    erased = User.objects.get(pk=erased_id)
    assert erased.full_name == "Pengguna Terhapus"
    assert not erased.is_active
