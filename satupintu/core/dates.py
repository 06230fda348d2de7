"""Dates and times as people read them, in their language and zone.

"2 Desember 2026, 14.30 WIB" in Indonesian (the time written with a period, as PUEBI has it),
"2 December 2026, 14:30 WIB" in English. Messages, receipts and pages share these, so a date
never appears in ISO form to a person.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import dateformat, translation

# Indonesia's three zones by their legal names (Permen No. 41/1987 and later use).
ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
_TIME_FORMATS = {"id": "H.i", "en": "H:i"}

# The zone of each province by its Kemendagri code (the first two digits of any region code
# below it). West and Central Kalimantan keep Asia/Pontianak, which is WIB too.
_WITA_PROVINCES = ("51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76")
_WIT_PROVINCES = ("81", "82", "91", "92", "93", "94", "95", "96")
PROVINCE_ZONES: dict[str, str] = {
    **dict.fromkeys(_WITA_PROVINCES, "Asia/Makassar"),
    **dict.fromkeys(_WIT_PROVINCES, "Asia/Jayapura"),
    "61": "Asia/Pontianak",
    "62": "Asia/Pontianak",
}


def zone_for_region(code: str | None) -> ZoneInfo:
    """The local zone of a region (any level) by its code: WITA for Bali, Nusa Tenggara,
    Sulawesi and East Kalimantan, WIT for Maluku and Papua, WIB elsewhere; the platform zone
    when there is no region (a national agency)."""
    province = str(code or "")[:2]
    if not province:
        return zone()
    return zone(PROVINCE_ZONES.get(province, "Asia/Jakarta"))


def zone(name: str | None = None) -> ZoneInfo:
    """The zone called `name`, or settings.TIME_ZONE when it is empty or unknown."""
    for candidate in (name, settings.TIME_ZONE):
        if candidate:
            try:
                return ZoneInfo(str(candidate))
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("Asia/Jakarta")


def zone_label(tz: ZoneInfo) -> str:
    """WIB/WITA/WIT for Indonesia's zones, else the zone's own abbreviation."""
    return ZONE_LABELS.get(tz.key) or dt.datetime.now(tz).tzname() or tz.key


def parse(value: object) -> dt.date | dt.datetime | None:
    """A date or datetime from itself or its ISO text (as stored in a JSON context), else None."""
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def _language(language: str | None) -> str:
    code = (language or translation.get_language() or "id").split("-")[0].lower()
    return code if code in _TIME_FORMATS else "id"


def long_date(
    value: object,
    *,
    language: str | None = None,
    tz: ZoneInfo | None = None,
    month: str = "F",
) -> str:
    """ "2 Desember 2026": the day of `value` in `tz` (a plain date is taken as it is);
    `month="M"` gives "2 Des 2026"."""
    when = parse(value)
    if when is None:
        return str(value or "")
    if isinstance(when, dt.datetime) and when.tzinfo is not None:
        when = when.astimezone(tz or zone())
    with translation.override(_language(language)):
        return str(dateformat.format(when, f"j {month} Y"))


def long_datetime(
    value: object,
    *,
    language: str | None = None,
    tz: ZoneInfo | None = None,
    month: str = "F",
) -> str:
    """ "2 Desember 2026, 14.30 WIB" / "2 December 2026, 14:30 WIB" in `tz` (default zone).

    `month="M"` gives the short month ("2 Des 2026, 14.30 WIB") for tables and timelines.
    """
    when = parse(value)
    if not isinstance(when, dt.datetime) or when.tzinfo is None:
        return long_date(value, language=language, tz=tz, month=month)
    tz = tz or zone()
    local = when.astimezone(tz)
    code = _language(language)
    with translation.override(code):
        text = dateformat.format(local, f"j {month} Y, {_TIME_FORMATS[code]}")
    return f"{text} {zone_label(tz)}"
