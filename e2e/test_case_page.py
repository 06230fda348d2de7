# ruff: noqa: F811 - the journeys fixture is imported as a fixture and used as an argument
"""The verifier's case page on a 360 px phone and a 1280 px desk, with JavaScript on and off.

Siti's KTP-el case is in review; the verifier opens it, reads what is left to do, sees the
document in place, rejects it with a reason (the form is a plain <details> and POST, so it works
without JavaScript), and finds the correction form starting with that document ticked. Every view
fits its screen without sideways scrolling and passes axe-core; screenshots go to
/tmp/journey-{js,nojs}-verifikator-*.png to be looked at.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from e2e.test_apply import regions  # noqa: F401 - a fixture
from e2e.test_decisions import OLD_NAME, _sign_in, _submitted_ktp_application
from e2e.test_journey_360 import Journey, journeys  # noqa: F401 - a fixture

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 900}
REASON = "Pindaian KK buram di bagian NIK kepala keluarga."


def _both_widths(verifier: Journey, label: str) -> None:
    verifier.check(f"{label}-360")
    verifier.page.set_viewport_size(DESK)  # type: ignore[arg-type]
    verifier.check(f"{label}-1280")
    verifier.page.set_viewport_size({"width": 360, "height": 780})


@pytest.mark.usefixtures("regions")
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_verifier_checks_a_document_on_phone_and_desk(
    demo: Any, browser: Browser, journeys: list[Journey], javascript: bool
) -> None:
    from satupintu.applications.models import Document
    from satupintu.catalog import demo_data

    base = demo.url
    application = _submitted_ktp_application()
    verifier = Journey(browser, javascript=javascript, name="verifikator")
    journeys.append(verifier)
    page = verifier.page
    _sign_in(page, base, f"verifikator.disdukcapil@{demo_data.DEMO_DOMAIN}", officer=True)
    page.goto(f"{base}/kantor/permohonan/{application.public_id}/")
    main = page.get_by_role("main")
    expect(main.locator("#tugas")).to_contain_text(f"Periksa dokumen: {OLD_NAME}.")
    expect(main.locator("iframe.doc-view")).to_have_count(1)
    expect(main.get_by_role("link", name=f"Unduh {OLD_NAME}")).to_be_visible()
    _both_widths(verifier, "kasus")

    card = main.locator("li.doc", has=page.get_by_role("heading", name=OLD_NAME))
    card.locator("summary", has_text="Tolak dokumen ini").click()
    card.get_by_label(f"Alasan menolak {OLD_NAME}").fill(REASON)
    card.get_by_role("button", name=f"Tolak {OLD_NAME}").click()
    expect(main).to_contain_text("Dokumen ditolak.")
    expect(main.locator("li.doc")).to_contain_text(REASON)
    correction = main.locator("#tindakan-request_correction")
    expect(correction.get_by_label(f"Dokumen: {OLD_NAME} (ditolak)")).to_be_checked()
    _both_widths(verifier, "ditolak")
    document = Document.objects.get(application=application)
    assert document.review == Document.Review.REJECTED and document.review_reason == REASON
