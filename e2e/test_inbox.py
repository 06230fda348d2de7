"""The officer's inbox in Chromium, on a phone (360 px) and a desktop (1280 px), with JavaScript
on and off: the case waiting on the approver is listed with its deadline and zone, the officer
searches it by the applicant's name, claims it with the row's button, and releases it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from e2e.helpers import axe_check
from e2e.test_apply import regions  # noqa: F401 - a fixture
from e2e.test_decisions import _fits, _sign_in, _submitted_ktp_application
from e2e.test_journey_360 import PHONE, screenshot_path

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.usefixtures("regions")
@pytest.mark.parametrize(
    ("viewport", "javascript"),
    [(PHONE, True), (PHONE, False), (DESKTOP, True), (DESKTOP, False)],
    ids=["360-js", "360-nojs", "1280-js", "1280-nojs"],
)
def test_inbox_search_claim_and_release(
    demo: Any, browser: Browser, viewport: Any, javascript: bool
) -> None:
    from satupintu.applications.models import Application
    from satupintu.catalog import demo_data

    application = _submitted_ktp_application()  # waits on the approver now
    surname = application.applicant.full_name.split()[-1]
    context = browser.new_context(
        viewport=viewport, locale="id-ID", java_script_enabled=javascript, bypass_csp=True
    )
    page = context.new_page()
    _sign_in(page, demo.url, f"penyetuju.disdukcapil@{demo_data.DEMO_DOMAIN}", officer=True)
    page.goto(f"{demo.url}/kantor/permohonan/")
    main = page.get_by_role("main")
    expect(main).to_contain_text(application.tracking_code)
    expect(main).to_contain_text("WIB")
    name = f"inbox-{viewport['width']}-{'js' if javascript else 'nojs'}"
    page.screenshot(path=screenshot_path(name), full_page=True)
    if javascript:
        # axe needs JavaScript; without it the server sends the very same HTML.
        axe_check(page)
    _fits(page)

    main.locator("summary", has_text="Saring dan cari").click()
    main.get_by_label("Cari nomor registrasi atau nama pemohon").fill(surname)
    main.get_by_role("button", name="Tampilkan").click()
    expect(main.get_by_role("link", name=application.tracking_code)).to_be_visible()

    main.get_by_role("button", name=f"Ambil {application.tracking_code}").click()
    expect(page.get_by_role("status")).to_contain_text("sekarang Anda pegang")
    assert Application.objects.get(pk=application.pk).assignee_id is not None
    page.screenshot(path=screenshot_path(f"{name}-diambil"), full_page=True)
    _fits(page)
    main = page.get_by_role("main")
    main.get_by_role("button", name=f"Lepaskan {application.tracking_code}").click()
    expect(page.get_by_role("status")).to_contain_text("dikembalikan ke antrean bersama")
    assert Application.objects.get(pk=application.pk).assignee_id is None
    context.close()
