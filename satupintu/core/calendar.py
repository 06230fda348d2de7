"""Working time: the three clocks of SatuPintu (working days, calendar days, hours).

Counting convention (DOMAIN.md, "Working time"): the day a clock starts is day 0; a deadline of N
days ends at the close (23:59:59.999999 local time) of the Nth counted day after it. A Friday
submission with a 1-working-day SLA is due Monday evening, or Tuesday if Monday is a holiday.

A day is a day off when, in order of precedence:
1. a CalendarEntry for the agency says so (kind "working" makes it a working day, any other kind a
   day off);
2. else a national CalendarEntry (no agency) says so, the same way;
3. else it is a national holiday or cuti bersama in the `holidays` package;
4. else it is not one of the working weekdays (Mon–Fri unless the unit or agency overrides).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Protocol

import holidays
from django.utils import timezone

from satupintu.core.shelf import Shelf


class Agency(Protocol):
    """What a clock needs of an agency (organizations.Agency): its id and working weekdays.

    Core imports no domain app, so the calendar states the shape it reads instead.
    """

    @property
    def pk(self) -> Any: ...

    working_weekdays: str


class Unit(Protocol):
    """What a clock needs of a unit (organizations.Unit): its agency and own working weekdays."""

    @property
    def agency(self) -> Agency: ...

    working_weekdays: str


DEFAULT_WEEKDAYS: frozenset[int] = frozenset({1, 2, 3, 4, 5})  # ISO: Monday = 1 … Sunday = 7
# Far beyond any SLA; stops a mistyped number from looping for minutes.
MAX_DAYS = 100_000
HOLIDAY_CATEGORIES = ("public", "government")  # "government" = cuti bersama
# CalendarEntry corrections per (agency id or None, year); watched by core's AppConfig.ready().
CORRECTIONS: Shelf[Mapping[dt.date, bool]] = Shelf("calendar")


def parse_weekdays(text: str | None) -> frozenset[int]:
    """ISO weekday digits ("1,2,3,4,5,6") as a set; empty or unusable text means Mon–Fri."""
    days = frozenset(int(ch) for ch in (text or "") if ch in "1234567")
    return days or DEFAULT_WEEKDAYS


@functools.lru_cache(maxsize=64)
def national_holidays(year: int) -> Mapping[dt.date, str]:
    """National holidays and cuti bersama of one year, from the `holidays` package (Indonesian)."""
    days = holidays.country_holidays("ID", years=year, categories=HOLIDAY_CATEGORIES, language="id")
    return MappingProxyType(dict(days.items()))


def local_date(value: dt.date) -> dt.date:
    """The Asia/Jakarta (settings.TIME_ZONE) date of an aware datetime; a date is returned as is."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(_aware(value), timezone.get_default_timezone()).date()
    return value


