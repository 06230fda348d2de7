"""The officer's inbox: the open cases waiting on a role they hold, nearest step deadline first.

One reader for the page (views_inbox) and the API (api_office). Scope: for every agency where
the officer holds roles, the (workflow version, step) pairs whose actions name one of those
roles; workflows are data (catalog.workflow), so the pairs come from the versions in use, which
never change once published (their parsed form is kept per process). A role held for one unit
only counts agency-wide here: cases carry no unit (services belong to the agency), so the unit
limits only whom a unit supervisor may reassign (applications.assignment).

The page is at most four queries whatever the size of the table — memberships, versions in use,
the rows (with service, agency and holder joined), the region choices — and no count. The scope
is a set of parts, one per (agency, step); the rows query takes the first page's worth of each
part as one ordered, LIMITed range of the partial index on open cases
(`application_open_step_idx`: agency, step, step deadline, id), combines them with UNION ALL and
orders and cuts only those, so its cost follows the page size and the number of parts, not the
number of cases (about 1 ms at 1,000,000 cases, bench/README.md). Pages are keyset pages on
(step deadline, id): stable while cases come and go.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Exists, F, OuterRef, QuerySet
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
# Published and retired versions never change: their parsed definitions are kept per process,
# by id and publication moment (SQLite hands a rolled-back id out again).
_DEFINITIONS: dict[tuple[int, Any], workflow.Definition] = {}


def definition_of(version_id: int, spec: Any, published_at: Any = None) -> workflow.Definition:
    found = _DEFINITIONS.get((version_id, published_at))
    if found is None:
        found = _DEFINITIONS[(version_id, published_at)] = workflow.parse(spec)
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
class Part:
    """The open cases of one agency at one step that wait on the officer: those on `versions`,
    or on any version when `versions` holds every version of the agency that has the step (the
    usual case: then the part is one ordered range of `application_open_step_idx`)."""

    versions: list[int] = field(default_factory=list)
    every_version: bool = True


@dataclass
class Scope:
    """What an officer's inbox may hold, read once per request."""

    roles_by_agency: dict[int, set[str]] = field(default_factory=dict)
    # (agency id, step key) → the versions whose that step waits on my roles
    parts: dict[tuple[int, str], Part] = field(default_factory=dict)
    definitions: dict[int, workflow.Definition] = field(default_factory=dict)
    services: list[tuple[int, str]] = field(default_factory=list)
    steps: list[tuple[str, str]] = field(default_factory=list)
    agency_regions: dict[int, str | None] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.parts


def scope_for(user: Any) -> Scope:
    """The agencies, roles and (agency, step) parts of `user`'s inbox (two queries)."""
    scope = Scope()
    for membership in memberships_for(user):
        scope.roles_by_agency.setdefault(membership.agency_id, set()).add(membership.role)
        scope.agency_regions[membership.agency_id] = membership.agency.region_id
    if not scope.roles_by_agency:
        return scope
    versions = (
        WorkflowVersion.objects.filter(service__agency_id__in=list(scope.roles_by_agency))
        .exclude(state=WorkflowVersion.State.DRAFT)
        .values_list(
            "id", "spec", "published_at", "service_id", "service__name", "service__agency_id"
        )
        .order_by("service__name", "service_id", "number")
    )
    services: dict[int, str] = {}
    steps: dict[str, str] = {}
    # (agency, step) → every version of the agency that has the step, mine or not
    having: dict[tuple[int, str], set[int]] = {}
    for version_id, spec, published_at, service_id, service_name, agency_id in versions:
        definition = definition_of(version_id, spec, published_at)
        scope.definitions[version_id] = definition
        held = scope.roles_by_agency.get(agency_id, set())
        for s in definition.steps:
            having.setdefault((agency_id, s.key), set()).add(version_id)
            if not any(set(a.roles) & held for a in definition.actions_from(s.key)):
                continue
            scope.parts.setdefault((agency_id, s.key), Part()).versions.append(version_id)
            services.setdefault(service_id, service_name)
            steps.setdefault(s.key, s.label_internal or s.label)
    for key, part in scope.parts.items():
        part.every_version = having[key] == set(part.versions)
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


def _filtered(user: Any, filters: Filters) -> QuerySet[Application]:
    """The open cases the filters and the search keep, before the scope (`_in_scope`)."""
    qs = Application.objects.filter(status__in=OPEN_STATUSES)
    if filters.service:
        qs = qs.filter(service_id=filters.service)
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


def _position(cursor: str) -> tuple[dt.datetime | None, int]:
    """The (step deadline, id) of the last row of the previous page, from its cursor."""
    due_text, after_id = decode_cursor(cursor, 2)
    if not isinstance(after_id, int) or not isinstance(due_text, str):
        raise ServiceError(_("Kursor halaman tidak valid."), field="cursor")
    if not due_text:
        return None, after_id
    try:
        due = dt.datetime.fromisoformat(due_text)
    except ValueError as exc:
        raise ServiceError(_("Kursor halaman tidak valid."), field="cursor") from exc
    if due.tzinfo is None:
        raise ServiceError(_("Kursor halaman tidak valid."), field="cursor")
    return due, after_id


_ORDER = (F("step_due_at").asc(nulls_last=True), "id")


def _in_scope(
    qs: QuerySet[Application], scope: Scope, filters: Filters, cursor: str, size: int
) -> QuerySet[Application]:
    """The first `size` rows of every part after the cursor, one ordered range of an index
    each, combined (UNION ALL) for the page's query to order and cut. One condition ORing the
    parts would make the database gather and sort every open case in scope instead."""
    position = _position(cursor) if cursor else None
    ranges: list[QuerySet[Application]] = []
    for (agency_id, step), part in scope.parts.items():
        if filters.step and step != filters.step:
            continue
        rows = qs.filter(agency_id=agency_id, workflow_step=step)
        rows = (
            rows.filter(workflow_version__isnull=False)
            if part.every_version
            else rows.filter(workflow_version_id__in=part.versions)
        )
        if position is None:
            ranges.append(rows)
            continue
        due, after_id = position
        if due is not None:
            # The dated rows after the cursor, from the cursor's place in the index on.
            ranges.append(
                rows.filter(step_due_at__gte=due).exclude(step_due_at=due, id__lte=after_id)
            )
        ranges.append(
            rows.filter(step_due_at__isnull=True, id__gt=after_id)
            if due is None
            else rows.filter(step_due_at__isnull=True)
        )
    firsts = [r.order_by(*_ORDER).values("pk")[: size + 1] for r in ranges]
    if len(firsts) > 1:
        if not connection.features.supports_slicing_ordering_in_compound:
            # SQLite: each ordered, limited range inside a plain SELECT of its own.
            firsts = [Application.objects.filter(pk__in=f).order_by().values("pk") for f in firsts]
        return Application.objects.filter(pk__in=firsts[0].union(*firsts[1:], all=True))
    return Application.objects.filter(pk__in=firsts[0]) if firsts else qs.none()


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
    filters = filters or Filters()
    qs = _in_scope(_filtered(user, filters), scope, filters, cursor, size)
    found = list(
        qs.select_related("service", "agency", "assignee")
        .only(*_COLUMNS)
        .order_by(*_ORDER)[: size + 1]
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
