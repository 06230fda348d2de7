"""One growing tree over the whole log: checkpoints, consistency, inclusion, witnesses.

The acceptance checks of issue 15 items 11-13: consistency between two checkpoints verifies with
the standalone verifier (run with Django blocked), a rewritten history re-signed with the real
key fails it, an inclusion proof verifies against a later checkpoint, a witness co-signature is
checked and a bad one refused.
"""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.test import Client

from satupintu.ledger import keys, selectors, services, tree, verify_proof
from satupintu.ledger.formats import entry_dict
from satupintu.ledger.models import Checkpoint, Cosignature, Entry, TreeLeaf, TreeNode
from satupintu.ledger.tests.conftest import run_python, run_without_django, seal_all, seed

API = "/api/v1/ledger"


def _all_leaves() -> list[bytes]:
    hashes = Entry.objects.order_by("tx", "id").values_list("entry_hash", flat=True)
    return [verify_proof.leaf_hash(h) for h in hashes]


def _get(path: str) -> Any:
    response = Client().get(path)
    assert response.status_code == 200, response.content
    return response.json()


def _witness_key() -> tuple[Ed25519PrivateKey, str]:
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return private, base64.b64encode(raw).decode()


def test_every_seal_gets_a_signed_checkpoint_over_the_whole_log(sealed_ledger: list[int]) -> None:
    leaves = _all_leaves()
    checkpoints = list(Checkpoint.objects.order_by("id"))
    assert [c.tree_size for c in checkpoints] == [25, 50, 75, 100, 120]
    for checkpoint in checkpoints:
        # The root covers ALL entries so far, not only the seal's own batch.
        assert (
            checkpoint.root_hash == verify_proof.merkle_root(leaves[: checkpoint.tree_size]).hex()
        )
        document = selectors.checkpoint_dict(checkpoint)
        verify_proof.verify_checkpoint_signature(document, keys.public_key_base64())
    assert TreeLeaf.objects.count() == 120
    latest = _get(f"{API}/checkpoints/latest")
    assert latest["tree_size"] == 120 and latest["cosignatures"] == []
    assert _get(f"{API}/checkpoint")["checkpoint"] == latest
    assert _get(f"{API}/tree/50/checkpoint")["id"] == 2
    assert _get(f"{API}/checkpoints/2")["tree_size"] == 50
    assert Client().get(f"{API}/tree/51/checkpoint").status_code == 404


def test_consistency_between_any_two_checkpoints_verifies(sealed_ledger: list[int]) -> None:
    key = keys.public_key_base64()
    documents = [selectors.checkpoint_dict(c) for c in Checkpoint.objects.order_by("id")]
    for old in documents:
        for new in documents:
            if old["tree_size"] <= new["tree_size"]:
                proof = _get(
                    f"{API}/consistency?first={old['tree_size']}&second={new['tree_size']}"
                )
                verify_proof.verify_checkpoint_consistency(old, new, proof, key)


def test_standalone_verifier_checks_consistency_and_inclusion_without_django(
    sealed_ledger: list[int], tmp_path: Path
) -> None:
    old, new = _get(f"{API}/checkpoints/2"), _get(f"{API}/checkpoints/latest")
    files = {
        "old": old,
        "new": new,
        "proof": _get(f"{API}/consistency?first=50&second=120"),
        "inclusion": _get(f"{API}/entries/{sealed_ledger[3]}/tree-proof?tree_size=120"),
    }
    for name, document in files.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(document))
    (tmp_path / "key").write_text(keys.public_key_base64())
    key = str(tmp_path / "key")
    done = run_without_django(
        "consistency",
        *(str(tmp_path / f"{n}.json") for n in ("old", "new", "proof")),
        "--public-key",
        key,
    )
    assert done.returncode == 0, done.stderr
    assert "extends the log at 50 entries" in done.stdout
    done = run_without_django("inclusion", str(tmp_path / "inclusion.json"), "--public-key", key)
    assert done.returncode == 0, done.stderr
    assert "of the log at 120 entries" in done.stdout
    done = run_without_django("checkpoint", str(tmp_path / "new.json"), "--public-key", key)
    assert done.returncode == 0, done.stderr
    # Swapped: the later tree does not precede the earlier one's root.
    (tmp_path / "old.json").write_text(json.dumps({**old, "root_hash": new["root_hash"]}))
    done = run_without_django(
        "consistency",
        *(str(tmp_path / f"{n}.json") for n in ("old", "new", "proof")),
        "--public-key",
        key,
    )
    assert done.returncode == 1 and "INVALID" in done.stderr


