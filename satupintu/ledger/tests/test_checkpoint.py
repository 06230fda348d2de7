"""verify_ledger held to a published checkpoint: a ledger cut short no longer passes (issue 8.14).

Deleting the newest seal and its entries (with the triggers dropped, as an insider with database
access could) leaves a shorter ledger that is consistent in itself; only the checkpoint an
outsider saved from /api/v1/ledger/checkpoint shows what is missing.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from satupintu.ledger import keys, triggers, verify_proof
from satupintu.ledger.models import Seal
from satupintu.ledger.tests.conftest import seal_all, seed
from satupintu.ledger.verification import verify_ledger


@pytest.fixture
def published(sealed_ledger: list[int], tmp_path: Path) -> Path:
    """The checkpoint an outsider saved after the fifth seal."""
    path = tmp_path / "checkpoint.json"
    path.write_text(Client().get("/api/v1/ledger/checkpoint").content.decode())
    assert json.loads(path.read_text())["seal"]["id"] == 5
    return path


@pytest.fixture
def truncated(published: Path) -> Iterator[Path]:
    """The newest seal and every entry it covered deleted behind the application's back."""
    newest = Seal.objects.get(id=5)
    triggers.drop_triggers()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM ledger_entry WHERE tx >= %s AND tx < %s", [newest.tx_lo, newest.tx_hi]
            )
            cursor.execute("DELETE FROM ledger_seal WHERE id = %s", [newest.id])
        yield published
    finally:
        triggers.create_triggers()


def _verify(*args: str) -> str:
    out = StringIO()
    call_command("verify_ledger", "--no-progress", *args, stdout=out)
    return out.getvalue()


def test_without_a_checkpoint_truncation_passes_and_the_command_says_it_cannot_tell(
    truncated: Path,
) -> None:
    assert verify_ledger().ok  # the gap the checkpoint closes
    output = _verify()
    assert "Buku besar utuh: 100 entri, 4 segel" in output
    assert "Tidak ada checkpoint terbitan yang diberikan" in output
    assert "pemotongan" in output


def test_a_truncated_ledger_fails_against_the_saved_checkpoint(truncated: Path) -> None:
    with pytest.raises(CommandError) as failure:
        _verify("--checkpoint", str(truncated))
    assert failure.value.returncode == 1
    message = str(failure.value)
    assert "checkpoint segel #5" in message
    assert "lebih pendek dari checkpoint terbitan" in message
    assert "segel terakhirnya #4 dengan 100 entri" in message
    assert "segel #5 dengan 120 entri" in message


def test_the_intact_ledger_passes_against_the_checkpoint_and_keeps_passing_as_it_grows(
    published: Path,
) -> None:
    assert "Memuat checkpoint terbitan (segel #5)" in _verify("--checkpoint", str(published))
    seed(30, start=500)
    seal_all(max_entries=25)
    assert Seal.objects.count() > 5
    output = _verify("--checkpoint", str(published))
    assert "Buku besar utuh: 150 entri" in output
    assert "Checkpoint terbitan: segel #5 dengan 120 entri." in output


def _resigned(document: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The checkpoint with `changes`, signed again with the ledger's own key (a forked history
    the operator published, not a forgery)."""
    altered = copy.deepcopy(document)
    seal = altered["seal"] | changes
    body = verify_proof.seal_body(seal)
    seal["seal_hash"] = verify_proof.sha256_hex(body)
    seal["signature"] = keys.sign(body)
    altered["seal"] = seal
    return altered


def test_a_different_root_at_the_checkpoint_is_reported(published: Path, tmp_path: Path) -> None:
    forked = tmp_path / "forked.json"
    forked.write_text(json.dumps(_resigned(json.loads(published.read_text()), root="ab" * 32)))
    with pytest.raises(CommandError, match="akar Merkle atau jumlah entri segel ini berbeda"):
        _verify("--checkpoint", str(forked))


def test_a_checkpoint_whose_signature_does_not_verify_is_reported(
    published: Path, tmp_path: Path
) -> None:
    document = json.loads(published.read_text())
    document["seal"]["total"] = 1000  # changed after signing
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="tanda tangan checkpoint tidak sah"):
        _verify("--checkpoint", str(bad))


@pytest.mark.parametrize(
    "content", ["not json", "[]", '{"seal": {"id": 1}}', '{"seal": "x"}'], ids=repr
)
def test_a_malformed_checkpoint_is_refused_with_a_message(
    sealed_ledger: list[int], tmp_path: Path, content: str
) -> None:
    path = tmp_path / "checkpoint.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=r"[Cc]heckpoint"):
        _verify("--checkpoint", str(path))
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        _verify("--checkpoint", str(tmp_path / "missing.json"))


def test_checkpoint_url_follows_the_transparency_page_to_the_json(
    truncated: Path, httpserver: Any
) -> None:
    page = Client().get("/transparansi/ledger/").content.decode()
    assert '<link rel="alternate" type="application/json" href="/api/v1/ledger/checkpoint">' in page
    httpserver.expect_request("/transparansi/ledger/").respond_with_data(
        page, content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/api/v1/ledger/checkpoint").respond_with_data(
        truncated.read_text(), content_type="application/json"
    )
    with pytest.raises(CommandError, match="lebih pendek dari checkpoint terbitan"):
        _verify("--checkpoint-url", httpserver.url_for("/transparansi/ledger/"))
    with pytest.raises(CommandError, match="tidak dapat diambil"):
        _verify("--checkpoint-url", httpserver.url_for("/nowhere"))
