"""Document numbers stay unique and gap-free when many processes issue at once (PostgreSQL).

Run in the PostgreSQL pass (`-m postgres`, DATABASE_URL pointing at PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from satupintu.applications import outputs
from satupintu.applications.models import Output, OutputSequence
from satupintu.tests.concurrency import race

pytestmark = pytest.mark.postgres

THREADS = 8
PER_THREAD = 5


def test_concurrent_numbers_are_unique_and_sequential(pg: None, world: Any) -> None:
    def run() -> list[str]:
        numbers: list[str] = []
        for _ in range(PER_THREAD):
            # One transaction per number, as each issue runs in its own workflow move.
            with transaction.atomic():
                numbers.append(outputs.next_number(agency=world.agency_a, kind="output"))
        return numbers

    results, errors = race([run] * THREADS)
    numbers = [number for batch in results for number in batch]
    assert errors == []
    total = THREADS * PER_THREAD
    assert len(numbers) == total
    assert len(set(numbers)) == total
    sequence = sorted(int(n.rsplit("/", 1)[1]) for n in numbers)
    assert sequence == list(range(1, total + 1))
    assert OutputSequence.objects.get(agency=world.agency_a).last == total


def test_concurrent_completions_issue_distinct_signed_documents(
    pg: None,
    world: Any,
    submitted: Any,
    akta_service: Any,
    pdf_bytes: bytes,
) -> None:
    """Two cases completed at the same moment get two numbers and two files."""
    from satupintu.applications import services
    from satupintu.applications.models import Application, Status
    from satupintu.applications.tests.conftest import fill_in

    first = submitted.application
    other = services.application_start(actor=world.siti, service=akta_service)
    fill_in(world.siti, other, pdf_bytes, "x.pdf")
    second = services.application_submit(
        actor=world.siti, application=other, idempotency_key="kedua", declaration=True
    ).application
    for application in (first, second):
        services.application_transition(
            actor=world.verifier, application=application, to_status=Status.IN_REVIEW
        )
        services.application_transition(
            actor=world.approver, application=application, to_status=Status.APPROVED
        )

    def complete(pk: int) -> Callable[[], None]:
        def work() -> None:
            services.application_transition(
                actor=world.approver,
                application=Application.objects.get(pk=pk),
                to_status=Status.COMPLETED,
            )

        return work

    _, errors = race([complete(first.pk), complete(second.pk)])
    assert errors == []
    issued = list(Output.objects.order_by("number"))
    assert len(issued) == 2
    assert len({o.number for o in issued}) == 2
    assert len({o.sha256 for o in issued}) == 2
