"""The applications API: a citizen's own applications under /api/v1/applications (session
auth, so CSRF applies to writes) and the public status check under /api/v1/status.

Access is decided by satupintu.applications.access, as for the HTML views: another person's
application is a 404, never a 403.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import django_auth
from pydantic import Field

from satupintu.applications import access, outputs, receipts, selectors, services, tracking
from satupintu.applications.models import (
    Application,
    Channel,
    Document,
    Event,
    Message,
    Output,
)
from satupintu.applications.schemas import (
    AnswersIn,
    AnswersOut,
    ApplicationDetailOut,
    ApplicationOut,
    ApplicationPage,
    DocumentOut,
    MessageOut,
    OutputOut,
    StartIn,
    StatusOut,
    SubmitIn,
    SubmitOut,
    VerificationOut,
    WithdrawIn,
)
from satupintu.catalog import selectors as catalog_selectors
from satupintu.core.api import paginate_by_key
from satupintu.core.errors import NotFound, ServiceError
from satupintu.core.identifiers import mask_identifier
from satupintu.core.schemas import problems
from satupintu.core.throttle import Throttled, client_ip

router = Router(auth=django_auth, tags=["applications"])
public_router = Router(tags=["status"])
outputs_router = Router(auth=django_auth, tags=["outputs"])
verification_router = Router(tags=["verification"])

API_PREFIX = "/api/v1/applications"

# Errors of the writes on one application; 403 is the CSRF check of session auth.
WRITE_ERRORS: dict[int, Any] = problems(400, 401, 403, 404, 409, 422)


def _url(application: Application) -> str:
    return f"{API_PREFIX}/{application.public_id}"


def application_out(application: Application) -> dict[str, Any]:
    return {
        "id": str(application.public_id),
        "service": application.service.slug,
        "service_name": application.service.localized_name,
        "agency": application.agency.slug,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        "channel": application.channel,
        "tracking_code": application.tracking_code,
        "current_step": application.current_step,
        "created_at": application.created_at,
        "submitted_at": application.submitted_at,
        # No expected finish once the case is closed (rejected, completed, withdrawn).
        "due_at": selectors.expected_finish(application),
        "url": _url(application),
    }


_NIK_LIKE = re.compile(r"^[0-9]{16}$")


def answers_out(application: Application) -> dict[str, Any]:
    """The answers as the citizen's pages show them: in full while the application can be
    edited (the form shows what was typed), with every NIK masked once it is submitted (as on
    the receipt), so a stolen session or token reads no family member's NIK."""
    answers = application.answers
    if application.status in services.EDITABLE:
        return answers
    return {
        key: mask_identifier(value)
        if isinstance(value, str) and _NIK_LIKE.match(value.replace(" ", ""))
        else value
        for key, value in answers.items()
    }


def document_out(document: Document) -> dict[str, Any]:
    return {
        "id": str(document.public_id),
        "required_document_id": document.required_document_id,
        "field_key": document.field_key,
        "name": document.original_name,
        "content_type": document.content_type,
        "size": document.size,
        "sha256": document.sha256,
        "uploaded_at": document.uploaded_at,
    }


def _event_out(event: Event) -> dict[str, Any]:
    return {
        "at": event.at,
        "kind": event.kind,
        "status_from": event.status_from,
        "status_to": event.status_to,
        "actor": event.actor_label,
        "note": event.note,
    }


def message_out(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "author": message.author_label,
        "from_agency": message.from_agency,
        "body": message.body,
        "attachment": document_out(message.attachment) if message.attachment else None,
        "created_at": message.created_at,
    }


class ListParams(Schema):
    cursor: str | None = None
    limit: int = Field(default_factory=lambda: min(settings.API_PAGE_SIZE, 100), ge=1, le=100)


