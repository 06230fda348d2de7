from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import lokal
import pytest
from django import forms
from django.core.exceptions import ValidationError

from satupintu.core.identifiers import (
    PROVINCE_CODES,
    NikFormField,
    NikResult,
    NipFormField,
    NipResult,
    mask_identifier,
    nik_validator,
    nip_validator,
    validate_nik,
    validate_nip,
)

TODAY = dt.date(2026, 6, 1)


def nik(value: Any, **kwargs: Any) -> NikResult:
    kwargs.setdefault("check_regions", False)
    return validate_nik(value, today=TODAY, **kwargs)


def refusal(check: Callable[[Any], object], value: Any) -> tuple[set[str], list[str]]:
    """The error codes and messages with which `check` refuses `value` (it must refuse)."""
    with pytest.raises(ValidationError) as exc:
        check(value)
    return {str(e.code) for e in exc.value.error_list}, exc.value.messages


# --- NIK ------------------------------------------------------------------------------------


def test_valid_nik_is_split_into_its_parts() -> None:
    result = nik("3204110101900003")
    assert result.normalized == "3204110101900003"
    assert result.province_code == "32"
    assert result.regency_code == "32.04"
    assert result.district_code == "32.04.11"
    assert result.birth_date == dt.date(1990, 1, 1)
    assert result.sex == "M"
    assert result.serial == "0003"
    assert result.warnings == []


def test_nik_separators_are_stripped() -> None:
    assert nik(" 3204 1101.0190-0003 ").normalized == "3204110101900003"


@pytest.mark.parametrize(
    ("ddmmyy", "birth_date"),
    [
        ("410190", dt.date(1990, 1, 1)),
        ("550190", dt.date(1990, 1, 15)),
        ("710190", dt.date(1990, 1, 31)),
    ],
)
def test_womens_day_is_written_plus_forty(ddmmyy: Any, birth_date: Any) -> None:
    result = nik(f"320411{ddmmyy}0002")
    assert result.sex == "F"
    assert result.birth_date == birth_date


@pytest.mark.parametrize("day", ["00", "32", "40", "72", "99"])
def test_day_outside_both_ranges_is_rejected(day: Any) -> None:
    codes, _messages = refusal(nik, f"320411{day}01900002")
    assert codes == {"nik_date"}


def test_month_thirteen_is_rejected() -> None:
    codes, _messages = refusal(nik, "3204110113900002")
    assert codes == {"nik_date"}


def test_31st_of_a_30_day_month_is_rejected() -> None:
    with pytest.raises(ValidationError):
        nik("3204113104900002")


def test_29_february_00_is_valid_because_2000_was_a_leap_year() -> None:
    assert nik("3204112902000001").birth_date == dt.date(2000, 2, 29)
    assert nik("3204116902000001").birth_date == dt.date(2000, 2, 29)


def test_29_february_04_is_valid() -> None:
    assert nik("3204112902040001").birth_date == dt.date(2004, 2, 29)


@pytest.mark.parametrize("yy", ["01", "99"])
def test_29_february_in_a_year_not_leap_in_either_century_is_rejected(yy: Any) -> None:
    # 1901/2001 and 1999/2099 are common years.
    codes, _messages = refusal(nik, f"3204112902{yy}0001")
    assert codes == {"nik_date"}


def test_two_digit_year_takes_the_latest_century_not_in_the_future() -> None:
    assert nik("3204110101250001").birth_date == dt.date(2025, 1, 1)
    assert nik("3204110101300001").birth_date == dt.date(1930, 1, 1)
    assert validate_nik(
        "3204110101250001", check_regions=False, today=dt.date(2024, 1, 1)
    ).birth_date == dt.date(1925, 1, 1)


@pytest.mark.parametrize("province", ["99", "00", "20", "37"])
def test_unknown_province_is_rejected(province: Any) -> None:
    codes, messages = refusal(nik, f"{province}04110101900003")
    assert codes == {"nik_province"}
    assert province in messages[0]


def test_serial_0000_is_rejected() -> None:
    codes, _messages = refusal(nik, "3204110101900000")
    assert codes == {"nik_serial"}


def test_every_problem_is_reported_at_once() -> None:
    codes, _messages = refusal(nik, "9904113201900000")
    assert codes == {"nik_province", "nik_date", "nik_serial"}


@pytest.mark.parametrize(
    "value",
    [
        "",
        "320411010190000",
        "32041101019000031",
        "32041101019A0003",
        "3204110101900003x",
        None,
        "３２０４１１０１０１９０００３",
    ],
)
def test_wrong_length_letters_and_non_ascii_digits_are_rejected(value: Any) -> None:
    codes, messages = refusal(nik, value)
    assert codes == {"nik_format"}
    assert "16 angka" in messages[0]


def test_messages_are_indonesian_and_clear() -> None:
    _codes, messages = refusal(nik, "3204114001900001")
    assert "perempuan" in messages[0]
    assert "400190" in messages[0]


def test_province_list_matches_kemendagri_2025_in_lokal() -> None:
    assert set(PROVINCE_CODES) == set(lokal.PROVINCES)
    assert len(PROVINCE_CODES) == 38


