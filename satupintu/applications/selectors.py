"""Reads of applications shared by views and the API."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, QuerySet

from satupintu.applications import tracking
from satupintu.applications.models import Application, Event, Status
from satupintu.organizations.selectors import agency_ids_for


@dataclass(frozen=True)
class StatusView:
    """What the public status check shows: the case, never the person."""

    tracking_code: str
    service_name: str
    agency_name: str
    status: str
    status_label: str
    submitted_at: dt.datetime | None
    due_at: dt.datetime | None
    updated_at: dt.datetime


def applications_for_citizen(user: Any) -> QuerySet[Application]:
    """The citizen's own applications, newest first, with service and agency loaded."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    return (
        Application.objects.filter(applicant=user)
        .select_related("service", "agency")
        .order_by("-created_at", "-id")
    )


def inbox_for_officer(user: Any, *, status: str | None = None) -> QuerySet[Application]:
    """Submitted applications of the officer's agencies, the nearest deadline first."""
    agencies = agency_ids_for(user)
    if not agencies:
        return Application.objects.none()
    qs = Application.objects.filter(agency_id__in=agencies).exclude(status=Status.DRAFT)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("service", "agency", "applicant").order_by("due_at", "id")


def timeline(application: Application, *, public_only: bool = True) -> QuerySet[Event]:
    """The application's events in order; applicants see the public ones only."""
    qs = Event.objects.filter(application=application)
    if public_only:
        qs = qs.filter(is_public=True)
    return qs.order_by("at", "id")


def status_by_tracking(code: str, secret: str) -> StatusView | None:
    """The public status of the application with this code and secret, or None.

    A wrong code, a wrong secret and an unknown application all give None, after the same work,
    so the answer tells nothing about which part was wrong.
    """
    from satupintu.applications.services import secret_hash

    canonical = tracking.validate_tracking_code(code)
    clean_secret = tracking.normalize_secret(secret)
    if canonical is None or not clean_secret:
        return None
    expected = secret_hash(canonical, clean_secret)
    row = (
        Application.objects.filter(tracking_code=canonical)
        .exclude(status=Status.DRAFT)
        .select_related("service", "agency")
        .only(
            "tracking_code",
            "status",
            "status_secret_hash",
            "submitted_at",
            "due_at",
            "updated_at",
            "service__name",
            "service__name_en",
            "agency__name",
        )
        .first()
    )
    stored = row.status_secret_hash if row is not None else "0" * len(expected)
    if not hmac.compare_digest(stored.encode(), expected.encode()) or row is None:
        return None
    return StatusView(
        tracking_code=canonical,
        service_name=row.service.localized_name,
        agency_name=row.agency.name,
        status=row.status,
        status_label=str(row.get_status_display()),
        submitted_at=row.submitted_at,
        due_at=row.due_at,
        updated_at=row.updated_at,
    )


def channel_counts(agency: Any = None, since: dt.datetime | None = None) -> dict[str, int]:
    """Submitted applications per channel (online, counter, api): the digital-divide figures."""
    qs = Application.objects.exclude(status=Status.DRAFT)
    if agency is not None:
        qs = qs.filter(agency=agency)
    if since is not None:
        qs = qs.filter(submitted_at__gte=since)
    counts = {value: 0 for value in ("online", "counter", "api")}
    for row in qs.values("channel").annotate(n=Count("id")).order_by():
        counts[row["channel"]] = row["n"]
    return counts


def last_update(application: Application) -> dt.datetime:
    """When anything public last happened to the application."""
    latest = Event.objects.filter(application=application, is_public=True).aggregate(at=Max("at"))[
        "at"
    ]
    return latest or application.updated_at
