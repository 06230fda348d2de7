"""Check a SatuPintu ledger inclusion proof with nothing but the public key.

This module is the reference for the ledger's byte formats, and the application imports its
hashing from here, so the server and an outside verifier cannot drift apart. It needs only the
Python standard library and `cryptography`; it never imports Django.

Formats (version 1):

- canonical JSON: `json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`
  encoded as UTF-8. Only str, int, bool, None, lists and objects occur (no floats).
- entry hash: SHA-256 over the canonical JSON of
  `{"v": 1, "id", "tx", "created_at", "actor_type", "actor_id", "action", "subject_type",
  "subject_id", "data"}`; `created_at` is UTC ISO 8601 with microseconds and a `Z`.
- Merkle tree (RFC 6962 / RFC 9162 section 2.1): leaf hash = SHA-256(0x00 || entry hash bytes),
  node hash = SHA-256(0x01 || left || right); leaves are a seal's entries ordered by (tx, id).
- seal body: canonical JSON of `{"v": 1, "id", "tx_lo", "tx_hi", "first_entry_id",
  "last_entry_id", "size", "total", "root", "prev_seal_hash", "key_id", "created_at"}`, where
  `size` counts the seal's own entries and `total` all entries up to and including this seal. The seal hash is
  SHA-256 of the body; the signature is Ed25519 over the body (so over the root and the previous
  seal's hash); `key_id` is the first 16 hex digits of SHA-256 of the raw 32-byte public key.

Proofs (`satupintu-ledger-proof/1`): `{"format", "disclosure", "entry", "leaf_index", "leaf_hash",
"audit_path", "seal"}`. A public proof (`"disclosure": "public"`, what anyone gets) carries only
the entry's `id` and `entry_hash`: it shows that an entry with that hash is leaf `leaf_index` of a
signed seal, without showing who did what (nor checking the id, which only the fields bind). A full proof (`"disclosure": "full"`, for readers
allowed to see the entry) carries every entry field, and its hash is recomputed from them.

Usage: `python -m satupintu.ledger.verify_proof proof.json --public-key KEY` where KEY is the
base64 public key (or a file holding it) published at /api/v1/ledger/public-key. `-` reads the
proof from standard input. Exit status 0 means the proof holds.

The one tree (checkpoints, consistency, witnesses; formats in the comment further down):

    python verify_proof.py checkpoint CHECKPOINT --public-key KEY [--witness-key W ...]
    python verify_proof.py consistency OLD NEW PROOF --public-key KEY
    python verify_proof.py inclusion TREE_PROOF --public-key KEY
    python verify_proof.py witness --log https://HOST/api/v1/ledger --public-key KEY \
        --key WITNESS_KEY --state last.json [--post]

Each document argument is a file, `-`, or an http(s) URL (e.g. HOST/api/v1/ledger/checkpoint).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

FORMAT_VERSION = 1
PROOF_FORMAT = "satupintu-ledger-proof/1"
GENESIS_HASH = "0" * 64
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"

ENTRY_FIELDS = (
    "id",
    "tx",
    "created_at",
    "actor_type",
    "actor_id",
    "action",
    "subject_type",
    "subject_id",
    "data",
)
SEAL_FIELDS = (
    "id",
    "tx_lo",
    "tx_hi",
    "first_entry_id",
    "last_entry_id",
    "size",
    "total",
    "root",
    "prev_seal_hash",
    "key_id",
    "created_at",
)


class ProofError(Exception):
    """The proof does not hold; the message says which check failed."""


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entry_body(entry: Mapping[str, Any]) -> bytes:
    body = {name: entry[name] for name in ENTRY_FIELDS}
    body["v"] = FORMAT_VERSION
    return canonical_json(body)


def entry_hash(entry: Mapping[str, Any]) -> str:
    return sha256_hex(entry_body(entry))


def leaf_hash(entry_hash_hex: str) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + bytes.fromhex(entry_hash_hex)).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """RFC 6962 tree hash of leaf hashes, built level by level.

    Pairing neighbours and lifting a lone right-edge node unchanged gives the same tree as the
    RFC's "split at the largest power of two below n" recursion, without recursion.
    """
    if not leaves:
        return hashlib.sha256(b"").digest()
    level = list(leaves)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def audit_path(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """RFC 6962 PATH(index, leaves): sibling hashes from the leaf up to the root."""
    if not 0 <= index < len(leaves):
        raise IndexError("leaf index outside the tree")
    path: list[bytes] = []
    level = list(leaves)
    while len(level) > 1:
        sibling = index ^ 1
        if sibling < len(level):
            path.append(level[sibling])
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
        index //= 2
    return path


def root_from_path(index: int, size: int, leaf: bytes, path: Sequence[bytes]) -> bytes:
    """RFC 9162 section 2.1.3.2: the root implied by a leaf and its inclusion proof."""
    if not 0 <= index < size:
        raise ProofError("leaf index outside the tree")
    fn, sn, result = index, size - 1, leaf
    for sibling in path:
        if sn == 0:
            raise ProofError("audit path is longer than the tree is deep")
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("audit path is shorter than the tree is deep")
    return result


def seal_body(seal: Mapping[str, Any]) -> bytes:
    body = {name: seal[name] for name in SEAL_FIELDS}
    body["v"] = FORMAT_VERSION
    return canonical_json(body)


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return sha256_hex(raw)[:16]


def load_public_key(value: str | bytes) -> Ed25519PublicKey:
    """A public key from base64 text (as published) or from its 32 raw bytes."""
    if isinstance(value, str):
        try:
            raw = base64.b64decode(value.strip(), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ProofError("public key is not valid base64") from exc
    else:
        raw = value
    if len(raw) != 32:
        raise ProofError("an Ed25519 public key has 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def verify_seal_signature(seal: Mapping[str, Any], public_key: Ed25519PublicKey) -> None:
    if seal.get("key_id") != key_id(public_key):
        raise ProofError("seal was signed with a different key")
    try:
        signature = base64.b64decode(str(seal["signature"]), validate=True)
        public_key.verify(signature, seal_body(seal))
    except (InvalidSignature, binascii.Error, ValueError) as exc:
        raise ProofError("seal signature does not verify") from exc
    if seal.get("seal_hash") is not None and seal["seal_hash"] != sha256_hex(seal_body(seal)):
        raise ProofError("seal hash does not match the seal")


PUBLIC_ENTRY_KEYS = frozenset({"id", "entry_hash"})


def is_public(proof: Mapping[str, Any]) -> bool:
    """Whether `proof` discloses only the entry's id and hash (not its fields)."""
    entry = proof.get("entry")
    return isinstance(entry, Mapping) and set(entry) == PUBLIC_ENTRY_KEYS


