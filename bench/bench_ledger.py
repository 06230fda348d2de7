"""Ledger benchmark: append overhead on a write path, sealing and verify_ledger at scale.

Prints one JSON object on stdout. Runs on a throwaway SQLite file by default; set
BENCH_DATABASE_URL=postgres://... to use PostgreSQL (an empty scratch database: it is migrated
and filled). Knobs: BENCH_LEDGER_ENTRIES (default 1,000,000 entries to verify) and
BENCH_LEDGER_WRITES (default 2,000 writes per write-path variant).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TMP = Path(tempfile.mkdtemp(prefix="bench-ledger-"))
os.environ["DATABASE_URL"] = (
    os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{TMP / 'db.sqlite3'}"
)
os.environ["SATUPINTU_DATA_DIR"] = str(TMP)
os.environ.setdefault("SATUPINTU_DEV_DEFAULTS", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from satupintu import ledger  # noqa: E402
from satupintu.ledger import services, verify_proof  # noqa: E402
from satupintu.ledger.formats import iso  # noqa: E402
from satupintu.ledger.models import Seal  # noqa: E402
from satupintu.ledger.verification import verify_ledger  # noqa: E402

ENTRIES = int(os.environ.get("BENCH_LEDGER_ENTRIES", "1000000"))
WRITES = int(os.environ.get("BENCH_LEDGER_WRITES", "2000"))


def write_path(prefix: str, *, with_ledger: bool) -> float:
    """Writes per second: one Group insert per transaction, like a small service call."""
    start = time.perf_counter()
    for i in range(WRITES):
        with transaction.atomic():
            group = Group.objects.create(name=f"{prefix}-{i}")
            if with_ledger:
                ledger.record(
                    None, "bench.group.create", group, {"name": ledger.digest(group.name)}
                )
    return WRITES / (time.perf_counter() - start)


def bulk_fill(count: int) -> float:
    """Insert `count` correctly hashed entries fast (raw executemany) and return seconds."""
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM ledger_seal")
        if cursor.fetchone()[0]:
            raise SystemExit("BENCH_DATABASE_URL must point at an empty scratch database.")
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM ledger_entry")
        first_id = int(cursor.fetchone()[0]) + 1
        if connection.vendor == "postgresql":
            # Real tx values are xids; spread the synthetic ones below the current horizon so
            # the real sealer can seal them.
            cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
            horizon = int(cursor.fetchone()[0])
            cursor.execute("SELECT COALESCE(MAX(tx), 0) FROM ledger_entry")
            low = int(cursor.fetchone()[0]) + 1
            span = max(horizon - 1 - low, 1)
        else:
            low = span = 0
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    digests = [ledger.digest(i) for i in range(64)]
    sql = (
        "INSERT INTO ledger_entry (id, tx, created_at, actor_type, actor_id, action, "
        "subject_type, subject_id, data, entry_hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    chunk = 10_000
    for offset in range(0, count, chunk):
        rows: list[tuple[Any, ...]] = []
        for i in range(offset, min(offset + chunk, count)):
            entry_id = first_id + i
            tx = low + (i * span) // count if connection.vendor == "postgresql" else entry_id
            created = base + dt.timedelta(microseconds=i * 1000)
            data = {"n": i, "doc": digests[i % 64]}
            fields: dict[str, Any] = {
                "id": entry_id,
                "tx": tx,
                "created_at": iso(created),
                "actor_type": "officer" if i % 2 else "system",
                "actor_id": i % 500 if i % 2 else None,
                "action": "applications.application.transition",
                "subject_type": "applications.application",
                "subject_id": str(i // 7),
                "data": data,
            }
            rows.append(
                (
                    entry_id,
                    tx,
                    connection.ops.adapt_datetimefield_value(created),
                    fields["actor_type"],
                    fields["actor_id"],
                    fields["action"],
                    fields["subject_type"],
                    fields["subject_id"],
                    json.dumps(data),
                    verify_proof.entry_hash(fields),
                )
            )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('ledger_entry', 'id'), "
                "(SELECT MAX(id) FROM ledger_entry))"
            )
    return time.perf_counter() - start


def main() -> dict[str, Any]:
    call_command("migrate", verbosity=0, interactive=False)
    # Fill first: on PostgreSQL the synthetic entries need tx values below the live horizon
    # that no seal has claimed yet.
    insert_s = bulk_fill(ENTRIES)

    # Warm up, then alternate the variants twice and keep the better run of each.
    write_path("warm", with_ledger=True)
    without, with_ = [], []
    for round_no in range(2):
        without.append(write_path(f"plain{round_no}", with_ledger=False))
        with_.append(write_path(f"ledger{round_no}", with_ledger=True))
    plain_ops, ledger_ops = max(without), max(with_)

    start = time.perf_counter()
    services.seal_pending()
    seal_s = time.perf_counter() - start
    start = time.perf_counter()
    report = verify_ledger()
    verify_s = time.perf_counter() - start
    proofs = tree_proofs()

    return {
        "benchmark": "ledger",
        "database": connection.vendor,
        "write_path": {
            "writes_per_variant": WRITES,
            "without_ledger_ops_per_s": round(plain_ops, 1),
            "with_ledger_ops_per_s": round(ledger_ops, 1),
            "overhead_pct": round((plain_ops / ledger_ops - 1) * 100, 1),
            "added_ms_per_write": round((1 / ledger_ops - 1 / plain_ops) * 1000, 3),
        },
        "verify": {
            "entries": report.entries,
            "seals": report.seals,
            "unsealed": report.unsealed,
            "ok": report.ok,
            "seconds": round(verify_s, 2),
            "entries_per_s": round(report.entries / verify_s),
        },
        "seal": {
            "seconds": round(seal_s, 2),
            "seals": Seal.objects.count(),
        },
        "tree": proofs,
        "fill_seconds": round(insert_s, 2),
    }


def tree_proofs() -> dict[str, Any]:
    """Time a consistency proof and an inclusion proof against the full tree, with query counts."""
    from django.db import reset_queries
    from django.test.utils import CaptureQueriesContext

    from satupintu.ledger import selectors, tree
    from satupintu.ledger.models import TreeLeaf

    size = tree.size()
    reset_queries()
    with CaptureQueriesContext(connection) as consistency_queries:
        start = time.perf_counter()
        proof = selectors.consistency_proof(first=size // 3 + 1, second=size)
        consistency_ms = (time.perf_counter() - start) * 1000
    middle = TreeLeaf.objects.get(index=size // 2).entry_id
    with CaptureQueriesContext(connection) as inclusion_queries:
        start = time.perf_counter()
        selectors.tree_inclusion_proof(None, entry_id=middle)
        inclusion_ms = (time.perf_counter() - start) * 1000
    return {
        "tree_size": size,
        "consistency_ms": round(consistency_ms, 1),
        "consistency_queries": len(consistency_queries),
        "consistency_path": len(proof["proof"]),
        "inclusion_ms": round(inclusion_ms, 1),
        "inclusion_queries": len(inclusion_queries),
    }


if __name__ == "__main__":
    result = main()
    print(json.dumps(result))
    sys.exit(0 if result["verify"]["ok"] else 1)
