from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from satupintu import ledger
from satupintu.ledger import services

REPO = Path(__file__).resolve().parents[3]


def run_python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python ARGS` in `cwd` with nothing but PATH in its environment (no settings, no key)."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )


def run_without_django(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m satupintu.ledger.verify_proof ARGS` with every Django import made to fail."""
    code = (
        "import sys, runpy; sys.argv = ['verify_proof', *sys.argv[1:]];"
        "sys.modules['django'] = None;"  # any Django import would now fail
        "runpy.run_module('satupintu.ledger.verify_proof', run_name='__main__')"
    )
    return run_python("-c", code, *args, cwd=REPO)


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


# On PostgreSQL the sealer never covers a still-open transaction, and a `db` test runs inside
# one, so tests that seal need transactional_db there. SQLite's horizon is the write lock, which
# the test's own transaction holds, so the cheaper `db` is enough. Chosen statically because
# pytest-django decides on transactional mode from the fixture names a test requests.
if "postgresql" in settings.DATABASES["default"]["ENGINE"]:

    @pytest.fixture
    def ledger_db(transactional_db: None) -> None:
        """A database in which the test's entries can be sealed."""

else:

    @pytest.fixture
    def ledger_db(db: None) -> None:
        """A database in which the test's entries can be sealed."""


@pytest.fixture
def sealed_ledger(ledger_db: None) -> list[int]:
    """120 entries in seals of at most 25 (five seals)."""
    ids = seed(120)
    seal_all(max_entries=25)
    return ids
