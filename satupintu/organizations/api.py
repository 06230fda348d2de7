"""Agency endpoints under /api/v1/agencies: public reads, and the officers of an agency for its
admins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from satupintu.core.api import SLUG_PATTERN, paginate_by_key
from satupintu.core.errors import NotFound, ServiceError
from satupintu.core.schemas import problems
from satupintu.organizations import access, selectors, services
from satupintu.organizations.models import Agency, Unit
from satupintu.organizations.schemas import (
    AgencyDetailOut,
    AgencyOut,
    AgencyPage,
    OfficerIn,
    OfficerOut,
    OfficerPage,
    OfficerStatusIn,
    RoleChangeIn,
    agency_out,
    officer_out,
)

router = Router()


class AgencyListParams(Schema):
    cursor: str | None = None
    limit: int = Field(default_factory=lambda: min(settings.API_PAGE_SIZE, 100), ge=1, le=100)


@router.get(
    "",
    response={200: AgencyPage, **problems(400, 422)},
    operation_id="agencies_list",
    summary="List agencies",
)
def agencies_list(request: HttpRequest, params: Query[AgencyListParams]) -> dict[str, Any]:
    """Active agencies, ordered by slug; pass `next_cursor` back as `cursor` for the next page."""
    return paginate_by_key(
        Agency.objects.filter(is_active=True),
        key="slug",
        cursor=params.cursor,
        limit=params.limit,
        serialize=agency_out,
    )


@router.get(
    "/{slug}",
    response={200: AgencyDetailOut, **problems(404, 422)},
    operation_id="agencies_get",
    summary="Get an agency",
)
def agencies_get(
    request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN, max_length=60)
) -> dict[str, Any]:
    """One active agency with its profile, contact details and maklumat pelayanan."""
    agency = selectors.active_agencies().filter(slug=slug).first()
    if agency is None:
        raise NotFound(_("Instansi tidak ditemukan."))
    # The profile fields beyond AgencyOut, service_count (annotated by the selector) included.
    extra = [name for name in AgencyDetailOut.model_fields if name not in AgencyOut.model_fields]
    return agency_out(agency) | {name: getattr(agency, name) for name in extra}


# --- an agency's officers, for its admins (session auth; CSRF applies to the writes) ----------

OFFICER_ERRORS: dict[int, Any] = problems(400, 401, 403, 404, 409, 422)


class OfficerListParams(AgencyListParams):
    q: str = Field(default="", max_length=100, description="Part of the name.")
    unit: str = Field(default="", max_length=80, description="Unit slug.")
    role: str = Field(default="", max_length=24)
    active: bool | None = None


def _unit(agency: Agency, slug: str | None) -> Unit | None:
    if not slug:
        return None
    unit = selectors.units_of(agency.pk).filter(slug=slug).first()
    if unit is None:
        raise ServiceError(_("Unit kerja tidak ditemukan di instansi ini."), field="unit")
    return unit


def _officer(request: HttpRequest, slug: str, officer_id: int) -> tuple[Agency, Any]:
    agency = access.agency_for_admin(request.user, slug=slug)
    return agency, access.officer_for_admin(request.user, agency, officer_id)


@router.get(
    "/{slug}/officers",
    auth=django_auth,
    response={200: OfficerPage, **problems(401, 403, 404, 422)},
    operation_id="officers_list",
    summary="List an agency's officers",
)
def officers_list(
    request: HttpRequest,
    params: Query[OfficerListParams],
    slug: str = Path(..., pattern=SLUG_PATTERN, max_length=60),
) -> dict[str, Any]:
    """The officers who hold or held a role in the agency (its admins only), NIP masked; `q`
    matches the name (a NIP is never searched through an address)."""
    agency = access.agency_for_admin(request.user, slug=slug)
    unit = _unit(agency, params.unit) if params.unit else None
    rows = selectors.officers_of(
        agency.pk,
        query=params.q,
        unit_id=unit.pk if unit else None,
        role=params.role,
        active=params.active,
        by_nip=False,
    )
    return paginate_by_key(
        rows, key="pk", cursor=params.cursor, limit=params.limit, serialize=officer_out
    )


@router.post(
    "/{slug}/officers",
    auth=django_auth,
    response={201: OfficerOut, **OFFICER_ERRORS},
    operation_id="officers_add",
    summary="Add an officer to an agency",
)
def officers_add(
    request: HttpRequest,
    payload: OfficerIn,
    slug: str = Path(..., pattern=SLUG_PATTERN, max_length=60),
) -> Status:
    """Find the officer's account by contact or create it (then invite them to set a password;
    two-factor is enrolled at the first sign-in), and give the roles, in one unit or agency-wide."""
    agency = access.agency_for_admin(request.user, slug=slug)
    officer, _memberships = services.officer_add(
        actor=request.user,
        agency=agency,
        full_name=payload.full_name,
        nip=payload.nip,
        contact=payload.contact,
        roles=payload.roles,
        unit=_unit(agency, payload.unit),
    )
    return Status(201, officer_out(access.officer_for_admin(request.user, agency, officer.pk)))


@router.post(
    "/{slug}/officers/{officer_id}/roles",
    auth=django_auth,
    response={200: OfficerOut, **OFFICER_ERRORS},
    operation_id="officers_roles",
    summary="Grant or revoke an officer's role",
)
def officers_roles(
    request: HttpRequest,
    payload: RoleChangeIn,
    officer_id: int,
    slug: str = Path(..., pattern=SLUG_PATTERN, max_length=60),
) -> dict[str, Any]:
    """Grant (`active` true) or revoke a role, in one unit or agency-wide; `supervisor` names a
    unit head. An admin cannot revoke their own last admin role."""
    agency, officer = _officer(request, slug, officer_id)
    unit = _unit(agency, payload.unit)
    if payload.active:
        services.membership_grant(
            actor=request.user, user=officer, agency=agency, role=payload.role, unit=unit
        )
    else:
        held = next(
            (
                m
                for m in officer.agency_memberships
                if m.role == payload.role and m.unit_id == (unit.pk if unit else None)
            ),
            None,
        )
        if held is None:
            raise NotFound(_("Petugas tidak memegang peran ini."))
        services.membership_revoke(actor=request.user, membership=held)
    return officer_out(access.officer_for_admin(request.user, agency, officer.pk))


@router.post(
    "/{slug}/officers/{officer_id}/status",
    auth=django_auth,
    response={200: OfficerOut, **OFFICER_ERRORS},
    operation_id="officers_status",
    summary="Deactivate or reactivate an officer in an agency",
)
def officers_status(
    request: HttpRequest,
    payload: OfficerStatusIn,
    officer_id: int,
    slug: str = Path(..., pattern=SLUG_PATTERN, max_length=60),
) -> dict[str, Any]:
    """Deactivation suspends every role at once and returns the officer's open cases to the
    pool; reactivation gives back the roles held at that moment."""
    agency, officer = _officer(request, slug, officer_id)
    change = services.officer_reactivate if payload.active else services.officer_deactivate
    change(actor=request.user, agency=agency, user=officer)
    return officer_out(access.officer_for_admin(request.user, agency, officer.pk))
