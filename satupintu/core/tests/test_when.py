"""The `when` template filters spell dates as people read them, and nothing for no value."""

from __future__ import annotations

import datetime as dt

from django.template import engines
from django.utils import translation

PAGE = "{% load when %}{{ v|when }}|{{ v|when_short }}|{{ v|day }}|{{ v|day_short }}|{{ n|when }}"


def test_the_four_filters_spell_a_moment_in_the_platform_zone() -> None:
    moment = dt.datetime(2026, 12, 2, 7, 30, tzinfo=dt.UTC)
    with translation.override("id"):
        page = engines["django"].from_string(PAGE).render({"v": moment, "n": None})
    assert page == "2 Desember 2026, 14.30 WIB|2 Des 2026, 14.30 WIB|2 Desember 2026|2 Des 2026|"
