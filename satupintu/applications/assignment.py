"""Who holds a case: claim, release, a supervisor's reassignment, the automatic rule, and bulk
actions from the inbox. The writes of `Application.assignee` live here and nowhere else.

Rules (docs/architecture.md, "The inbox"):

- A case waits in its agency's pool until an officer holding one of its current step's roles
  claims it, a supervisor of the agency (or of that officer's unit) assigns it, or the step's
  `auto_assign` rule gives it to the eligible officer with the fewest open cases (ties: the one
  whose latest assignment is oldest, then the lowest id: a round robin among equals).
- Everyone eligible still sees a held case in their inbox, with who holds it; only the holder
  may act on it (`require_holder`, called by the engine), until it is released or reassigned.
- When the case moves on, the holder keeps it if they hold a role of the new step (or the case
  now waits on the citizen and will come back to them); otherwise it returns to the pool, and
  the new step's automatic rule, if any, picks the next holder. A closed case has no holder.
- Deactivating an officer returns their open cases in that agency to the pool
  (`on_officer_deactivated`, connected to organizations.signals.officer_deactivated).

Every change of holder is one ledger entry (`applications.application.claim` / `.release` /
`.assign`) with the step and the user ids, written under the case's row lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.applications.models import OPEN_STATUSES, Application
from satupintu.catalog import workflow
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ServiceError
from satupintu.ledger import services as ledger
from satupintu.organizations.models import Role
from satupintu.organizations.selectors import has_role, role_holders, roles_in, supervises

MAX_BULK = 100


def _definition(application: Application) -> workflow.Definition | None:
    if not application.workflow_version_id:
        return None
    return application.workflow_version.definition  # type: ignore[union-attr]


def step_roles(application: Application) -> set[str]:
    """The roles that may take some action of the case's current step."""
    definition = _definition(application)
    if definition is None:
        return set()
    return {r for a in definition.actions_from(application.workflow_step) for r in a.roles}


def _lock(application: Application) -> Application:
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("workflow_version")
        .filter(pk=application.pk)
        .first()
    )
    if locked is None:
        raise NotFound(_("Permohonan tidak ditemukan."))
    return locked


def _holder_name(application: Application) -> str:
    holder = application.assignee
    return (holder.full_name or _("petugas lain")) if holder is not None else ""


def require_holder(actor: Any, application: Application) -> None:
    """Refuse an action on a case someone else holds (the engine calls this under the lock)."""
    if application.assignee_id and application.assignee_id != getattr(actor, "pk", None):
        raise Conflict(
            _(
                "Permohonan ini sedang ditangani oleh %(name)s. Hanya petugas itu yang dapat "
                "mengambil tindakan sampai ia melepasnya atau atasan mengalihkannya."
            )
            % {"name": _holder_name(application)}
        )


def _eligible(application: Application, roles: set[str] | None = None) -> dict[int, list[Any]]:
    """Eligible officers for the case's current step: user id → their memberships."""
    wanted = step_roles(application) if roles is None else roles
    found: dict[int, list[Any]] = {}
    if not wanted:
        return found
    for membership in role_holders(application.agency_id, wanted):
        found.setdefault(membership.user_id, []).append(membership)
    return found


def eligible_officers(application: Application) -> list[Any]:
    """The officers who may hold the case at its current step, by name."""
    users = {rows[0].user_id: rows[0].user for rows in _eligible(application).values()}
    return sorted(users.values(), key=lambda u: (u.full_name or u.username, u.pk))


def _require_open(application: Application) -> None:
    if application.status not in OPEN_STATUSES or not step_roles(application):
        raise Conflict(_("Permohonan ini tidak sedang menunggu tindakan petugas."))


def set_holder(
    case: Any,
    assignee: Any,
    *,
    rule: str,
    extra: dict[str, Any] | None = None,
    save: bool = True,
) -> dict[str, Any]:
    """Give the (locked) `case` to `assignee`, or to nobody: the one write of a holder, for
    every kind of case with `assignee`, `assigned_at` and `updated_at` (an application; a
    complaint, whose queue shares the inbox's pool / mine / claim / release). Returns the
    ledger data of the change, `extra` with the previous and the new holder and the rule; the
    caller records it under its own literal action (`<app>.<object>.claim`, `.release` when
    nobody holds it now, `.assign` by a supervisor or a rule). With `save=False` the caller
    saves the case itself, with its other changes in the same UPDATE."""
    previous = case.assignee_id
    case.assignee = assignee
    case.assigned_at = timezone.now() if assignee is not None else None
    if save:
        case.save(update_fields=["assignee", "assigned_at", "updated_at"])
    return {**(extra or {}), "from": previous, "to": getattr(assignee, "pk", None), "rule": rule}


