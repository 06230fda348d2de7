"""Reads of the service catalog shared by the portal, the office and the API."""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.core.validators import slug_re
from django.db.models import Model, Prefetch, QuerySet

from satupintu.catalog import access, search
from satupintu.catalog.models import (
    Category,
    FormField,
    LifeEvent,
    RequiredDocument,
    SearchSynonym,
    Service,
    WorkflowVersion,
)
from satupintu.core.errors import NotFound
from satupintu.core.shelf import Shelf
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


def service_search(filters: ServiceFilters, *, ranked: bool = True) -> QuerySet[Service]:
    """Public services matching the filters; best match first when there is a query
    (`ranked=False`: unordered, for callers that order by something else)."""
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
        ranked=ranked,
    )


@dataclass
class SearchPage:
    """One page of the search page's results, with what the page says about them."""

    page: Page[Service]
    facets: SearchFacets | None
    plan: search.QueryPlan


# What the search page's result list shows of a service (catalog/_service_item.html): the
# rows are remembered with the summary, so only these columns are read and stored.
LISTED_FIELDS = (
    "slug",
    "name",
    "name_en",
    "summary",
    "summary_en",
    "fee_amount",
    "sla_working_days",
    "agency__name",
    "agency__short_name",
    "category__name",
    "category__name_en",
)


