"""Two officers claim the same case at the same moment (PostgreSQL, separate connections):
exactly one holds it, the other is told who does, and the ledger has one claim.

Run in the PostgreSQL pass (`-m postgres`, DATABASE_URL pointing at PostgreSQL).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from conftest import make_officer
from satupintu.applications import assignment
from satupintu.applications.models import Application
from satupintu.core.errors import Conflict
from satupintu.ledger.models import Entry
from satupintu.organizations.models import Role
from satupintu.tests.concurrency import race

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(transactional_db: Any) -> None:
    assert connection.vendor == "postgresql", "this module needs DATABASE_URL=postgres://…"


def test_two_officers_claim_at_once_exactly_one_holds_the_case(
    pg: None, world: Any, submitted: Any
) -> None:
    second = make_officer("verif2@a.go.id", world.agency_a, Role.VERIFIER, "198801012012011009")
    pk = submitted.application.pk

    def claim(officer: Any) -> Any:
        return lambda: assignment.application_claim(
            actor=officer, application=Application.objects.get(pk=pk)
        )

    results, errors = race([claim(world.verifier), claim(second)])
    assert len(results) == 1, errors
    assert len(errors) == 1 and isinstance(errors[0], Conflict), errors
    assert "sudah diambil oleh" in errors[0].message
    holder = Application.objects.get(pk=pk).assignee_id
    assert holder in (world.verifier.pk, second.pk)
    claims = Entry.objects.filter(action="applications.application.claim", subject_id=str(pk))
    assert claims.count() == 1
