"""The one role reader: which roles an officer holds where (organizations.selectors)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from satupintu.organizations import selectors
from satupintu.organizations.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_roles_are_read_per_agency(world: Any) -> None:
    Membership.objects.create(user=world.verifier, agency=world.agency_b, role=Role.APPROVER)
    assert selectors.roles_in(world.verifier, world.agency_a.pk) == {Role.VERIFIER}
    assert selectors.roles_in(world.verifier, world.agency_b.pk) == {Role.APPROVER}
    assert selectors.has_role(world.verifier, Role.APPROVER, agency_id=world.agency_b.pk)
    assert not selectors.has_role(world.verifier, Role.APPROVER, agency_id=world.agency_a.pk)
    assert selectors.has_role(world.verifier, [Role.FRONT_DESK, Role.APPROVER])
    assert selectors.agency_ids_for(world.verifier) == sorted(
        [world.agency_a.pk, world.agency_b.pk]
    )
    assert selectors.agency_ids_for(world.verifier, Role.APPROVER) == [world.agency_b.pk]


def test_revoked_roles_and_closed_agencies_count_for_nothing(world: Any) -> None:
    Membership.objects.filter(user=world.front_desk).update(is_active=False)
    assert not selectors.has_role(world.front_desk, Role.FRONT_DESK)
    world.agency_a.is_active = False
    world.agency_a.save(update_fields=["is_active"])
    assert selectors.roles_in(world.verifier, world.agency_a.pk) == set()
    assert selectors.agency_ids_for(world.admin_a, Role.AGENCY_ADMIN) == []


def test_citizens_strangers_and_deactivated_officers_hold_no_role(world: Any) -> None:
    # A citizen account that somehow has a membership row still holds no officer role.
    Membership.objects.create(user=world.siti, agency=world.agency_a, role=Role.FRONT_DESK)
    assert selectors.roles_in(world.siti, world.agency_a.pk) == set()
    assert not selectors.has_role(AnonymousUser())
    assert selectors.agency_ids_for(AnonymousUser()) == []
    world.approver.is_active = False
    world.approver.save(update_fields=["is_active"])
    assert not selectors.has_role(world.approver, Role.APPROVER, agency_id=world.agency_a.pk)


def test_within_one_request_the_roles_are_read_once(
    world: Any, django_assert_num_queries: Any
) -> None:
    from satupintu.core.memo import request_scope

    with request_scope():
        with django_assert_num_queries(1):
            assert selectors.roles_in(world.verifier, world.agency_a.pk) == {Role.VERIFIER}
            assert selectors.has_role(world.verifier, Role.VERIFIER, agency_id=world.agency_a.pk)
            assert selectors.agency_ids_for(world.verifier) == [world.agency_a.pk]
        # A role granted during the request counts at once ...
        Membership.objects.create(user=world.verifier, agency=world.agency_b, role=Role.APPROVER)
        assert selectors.has_role(world.verifier, Role.APPROVER, agency_id=world.agency_b.pk)
    # ... and outside a request nothing is kept: a bulk revocation (no signal) counts too.
    Membership.objects.filter(user=world.verifier).update(is_active=False)
    assert not selectors.has_role(world.verifier)


def test_the_officers_complaint_queue_page_reads_their_roles_once(world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conftest import signed_in

    client = signed_in(world.liaison)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/kantor/pengaduan/").status_code == 200
    reads = [q for q in queries.captured_queries if 'FROM "organizations_membership"' in q["sql"]]
    assert len(reads) == 1, [q["sql"][:120] for q in reads]
