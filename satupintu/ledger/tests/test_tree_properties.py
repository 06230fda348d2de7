"""Property tests: RFC 9162 consistency and inclusion proofs hold for random tree sizes, and a
changed leaf breaks them (pure functions of verify_proof; no database)."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from satupintu.ledger import verify_proof as vp


def _leaves(n: int, salt: int = 0) -> list[bytes]:
    return [vp.leaf_hash(hashlib.sha256(f"{salt}:{i}".encode()).hexdigest()) for i in range(n)]


def _root(leaves: list[bytes]) -> bytes:
    return vp.merkle_root(leaves) if leaves else vp.empty_root()


sizes = st.integers(min_value=1, max_value=600).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)
# (first, second, index): a non-empty older tree of `first` leaves and one of its leaves.
sizes_and_old_leaf = st.integers(min_value=1, max_value=600).flatmap(
    lambda n: st.integers(min_value=1, max_value=n).flatmap(
        lambda first: st.tuples(
            st.just(first), st.just(n), st.integers(min_value=0, max_value=first - 1)
        )
    )
)


@settings(max_examples=200, deadline=None)
@given(sizes)
def test_consistency_proof_verifies_for_random_sizes(pair: tuple[int, int]) -> None:
    first, second = pair
    leaves = _leaves(second)
    proof = vp.consistency_path(first, second, vp.list_hasher(leaves))
    vp.verify_consistency(first, second, _root(leaves[:first]), _root(leaves), proof)


@settings(max_examples=200, deadline=None)
@given(sizes_and_old_leaf)
def test_consistency_fails_when_an_old_leaf_changed(case: tuple[int, int, int]) -> None:
    first, second, changed = case
    leaves = _leaves(second)
    rewritten = list(leaves)
    rewritten[changed] = vp.leaf_hash("ab" * 32)
    # The rewritten log, with an honest-looking proof computed over the rewritten leaves.
    proof = vp.consistency_path(first, second, vp.list_hasher(rewritten))
    try:
        vp.verify_consistency(first, second, _root(leaves[:first]), _root(rewritten), proof)
    except vp.ProofError:
        return
    raise AssertionError("a rewritten history passed the consistency check")


@settings(max_examples=200, deadline=None)
@given(sizes_and_old_leaf)
def test_inclusion_proof_verifies_against_any_later_tree(case: tuple[int, int, int]) -> None:
    first, second, index = case
    leaves = _leaves(second)
    for size in (first, second):
        path = vp.inclusion_path(index, size, vp.list_hasher(leaves))
        assert path == vp.audit_path(leaves[:size], index)
        assert vp.root_from_path(index, size, leaves[index], path) == _root(leaves[:size])
