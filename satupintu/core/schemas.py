"""Schemas shared by every app's JSON API."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


def problems(*statuses: int) -> dict[int, Any]:
    """`{status: Problem}` for each status: the error answers of an endpoint's `response`."""
    return dict.fromkeys(statuses, Problem)
