"""Reads of the service catalog shared by the portal, the office and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.validators import slug_re
from django.db.models import Model, Prefetch, QuerySet

from satupintu.catalog import access
from satupintu.catalog.models import Category, LifeEvent, RequiredDocument, Service
from satupintu.catalog.search import search_services
from satupintu.core.errors import NotFound
from satupintu.organizations.models import Agency

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


def service_search(filters: ServiceFilters) -> QuerySet[Service]:
    """Public services matching the filters; best match first when there is a query."""
    qs = public_services()
    if filters.category is not None:
        qs = qs.filter(category=filters.category)
    if filters.life_event is not None:
        qs = qs.filter(life_events=filters.life_event)
    if filters.agency is not None:
        qs = qs.filter(agency=filters.agency)
    return search_services(filters.query, qs=qs)


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