def _entry_hash_of(entry: Mapping[str, Any], public: bool) -> str:
    if not public:
        missing = [name for name in ENTRY_FIELDS if name not in entry]
        if missing:
            # Some fields but not all would look checked without being so.
            raise ProofError(f"entry lacks {', '.join(missing)} (a public proof has id and hash)")
        computed = entry_hash(entry)
        if entry.get("entry_hash") not in (None, computed):
            raise ProofError("entry hash does not match the entry")
        return computed
    given = entry.get("entry_hash")
    if not isinstance(given, str) or len(given) != 64:
        raise ProofError("a public proof needs the entry's 64-digit hex hash")
    bytes.fromhex(given)
    return given.lower()


def verify_proof(proof: Mapping[str, Any], public_key: str | bytes | Ed25519PublicKey) -> None:
    """Raise ProofError unless `proof` shows its entry is in a seal signed by `public_key`.

    Only the entry's own fields (or, in a public proof, its hash), the audit path and the seal
    are trusted input; every other hash is recomputed here. The `public_key` inside a proof
    document is ignored on purpose: the key must come from somewhere the verifier trusts.
    """
    key = public_key if isinstance(public_key, Ed25519PublicKey) else load_public_key(public_key)
    try:
        if proof.get("format") != PROOF_FORMAT:
            raise ProofError(f"unknown proof format {proof.get('format')!r}")
        entry, seal = proof["entry"], proof["seal"]
        index, size = int(proof["leaf_index"]), int(seal["size"])
        path = [bytes.fromhex(h) for h in proof["audit_path"]]
        public = is_public(proof)
        disclosure = "public" if public else "full"
        if proof.get("disclosure", disclosure) != disclosure:
            raise ProofError("the proof's disclosure does not match its entry")
        computed_entry_hash = _entry_hash_of(entry, public)
        if not public and not int(seal["tx_lo"]) <= int(entry["tx"]) < int(seal["tx_hi"]):
            raise ProofError("entry is outside the seal's range")
        leaf = leaf_hash(computed_entry_hash)
        if proof.get("leaf_hash") not in (None, leaf.hex()):
            raise ProofError("leaf hash does not match the entry")
        if root_from_path(index, size, leaf, path).hex() != seal["root"]:
            raise ProofError("audit path does not lead to the seal's root")
        verify_seal_signature(seal, key)
    except (KeyError, TypeError, ValueError) as exc:
        raise ProofError(f"malformed proof: {exc}") from exc


