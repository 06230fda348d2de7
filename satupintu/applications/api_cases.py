"""The back office's case over JSON: /api/v1/office/cases/{public_id}.

The case as the case page shows it (answers with NIK and phone masked, documents with their
checks, timeline with internal events, thread, outputs), the actions the caller may take now and
what they must still do; taking an action (`services.application_act`: a case that has moved on
is a 409 saying who handled it and when) and checking one document
(`services.document_review`). Session auth with the second factor (an officer whose session has
not passed it is anonymous here, `core.middleware.SecondFactorMiddleware`); access is
`access.application_for_officer`, as for the page, so another agency's case is a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.security import django_auth

from satupintu.applications import access, casework, selectors, services
from satupintu.applications import reveal as identifier
from satupintu.applications.api import _event_out, document_out, message_out, output_out
from satupintu.applications.models import Application, Document
from satupintu.applications.schemas import (
    DocumentReviewIn,
    OfficeActIn,
    OfficeCaseOut,
    OfficeDocumentOut,
)
from satupintu.core.errors import NotFound
from satupintu.core.schemas import problems
from satupintu.organizations.selectors import roles_in
from satupintu.privacy import selectors as privacy_selectors

router = Router(auth=django_auth, tags=["office"])

# 403 is also the CSRF check of session auth on writes.
WRITE_ERRORS: dict[int, Any] = problems(400, 401, 403, 404, 409, 422)


def office_document_out(document: Document) -> dict[str, Any]:
    reviewer = document.reviewed_by
    return {
        **document_out(document),
        "label": getattr(document, "label", ""),
        "review": document.review,
        "reviewed_by": reviewer.full_name if reviewer is not None else None,
        "reviewed_at": document.reviewed_at,
        "review_reason": document.review_reason,
        "file_url": reverse("applications_office:document", args=[document.public_id]),
        "view_url": reverse("applications_office:document_inline", args=[document.public_id]),
    }


def _answers(application: Application) -> list[dict[str, Any]]:
    revealable = identifier.revealable_fields(application)
    return [
        {
            "title": str(title),
            "answers": [
                {"label": str(label), "value": item.masked if item else str(value)}
                for label, value, item in lines
            ],
        }
        for title, lines in identifier.answer_lines(application, revealable)
    ]


def office_case_out(request: HttpRequest, application: Application) -> dict[str, Any]:
    """The case as the case page shows it to the signed-in officer."""
    held = roles_in(request.user, application.agency_id)
    step = services.current_step(application)
    documents = casework.review_documents(application)
    erased = privacy_selectors.is_erased(application.applicant)
    nik = identifier.revealable_fields(application).get("applicant.nik")
    version = application.workflow_version
    return {
        "id": str(application.public_id),
        "tracking_code": application.tracking_code,
        "service": application.service.slug,
        "service_name": application.service.localized_name,
        "agency": application.agency.slug,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        "channel": application.channel,
        "submitted_at": application.submitted_at,
        "due_at": selectors.expected_finish(application),
        "workflow_version": version.number if version is not None else None,
        "step": {
            "key": step.key,
            "label": step.label,
            "label_internal": step.label_internal,
            "due_at": application.step_due_at,
            "paused": application.paused_at is not None,
        }
        if step is not None
        else None,
        "applicant_name": "" if erased else application.applicant.full_name,
        "applicant_nik": nik.masked if nik is not None else "",
        "answers": _answers(application),
        "documents": [office_document_out(d) for d in documents],
        "actions": [
            {
                "key": a.key,
                "label": a.label,
                "target": a.target,
                "reason_required": a.reason_required,
                "checklist": list(a.checklist),
                "returns_for_correction": a.returns_for_correction,
            }
            for a in services.actions_available(application, held)
        ],
        "todo": [
            {"code": t.code, "text": t.text}
            for t in casework.officer_todo(application, held, documents)
        ],
        "timeline": [_event_out(e) for e in selectors.timeline(application, public_only=False)],
        "messages": [message_out(m) for m in selectors.thread(application)],
        "outputs": [output_out(o) for o in selectors.outputs_of(application)],
    }


@router.get(
    "/{public_id}",
    response={200: OfficeCaseOut, **problems(401, 404)},
    operation_id="office_cases_get",
    summary="A case of my agency as the case page shows it (NIK masked)",
)
def office_cases_get(request: HttpRequest, public_id: str) -> dict[str, Any]:
    application = access.application_for_officer(request.user, public_id)
    return office_case_out(request, application)


@router.post(
    "/{public_id}/actions",
    response={200: OfficeCaseOut, **WRITE_ERRORS},
    operation_id="office_cases_act",
    summary="Take a workflow action on a case; 409 when the case has moved on",
)
def office_cases_act(request: HttpRequest, public_id: str, payload: OfficeActIn) -> dict[str, Any]:
    """Send `seen_step` (the step you showed the officer): when someone acted first, the answer
    is 409 with who handled it and when, and nothing changes."""
    application = access.application_for_officer(request.user, public_id)
    services.application_act(
        actor=request.user,
        application=application,
        action=payload.action,
        note=payload.note,
        seen_step=payload.seen_step,
        checklist=payload.checklist,
        fields=payload.fields,
        documents=payload.documents,
        legal_basis=payload.legal_basis,
        flag_rejected=payload.flag_rejected_documents,
    )
    return office_case_out(request, access.application_for_officer(request.user, public_id))


@router.post(
    "/{public_id}/documents/{document_id}/review",
    response={200: OfficeDocumentOut, **WRITE_ERRORS},
    operation_id="office_cases_document_review",
    summary="Mark one document of a case verified, or rejected with a reason",
)
def office_cases_document_review(
    request: HttpRequest, public_id: str, document_id: str, payload: DocumentReviewIn
) -> dict[str, Any]:
    """A rejected document is what the correction action flags with
    `flag_rejected_documents`."""
    application = access.application_for_officer(request.user, public_id)
    document = next(
        (d for d in casework.review_documents(application) if str(d.public_id) == document_id),
        None,
    )
    if document is None:
        raise NotFound(_("Dokumen tidak ditemukan."))
    services.document_review(
        actor=request.user, document=document, decision=payload.decision, reason=payload.reason
    )
    return office_document_out(document)
