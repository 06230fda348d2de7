"""Relevance of the search on the demo catalog: top-1 and top-3 over everyday queries, and the
same top three on SQLite and PostgreSQL (both are held to the reviewed `relevance_top3.json`).

Set SATUPINTU_RELEVANCE_WRITE=1 to rewrite the snapshot after a reviewed change of the ranking.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from satupintu.catalog.search import search_services
from satupintu.catalog.tests.relevance import QUERIES

SNAPSHOT = Path(__file__).with_name("relevance_top3.json")


def _top3() -> dict[str, list[str]]:
    call_command("seed_demo", stdout=io.StringIO())
    return {
        query: [service.slug for service in search_services(query)[:3]] for query, _slug in QUERIES
    }


def _rates(top3: dict[str, list[str]]) -> tuple[float, float, list[str]]:
    first = sum(top3[q][:1] == [slug] for q, slug in QUERIES) / len(QUERIES)
    three = sum(slug in top3[q] for q, slug in QUERIES) / len(QUERIES)
    missed = [f"{q!r} → {top3[q]} (wanted {slug})" for q, slug in QUERIES if slug not in top3[q]]
    return first, three, missed


def _check(top3: dict[str, list[str]]) -> None:
    first, three, missed = _rates(top3)
    print(
        f"\nrelevance on {connection.vendor}: {len(QUERIES)} queries, "
        f"top-1 {first:.1%}, top-3 {three:.1%}"
    )
    for line in missed:
        print("  missed:", line)
    assert three >= 0.95, missed
    if os.environ.get("SATUPINTU_RELEVANCE_WRITE") == "1":
        SNAPSHOT.write_text(json.dumps(top3, indent=1, ensure_ascii=False) + "\n")
    assert top3 == json.loads(SNAPSHOT.read_text())


def test_the_query_set_is_large_and_everyday() -> None:
    assert len(QUERIES) >= 100
    assert len({q for q, _s in QUERIES}) == len(QUERIES)


def test_relevance_of_everyday_queries(db: Any) -> None:
    _check(_top3())


@pytest.mark.postgres
def test_postgresql_gives_the_same_top3_as_sqlite(db: Any) -> None:
    # The snapshot was written on SQLite; holding PostgreSQL to it holds the two to each other.
    assert connection.vendor == "postgresql"
    _check(_top3())
