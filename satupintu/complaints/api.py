"""/api/v1/complaints: filing and following one's own complaints, officers' handling, the public
board and the CSV export. Session auth (CSRF on writes), the same access helper and services as
the pages, so the API and the pages can never disagree; an anonim reporter is masked by the same
`selectors.reporter_for_officer`.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from satupintu.accounts.services import require_verified_contact
from satupintu.applications import outputs
from satupintu.catalog import selectors as catalog_selectors
from satupintu.complaints import access, boardcache, reference, selectors, services
from satupintu.complaints.models import Complaint
from satupintu.complaints.models import Status as ComplaintStatus
from satupintu.complaints.schemas import (
    BoardList,
    ComplaintDetailOut,
    ComplaintList,
    FiledOut,
    FileIn,
    ForwardIn,
    RateIn,
    ReopenIn,
    RespondIn,
)
from satupintu.complaints.views_office import export_rows
from satupintu.core.api import SLUG_PATTERN
from satupintu.core.errors import NotFound, PermissionDenied, ServiceError
from satupintu.core.schemas import problems
from satupintu.ledger import services as ledger
from satupintu.organizations.models import Agency

router = Router(auth=django_auth, tags=["complaints"])
board_router = Router(tags=["complaints"])
PREFIX = "/api/v1/complaints"
WRITE_ERRORS: dict[int, Any] = problems(400, 401, 403, 404, 409, 422)


def complaint_out(complaint: Complaint) -> dict[str, Any]:
    return {
        "id": str(complaint.public_id),
        "tracking_code": complaint.tracking_code,
        "kind": complaint.kind,
        "privacy": complaint.privacy,
        "status": complaint.status,
        "status_label": str(complaint.get_status_display()),
        "subject": complaint.subject,
        "agency": complaint.agency.slug if complaint.agency else None,
        "category": complaint.category.slug if complaint.category else None,
        "filed_at": complaint.filed_at,
        "due_at": complaint.due_at,
        "first_response_due": complaint.first_response_due,
        "overdue": selectors.is_overdue(complaint),
        "url": f"{PREFIX}/{complaint.public_id}",
    }


def _event_out(event: Any) -> dict[str, Any]:
    return {
        "at": event.at,
        "kind": event.kind,
        "actor": event.actor_label,
        "body": event.body,
        "public": event.is_public,
    }


def _find(request: HttpRequest, public_id: str) -> tuple[Complaint, bool]:
    """(complaint, seen as an officer): the reporter's own first, else an officer's."""
    user = request.user
    key = access.as_uuid(public_id)
    own = (
        Complaint.objects.filter(public_id=key, reporter_id=user.pk)
        .exclude(status=ComplaintStatus.DRAFT)
        .select_related("agency", "category")
        .first()
        if key
        else None
    )
    if own is not None:
        return own, False
    return access.complaint_for_officer(user, public_id), True


class ListParams(Schema):
    scope: str = Field(default="mine", pattern="^(mine|queue|pool|assigned|coordinator)$")
    limit: int = Field(default=50, ge=1, le=100)


@router.get(
    "",
    response={200: ComplaintList, **problems(401, 422)},
    operation_id="complaints_list",
    summary="My complaints, or an officer's queue",
)
def complaints_list(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    """`scope=mine` (default): the complaints I filed; `queue`, `pool`, `assigned`,
    `coordinator`: an officer's queue, earliest deadline first."""
    if params.scope == "mine":
        rows = (
            Complaint.objects.filter(reporter_id=request.user.pk)
            .exclude(status=ComplaintStatus.DRAFT)
            .select_related("agency", "category")
            .order_by("-filed_at")
        )
    else:
        scope = {"queue": "all", "assigned": "mine"}.get(params.scope, params.scope)
        rows = selectors.queue_for_officer(request.user, scope=scope)
    return {"items": [complaint_out(c) for c in rows[: params.limit]]}


def _filing(payload: FileIn) -> services.Filing:
    from satupintu.regions.models import Region

    category = reference.category(payload.category) if payload.category else None
    if payload.category and category is None:
        raise ServiceError(_("Kategori tidak dikenal."), field="category")
    service = (
        catalog_selectors.public_services().filter(slug=payload.service).first()
        if payload.service
        else None
    )
    if payload.service and service is None:
        raise ServiceError(_("Layanan tidak dikenal."), field="service")
    region = Region.objects.filter(code=payload.region).first() if payload.region else None
    if payload.region and region is None:
        raise ServiceError(_("Kode wilayah tidak dikenal."), field="region")
    return services.Filing(
        kind=payload.kind,
        privacy=payload.privacy,
        identity_shared=payload.identity_shared,
        subject=payload.subject,
        description=payload.description,
        category=category,
        service=service,
        region=region,
        street=payload.street,
        latitude=payload.lat,
        longitude=payload.long,
        channel="api",
    )


