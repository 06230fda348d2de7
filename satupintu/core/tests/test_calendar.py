from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from satupintu.core.calendar import (
    WorkingCalendar,
    add_calendar_days,
    add_hours,
    add_working_days,
    is_working_day,
    national_holidays,
    parse_weekdays,
    working_days_between,
)
from satupintu.organizations.services import calendar_entry_delete, calendar_entry_set

WIB = ZoneInfo("Asia/Jakarta")
UTC = dt.UTC

pytestmark = pytest.mark.django_db


def wib(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=WIB)


def close_of(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 23, 59, 59, 999999, tzinfo=WIB)


# --- Plain working days ---------------------------------------------------------------------


def test_friday_plus_one_is_monday_evening() -> None:
    assert add_working_days(wib(2026, 1, 9), 1) == close_of(2026, 1, 12)


def test_friday_plus_one_is_tuesday_when_monday_is_a_holiday() -> None:
    # Monday 17 August 2026 is Independence Day.
    assert add_working_days(wib(2026, 8, 14), 1) == close_of(2026, 8, 18)


def test_count_skips_the_weekend() -> None:
    assert add_working_days(wib(2026, 1, 8), 3) == close_of(2026, 1, 13)


def test_zero_days_ends_the_same_day() -> None:
    assert add_working_days(wib(2026, 1, 8, 7), 0) == close_of(2026, 1, 8)


def test_day_zero_is_the_local_day_in_jakarta_not_utc() -> None:
    # 18:30 UTC on Thursday is 01:30 WIB on Friday, so Friday is day 0.
    start = dt.datetime(2026, 1, 8, 18, 30, tzinfo=UTC)
    assert add_working_days(start, 1) == close_of(2026, 1, 12)


def test_submission_on_a_saturday_counts_from_the_saturday() -> None:
    assert add_working_days(wib(2026, 1, 10), 1) == close_of(2026, 1, 12)


def test_deadline_is_the_last_microsecond_of_the_day_in_wib() -> None:
    deadline = add_working_days(wib(2026, 1, 9), 1)
    assert deadline.astimezone(UTC) == dt.datetime(2026, 1, 12, 16, 59, 59, 999999, tzinfo=UTC)


def test_holidays_package_gives_idul_fitri_2026_and_its_cuti_bersama() -> None:
    days = national_holidays(2026)
    for day in (18, 19, 20, 21, 22, 23, 24):
        assert dt.date(2026, 3, day) in days
    assert dt.date(2026, 3, 25) not in days
    assert "Idul Fitri" in days[dt.date(2026, 3, 23)]


def test_sla_across_idul_fitri_2026_lands_after_the_break() -> None:
    # Nyepi (18–19 March) runs into Idul Fitri and its cuti bersama (20–24 March).
    assert add_working_days(wib(2026, 3, 19), 1) == close_of(2026, 3, 25)
    assert add_working_days(wib(2026, 3, 17), 1) == close_of(2026, 3, 25)
    assert add_working_days(wib(2026, 3, 16), 2) == close_of(2026, 3, 25)
    assert add_working_days(wib(2026, 3, 13), 5) == close_of(2026, 3, 27)


def test_count_crosses_the_year_boundary_and_new_year() -> None:
    # 1 January 2026 (Thursday) is a holiday; 2 January is a working Friday.
    assert add_working_days(wib(2025, 12, 31), 2) == close_of(2026, 1, 5)
    # 25 December 2025 Christmas, 26 December cuti bersama.
    assert add_working_days(wib(2025, 12, 24), 1) == close_of(2025, 12, 29)


def test_is_working_day() -> None:
    assert is_working_day(dt.date(2026, 1, 9))
    assert not is_working_day(dt.date(2026, 1, 10))  # Saturday
    assert not is_working_day(dt.date(2026, 3, 23))  # cuti bersama
    assert not is_working_day(dt.date(2026, 1, 1))
    # A datetime is judged by its Jakarta date: Saturday 00:30 WIB.
    assert not is_working_day(dt.datetime(2026, 1, 9, 17, 30, tzinfo=UTC))


