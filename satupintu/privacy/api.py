"""The signed-in person's own personal data under /api/v1/me/privacy (session auth)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.security import django_auth

from satupintu.core.schemas import Problem
from satupintu.privacy import registry, selectors, services
from satupintu.privacy.models import DataSubjectRequest
from satupintu.privacy.schemas import ExportOut, RequestIn, RequestOut

router = Router(auth=django_auth, tags=["privacy"])


def request_out(dsr: DataSubjectRequest) -> dict[str, Any]:
    return {
        "id": dsr.pk,
        "kind": dsr.kind,
        "status": dsr.status,
        "received_at": dsr.received_at,
        "due_at": dsr.due_at,
        "completed_at": dsr.completed_at,
        "response": dsr.response,
        "outcome": dsr.outcome or {},
    }


@router.get(
    "/export",
    response={200: ExportOut, 401: Problem},
    operation_id="privacy_export",
    summary="Everything held about me (UU 27/2022 access and portability)",
)
def export(request: HttpRequest) -> dict[str, Any]:
    services.export_deliver(actor=request.user, fmt="api")  # type: ignore[arg-type]
    return registry.export_for(request.user)


@router.get(
    "/requests",
    response={200: list[RequestOut], 401: Problem},
    operation_id="privacy_requests_list",
    summary="My data-subject requests, newest first",
)
def requests_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [request_out(r) for r in selectors.requests_for(request.user)[:200]]


@router.post(
    "/requests",
    response={
        201: RequestOut,
        400: Problem,
        401: Problem,
        403: Problem,
        409: Problem,
        422: Problem,
    },
    operation_id="privacy_requests_create",
    summary="File a data-subject request (answered within 3×24 hours)",
)
def requests_create(request: HttpRequest, payload: RequestIn) -> Status:
    dsr = services.dsr_submit(
        actor=request.user,  # type: ignore[arg-type]
        kind=payload.kind,
        details=payload.details,
        changes=payload.changes,
    )
    return Status(201, request_out(dsr))
