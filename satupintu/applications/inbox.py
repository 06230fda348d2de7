"""The officer's inbox: the open cases waiting on a role they hold, nearest step deadline first.

One reader for the page (views_inbox) and the API (api_office). Scope: for every agency where
the officer holds roles, the (workflow version, step) pairs whose actions name one of those
roles; workflows are data (catalog.workflow), so the pairs come from the versions in use, which
never change once published (their parsed form is kept per process). A role held for one unit
only counts agency-wide here: cases carry no unit (services belong to the agency), so the unit
limits only whom a unit supervisor may reassign (applications.assignment).

The page is at most four queries whatever the size of the table — memberships, versions in use,
the rows (with service, agency and holder joined), the region choices — and the rows come from
the partial indexes on open cases (`application_open_step_idx`, `application_open_due_idx`).
Pages are keyset pages on (step deadline, id): stable while cases come and go.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.applications import name_index, tracking
from satupintu.applications.models import (
    OPEN_STATUSES,
    ApplicantNameToken,
    Application,
)
from satupintu.catalog import workflow
from satupintu.catalog.models import WorkflowVersion
from satupintu.core.api import decode_cursor, encode_cursor
from satupintu.core.dates import zone_for_region, zone_label
from satupintu.core.errors import ServiceError
from satupintu.organizations.selectors import memberships_for

_TRACKING_PREFIX = re.compile(r"^SP-?[0-9A-Z]{1,9}$")
# Published and retired versions never change: their parsed definitions are kept per process.
_DEFINITIONS: dict[int, workflow.Definition] = {}


def definition_of(version_id: int, spec: Any) -> workflow.Definition:
    found = _DEFINITIONS.get(version_id)
    if found is None:
        found = _DEFINITIONS[version_id] = workflow.parse(spec)
    return found


@dataclass(frozen=True)
class Filters:
    service: int | None = None
    step: str = ""
    channel: str = ""
    region: str = ""
    submitted_from: dt.date | None = None
    submitted_to: dt.date | None = None
    q: str = ""
    # "" everyone's, "mine" held by me, "pool" held by nobody
    holder: str = ""


@dataclass
class Scope:
    """What an officer's inbox may hold, read once per request."""

    roles_by_agency: dict[int, set[str]] = field(default_factory=dict)
    # (agency id, frozenset of step keys) → version ids whose those steps wait on my roles
    groups: dict[tuple[int, frozenset[str]], list[int]] = field(default_factory=dict)
    definitions: dict[int, workflow.Definition] = field(default_factory=dict)
    services: list[tuple[int, str]] = field(default_factory=list)
    steps: list[tuple[str, str]] = field(default_factory=list)
    agency_regions: dict[int, str | None] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def q(self) -> Q:
        condition = Q(pk__in=[])
        for (agency_id, steps), versions in self.groups.items():
            condition |= Q(
                agency_id=agency_id, workflow_version_id__in=versions, workflow_step__in=steps
            )
        return condition


def scope_for(user: Any) -> Scope:
    """The agencies, roles and (version, step) pairs of `user`'s inbox (two queries)."""
    scope = Scope()
    for membership in memberships_for(user):
        scope.roles_by_agency.setdefault(membership.agency_id, set()).add(membership.role)
        scope.agency_regions[membership.agency_id] = membership.agency.region_id
    if not scope.roles_by_agency:
        return scope
    versions = (
        WorkflowVersion.objects.filter(service__agency_id__in=list(scope.roles_by_agency))
        .exclude(state=WorkflowVersion.State.DRAFT)
        .values_list("id", "spec", "service_id", "service__name", "service__agency_id")
        .order_by("service__name", "service_id", "number")
    )
    services: dict[int, str] = {}
    steps: dict[str, str] = {}
    for version_id, spec, service_id, service_name, agency_id in versions:
        definition = definition_of(version_id, spec)
        scope.definitions[version_id] = definition
        held = scope.roles_by_agency.get(agency_id, set())
        mine = frozenset(
            s.key
            for s in definition.steps
            if any(set(a.roles) & held for a in definition.actions_from(s.key))
        )
        if not mine:
            continue
        scope.groups.setdefault((agency_id, mine), []).append(version_id)
        services.setdefault(service_id, service_name)
        for s in definition.steps:
            if s.key in mine:
                steps.setdefault(s.key, s.label_internal or s.label)
    scope.services = sorted(services.items(), key=lambda item: item[1])
    scope.steps = sorted(steps.items(), key=lambda item: item[1])
    return scope


def _search(qs: QuerySet[Application], text: str) -> QuerySet[Application]:
    text = " ".join(str(text or "").split())[:100]
    if not text:
        return qs
    code = tracking.validate_tracking_code(text)
    if code is not None:
        return qs.filter(tracking_code=code)
    compact = text.upper().replace(" ", "")
    if _TRACKING_PREFIX.match(compact):
        prefix = compact if compact.startswith("SP-") else "SP-" + compact[2:]
        by_code = qs.filter(tracking_code__startswith=prefix)
    else:
        by_code = None
    wanted = name_index.tokens(text)
    if not wanted:
        return by_code if by_code is not None else qs.none()
    # One EXISTS per word, so the planner probes (token, application) for the cases already in
    # scope, or starts from the rarest word: a common word ("siti") never means a scan of every
    # case that has it.
    by_name = qs
    for token in wanted:
        by_name = by_name.filter(
            Exists(ApplicantNameToken.objects.filter(application_id=OuterRef("pk"), token=token))
        )
    return by_name | by_code if by_code is not None else by_name


