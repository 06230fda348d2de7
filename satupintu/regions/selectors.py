"""Reads of regions shared by the pages, the API and other apps' address pickers."""

from __future__ import annotations

import re

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from satupintu.core.errors import NotFound
from satupintu.core.identifiers import RegionLookup
from satupintu.regions.models import Region
from satupintu.regions.names import normalize_name, split_kind_prefix

_DOTTED_CODE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")
_DIGIT_CODE = re.compile(r"\d{2}|\d{4}|\d{6}|\d{10}")
_POSTAL_CODE = re.compile(r"\d{5}")
# search_name holds only [a-z0-9 ], all below "~": [q, q + "~") is exactly the names starting
# with q, a range both SQLite and PostgreSQL answer from the search_name index.
_AFTER_ALL = "~"


def region_lookup() -> RegionLookup | None:
    """Whether a dotted code is in the regions table, or None while the table is empty (not
    loaded yet). Registered as core's region lookup for NIK validation in RegionsConfig.ready()."""
    if not Region.objects.exists():
        return None

    def known(code: str) -> bool:
        return Region.objects.filter(code=code).exists()

    return known


def normalize_code(code: str) -> str | None:
    """The dotted code for "32.76" or "3276"; None when it cannot be a region code."""
    c = code.strip()
    if _DOTTED_CODE.fullmatch(c):
        return c
    if _DIGIT_CODE.fullmatch(c):
        return ".".join(p for p in (c[0:2], c[2:4], c[4:6], c[6:10]) if p)
    return None


def region_get(code: str) -> Region:
    """The region with this code ("32.76" or "3276"); NotFound when there is none."""
    normalized = normalize_code(code)
    region = Region.objects.filter(code=normalized).first() if normalized else None
    if region is None:
        raise NotFound(_("Wilayah dengan kode itu tidak ditemukan."), field="code")
    return region


def region_children(code: str | None = None) -> QuerySet[Region]:
    """Direct children of a region by name, for cascading pickers; no code → the provinces."""
    if not code:
        return Region.objects.filter(level=Region.Level.PROVINCE).order_by("name")
    return Region.objects.filter(parent_id=normalize_code(code) or code).order_by("name")


def region_ancestors(region: Region) -> list[Region]:
    """The region's parents, province first, for breadcrumbs."""
    return list(Region.objects.filter(code__in=region.parent_codes).order_by("level"))


def _starting_with(qs: QuerySet[Region], text: str) -> QuerySet[Region]:
    return qs.filter(
        search_name__gte=text, search_name__lt=text + _AFTER_ALL, search_name__startswith=text
    )


def _ranked(qs: QuerySet[Region], text: str) -> QuerySet[Region]:
    # Exact name, then a word starting with the text, then bigger regions before smaller ones.
    return qs.annotate(
        match_rank=Case(
            When(search_name=text, then=Value(0)),
            When(search_name__startswith=text, then=Value(1)),
            When(search_name__contains=f" {text}", then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    ).order_by("match_rank", "level", "search_name", "code")


def region_search(
    query: str,
    *,
    level: int | None = None,
    parent_code: str | None = None,
    limit: int = 20,
) -> list[Region]:
    """Regions whose name matches `query`, best first, for address pickers.

    Case and punctuation do not matter. Names starting with the query come before names that
    only contain it; regencies before districts before villages. "kota bandung" prefers cities,
    "kab bandung" regencies. A five-digit query finds villages by postal code, and a region
    code finds that region. `parent_code` keeps results inside that region.
    """
    base = Region.objects.all()
    if level:
        base = base.filter(level=level)
    if parent_code:
        within = normalize_code(parent_code) or parent_code
        base = base.filter(code__startswith=f"{within}.")

    raw = query.strip()
    if _POSTAL_CODE.fullmatch(raw):
        return list(base.filter(postal_code=raw).order_by("code")[:limit])

    found: list[Region] = []

    def add(regions: QuerySet[Region]) -> None:
        seen = {r.code for r in found}
        found.extend(r for r in regions[: limit + len(seen)] if r.code not in seen)

    code = normalize_code(raw)
    if code:
        add(base.filter(code=code))
    text = normalize_name(raw)
    if not text:
        return found[:limit]
    hinted = split_kind_prefix(text)
    if hinted:
        kinds, rest = hinted
        add(_ranked(_starting_with(base.filter(kind__in=kinds), rest), rest))
    add(_ranked(_starting_with(base, text), text))
    if len(found) < limit:
        # A substring match cannot use the index; it is a scan of ~92k short strings (tens of ms).
        add(_ranked(base.filter(search_name__contains=text), text))
    return found[:limit]


def region_filter(
    qs: QuerySet[Region], *, query: str | None = None, level: int | None = None
) -> QuerySet[Region]:
    """Narrow a region queryset by name substring and level, keeping its order (for the API)."""
    if level:
        qs = qs.filter(level=level)
    if query:
        text = normalize_name(query)
        condition = Q(search_name__contains=text)
        hinted = split_kind_prefix(text)
        if hinted:
            kinds, rest = hinted
            condition |= Q(kind__in=kinds, search_name__contains=rest)
        qs = qs.filter(condition)
    return qs
