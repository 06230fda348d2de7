"""Reads of applications shared by views and the API."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, QuerySet

from satupintu.applications import snapshot, tracking
from satupintu.applications.models import Application, Document, Event, Message, Status
from satupintu.catalog import formdef
from satupintu.catalog.models import FormField, Service, localized


@dataclass(frozen=True)
class StatusView:
    """What the public status check shows: the case, never the person."""

    tracking_code: str
    service_name: str
    agency_name: str
    status: str
    status_label: str
    submitted_at: dt.datetime | None
    # None once the case is closed: a rejected or finished case has no expected finish date.
    due_at: dt.datetime | None
    updated_at: dt.datetime

    @property
    def needs_action(self) -> bool:
        """The applicant must act (correct and resubmit) before anything else happens."""
        return self.status == Status.NEEDS_CORRECTION

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


CLOSED_STATUSES = (Status.REJECTED, Status.COMPLETED, Status.WITHDRAWN)


def expected_finish(application: Application) -> dt.datetime | None:
    """When the case is expected to be finished: its deadline while open, None once closed."""
    if application.status in CLOSED_STATUSES or application.status == Status.DRAFT:
        return None
    return application.due_at


def applications_for_citizen(user: Any) -> QuerySet[Application]:
    """The citizen's own applications, newest first, with service and agency loaded."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    return (
        Application.objects.filter(applicant=user)
        .select_related("service", "agency")
        .order_by("-created_at", "-id")
    )


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
        due_at=expected_finish(row),
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
    # False for a conditional document the answers no longer call for (kept only to remove it).
    applies: bool = True
    # True while correcting when the officer did not flag this file: it stays as it is.
    locked: bool = False


def document_slots(application: Application) -> list[Slot]:
    """Each file the application asks for given its answers, with the document attached for it.

    A conditional document (the police letter for a lost card) is a slot only when its
    condition holds, or when a file was attached for it before the answer changed. Names and
    the list come from what the application was submitted under (`snapshot`).
    """
    by_doc: dict[int, Document] = {}
    by_field: dict[str, Document] = {}
    for doc in application.documents.all():
        if doc.required_document_id:
            by_doc[doc.required_document_id] = doc
        elif doc.field_key:
            by_field[doc.field_key] = doc
    answers = application.answers
    slots = []
    for spec in snapshot.documents_for(application):
        applies = spec.applies(answers)
        if not applies and spec.pk not in by_doc:
            continue
        slots.append(
            Slot(
                key=f"d{spec.pk}",
                name=spec.localized_name,
                description=spec.description,
                required=spec.is_required and applies,
                required_document_id=spec.pk,
                document=by_doc.get(spec.pk),
                applies=applies,
            )
        )
    service = snapshot.service_for(application)
    for group in formdef.form_groups(service):
        for row in group.fields:
            if row.field_type != FormField.Type.FILE:
                continue
            applies = formdef.condition_holds(row.condition_key, row.condition_value, answers)
            if not applies and row.key not in by_field:
                continue
            slots.append(
                Slot(
                    key=f"f{row.key}",
                    name=localized(row, "label"),
                    description=localized(row, "help_text"),
                    required=row.required and applies,
                    field_key=row.key,
                    document=by_field.get(row.key),
                    applies=applies,
                )
            )
    return slots


def labelled_documents(application: Application, *, required_only: bool = False) -> list[Document]:
    """The application's documents, each with `label`: the required document's name as the
    application was submitted under, blank for a message attachment or a file question."""
    specs = snapshot.document_names(application)
    documents = application.documents.all()
    if required_only:
        documents = documents.filter(required_document__isnull=False)
    labelled = list(documents)
    for doc in labelled:
        spec = specs.get(doc.required_document_id or 0)
        doc.label = spec.localized_name if spec is not None else ""  # type: ignore[attr-defined]
    return labelled


def latest_decision_note(application: Application, status: str) -> str:
    """The note of the latest public move to `status` (what to fix, why it was refused)."""
    event = (
        Event.objects.filter(application=application, status_to=status, is_public=True)
        .order_by("-at", "-id")
        .first()
    )
    return event.note if event is not None else ""


def timeline_with_labels(application: Application, *, public_only: bool = True) -> list[Any]:
    """The timeline with each status's label (officers appear by role)."""
    labels = dict(Status.choices)
    events = list(timeline(application, public_only=public_only))
    for event in events:
        setattr(event, "status_to_label", labels.get(event.status_to, event.status_to))  # noqa: B010
    return events


def thread(application: Application) -> QuerySet[Message]:
    """The message thread of an application, oldest first, with attachments loaded."""
    return application.messages.select_related("attachment")


def documents_to_prepare(service: Service) -> list[Any]:
    """The service's required documents, each with `condition`: when it is asked for ("" when
    always)."""
    rows = {row.key: row for group in formdef.form_groups(service) for row in group.fields}
    documents = list(service.documents.all().order_by("order", "id"))
    for doc in documents:
        doc.condition = (  # type: ignore[attr-defined]
            formdef.condition_text(doc, rows) if doc.condition_key else ""
        )
    return documents


def outputs_of(application: Application) -> list[Any]:
    """The signed documents issued for `application`, newest first."""
    from satupintu.applications.models import Output

    return list(Output.objects.filter(application=application).order_by("-issued_at", "-id"))