def _set(actor: Any, application: Application, assignee: Any, *, rule: str) -> None:
    data = set_holder(application, assignee, rule=rule, extra={"step": application.workflow_step})
    if assignee is None:
        ledger.record(actor, "applications.application.release", application, data)
    elif rule == "claim":
        ledger.record(actor, "applications.application.claim", application, data)
    else:
        ledger.record(actor, "applications.application.assign", application, data)


def _sync(application: Application, locked: Application) -> None:
    application.assignee = locked.assignee
    application.assigned_at = locked.assigned_at


@transaction.atomic
def application_claim(*, actor: Any, application: Application) -> Application:
    """Take an open case from the pool to work on it (an officer holding its step's role)."""
    locked = _lock(application)
    held = roles_in(actor, locked.agency_id)
    if not held:
        raise NotFound(_("Permohonan tidak ditemukan."))
    _require_open(locked)
    if not held & step_roles(locked):
        raise PermissionDenied(_("Peran Anda tidak berwenang untuk langkah ini."))
    if locked.assignee_id == actor.pk:
        _sync(application, locked)
        return locked
    if locked.assignee_id:
        raise Conflict(
            _("Permohonan ini sudah diambil oleh %(name)s.") % {"name": _holder_name(locked)}
        )
    _set(actor, locked, actor, rule="claim")
    _sync(application, locked)
    return locked


def _supervises_any(actor: Any, agency_id: int, memberships: Iterable[Any]) -> bool:
    return supervises(actor, agency_id, None) or any(
        m.unit_id is not None and supervises(actor, agency_id, m.unit_id) for m in memberships
    )


@transaction.atomic
def application_release(*, actor: Any, application: Application) -> Application:
    """Return a held case to the pool: its holder, or a supervisor of the holder."""
    locked = _lock(application)
    if not roles_in(actor, locked.agency_id):
        raise NotFound(_("Permohonan tidak ditemukan."))
    if not locked.assignee_id:
        raise Conflict(_("Permohonan ini tidak sedang diambil siapa pun."))
    if locked.assignee_id != actor.pk:
        holder_rows = role_holders(locked.agency_id, step_roles(locked) or {"-"}).filter(
            user_id=locked.assignee_id
        )
        if not _supervises_any(actor, locked.agency_id, holder_rows):
            raise PermissionDenied(
                _(
                    "Hanya petugas yang memegang permohonan ini atau atasannya yang dapat melepasnya."
                )
            )
    _set(
        actor,
        locked,
        None,
        rule="holder" if locked.assignee_id == actor.pk else "supervisor",
    )
    _sync(application, locked)
    return locked


@transaction.atomic
def application_assign(*, actor: Any, application: Application, officer_id: Any) -> Application:
    """A supervisor gives the case to another officer who holds a role of its current step."""
    locked = _lock(application)
    if not roles_in(actor, locked.agency_id):
        raise NotFound(_("Permohonan tidak ditemukan."))
    if not has_role(actor, Role.SUPERVISOR, agency_id=locked.agency_id):
        raise PermissionDenied(_("Hanya atasan yang dapat mengalihkan permohonan."))
    _require_open(locked)
    try:
        target_id = int(officer_id)
    except (TypeError, ValueError):
        target_id = -1
    memberships = _eligible(locked).get(target_id)
    if not memberships:
        raise ServiceError(
            _("Pilih petugas yang memegang peran untuk langkah ini di instansi ini."),
            field="officer",
        )
    if not _supervises_any(actor, locked.agency_id, memberships):
        raise PermissionDenied(_("Hanya atasan yang dapat mengalihkan permohonan."))
    if locked.assignee_id != target_id:
        _set(
            actor,
            locked,
            memberships[0].user,
            rule="supervisor",
        )
    _sync(application, locked)
    return locked


def _pick(application: Application, candidates: dict[int, list[Any]]) -> Any | None:
    """The eligible officer with the fewest open cases in the agency, then the one assigned
    longest ago (never assigned first), then the lowest id."""
    if not candidates:
        return None
    load = {
        row["assignee_id"]: (row["n"], row["last"])
        for row in Application.objects.filter(
            agency_id=application.agency_id,
            status__in=OPEN_STATUSES,
            assignee_id__in=list(candidates),
        )
        .exclude(pk=application.pk)
        .values("assignee_id")
        .annotate(n=Count("id"), last=Max("assigned_at"))
        .order_by()
    }

    def rank(user_id: int) -> tuple[int, float, int]:
        n, last = load.get(user_id, (0, None))
        return (n, last.timestamp() if last else 0.0, user_id)

    return candidates[min(candidates, key=rank)][0].user


