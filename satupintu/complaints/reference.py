"""Complaint reference data kept per process (core.shelf): categories and routing rules.

Every filing looks up its category and the routing rule that sends it to an agency (with the
agency's clock policy); those rows change a few times a year, in the admin. They are kept per
process and dropped everywhere within REFERENCE_CHECK_SECONDS of a save or delete of a category,
rule, clock policy, agency or unit. Callers get their own copies: a kept instance is shared by
every thread of the process and must not end up in a complaint's related-object cache.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from django.db.models import Q

from satupintu.catalog.models import Category
from satupintu.complaints.models import ClockPolicy, RoutingRule
from satupintu.core.shelf import Shelf
from satupintu.organizations.models import Agency, Unit

# Every category by slug, read at once (a few dozen rows): a slug a client makes up takes no
# room on the shelf.
CATEGORIES: Shelf[Mapping[str, Category]] = Shelf("complaint-categories")
ROUTES: Shelf[tuple[RoutingRule, ...]] = Shelf("complaint-routes")


def watch() -> None:
    """From the app's ready(): any save or delete of what these shelves hold drops them."""
    CATEGORIES.watch(Category)
    ROUTES.watch(RoutingRule, ClockPolicy, Agency, Unit, Category)


def category(slug: str) -> Category | None:
    """The category with this slug (None when there is none)."""
    every = CATEGORIES.get(
        "all", lambda: MappingProxyType({c.slug: c for c in Category.objects.all()})
    )
    found = every.get(slug)
    if found is None:
        # Not there when they were read, or made since by a write that sent no signal: asked of
        # the database, as without the shelf (and not kept, so no slug a client makes up is).
        return Category.objects.filter(slug=slug).first()
    return copy.deepcopy(found)


def rules(category_id: int | None) -> tuple[RoutingRule, ...]:
    """The rules that may route a complaint of the category (the category's and any category's),
    of active agencies, with agency, unit and the agency's clock policy loaded. Read only."""

    def load() -> tuple[RoutingRule, ...]:
        return tuple(
            RoutingRule.objects.filter(
                Q(category_id=category_id) | Q(category__isnull=True), agency__is_active=True
            ).select_related("agency", "unit", "agency__complaint_clocks")
        )

    return ROUTES.get(category_id, load)


def own_copy(rule: Any) -> Any:
    return copy.deepcopy(rule)
