from __future__ import annotations

from ninja import Schema


class AgencyOut(Schema):
    slug: str
    name: str
    short_name: str
    kind: str
    url: str


class AgencyDetailOut(AgencyOut):
    description: str
    address: str
    phone: str
    email: str
    website: str
    opening_hours: str
    maklumat: str
    service_count: int


class AgencyPage(Schema):
    items: list[AgencyOut]
    next_cursor: str | None = None
