"""Read-only agency endpoints under /api/v1/agencies."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from pydantic import Field

from satupintu.core.api import SLUG_PATTERN, paginate_by_key
from satupintu.core.errors import NotFound
from satupintu.core.schemas import problems
from satupintu.organizations import selectors
from satupintu.organizations.models import Agency
from satupintu.organizations.schemas import AgencyDetailOut, AgencyOut, AgencyPage, agency_out

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
