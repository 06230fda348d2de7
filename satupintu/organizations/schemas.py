from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from ninja import Schema
from pydantic import Field

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


class OfficerRoleOut(Schema):
    id: int
    role: str
    role_label: str
    unit: str | None
    unit_name: str | None
    active: bool
    suspended: bool


class OfficerOut(Schema):
    id: int
    full_name: str
    nip: str  # masked
    active: bool
    roles: list[OfficerRoleOut]


class OfficerPage(Schema):
    items: list[OfficerOut]
    next_cursor: str | None = None


class OfficerIn(Schema):
    full_name: str = Field(..., max_length=200)
    nip: str = Field(..., max_length=26)
    contact: str = Field(..., max_length=254)
    roles: list[str] = Field(..., min_length=1, max_length=12)
    unit: str | None = Field(
        default=None, max_length=80, description="Unit slug; none for agency-wide."
    )


class RoleChangeIn(Schema):
    role: str = Field(..., max_length=24)
    unit: str | None = Field(
        default=None, max_length=80, description="Unit slug; none for agency-wide."
    )
    active: bool = Field(default=True, description="True grants the role, false revokes it.")


class OfficerStatusIn(Schema):
    active: bool = Field(
        ..., description="False deactivates the officer in the agency, true reactivates."
    )


def officer_out(officer: Any) -> dict[str, Any]:
    """An officer of one agency (from selectors.officers_of), NIP masked."""
    from satupintu.core.fields import masked_field

    return {
        "id": officer.pk,
        "full_name": officer.full_name,
        "nip": masked_field(officer, "nip"),
        "active": bool(officer.is_active_here),
        "roles": [
            {
                "id": m.pk,
                "role": m.role,
                "role_label": str(m.get_role_display()),
                "unit": m.unit.slug if m.unit else None,
                "unit_name": m.unit.name if m.unit else None,
                "active": m.is_active,
                "suspended": m.suspended_at is not None,
            }
            for m in officer.agency_memberships
        ],
    }
