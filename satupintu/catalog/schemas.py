from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from satupintu.organizations.schemas import AgencyOut


class NamedOut(Schema):
    slug: str
    name: str
    name_en: str


class RequiredDocumentOut(Schema):
    name: str
    name_en: str
    description: str
    is_required: bool


class StandardOut(Schema):
    """The six public components of the service standard (UU 25/2009 Pasal 21)."""

    requirements: str
    procedure: str
    time_standard: str
    fee_standard: str
    product: str
    complaint_handling: str


class ServiceOut(Schema):
    slug: str
    name: str
    name_en: str
    summary: str
    summary_en: str
    agency: AgencyOut
    category: NamedOut
    fee_amount: int
    is_free: bool
    sla_working_days: int
    output_product: str
    channel_online: bool
    channel_counter: bool
    url: str


class ServiceDetailOut(ServiceOut):
    life_events: list[NamedOut]
    keywords: str
    standard: StandardOut
    required_documents: list[RequiredDocumentOut]
    maklumat: str


class ServicePage(Schema):
    items: list[ServiceOut]
    next_cursor: str | None = None


class WorkflowStepOut(Schema):
    key: str
    label: str
    status: str
    sla_days: int
    waits_on_citizen: bool
    outcome: str


class WorkflowActionOut(Schema):
    key: str
    label: str
    source: str
    target: str
    roles: list[str]
    reason_required: bool
    returns_for_correction: bool


class WorkflowOut(Schema):
    """The service's current workflow version: what an application goes through."""

    service: str
    version: int
    published_at: str | None
    start: str
    steps: list[WorkflowStepOut]
    actions: list[WorkflowActionOut]


class WorkflowVersionOut(Schema):
    number: int
    state: str = Field(description="draft, published or retired")
    current: bool = Field(description="The version new applications start on")
    note: str
    created_at: dt.datetime
    published_at: dt.datetime | None


class OfficeWorkflowStepOut(WorkflowStepOut):
    label_internal: str


class OfficeWorkflowActionOut(WorkflowActionOut):
    checklist: list[str]


class WorkflowVersionDetailOut(WorkflowVersionOut):
    service_id: int
    start: str
    steps: list[OfficeWorkflowStepOut]
    actions: list[OfficeWorkflowActionOut]
    problems: list[str] = Field(
        description="For a draft: every problem that stops it from being published, in words"
    )


class WorkflowDraftIn(Schema):
    spec: dict[str, Any] = Field(
        description="start, steps and actions as in catalog.workflow (actions use from/to)"
    )
    note: str = Field(default="", max_length=300)