@router.post(
    "",
    response={201: FiledOut, **WRITE_ERRORS},
    operation_id="complaints_file",
    summary="File a complaint, aspiration or information request",
)
def complaints_file(request: HttpRequest, payload: FileIn) -> Status:
    """For a signed-in citizen with a confirmed contact. 201 with the tracking number and the
    status secret (shown once)."""
    if not require_verified_contact(request.user):
        raise PermissionDenied(_("Konfirmasi kontak Anda terlebih dahulu."))
    filed = services.complaint_file(actor=request.user, filing=_filing(payload))
    return Status(201, {**complaint_out(filed.complaint), "status_secret": filed.status_secret})


class ExportParams(Schema):
    agency: str = Field(max_length=80, pattern=SLUG_PATTERN)


@router.get(
    "/export.csv",
    response={200: None, **problems(401, 403, 422)},
    operation_id="complaints_export",
    summary="CSV of an agency's complaints (liaisons, supervisors, admins, auditors)",
)
def complaints_export(request: HttpRequest, params: Query[ExportParams]) -> HttpResponse:
    agency = Agency.objects.filter(slug=params.agency).first()
    if agency is None or not access.may_export(request.user, agency.pk):
        raise PermissionDenied(_("Anda tidak berhak mengunduh pengaduan instansi ini."))
    ledger.record(request.user, "complaints.complaint.export", ("agency", agency.pk), {})
    out = io.StringIO()
    writer = csv.writer(out)
    for row in export_rows(request.user, agency.pk):
        writer.writerow(row)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pengaduan.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/{public_id}",
    response={200: ComplaintDetailOut, **problems(401, 404)},
    operation_id="complaints_detail",
    summary="One complaint with its timeline",
)
def complaints_detail(request: HttpRequest, public_id: str) -> dict[str, Any]:
    """The reporter sees the public timeline; an officer the whole one, and the reporter as
    `reporter` (hidden for an anonim complaint unless the reporter allowed it)."""
    complaint, officer = _find(request, public_id)
    return _detail(complaint, officer=officer)


def _detail(complaint: Complaint, *, officer: bool) -> dict[str, Any]:
    """What `complaints_detail` answers, for a complaint already read (and acted on: the write
    endpoints answer with the complaint the service just saved, without reading it again)."""
    reporter = selectors.reporter_for_officer(complaint) if officer else None
    return {
        **complaint_out(complaint),
        "description": complaint.description,
        "reporter": reporter.__dict__ if reporter else None,
        "timeline": [
            _event_out(e) for e in selectors.timeline(complaint, officer=officer, agencies=False)
        ],
        "letter": _letter_out(complaint),
    }


def _letter_out(complaint: Complaint) -> dict[str, Any] | None:
    """The signed response letter, if one was issued: where to download and to verify it."""
    letter = complaint.letter
    if letter is None:
        return None
    return {
        "number": letter.number,
        "issued_at": letter.issued_at,
        "download_url": reverse("complaints:letter", args=[complaint.public_id]),
        "verify_url": outputs.verification_url(letter.number),
    }


@router.post(
    "/{public_id}/responses",
    response={201: ComplaintDetailOut, **WRITE_ERRORS},
    operation_id="complaints_respond",
    summary="Answer, note, ask for information or resolve",
)
def complaints_respond(request: HttpRequest, public_id: str, payload: RespondIn) -> Status:
    with transaction.atomic():
        complaint = services.complaint_lock_for(request.user, public_id)
        services.complaint_respond(
            actor=request.user,
            complaint=complaint,
            body=payload.body,
            public=payload.public,
            kind=payload.kind,
        )
    return Status(201, _detail(complaint, officer=True))


