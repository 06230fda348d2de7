"""Complaint categories and routing rules kept per process (complaints.reference, core.shelf)."""

from __future__ import annotations

from typing import Any

import pytest

from satupintu.catalog.models import Category
from satupintu.complaints import reference
from satupintu.complaints.models import RoutingRule
from satupintu.complaints.services import rule_for

# Committed transactions: a shelf keeps nothing while the transaction that changed it is open,
# and the fixtures write their rows in the test's own transaction otherwise.
pytestmark = pytest.mark.django_db(transaction=True)


def test_categories_are_read_once_and_a_new_one_counts_at_once(
    world: Any, django_assert_num_queries: Any
) -> None:
    health = Category.objects.create(slug="kesehatan", name="Kesehatan")
    assert reference.category("kesehatan") == health
    with django_assert_num_queries(0):
        assert reference.category("kesehatan") == health
    Category.objects.create(slug="pendidikan", name="Pendidikan")
    assert reference.category("pendidikan") is not None


def test_a_made_up_slug_is_not_kept(world: Any) -> None:
    Category.objects.create(slug="kesehatan", name="Kesehatan")
    reference.category("kesehatan")
    for n in range(50):
        assert reference.category(f"tidak-ada-{n}") is None
    assert len(reference.CATEGORIES.values) == 1


def test_a_new_rule_routes_at_once_and_callers_get_their_own_copy(world: Any) -> None:
    health = Category.objects.create(slug="kesehatan", name="Kesehatan")
    assert rule_for(health.pk, "") is None
    RoutingRule.objects.create(category=health, agency=world.agency_b)
    found = rule_for(health.pk, "")
    assert found is not None and found.agency == world.agency_b
    found.agency.name = "Diubah oleh pemanggil"
    again = rule_for(health.pk, "")
    assert again is not None and again.agency.name == world.agency_b.name
