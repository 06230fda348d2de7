"""The full Kemendagri list (91,599 regions), loaded once for every test in this package.

Loading is committed outside the per-test transactions (each test still rolls back its own
changes) and removed again when the package's tests are done, so other apps start empty.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection


@dataclass(frozen=True)
class Loaded:
    seconds: float
    output: str


@pytest.fixture(scope="package")
def regions_loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Loaded]:
    with django_db_blocker.unblock():
        out = StringIO()
        started = time.perf_counter()
        # --if-empty on an empty table must load: this is how `make run` calls it.
        call_command("load_regions", "--if-empty", "--no-progress", stdout=out)
        loaded = Loaded(seconds=time.perf_counter() - started, output=out.getvalue())
        try:
            yield loaded
        finally:
            with connection.cursor() as cursor:
                # One statement: the self-referencing FK is checked once, after all rows go.
                cursor.execute("DELETE FROM regions_region")
                cursor.execute("DELETE FROM regions_regiondataset")


@pytest.fixture
def regions(regions_loaded: Loaded, db: Any) -> Loaded:
    return regions_loaded
