"""PostgreSQL: triggers, concurrent writers, out-of-order commits and rolled-back writers.

Run in the PostgreSQL pass (`-m postgres`) with DATABASE_URL pointing at PostgreSQL.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from satupintu import ledger
from satupintu.ledger import keys, selectors, services, verify_proof
from satupintu.ledger.models import Entry, Seal
from satupintu.ledger.tests.conftest import seed
from satupintu.ledger.verification import verify_ledger

pytestmark = pytest.mark.postgres

WRITERS, WRITES = 8, 500


def _in_thread(work: Callable[[], None], errors: list[BaseException]) -> threading.Thread:
    def run() -> None:
        try:
            work()
        except BaseException as exc:  # surfaced by the test after join()
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_database_is_postgresql(db: Any) -> None:
    assert connection.vendor == "postgresql"


def test_triggers_refuse_update_delete_and_truncate_on_postgresql(db: Any) -> None:
    [entry_id] = seed(1)
    services.seal_pending()  # seals nothing inside this open transaction; seal a fake row below
    statements = [
        ("UPDATE ledger_entry SET action = 'x.y.z' WHERE id = %s", [entry_id]),
        ("DELETE FROM ledger_entry WHERE id = %s", [entry_id]),
        ("TRUNCATE ledger_entry", []),
        ("TRUNCATE ledger_seal", []),
    ]
    for sql, params in statements:
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
    Seal.objects.create(
        id=1,
        tx_lo=0,
        tx_hi=1,
        first_entry_id=1,
        last_entry_id=1,
        size=1,
        total=1,
        root="0" * 64,
        prev_seal_hash="0" * 64,
        seal_hash="1" * 64,
        signature="",
        key_id="k",
        created_at=Entry.objects.get().created_at,
    )
    for sql in ("UPDATE ledger_seal SET root = 'x' WHERE id = 1", "DELETE FROM ledger_seal"):
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert Entry.objects.count() == 1


def test_eight_concurrent_writers_make_a_complete_ledger(transactional_db: Any) -> None:
    errors: list[BaseException] = []
    writing = threading.Event()
    writing.set()

    def writer(number: int) -> Callable[[], None]:
        def work() -> None:
            for i in range(WRITES):
                with transaction.atomic():
                    ledger.record(
                        ("officer", number),
                        "catalog.service.update",
                        ("catalog.service", number * WRITES + i),
                        {"writer": number, "i": i},
                    )

        return work

    def sealer() -> None:
        # Sealing while writers commit out of order must never seal past an open transaction.
        while writing.is_set():
            services.seal_pending(max_entries=300)

    seal_thread = _in_thread(sealer, errors)
    threads = [_in_thread(writer(n), errors) for n in range(WRITERS)]
    for thread in threads:
        thread.join()
    writing.clear()
    seal_thread.join()
    assert not errors, errors

    services.seal_pending(max_entries=300)
    ids = sorted(Entry.objects.values_list("id", flat=True))
    assert len(ids) == WRITERS * WRITES
    assert ids[-1] - ids[0] + 1 == len(ids), "no writer rolled back, so no id may be missing"
    seals = list(Seal.objects.order_by("id"))
    assert sum(s.size for s in seals) == len(ids)
    assert all(s.size <= 300 for s in seals)
    report = verify_ledger()
    assert report.ok, report.summary()
    assert report.unsealed == 0

    public_key = keys.public_key_base64()  # all the outside verifier gets, besides the proof
    for entry_id in random.Random(8).sample(ids, 25):
        verify_proof.verify_proof(selectors.inclusion_proof(entry_id=entry_id), public_key)


def test_entry_committed_late_waits_for_its_transaction(transactional_db: Any) -> None:
    errors: list[BaseException] = []
    recorded, release = threading.Event(), threading.Event()

    def slow_writer() -> None:
        with transaction.atomic():
            ledger.record(None, "applications.application.submit", ("x.y", 1), {"slow": True})
            recorded.set()
            release.wait(10)

    thread = _in_thread(slow_writer, errors)
    assert recorded.wait(10)
    fast = ledger.record(None, "applications.application.submit", ("x.y", 2), {"slow": False})
    # The slow transaction is still open: nothing it or anyone after it wrote may be sealed.
    assert services.seal_pending() == []
    release.set()
    thread.join()
    assert not errors, errors
    [seal] = services.seal_pending()
    assert seal.size == 2
    assert seal.last_entry_id == fast.id
    assert verify_ledger().ok


def test_rolled_back_writer_leaves_an_id_gap_but_no_alarm(transactional_db: Any) -> None:
    first = seed(3)
    with pytest.raises(RuntimeError), transaction.atomic():
        ledger.record(None, "catalog.service.update", ("catalog.service", 9), {"n": 9})
        raise RuntimeError("service failed")
    later = seed(3, start=10)
    services.seal_pending()
    assert later[0] == first[-1] + 2  # the sequence moved on: a real hole
    report = verify_ledger()
    assert report.ok, report.summary()
    assert report.entries == 6
    verify_proof.verify_proof(
        selectors.inclusion_proof(entry_id=later[0]), keys.public_key_base64()
    )
