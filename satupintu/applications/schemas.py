"""Shapes of the applications API (/api/v1/applications and /api/v1/status)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from satupintu.core.api import SLUG_PATTERN


class StartIn(Schema):
    service: str = Field(
        description="Slug of the service to apply for", max_length=100, pattern=SLUG_PATTERN
    )


class AnswersIn(Schema):
    answers: dict[str, Any] = Field(description="Form answers by field key (merged into the draft)")
    step: int | None = Field(default=None, ge=0, le=1000)
    group: str | None = Field(default=None, max_length=100, description="Validate this group")


class AnswersOut(Schema):
    errors: dict[str, list[str]]


class SubmitIn(Schema):
    declaration: bool = Field(description="The applicant declares the data is true")


class WithdrawIn(Schema):
    confirm: bool = Field(description="Must be true: the applicant confirms the withdrawal")
    reason: str = Field(default="", max_length=2000, description="Optional, read by the agency")


class SubmitOut(Schema):
    tracking_code: str
    status_secret: str
    status: str
    submitted_at: dt.datetime | None
    due_at: dt.datetime | None
    receipt_url: str
    status_url: str
    created: bool = Field(description="False when this Idempotency-Key was already used")


class DocumentOut(Schema):
    id: str
    required_document_id: int | None
    field_key: str
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class EventOut(Schema):
    at: dt.datetime
    kind: str
    status_from: str
    status_to: str
    actor: str
    note: str


class ApplicationOut(Schema):
    id: str
    service: str
    service_name: str
    agency: str
    status: str
    status_label: str
    channel: str
    tracking_code: str | None
    current_step: int
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    due_at: dt.datetime | None
    url: str


class ApplicationDetailOut(ApplicationOut):
    answers: dict[str, Any] = Field(
        description="Form answers by field key: as typed while the application can be edited; "
        "once submitted, every NIK is masked (3204********0003), as on the receipt"
    )
    documents: list[DocumentOut]
    timeline: list[EventOut]


class ApplicationPage(Schema):
    items: list[ApplicationOut]
    next_cursor: str | None = None


class MessageOut(Schema):
    id: int
    author: str
    from_agency: bool
    body: str
    attachment: DocumentOut | None
    created_at: dt.datetime


class StatusOut(Schema):
    tracking_code: str
    service: str
    agency: str
    status: str
    status_label: str
    submitted_at: dt.datetime | None
    due_at: dt.datetime | None
    updated_at: dt.datetime


class OutputOut(Schema):
    id: str
    application_id: str
    tracking_code: str
    kind: str = Field(description="output (the service's product) or rejection (a letter)")
    number: str
    title: str
    sha256: str
    size: int
    issued_at: dt.datetime
    revoked: bool
    revoked_at: dt.datetime | None
    revocation_reason: str
    file_url: str
    verification_url: str


class VerificationOut(Schema):
    number: str
    title: str = Field(description="The document type as printed")
    kind: str
    issuer: str = Field(description="The issuing agency")
    signer: str = Field(description="Subject of the signing certificate")
    issued_at: dt.datetime
    sha256: str = Field(description="SHA-256 of the issued file")
    status: str = Field(description="valid or revoked")
    revoked_at: dt.datetime | None
    revocation_reason: str
    matches: bool | None = Field(
        description="With sha256 given: whether it is the issued file's; else null"
    )


# --- the officer's inbox (/api/v1/office) ------------------------------------------------------


class HolderOut(Schema):
    id: int
    name: str


class InboxItemOut(Schema):
    id: str
    tracking_code: str | None
    service: str
    service_name: str
    agency: str
    status: str
    step: str = Field(description="Key of the current workflow step")
    step_label: str
    channel: str
    submitted_at: dt.datetime | None
    step_due_at: dt.datetime | None = Field(description="The step's deadline (UTC)")
    step_due_local: str = Field(
        description="The deadline in the agency's local time, with its zone (WIB, WITA or WIT)"
    )
    zone: str = Field(description="WIB, WITA or WIT")
    overdue: bool
    due_soon: bool = Field(description="Due within INBOX_DUE_SOON_HOURS")
    assignee: HolderOut | None
    url: str


class InboxPage(Schema):
    items: list[InboxItemOut]
    next_cursor: str | None = None


class AssignIn(Schema):
    officer: int = Field(description="User id of an officer holding a role of the current step")


class AssignmentOut(Schema):
    id: str
    tracking_code: str | None
    step: str
    assignee: HolderOut | None
    assigned_at: dt.datetime | None


# --- the back office's case (/api/v1/office/cases) -------------------------------------------


class OfficeDocumentOut(DocumentOut):
    label: str = Field(
        description="What the document is, by the names the case was submitted under"
    )
    review: str = Field(description="pending, verified or rejected")
    reviewed_by: str | None = Field(description="The officer who checked it (name)")
    reviewed_at: dt.datetime | None
    review_reason: str = Field(description="Why it was rejected (empty otherwise)")
    file_url: str = Field(description="The file as a download (back-office session)")
    view_url: str = Field(description="The file to show in place (same origin only)")


class OfficeAnswerOut(Schema):
    label: str
    value: str = Field(description="As the case page shows it: NIK and phone numbers masked")


class OfficeAnswerGroupOut(Schema):
    title: str
    answers: list[OfficeAnswerOut]


class OfficeStepOut(Schema):
    key: str
    label: str = Field(description="What the applicant sees")
    label_internal: str
    due_at: dt.datetime | None
    paused: bool = Field(description="True while the case waits on the applicant")


class OfficeActionOut(Schema):
    key: str
    label: str
    target: str
    reason_required: bool
    checklist: list[str]
    returns_for_correction: bool


class TodoOut(Schema):
    code: str = Field(
        description="review, correction, missing, checklist, ready, other_role or waiting"
    )
    text: str


class OfficeCaseOut(Schema):
    id: str
    tracking_code: str | None
    service: str
    service_name: str
    agency: str
    status: str
    status_label: str
    channel: str
    submitted_at: dt.datetime | None
    due_at: dt.datetime | None
    workflow_version: int | None
    step: OfficeStepOut | None
    applicant_name: str = Field(description="Empty once erased on the applicant's request")
    applicant_nik: str = Field(description="Masked (3204********0003); reveal on the case page")
    answers: list[OfficeAnswerGroupOut]
    documents: list[OfficeDocumentOut]
    actions: list[OfficeActionOut] = Field(description="What the caller may do now")
    todo: list[TodoOut] = Field(description="What the caller must still do on the case")
    timeline: list[EventOut] = Field(description="Internal events included")
    messages: list[MessageOut]
    outputs: list[OutputOut]


class OfficeActIn(Schema):
    action: str = Field(max_length=60, description="The action's key in the case's workflow")
    seen_step: str | None = Field(
        default=None,
        max_length=60,
        description="The step the caller saw; a case that has moved on answers 409",
    )
    note: str = Field(default="", max_length=2000, description="Read by the applicant")
    checklist: list[str] = Field(default_factory=list, max_length=50)
    fields: list[str] = Field(
        default_factory=list, max_length=200, description="Answer keys to return for correction"
    )
    documents: list[int] = Field(
        default_factory=list,
        max_length=200,
        description="Required-document ids to return for correction",
    )
    flag_rejected_documents: bool = Field(
        default=False, description="Also return every document an officer rejected"
    )
    legal_basis: str = Field(default="", max_length=40)


class DocumentReviewIn(Schema):
    decision: str = Field(description="verified or rejected", max_length=10)
    reason: str = Field(default="", max_length=500, description="Required to reject")