def end_of_day(day: dt.date) -> dt.datetime:
    """The last microsecond of a local day, as an aware datetime."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=timezone.get_default_timezone())


def _aware(value: dt.datetime) -> dt.datetime:
    if timezone.is_naive(value):
        raise ValueError("A clock needs an aware datetime, not a naive one.")
    return value


def _check_count(n: int) -> None:
    if n < 0 or n > MAX_DAYS:
        raise ValueError(f"A day count must be between 0 and {MAX_DAYS}, not {n}.")


class WorkingCalendar:
    """Which days are working days for one agency (or nationally, without one).

    Calendar entries are read once per (agency, year) and kept in the process until one is saved
    or deleted anywhere (`CORRECTIONS`, a `core.shelf.Shelf`).
    """

    def __init__(
        self,
        *,
        agency: Agency | None = None,
        unit: Unit | None = None,
        weekdays: Iterable[int] | str | None = None,
    ) -> None:
        if agency is None and unit is not None:
            agency = unit.agency
        self.agency_id: int | None = agency.pk if agency is not None else None
        if weekdays is not None:
            text = weekdays if isinstance(weekdays, str) else ",".join(str(d) for d in weekdays)
            self.weekdays = parse_weekdays(text)
        elif unit is not None and unit.working_weekdays:
            self.weekdays = parse_weekdays(unit.working_weekdays)
        elif agency is not None:
            self.weekdays = parse_weekdays(agency.working_weekdays)
        else:
            self.weekdays = DEFAULT_WEEKDAYS
        # year -> {date: is working day} from CalendarEntry, agency entries over national ones.
        self._corrections: dict[int, Mapping[dt.date, bool]] = {}

    def _corrections_for(self, year: int) -> Mapping[dt.date, bool]:
        found = self._corrections.get(year)
        if found is None:
            found = self._load_corrections(year)
            self._corrections[year] = found
        return found

    def _load_corrections(self, year: int) -> Mapping[dt.date, bool]:
        # Kept per process (core.shelf): the entries change a few times a year, and every clock
        # that starts reads them. A saved or deleted entry drops them everywhere within seconds.
        return CORRECTIONS.get((self.agency_id, year), lambda: self._read_corrections(year))

    def _read_corrections(self, year: int) -> Mapping[dt.date, bool]:
        from django.db.models import Q

        from satupintu.core.models import CalendarEntry

        scope = Q(agency__isnull=True)
        if self.agency_id is not None:
            scope |= Q(agency_id=self.agency_id)
        rows = CalendarEntry.objects.filter(
            scope, date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31)
        ).values_list("date", "kind", "agency_id")
        national: dict[dt.date, bool] = {}
        own: dict[dt.date, bool] = {}
        for day, kind, agency_id in rows:
            target = national if agency_id is None else own
            target[day] = kind == CalendarEntry.Kind.WORKING_DAY
        return MappingProxyType(national | own)

    def is_working_day(self, day: dt.date) -> bool:
        day = local_date(day)
        corrected = self._corrections_for(day.year).get(day)
        if corrected is not None:
            return corrected
        if day in national_holidays(day.year):
            return False
        return day.isoweekday() in self.weekdays

    def add_working_days(self, start: dt.datetime, n: int) -> dt.datetime:
        """The close of the Nth working day after the (local) day of `start`."""
        _check_count(n)
        day = local_date(_aware(start))
        counted = 0
        while counted < n:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return end_of_day(day)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start`'s day up to and including `end`'s day (negative if before).

        The inverse of add_working_days: between(s, add_working_days(s, n)) == n.
        """
        first, last = local_date(start), local_date(end)
        sign = 1
        if last < first:
            first, last, sign = last, first, -1
        if (last - first).days > MAX_DAYS:
            raise ValueError(f"The dates are more than {MAX_DAYS} days apart.")
        count = 0
        day = first
        while day < last:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return sign * count


def is_working_day(
    day: dt.date,
    *,
    agency: Agency | None = None,
    unit: Unit | None = None,
    weekdays: Iterable[int] | str | None = None,
) -> bool:
    """Whether a date (or the local date of an aware datetime) is a working day."""
    return WorkingCalendar(agency=agency, unit=unit, weekdays=weekdays).is_working_day(day)


def add_working_days(
    start: dt.datetime,
    n: int,
    *,
    agency: Agency | None = None,
    unit: Unit | None = None,
    weekdays: Iterable[int] | str | None = None,
) -> dt.datetime:
    """Deadline of an N-working-day clock started at `start` (close of the Nth working day)."""
    return WorkingCalendar(agency=agency, unit=unit, weekdays=weekdays).add_working_days(start, n)


def working_days_between(
    start: dt.date,
    end: dt.date,
    *,
    agency: Agency | None = None,
    unit: Unit | None = None,
    weekdays: Iterable[int] | str | None = None,
) -> int:
    """Working days after `start`'s day up to and including `end`'s day."""
    calendar = WorkingCalendar(agency=agency, unit=unit, weekdays=weekdays)
    return calendar.working_days_between(start, end)


def add_calendar_days(start: dt.datetime, n: int) -> dt.datetime:
    """Deadline of an N-calendar-day clock (UU 25/2009 complaints): close of the Nth day after."""
    _check_count(n)
    return end_of_day(local_date(_aware(start)) + dt.timedelta(days=n))


def add_hours(start: dt.datetime, hours: float) -> dt.datetime:
    """Deadline of an hour clock (UU 27/2022's 3×24 hours): exactly `hours` later."""
    if hours < 0:
        raise ValueError("An hour clock cannot run backwards.")
    return _aware(start) + dt.timedelta(hours=hours)
