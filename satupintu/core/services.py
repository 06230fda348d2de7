"""Writes owned by core: the working-time calendar corrections."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from satupintu.core.errors import PermissionDenied, ServiceError
from satupintu.core.models import CalendarEntry

if TYPE_CHECKING:
    from satupintu.organizations.models import Agency


def _record(actor: Any, action: str, entry: CalendarEntry, data: dict[str, Any]) -> None:
    """The one place core writes to the audit ledger."""
    from satupintu.ledger import services as ledger

    ledger.record(actor, f"core.{action}", entry, data)


def _check_calendar_admin(actor: Any, agency: Agency | None) -> None:
    """National entries: the system or a platform admin; an agency's entries: also its admins."""
    if actor is None or getattr(actor, "is_superuser", False):
        return
    if agency is not None:
        from satupintu.organizations.models import Membership, Role

        if Membership.objects.filter(
            user=actor, agency=agency, role=Role.AGENCY_ADMIN, is_active=True
        ).exists():
            return
    raise PermissionDenied(_("Anda tidak berwenang mengubah kalender kerja ini."))


def calendar_entry_set(
    *,
    actor: Any = None,
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

    _check_calendar_admin(actor, agency)
    with transaction.atomic():
        entry, _created = CalendarEntry.objects.select_for_update().update_or_create(
            date=date,
            agency=agency,
            defaults={"kind": kind, "name": name, "source": source},
        )
        _record(actor, "calendar_entry.set", entry, {"date": date.isoformat(), "kind": kind})
    return entry


def calendar_entry_delete(
    *, actor: Any = None, date: dt.date, agency: Agency | None = None
) -> bool:
    """Remove the entry for one day and scope; the day falls back to the seeded holidays and the
    working weekdays. Returns whether there was an entry.

    To make a national holiday from the `holidays` package a working day, set a "working" entry
    instead: deleting only removes a correction.
    """
    _check_calendar_admin(actor, agency)
    with transaction.atomic():
        entries = list(CalendarEntry.objects.filter(date=date, agency=agency))
        for entry in entries:
            _record(actor, "calendar_entry.delete", entry, {"date": date.isoformat()})
        deleted, _details = CalendarEntry.objects.filter(date=date, agency=agency).delete()
    return deleted > 0