# --- One growing tree: checkpoints, consistency, witnesses (RFC 9162 practice) ---------------
#
# Every sealed entry is also a leaf of ONE tree over the whole log, in sealing order (seal by
# seal, each seal's entries by (tx, id)); leaf i is the i-th sealed entry. A *checkpoint* (signed
# tree head) is a signed note over that tree at some size:
#
#     <origin>\n<tree size>\n<root hash, base64>\ntimestamp <UTC ISO 8601 with microseconds, Z>\n
#
# (the first three lines are the C2SP "checkpoint" format; the timestamp is an extension line).
# The operator signs those bytes with the ledger key (Ed25519). A witness co-signs
# `cosignature/v1\ntime <unix seconds>\n` followed by the same note (C2SP tlog-cosignature).
# A consistency proof (RFC 9162 section 2.1.4) shows the tree at a later size extends the tree at
# an earlier one, so nothing sealed was changed, removed or reordered in between; an inclusion
# proof (section 2.1.3) shows a leaf is in the tree at a given size.

CHECKPOINT_FORMAT = "satupintu-ledger-checkpoint/1"
CONSISTENCY_FORMAT = "satupintu-ledger-consistency/1"
TREE_PROOF_FORMAT = "satupintu-ledger-tree-proof/1"
COSIGNATURE_PREFIX = b"cosignature/v1\n"
CHECKPOINT_FIELDS = ("origin", "tree_size", "root_hash", "timestamp")


def empty_root() -> bytes:
    return hashlib.sha256(b"").digest()


def largest_power_of_two_below(n: int) -> int:
    """k with k < n <= 2k (n >= 2): where RFC 9162 splits a tree of n leaves."""
    return 1 << ((n - 1).bit_length() - 1)


RangeHash = Any  # Callable[[int, int], bytes]: MTH(D[start:end]) of the tree's leaves


def inclusion_path(index: int, size: int, mth: RangeHash) -> list[bytes]:
    """RFC 9162 PATH(m, D[0:n]) with subtree hashes from `mth(start, end)`."""
    if not 0 <= index < size:
        raise ProofError("leaf index outside the tree")
    path: list[bytes] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = largest_power_of_two_below(hi - lo)
        if index - lo < k:
            path.append(mth(lo + k, hi))
            hi = lo + k
        else:
            path.append(mth(lo, lo + k))
            lo += k
    path.reverse()
    return path


def consistency_path(first: int, second: int, mth: RangeHash) -> list[bytes]:
    """RFC 9162 PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true), subtree hashes from `mth`."""
    if not 0 <= first <= second:
        raise ProofError("consistency needs 0 <= first <= second")
    if first in (0, second):
        return []
    proof: list[bytes] = []
    lo, hi, m, complete = 0, second, first, True
    while True:
        n = hi - lo
        if m == n:
            if not complete:
                proof.append(mth(lo, hi))
            break
        k = largest_power_of_two_below(n)
        if m <= k:
            proof.append(mth(lo + k, hi))
            hi = lo + k
        else:
            proof.append(mth(lo, lo + k))
            lo, m, complete = lo + k, m - k, False
    proof.reverse()
    return proof


