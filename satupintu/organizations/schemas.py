from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from ninja import Schema

if TYPE_CHECKING:
    from satupintu.organizations.models import Agency


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


def agency_out(agency: Agency) -> dict[str, Any]:
    """An agency as AgencyOut, for this app's API and for others that embed an agency."""
    fields = {name: getattr(agency, name) for name in AgencyOut.model_fields if name != "url"}
    return fields | {"url": reverse("organizations:detail", args=[agency.slug])}
