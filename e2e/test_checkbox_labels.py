"""A checkbox and its statement read as one line on a phone.

Every label was a block, so a consent or declaration box stood alone on its own line with the
words below it, as if the box belonged to the paragraph above (found walking the register page,
the counter's consent and the check page at 360 px).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_the_consent_box_sits_on_the_line_of_its_statement(demo: Any, page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(demo.url + "/akun/daftar/")
    box = page.locator("#id_consent").bounding_box()
    label = page.locator("label[for=id_consent]").bounding_box()
    assert box is not None and label is not None
    # The statement starts beside the box, on the same line, not below it.
    assert label["y"] < box["y"] + box["height"], (box, label)
