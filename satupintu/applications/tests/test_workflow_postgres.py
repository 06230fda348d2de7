"""Two officers act on the same case at the same moment (PostgreSQL, separate connections).

Run in the PostgreSQL pass (`-m postgres`, DATABASE_URL pointing at PostgreSQL).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from satupintu.applications import services
from satupintu.applications.models import Application, Event
from satupintu.core.errors import Conflict
from satupintu.ledger.models import Entry

pytestmark = pytest.mark.postgres


def test_two_officers_at_once_one_succeeds_the_other_is_told_who_handled_it(
    pg: None, world: Any, submitted: Any
) -> None:
    from conftest import make_officer
    from satupintu.organizations.models import Role

    second = make_officer("verif2@a.go.id", world.agency_a, Role.VERIFIER, "198801012012011009")
    pk = submitted.application.pk
    barrier = threading.Barrier(2)
    results: list[Any] = []
    errors: list[BaseException] = []

    def act(officer: Any) -> None:
        try:
            application = Application.objects.get(pk=pk)  # both pages show "submitted"
            barrier.wait(10)
            results.append(
                services.application_act(
                    actor=officer,
                    application=application,
                    action="start_review",
                    seen_step="submitted",
                )
            )
        except BaseException as exc:  # surfaced by the test after join()
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(o,)) for o in (world.verifier, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == 1, errors
    assert len(errors) == 1 and isinstance(errors[0], Conflict), errors
    assert "sudah ditangani oleh Verifikator pukul" in errors[0].message
    assert Event.objects.filter(application_id=pk, step_from="submitted").count() == 1
    assert (
        Entry.objects.filter(
            action="applications.application.transition", subject_id=str(pk)
        ).count()
        == 1
    )
    assert Application.objects.get(pk=pk).workflow_step == "in_review"
