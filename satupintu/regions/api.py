"""GET /api/v1/regions: the Kemendagri region list, for address pickers in other systems."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from satupintu.core.api import paginate_by_key
from satupintu.core.schemas import problems
from satupintu.regions.models import Region
from satupintu.regions.schemas import RegionOut, RegionPage
from satupintu.regions.selectors import normalize_code, region_filter, region_get

router = Router()


@router.get(
    "",
    response={200: RegionPage, **problems(400, 422)},
    operation_id="regions_list",
    summary="List regions",
)
def regions_list(
    request: HttpRequest,
    parent: str | None = Query(
        None, max_length=13, description="Only direct children of this region code."
    ),
    level: int | None = Query(None, ge=1, le=4, description="1 province … 4 village."),
    q: str | None = Query(None, max_length=100, description="Name contains (any case)."),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(50, ge=1, le=200),
) -> dict[str, Any]:
    """Regions ordered by code; pass `next_cursor` back as `cursor` for the next page."""
    qs = Region.objects.all()
    if parent:
        # Text that is no region code has no children; it never reaches the database, which
        # may refuse it (NUL on PostgreSQL).
        code = normalize_code(parent)
        qs = qs.filter(parent_id=code) if code else qs.none()
    qs = region_filter(qs, query=q, level=level)
    return paginate_by_key(
        qs, key="code", cursor=cursor, limit=limit, serialize=RegionOut.from_region
    )


@router.get(
    "/{code}",
    response={200: RegionOut, **problems(404)},
    operation_id="regions_get",
    summary="Get a region",
)
def regions_get(request: HttpRequest, code: str) -> RegionOut:
    """One region by its dotted code (`32.76`) or digits (`3276`); 404 when unknown."""
    return RegionOut.from_region(region_get(code))
