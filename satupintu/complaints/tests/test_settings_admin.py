"""Where complaints go is the operator's to set (routing rules, clock policies, in the admin,
ledgered), and the demo routes each category to the agency that serves it."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from satupintu.complaints import services
from satupintu.complaints.models import Complaint, RoutingRule
from satupintu.complaints.tests.conftest import filing
from satupintu.core.errors import PermissionDenied, ServiceError
from satupintu.ledger.models import Entry

pytestmark = pytest.mark.django_db


def _operator() -> Any:
    from conftest import make_user

    user = make_user("operator@satupintu.go.id", kind="officer")
    user.is_staff = True
    user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def test_the_demo_routes_to_agencies_that_answer_complaints(monkeypatch: Any) -> None:
    from satupintu.accounts.models import User
    from satupintu.catalog.models import Category

    monkeypatch.setenv("SATUPINTU_DEMO_PASSWORD", "Sandi-Demo-Uji-2026")
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "aturan rute aduan" in out.getvalue()
    rules = {r.category.slug: r.agency.slug for r in RoutingRule.objects.all() if r.category}
    # Disdukcapil has a complaint liaison in the demo; Dinas Kesehatan has none, so health
    # complaints go to the coordinator rather than to a desk nobody reads.
    assert rules["kependudukan"].startswith("disdukcapil")
    assert "kesehatan" not in rules
    # Every rule written by the seed is ledgered, as any write.
    assert Entry.objects.filter(action="complaints.setting.update").count() == len(rules)
    siti = User.objects.get(kind=User.Kind.CITIZEN, full_name="Siti Rahayu")
    civil = Category.objects.get(slug="kependudukan")
    filed = services.complaint_file(actor=siti, filing=filing(category=civil))
    routed = Complaint.objects.get(pk=filed.complaint.pk).agency
    assert routed is not None and routed.slug.startswith("disdukcapil")
    health = Category.objects.get(slug="kesehatan")
    filed = services.complaint_file(actor=siti, filing=filing(category=health))
    assert Complaint.objects.get(pk=filed.complaint.pk).agency is None
    # A second seed keeps the rules as they are.
    call_command("seed_demo", stdout=StringIO())
    assert RoutingRule.objects.count() == len(rules)


def test_the_operator_edits_a_rule_in_the_admin_and_it_is_ledgered(world: Any, health: Any) -> None:
    from conftest import signed_in

    operator = _operator()
    client = signed_in(operator)
    assert client.get("/kantor/sistem/complaints/routingrule/").status_code == 200
    response = client.post(
        "/kantor/sistem/complaints/routingrule/add/",
        {
            "category": health.other_category.pk,
            "region_prefix": "32.04",
            "agency": health.dinkes.pk,
        },
    )
    assert response.status_code == 302
    rule = RoutingRule.objects.get(region_prefix="32.04")
    entry = Entry.objects.get(action="complaints.setting.update", subject_id=str(rule.pk))
    assert entry.data["model"] == "routingrule" and entry.data["created"] is True


def test_only_an_operator_changes_where_complaints_go(world: Any, health: Any) -> None:
    rule = RoutingRule.objects.filter(category=health.category).first()
    assert rule is not None
    rule.agency = world.agency_a
    with pytest.raises(PermissionDenied):
        services.setting_save(actor=health.liaison, obj=rule)
    assert RoutingRule.objects.get(pk=rule.pk).agency == health.dinkes
    with pytest.raises(PermissionDenied):
        services.setting_delete(actor=world.siti, obj=rule)
    assert RoutingRule.objects.filter(pk=rule.pk).exists()


def test_a_region_prefix_that_is_not_a_code_is_refused(world: Any, health: Any) -> None:
    rule = RoutingRule(category=health.category, region_prefix="Bandung", agency=health.dinkes)
    with pytest.raises(ServiceError):
        services.setting_save(actor=_operator(), obj=rule)
    assert not RoutingRule.objects.filter(region_prefix="Bandung").exists()