@pytest.mark.django_db
def test_unknown_district_is_not_checked_while_regions_table_is_empty() -> None:
    assert validate_nik("3204990101900003", today=TODAY).warnings == []


@pytest.fixture
def regions(db: Any) -> None:
    from satupintu.tests.places import add_region

    add_region("32", "Jawa Barat", 1, "provinsi", search_name="jawa barat")
    add_region("32.04", "Bandung", 2, "kabupaten", search_name="bandung")
    add_region("32.04.11", "Cileunyi", 3, "kecamatan", search_name="cileunyi")


def test_known_region_gives_no_warning(regions: Any) -> None:
    assert validate_nik("3204110101900003", today=TODAY).warnings == []


def test_unknown_district_is_a_warning_not_a_rejection(regions: Any) -> None:
    result = validate_nik("3204990101900003", today=TODAY)
    assert result.normalized == "3204990101900003"
    assert len(result.warnings) == 1
    assert "32.04.99" in result.warnings[0]


def test_unknown_regency_is_a_warning_not_a_rejection(regions: Any) -> None:
    result = validate_nik("3299110101900003", today=TODAY)
    assert len(result.warnings) == 1
    assert "32.99" in result.warnings[0]


def test_region_lookup_can_be_given_without_a_database() -> None:
    known = {"32.04"}
    result = validate_nik("3204110101900003", known_region=known.__contains__, today=TODAY)
    assert result.warnings and "32.04.11" in result.warnings[0]


def test_registered_region_lookup_is_asked_when_none_is_given() -> None:
    from satupintu.core import identifiers

    before = identifiers._region_lookup_source
    try:
        identifiers.register_region_lookup(lambda: {"32.04"}.__contains__)
        result = validate_nik("3204110101900003", today=TODAY)
        assert result.warnings and "32.04.11" in result.warnings[0]
        identifiers.register_region_lookup(None)
        assert validate_nik("3204110101900003", today=TODAY).warnings == []
    finally:
        identifiers.register_region_lookup(before)


def test_nik_validator_raises_for_bad_and_passes_good() -> None:
    nik_validator("3204110101900003")
    with pytest.raises(ValidationError):
        nik_validator("3204110101900000")


class IdentityForm(forms.Form):
    nik = NikFormField()
    nip = NipFormField(required=False)


def test_nik_form_field_cleans_to_sixteen_digits() -> None:
    form = IdentityForm(data={"nik": "3204 1101 0190 0003", "nip": "19850312 201001 2 001"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"nik": "3204110101900003", "nip": "198503122010012001"}
    assert 'inputmode="numeric"' in str(form["nik"])


def test_nik_form_field_shows_the_message() -> None:
    form = IdentityForm(data={"nik": "9904110101900003"})
    assert not form.is_valid()
    assert "Kode provinsi 99" in form.errors["nik"][0]


# --- NIP ------------------------------------------------------------------------------------


def nip(value: str) -> NipResult:
    return validate_nip(value, today=TODAY)


def test_valid_nip_is_split_into_its_parts() -> None:
    result = nip("19850312 201001 2 001")
    assert result.normalized == "198503122010012001"
    assert result.birth_date == dt.date(1985, 3, 12)
    assert (result.appointment_year, result.appointment_month) == (2010, 1)
    assert result.sex == "F"
    assert result.serial == "001"
    assert nip("197612201999031004").sex == "M"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("198502302010012001", "nip_birth_date"),  # 30 February
        ("198513122010012001", "nip_birth_date"),
        ("203001012010012001", "nip_birth_date"),  # born in the future
        ("198503122010132001", "nip_appointment"),  # month 13
        ("198503122010002001", "nip_appointment"),  # month 00
        ("198503121995012001", "nip_appointment"),  # appointed at ten
        ("198503122027012001", "nip_appointment"),  # appointed in the future
        ("198503122010013001", "nip_sex"),
        ("198503122010010001", "nip_sex"),
        ("198503122010012000", "nip_serial"),
    ],
)
def test_invalid_nip_part_is_rejected(value: Any, code: Any) -> None:
    codes, _messages = refusal(nip, value)
    assert codes == {code}


@pytest.mark.parametrize(
    "value", ["", "19850312201001200", "1985031220100120011", "1985O3122010012001"]
)
def test_nip_wrong_length_or_letters_is_rejected(value: Any) -> None:
    codes, messages = refusal(nip, value)
    assert codes == {"nip_format"}
    assert "18 angka" in messages[0]


def test_nip_validator() -> None:
    nip_validator("198503122010012001")
    with pytest.raises(ValidationError):
        nip_validator("198503122010012000")


# --- Masking --------------------------------------------------------------------------------


def test_mask_keeps_four_digits_at_each_end() -> None:
    assert mask_identifier("3204110101900003") == "3204********0003"
    assert mask_identifier("3204 1101 0190 0003") == "3204********0003"
    assert mask_identifier("198503122010012001", keep_start=2, keep_end=3) == "19*************001"


def test_mask_hides_short_values_completely() -> None:
    assert mask_identifier("12345678") == "********"
    assert mask_identifier("") == ""


def test_mask_with_nothing_kept_at_the_end() -> None:
    assert mask_identifier("3204110101900003", keep_end=0) == "3204************"