def test_working_days_between_is_the_inverse_of_adding() -> None:
    assert working_days_between(wib(2026, 1, 9), wib(2026, 1, 12)) == 1
    assert working_days_between(dt.date(2026, 3, 13), dt.date(2026, 3, 27)) == 5
    assert working_days_between(dt.date(2026, 3, 27), dt.date(2026, 3, 13)) == -5
    assert working_days_between(dt.date(2026, 1, 9), dt.date(2026, 1, 9)) == 0


def test_naive_datetime_and_negative_count_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(dt.datetime(2026, 1, 9, 10), 1)  # noqa: DTZ001
    with pytest.raises(ValueError):
        add_working_days(wib(2026, 1, 9), -1)
    with pytest.raises(ValueError):
        add_calendar_days(wib(2026, 1, 9), -1)
    with pytest.raises(ValueError):
        add_hours(dt.datetime(2026, 1, 9, 10), 72)  # noqa: DTZ001


# --- Corrections from the calendar table ----------------------------------------------------


def test_national_local_day_off_pushes_the_deadline() -> None:
    calendar_entry_set(date=dt.date(2026, 1, 12), kind="local", name="Hari jadi kabupaten")
    assert add_working_days(wib(2026, 1, 9), 1) == close_of(2026, 1, 13)


@pytest.mark.parametrize(
    ("day", "kind", "name", "for_agency_a"),
    [
        (12, "local", "Libur instansi", 13),  # agency A's day off pushes only A's deadline
        (10, "working", "Pelayanan Sabtu", 10),  # agency A's working Saturday counts only for A
    ],
)
def test_an_agency_calendar_entry_applies_only_to_that_agency(
    world: Any, day: int, kind: str, name: str, for_agency_a: int
) -> None:
    calendar_entry_set(date=dt.date(2026, 1, day), kind=kind, name=name, agency=world.agency_a)
    assert add_working_days(wib(2026, 1, 9), 1, agency=world.agency_a) == close_of(
        2026, 1, for_agency_a
    )
    assert add_working_days(wib(2026, 1, 9), 1, agency=world.agency_b) == close_of(2026, 1, 12)
    assert add_working_days(wib(2026, 1, 9), 1) == close_of(2026, 1, 12)


def test_national_working_correction_overrides_a_seeded_cuti_bersama() -> None:
    # Without correction: 24 Dec cuti bersama, 25 Dec Christmas, then the weekend.
    assert add_working_days(wib(2026, 12, 23), 1) == close_of(2026, 12, 28)
    calendar_entry_set(date=dt.date(2026, 12, 24), kind="working", name="Bukan cuti bersama ASN")
    assert add_working_days(wib(2026, 12, 23), 1) == close_of(2026, 12, 24)


def test_agency_entry_wins_over_national_entry(world: Any) -> None:
    calendar_entry_set(date=dt.date(2026, 12, 24), kind="working", name="Bukan cuti bersama ASN")
    calendar_entry_set(
        date=dt.date(2026, 12, 24), kind="local", name="Tetap libur", agency=world.agency_a
    )
    assert not is_working_day(dt.date(2026, 12, 24), agency=world.agency_a)
    assert is_working_day(dt.date(2026, 12, 24), agency=world.agency_b)


def test_deleting_the_correction_restores_the_day() -> None:
    calendar_entry_set(date=dt.date(2026, 1, 12), kind="local", name="Libur daerah")
    assert calendar_entry_delete(date=dt.date(2026, 1, 12)) is True
    assert calendar_entry_delete(date=dt.date(2026, 1, 12)) is False
    assert is_working_day(dt.date(2026, 1, 12))


def test_the_table_is_read_once_per_year(django_assert_num_queries: Any) -> None:
    WorkingCalendar().is_working_day(dt.date(2025, 1, 2))  # the kept calendar's version token
    with django_assert_num_queries(1):
        WorkingCalendar().add_working_days(wib(2026, 3, 13), 5)
        WorkingCalendar().add_working_days(wib(2026, 8, 14), 1)
    with django_assert_num_queries(1):
        WorkingCalendar().add_working_days(wib(2026, 12, 30), 3)  # reaches into 2027
    with django_assert_num_queries(0):  # kept in the process, for every calendar object
        WorkingCalendar().add_working_days(wib(2026, 12, 30), 3)


