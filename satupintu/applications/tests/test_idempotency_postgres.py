"""Concurrent submissions with one idempotency key create one application (PostgreSQL).

Run in the PostgreSQL pass (`-m postgres`, DATABASE_URL pointing at PostgreSQL).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from satupintu.applications import services
from satupintu.applications.models import Application, Status
from satupintu.ledger.models import Entry
from satupintu.tests.concurrency import race

pytestmark = pytest.mark.postgres

THREADS = 8


def test_concurrent_submits_of_one_draft_with_one_key_make_one_application(
    pg: None, world: Any, complete_draft: Any
) -> None:
    def submit() -> Any:
        application = Application.objects.get(pk=complete_draft.pk)
        return services.application_submit(
            actor=world.siti,
            application=application,
            idempotency_key="klik-ganda",
            declaration=True,
        )

    results, errors = race([submit] * THREADS)
    assert errors == []
    assert len(results) == THREADS
    assert sum(r.created for r in results) == 1
    assert len({r.application.tracking_code for r in results}) == 1
    assert len({r.status_secret for r in results}) == 1
    assert Application.objects.filter(status=Status.SUBMITTED).count() == 1
    assert Entry.objects.filter(action="applications.application.submit").count() == 1


def test_concurrent_submits_of_two_drafts_with_one_key_make_one_application(
    pg: None, world: Any, complete_draft: Any, akta_service: Any, pdf_bytes: bytes, upload: Any
) -> None:
    from satupintu.applications.tests.conftest import fill_in

    # A second complete draft, as when a retry came from another tab that started its own.
    other = services.application_start(actor=world.siti, service=akta_service)
    fill_in(world.siti, other, pdf_bytes, "x.pdf")
    drafts = [complete_draft.pk, other.pk]
    counter = iter(range(THREADS))
    lock = threading.Lock()

    def submit() -> Any:
        with lock:
            index = next(counter)
        application = Application.objects.get(pk=drafts[index % 2])
        return services.application_submit(
            actor=world.siti, application=application, idempotency_key="sama", declaration=True
        )

    results, errors = race([submit] * THREADS)
    assert errors == []
    assert sum(r.created for r in results) == 1
    assert len({r.application.tracking_code for r in results}) == 1
    assert Application.objects.filter(status=Status.SUBMITTED).count() == 1


def test_concurrent_http_submits_with_one_idempotency_key_make_one_application(
    pg: None, world: Any, complete_draft: Any
) -> None:
    """The same race through the API, as a double click or a network retry sends it."""
    from conftest import signed_in

    url = f"/api/v1/applications/{complete_draft.public_id}/submit"
    clients = [signed_in(world.siti) for _ in range(THREADS)]
    slots = iter(clients)
    lock = threading.Lock()

    def post() -> Any:
        with lock:
            client = next(slots)
        response = client.post(
            url, {"declaration": True}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1"
        )
        return response.status_code, response.json()

    results, errors = race([post] * THREADS)
    assert errors == []
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * (THREADS - 1) + [201]
    assert len({body["tracking_code"] for _, body in results}) == 1
    assert Application.objects.filter(status=Status.SUBMITTED).count() == 1
    assert Entry.objects.filter(action="applications.application.submit").count() == 1
