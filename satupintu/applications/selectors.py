"""Reads of applications shared by views and the API."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, QuerySet

from satupintu.applications import tracking
from satupintu.applications.access import officer_agency_ids
from satupintu.applications.models import Application, Document, Event, Message, Status
from satupintu.catalog.models import FormField, localized


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
    agencies = officer_agency_ids(user)
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


@dataclass
class Slot:
    """One file the application asks for: a required document or a file question."""

    key: str
    name: str
    description: str
    required: bool
    required_document_id: int | None = None
    field_key: str = ""
    document: Document | None = None
    errors: list[str] = field(default_factory=list)


def document_slots(application: Application) -> list[Slot]:
    """Each file the service asks for, with the document attached for it, if any."""
    by_doc: dict[int, Document] = {}
    by_field: dict[str, Document] = {}
    for doc in application.documents.all():
        if doc.required_document_id:
            by_doc[doc.required_document_id] = doc
        elif doc.field_key:
            by_field[doc.field_key] = doc
    slots = [
        Slot(
            key=f"d{rd.pk}",
            name=rd.localized_name,
            description=rd.description,
            required=rd.is_required,
            required_document_id=rd.pk,
            document=by_doc.get(rd.pk),
        )
        for rd in application.service.documents.all().order_by("order", "id")
    ]
    for row in application.service.form_fields.filter(field_type=FormField.Type.FILE):
        slots.append(
            Slot(
                key=f"f{row.key}",
                name=localized(row, "label"),
                description=localized(row, "help_text"),
                required=row.required,
                field_key=row.key,
                document=by_field.get(row.key),
            )
        )
    return slots


def timeline_with_labels(application: Application, *, public_only: bool = True) -> list[Any]:
    """The timeline with each status's label (officers appear by role)."""
    labels = dict(Status.choices)
    events = list(timeline(application, public_only=public_only))
    for event in events:
        setattr(event, "status_to_label", labels.get(event.status_to, event.status_to))  # noqa: B010
    return events


def submitted_documents(application: Application) -> QuerySet[Document]:
    """The documents attached for the service's required documents (not message attachments)."""
    return application.documents.filter(required_document__isnull=False)


def thread(application: Application) -> QuerySet[Message]:
    """The message thread of an application, oldest first, with attachments loaded."""
    return application.messages.select_related("attachment")
