from __future__ import annotations

import copy
import datetime as dt
import json
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client

from satupintu.ledger import keys, selectors, services, verify_proof
from satupintu.ledger.formats import iso
from satupintu.ledger.models import Entry
from satupintu.ledger.tests.conftest import run_without_django, seed


def test_every_entry_has_a_proof_that_verifies_with_only_the_public_key(
    sealed_ledger: list[int],
) -> None:
    public_key = keys.public_key_base64()
    for entry_id in sealed_ledger:
        for full in (False, True):
            proof = json.loads(json.dumps(selectors.inclusion_proof(entry_id=entry_id, full=full)))
            verify_proof.verify_proof(proof, public_key)


def test_public_proof_shows_only_the_entry_hash_and_its_path(sealed_ledger: list[int]) -> None:
    proof = selectors.inclusion_proof(entry_id=sealed_ledger[7])
    entry = Entry.objects.get(id=sealed_ledger[7])
    assert proof["disclosure"] == "public"
    assert proof["entry"] == {"id": entry.id, "entry_hash": entry.entry_hash}
    assert set(proof) == {
        "format",
        "disclosure",
        "entry",
        "leaf_index",
        "leaf_hash",
        "audit_path",
        "seal",
        "public_key",
    }
    verify_proof.verify_proof(proof, keys.public_key_base64())


TAMPERINGS: list[tuple[str, Callable[[dict[str, Any]], object]]] = [
    ("entry data", lambda p: p["entry"]["data"].update(n=999)),
    ("entry action", lambda p: p["entry"].update(action="catalog.service.delete")),
    ("entry id", lambda p: p["entry"].update(id=p["entry"]["id"] + 1)),
    ("leaf index", lambda p: p.update(leaf_index=p["leaf_index"] ^ 1)),
    ("path element", lambda p: p["audit_path"].__setitem__(0, "00" * 32)),
    ("path length", lambda p: p["audit_path"].pop()),
    ("seal root", lambda p: p["seal"].update(root="00" * 32)),
    ("seal size", lambda p: p["seal"].update(size=p["seal"]["size"] + 1)),
    ("seal chain link", lambda p: p["seal"].update(prev_seal_hash="11" * 32)),
    ("seal total", lambda p: p["seal"].update(total=1)),
    ("format", lambda p: p.update(format="something-else")),
    ("missing seal", lambda p: p.pop("seal")),
]


PUBLIC_TAMPERINGS: list[tuple[str, Callable[[dict[str, Any]], object]]] = [
    ("entry hash", lambda p: p["entry"].update(entry_hash="ab" * 32)),
    ("missing entry hash", lambda p: p["entry"].pop("entry_hash")),
    ("one field added", lambda p: p["entry"].update(subject_id="12")),
    ("disclosure", lambda p: p.update(disclosure="full")),
    ("leaf index", lambda p: p.update(leaf_index=p["leaf_index"] ^ 1)),
    ("path element", lambda p: p["audit_path"].__setitem__(0, "00" * 32)),
    ("seal root", lambda p: p["seal"].update(root="00" * 32)),
    ("seal chain link", lambda p: p["seal"].update(prev_seal_hash="11" * 32)),
]


@pytest.mark.parametrize("full", [True, False], ids=["full", "public"])
def test_altered_proof_is_rejected(sealed_ledger: list[int], full: bool) -> None:
    proof = selectors.inclusion_proof(entry_id=sealed_ledger[37], full=full)
    for name, tamper in TAMPERINGS if full else PUBLIC_TAMPERINGS:
        altered = copy.deepcopy(proof)
        tamper(altered)
        with pytest.raises(verify_proof.ProofError):
            verify_proof.verify_proof(altered, keys.public_key_base64())
            pytest.fail(f"altered {name} was accepted")


def test_full_proof_with_a_field_missing_is_rejected(sealed_ledger: list[int]) -> None:
    proof = selectors.inclusion_proof(entry_id=sealed_ledger[3], full=True)
    del proof["entry"]["data"]
    with pytest.raises(verify_proof.ProofError, match="lacks data"):
        verify_proof.verify_proof(proof, keys.public_key_base64())


def test_proof_is_rejected_under_another_key(sealed_ledger: list[int]) -> None:
    proof = selectors.inclusion_proof(entry_id=sealed_ledger[0])
    stranger = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(verify_proof.ProofError, match="different key"):
        verify_proof.verify_proof(proof, stranger)