@router.post(
    "/{public_id}/forward",
    response={200: ComplaintDetailOut, **WRITE_ERRORS},
    operation_id="complaints_forward",
    summary="Not our authority: forward to another agency",
)
def complaints_forward(request: HttpRequest, public_id: str, payload: ForwardIn) -> dict[str, Any]:
    with transaction.atomic():
        complaint = services.complaint_lock_for(request.user, public_id)
        agency = Agency.objects.filter(slug=payload.agency, is_active=True).first()
        if agency is None:
            raise ServiceError(_("Instansi tujuan tidak dikenal."), field="agency")
        services.complaint_forward(
            actor=request.user, complaint=complaint, to_agency=agency, reason=payload.reason
        )
    # The complaint as forwarded: the officer can no longer read it again, so it is not re-read.
    return _detail(complaint, officer=True)


@router.post(
    "/{public_id}/claim",
    response={200: ComplaintDetailOut, **WRITE_ERRORS},
    operation_id="complaints_claim",
    summary="Take a complaint from the pool",
)
def complaints_claim(request: HttpRequest, public_id: str) -> dict[str, Any]:
    with transaction.atomic():
        complaint = services.complaint_lock_for(request.user, public_id)
        services.complaint_claim(actor=request.user, complaint=complaint)
    return _detail(complaint, officer=True)


def _own(request: HttpRequest, public_id: str) -> Complaint:
    complaint, officer = _find(request, public_id)
    if officer:
        raise NotFound(_("Laporan tidak ditemukan."))
    return complaint


@router.post(
    "/{public_id}/confirm",
    response={200: ComplaintDetailOut, **WRITE_ERRORS},
    operation_id="complaints_confirm",
    summary="The reporter confirms the answer settles it",
)
def complaints_confirm(request: HttpRequest, public_id: str) -> dict[str, Any]:
    complaint = _own(request, public_id)
    services.complaint_confirm(actor=request.user, complaint=complaint)
    return _detail(complaint, officer=False)


@router.post(
    "/{public_id}/reopen",
    response={200: ComplaintDetailOut, **WRITE_ERRORS},
    operation_id="complaints_reopen",
    summary="The reporter reopens an answered complaint",
)
def complaints_reopen(request: HttpRequest, public_id: str, payload: ReopenIn) -> dict[str, Any]:
    complaint = _own(request, public_id)
    services.complaint_reopen(actor=request.user, complaint=complaint, reason=payload.reason)
    return _detail(complaint, officer=False)


@router.post(
    "/{public_id}/rating",
    response={200: ComplaintDetailOut, **WRITE_ERRORS},
    operation_id="complaints_rate",
    summary="The reporter rates the handling (1–5)",
)
def complaints_rate(request: HttpRequest, public_id: str, payload: RateIn) -> dict[str, Any]:
    complaint = _own(request, public_id)
    services.complaint_rate(
        actor=request.user, complaint=complaint, rating=payload.rating, comment=payload.comment
    )
    return _detail(complaint, officer=False)


class BoardParams(Schema):
    # Slugs only: characters PostgreSQL refuses in text (NUL) never reach the database.
    agency: str | None = Field(default=None, max_length=80, pattern=SLUG_PATTERN)
    category: str | None = Field(default=None, max_length=60, pattern=SLUG_PATTERN)
    region: str | None = Field(
        default=None, max_length=13, pattern=r"^\d{2}(\.\d{2}){0,2}(\.\d{4})?$"
    )
    status: str | None = Field(default=None, pattern="^(open|closed)$")
    limit: int = Field(default=20, ge=1, le=100)


@board_router.get(
    "",
    response={200: BoardList, **problems(422)},
    operation_id="complaints_board",
    summary="The public board (published, never rahasia, masked)",
)
def complaints_board(request: HttpRequest, params: Query[BoardParams]) -> dict[str, Any]:
    filters = params.dict()
    key = (tuple(sorted(filters.items())), get_language())
    return {"items": boardcache.page(key, lambda: _board_items(filters))}


def _board_items(filters: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    rows = selectors.with_board_events(selectors.board(filters))[: filters["limit"]]
    return tuple(
        {
            "id": str(c.public_id),
            "subject": c.public_subject,
            "description": c.public_description,
            "kind": c.kind,
            "status": c.status,
            "agency": c.agency.slug if c.agency else None,
            "category": c.category.slug if c.category else None,
            "region": c.region.code if c.region else None,
            "reporter": selectors.board_reporter(c),
            "filed_at": c.filed_at,
            "responses": [
                {
                    "at": r["at"],
                    "kind": r["kind"],
                    "actor": r["label"],
                    "body": r["body"],
                    "public": True,
                }
                for r in selectors.board_events(c)
            ],
        }
        for c in rows
    )
