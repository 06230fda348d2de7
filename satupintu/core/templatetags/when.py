"""Dates on pages as people read them: `{% load when %}` then `{{ value|when }}`.

The same words as messages and receipts (`core.dates`): in the page's language, in the platform
zone, with the zone's name — "2 Desember 2026, 14.30 WIB" / "2 December 2026, 14:30 WIB".
"""

from __future__ import annotations

from django import template

from satupintu.core import dates

register = template.Library()


@register.filter
def when(value: object) -> str:
    """Day and time, long month: "2 Desember 2026, 14.30 WIB"; empty for no value."""
    return dates.long_datetime(value) if value else ""


@register.filter
def when_short(value: object) -> str:
    """Day and time, short month, for tables and timelines: "2 Des 2026, 14.30 WIB"."""
    return dates.long_datetime(value, month="M") if value else ""


@register.filter
def day(value: object) -> str:
    """The day alone: "2 Desember 2026"."""
    return dates.long_date(value) if value else ""


@register.filter
def day_short(value: object) -> str:
    """The day alone, short month: "2 Des 2026"."""
    return dates.long_date(value, month="M") if value else ""
