"""One growing Merkle tree over the whole log, its checkpoints and proofs (RFC 9162).

Seals stay as they are (signed batches chained by hash). On top of them the sealer keeps ONE
tree: leaf i is the i-th sealed entry, seal by seal, each seal's entries in (tx, id) order, so
the tree at size `seal.total` holds exactly the entries of seals 1..seal.id. Every seal gets a
checkpoint (signed tree head) over the whole tree at that size, signed in the seal's own
transaction under the sealer's lock. `record()` never touches the tree, so writers still do not
wait on one another.

Storage: `TreeLeaf` holds the leaf hashes in order; `TreeNode` caches complete subtrees of
2**level leaves for level >= CACHE_LEVEL. Every node of an RFC 9162 proof is the hash of a range
[start, end) that splits into aligned complete subtrees, so a proof over a million entries reads
about 2 * log2(n) cache rows and at most a few hundred leaves.

Catch-up: seals made before the tree existed (or by a sealer that died between writing a seal
and its checkpoint, which cannot happen inside one transaction but costs nothing to cover) are
added to the tree by `catch_up()`, which the sealer runs first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from satupintu.ledger import keys, verify_proof
from satupintu.ledger.formats import iso
from satupintu.ledger.models import Checkpoint, Entry, Seal, TreeLeaf, TreeNode

CACHE_LEVEL = 8  # subtrees of 256 leaves and up are cached


class TreeInconsistent(RuntimeError):
    """The stored tree does not line up with the seals: an operator must look (verify_ledger)."""


def size() -> int:
    """How many leaves the tree holds (the newest checkpoint's size)."""
    top = TreeLeaf.objects.aggregate(top=Max("index"))["top"]
    return 0 if top is None else int(top) + 1


class Reader:
    """Subtree hashes from the stored tree, remembering what it has read (one per request)."""

    def __init__(self) -> None:
        self._nodes: dict[tuple[int, int], bytes] = {}

    def leaves(self, start: int, end: int) -> list[bytes]:
        rows = TreeLeaf.objects.filter(index__gte=start, index__lt=end).order_by("index")
        hashes = [bytes.fromhex(h) for h in rows.values_list("leaf_hash", flat=True)]
        if len(hashes) != end - start:
            raise TreeInconsistent(f"leaves {start}..{end} are not all stored")
        return hashes

    def _node(self, level: int, index: int) -> bytes | None:
        key = (level, index)
        if key not in self._nodes:
            row = TreeNode.objects.filter(level=level, index=index).values_list("hash", flat=True)
            found = row.first()
            if found is None:
                return None
            self._nodes[key] = bytes.fromhex(found)
        return self._nodes[key]

    def mth(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) for the ranges RFC 9162 proofs ask for."""
        n = end - start
        if n <= 0:
            return verify_proof.empty_root()
        if n <= 1 << CACHE_LEVEL:
            return verify_proof.merkle_root(self.leaves(start, end))
        if n & (n - 1) == 0 and start % n == 0:
            level = n.bit_length() - 1
            cached = self._node(level, start >> level)
            if cached is not None:
                return cached
        k = verify_proof.largest_power_of_two_below(n)
        return verify_proof.node_hash(self.mth(start, start + k), self.mth(start + k, end))

    def remember(self, level: int, index: int, value: bytes) -> None:
        self._nodes[(level, index)] = value


def _append(reader: Reader, first_index: int, batch: Sequence[tuple[int, str]]) -> int:
    """Add leaves for (entry_id, entry_hash) pairs at `first_index` on; fill the node cache."""
    TreeLeaf.objects.bulk_create(
        [
            TreeLeaf(
                index=first_index + i,
                entry_id=entry_id,
                leaf_hash=verify_proof.leaf_hash(entry_hash).hex(),
            )
            for i, (entry_id, entry_hash) in enumerate(batch)
        ],
        batch_size=2000,
    )
    old, new = first_index, first_index + len(batch)
    level = CACHE_LEVEL
    while (1 << level) <= new:
        width = 1 << level
        nodes = []
        # Subtrees at this level that became complete: those ending in (old, new].
        for index in range(old // width, new // width):
            value = reader.mth(index * width, (index + 1) * width)
            reader.remember(level, index, value)
            nodes.append(TreeNode(level=level, index=index, hash=value.hex()))
        TreeNode.objects.bulk_create(nodes)
        level += 1
    return new


def _sign(checkpoint: Checkpoint) -> None:
    checkpoint.signature = keys.sign(verify_proof.checkpoint_note(note_fields(checkpoint)))


def note_fields(checkpoint: Checkpoint) -> dict[str, Any]:
    return {
        "origin": checkpoint.origin,
        "tree_size": checkpoint.tree_size,
        "root_hash": checkpoint.root_hash,
        "timestamp": iso(checkpoint.created_at),
    }


def catch_up() -> list[Checkpoint]:
    """Add every seal not yet in the tree, in order, each with its checkpoint.

    Runs inside the sealer's transaction (which holds the sealing lock), right after a seal is
    written, and once on its own before sealing so seals from before the tree are covered.
    """
    reader = Reader()
    current = size()
    made: list[Checkpoint] = []
    last = Checkpoint.objects.order_by("-id").first()
    key_id = keys.key_id()
    for seal in Seal.objects.filter(total__gt=current).order_by("id"):
        if seal.total - seal.size != current:
            raise TreeInconsistent(
                f"seal {seal.id} starts at entry {seal.total - seal.size}, the tree has {current}"
            )
        batch = list(
            Entry.objects.filter(tx__gte=seal.tx_lo, tx__lt=seal.tx_hi)
            .order_by("tx", "id")
            .values_list("id", "entry_hash")
        )
        if len(batch) != seal.size:
            raise TreeInconsistent(f"seal {seal.id} covers {len(batch)} entries, not {seal.size}")
        current = _append(reader, current, batch)
        checkpoint = Checkpoint(
            id=(last.id + 1) if last else 1,
            tree_size=current,
            root_hash=reader.mth(0, current).hex(),
            seal_id=seal.id,
            origin=verify_proof.checkpoint_origin(key_id),
            key_id=key_id,
            created_at=timezone.now(),
        )
        _sign(checkpoint)
        checkpoint.save(force_insert=True)
        made.append(checkpoint)
        last = checkpoint
    return made


def catch_up_locked() -> list[Checkpoint]:
    """`catch_up` in a transaction of its own, holding the sealer's lock."""
    from satupintu.ledger.services import SEAL_LOCK_KEY

    with transaction.atomic():
        connection = transaction.get_connection()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK_KEY])
        return catch_up()
