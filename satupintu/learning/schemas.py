from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class CourseOut(Schema):
    slug: str
    title: str
    summary: str
    dimension: str | None
    level: int
    jp: int
    pass_mark: int
    max_attempts: int
    modules: int


class EnrolmentIn(Schema):
    course: str = Field(max_length=80)


class EnrolmentOut(Schema):
    id: str
    course: str
    enrolled_at: dt.datetime
    passed_at: dt.datetime | None
    modules_done: int
    certificate_number: str | None
    verification_url: str | None


class AssessmentIn(Schema):
    dimension: str = Field(max_length=60)
    level: int = Field(ge=1, le=4)
    justification: str = Field(max_length=500)
    officer: int | None = None


class AssessmentOut(Schema):
    id: str
    officer: int
    kind: str
    dimension: str
    level: int
    justification: str
    created_at: dt.datetime


class ProposalIn(Schema):
    title: str = Field(max_length=200)
    problem: str = Field(max_length=2000)
    idea: str = Field(max_length=2000)
    metric: str = Field(max_length=40)
    service: str | None = Field(default=None, max_length=80)


class ProposalOut(Schema):
    id: str
    title: str
    status: str
    metric: str
    service: str | None
    supports: int
    reason: str
    metric_before: float | None
    metric_after: float | None
    created_at: dt.datetime
