"""Every write to agencies, units, memberships and the agencies' working-time calendar.

`actor=None` means the system itself (the demo seeder, a migration, a management command);
otherwise the actor must be a superuser or, where said, an agency admin of the agency concerned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from satupintu.accounts import services as accounts
from satupintu.core.errors import PermissionDenied, ServiceError
from satupintu.core.identifiers import validate_nip
from satupintu.core.models import CalendarEntry
from satupintu.ledger import services as ledger
from satupintu.organizations import selectors, signals
from satupintu.organizations.models import Agency, Membership, Role, Unit

AGENCY_FIELDS = (
    "slug",
    "name",
    "short_name",
    "kind",
    "region",
    "parent",
    "description",
    "address",
    "phone",
    "email",
    "dpo_contact",
    "website",
    "opening_hours",
    "maklumat",
    "maklumat_en",
    "working_weekdays",
    "is_active",
)


def _require_platform_admin(actor: Any) -> None:
    if actor is not None and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Hanya administrator sistem yang boleh melakukan ini."))


def _require_agency_admin(actor: Any, agency: Agency) -> None:
    if actor is None or getattr(actor, "is_superuser", False):
        return
    if not selectors.is_agency_admin(actor, agency.pk):
        raise PermissionDenied(_("Anda bukan admin instansi ini."))


def full_clean_or_error(obj: Any, *, exclude: list[str] | None = None) -> None:
    """Validate a model instance; the first problem becomes a ServiceError naming its field."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ServiceError(
            f"{field}: {messages[0]}", field=None if field == "__all__" else field
        ) from exc


def unique_slug(base: str, model: Any, *, max_length: int) -> str:
    root = (slugify(base) or "item")[: max_length - 4].strip("-")
    candidate, n = root, 2
    while model.objects.filter(slug=candidate).exists():
        candidate, n = f"{root}-{n}", n + 1
    return candidate


def assign_fields(obj: Any, data: Mapping[str, Any], allowed: tuple[str, ...]) -> list[str]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ServiceError(_("Kolom tidak dikenal: %s") % ", ".join(sorted(unknown)))
    for key, value in data.items():
        setattr(obj, key, value)
    return list(data)


@transaction.atomic
def agency_create(*, actor: Any, data: Mapping[str, Any]) -> Agency:
    """Create an agency (platform admins or the system). `data` holds Agency field values;
    a missing slug is made from the name."""
    _require_platform_admin(actor)
    agency = Agency()
    assign_fields(agency, data, AGENCY_FIELDS)
    if not agency.slug:
        agency.slug = unique_slug(agency.name, Agency, max_length=80)
    full_clean_or_error(agency)
    agency.save()
    ledger.record(actor, "organizations.agency.create", agency, {"slug": agency.slug})
    return agency


@transaction.atomic
def agency_update(*, actor: Any, agency: Agency, data: Mapping[str, Any]) -> Agency:
    """Change an agency's profile, contact details or maklumat (its own admins, platform admins)."""
    _require_agency_admin(actor, agency)
    if "slug" in data or "is_active" in data:
        _require_platform_admin(actor)
    fields = assign_fields(agency, data, AGENCY_FIELDS)
    full_clean_or_error(agency)
    agency.save(update_fields=fields or None)
    ledger.record(actor, "organizations.agency.update", agency, {"fields": sorted(fields)})
    return agency


@transaction.atomic
def unit_create(
    *, actor: Any, agency: Agency, name: str, slug: str = "", working_weekdays: str = ""
) -> Unit:
    """Add a unit (bidang, UPT, loket) to an agency."""
    _require_agency_admin(actor, agency)
    unit = Unit(
        agency=agency,
        name=name,
        slug=slug or slugify(name)[:80] or "unit",
        working_weekdays=working_weekdays,
    )
    full_clean_or_error(unit)
    unit.save()
    ledger.record(
        actor, "organizations.unit.create", unit, {"agency": agency.pk, "slug": unit.slug}
    )
    return unit