def follow_step(*, actor: Any, application: Application, step: workflow.Step | None) -> None:
    """After the engine moved the (locked) case onto `step`: keep, drop or pick its holder."""
    if step is None:
        return
    holder = application.assignee_id
    if step.is_terminal:
        if holder:
            _set(actor, application, None, rule="closed")
        return
    if step.waits_on_citizen:
        return  # back to the same officer when the citizen resubmits
    if not holder and not step.auto_assign:
        return  # nobody to keep or drop, nobody to pick (a first submission, nearly always)
    candidates = _eligible(application)
    if holder and holder in candidates:
        return
    chosen = _pick(application, candidates) if step.auto_assign else None
    if chosen is not None:
        _set(actor, application, chosen, rule="auto")
    elif holder:
        _set(actor, application, None, rule="step")


def on_officer_deactivated(
    sender: Any, user: Any, agency_id: int, actor: Any = None, **kw: Any
) -> None:
    """organizations.signals.officer_deactivated: the officer's open cases in the agency go
    back to the pool (or, on an automatic step, to the next eligible officer), one ledger entry
    each. Runs inside the deactivation's transaction."""
    with transaction.atomic():
        held = list(
            Application.objects.select_for_update(of=("self",))
            .select_related("workflow_version")
            .filter(agency_id=agency_id, assignee_id=user.pk, status__in=OPEN_STATUSES)
            .order_by("id")
        )
        for application in held:
            _set(
                actor,
                application,
                None,
                rule="deactivated",
            )
            definition = _definition(application)
            step = definition.step(application.workflow_step) if definition else None
            if step is not None and step.auto_assign:
                candidates = _eligible(application)
                candidates.pop(user.pk, None)
                chosen = _pick(application, candidates)
                if chosen is not None:
                    _set(
                        actor,
                        application,
                        chosen,
                        rule="auto",
                    )


# --- bulk actions ------------------------------------------------------------------------------


@dataclass
class BulkResult:
    done: list[str] = field(default_factory=list)
    # (tracking code or the id sent, why it was refused)
    refused: list[tuple[str, str]] = field(default_factory=list)


def bulk_actions(
    applications: Iterable[Application],
    roles_by_agency: dict[int, set[str]],
    definitions: dict[int, workflow.Definition],
) -> list[workflow.Action]:
    """The bulk-able actions someone with those roles could take on some of `applications`
    (`definitions` by version id), one per key, for the inbox's bulk form."""
    found: dict[str, workflow.Action] = {}
    for application in applications:
        definition = definitions.get(application.workflow_version_id or 0)
        if definition is None:
            continue
        held = roles_by_agency.get(application.agency_id, set())
        for action in definition.actions_from(application.workflow_step):
            if action.bulk and set(action.roles) & held:
                found.setdefault(action.key, action)
    return list(found.values())


def application_bulk_act(*, actor: Any, public_ids: Iterable[Any], action: str) -> BulkResult:
    """Take the bulk-able action `action` on each selected case, each through the engine
    (`application_act`, its own transaction, lock and ledger entry); refusals are collected
    with their reason and do not stop the others."""
    from satupintu.applications import access, services

    result = BulkResult()
    ids = list(dict.fromkeys(str(x) for x in public_ids))
    if not ids:
        raise ServiceError(_("Pilih setidaknya satu permohonan."), field="ids")
    if len(ids) > MAX_BULK:
        raise ServiceError(
            _("Paling banyak %(n)d permohonan sekaligus.") % {"n": MAX_BULK}, field="ids"
        )
    for raw in ids:
        label = raw
        try:
            application = access.application_for_officer(actor, raw)
            label = application.tracking_code or raw
            definition = _definition(application)
            chosen = definition.action(action) if definition else None
            if chosen is None or chosen.source != application.workflow_step:
                raise Conflict(_("Tindakan ini tidak tersedia pada langkah permohonan ini."))
            if not chosen.bulk:
                raise Conflict(_("Tindakan ini harus diambil satu per satu dari halaman berkas."))
            services.application_act(
                actor=actor, application=application, action=action, seen_step=chosen.source
            )
        except ServiceError as exc:
            result.refused.append((label, str(exc.message)))
        else:
            result.done.append(label)
    return result


def parse_ids(values: Iterable[Any]) -> list[str]:
    """The well-formed case ids among `values` (posted checkboxes), in order, each once."""
    clean: list[str] = []
    for value in values:
        try:
            clean.append(str(uuid.UUID(str(value))))
        except (TypeError, ValueError, AttributeError):
            continue
    return list(dict.fromkeys(clean))
