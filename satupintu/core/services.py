"""Writes owned by core: the working-time calendar corrections."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from satupintu.core.errors import ServiceError
from satupintu.core.models import CalendarEntry

if TYPE_CHECKING:
    from satupintu.organizations.models import Agency


def calendar_entry_set(
    *,
    date: dt.date,
    kind: str,
    name: str,
    agency: Agency | None = None,
    source: str = "",
) -> CalendarEntry:
    """Create or replace the calendar entry for one day, nationally or for one agency.

    There is at most one entry per day and scope, so setting a day again replaces its kind, name
    and source. Kind "working" makes the day a working day (overriding a holiday or a weekend);
    every other kind makes it a day off. Deadlines already computed are not moved.
    """
    if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
        raise ServiceError(_("Tanggal tidak valid."), field="date")
    if kind not in CalendarEntry.Kind.values:
        raise ServiceError(_("Jenis entri kalender tidak dikenal."), field="kind")
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Keterangan wajib diisi."), field="name")
    max_name = CalendarEntry._meta.get_field("name").max_length or 200
    max_source = CalendarEntry._meta.get_field("source").max_length or 200
    if len(name) > max_name:
        raise ServiceError(
            _("Keterangan paling banyak %(n)d karakter.") % {"n": max_name}, field="name"
        )
    source = (source or "").strip()
    if len(source) > max_source:
        raise ServiceError(
            _("Dasar paling banyak %(n)d karakter.") % {"n": max_source}, field="source"
        )

    with transaction.atomic():
        entry, _created = CalendarEntry.objects.select_for_update().update_or_create(
            date=date,
            agency=agency,
            defaults={"kind": kind, "name": name, "source": source},
        )
    return entry


def calendar_entry_delete(*, date: dt.date, agency: Agency | None = None) -> bool:
    """Remove the entry for one day and scope; the day falls back to the seeded holidays and the
    working weekdays. Returns whether there was an entry.

    To make a national holiday from the `holidays` package a working day, set a "working" entry
    instead: deleting only removes a correction.
    """
    with transaction.atomic():
        deleted, _details = CalendarEntry.objects.filter(date=date, agency=agency).delete()
    return deleted > 0
