"""The Merkle code against RFC 6962's recursive definitions, written out literally here."""

from __future__ import annotations

import hashlib

import pytest

from satupintu.ledger import verify_proof as vp


def _mth(leaves: list[bytes]) -> bytes:
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return vp.node_hash(_mth(leaves[:k]), _mth(leaves[k:]))


def _path(m: int, leaves: list[bytes]) -> list[bytes]:
    if len(leaves) == 1:
        return []
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    if m < k:
        return [*_path(m, leaves[:k]), _mth(leaves[k:])]
    return [*_path(m - k, leaves[k:]), _mth(leaves[:k])]


def _leaves(n: int) -> list[bytes]:
    return [vp.leaf_hash(hashlib.sha256(str(i).encode()).hexdigest()) for i in range(n)]


@pytest.mark.parametrize("n", [*range(1, 34), 64, 100, 1000])
def test_root_and_every_audit_path_match_rfc6962(n: int) -> None:
    leaves = _leaves(n)
    root = vp.merkle_root(leaves)
    assert root == _mth(leaves)
    for m in range(n) if n <= 100 else range(0, n, 37):
        path = vp.audit_path(leaves, m)
        assert path == _path(m, leaves)
        assert vp.root_from_path(m, n, leaves[m], path) == root


def test_leaf_and_node_hashes_use_distinct_prefixes() -> None:
    a, b = b"\x11" * 32, b"\x22" * 32
    assert vp.node_hash(a, b) == hashlib.sha256(b"\x01" + a + b).digest()
    assert vp.leaf_hash(a.hex()) == hashlib.sha256(b"\x00" + a).digest()
    assert vp.merkle_root([]) == hashlib.sha256(b"").digest()


def test_audit_path_for_wrong_index_or_size_does_not_verify() -> None:
    leaves = _leaves(11)
    root = vp.merkle_root(leaves)
    path = vp.audit_path(leaves, 6)
    assert vp.root_from_path(7, 11, leaves[6], path) != root
    with pytest.raises(vp.ProofError):
        vp.root_from_path(6, 40, leaves[6], path)
    with pytest.raises(vp.ProofError):
        vp.root_from_path(11, 11, leaves[6], path)
