"""Reads shared by pages, the API, the export and Open311."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.complaints import access, clocks, redaction
from satupintu.complaints.models import OPEN_STATUSES, Complaint, Event, Privacy, Status

ANONYMOUS_LABEL = "Pelapor anonim"
# The complaint's fields sealed at rest: text only the reporter and the handling officers read.
# How many recent complaints a similarity suggestion compares with (bounded: never the table).
SIMILAR_CANDIDATES = 300
SEALED_FIELDS = ("status_secret", "subject", "description", "address_street", "rating_comment")
_WORD = re.compile(r"\w{3,}", re.UNICODE)
STOPWORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "ini",
        "itu",
        "pada",
        "tidak",
        "sudah",
        "belum",
        "saya",
        "kami",
        "ada",
        "akan",
        "atau",
        "juga",
        "karena",
        "oleh",
        "dalam",
        "sejak",
        "the",
        "and",
        "for",
    ]
)


def queue_for_officer(user: Any, *, scope: str = "all") -> QuerySet[Complaint]:
    """The officer's queue, earliest deadline first (overdue first of all); `scope` "mine"
    (assigned to me), "pool" (nobody's yet), "coordinator" (unrouted) or "all"."""
    rows = access.for_officer(user).filter(status__in=OPEN_STATUSES)
    if scope == "mine":
        rows = rows.filter(assignee=user)
    elif scope == "pool":
        rows = rows.filter(assignee__isnull=True, agency__isnull=False)
    elif scope == "coordinator":
        rows = rows.filter(agency__isnull=True)
    return rows.order_by("due_at", "filed_at", "pk")


# Waiting on an officer (not on the reporter): what the inbox panel counts.
WORKING_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS)


def inbox_panel(user: Any, roles_by_agency: dict[int, set[str]]) -> dict[str, Any] | None:
    """The complaints waiting for `user` (theirs, or in their agencies' pool), for the officer's
    main inbox page (applications.hooks.on_inbox): one count query, none for an officer who
    handles no complaints."""
    from django.db.models import Count
    from django.urls import reverse

    handles = any(roles & set(access.READER_ROLES) for roles in roles_by_agency.values())
    if not handles and not (user.is_staff and user.is_superuser):
        return None
    now = timezone.now()
    waiting = (
        access.for_officer(user)
        .filter(status__in=WORKING_STATUSES)
        .filter(Q(assignee=user) | Q(assignee__isnull=True))
    )
    totals = waiting.aggregate(n=Count("pk"), late=Count("pk", filter=Q(due_at__lt=now)))
    return {
        "label": _("Pengaduan"),
        "count": totals["n"],
        "overdue": totals["late"],
        "url": reverse("complaints_office:queue"),
    }


def is_overdue(complaint: Complaint, now: Any = None) -> bool:
    now = now or timezone.now()
    return bool(clocks.officer_clock(complaint) and complaint.due_at and complaint.due_at < now)


@dataclass(frozen=True)
class ReporterView:
    """Who reported, as an officer may see it."""

    hidden: bool
    name: str
    contact: str


def reporter_for_officer(complaint: Complaint) -> ReporterView:
    """The reporter's identity for the receiving officers: hidden for anonim complaints unless
    the reporter allowed it. Every officer surface (page, API, export) goes through here."""
    if complaint.reporter_hidden or complaint.reporter_id is None:
        return ReporterView(hidden=True, name=_(ANONYMOUS_LABEL), contact="")
    reporter = complaint.reporter
    if reporter is None:
        return ReporterView(hidden=True, name=_(ANONYMOUS_LABEL), contact="")
    from satupintu.core.fields import masked

    contact = masked(reporter.phone, "phone") if reporter.phone else masked(reporter.email)
    return ReporterView(hidden=False, name=reporter.full_name or _("Pelapor"), contact=contact)


def timeline(complaint: Complaint, *, officer: bool, agencies: bool = True) -> list[Event]:
    """The complaint's events, oldest first; `agencies=False` for a caller that shows no
    agency beside them (the API): no join, no agency built per event."""
    rows = complaint.events.order_by("at", "id")
    if agencies:
        rows = rows.select_related("agency")
    if not officer:
        rows = rows.filter(is_public=True)
    return list(rows)


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall((text or "").lower()) if w not in STOPWORDS}


