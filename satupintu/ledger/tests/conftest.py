from __future__ import annotations

from typing import Any

import time

import pytest

from satupintu import ledger
from satupintu.ledger import services


def seed(count: int, *, actor: Any = None, start: int = 0) -> list[int]:
    """`count` varied entries, the way services would write them; returns their ids."""
    ids = []
    for i in range(start, start + count):
        entry = ledger.record(
            actor if i % 3 else None,
            ("catalog.service.update", "applications.application.submit", "system.tick")[i % 3],
            ("catalog.service", i) if i % 5 else None,
            {"n": i, "fields": ["name", "fee"][: i % 3], "doc": ledger.digest({"i": i})},
        )
        ids.append(entry.id)
    return ids


def seal_all(*, max_entries: int | None = None, timeout: float = 30.0) -> list[Any]:
    """Seal until nothing is pending.

    On PostgreSQL the horizon is cluster-wide, so a transaction open in another database on
    the same server (another test run) can hold a seal back for a moment.
    """
    seals: list[Any] = []
    deadline = time.monotonic() + timeout
    while True:
        seals += services.seal_pending(max_entries=max_entries)
        if not services.pending_count(limit=1) or time.monotonic() > deadline:
            return seals
        time.sleep(0.05)


@pytest.fixture
def sealed_ledger(transactional_db: Any) -> list[int]:
    """120 entries in seals of at most 25 (five seals), committed so PostgreSQL can seal them.

    Sealing never covers the sealer's own open transaction, so on PostgreSQL tests that seal
    need committed entries: transactional_db rather than db.
    """
    ids = seed(120)
    seal_all(max_entries=25)
    return ids
