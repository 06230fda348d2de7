"""The officer's inbox over the API, under /api/v1/office: the same reader and the same writes
as the back-office pages (applications.inbox, applications.assignment), so the two agree.

Session auth (CSRF applies to writes), an active officer who passed two-factor; anyone else is
refused with 403 and a case of another agency is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.security import django_auth
from pydantic import Field

from satupintu.applications import access, assignment
from satupintu.applications import inbox as inbox_reader
from satupintu.applications.models import Application
from satupintu.applications.schemas import AssignIn, AssignmentOut, InboxPage
from satupintu.core.dates import long_datetime
from satupintu.core.errors import PermissionDenied
from satupintu.core.schemas import problems
from satupintu.core.security import is_verified

router = Router(auth=django_auth, tags=["office"])
WRITE_ERRORS: dict[int, Any] = problems(400, 401, 403, 404, 409, 422)


def _officer(request: HttpRequest) -> Any:
    user = request.user
    if not (getattr(user, "is_officer", False) and user.is_active and is_verified(user)):
        raise PermissionDenied(_("Hanya petugas yang dapat membuka kotak masuk."))
    return user


class InboxParams(Schema):
    cursor: str | None = Field(default=None, max_length=200)
    limit: int = Field(default=50, ge=1, le=100)
    q: str = Field(default="", max_length=100, description="Tracking code or applicant name")
    service: int | None = Field(default=None, ge=1)
    step: str = Field(default="", max_length=60, pattern=r"^[a-z0-9_]*$")
    channel: Literal["", "online", "counter", "api"] = ""
    region: str = Field(
        default="", max_length=13, pattern=r"^([0-9]{2}(\.[0-9]{2}){0,2}(\.[0-9]{4})?)?$"
    )
    holder: Literal["", "mine", "pool"] = ""
    submitted_from: dt.date | None = None
    submitted_to: dt.date | None = None


def _holder(application: Application) -> dict[str, Any] | None:
    user = application.assignee if application.assignee_id else None
    return {"id": user.pk, "name": user.full_name or user.username} if user else None


def _item(row: inbox_reader.Row) -> dict[str, Any]:
    a = row.application
    return {
        "id": str(a.public_id),
        "tracking_code": a.tracking_code,
        "service": a.service.slug,
        "service_name": a.service.localized_name,
        "agency": a.agency.slug,
        "status": a.status,
        "step": a.workflow_step,
        "step_label": row.step_label,
        "channel": a.channel,
        "submitted_at": a.submitted_at,
        "step_due_at": a.step_due_at,
        "step_due_local": long_datetime(a.step_due_at, tz=row.zone) if a.step_due_at else "",
        "zone": row.zone_label,
        "overdue": row.is_overdue,
        "due_soon": row.is_due_soon,
        "assignee": _holder(a),
        "url": reverse("applications_office:detail", args=[a.public_id]),
    }


@router.get(
    "/inbox",
    response={200: InboxPage, **problems(400, 401, 403, 422)},
    operation_id="office_inbox",
    summary="My inbox: open cases waiting on my roles, nearest step deadline first",
)
def office_inbox(request: HttpRequest, params: Query[InboxParams]) -> dict[str, Any]:
    """The same cases, order, marks and filters as the back-office inbox. `q` is a tracking
    code (or its start) or whole words of the applicant's name, matched through a blind index.
    Pass `next_cursor` back as `cursor` for the next page."""
    user = _officer(request)
    filters = inbox_reader.Filters(
        service=params.service,
        step=params.step,
        channel=params.channel,
        region=params.region,
        submitted_from=params.submitted_from,
        submitted_to=params.submitted_to,
        q=params.q,
        holder=params.holder,
    )
    page = inbox_reader.inbox_for_officer(
        user, filters, cursor=params.cursor or "", limit=params.limit
    )
    return {"items": [_item(r) for r in page.rows], "next_cursor": page.next_cursor}


def _assignment_out(application: Application) -> dict[str, Any]:
    return {
        "id": str(application.public_id),
        "tracking_code": application.tracking_code,
        "step": application.workflow_step,
        "assignee": _holder(application),
        "assigned_at": application.assigned_at,
    }


def _hold(request: HttpRequest, public_id: str, write: Any, **more: Any) -> dict[str, Any]:
    """One assignment write on a case of the officer's agency (else 404)."""
    user = _officer(request)
    application = access.application_for_officer(user, public_id)
    return _assignment_out(write(actor=user, application=application, **more))


@router.post(
    "/applications/{public_id}/claim",
    response={200: AssignmentOut, **WRITE_ERRORS},
    operation_id="office_application_claim",
    summary="Take a case from the pool",
)
def office_application_claim(request: HttpRequest, public_id: str) -> dict[str, Any]:
    return _hold(request, public_id, assignment.application_claim)


@router.post(
    "/applications/{public_id}/release",
    response={200: AssignmentOut, **WRITE_ERRORS},
    operation_id="office_application_release",
    summary="Return a held case to the pool (its holder or a supervisor)",
)
def office_application_release(request: HttpRequest, public_id: str) -> dict[str, Any]:
    return _hold(request, public_id, assignment.application_release)


@router.post(
    "/applications/{public_id}/assign",
    response={200: AssignmentOut, **WRITE_ERRORS},
    operation_id="office_application_assign",
    summary="A supervisor gives a case to an officer holding a role of its current step",
)
def office_application_assign(
    request: HttpRequest, public_id: str, payload: AssignIn
) -> dict[str, Any]:
    return _hold(request, public_id, assignment.application_assign, officer_id=payload.officer)
