"""Filters for message templates: dates in the message's language and the recipient's zone.

`render` activates both, so `{{ deadline|long_datetime }}` needs no arguments.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone

from satupintu.core import dates

register = template.Library()


def _current() -> ZoneInfo:
    return dates.zone(getattr(timezone.get_current_timezone(), "key", None))


@register.filter
def long_date(value: object) -> str:
    return dates.long_date(value, tz=_current())


@register.filter
def long_datetime(value: object) -> str:
    return dates.long_datetime(value, tz=_current())
