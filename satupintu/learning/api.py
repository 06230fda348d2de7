"""The learning API under /api/v1/learning (session auth, officers with two-factor)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.security import django_auth

from satupintu.applications import outputs
from satupintu.catalog.models import Service
from satupintu.core.errors import NotFound, ServiceError
from satupintu.core.schemas import problems
from satupintu.learning import access, services
from satupintu.learning.models import Assessment, Course, Dimension, Enrolment, Proposal
from satupintu.learning.schemas import (
    AssessmentIn,
    AssessmentOut,
    CourseOut,
    EnrolmentIn,
    EnrolmentOut,
    ProposalIn,
    ProposalOut,
)
from satupintu.organizations.selectors import agency_ids_for, memberships_for

router = Router(auth=django_auth, tags=["learning"])


def _course_out(c: Course) -> dict[str, Any]:
    return {
        "slug": c.slug,
        "title": c.title,
        "summary": c.summary,
        "dimension": c.dimension.code if c.dimension else None,
        "level": c.level,
        "jp": c.jp,
        "pass_mark": c.pass_mark,
        "max_attempts": c.max_attempts,
        "modules": c.modules.count(),
    }


@router.get(
    "/courses",
    response={200: list[CourseOut], **problems(401, 403)},
    operation_id="learning_courses_list",
    summary="The published course catalog",
)
def courses_list(request: HttpRequest) -> list[dict[str, Any]]:
    access.require_officer(request.user)
    rows = Course.objects.filter(is_published=True).select_related("dimension")
    return [_course_out(c) for c in rows]


def _enrolment_out(e: Enrolment) -> dict[str, Any]:
    cert = e.certificate
    return {
        "id": str(e.public_id),
        "course": e.course.slug,
        "enrolled_at": e.enrolled_at,
        "passed_at": e.passed_at,
        "modules_done": e.done.count(),
        "certificate_number": cert.number if cert else None,
        "verification_url": outputs.verification_url(cert.number) if cert else None,
    }


@router.get(
    "/enrolments",
    response={200: list[EnrolmentOut], **problems(401, 403)},
    operation_id="learning_enrolments_list",
    summary="My enrolments with progress and certificates",
)
def enrolments_list(request: HttpRequest) -> list[dict[str, Any]]:
    access.require_officer(request.user)
    user: Any = request.user
    rows = Enrolment.objects.filter(user=user).select_related("course", "certificate")
    return [_enrolment_out(e) for e in rows]


@router.post(
    "/enrolments",
    response={201: EnrolmentOut, **problems(400, 401, 403, 404, 422)},
    operation_id="learning_enrolments_create",
    summary="Enrol in a course (idempotent)",
)
def enrolments_create(request: HttpRequest, payload: EnrolmentIn) -> Status:
    course = access.course_for_officer(request.user, payload.course)
    row = services.enrolment_create(actor=request.user, course=course)
    return Status(201, _enrolment_out(row))


def _assessment_out(a: Assessment) -> dict[str, Any]:
    return {
        "id": str(a.public_id),
        "officer": a.subject_id,
        "kind": a.kind,
        "dimension": a.dimension.code,
        "level": a.level,
        "justification": a.justification,
        "created_at": a.created_at,
    }


@router.get(
    "/assessments",
    response={200: list[AssessmentOut], **problems(401, 403, 404, 422)},
    operation_id="learning_assessments_list",
    summary="Assessments of me, or of an officer I supervise (?officer=id), newest first",
)
def assessments_list(request: HttpRequest, officer: int | None = None) -> list[dict[str, Any]]:
    access.require_officer(request.user)
    subject = access.officer_for_viewer(request.user, officer if officer else request.user.pk)
    rows = Assessment.objects.filter(subject=subject).select_related("dimension")[:500]
    return [_assessment_out(a) for a in rows]


@router.post(
    "/assessments",
    response={201: AssessmentOut, **problems(400, 401, 403, 404, 422)},
    operation_id="learning_assessments_create",
    summary="Assess myself, or (with officer) an officer I supervise",
)
def assessments_create(request: HttpRequest, payload: AssessmentIn) -> Status:
    access.require_officer(request.user)
    subject = access.officer_for_viewer(request.user, payload.officer or request.user.pk)
    dimension = Dimension.objects.filter(code=payload.dimension).first()
    if dimension is None:
        raise ServiceError(_("Dimensi tidak dikenal."), field="dimension")
    row = services.assessment_record(
        actor=request.user,
        subject=subject,
        dimension=dimension,
        level=payload.level,
        justification=payload.justification,
    )
    return Status(201, _assessment_out(row))


def _proposal_out(p: Proposal) -> dict[str, Any]:
    return {
        "id": str(p.public_id),
        "title": p.title,
        "status": p.status,
        "metric": p.metric,
        "service": p.service.slug if p.service else None,
        "supports": p.supports.count(),
        "reason": p.reason,
        "metric_before": p.metric_before,
        "metric_after": p.metric_after,
        "created_at": p.created_at,
    }


@router.get(
    "/proposals",
    response={200: list[ProposalOut], **problems(401, 403)},
    operation_id="learning_proposals_list",
    summary="Innovation proposals of my agencies, newest first",
)
def proposals_list(request: HttpRequest) -> list[dict[str, Any]]:
    access.require_officer(request.user)
    rows = Proposal.objects.filter(agency_id__in=agency_ids_for(request.user)).select_related(
        "service"
    )[:500]
    return [_proposal_out(p) for p in rows]


@router.post(
    "/proposals",
    response={201: ProposalOut, **problems(400, 401, 403, 404, 422)},
    operation_id="learning_proposals_create",
    summary="Propose an improvement to a service of my agency",
)
def proposals_create(request: HttpRequest, payload: ProposalIn) -> Status:
    access.require_officer(request.user)
    service = None
    if payload.service:
        service = Service.objects.filter(
            slug=payload.service, agency_id__in=agency_ids_for(request.user)
        ).first()
        if service is None:
            raise NotFound(_("Layanan tidak ditemukan."))
    membership = memberships_for(request.user).first()
    if service is None and membership is None:
        raise NotFound(_("Instansi tidak ditemukan."))
    row = services.proposal_submit(
        actor=request.user,
        agency_id=service.agency_id if service else membership.agency_id,  # type: ignore[union-attr]
        service=service,
        title=payload.title,
        problem=payload.problem,
        idea=payload.idea,
        metric=payload.metric,
    )
    return Status(201, _proposal_out(row))
