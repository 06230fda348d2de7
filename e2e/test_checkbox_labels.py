"""Form pieces that belong together are laid out together: a checkbox beside its statement, a
field's error on its own line above the field.

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


def test_a_field_error_stands_on_its_own_line_above_the_box(demo: Any, page: Page) -> None:
    # An error was an inline span padded for a bulleted list: on a wide screen it ran into the
    # input beside it, and on a phone its first line was indented.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(demo.url + "/akun/daftar/")
    main = page.get_by_role("main")
    main.locator("#id_contact").fill("siti@demo.satupintu.id")
    main.locator("#id_full_name").fill("Siti")
    main.locator("#id_password1").fill("Sandi-Warga-Baru-2026")
    main.locator("#id_password2").fill("Sandi-Warga-Baru-2026")
    main.locator("#id_consent").check()
    main.get_by_role("button", name="Daftar").click()
    error = main.locator(".errorlist", has_text="sudah terdaftar")
    error.wait_for()
    box = main.locator("#id_contact").bounding_box()
    shape = error.evaluate(
        "e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);"
        " return {bottom: r.bottom, x: r.x + parseFloat(s.paddingLeft)}; }"
    )
    assert box is not None
    assert shape["bottom"] <= box["y"], (shape, box)
    assert abs(shape["x"] - box["x"]) < 1, (shape, box)


def test_an_inline_error_word_keeps_to_its_sentence(demo: Any, page: Page) -> None:
    # The check page marks a missing document with <strong class="errorlist">belum diunggah</>,
    # which the list padding pushed away from its document's name.
    page.goto(demo.url + "/akun/daftar/")
    padding = page.evaluate(
        """() => {
            const li = document.createElement('li');
            li.innerHTML = 'Surat: <strong class="errorlist">belum diunggah</strong>';
            document.querySelector('main').appendChild(li);
            return getComputedStyle(li.querySelector('strong')).paddingLeft;
        }"""
    )
    assert padding == "0px"