@router.get(
    "",
    response={200: ApplicationPage, **problems(400, 401, 422)},
    operation_id="applications_list",
    summary="My applications",
)
def applications_list(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    """The signed-in citizen's own applications (drafts included). Pass `next_cursor` back as
    `cursor` for the next page."""
    return paginate_by_key(
        selectors.applications_for_citizen(request.user),
        key="public_id",
        cursor=params.cursor,
        limit=params.limit,
        serialize=application_out,
    )


@router.post(
    "",
    response={201: ApplicationOut, **problems(400, 401, 403, 404, 422)},
    operation_id="applications_start",
    summary="Start a draft application for a service",
)
def applications_start(request: HttpRequest, payload: StartIn) -> Status:
    service = catalog_selectors.kept_service_by_slug(payload.service)
    if service is None:
        raise NotFound(_("Layanan tidak ditemukan."))
    application = services.application_start(
        actor=request.user, service=service, channel=Channel.ONLINE
    )
    return Status(201, application_out(application))


@router.get(
    "/{public_id}",
    response={200: ApplicationDetailOut, **problems(401, 404)},
    operation_id="applications_detail",
    summary="One of my applications, with answers, documents and timeline",
)
def applications_detail(request: HttpRequest, public_id: str) -> dict[str, Any]:
    application = access.application_for_citizen(request.user, public_id)
    return {
        **application_out(application),
        "answers": answers_out(application),
        "documents": [document_out(d) for d in application.documents.all()],
        "timeline": [_event_out(e) for e in selectors.timeline(application)],
    }


@router.patch(
    "/{public_id}/answers",
    response={200: AnswersOut, **WRITE_ERRORS},
    operation_id="applications_answers_save",
    summary="Save answers to a draft (autosave); returns the errors of `group`",
)
def applications_answers_save(
    request: HttpRequest, public_id: str, payload: AnswersIn
) -> dict[str, Any]:
    application = access.application_for_citizen(request.user, public_id)
    errors = services.application_save_answers(
        actor=request.user,
        application=application,
        answers=payload.answers,
        step=payload.step,
        group=payload.group,
    )
    return {"errors": errors}


@router.post(
    "/{public_id}/documents",
    response={201: DocumentOut, **WRITE_ERRORS},
    operation_id="applications_documents_upload",
    summary="Upload a document (PDF, JPEG or PNG) to a draft",
)
def applications_documents_upload(
    request: HttpRequest,
    public_id: str,
    file: File[UploadedFile],
    required_document_id: Form[int | None] = None,
    # A form field's key (a slug) or nothing; checked here so NUL never reaches PostgreSQL.
    field_key: str = Form("", pattern=r"^[-a-zA-Z0-9_]*$", max_length=60),
) -> Status:
    """The type is decided from the content; images are re-encoded without metadata; a document
    for the same required document replaces the earlier one."""
    application = access.application_for_citizen(request.user, public_id)
    document = services.application_attach_document(
        actor=request.user,
        application=application,
        upload=file,
        required_document_id=required_document_id,
        field_key=field_key,
    )
    return Status(201, document_out(document))


@router.post(
    "/{public_id}/submit",
    response={200: SubmitOut, 201: SubmitOut, **WRITE_ERRORS},
    operation_id="applications_submit",
    summary="Submit a draft (send an Idempotency-Key header; retries return the same result)",
)
def applications_submit(
    request: HttpRequest,
    public_id: str,
    payload: SubmitIn,
    idempotency_key: str | None = Header(default=None, alias="Idempotency-Key"),
) -> Status:
    """201 with the tracking code and status secret on the first submission; 200 with the same
    application when the Idempotency-Key was used before."""
    if not idempotency_key:
        raise ServiceError(_("Header Idempotency-Key wajib dikirim."), field="Idempotency-Key")
    application = access.application_for_citizen(request.user, public_id)
    result = services.application_submit(
        actor=request.user,
        application=application,
        idempotency_key=idempotency_key,
        declaration=payload.declaration,
    )
    submitted = result.application
    body = {
        "tracking_code": submitted.tracking_code or "",
        "status_secret": result.status_secret,
        "status": submitted.status,
        "submitted_at": submitted.submitted_at,
        "due_at": submitted.due_at,
        "receipt_url": f"{_url(submitted)}/receipt.pdf",
        "status_url": services.status_url(submitted.tracking_code or ""),
        "created": result.created,
    }
    return Status(201 if result.created else 200, body)


@router.post(
    "/{public_id}/withdraw",
    response={200: ApplicationOut, **WRITE_ERRORS},
    operation_id="applications_withdraw",
    summary="Withdraw a submitted application before it is decided",
)
def applications_withdraw(
    request: HttpRequest, public_id: str, payload: WithdrawIn
) -> dict[str, Any]:
    """Stops the case (status `withdrawn`); 409 once it is decided or closed. `confirm` must be
    true, so a mistaken call withdraws nothing."""
    application = access.application_for_citizen(request.user, public_id)
    if not payload.confirm:
        raise ServiceError(_("Pastikan pembatalan dengan confirm: true."), field="confirm")
    withdrawn = services.application_withdraw(
        actor=request.user, application=application, reason=payload.reason
    )
    return application_out(withdrawn)


@router.get(
    "/{public_id}/receipt.pdf",
    response={200: None, **problems(401, 404)},
    operation_id="applications_receipt",
    summary="The receipt (tanda terima) as PDF",
    openapi_extra={"responses": {200: {"description": "PDF", "content": {"application/pdf": {}}}}},
)
def applications_receipt(request: HttpRequest, public_id: str) -> HttpResponse:
    application = access.application_for_citizen(request.user, public_id)
    if not application.tracking_code:
        raise NotFound(_("Permohonan belum diajukan, jadi belum ada tanda terima."))
    response = HttpResponse(receipts.receipt_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="tanda-terima-{application.tracking_code}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/{public_id}/messages",
    response={200: list[MessageOut], **problems(401, 404)},
    operation_id="applications_messages_list",
    summary="The message thread of one of my applications",
)
def applications_messages_list(request: HttpRequest, public_id: str) -> list[dict[str, Any]]:
    application = access.application_for_citizen(request.user, public_id)
    rows = application.messages.select_related("attachment").order_by("created_at", "id")[:500]
    return [message_out(m) for m in rows]


@router.post(
    "/{public_id}/messages",
    response={201: MessageOut, **WRITE_ERRORS},
    operation_id="applications_messages_post",
    summary="Post a message (optionally with a document) to the officers",
)
def applications_messages_post(
    request: HttpRequest,
    public_id: str,
    body: Form[str],
    file: File[UploadedFile | None] = None,
) -> Status:
    application = access.application_for_citizen(request.user, public_id)
    message = services.message_post(
        actor=request.user, application=application, body=body, upload=file
    )
    return Status(201, message_out(message))


class StatusIn(Schema):
    code: str = Field(default="", max_length=40, description="Tracking number from the receipt")
    secret: str = Field(default="", max_length=32, description="Secret printed on the receipt")


STATUS_SECRET_HEADER = "X-Status-Secret"  # noqa: S105 - a header name
STATUS_RESPONSES: dict[int, Any] = {200: StatusOut, **problems(400, 404, 422, 429)}


def _status(request: HttpRequest, code: str, secret: str) -> dict[str, Any]:
    """Throttled exactly like the page (one counter per address for both): a blocked address
    is refused before the lookup; an unknown code and a wrong secret both give the same 404."""
    address = client_ip(request)
    if tracking.status_check_blocked(address):
        raise Throttled(_("Terlalu banyak percobaan. Coba lagi dalam 15 menit."))
    view = selectors.status_by_tracking(code, secret)
    if view is None:
        tracking.status_check_failed(address)
        raise NotFound(_("Permohonan dengan nomor dan kode rahasia tersebut tidak ditemukan."))
    return {
        "tracking_code": view.tracking_code,
        "service": view.service_name,
        "agency": view.agency_name,
        "status": view.status,
        "status_label": view.status_label,
        "submitted_at": view.submitted_at,
        "due_at": view.due_at,
        "updated_at": view.updated_at,
    }


@public_router.post(
    "",
    response=STATUS_RESPONSES,
    operation_id="status_check",
    summary="Public status check by tracking number and secret (no personal data)",
    auth=None,
)
def status_check(request: HttpRequest, payload: StatusIn) -> dict[str, Any]:
    """The status of an application. The secret travels in the body, so it stays out of URLs
    and access logs. Failed checks are throttled per address (429), as on the status page."""
    return _status(request, payload.code, payload.secret)


@public_router.get(
    "",
    response=STATUS_RESPONSES,
    operation_id="status_check_by_header",
    summary="Public status check with the secret in the X-Status-Secret header",
    auth=None,
)
def status_check_by_header(
    request: HttpRequest,
    code: Query[str] = "",
    secret: str = Header(default="", alias=STATUS_SECRET_HEADER, max_length=32),
) -> dict[str, Any]:
    """For clients that can only GET: the code in the query, the secret in a header. A secret
    in the query string is refused (it would land in access logs) and is not looked up."""
    if "secret" in request.GET:
        raise ServiceError(
            _(
                "Jangan kirim kode rahasia di alamat. Kirim dengan POST (badan JSON) atau di "
                "header X-Status-Secret."
            ),
            field="secret",
        )
    return _status(request, code, secret)


# --- signed outputs ------------------------------------------------------------------------


def output_out(output: Output) -> dict[str, Any]:
    application = output.application
    return {
        "id": str(output.public_id),
        "application_id": str(application.public_id) if application else "",
        "tracking_code": (application.tracking_code if application else "") or "",
        "kind": output.kind,
        "number": output.number,
        "title": output.title,
        "sha256": output.sha256,
        "size": output.size,
        "issued_at": output.issued_at,
        "revoked": output.is_revoked,
        "revoked_at": output.revoked_at,
        "revocation_reason": output.revocation_reason,
        "file_url": f"/api/v1/outputs/{output.public_id}/file.pdf",
        "verification_url": outputs.verification_url(output.number),
    }


@outputs_router.get(
    "",
    response={200: list[OutputOut], **problems(401)},
    operation_id="outputs_list",
    summary="The signed documents issued on my applications, newest first",
)
def outputs_list(request: HttpRequest) -> list[dict[str, Any]]:
    user: Any = request.user
    rows = (
        Output.objects.select_related("application")
        .filter(application__applicant=user)
        .order_by("-issued_at", "-id")[:500]
    )
    return [output_out(o) for o in rows]


@outputs_router.get(
    "/{output_id}/file.pdf",
    response={200: None, **problems(401, 404)},
    operation_id="outputs_file",
    summary="One of my signed documents as the issued PDF (PAdES-signed)",
    openapi_extra={"responses": {200: {"description": "PDF", "content": {"application/pdf": {}}}}},
)
def outputs_file(request: HttpRequest, output_id: str) -> HttpResponse:
    output = access.output_for_user(request.user, output_id)
    try:
        with outputs.open_file(output) as handle:
            data = handle.read()
    except OSError as exc:
        raise NotFound(_("Dokumen tidak ditemukan.")) from exc
    response = HttpResponse(data, content_type="application/pdf")
    name = output.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@verification_router.get(
    "",
    response={200: VerificationOut, **problems(400, 404, 422, 429)},
    operation_id="verification_lookup",
    summary="Public: an issued document's facts and status by number; with sha256, whether a "
    "file is the one issued",
    auth=None,
)
def verification_lookup(
    request: HttpRequest,
    number: Query[str] = "",
    sha256: Query[str] = "",
) -> dict[str, Any]:
    """Throttled per address like the verification page (one counter for both)."""
    if outputs.verify_throttled(client_ip(request)):
        raise Throttled(_("Terlalu banyak pemeriksaan dari alamat Anda. Coba lagi nanti."))
    digest = sha256.strip().lower()
    if digest and not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise ServiceError(_("sha256 harus 64 digit heksadesimal."), field="sha256")
    output = outputs.by_number(number)
    if output is None:
        raise NotFound(_("Tidak ada dokumen terbit dengan nomor itu."))
    return {
        "number": output.number,
        "title": output.title,
        "kind": output.kind,
        "issuer": output.agency.name,
        "signer": output.signer,
        "issued_at": output.issued_at,
        "sha256": output.sha256,
        "status": "revoked" if output.is_revoked else "valid",
        "revoked_at": output.revoked_at,
        "revocation_reason": output.revocation_reason,
        "matches": (digest == output.sha256) if digest else None,
    }