def test_command_line_verifier_accepts_a_good_proof_and_rejects_a_bad_one(
    sealed_ledger: list[int], tmp_path: Path, capsys: Any
) -> None:
    proof = selectors.inclusion_proof(entry_id=sealed_ledger[5], full=True)
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(proof))
    proof["entry"]["subject_id"] = "12"
    bad.write_text(json.dumps(proof))
    key = keys.public_key_base64()
    assert verify_proof.main([str(good), "--public-key", key]) == 0
    assert verify_proof.main([str(bad), "--public-key", key]) == 1
    assert "INVALID" in capsys.readouterr().err


def test_verifier_runs_as_a_module_without_django(sealed_ledger: list[int], tmp_path: Path) -> None:
    proof_file = tmp_path / "proof.json"
    proof_file.write_text(json.dumps(selectors.inclusion_proof(entry_id=sealed_ledger[-1])))
    key_file = tmp_path / "key.txt"
    key_file.write_text(keys.public_key_base64())
    done = run_without_django(str(proof_file), "--public-key", str(key_file))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OK: entry")
    assert "only its hash was checked" in done.stdout  # what anyone can download is public


def test_iso_spells_every_zone_as_utc_with_microseconds() -> None:
    jakarta = dt.datetime(2026, 1, 2, 10, 4, 5, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    assert iso(jakarta) == "2026-01-02T03:04:05.000000Z"
    utc = dt.datetime(2026, 1, 2, 3, 4, 5, 60, tzinfo=dt.UTC)
    assert iso(utc) == utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_checkpoint_api_publishes_latest_seal_and_key(sealed_ledger: list[int]) -> None:
    body = Client().get("/api/v1/ledger/checkpoint").json()
    assert body["seal"]["id"] == 5
    assert body["entries_sealed"] == 120
    assert body["public_key"]["public_key"] == keys.public_key_base64()
    assert body["seal"]["key_id"] == body["public_key"]["key_id"]
    verify_proof.verify_seal_signature(
        body["seal"], verify_proof.load_public_key(keys.public_key_base64())
    )


def test_checkpoint_api_before_any_seal_has_no_seal(db: Any) -> None:
    response = Client().get("/api/v1/ledger/checkpoint")
    assert response.status_code == 200
    assert response.json()["seal"] is None


def test_public_key_api(db: Any) -> None:
    body = Client().get("/api/v1/ledger/public-key").json()
    assert body["algorithm"] == "Ed25519"
    assert body["pem"].startswith("-----BEGIN PUBLIC KEY-----")
    assert body["key_id"] == keys.key_id()


def test_proof_api_returns_a_verifiable_proof(sealed_ledger: list[int]) -> None:
    response = Client().get(f"/api/v1/ledger/entries/{sealed_ledger[64]}/proof")
    assert response.status_code == 200
    assert response.json()["disclosure"] == "public"
    verify_proof.verify_proof(response.json(), keys.public_key_base64())


def test_proof_api_explains_unknown_and_unsealed_entries(sealed_ledger: list[int]) -> None:
    client = Client()
    missing = client.get("/api/v1/ledger/entries/999999/proof")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    [waiting] = seed(1, start=700)
    unsealed = client.get(f"/api/v1/ledger/entries/{waiting}/proof")
    assert unsealed.status_code == 409
    assert "disegel" in unsealed.json()["detail"]
    for bad in ("0", "-1", "abc", str(2**64)):
        assert client.get(f"/api/v1/ledger/entries/{bad}/proof").status_code in (404, 422)


def test_public_page_shows_the_latest_seal_and_how_to_verify(sealed_ledger: list[int]) -> None:
    services.seal_pending()
    seal = selectors.latest_seal()
    assert seal is not None
    response = Client().get("/transparansi/ledger/")
    html = response.content.decode()
    assert response.status_code == 200
    assert seal.root[:16] in html
    assert keys.public_key_base64()[:16] in html
    assert "verify_proof" in html
    assert "<script" not in html
    assert 'style="' not in html


def test_public_page_before_any_seal(db: Any) -> None:
    response = Client().get("/transparansi/ledger/")
    assert response.status_code == 200
    assert "Belum ada segel" in response.content.decode()


def test_verifier_source_is_downloadable_from_the_public_page(db: Any) -> None:
    response = Client().get("/transparansi/ledger/verify_proof.py")
    assert response.status_code == 200
    assert b"def verify_proof(" in response.content
    assert b"import django" not in response.content
    assert 'filename="verify_proof.py"' in response["Content-Disposition"]
