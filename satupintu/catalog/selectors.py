"""Reads of the service catalog shared by the portal, the office and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.validators import slug_re
from django.db.models import Model, Prefetch, QuerySet

from satupintu.catalog import access, search
from satupintu.catalog.models import Category, LifeEvent, RequiredDocument, SearchSynonym, Service
from satupintu.core.errors import NotFound
from satupintu.organizations import selectors as org_selectors
from satupintu.organizations.models import Agency
from satupintu.regions.models import Region
from satupintu.regions.selectors import normalize_code

M = TypeVar("M", bound=Model)


def public_services() -> QuerySet[Service]:
    """Active services of active agencies, with agency and category loaded."""
    return Service.objects.filter(
        status=Service.Status.ACTIVE, agency__is_active=True
    ).select_related("agency", "category")


@dataclass
class ServiceFilters:
    query: str = ""
    category: Category | None = None
    life_event: LifeEvent | None = None
    agency: Any = None
    # The citizen's regency: its services, its province's and national ones come first.
    near: Region | None = None
    # With `near`: leave out other regions' services (the citizen can widen the scope).
    nearby_only: bool = False
    plan: search.QueryPlan | None = None


def service_search(filters: ServiceFilters) -> QuerySet[Service]:
    """Public services matching the filters; best match first when there is a query."""
    qs = public_services()
    if filters.category is not None:
        qs = qs.filter(category=filters.category)
    if filters.life_event is not None:
        qs = qs.filter(life_events=filters.life_event)
    if filters.agency is not None:
        qs = qs.filter(agency=filters.agency)
    return search.search_services(
        filters.query,
        qs=qs,
        near=filters.near,
        nearby_only=filters.nearby_only,
        plan=filters.plan,
    )


@dataclass
class FacetCount:
    obj: Any
    count: int


@dataclass
class SearchFacets:
    agencies: list[FacetCount]
    categories: list[FacetCount]
    life_events: list[FacetCount]
    areas: list[FacetCount]


MAX_FACET_ROWS = 30


def search_facets(results: QuerySet[Service]) -> SearchFacets:
    """The matched services counted per agency, category, life event and province (the
    database counts; here only the names of the most frequent are loaded)."""
    counted = search.facets(results)

    def rows(model: Any, counts: dict[Any, int], **extra: Any) -> list[FacetCount]:
        top = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:MAX_FACET_ROWS]
        by_id = model._default_manager.filter(pk__in=[k for k, _n in top if k], **extra).in_bulk()
        return [FacetCount(by_id[k], n) for k, n in top if k in by_id]

    areas = rows(Region, counted.area)
    national = counted.area.get(None)
    if national:
        areas.append(FacetCount(None, national))
    return SearchFacets(
        agencies=rows(Agency, counted.agency),
        categories=rows(Category, counted.category),
        life_events=rows(LifeEvent, counted.life_event),
        areas=areas,
    )


def regency_for(code: str) -> Region | None:
    """The regency/city of a region code (a village's or district's code gives its regency)."""
    normalized = normalize_code(code or "")
    if not normalized or len(normalized) < 5:
        return None
    return Region.objects.filter(code=normalized[:5], level=Region.Level.REGENCY).first()


def service_for_viewer(user: Any, slug: str) -> tuple[Service, bool]:
    """A service page: (service, viewer is an officer of its agency).

    Drafts and services of inactive agencies are 404 for everyone but that agency's officers.
    """
    service = (
        Service.objects.select_related("agency", "category")
        .prefetch_related(
            "life_events",
            Prefetch("documents", queryset=RequiredDocument.objects.order_by("order", "id")),
        )
        .filter(slug=slug)
        .first()
    )
    if service is None:
        raise NotFound("service")
    insider = bool(getattr(user, "is_authenticated", False)) and access.can_see_internal(
        user, service
    )
    if not insider and not (service.is_active and service.agency.is_active):
        raise NotFound("service")
    return service, insider


def categories_with_services() -> QuerySet[Category]:
    return Category.objects.filter(services__status=Service.Status.ACTIVE).distinct()


def life_events_all() -> QuerySet[LifeEvent]:
    return LifeEvent.objects.all()


def categories_all() -> QuerySet[Category]:
    return Category.objects.all()


def _by_slug(model: type[M], slug: str, **extra: Any) -> M | None:
    # Text that cannot be a slug matches nothing; it never reaches the database, which may
    # refuse it (NUL on PostgreSQL).
    if not slug_re.fullmatch(slug):
        return None
    return model._default_manager.filter(slug=slug, **extra).first()


def category_by_slug(slug: str) -> Category | None:
    return _by_slug(Category, slug)


def life_event_by_slug(slug: str) -> LifeEvent | None:
    return _by_slug(LifeEvent, slug)


def active_agency_by_slug(slug: str) -> Agency | None:
    return _by_slug(Agency, slug, is_active=True)


def agencies_for_filter() -> QuerySet[Agency]:
    """Active agencies, as the search page's agency filter lists them."""
    return Agency.objects.filter(is_active=True).only("slug", "name")


def services_of_agencies(agencies: QuerySet[Agency]) -> QuerySet[Service]:
    """The services (drafts included) of the given agencies, for the office's service list."""
    return Service.objects.filter(agency__in=agencies).select_related("agency", "category")


def documents_of(service: Service) -> QuerySet[RequiredDocument]:
    """A service's required documents in their order."""
    return service.documents.order_by("order", "id")


def search_synonyms() -> QuerySet[SearchSynonym]:
    """Every search synonym, with its agency, as the office lists them."""
    return SearchSynonym.objects.select_related("agency").order_by("term", "replacement", "id")


def removable_synonym_ids(user: Any) -> set[int]:
    """Ids of the synonyms `user` may remove: their agencies' rows (all rows for superusers)."""
    if getattr(user, "is_superuser", False):
        return set(SearchSynonym.objects.values_list("id", flat=True))
    agencies = org_selectors.admin_agencies(user).values("id")
    return set(SearchSynonym.objects.filter(agency__in=agencies).values_list("id", flat=True))


def search_synonym_by_id(value: str) -> SearchSynonym | None:
    if not value.isdigit() or len(value) > 12:
        return None
    return SearchSynonym.objects.filter(pk=int(value)).first()