# --- Working weekdays -----------------------------------------------------------------------


def test_agency_with_six_working_days_counts_saturday(world: Any) -> None:
    world.agency_a.working_weekdays = "1,2,3,4,5,6"
    world.agency_a.save(update_fields=["working_weekdays"])
    assert add_working_days(wib(2026, 1, 9), 1, agency=world.agency_a) == close_of(2026, 1, 10)
    assert add_working_days(wib(2026, 1, 10), 1, agency=world.agency_a) == close_of(2026, 1, 12)
    # Holidays still apply: Saturday 21 March 2026 is Idul Fitri.
    assert not is_working_day(dt.date(2026, 3, 21), agency=world.agency_a)


def test_unit_override_beats_agency_weekdays(world: Any) -> None:
    from satupintu.organizations.models import Unit

    unit = Unit.objects.create(
        agency=world.agency_a, name="Loket Mal Pelayanan Publik", slug="mpp", working_weekdays="6,7"
    )
    assert add_working_days(wib(2026, 1, 9), 1, unit=unit) == close_of(2026, 1, 10)
    assert add_working_days(wib(2026, 1, 9), 1, agency=world.agency_a) == close_of(2026, 1, 12)


def test_weekdays_parameter() -> None:
    assert add_working_days(wib(2026, 1, 9), 2, weekdays=[1, 2, 3, 4, 5, 6]) == close_of(
        2026, 1, 12
    )
    assert parse_weekdays("1,2,3,4,5,6") == frozenset(range(1, 7))
    assert parse_weekdays("") == parse_weekdays(None) == frozenset(range(1, 6))
    assert parse_weekdays("x, 9") == frozenset(range(1, 6))


# --- Calendar days and hours ----------------------------------------------------------------


def test_calendar_days_count_weekends_and_holidays() -> None:
    assert add_calendar_days(wib(2026, 1, 9), 1) == close_of(2026, 1, 10)
    assert add_calendar_days(wib(2026, 3, 17), 14) == close_of(2026, 3, 31)
    assert add_calendar_days(wib(2025, 12, 31), 1) == close_of(2026, 1, 1)


def test_calendar_days_start_on_the_jakarta_day() -> None:
    assert add_calendar_days(dt.datetime(2026, 1, 8, 18, 0, tzinfo=UTC), 1) == close_of(2026, 1, 10)


def test_three_times_24_hours_is_exact() -> None:
    start = wib(2026, 3, 19, 15, 42)
    assert add_hours(start, 72) == wib(2026, 3, 22, 15, 42)
    assert add_hours(start, 72) - start == dt.timedelta(hours=72)


# --- Properties -----------------------------------------------------------------------------

starts = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),  # noqa: DTZ001 - hypothesis adds the zone
    max_value=dt.datetime(2027, 12, 31),  # noqa: DTZ001
    timezones=st.just(WIB),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start=starts, n=st.integers(min_value=1, max_value=40))
def test_deadline_is_a_working_day_after_start_and_counts_back_to_n(start: Any, n: Any) -> None:
    calendar = WorkingCalendar()
    deadline = calendar.add_working_days(start, n)
    assert deadline > start
    assert calendar.is_working_day(deadline)
    assert deadline.time() == dt.time.max
    assert deadline.utcoffset() == dt.timedelta(hours=7)
    assert calendar.working_days_between(start, deadline) == n
    # The day before the deadline leaves one working day to go.
    assert calendar.working_days_between(start, deadline - dt.timedelta(days=1)) == n - 1


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start=starts, n=st.integers(min_value=0, max_value=60))
def test_working_deadline_is_never_before_the_calendar_deadline(start: Any, n: Any) -> None:
    assert add_working_days(start, n) >= add_calendar_days(start, n)
