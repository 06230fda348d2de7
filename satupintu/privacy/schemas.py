from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field


class RequestIn(Schema):
    kind: Literal["access", "correction", "erasure", "restriction", "objection"]
    details: str = Field(default="", max_length=2000)
    changes: dict[str, str] = Field(
        default_factory=dict,
        description="For a correction: new values of full_name, phone and/or nik",
    )


class RequestOut(Schema):
    id: int
    kind: str
    status: str
    received_at: dt.datetime
    due_at: dt.datetime
    completed_at: dt.datetime | None
    response: str
    outcome: dict[str, Any]


class ExportOut(Schema):
    format: str
    generated_at: str
    subject_id: int
    parts: dict[str, dict[str, Any]]