def test_rewritten_history_resigned_with_the_real_key_fails_consistency(
    sealed_ledger: list[int],
) -> None:
    """The operator changes entry 10 and re-signs a tree over the changed history with its own,
    real key. The auditor who saved the checkpoint at 50 entries catches it."""
    key = keys.public_key_base64()
    saved = selectors.checkpoint_document(tree_size=50)
    entry = Entry.objects.order_by("tx", "id")[9]
    changed = entry_dict(entry) | {"data": {**entry.data, "n": 999}}
    leaves = _all_leaves()
    leaves[9] = verify_proof.leaf_hash(verify_proof.entry_hash(changed))
    forged_fields = {
        "origin": saved["origin"],
        "tree_size": 120,
        "root_hash": verify_proof.merkle_root(leaves).hex(),
        "timestamp": saved["timestamp"],
    }
    forged = {
        **forged_fields,
        "format": verify_proof.CHECKPOINT_FORMAT,
        "key_id": keys.key_id(),
        "signature": keys.sign(verify_proof.checkpoint_note(forged_fields)),
    }
    verify_proof.verify_checkpoint_signature(forged, key)  # a genuine signature by the log key
    mth = verify_proof.list_hasher(leaves)
    forged_proof = {"proof": [h.hex() for h in verify_proof.consistency_path(50, 120, mth)]}
    with pytest.raises(verify_proof.ProofError, match="prefix"):
        verify_proof.verify_checkpoint_consistency(saved, forged, forged_proof, key)
    honest_proof = selectors.consistency_proof(first=50, second=120)
    with pytest.raises(verify_proof.ProofError):
        verify_proof.verify_checkpoint_consistency(saved, forged, honest_proof, key)
    # ... while the honest checkpoint at 120 does extend the saved one.
    honest = selectors.checkpoint_document(tree_size=120)
    verify_proof.verify_checkpoint_consistency(saved, honest, honest_proof, key)


def test_inclusion_proof_verifies_against_every_later_checkpoint(
    sealed_ledger: list[int],
) -> None:
    key = keys.public_key_base64()
    first_entry = sealed_ledger[0]
    for size in (25, 50, 75, 100, 120):
        proof = _get(f"{API}/entries/{first_entry}/tree-proof?tree_size={size}")
        assert proof["disclosure"] == "public"
        assert set(proof["entry"]) == {"id", "entry_hash"}
        verify_proof.verify_tree_inclusion(proof, key)
    latest = _get(f"{API}/entries/{sealed_ledger[-1]}/tree-proof")
    verify_proof.verify_tree_inclusion(latest, key)
    tampered = {**latest, "leaf_index": latest["leaf_index"] - 1}
    with pytest.raises(verify_proof.ProofError):
        verify_proof.verify_tree_inclusion(tampered, key)
    # An entry sealed after a checkpoint is not in it.
    late = Client().get(f"{API}/entries/{sealed_ledger[-1]}/tree-proof?tree_size=25")
    assert late.status_code == 409


def test_unsealed_entry_has_no_tree_proof_yet(sealed_ledger: list[int]) -> None:
    (pending,) = seed(1, start=500)
    assert Client().get(f"{API}/entries/{pending}/tree-proof").status_code == 409