def _filtered(user: Any, scope: Scope, filters: Filters) -> QuerySet[Application]:
    qs = Application.objects.filter(scope.q(), status__in=OPEN_STATUSES)
    if filters.service:
        qs = qs.filter(service_id=filters.service)
    if filters.step:
        qs = qs.filter(workflow_step=filters.step)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.region:
        qs = qs.filter(applicant__address_region__code__startswith=filters.region)
    zone = timezone.get_current_timezone()
    if filters.submitted_from:
        start = dt.datetime.combine(filters.submitted_from, dt.time.min, tzinfo=zone)
        qs = qs.filter(submitted_at__gte=start)
    if filters.submitted_to:
        end = dt.datetime.combine(
            filters.submitted_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone
        )
        qs = qs.filter(submitted_at__lt=end)
    if filters.holder == "mine":
        qs = qs.filter(assignee_id=user.pk)
    elif filters.holder == "pool":
        qs = qs.filter(assignee__isnull=True)
    return _search(qs, filters.q)


def _after(qs: QuerySet[Application], cursor: str) -> QuerySet[Application]:
    due_text, after_id = decode_cursor(cursor, 2)
    if not isinstance(after_id, int) or not isinstance(due_text, str):
        raise ServiceError(_("Kursor halaman tidak valid."), field="cursor")
    if not due_text:
        return qs.filter(step_due_at__isnull=True, id__gt=after_id)
    try:
        due = dt.datetime.fromisoformat(due_text)
    except ValueError as exc:
        raise ServiceError(_("Kursor halaman tidak valid."), field="cursor") from exc
    if due.tzinfo is None:
        raise ServiceError(_("Kursor halaman tidak valid."), field="cursor")
    return qs.filter(
        Q(step_due_at__gt=due) | Q(step_due_at=due, id__gt=after_id) | Q(step_due_at__isnull=True)
    )


def _cursor(row: Application) -> str:
    return encode_cursor([row.step_due_at.isoformat() if row.step_due_at else "", row.pk])


@dataclass
class Row:
    application: Application
    step_label: str
    zone: ZoneInfo
    zone_label: str
    is_overdue: bool
    is_due_soon: bool
    is_mine: bool


@dataclass
class Page:
    rows: list[Row]
    next_cursor: str | None
    scope: Scope
    bulk_actions: list[workflow.Action]


_COLUMNS = (
    "public_id",
    "tracking_code",
    "status",
    "channel",
    "workflow_version_id",
    "workflow_step",
    "step_due_at",
    "submitted_at",
    "assigned_at",
    "agency_id",
    "service_id",
    "assignee_id",
    "service__name",
    "service__name_en",
    "service__slug",
    "agency__name",
    "agency__slug",
    "agency__region_id",
    "assignee__full_name",
    "assignee__username",
)


def inbox_for_officer(
    user: Any,
    filters: Filters | None = None,
    *,
    cursor: str = "",
    limit: int | None = None,
    scope: Scope | None = None,
) -> Page:
    """One page of `user`'s inbox: open cases waiting on their roles, nearest step deadline
    first (then the oldest id), with overdue and due-soon marked and each deadline's zone (the
    agency's province: WIB, WITA or WIT). Raises ServiceError for a forged cursor."""
    from satupintu.applications.assignment import bulk_actions

    scope = scope if scope is not None else scope_for(user)
    size = limit or settings.INBOX_PAGE_SIZE
    if scope.is_empty:
        return Page(rows=[], next_cursor=None, scope=scope, bulk_actions=[])
    qs = _filtered(user, scope, filters or Filters())
    if cursor:
        qs = _after(qs, cursor)
    found = list(
        qs.select_related("service", "agency", "assignee")
        .only(*_COLUMNS)
        .order_by(F("step_due_at").asc(nulls_last=True), "id")[: size + 1]
    )
    more = len(found) > size
    found = found[:size]
    now = timezone.now()
    soon = now + dt.timedelta(hours=settings.INBOX_DUE_SOON_HOURS)
    rows = []
    for application in found:
        definition = scope.definitions.get(application.workflow_version_id or 0)
        step = definition.step(application.workflow_step) if definition else None
        zone = zone_for_region(application.agency.region_id)
        due = application.step_due_at
        rows.append(
            Row(
                application=application,
                step_label=(step.label_internal or step.label)
                if step
                else application.workflow_step,
                zone=zone,
                zone_label=zone_label(zone),
                is_overdue=bool(due and due < now),
                is_due_soon=bool(due and now <= due <= soon),
                is_mine=application.assignee_id == user.pk,
            )
        )
    actions = bulk_actions([r.application for r in rows], scope.roles_by_agency, scope.definitions)
    return Page(
        rows=rows,
        next_cursor=_cursor(found[-1]) if more and found else None,
        scope=scope,
        bulk_actions=actions,
    )
