"""Reference data kept per process (core.shelf): read once, and never older than a change allows.

A deadline computed from a kept working calendar must still honour a holiday set a moment ago,
here at once and in another process within REFERENCE_CHECK_SECONDS; a holiday set in a
transaction that rolled back must never be honoured.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction

from satupintu.core import calendar
from satupintu.core.models import CalendarEntry
from satupintu.organizations.services import calendar_entry_delete, calendar_entry_set

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2027, 3, 1)


def _due_after_friday() -> dt.date:
    start = dt.datetime(2027, 2, 26, 10, tzinfo=dt.UTC)  # a Friday, 17:00 in Jakarta
    return calendar.local_date(calendar.add_working_days(start, 1))


def test_the_calendar_is_read_once_per_year_then_kept(django_assert_num_queries: Any) -> None:
    assert _due_after_friday() == MONDAY  # the version token made, then the year's entries read
    with django_assert_num_queries(0):
        assert _due_after_friday() == MONDAY


def test_a_holiday_set_here_counts_at_once() -> None:
    assert _due_after_friday() == MONDAY
    calendar_entry_set(date=MONDAY, kind=CalendarEntry.Kind.LOCAL_DAY_OFF, name="Libur daerah")
    assert _due_after_friday() == MONDAY + dt.timedelta(days=1)
    calendar_entry_delete(date=MONDAY)
    assert _due_after_friday() == MONDAY


def test_a_change_made_elsewhere_counts_after_the_check(settings: Any) -> None:
    settings.REFERENCE_CHECK_SECONDS = 3600
    assert _due_after_friday() == MONDAY
    # Another process saves a holiday: the row, and a new version in the shared cache.
    CalendarEntry.objects.bulk_create(
        [CalendarEntry(date=MONDAY, kind=CalendarEntry.Kind.LOCAL_DAY_OFF, name="Libur")]
    )  # bulk_create sends no signal, as a write in another process reaches this one with none
    cache.set(calendar.CORRECTIONS.token.key, "another-process", timeout=None)
    assert _due_after_friday() == MONDAY  # kept until the next check
    settings.REFERENCE_CHECK_SECONDS = 0
    assert _due_after_friday() == MONDAY + dt.timedelta(days=1)


@pytest.mark.django_db(transaction=True)
def test_a_holiday_rolled_back_is_never_kept() -> None:
    assert _due_after_friday() == MONDAY
    with pytest.raises(RuntimeError), transaction.atomic():
        calendar_entry_set(date=MONDAY, kind=CalendarEntry.Kind.LOCAL_DAY_OFF, name="Batal")
        # The transaction sees its own holiday ...
        assert _due_after_friday() == MONDAY + dt.timedelta(days=1)
        raise RuntimeError("rolled back")
    # ... and nothing of it outlives the rollback.
    assert _due_after_friday() == MONDAY
    assert not CalendarEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_renews_the_version_for_other_processes() -> None:
    assert _due_after_friday() == MONDAY
    before = cache.get(calendar.CORRECTIONS.token.key)
    calendar_entry_set(date=MONDAY, kind=CalendarEntry.Kind.LOCAL_DAY_OFF, name="Libur")
    assert cache.get(calendar.CORRECTIONS.token.key) not in (None, before)
    assert _due_after_friday() == MONDAY + dt.timedelta(days=1)
