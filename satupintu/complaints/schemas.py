"""Schemas of /api/v1/complaints."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from satupintu.core.api import SLUG_PATTERN


class FileIn(Schema):
    kind: str = Field(max_length=20, description="pengaduan, aspirasi or informasi")
    privacy: str = Field(max_length=10, description="publik, anonim or rahasia (chosen explicitly)")
    subject: str = Field(max_length=400)
    description: str = Field(max_length=10000)
    identity_shared: bool = False
    category: str | None = Field(
        default=None, max_length=60, pattern=SLUG_PATTERN, description="category slug"
    )
    service: str | None = Field(
        default=None, max_length=100, pattern=SLUG_PATTERN, description="service slug"
    )
    region: str | None = Field(default=None, max_length=20, description="village code")
    street: str = Field(default="", max_length=400)
    lat: float | None = Field(default=None, ge=-90, le=90)
    long: float | None = Field(default=None, ge=-180, le=180)


class ComplaintEventOut(Schema):
    at: datetime
    kind: str
    actor: str
    body: str
    public: bool


class ComplaintReporterOut(Schema):
    hidden: bool
    name: str
    contact: str


class ComplaintOut(Schema):
    id: str
    tracking_code: str | None
    kind: str
    privacy: str
    status: str
    status_label: str
    subject: str
    agency: str | None
    category: str | None
    filed_at: datetime | None
    due_at: datetime | None
    first_response_due: datetime | None
    overdue: bool
    url: str


class ComplaintLetterOut(Schema):
    number: str
    issued_at: datetime
    download_url: str
    verify_url: str


class ComplaintDetailOut(ComplaintOut):
    description: str
    reporter: ComplaintReporterOut | None = None
    timeline: list[ComplaintEventOut]
    letter: ComplaintLetterOut | None = None


class FiledOut(ComplaintOut):
    status_secret: str


class ComplaintList(Schema):
    items: list[ComplaintOut]


class RespondIn(Schema):
    kind: str = Field(
        default="response", max_length=20, description="response, note, info_request or resolved"
    )
    body: str = Field(max_length=10000)
    public: bool = False


class ForwardIn(Schema):
    agency: str = Field(max_length=80, description="the receiving agency's slug")
    reason: str = Field(max_length=2000)


class ReopenIn(Schema):
    reason: str = Field(max_length=10000)


class RateIn(Schema):
    rating: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=2000)


class BoardItemOut(Schema):
    id: str
    subject: str
    description: str
    kind: str
    status: str
    agency: str | None
    category: str | None
    region: str | None
    reporter: str
    filed_at: datetime | None
    responses: list[ComplaintEventOut]


class BoardList(Schema):
    items: list[BoardItemOut]