def _search_summary(filters: ServiceFilters, page_number: Any, per_page: int) -> dict[str, Any]:
    """The plan, count, page number, services of that page and facets of a search: what one
    pass over the matches yields. The page is ranked on ids alone (no wide row is read for
    the thousands of matches), then its services are read by id; facets are counted over the
    unranked matches."""
    plan = search.plan_query(filters.query)
    filters = replace(filters, plan=plan)
    if plan.groups:
        typed = _page_number(page_number)
        number = max(1, typed)
        found, ids = search.facets_and_page(
            service_search(filters), offset=(number - 1) * per_page, limit=per_page
        )
        count = sum(found.agency.values())
        last = max(1, -(-count // per_page))
        if not 1 <= typed <= last and number != last:  # below 1 or past the end: the last page
            number = last
            found, ids = search.facets_and_page(
                service_search(filters), offset=(number - 1) * per_page, limit=per_page
            )
        return {
            "plan": plan,
            "count": count,
            "number": number,
            "services": _listed(ids),
            "facets": _facet_rows(found),
        }
    # No word to look for (an empty query, or stopwords only): every service, by name.
    # Facets first: their counts add up to the number of matches, so no pass of its own
    # counts them again.
    counted = search.facets(service_search(filters, ranked=False)) if filters.query else None
    # Only the id column (and the scores it is ordered by); values_list("id") would drop the
    # scores from the select list, which PostgreSQL refuses to order by.
    ranked = service_search(filters).select_related(None).only("id")
    known: Any = ranked if counted is None else _Counted(sum(counted.agency.values()), ranked)
    paginator = Paginator(known, per_page)
    page = paginator.get_page(page_number)
    return {
        "plan": plan,
        "count": paginator.count,
        "number": page.number,
        "services": _listed([service.pk for service in page.object_list]),
        "facets": None if counted is None else _facet_rows(counted),
    }


def _listed(ids: list[int]) -> list[Service]:
    """The listed columns of these services, in this order. By primary key alone: with the
    status in the WHERE, SQLite walks the (status, agency) index over the whole catalog
    instead of fetching 20 rows."""
    by_id = Service.objects.select_related("agency", "category").only(*LISTED_FIELDS).in_bulk(ids)
    return [by_id[pk] for pk in ids]


def _page_number(value: Any) -> int:
    """A page number as typed: what is not a whole number is the first page (as Paginator)."""
    try:
        return int(str(value)[:20])
    except ValueError:
        return 1


class _Counted:
    """What a Paginator needs of a result set whose count is already known (and, to read a
    page, the ordered rows)."""

    ordered = True

    def __init__(self, count: int, rows: Any = ()) -> None:
        self._count = count
        self._rows = rows

    def count(self) -> int:
        return self._count

    def __getitem__(self, index: Any) -> Any:
        return self._rows[index]


def search_page(filters: ServiceFilters, *, page_number: Any, per_page: int) -> SearchPage:
    """Page `page_number` (as typed; a bad one gives the first or last page, as Paginator
    does) of the public services matching `filters`, best first, with facets when there is a
    query.

    What a search yields (plan, count, that page's services, facets with their names) is
    remembered until the catalog changes (`search.catalog_changed`: services, their life
    events, agencies, categories, life events, regions and synonyms), so a popular query
    costs one cache read instead of a pass over thousands of matches.
    """
    parts = (
        "page",
        filters.query,
        getattr(filters.category, "pk", None),
        getattr(filters.life_event, "pk", None),
        getattr(filters.agency, "pk", None),
        getattr(filters.near, "pk", None),
        filters.nearby_only,
        str(page_number)[:20],
        per_page,
    )
    summary = search.remembered(parts, lambda: _search_summary(filters, page_number, per_page))
    paginator: Paginator[Service] = Paginator(_Counted(summary["count"]), per_page)  # type: ignore[arg-type]
    return SearchPage(
        page=Page(summary["services"], summary["number"], paginator),
        facets=summary["facets"],
        plan=summary["plan"],
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


def _facet_rows(counted: search.Facets) -> SearchFacets:
    """The matched services counted per agency, category, life event and province (the
    database counted them; here only the names of the most frequent are loaded)."""

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


# --- the catalog as a case reads it, kept per process -----------------------------------------
#
# Every write of an application (start, answers, each upload, submit) reads the service it is for,
# its agency, its form and its required documents, and a first submission the service's current
# workflow version: a fifth of a submission's queries. They change a few times a year and are
# the same for every citizen, so they are kept on shelves (core.shelf): read once per process,
# dropped everywhere within REFERENCE_CHECK_SECONDS of a save or delete of any of these rows, at
# once in the process that saved it (watched in CatalogConfig.ready()). Each piece is read on
# its own (one query, as without the shelf), so a transaction that changed the catalog, which
# reads past the shelf, costs no more than before. Callers get a copy of their own of a service
# or a version; its agency, form rows and documents are shared: read them, never change them.

# ("service", id) -> the service with its agency; ("form", id) -> its form rows;
# ("documents", id) -> its required documents; "slugs" -> {slug: id} of every service. At most
# about 2,000 services' worth (a service row with its standard's texts is some kilobytes); the
# rest are read from the database until a change empties the shelf.
SERVICES: Shelf[Any] = Shelf("catalog.services", max_entries=6_000)
# service id -> its current (highest-numbered published) workflow version, or None.
WORKFLOWS: Shelf[WorkflowVersion | None] = Shelf("catalog.workflows")


def kept_service(pk: int) -> Service | None:
    """The service with id `pk` (drafts too) and its agency, from the shelf, or None: a copy of
    its own for the caller."""
    kept = SERVICES.get(
        ("service", pk), lambda: Service.objects.select_related("agency").filter(pk=pk).first()
    )
    return copy.copy(kept) if kept is not None else None


def kept_service_by_slug(slug: str) -> Service | None:
    """`kept_service` of the service with this slug (drafts too), or None."""
    slugs = SERVICES.get(
        "slugs", lambda: MappingProxyType(dict(Service.objects.values_list("slug", "pk")))
    )
    pk = slugs.get(slug)
    if pk is None:
        # Not there when the slugs were read, or made since by a bulk write (which sends no
        # signal): asked of the database, as without the shelf.
        pk = Service.objects.filter(slug=slug).values_list("pk", flat=True).first()
    return kept_service(pk) if pk is not None else None


def kept_form_rows(service_pk: int) -> list[FormField]:
    """The service's form rows in their order (`service.form_fields.all()`), from the shelf:
    shared, so read only."""
    rows: list[FormField] = SERVICES.get(
        ("form", service_pk),
        lambda: list(FormField.objects.filter(service_id=service_pk)),
    )
    return rows


def kept_documents(service_pk: int) -> tuple[RequiredDocument, ...]:
    """The service's required documents in their order (`documents_of`), from the shelf:
    shared, so read only."""
    documents: tuple[RequiredDocument, ...] = SERVICES.get(
        ("documents", service_pk),
        lambda: tuple(
            RequiredDocument.objects.filter(service_id=service_pk).order_by("order", "id")
        ),
    )
    return documents


def kept_current_workflow(service_pk: int) -> WorkflowVersion | None:
    """The service's current workflow version (catalog.services.workflow_current), from the
    shelf: a copy of its own for the caller (the spec it holds is shared: read it only)."""
    version = WORKFLOWS.get(
        service_pk,
        lambda: (
            WorkflowVersion.objects.filter(
                service_id=service_pk, state=WorkflowVersion.State.PUBLISHED
            )
            .order_by("-number")
            .first()
        ),
    )
    return copy.copy(version) if version is not None else None
