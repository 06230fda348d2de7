"""The one mobile-number rule (core.identifiers) and the log mask that must cover it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from satupintu.core.identifiers import (
    PHONE_MAX_DIGITS,
    PHONE_MIN_DIGITS,
    is_phone,
    validate_phone,
)
from satupintu.core.logging import redact
from satupintu.tests.logcapture import masked_log


@pytest.mark.parametrize(
    "typed",
    ["081234567890", "+62 812-3456-7890", "62 812 3456 7890", "812.3456.7890", "(0812) 3456 7890"],
)
def test_every_way_of_typing_becomes_08(typed):
    assert validate_phone(typed) == "081234567890"


@pytest.mark.parametrize(
    "typed",
    ["", "08123456", "081234567", "0812345678901234", "0712345678", "08123abc4567", "+1 555 0100"],
)
def test_what_is_not_a_mobile_number_is_refused(typed):
    with pytest.raises(ValidationError) as caught:
        validate_phone(typed)
    assert "081234567890" in caught.value.messages[0]
    assert not is_phone(typed)


def test_the_range_is_ten_to_fifteen_digits():
    assert (PHONE_MIN_DIGITS, PHONE_MAX_DIGITS) == (10, 15)
    assert is_phone("0812345678") and is_phone("081234567890123")
    assert not is_phone("081234567") and not is_phone("0812345678901234")


def _accepted_forms(digits_after_8: int) -> list[str]:
    rest = "".join(str((i * 7 + 3) % 10) for i in range(digits_after_8))
    local = "08" + rest
    return [
        local,
        "62" + local[1:],
        "+62" + local[1:],
        local[1:],
        f"{local[:4]}-{local[4:8]}-{local[8:]}",
        f"+62 {local[1:4]} {local[4:8]} {local[8:]}",
        f"({local[:4]}) {local[4:]}",
        f"{local[:4]}.{local[4:]}",
    ]


@pytest.mark.parametrize("length", range(PHONE_MIN_DIGITS, PHONE_MAX_DIGITS + 1))
def test_every_number_the_rule_accepts_is_masked(length):
    for form in _accepted_forms(length - 2):
        assert is_phone(form), form
        out = redact(f"kirim ke {form} gagal")
        assert out.startswith("kirim ke ") and out.endswith(" gagal")
        shown = out.removeprefix("kirim ke ").removesuffix(" gagal")
        # Of the number at most four leading and the last two digits are left.
        assert sum(ch.isdigit() for ch in shown) <= 6, (form, shown)
        assert "*" * (length - 6) in shown.replace(" ", "").replace("-", "").replace(".", "")
        assert len(shown) == len(form)


def test_a_fifteen_digit_number_is_masked_in_log_output():
    number = "081234567890123"
    assert validate_phone(number) == number  # accepted by the rule, so by every form
    with masked_log("satupintu.test.phone") as (log, buffer):
        log.warning("SMS ke %s gagal; juga +62 %s", number, number[1:])
    output = buffer.getvalue()
    assert "0812*********23" in output
    assert number not in output and number[1:] not in output
    assert "4567890" not in output


def test_longer_runs_of_digits_are_not_phone_numbers_but_niks_stay_masked():
    assert redact("NIK 3204010101010003") == "NIK 3204********0003"
    assert redact("nomor 1234567") == "nomor 1234567"
