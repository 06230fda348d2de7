from __future__ import annotations

import base64
import hashlib
import itertools
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from satupintu import ledger
from satupintu.core import crypto
from satupintu.ledger import services, verify_proof
from satupintu.ledger.models import Entry, Seal
from satupintu.ledger.tests.conftest import seal_all, seed
from satupintu.ledger.verification import verify_ledger


def test_recorded_and_sealed_ledger_verifies(sealed_ledger: list[int]) -> None:
    report = verify_ledger()
    assert report.ok, report.summary()
    assert (report.entries, report.seals, report.unsealed) == (120, 5, 0)


def test_seals_chain_and_cover_every_entry_once(sealed_ledger: list[int]) -> None:
    seals = list(Seal.objects.order_by("id"))
    assert [s.id for s in seals] == [1, 2, 3, 4, 5]
    assert seals[0].prev_seal_hash == verify_proof.GENESIS_HASH
    for before, after in itertools.pairwise(seals):
        assert after.prev_seal_hash == before.seal_hash
        assert after.tx_lo == before.tx_hi
    assert sum(s.size for s in seals) == Entry.objects.count() == 120
    assert all(s.size <= 25 for s in seals)


def test_entry_holds_actor_kind_and_id_subject_and_digests(world: Any) -> None:
    service_like = world.agency_a
    entry = ledger.record(world.front_desk, "catalog.service.update", service_like, {"a": 1})
    entry.refresh_from_db()
    assert entry.actor_type == "officer"
    assert entry.actor_id == world.front_desk.pk
    assert entry.subject_type == service_like._meta.label_lower
    assert entry.subject_id == str(service_like.pk)
    assert entry.entry_hash == verify_proof.entry_hash(
        {
            "id": entry.id,
            "tx": entry.tx,
            "created_at": entry.created_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "actor_type": "officer",
            "actor_id": world.front_desk.pk,
            "action": "catalog.service.update",
            "subject_type": entry.subject_type,
            "subject_id": entry.subject_id,
            "data": {"a": 1},
        }
    )
    assert ledger.record(None, "system.job.run").actor_type == "system"
    assert ledger.record(("citizen", 7), "privacy.consent.give").actor_id == 7


@pytest.mark.parametrize(
    "data",
    [
        {"nik": "3201234567890123"},
        {"note": "NIK 3201234567890123 lama"},
        {"nik": 3201234567890123},
        {"emails": ["siti@example.id"]},
        {"nested": {"to": "budi.santoso@mail.go.id"}},
        {"siti@example.id": 1},
        {"amount": 1.5},
        {"when": object()},
        {"nul": "a\x00b"},
        {"contact": "081234567890"},
        {"to": "+62 812 3456 7890"},
        {"sms": ["6281234567890"]},
        {"name": "Siti Aminah"},
        {"note": "Mohon lengkapi dokumen"},
        {"reason": "cek"},
    ],
)
def test_record_refuses_personal_data_and_unstable_values(db: Any, data: dict[str, Any]) -> None:
    with pytest.raises(services.LedgerDataError):
        ledger.record(None, "test.thing.update", ("test.thing", 1), data)
    assert not Entry.objects.exists()


def test_record_accepts_digests_even_when_they_contain_long_digit_runs(db: Any) -> None:
    # Hex digests often contain runs of digits; only a 16-digit run standing alone is a NIK.
    digit_heavy = "1234567890123456" + "7" * 40 + "abcdef12"
    ledger.record(None, "test.thing.update", None, {"d": digit_heavy, "nik": ledger.digest("x")})
    assert Entry.objects.count() == 1


def test_record_refuses_personal_data_as_subject_id_and_bad_action(db: Any) -> None:
    with pytest.raises(services.LedgerDataError):
        ledger.record(None, "accounts.user.update", ("accounts.user", "3201234567890123"))
    with pytest.raises(services.LedgerDataError):
        ledger.record(None, "Not An Action")


def test_digest_is_stable_across_key_order() -> None:
    assert ledger.digest({"a": 1, "b": [1, 2]}) == ledger.digest({"b": [1, 2], "a": 1})
    assert len(ledger.digest("3201234567890123")) == 64