@transaction.atomic
def membership_grant(
    *, actor: Any, user: Any, agency: Agency, role: str, unit: Unit | None = None
) -> Membership:
    """Give an officer a role in an agency (reactivates a revoked one). Idempotent."""
    _require_agency_admin(actor, agency)
    if role not in Role.values:
        raise ServiceError(_("Peran tidak dikenal."), field="role")
    if not getattr(user, "is_officer", False):
        raise ServiceError(_("Hanya akun petugas (ASN) yang dapat diberi peran."), field="user")
    if unit is not None and unit.agency_id != agency.pk:
        raise ServiceError(_("Unit kerja bukan bagian dari instansi ini."), field="unit")
    membership, created = Membership.objects.get_or_create(
        user=user, agency=agency, unit=unit, role=role
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.suspended_at = None
        membership.save(update_fields=["is_active", "suspended_at"])
    ledger.record(
        actor, "organizations.membership.grant", membership, {"user": user.pk, "role": role}
    )
    return membership


def _refuse_lock_out(actor: Any, agency: Agency, user: Any, losing: list[Membership]) -> None:
    """An admin may not take away their own last admin role in the agency: nobody would be left
    to give it back (a platform admin still can, through the system administration)."""
    if actor is None or getattr(user, "pk", None) != actor.pk:
        return
    lost = {m.pk for m in losing if m.role == Role.AGENCY_ADMIN and m.is_active}
    if not lost:
        return
    kept = (
        Membership.objects.filter(
            user_id=actor.pk, agency=agency, role=Role.AGENCY_ADMIN, is_active=True
        )
        .exclude(pk__in=lost)
        .exists()
    )
    if not kept:
        raise ServiceError(_("Anda tidak dapat mencabut peran admin Anda sendiri."))


@transaction.atomic
def membership_revoke(*, actor: Any, membership: Membership) -> Membership:
    """Take a role away from an officer; the row stays (is_active=False) for the record."""
    _require_agency_admin(actor, membership.agency)
    _refuse_lock_out(actor, membership.agency, membership.user, [membership])
    if membership.is_active:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
    ledger.record(
        actor, "organizations.membership.revoke", membership, {"user": membership.user_id}
    )
    return membership


# --- officers of an agency -------------------------------------------------------------------


def _clean_nip(nip: str) -> str:
    """The NIP in its 18 digits; every problem with it in words, at once."""
    try:
        return validate_nip(nip).normalized
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), field="nip") from None


def _clean_roles(agency: Agency, roles: Iterable[str], unit: Unit | None) -> list[str]:
    chosen = sorted({str(r) for r in roles})
    if not chosen:
        raise ServiceError(_("Pilih sekurang-kurangnya satu peran."), field="roles")
    if any(r not in Role.values for r in chosen):
        raise ServiceError(_("Peran tidak dikenal."), field="roles")
    if unit is not None and unit.agency_id != agency.pk:
        raise ServiceError(_("Unit kerja bukan bagian dari instansi ini."), field="unit")
    return chosen


@transaction.atomic
def officer_add(
    *,
    actor: Any,
    agency: Agency,
    full_name: str,
    nip: str,
    contact: str,
    roles: Iterable[str],
    unit: Unit | None = None,
) -> tuple[Any, list[Membership]]:
    """Add an officer to an agency with roles (in one unit, or agency-wide when `unit` is None).

    The account is found by its contact or made (accounts.services.officer_account_ensure); a new
    one is invited through the outbox to set a password, and enrols two-factor at the first
    sign-in. Returns (officer, memberships). One ledger entry for the addition, one per role.
    """
    _require_agency_admin(actor, agency)
    clean_nip = _clean_nip(nip)
    chosen = _clean_roles(agency, roles, unit)
    user, created = accounts.officer_account_ensure(
        actor=actor, full_name=full_name, nip=clean_nip, contact=contact
    )
    granted = [
        membership_grant(actor=actor, user=user, agency=agency, role=role, unit=unit)
        for role in chosen
    ]
    ledger.record(
        actor,
        "organizations.officer.add",
        agency,
        {"user": user.pk, "roles": chosen, "unit": unit.pk if unit else None, "new": created},
    )
    if created or not user.has_usable_password():
        accounts.officer_invite(
            user=user,
            agency_name=agency.name,
            dedupe_key=f"officer-invite-{user.pk}-{agency.pk}",
        )
    return user, granted


