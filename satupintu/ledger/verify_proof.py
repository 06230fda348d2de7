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
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sys
from collections.abc import Mapping, Sequence
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


def main(argv: Sequence[str] | None = None) -> int:
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
