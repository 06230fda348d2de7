"""A citizen finds the birth-certificate service, reads its standard, and switches language."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from e2e.helpers import axe_check, transfer_size

pytestmark = pytest.mark.browser

SERVICE_PAGE = re.compile(r"/layanan/[-\w]+/$")
AGENCY_PAGE = re.compile(r"/instansi/[-\w]+/$")


def search_form(page: Page) -> tuple[Locator, Locator]:
    """The search box in the page's main content and its form's submit button."""
    form = page.get_by_role("main").locator("form").filter(has=page.get_by_role("searchbox")).first
    return form.get_by_role("searchbox"), form.get_by_role("button").first


def search_for_akta_lahir(page: Page) -> None:
    box, submit = search_form(page)
    expect(box).to_be_visible()
    box.fill("akta lahir")
    submit.click()
    expect(page).to_have_url(re.compile(r"/layanan/\?q=akta\+lahir$"))


def open_akta_kelahiran(page: Page) -> None:
    page.get_by_role("main").get_by_role("link", name=re.compile(r"Akta Kelahiran")).first.click()
    expect(page).to_have_url(SERVICE_PAGE)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Akta Kelahiran")


def expect_service_standard(page: Page) -> None:
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name=re.compile(r"^Persyaratan"))).to_be_visible()
    expect(main.get_by_role("heading", name=re.compile(r"prosedur", re.IGNORECASE))).to_be_visible()
    expect(main).to_contain_text(re.compile(r"\d+\s+hari kerja"))
    expect(main).to_contain_text("Gratis")


def check_page(page: Page) -> None:
    """Reload the current page with an empty cache to weigh it, then run axe-core on it."""
    transfer_size(page, page.url)
    axe_check(page)


def test_citizen_finds_akta_kelahiran_reads_it_in_english_and_visits_the_agency(
    demo: Any, page: Page
) -> None:
    transfer_size(page, demo.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    axe_check(page)

    search_for_akta_lahir(page)
    results = page.get_by_role("main")
    expect(results.get_by_role("link", name=re.compile(r"Akta Kelahiran")).first).to_be_visible()
    check_page(page)

    open_akta_kelahiran(page)
    expect_service_standard(page)
    check_page(page)
    service_url = page.url

    page.get_by_role("banner").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(service_url)
    expect(page.get_by_role("banner").get_by_role("link", name="Bahasa Indonesia")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        re.compile("Birth certificate", re.IGNORECASE)
    )
    expect(
        page.get_by_role("main").get_by_role("heading", name=re.compile(r"^Requirements"))
    ).to_be_visible()
    check_page(page)

    page.get_by_role("main").get_by_role(
        "link", name=re.compile("Kependudukan|Disdukcapil|Civil Registr")
    ).first.click()
    expect(page).to_have_url(AGENCY_PAGE)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        re.compile("Kependudukan|Civil Registr|Disdukcapil")
    )
    check_page(page)


@pytest.mark.browser_context_args(java_script_enabled=False, bypass_csp=False)
def test_search_and_service_page_work_without_javascript_and_within_the_csp(
    demo: Any, page: Page
) -> None:
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.goto(demo.url + "/")
    search_for_akta_lahir(page)
    open_akta_kelahiran(page)
    expect_service_standard(page)

    page.get_by_role("banner").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert not csp_errors, "CSP violations:\n" + "\n".join(csp_errors)
