"""/api/v1/docs renders Swagger UI under the site's real Content-Security-Policy."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_with_the_csp_enforced(browser: Browser, live_server: Any) -> None:
    context = browser.new_context(bypass_csp=False)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto(live_server.url + "/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    expect(page.locator(".info .title")).to_contain_text("SatuPintu API")
    assert outside == []
    assert [p for p in problems if "Content Security Policy" in p] == []
    context.close()