def test_a_tree_across_cache_levels_gives_the_same_roots_and_proofs(ledger_db: None) -> None:
    seed(700)
    seal_all(max_entries=97)  # batches that straddle the 256- and 512-leaf boundaries
    leaves = _all_leaves()
    assert TreeNode.objects.filter(level=tree.CACHE_LEVEL).count() == 2
    assert TreeNode.objects.filter(level=tree.CACHE_LEVEL + 1).count() == 1
    key = keys.public_key_base64()
    sizes = list(Checkpoint.objects.order_by("id").values_list("tree_size", flat=True))
    for size in sizes:
        assert tree.Reader().mth(0, size) == verify_proof.merkle_root(leaves[:size])
    for first in sizes:
        proof = selectors.consistency_proof(first=first, second=700)
        expected = verify_proof.consistency_path(first, 700, verify_proof.list_hasher(leaves))
        assert proof["proof"] == [h.hex() for h in expected]
        verify_proof.verify_checkpoint_consistency(
            selectors.checkpoint_document(tree_size=first),
            selectors.checkpoint_document(tree_size=700),
            proof,
            key,
        )
    for index in (0, 255, 256, 511, 512, 699):
        entry_id = TreeLeaf.objects.get(index=index).entry_id
        proof = selectors.tree_inclusion_proof(None, entry_id=entry_id, tree_size=sizes[-1])
        assert proof["audit_path"] == [h.hex() for h in verify_proof.audit_path(leaves, index)]
        verify_proof.verify_tree_inclusion(proof, key)


def test_entries_by_range_are_the_public_form(sealed_ledger: list[int]) -> None:
    page = _get(f"{API}/tree/entries?start=20&end=30")
    assert [row["index"] for row in page["entries"]] == list(range(20, 30))
    assert all(set(row) == {"index", "id", "entry_hash"} for row in page["entries"])
    ordered = list(Entry.objects.order_by("tx", "id").values_list("id", "entry_hash")[20:30])
    assert [(row["id"], row["entry_hash"]) for row in page["entries"]] == ordered
    # An auditor can rebuild a checkpoint's root from the published leaves.
    rows = _get(f"{API}/tree/entries?start=0&end=120")["entries"]
    root = verify_proof.merkle_root([verify_proof.leaf_hash(r["entry_hash"]) for r in rows])
    assert root.hex() == _get(f"{API}/checkpoints/latest")["root_hash"]
    too_many = Client().get(f"{API}/tree/entries?start=0&end=5000")
    assert too_many.status_code == 400
    assert "1000" in too_many.json()["detail"]
    assert Client().get(f"{API}/tree/entries?start=9&end=3").status_code == 400


def test_consistency_beyond_the_tree_or_backwards_is_refused(sealed_ledger: list[int]) -> None:
    assert Client().get(f"{API}/consistency?first=50&second=121").status_code == 404
    assert Client().get(f"{API}/consistency?first=60&second=50").status_code == 400
    assert Client().get(f"{API}/consistency?first=x&second=50").status_code == 422


def _register(name: str = "Ombudsman RI") -> tuple[Ed25519PrivateKey, Any]:
    private, public = _witness_key()
    return private, services.witness_key_register(actor=None, name=name, public_key=public)


