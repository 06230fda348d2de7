"""Reads about agencies and who works where, shared by views, the API and other apps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from satupintu.core.crypto import normalize
from satupintu.core.fields import lookup_value
from satupintu.core.memo import request_memo
from satupintu.organizations.models import Agency, Membership, Role, Unit


def active_agencies() -> QuerySet[Agency]:
    """Active agencies with the number of their active services (`service_count`)."""
    return Agency.objects.filter(is_active=True).annotate(
        service_count=Count("services", filter=Q(services__status="active"))
    )


def memberships_for(user: Any) -> QuerySet[Membership]:
    """The active memberships of a signed-in officer, with agency and unit loaded."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_officer:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=True, agency__is_active=True)
        .select_related("agency", "unit")
        .order_by("agency__name", "role")
    )


# --- the role reader: every "does this officer hold role R (in agency A)?" asks here ---------


class Held(NamedTuple):
    """One active role of an officer, in an active agency."""

    agency_id: int
    agency_slug: str
    role: str
    unit_id: int | None


# Bumped on every membership or agency change made in this process (signals, and the bulk
# updates that send none): roles read before it in the same request are read again.
_generation = [0]


def memberships_changed(**_: Any) -> None:
    """Forget the roles read so far in this process's requests (a signal receiver too)."""
    _generation[0] += 1


def roles_held(user: Any) -> tuple[Held, ...]:
    """The active roles of a signed-in officer, read once per request (core.memo) unless a
    membership or agency changes meanwhile; outside a request, read every time."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_officer:
        return ()
    memo = request_memo()
    key = ("organizations.roles_held", user.pk)
    generation = _generation[0]
    if memo is not None:
        kept = memo.get(key)
        if kept is not None and kept[0] == generation:
            return kept[1]
    rows = tuple(
        Held(*row)
        for row in Membership.objects.filter(
            user_id=user.pk, is_active=True, agency__is_active=True
        ).values_list("agency_id", "agency__slug", "role", "unit_id")
    )
    if memo is not None:
        memo[key] = (generation, rows)
    return rows


def _held(user: Any, roles: str | Iterable[str] | None, agency_id: int | None) -> Any:
    rows = memberships_for(user)
    if agency_id is not None:
        rows = rows.filter(agency_id=agency_id)
    if roles is not None:
        rows = rows.filter(role__in=[roles] if isinstance(roles, str) else list(roles))
    return rows


def _matching(user: Any, roles: str | Iterable[str] | None, agency_id: int | None) -> list[Held]:
    wanted = None if roles is None else {roles} if isinstance(roles, str) else set(roles)
    return [
        row
        for row in roles_held(user)
        if (agency_id is None or row.agency_id == agency_id)
        and (wanted is None or row.role in wanted)
    ]


def roles_in(user: Any, agency_id: int) -> set[str]:
    """The active roles `user` holds in the agency (empty for citizens and strangers)."""
    return {row.role for row in _matching(user, None, agency_id)}


def has_role(
    user: Any, roles: str | Iterable[str] | None = None, *, agency_id: int | None = None
) -> bool:
    """Whether `user` holds one of `roles` (any role when None), in the agency if one is given."""
    return bool(_matching(user, roles, agency_id))


def agency_ids_for(user: Any, roles: str | Iterable[str] | None = None) -> list[int]:
    """The active agencies where `user` holds one of `roles` (any role when None)."""
    return sorted({row.agency_id for row in _matching(user, roles, None)})


def is_member_of(user: Any, agency_id: int) -> bool:
    """Whether `user` holds any active role in the agency (may see its internal standard)."""
    return has_role(user, agency_id=agency_id)


def is_agency_admin(user: Any, agency_id: int) -> bool:
    """Whether `user` is an active agency admin of the agency."""
    return has_role(user, Role.AGENCY_ADMIN, agency_id=agency_id)


def admin_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies `user` administers."""
    return Agency.objects.filter(id__in=agency_ids_for(user, Role.AGENCY_ADMIN), is_active=True)


def role_holders(
    agency_id: int, roles: Iterable[str], unit_id: int | None = None
) -> QuerySet[Membership]:
    """The active memberships of active officers holding one of `roles` in the agency (agency-wide,
    or in `unit_id` and agency-wide when given), with the user loaded, by officer: who may be given
    a case waiting on those roles."""
    rows = Membership.objects.filter(
        agency_id=agency_id,
        role__in=list(roles),
        is_active=True,
        user__is_active=True,
        user__kind="officer",
    )
    if unit_id is not None:
        rows = rows.filter(Q(unit_id=unit_id) | Q(unit__isnull=True))
    return rows.select_related("user").order_by("user_id", "id")


def holders_of(agency_id: int, roles: Iterable[str], unit_id: int | None = None) -> list[Any]:
    """The officers of `role_holders`, each once, by id: who can act on a workflow step."""
    people = {m.user_id: m.user for m in role_holders(agency_id, roles, unit_id)}
    return list(people.values())


