"""Dates in messages read as people write them, in the message's language and the zone."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from satupintu.core import dates
from satupintu.notifications.rendering import render

# 14.30 WIB on 2 December 2026, stored as the services store it (aware, UTC).
MOMENT = dt.datetime(2026, 12, 2, 7, 30, tzinfo=dt.UTC).isoformat()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", "paling lambat 2 Desember 2026, 14.30 WIB."),
        ("en", "by 2 December 2026, 14:30 WIB."),
    ],
)
def test_deadline_is_written_as_people_read_it(language: str, expected: str) -> None:
    body = render("application_received", language, {"reference": "SP-1", "deadline": MOMENT}).body
    assert expected in body
    assert "2026-12-02" not in body


def test_deadline_is_shown_in_the_recipients_zone() -> None:
    context = {"reference": "SP-1", "deadline": MOMENT, "time_zone": "Asia/Jayapura"}
    assert "2 Desember 2026, 16.30 WIT" in render("application_received", "id", context).body
    context["time_zone"] = "Asia/Makassar"
    assert "2 December 2026, 15:30 WITA" in render("application_received", "en", context).body


def test_unknown_zone_falls_back_to_the_platform_zone(settings: Any) -> None:
    settings.TIME_ZONE = "Asia/Makassar"
    context = {"reference": "SP-1", "deadline": MOMENT, "time_zone": "Bukan/Zona"}
    assert "2 Desember 2026, 15.30 WITA" in render("application_received", "id", context).body


def test_a_date_saved_before_times_were_sent_still_reads_well() -> None:
    context = {"reference": "SP-1", "deadline": "2026-12-02"}
    assert "paling lambat 2 Desember 2026." in render("application_received", "id", context).body


def test_long_date_of_a_plain_date_and_of_a_late_moment() -> None:
    assert dates.long_date(dt.date(2026, 1, 5), language="en") == "5 January 2026"
    late = dt.datetime(2026, 12, 2, 16, 59, 59, tzinfo=dt.UTC)  # 23.59 WIB, 00.59 WITA
    assert dates.long_date(late, language="id", tz=ZoneInfo("Asia/Jakarta")) == "2 Desember 2026"
    assert dates.long_date(late, language="id", tz=ZoneInfo("Asia/Makassar")) == "3 Desember 2026"