def list_hasher(leaves: Sequence[bytes]) -> RangeHash:
    """`mth` over leaf hashes held in memory (tests, witnesses rebuilding a small tree)."""
    return lambda start, end: merkle_root(leaves[start:end])


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> None:
    """RFC 9162 section 2.1.4.2: raise ProofError unless the tree of `second` leaves with root
    `second_root` extends the tree of `first` leaves with root `first_root`."""
    if not 0 <= first <= second:
        raise ProofError("consistency needs 0 <= first <= second")
    if first == second:
        if proof or first_root != second_root:
            raise ProofError("same size but different roots: the history was rewritten")
        return
    if first == 0:
        if proof:
            raise ProofError("a proof from the empty tree is empty")
        return
    if not proof:
        raise ProofError("consistency proof is empty")
    path = list(proof)
    if first & (first - 1) == 0:  # an exact power of two: the old root is a node of the new tree
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof is shorter than the tree is deep")
    if fr != first_root:
        raise ProofError("the earlier checkpoint's root is not a prefix of the later tree")
    if sr != second_root:
        raise ProofError("the consistency proof does not lead to the later checkpoint's root")


def checkpoint_origin(log_key_id: str) -> str:
    """The log's name in its notes: one per signing key, so two SatuPintu logs never mix."""
    return f"satupintu/ledger/{log_key_id}"


def checkpoint_note(checkpoint: Mapping[str, Any]) -> bytes:
    """The signed note body of a checkpoint (see the comment above)."""
    root = bytes.fromhex(str(checkpoint["root_hash"]))
    if len(root) != 32:
        raise ProofError("a root hash has 32 bytes")
    size = checkpoint["tree_size"]
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ProofError("tree size must be a whole number")
    origin, timestamp = str(checkpoint["origin"]), str(checkpoint["timestamp"])
    if "\n" in origin or "\n" in timestamp:
        raise ProofError("a note line cannot hold a line break")
    return (
        f"{origin}\n{size}\n{base64.b64encode(root).decode()}\ntimestamp {timestamp}\n"
    ).encode()


def cosignature_message(checkpoint: Mapping[str, Any], time: int) -> bytes:
    """What a witness signs: C2SP tlog-cosignature/v1 over the checkpoint's note."""
    return COSIGNATURE_PREFIX + f"time {int(time)}\n".encode() + checkpoint_note(checkpoint)


def _signature_bytes(value: Any) -> bytes:
    try:
        raw = base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ProofError("signature is not valid base64") from exc
    if len(raw) != 64:
        raise ProofError("an Ed25519 signature has 64 bytes")
    return raw


def verify_checkpoint_signature(
    checkpoint: Mapping[str, Any], public_key: str | bytes | Ed25519PublicKey
) -> None:
    """Raise ProofError unless the log's key signed this checkpoint's note."""
    key = public_key if isinstance(public_key, Ed25519PublicKey) else load_public_key(public_key)
    try:
        if checkpoint.get("format", CHECKPOINT_FORMAT) != CHECKPOINT_FORMAT:
            raise ProofError(f"unknown checkpoint format {checkpoint.get('format')!r}")
        log_key_id = key_id(key)
        if checkpoint.get("key_id") != log_key_id:
            raise ProofError("checkpoint was signed with a different key")
        if checkpoint["origin"] != checkpoint_origin(log_key_id):
            raise ProofError("checkpoint names another log")
        note = checkpoint_note(checkpoint)
        if checkpoint.get("note") not in (None, note.decode()):
            raise ProofError("the checkpoint's note does not match its fields")
        key.verify(_signature_bytes(checkpoint["signature"]), note)
    except InvalidSignature as exc:
        raise ProofError("checkpoint signature does not verify") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise ProofError(f"malformed checkpoint: {exc}") from exc


def verify_cosignature(
    checkpoint: Mapping[str, Any],
    cosignature: Mapping[str, Any],
    witness_key: str | bytes | Ed25519PublicKey,
) -> None:
    """Raise ProofError unless `witness_key` co-signed this checkpoint (at `cosignature.time`)."""
    key = witness_key if isinstance(witness_key, Ed25519PublicKey) else load_public_key(witness_key)
    try:
        if cosignature.get("key_id") not in (None, key_id(key)):
            raise ProofError("co-signature names another witness key")
        time = cosignature["time"]
        if not isinstance(time, int) or isinstance(time, bool) or time < 0:
            raise ProofError("co-signature time must be whole seconds since 1970")
        message = cosignature_message(checkpoint, time)
        key.verify(_signature_bytes(cosignature["signature"]), message)
    except InvalidSignature as exc:
        raise ProofError("witness co-signature does not verify") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise ProofError(f"malformed co-signature: {exc}") from exc