def supervisors_of(agency_id: int, unit_id: int | None) -> list[Any]:
    """The active supervisors of a unit; the agency-wide supervisors when the unit has none."""
    rows = Membership.objects.filter(
        agency_id=agency_id, role=Role.SUPERVISOR, is_active=True, user__is_active=True
    ).select_related("user")
    in_unit = [m.user for m in rows if unit_id is not None and m.unit_id == unit_id]
    return in_unit or [m.user for m in rows if m.unit_id is None]


def supervises(user: Any, agency_id: int, unit_id: int | None = None) -> bool:
    """Whether `user` supervises the unit (an agency-wide supervisor supervises every unit)."""
    rows = _held(user, Role.SUPERVISOR, agency_id)
    return bool(rows.filter(Q(unit__isnull=True) | Q(unit_id=unit_id)).exists())


def supervised_memberships(user: Any) -> QuerySet[Membership]:
    """The active memberships of the officers `user` supervises (their units, or the whole
    agency for an agency-wide supervisor), without `user`'s own."""
    scopes = Q(pk__in=[])
    for row in _held(user, Role.SUPERVISOR, None):
        scope = Q(agency_id=row.agency_id)
        if row.unit_id is not None:
            scope &= Q(unit_id=row.unit_id)
        scopes |= scope
    return (
        Membership.objects.filter(scopes, is_active=True, user__is_active=True)
        .exclude(user=user)
        .exclude(role=Role.SUPERVISOR)
        .select_related("user", "agency", "unit")
        .order_by("agency__name", "unit__name", "user__full_name", "role")
    )


def supervises_officer(user: Any, officer: Any) -> bool:
    """Whether `user` supervises `officer` in any unit or agency the officer works in."""
    if getattr(user, "pk", None) == getattr(officer, "pk", None):
        return False
    return any(supervises(user, m.agency_id, m.unit_id) for m in memberships_for(officer))


def colleagues_of(user: Any) -> list[Any]:
    """The other active officers of the agencies `user` works in, each once, by name."""
    rows = (
        Membership.objects.filter(
            agency_id__in=agency_ids_for(user), is_active=True, user__is_active=True
        )
        .exclude(user=user)
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )
    seen: dict[int, Any] = {}
    for row in rows:
        seen.setdefault(row.user_id, row.user)
    return list(seen.values())


# --- officers of an agency, for its admins -----------------------------------------------------


def looks_like_nip(text: str) -> str:
    """The 18 digits of `text` when it is written like a NIP, else ""."""
    digits = normalize(text, "nik")
    return digits if len(digits) == 18 and digits.isdigit() else ""


def officers_of(
    agency_id: int,
    *,
    query: str = "",
    unit_id: int | None = None,
    role: str = "",
    active: bool | None = None,
    by_nip: bool = True,
) -> QuerySet[Any]:
    """The officers who hold or held a role in the agency, by name, with their memberships there
    (`agency_memberships`, active and suspended, unit loaded) and `is_active_here`.

    `query` is a NIP (18 digits, found by its blind index: the NIP is stored encrypted) or a
    part of the name; `unit_id`/`role` keep officers holding such a role (active or not);
    `active` keeps those with (True) or without (False) an active role in the agency.
    `by_nip=False` reads `query` as a name only (the API, whose query sits in the address).
    """
    User = get_user_model()
    here = Membership.objects.filter(agency_id=agency_id, user=OuterRef("pk"))
    if unit_id is not None:
        here = here.filter(unit_id=unit_id)
    if role:
        here = here.filter(role=role)
    active_here = Membership.objects.filter(
        agency_id=agency_id, user=OuterRef("pk"), is_active=True
    )
    rows = (
        User._default_manager.filter(kind="officer")
        .annotate(in_agency=Exists(here), is_active_here=Exists(active_here))
        .filter(in_agency=True)
    )
    text = " ".join((query or "").split())[:100]
    nip = looks_like_nip(text) if by_nip else ""
    if nip:
        rows = rows.filter(pk__in=lookup_value(User, "nip", nip).values("pk"))
    elif text:
        rows = rows.filter(full_name__icontains=text)
    if active is not None:
        rows = rows.filter(is_active_here=active)
    memberships = Membership.objects.filter(agency_id=agency_id).select_related("unit")
    return rows.prefetch_related(
        Prefetch("memberships", queryset=memberships.order_by("role"), to_attr="agency_memberships")
    ).order_by("full_name", "pk")


def officer_of(agency_id: int, user_id: int) -> Any | None:
    """One officer of the agency (as in `officers_of`), or None when they never held a role
    there: an admin reaches only their own agency's officers."""
    return officers_of(agency_id).filter(pk=user_id).first()


def units_of(agency_id: int) -> QuerySet[Unit]:
    return Unit.objects.filter(agency_id=agency_id).order_by("name")
