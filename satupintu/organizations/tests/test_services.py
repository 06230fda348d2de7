from __future__ import annotations

from typing import Any

import pytest

from conftest import make_user
from satupintu.core.errors import PermissionDenied, ServiceError
from satupintu.organizations import selectors, services
from satupintu.organizations.models import Agency, Membership, Role


def test_system_creates_an_agency_with_a_slug_from_its_name(db: Any) -> None:
    agency = services.agency_create(
        actor=None,
        data={"name": "Dinas Kesehatan Kota Contoh", "kind": Agency.Kind.REGIONAL_OFFICE},
    )
    assert agency.slug == "dinas-kesehatan-kota-contoh"


def test_agency_admin_cannot_create_agencies(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.agency_create(actor=world.admin_a, data={"name": "X", "kind": "provinsi"})


def test_invalid_agency_is_a_clear_error(db: Any) -> None:
    with pytest.raises(ServiceError) as exc:
        services.agency_create(actor=None, data={"name": "X", "kind": "bukan-jenis"})
    assert exc.value.field == "kind"
    assert not Agency.objects.exists()


def test_admin_updates_own_agency_but_not_another(world: Any) -> None:
    services.agency_update(
        actor=world.admin_a,
        agency=world.agency_a,
        data={"opening_hours": "Senin–Jumat 08.00–15.00"},
    )
    world.agency_a.refresh_from_db()
    assert world.agency_a.opening_hours == "Senin–Jumat 08.00–15.00"
    with pytest.raises(PermissionDenied):
        services.agency_update(actor=world.admin_b, agency=world.agency_a, data={"maklumat": "X"})
    with pytest.raises(PermissionDenied):
        services.agency_update(actor=world.admin_a, agency=world.agency_a, data={"slug": "baru"})


def test_grant_and_revoke_membership(world: Any) -> None:
    officer = make_user("baru@a.go.id", kind="officer")
    m = services.membership_grant(
        actor=world.admin_a, user=officer, agency=world.agency_a, role=Role.VERIFIER
    )
    assert selectors.is_member_of(officer, world.agency_a.pk)
    assert (
        services.membership_grant(
            actor=world.admin_a, user=officer, agency=world.agency_a, role=Role.VERIFIER
        )
        == m
    )
    services.membership_revoke(actor=world.admin_a, membership=m)
    assert not selectors.is_member_of(officer, world.agency_a.pk)
    services.membership_grant(
        actor=world.admin_a, user=officer, agency=world.agency_a, role=Role.VERIFIER
    )
    assert Membership.objects.filter(user=officer).count() == 1
    assert selectors.is_member_of(officer, world.agency_a.pk)


def test_grant_checks_actor_role_and_user(world: Any) -> None:
    officer = make_user("lain@a.go.id", kind="officer")
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=world.admin_b, user=officer, agency=world.agency_a, role=Role.VERIFIER
        )
    with pytest.raises(ServiceError):
        services.membership_grant(
            actor=world.admin_a, user=world.siti, agency=world.agency_a, role=Role.VERIFIER
        )
    with pytest.raises(ServiceError):
        services.membership_grant(
            actor=world.admin_a, user=officer, agency=world.agency_a, role="raja"
        )
    assert not Membership.objects.filter(user__in=[officer, world.siti]).exists()


def test_admin_cannot_revoke_own_admin_role(world: Any) -> None:
    own = Membership.objects.get(user=world.admin_a, role=Role.AGENCY_ADMIN)
    with pytest.raises(ServiceError):
        services.membership_revoke(actor=world.admin_a, membership=own)