def test_record_accepts_values_that_only_resemble_phone_numbers(db: Any) -> None:
    harmless = {
        "due_at": "2026-08-15T08:30:00.081234+00:00",
        "ratio": "0.0812345678",
        "id": "a3b20812-4312-4567-0812-081234567890",
        "note": ledger.keyed_digest("Mohon lengkapi dokumen"),
    }
    ledger.record(None, "test.thing.update", None, harmless)
    assert Entry.objects.count() == 1


def test_keyed_digest_is_not_any_public_hash_and_depends_on_the_key(settings: Any) -> None:
    nik = "3204014101900007"
    keyed = ledger.keyed_digest(nik)
    assert len(keyed) == 64 and keyed == ledger.keyed_digest(nik)
    assert keyed != ledger.digest(nik)
    for name in ("sha256", "sha1", "md5", "sha512", "blake2b", "sha3_256"):
        for form in (nik, f'"{nik}"'):
            assert keyed not in hashlib.new(name, form.encode()).hexdigest()
    # Not the blind index of the same NIK either (a key of its own).
    assert keyed[:32] != crypto.blind_index(nik, context="accounts.User.nik", kind="nik")
    settings.FIELD_HASH_KEY = base64.b64encode(b"k" * 32).decode()
    assert ledger.keyed_digest(nik) != keyed


def test_entry_rolls_back_with_the_callers_transaction_and_raises_no_alarm(
    ledger_db: None,
) -> None:
    seed(5)
    with pytest.raises(RuntimeError), transaction.atomic():
        ledger.record(None, "test.thing.update", ("test.thing", 1), {"n": 1})
        raise RuntimeError("the service failed after writing")
    seed(5, start=5)
    seal_all()
    assert Entry.objects.count() == 10
    report = verify_ledger()
    assert report.ok, report.summary()


def test_unsealed_tail_is_reported_not_failed(sealed_ledger: list[int]) -> None:
    seed(3, start=500)
    report = verify_ledger()
    assert report.ok
    assert report.unsealed == 3


def test_sealing_with_nothing_pending_makes_no_seal(sealed_ledger: list[int]) -> None:
    assert services.seal_pending() == []
    assert Seal.objects.count() == 5
    assert services.pending_count(limit=10) == 0


def test_seals_hold_at_most_max_entries_and_one_transaction_is_never_split(
    ledger_db: None,
) -> None:
    seed(7)
    with transaction.atomic():
        seed(5, start=7)
    seals = seal_all(max_entries=3)
    assert sum(s.size for s in seals) == 12
    if transaction.get_connection().vendor == "postgresql":
        # The five written in one transaction share a tx and land in one seal.
        assert max(s.size for s in seals) == 5
    else:
        assert [s.size for s in seals] == [3, 3, 3, 3]


def test_seal_ledger_command_and_task_seal_pending_entries(ledger_db: None) -> None:
    from satupintu.ledger.tasks import seal_pending

    seed(4)
    call_command("seal_ledger", verbosity=0)
    seal_all()
    assert Seal.objects.count() >= 1
    before = Seal.objects.count()
    seed(2, start=4)
    result = seal_pending.enqueue()
    seal_all()
    assert result.return_value in (0, 1)
    assert Seal.objects.count() > before
    assert Entry.objects.filter(tx__gte=Seal.objects.order_by("-id")[0].tx_hi).count() == 0
    assert verify_ledger().ok


def test_verify_ledger_command_passes_on_a_sound_ledger(sealed_ledger: list[int]) -> None:
    from io import StringIO

    out = StringIO()
    call_command("verify_ledger", stdout=out)
    assert "120" in out.getvalue()


def test_pending_count_counts_unsealed_entries(sealed_ledger: list[int]) -> None:
    seed(4, start=900)
    assert services.pending_count(limit=100) == 4
    assert services.pending_count(limit=2) == 2


def test_seal_loop_seals_what_arrives_between_ticks(ledger_db: None) -> None:
    seed(3)
    call_command("seal_ledger", "--loop", "--interval", "0.01", "--iterations", "3", verbosity=0)
    assert Seal.objects.count() >= 1
    assert services.pending_count(limit=10) == 0