def similarity(a: str, b: str) -> float:
    left, right = _words(a), _words(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def similar_complaints(
    text: str,
    candidates: Iterable[Complaint],
    *,
    exclude: int | None = None,
    public: bool = False,
    limit: int = 3,
    threshold: float = 0.2,
) -> list[tuple[Complaint, float]]:
    """The candidates most like `text` (word overlap), best first. `public` compares only the
    published text (for a reporter filing); otherwise the sealed text (officers triaging)."""
    scored = []
    for other in candidates:
        if other.pk == exclude:
            continue
        body = (
            f"{other.public_subject} {other.public_description}"
            if public
            else f"{other.subject} {other.description}"
        )
        score = similarity(text, body)
        if score >= threshold:
            scored.append((other, score))
    scored.sort(key=lambda pair: -pair[1])
    return scored[:limit]


def duplicate_candidates(complaint: Complaint) -> list[tuple[Complaint, float]]:
    """Open complaints of the same agency (and category) that look like this one: the newest
    300 (complaint_open_similar_idx), reading only what the comparison and the list show."""
    rows = Complaint.objects.filter(status__in=OPEN_STATUSES, agency=complaint.agency)
    if complaint.category_id:
        rows = rows.filter(category_id=complaint.category_id)
    rows = (
        rows.exclude(pk=complaint.pk)
        .only("pk", "public_id", "tracking_code", "status", "subject", "description", "filed_at")
        .order_by("-filed_at")[:SIMILAR_CANDIDATES]
    )
    return similar_complaints(
        f"{complaint.subject} {complaint.description}", rows, exclude=complaint.pk
    )


def similar_on_board(text: str, category: Any = None) -> list[tuple[Complaint, float]]:
    """What a reporter filing is shown: open complaints on the public board like `text`, among
    the newest 300 (of the category when one is chosen: complaint_board_category_idx)."""
    rows = board().filter(status__in=OPEN_STATUSES)
    if category is not None:
        rows = rows.filter(category=category)
    return similar_complaints(text, rows[:SIMILAR_CANDIDATES], public=True)


def board(filters: dict[str, Any] | None = None) -> QuerySet[Complaint]:
    """The public board: published, never rahasia, newest first; filters by agency (slug),
    category (slug), region (code prefix) and status ("open"/"closed")."""
    rows = (
        Complaint.objects.filter(published_at__isnull=False)
        .exclude(privacy=Privacy.SECRET)
        .exclude(status=Status.DRAFT)
        .select_related("agency", "category", "region")
        # The board shows only the published text and the reporter's name: the sealed fields
        # are not read (nor opened) for it, and the name comes with the row.
        .defer(*SEALED_FIELDS)
        .annotate(reporter_name=F("reporter__full_name"))
        .order_by("-published_at", "-pk")
    )
    filters = filters or {}
    if filters.get("agency"):
        rows = rows.filter(agency__slug=filters["agency"])
    if filters.get("category"):
        rows = rows.filter(category__slug=filters["category"])
    if filters.get("region"):
        code = filters["region"]
        rows = rows.filter(Q(region__code=code) | Q(region__code__startswith=code + "."))
    if filters.get("status") == "open":
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif filters.get("status") == "closed":
        rows = rows.exclude(status__in=OPEN_STATUSES)
    return rows


def with_board_events(rows: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """`rows` with their board responses read in one query for all (for `board_events`)."""
    return rows.prefetch_related(
        Prefetch(
            "events",
            queryset=Event.objects.filter(on_board=True).order_by("at", "id"),
            to_attr="on_board_events",
        )
    )


def _reporter_name(complaint: Complaint) -> str | None:
    """The reporter's full name (from `board()`'s annotation when read there), None without one."""
    if hasattr(complaint, "reporter_name"):
        return complaint.reporter_name or None
    reporter = complaint.reporter if complaint.reporter_id else None
    return (reporter.full_name or None) if reporter is not None else None


def board_events(complaint: Complaint) -> list[dict[str, Any]]:
    """The public responses of a published complaint, masked; private ones never appear."""
    name = _reporter_name(complaint)
    events = getattr(complaint, "on_board_events", None)
    if events is None:
        events = complaint.events.filter(on_board=True).order_by("at", "id")
    return [
        {
            "at": e.at,
            "label": e.actor_label,
            "body": redaction.mask(e.body, names=[name] if name else []),
            "kind": e.kind,
        }
        for e in events
    ]


def board_reporter(complaint: Complaint) -> str:
    """How the board names the reporter: anonim never, public by first name and initial."""
    if complaint.privacy != Privacy.PUBLIC or complaint.reporter_id is None:
        return _("Anonim")
    parts = (_reporter_name(complaint) or "").split()
    if not parts:
        return _("Warga")
    return parts[0] + (f" {parts[-1][0]}." if len(parts) > 1 else "")


def suggested_masking(complaint: Complaint) -> tuple[str, str]:
    """What the moderator is shown to confirm: the text with personal data masked."""
    names = (
        [complaint.reporter.full_name]
        if complaint.reporter and complaint.reporter.full_name
        else []
    )
    return (
        redaction.mask(complaint.public_subject or complaint.subject, names=names),
        redaction.mask(complaint.public_description or complaint.description, names=names),
    )


def find_by_tracking(code: str, secret: str) -> Complaint | None:
    """A complaint by its number and secret (the receipt), else None."""
    from django.utils.crypto import constant_time_compare

    from satupintu.applications import tracking
    from satupintu.applications.services import secret_hash
    from satupintu.complaints.services import PREFIX

    canonical = tracking.validate_tracking_code(code, PREFIX)
    if canonical is None:
        return None
    found = Complaint.objects.filter(tracking_code=canonical).exclude(status=Status.DRAFT).first()
    if found is None or not constant_time_compare(
        found.status_secret_hash, secret_hash(canonical, secret)
    ):
        return None
    return found