def officer_memberships(agency: Agency, user: Any) -> list[Membership]:
    return list(
        Membership.objects.select_for_update().filter(agency=agency, user_id=user.pk).order_by("pk")
    )


@transaction.atomic
def officer_deactivate(*, actor: Any, agency: Agency, user: Any) -> int:
    """Stop an officer working in the agency: every active role is suspended at once (their
    next request finds none), `signals.officer_deactivated` is sent inside this transaction so
    their open cases return to the pool, and one ledger entry is written. Returns the number of
    roles suspended; an officer already inactive here changes nothing."""
    _require_agency_admin(actor, agency)
    rows = [m for m in officer_memberships(agency, user) if m.is_active]
    _refuse_lock_out(actor, agency, user, rows)
    if not rows:
        return 0
    now = timezone.now()
    Membership.objects.filter(pk__in=[m.pk for m in rows]).update(is_active=False, suspended_at=now)
    selectors.memberships_changed()
    ledger.record(
        actor,
        "organizations.officer.deactivate",
        agency,
        {"user": user.pk, "roles": sorted(m.role for m in rows)},
    )
    signals.officer_deactivated.send(sender=Membership, user=user, agency_id=agency.pk, actor=actor)
    return len(rows)


@transaction.atomic
def officer_reactivate(*, actor: Any, agency: Agency, user: Any) -> int:
    """Give a deactivated officer back the roles they held in the agency when deactivated."""
    _require_agency_admin(actor, agency)
    rows = [m for m in officer_memberships(agency, user) if m.suspended_at is not None]
    if not rows:
        return 0
    Membership.objects.filter(pk__in=[m.pk for m in rows]).update(is_active=True, suspended_at=None)
    selectors.memberships_changed()
    ledger.record(
        actor,
        "organizations.officer.reactivate",
        agency,
        {"user": user.pk, "roles": sorted(m.role for m in rows)},
    )
    return len(rows)


# --- working-time calendar ------------------------------------------------------------------
# The table (core.CalendarEntry) sits in core because every clock reads it; the writes live
# here, beside the agencies whose local days off they are, so core imports no domain app.


def _require_calendar_admin(actor: Any, agency: Agency | None) -> None:
    """National entries: the system or a platform admin; an agency's entries: also its admins."""
    if actor is None or getattr(actor, "is_superuser", False):
        return
    if agency is None or not selectors.is_agency_admin(actor, agency.pk):
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

    _require_calendar_admin(actor, agency)
    with transaction.atomic():
        entry, _created = CalendarEntry.objects.select_for_update().update_or_create(
            date=date,
            agency=agency,
            defaults={"kind": kind, "name": name, "source": source},
        )
        ledger.record(
            actor,
            "organizations.calendar_entry.set",
            entry,
            {"date": date.isoformat(), "kind": kind},
        )
    return entry


def calendar_entry_delete(
    *, actor: Any = None, date: dt.date, agency: Agency | None = None
) -> bool:
    """Remove the entry for one day and scope; the day falls back to the seeded holidays and the
    working weekdays. Returns whether there was an entry.

    To make a national holiday from the `holidays` package a working day, set a "working" entry
    instead: deleting only removes a correction.
    """
    _require_calendar_admin(actor, agency)
    with transaction.atomic():
        entries = list(CalendarEntry.objects.filter(date=date, agency=agency))
        for entry in entries:
            ledger.record(
                actor, "organizations.calendar_entry.delete", entry, {"date": date.isoformat()}
            )
        deleted, _details = CalendarEntry.objects.filter(date=date, agency=agency).delete()
    return deleted > 0