def test_a_registered_witness_cosigns_and_anyone_sees_and_checks_it(
    sealed_ledger: list[int],
) -> None:
    private, witness = _register()
    checkpoint = _get(f"{API}/checkpoints/latest")
    cosignature = verify_proof.sign_cosignature(checkpoint, private, int(time.time()))
    response = Client().post(
        f"{API}/cosignatures",
        {"tree_size": 120, **cosignature},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    shown = _get(f"{API}/checkpoints/latest")
    assert shown["cosignatures"] == [
        {"witness": "Ombudsman RI", **cosignature},
    ]
    assert verify_proof.verify_witnesses(shown, [witness.public_key]) == [witness.key_id]
    assert _get(f"{API}/witnesses")[0]["key_id"] == witness.key_id
    # The co-signature is itself ledgered.
    assert Entry.objects.filter(action="ledger.checkpoint.cosign").count() == 1
    # A co-signature altered after the fact does not verify.
    shown["cosignatures"][0]["time"] += 1
    with pytest.raises(verify_proof.ProofError, match="co-signature does not verify"):
        verify_proof.verify_witnesses(shown, [witness.public_key])


def test_bad_cosignatures_are_refused_and_not_stored(sealed_ledger: list[int]) -> None:
    private, witness = _register()
    stranger, _public = _witness_key()
    checkpoint = _get(f"{API}/checkpoints/latest")
    now = int(time.time())

    def post(body: dict[str, Any]) -> Any:
        return Client().post(f"{API}/cosignatures", body, content_type="application/json")

    good = verify_proof.sign_cosignature(checkpoint, private, now)
    other_tree = verify_proof.sign_cosignature(
        selectors.checkpoint_document(tree_size=50), private, now
    )
    # A signature over another checkpoint, sent for this one.
    response = post({"tree_size": 120, **other_tree})
    assert response.status_code == 400
    assert response.json()["detail"] == "Tanda tangan saksi tidak sah."
    # An unregistered key.
    assert (
        post(
            {"tree_size": 120, **verify_proof.sign_cosignature(checkpoint, stranger, now)}
        ).status_code
        == 403
    )
    # A time in the far future, and one before the checkpoint existed.
    future = verify_proof.sign_cosignature(checkpoint, private, now + 86400)
    assert post({"tree_size": 120, **future}).status_code == 400
    past = verify_proof.sign_cosignature(checkpoint, private, 1000)
    assert post({"tree_size": 120, **past}).status_code == 400
    assert post({"tree_size": 999, **good}).status_code == 404
    assert post({"tree_size": 120, "key_id": "x", "time": 1, "signature": "a"}).status_code == 422
    assert not Cosignature.objects.exists()
    assert post({"tree_size": 120, **good}).status_code == 201
    assert post({"tree_size": 120, **good}).status_code == 201  # the same again: harmless
    again = verify_proof.sign_cosignature(checkpoint, private, now + 1)
    assert post({"tree_size": 120, **again}).status_code == 409
    services.witness_key_retire(actor=None, witness=witness)
    later = verify_proof.sign_cosignature(
        selectors.checkpoint_document(tree_size=100), private, now
    )
    assert post({"tree_size": 100, **later}).status_code == 403
    assert Cosignature.objects.count() == 1


def test_witness_mode_follows_the_log_and_refuses_a_rewritten_one(
    sealed_ledger: list[int], tmp_path: Path
) -> None:
    private, _witness = _register("Inspektorat")
    state = tmp_path / "state.json"
    key = keys.public_key_base64()

    def consistency(first: int, second: int) -> dict[str, Any]:
        return selectors.consistency_proof(first=first, second=second)

    def witness(checkpoint: dict[str, Any]) -> dict[str, Any]:
        return verify_proof.witness(
            checkpoint,
            public_key=key,
            private_key=private,
            state=state,
            consistency=consistency,
            now=int(time.time()),
        )

    first = selectors.checkpoint_document(tree_size=50)
    witness(first)
    latest = selectors.checkpoint_document()
    cosignature = witness(latest)
    services.witness_cosign(tree_size=120, **cosignature)
    assert json.loads(state.read_text())["tree_size"] == 120
    # Back to a smaller tree: refused, the saved checkpoint stays.
    with pytest.raises(verify_proof.ProofError, match="shrank"):
        witness(first)
    # A same-size checkpoint with another root (a fork shown to this witness): refused.
    forked_fields = {
        **tree.note_fields(Checkpoint.objects.get(tree_size=120)),
        "root_hash": "ab" * 32,
    }
    forked = {
        **forked_fields,
        "key_id": keys.key_id(),
        "signature": keys.sign(verify_proof.checkpoint_note(forked_fields)),
    }
    with pytest.raises(verify_proof.ProofError, match="rewritten"):
        witness(forked)
    assert json.loads(state.read_text())["root_hash"] == latest["root_hash"]


def test_witness_command_cosigns_a_checkpoint_file_without_django(
    sealed_ledger: list[int], tmp_path: Path
) -> None:
    private, _witness = _register("SatuPintu Provinsi")
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    key_file = tmp_path / "witness.key"
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    key_file.write_text(base64.b64encode(raw).decode())
    checkpoint_file = tmp_path / "checkpoint.json"
    checkpoint_file.write_text(json.dumps(_get(f"{API}/checkpoint")))
    done = run_without_django(
        "witness",
        "--log",
        "https://unused.invalid/api/v1/ledger",
        "--public-key",
        keys.public_key_base64(),
        "--key",
        str(key_file),
        "--state",
        str(tmp_path / "state.json"),
        "--checkpoint",
        str(checkpoint_file),
    )
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout.splitlines()[0])
    response = Client().post(f"{API}/cosignatures", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert _get(f"{API}/checkpoints/latest")["cosignatures"][0]["witness"] == "SatuPintu Provinsi"


def test_registering_a_witness_needs_a_valid_key_and_the_operator(db: Any) -> None:
    from satupintu.core.errors import PermissionDenied, ServiceError

    with pytest.raises(ServiceError, match="base64"):
        services.witness_key_register(actor=None, name="X", public_key="bukan-kunci")
    with pytest.raises(ServiceError, match="sendiri"):
        services.witness_key_register(actor=None, name="X", public_key=keys.public_key_base64())
    _private, public = _witness_key()

    class Citizen:
        is_staff = False
        is_authenticated = True
        pk = 5

    with pytest.raises(PermissionDenied):
        services.witness_key_register(actor=Citizen(), name="X", public_key=public)  # type: ignore[arg-type]


@pytest.fixture
def unguarded_tree(sealed_ledger: list[int]) -> Any:
    from satupintu.ledger import triggers

    triggers.drop_triggers()
    yield sealed_ledger
    triggers.create_triggers()


def test_verify_ledger_checks_the_tree_and_its_checkpoints(unguarded_tree: list[int]) -> None:
    from django.db import connection, transaction

    from satupintu.ledger.verification import verify_ledger

    assert verify_ledger().ok
    statements = [
        ('UPDATE ledger_treeleaf SET leaf_hash = %s WHERE "index" = 30', ["ab" * 32], 30),
        ("UPDATE ledger_checkpoint SET root_hash = %s WHERE id = 3", ["cd" * 32], 3),
        ("UPDATE ledger_checkpoint SET tree_size = 76 WHERE id = 3", [], 3),
        ("UPDATE ledger_checkpoint SET signature = %s WHERE id = 2", [keys.sign(b"x")], 2),
    ]
    for sql, params, named in statements:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
            report = verify_ledger()
            problem = report.first("tree")
            assert problem is not None and problem.id == named, report.summary()
            assert report.first_bad_entry is None and report.first_bad_seal is None
            transaction.set_rollback(True)
    assert verify_ledger().ok


def test_operator_registers_and_retires_a_witness_in_the_back_office(
    db: Any, client: Any, admin_user: Any
) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from satupintu.ledger.models import WitnessKey

    device = StaticDevice.objects.create(user=admin_user, name="uji", confirmed=True)
    client.force_login(admin_user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    url = "/kantor/sistem/ledger/witnesskey/add/"
    bad = client.post(url, {"name": "Ombudsman", "public_key": "bukan", "active": "on"})
    assert bad.status_code == 200 and "32 bita" in bad.content.decode()
    _private, public = _witness_key()
    done = client.post(url, {"name": "Ombudsman", "public_key": public, "active": "on"})
    assert done.status_code == 302
    witness = WitnessKey.objects.get()
    assert witness.key_id == verify_proof.key_id(verify_proof.load_public_key(public))
    assert Entry.objects.filter(action="ledger.witness.register").count() == 1
    change = f"/kantor/sistem/ledger/witnesskey/{witness.pk}/change/"
    assert client.post(change, {}).status_code == 302  # "active" unticked: retired
    witness.refresh_from_db()
    assert not witness.active
    assert Entry.objects.filter(action="ledger.witness.retire").count() == 1


def test_transparency_page_says_what_the_log_proves_and_offers_the_verifier(
    sealed_ledger: list[int],
) -> None:
    html = Client().get("/transparansi/ledger/").content.decode()
    assert "tidak diubah, tidak dihapus" in html
    assert "Semua pembaca melihat riwayat yang sama" in html
    # ... and what it does not prove.
    for limit in ("setiap kali data dibaca", "tidak ada yang luput dicatat", "waktu pada catatan"):
        assert limit in html
    assert 'href="/transparansi/ledger/verify_proof.py" download' in html
    assert "<code>pip install cryptography</code>" in html
    assert "python3 verify_proof.py checkpoint http://testserver/api/v1/ledger/checkpoint" in html
    latest = selectors.checkpoint_document()
    assert latest["root_hash"][:16] in html
    assert "Belum ada saksi" in html


def test_the_two_line_instruction_works_on_the_downloaded_verifier(
    sealed_ledger: list[int], tmp_path: Path
) -> None:
    source = Client().get("/transparansi/ledger/verify_proof.py").content
    script = tmp_path / "verify_proof.py"
    script.write_bytes(source)
    saved = tmp_path / "checkpoint.json"
    saved.write_text(json.dumps(_get(f"{API}/checkpoint")))
    done = run_python(
        str(script),
        "checkpoint",
        str(saved),
        "--public-key",
        keys.public_key_base64(),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OK: checkpoint of 120 entries")


def test_witness_command_fetches_checks_and_posts_over_http(
    sealed_ledger: list[int], tmp_path: Path, httpserver: Any
) -> None:
    """`verify_proof.py witness --log URL --post` against a log served over HTTP: the first run
    pins the checkpoint, the second moves on with a consistency proof and posts its co-signature,
    which the log accepts."""
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat
    from werkzeug import Request, Response

    private, _witness = _register("Ombudsman RI")
    key_file = tmp_path / "witness.key"
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    key_file.write_text(base64.b64encode(raw).decode())
    state = tmp_path / "last.json"
    state.write_text(json.dumps(selectors.checkpoint_document(tree_size=50)))
    # The HTTP server answers from another thread, which cannot see this test's transaction:
    # it serves what the log answered here, and records what the witness posts.
    posted: list[Any] = []

    def cosign(request: Request) -> Response:
        posted.append(json.loads(request.data))
        return Response("{}", status=201, content_type="application/json")

    httpserver.expect_request("/log/checkpoints/latest").respond_with_json(
        _get(f"{API}/checkpoints/latest")
    )
    httpserver.expect_request(
        "/log/consistency", query_string="first=50&second=120"
    ).respond_with_json(_get(f"{API}/consistency?first=50&second=120"))
    httpserver.expect_request("/log/cosignatures", method="POST").respond_with_handler(cosign)
    code = verify_proof.main(
        [
            "witness",
            "--log",
            httpserver.url_for("/log"),
            "--public-key",
            keys.public_key_base64(),
            "--key",
            str(key_file),
            "--state",
            str(state),
            "--post",
        ]
    )
    assert code == 0
    assert posted and posted[0]["tree_size"] == 120
    assert json.loads(state.read_text())["tree_size"] == 120
    answer = Client().post(f"{API}/cosignatures", posted[0], content_type="application/json")
    assert answer.status_code == 201, answer.content
    assert _get(f"{API}/checkpoints/latest")["cosignatures"][0]["witness"] == "Ombudsman RI"