def verify_witnesses(
    checkpoint: Mapping[str, Any], witness_keys: Sequence[str | bytes | Ed25519PublicKey]
) -> list[str]:
    """Check the checkpoint's co-signatures by the given (trusted) witness keys; return the key
    ids that co-signed. Raises ProofError if one of them is present but does not verify, or if
    none of the given witnesses co-signed."""
    by_id: dict[str, Ed25519PublicKey] = {}
    for value in witness_keys:
        key = value if isinstance(value, Ed25519PublicKey) else load_public_key(value)
        by_id[key_id(key)] = key
    seen: list[str] = []
    for cosignature in checkpoint.get("cosignatures") or []:
        wanted = by_id.get(str(cosignature.get("key_id")))
        if wanted is None:
            continue  # a witness this verifier does not trust proves nothing to it
        verify_cosignature(checkpoint, cosignature, wanted)
        seen.append(key_id(wanted))
    if by_id and not seen:
        raise ProofError("none of the trusted witnesses co-signed this checkpoint")
    return seen


def sign_cosignature(checkpoint: Mapping[str, Any], private_key: Any, time: int) -> dict[str, Any]:
    """A witness's co-signature over `checkpoint` with its Ed25519 private key."""
    signature = private_key.sign(cosignature_message(checkpoint, time))
    return {
        "key_id": key_id(private_key.public_key()),
        "time": int(time),
        "signature": base64.b64encode(signature).decode(),
    }


def _root_of(checkpoint: Mapping[str, Any]) -> bytes:
    root = bytes.fromhex(str(checkpoint["root_hash"]))
    if len(root) != 32:
        raise ProofError("a root hash has 32 bytes")
    return root


def verify_checkpoint_consistency(
    first: Mapping[str, Any],
    second: Mapping[str, Any],
    proof: Mapping[str, Any],
    public_key: str | bytes | Ed25519PublicKey,
) -> None:
    """Both checkpoints are signed by the log key and the later one extends the earlier one."""
    verify_checkpoint_signature(first, public_key)
    verify_checkpoint_signature(second, public_key)
    try:
        if proof.get("format", CONSISTENCY_FORMAT) != CONSISTENCY_FORMAT:
            raise ProofError(f"unknown consistency proof format {proof.get('format')!r}")
        a, b = int(first["tree_size"]), int(second["tree_size"])
        if a > b:
            first, second, a, b = second, first, b, a
        if (int(proof.get("first", a)), int(proof.get("second", b))) != (a, b):
            raise ProofError("the proof is for other tree sizes than these checkpoints")
        path = [bytes.fromhex(h) for h in proof["proof"]]
        verify_consistency(a, b, _root_of(first), _root_of(second), path)
    except (KeyError, TypeError, ValueError) as exc:
        raise ProofError(f"malformed consistency proof: {exc}") from exc


def verify_tree_inclusion(
    proof: Mapping[str, Any], public_key: str | bytes | Ed25519PublicKey
) -> None:
    """A `satupintu-ledger-tree-proof/1`: the entry (or its hash) is leaf `leaf_index` of the
    tree whose signed checkpoint is `proof.checkpoint`."""
    try:
        if proof.get("format") != TREE_PROOF_FORMAT:
            raise ProofError(f"unknown proof format {proof.get('format')!r}")
        checkpoint = proof["checkpoint"]
        verify_checkpoint_signature(checkpoint, public_key)
        public = is_public(proof)
        if proof.get("disclosure", "public" if public else "full") != (
            "public" if public else "full"
        ):
            raise ProofError("the proof's disclosure does not match its entry")
        leaf = leaf_hash(_entry_hash_of(proof["entry"], public))
        if proof.get("leaf_hash") not in (None, leaf.hex()):
            raise ProofError("leaf hash does not match the entry")
        path = [bytes.fromhex(h) for h in proof["audit_path"]]
        index, size = int(proof["leaf_index"]), int(checkpoint["tree_size"])
        if root_from_path(index, size, leaf, path) != _root_of(checkpoint):
            raise ProofError("audit path does not lead to the checkpoint's root")
    except (KeyError, TypeError, ValueError) as exc:
        raise ProofError(f"malformed proof: {exc}") from exc


