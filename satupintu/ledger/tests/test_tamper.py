"""Tampering behind the application's back: the triggers, and what verify_ledger then finds."""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils.dateparse import parse_datetime

from satupintu.ledger import triggers
from satupintu.ledger.models import Entry, Seal
from satupintu.ledger.tests.conftest import seal_all, seed
from satupintu.ledger.verification import verify_ledger

ENTRY_FIELDS = (
    "action",
    "actor_type",
    "actor_id",
    "subject_type",
    "subject_id",
    "data",
    "created_at",
    "entry_hash",
    "tx",
)
SEAL_FIELDS = (
    "root",
    "prev_seal_hash",
    "seal_hash",
    "signature",
    "size",
    "total",
    "tx_lo",
    "tx_hi",
    "first_entry_id",
    "last_entry_id",
    "key_id",
    "created_at",
)


def _raw(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _flip_hex(value: str, rng: random.Random) -> str:
    i = rng.randrange(len(value))
    return value[:i] + ("0" if value[i] != "0" else "1") + value[i + 1 :]


def _altered(field: str, value: Any, rng: random.Random) -> Any:
    """A different, well-formed value of the same column, as an attacker would write it."""
    if field in ("entry_hash", "root", "prev_seal_hash", "seal_hash"):
        return _flip_hex(value, rng)
    if field == "key_id":
        return _flip_hex(value, rng)
    if field == "signature":
        raw = bytearray(base64.b64decode(value))
        raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        return base64.b64encode(bytes(raw)).decode()
    if field == "data":
        data = json.loads(value) if isinstance(value, str) else value
        return json.dumps({**data, "n": data.get("n", 0) + rng.randint(1, 9)})
    if field == "created_at":
        moment = parse_datetime(value)
        assert moment is not None
        moment += dt.timedelta(microseconds=rng.choice([1, -1, 1000, 86_400_000_000]))
        return moment.isoformat(sep=" ", timespec="microseconds")
    if field == "actor_id":
        return rng.randint(1, 10_000) if value is None else value + rng.randint(1, 5)
    if field in ("tx", "size", "total", "first_entry_id", "last_entry_id"):
        return value + rng.choice([1, 2, -1])
    if field in ("tx_lo", "tx_hi"):
        return value + rng.choice([1, 2])  # stays unique: seals span 25 entries
    return value + rng.choice(["x", "."]) if value else "x"


@pytest.fixture
def unguarded(sealed_ledger: list[int]) -> Iterator[list[int]]:
    triggers.drop_triggers()
    yield sealed_ledger
    triggers.create_triggers()


def test_triggers_refuse_update_and_delete(sealed_ledger: list[int]) -> None:
    entry_id = sealed_ledger[3]
    statements: list[tuple[str, list[Any]]] = [
        ("UPDATE ledger_entry SET action = 'x.y.z' WHERE id = %s", [entry_id]),
        ("DELETE FROM ledger_entry WHERE id = %s", [entry_id]),
        ("UPDATE ledger_seal SET root = %s WHERE id = 1", ["0" * 64]),
        ("DELETE FROM ledger_seal WHERE id = 1", []),
    ]
    for sql, params in statements:
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            _raw(sql, params)
    with pytest.raises(DatabaseError), transaction.atomic():
        Entry.objects.filter(id=entry_id).update(action="x.y.z")
    with pytest.raises(DatabaseError), transaction.atomic():
        Seal.objects.all().delete()
    assert verify_ledger().ok


def test_migration_installs_the_same_triggers_the_helpers_manage(db: Any) -> None:
    installed = triggers.trigger_names()
    suffixes = (
        ("no_change", "no_truncate")
        if connection.vendor == "postgresql"
        else (
            "no_update",
            "no_delete",
        )
    )
    assert installed == {f"{t}_{s}" for t in triggers.TABLES for s in suffixes}
    triggers.drop_triggers()
    assert triggers.trigger_names() == set()
    triggers.create_triggers()
    assert triggers.trigger_names() == installed


def test_a_thousand_random_single_row_alterations_are_each_detected_and_named(
    unguarded: list[int],
) -> None:
    rng = random.Random(20261123)
    entry_ids = unguarded
    seal_ids = list(Seal.objects.values_list("id", flat=True))
    assert verify_ledger().ok
    for round_no in range(1000):
        if rng.random() < 0.7:
            kind, table, item_id = "entry", "ledger_entry", rng.choice(entry_ids)
            field = rng.choice(ENTRY_FIELDS)
        else:
            kind, table, item_id = "seal", "ledger_seal", rng.choice(seal_ids)
            field = rng.choice(SEAL_FIELDS)
        # One transaction per round: the tampering, the check and the repair, as one unit.
        with transaction.atomic():
            # Read times as the stored text, not as Django's converted datetime.
            column = f"CAST({field} AS TEXT)" if field == "created_at" else field
            [(original,)] = _raw(f"SELECT {column} FROM {table} WHERE id = %s", [item_id])
            changed = _altered(field, original, rng)
            assert changed != original
            _raw(f"UPDATE {table} SET {field} = %s WHERE id = %s", [changed, item_id])

            report = verify_ledger()
            named = report.first_bad_entry if kind == "entry" else report.first_bad_seal
            assert not report.ok, f"round {round_no}: {kind} {item_id}.{field} went unnoticed"
            assert named == item_id, (
                f"round {round_no}: {kind} {item_id}.{field}: {report.summary()}"
            )
            if round_no in (0, 1, 500):
                with pytest.raises(CommandError, match=f"#{item_id}") as failure:
                    call_command("verify_ledger", "--no-progress")
                assert failure.value.returncode == 1

            _raw(f"UPDATE {table} SET {field} = %s WHERE id = %s", [original, item_id])
        if round_no % 100 == 99:
            assert verify_ledger().ok


def test_deleted_entry_is_caught_by_its_seal(unguarded: list[int]) -> None:
    victim = unguarded[30]  # in seal 2 (entries 26-50)
    _raw("DELETE FROM ledger_entry WHERE id = %s", [victim])
    report = verify_ledger()
    assert report.first_bad_seal == 2
    assert "24" in str(report.first("seal"))


def test_inserted_entry_in_a_sealed_range_is_caught(unguarded: list[int]) -> None:
    entry = Entry.objects.get(id=unguarded[10])
    _raw("DELETE FROM ledger_entry WHERE id = %s", [entry.id])
    # Re-inserted with a hash that matches its new content: only the seal can tell.
    entry.action = "catalog.service.delete"
    from satupintu.ledger.formats import ENTRY_COLUMNS, entry_row_hash

    row = tuple(getattr(entry, c) for c in ENTRY_COLUMNS)
    entry.entry_hash = entry_row_hash(row)
    entry.save(force_insert=True)
    report = verify_ledger()
    assert report.first_bad_entry is None
    assert report.first_bad_seal == 1


def test_removed_seal_breaks_the_chain(unguarded: list[int]) -> None:
    _raw("DELETE FROM ledger_seal WHERE id = 3", [])
    report = verify_ledger()
    assert report.first_bad_seal == 4


def test_flush_empties_the_ledger_and_keeps_the_triggers(transactional_db: Any) -> None:
    seed(5)
    seal_all()
    call_command("flush", interactive=False, verbosity=0)
    assert not Entry.objects.exists()
    assert not Seal.objects.exists()
    assert len(triggers.trigger_names()) == 2 * len(triggers.TABLES)
    seed(2)  # the teardown flush of this transactional test must cope with rows too
