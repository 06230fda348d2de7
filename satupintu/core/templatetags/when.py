"""Dates on pages as people read them: `{% load when %}` then `{{ value|when }}`.

The same words as messages and receipts (`core.dates`): in the page's language, in the platform
zone, with the zone's name — "2 Desember 2026, 14.30 WIB" / "2 December 2026, 14:30 WIB".
`when_local:region_code` shows a value in the zone of a region (WIB/WITA/WIT by its province).
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django import template

from satupintu.core import dates

register = template.Library()


def _shown(name: str, spell: Callable[..., str], **options: str) -> None:
    """Register filter `name`: `spell(value, **options)`, or empty for no value."""

    def show(value: object) -> str:
        return spell(value, **options) if value else ""

    register.filter(name, show)


# Day and time, long month: "2 Desember 2026, 14.30 WIB".
_shown("when", dates.long_datetime)
# Day and time, short month, for tables and timelines: "2 Des 2026, 14.30 WIB".
_shown("when_short", dates.long_datetime, month="M")
# The day alone: "2 Desember 2026".
_shown("day", dates.long_date)
# The day alone, short month: "2 Des 2026".
_shown("day_short", dates.long_date, month="M")


@register.filter
def when_short_in(value: object, tz: object) -> str:
    """ "2 Des 2026, 14.30 WITA": day and time in the zone `tz` (a ZoneInfo or its name), for
    deadlines shown in the citizen's local time."""
    if not value:
        return ""
    zone = tz if isinstance(tz, ZoneInfo) else dates.zone(str(tz or ""))
    return dates.long_datetime(value, tz=zone, month="M")


@register.filter
def when_local(value: object, region_code: str | None) -> str:
    """Day and time, short month, in the zone of a region (an agency's `region_id`): a deadline
    as the citizen and the agency read it, "2 Des 2026, 15.30 WITA"."""
    return when_short_in(value, dates.zone_for_region(region_code))