def _load_json(source: str, *, fetch_urls: bool = True) -> Any:
    """JSON from a file, `-` (standard input) or, for `http(s)://`, a GET request."""
    if source == "-":
        return json.loads(sys.stdin.read())
    if fetch_urls and source.startswith(("https://", "http://")):
        import urllib.request

        headers = {"Accept": "application/json"}
        request = urllib.request.Request(source, headers=headers)  # noqa: S310 - http(s) only
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - http(s) only
            return json.loads(response.read().decode("utf-8"))
    return json.loads(Path(source).read_text("utf-8"))


def _key_text(value: str) -> str:
    return Path(value).read_text("utf-8").strip() if Path(value).is_file() else value


def _checkpoint_of(document: Any) -> Mapping[str, Any]:
    """A checkpoint from its own JSON or from an API answer that wraps it."""
    if isinstance(document, Mapping) and isinstance(document.get("checkpoint"), Mapping):
        return document["checkpoint"]
    if not isinstance(document, Mapping):
        raise ProofError("a checkpoint is a JSON object")
    return document


def _cmd_checkpoint(args: argparse.Namespace) -> str:
    checkpoint = _checkpoint_of(_load_json(args.checkpoint))
    verify_checkpoint_signature(checkpoint, _key_text(args.public_key))
    line = f"OK: checkpoint of {checkpoint['tree_size']} entries, root {checkpoint['root_hash']}"
    if args.witness_key:
        seen = verify_witnesses(checkpoint, [_key_text(k) for k in args.witness_key])
        line += f"; co-signed by witness key(s) {', '.join(seen)}"
    return line + "."


def _cmd_consistency(args: argparse.Namespace) -> str:
    first = _checkpoint_of(_load_json(args.first))
    second = _checkpoint_of(_load_json(args.second))
    proof = _load_json(args.proof)
    verify_checkpoint_consistency(first, second, proof, _key_text(args.public_key))
    return (
        f"OK: the log at {second['tree_size']} entries extends the log at "
        f"{first['tree_size']} entries; nothing sealed before was changed or removed."
    )


def _cmd_inclusion(args: argparse.Namespace) -> str:
    proof = _load_json(args.proof)
    verify_tree_inclusion(proof, _key_text(args.public_key))
    return (
        f"OK: entry hash {proof['entry']['entry_hash']} is leaf {proof['leaf_index']} of the log "
        f"at {proof['checkpoint']['tree_size']} entries."
    )


def _post_json(url: str, body: Mapping[str, Any]) -> Any:
    import urllib.request

    if not url.startswith(("https://", "http://")):
        raise ProofError("the log's address must start with https:// or http://")
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - http(s) only
        return json.loads(response.read().decode("utf-8") or "null")


def witness(
    checkpoint: Mapping[str, Any],
    *,
    public_key: str | bytes | Ed25519PublicKey,
    private_key: Any,
    state: Path,
    consistency: Callable[[int, int], Mapping[str, Any]] | None,
    now: int,
) -> dict[str, Any]:
    """One witness step: verify `checkpoint`, check it extends the last one saved in `state`
    (through `consistency(old_size, new_size)`, a consistency proof document), save it, and
    return the co-signature. Refuses (ProofError) anything that does not hold; then nothing is
    saved, so the conflicting checkpoints stay as evidence."""
    verify_checkpoint_signature(checkpoint, public_key)
    if state.exists():
        previous = json.loads(state.read_text("utf-8"))
        old, new = int(previous["tree_size"]), int(checkpoint["tree_size"])
        if new < old:
            raise ProofError(f"the log shrank from {old} to {new} entries")
        proof: Mapping[str, Any] = {"proof": []}
        if old and old != new:
            if consistency is None:
                raise ProofError("a consistency proof is needed to move from the saved checkpoint")
            proof = consistency(old, new)
        verify_checkpoint_consistency(previous, checkpoint, proof, public_key)
    state.write_text(json.dumps(dict(checkpoint), indent=2) + "\n", "utf-8")
    return sign_cosignature(checkpoint, private_key, now)


def _load_private_key(path: str) -> Any:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    content = Path(path).read_bytes()
    if content.lstrip().startswith(b"-----BEGIN"):
        key = load_pem_private_key(content, password=None)
    else:
        key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(content.strip(), validate=True))
    if not isinstance(key, Ed25519PrivateKey):
        raise ProofError(f"{path} does not hold an Ed25519 private key")
    return key


def _cmd_witness(args: argparse.Namespace) -> str:
    import time as time_module

    base = args.log.rstrip("/")
    checkpoint = _checkpoint_of(_load_json(args.checkpoint or f"{base}/checkpoints/latest"))
    private_key = _load_private_key(args.key)

    def consistency(first: int, second: int) -> Mapping[str, Any]:
        return _load_json(f"{base}/consistency?first={first}&second={second}")

    cosignature = witness(
        checkpoint,
        public_key=_key_text(args.public_key),
        private_key=private_key,
        state=Path(args.state),
        consistency=consistency,
        now=int(time_module.time()),
    )
    body = {"tree_size": checkpoint["tree_size"], **cosignature}
    print(json.dumps(body))
    if args.post:
        _post_json(f"{base}/cosignatures", body)
        return f"OK: co-signed the log at {checkpoint['tree_size']} entries and sent it."
    return f"OK: co-signed the log at {checkpoint['tree_size']} entries."


COMMANDS = ("checkpoint", "consistency", "inclusion", "witness")


def _tree_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="verify_proof.py", description="Check SatuPintu ledger checkpoints and proofs."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    key_help = "the log's base64 Ed25519 public key, or a file holding it"
    p = sub.add_parser("checkpoint", help="check a checkpoint's signature (and co-signatures)")
    p.add_argument("checkpoint", help="checkpoint JSON file, URL, or -")
    p.add_argument("--public-key", required=True, help=key_help)
    p.add_argument("--witness-key", action="append", default=[], help="a trusted witness key")
    p = sub.add_parser("consistency", help="check that a later checkpoint extends an earlier one")
    p.add_argument("first", help="the earlier checkpoint (file or URL)")
    p.add_argument("second", help="the later checkpoint (file or URL)")
    p.add_argument("proof", help="the consistency proof (file or URL)")
    p.add_argument("--public-key", required=True, help=key_help)
    p = sub.add_parser("inclusion", help="check an entry's inclusion proof against a checkpoint")
    p.add_argument("proof", help="the proof JSON (file, URL or -)")
    p.add_argument("--public-key", required=True, help=key_help)
    p = sub.add_parser("witness", help="verify, remember and co-sign the log's latest checkpoint")
    p.add_argument(
        "--log", required=True, help="the log's API base, e.g. https://host/api/v1/ledger"
    )
    p.add_argument("--public-key", required=True, help=key_help)
    p.add_argument("--key", required=True, help="the witness's Ed25519 private key file")
    p.add_argument("--state", required=True, help="file holding the last checkpoint co-signed")
    p.add_argument("--checkpoint", help="take the checkpoint from this file instead of --log")
    p.add_argument("--post", action="store_true", help="send the co-signature to the log")
    args = parser.parse_args(argv)
    handlers = {
        "checkpoint": _cmd_checkpoint,
        "consistency": _cmd_consistency,
        "inclusion": _cmd_inclusion,
        "witness": _cmd_witness,
    }
    try:
        print(handlers[args.command](args))
    except (OSError, json.JSONDecodeError, ProofError, KeyError, TypeError, ValueError) as exc:
        print(f"INVALID: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        return _tree_main(argv)
    parser = argparse.ArgumentParser(description="Verify a SatuPintu ledger inclusion proof.")
    parser.add_argument("proof", help="proof JSON file, or - for standard input")
    parser.add_argument(
        "--public-key", required=True, help="base64 Ed25519 public key, or a file holding it"
    )
    args = parser.parse_args(argv)
    try:
        text = sys.stdin.read() if args.proof == "-" else Path(args.proof).read_text("utf-8")
        proof = json.loads(text)
        key_text = args.public_key
        if Path(key_text).is_file():
            key_text = Path(key_text).read_text("utf-8")
        verify_proof(proof, key_text)
    except (OSError, json.JSONDecodeError, ProofError) as exc:
        print(f"INVALID: {exc}", file=sys.stderr)
        return 1
    entry, seal_id = proof["entry"], proof["seal"]["id"]
    if is_public(proof):
        print(
            f"OK: entry {entry.get('id')} (hash {entry['entry_hash']}) is leaf "
            f"{proof['leaf_index']} of seal {seal_id}. Public proof: the entry's fields are not "
            "disclosed, so only its hash was checked."
        )
    else:
        print(f"OK: entry {entry['id']} is in seal {seal_id}; its fields match its hash.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
