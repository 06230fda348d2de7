"""Re-check the whole ledger: every entry hash, Merkle root, chain link and signature.

On its own the check cannot see a ledger cut short: delete the newest seals and their entries
and what is left is a shorter, perfectly consistent ledger. So it can also be held to a
*published checkpoint* (the JSON of /api/v1/ledger/checkpoint that an outsider saved): the
checkpoint's seal must verify under this ledger's key, and this ledger must contain that very
seal (same id, hash, root and totals). Fewer seals or entries, a different root at that seal, or
a signature that does not verify are reported as problems of kind "checkpoint".
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils.translation import gettext as _

from satupintu.ledger import keys, verify_proof
from satupintu.ledger.formats import ENTRY_COLUMNS, entry_row_hash, iso
from satupintu.ledger.models import Checkpoint, Entry, Seal, TreeLeaf

Kind = Literal["entry", "seal", "checkpoint", "tree"]


@dataclass(frozen=True)
class Problem:
    kind: Kind
    id: int
    reason: str

    def __str__(self) -> str:
        label = {
            "entry": _("entri"),
            "seal": _("segel"),
            "checkpoint": _("checkpoint segel"),
            "tree": _("checkpoint pohon"),
        }
        return f"{label[self.kind]} #{self.id}: {self.reason}"


@dataclass
class Report:
    entries: int = 0
    seals: int = 0
    unsealed: int = 0
    problem_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    max_problems: int = 100
    # The published checkpoint's seal id when one was checked; None when none was given.
    checkpoint_seal: int | None = None
    checkpoint_total: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def first(self, kind: Kind) -> Problem | None:
        return next((p for p in self.problems if p.kind == kind), None)

    @property
    def first_bad_entry(self) -> int | None:
        problem = self.first("entry")
        return problem.id if problem else None

    @property
    def first_bad_seal(self) -> int | None:
        problem = self.first("seal")
        return problem.id if problem else None

    def add(self, kind: Kind, item_id: int, reason: str) -> None:
        self.problem_count += 1
        if len(self.problems) < self.max_problems:
            self.problems.append(Problem(kind, item_id, reason))

    def checkpoint_line(self) -> str:
        if self.checkpoint_seal is None:
            return _(
                "Tidak ada checkpoint terbitan yang diberikan: pemotongan (segel dan entri "
                "terbaru dihapus) tidak dapat dideteksi. Berikan --checkpoint FILE atau "
                "--checkpoint-url URL."
            )
        return _("Checkpoint terbitan: segel #%(seal)d dengan %(total)d entri.") % {
            "seal": self.checkpoint_seal,
            "total": self.checkpoint_total,
        }

    def summary(self) -> str:
        if self.ok:
            intact = _(
                "Buku besar utuh: %(entries)d entri, %(seals)d segel, %(unsealed)d belum disegel."
            ) % {"entries": self.entries, "seals": self.seals, "unsealed": self.unsealed}
            if self.checkpoint_seal is not None:
                intact += " " + _("Memuat checkpoint terbitan (segel #%(seal)d).") % {
                    "seal": self.checkpoint_seal
                }
            return intact
        lines = [
            _("Buku besar RUSAK: %(count)d masalah.") % {"count": self.problem_count},
        ]
        for kind, label in (
            ("checkpoint", _("Tidak cocok dengan checkpoint terbitan")),
            ("entry", _("Entri rusak pertama")),
            ("seal", _("Segel rusak pertama")),
            ("tree", _("Checkpoint pohon rusak pertama")),
        ):
            problem = self.first(kind)  # type: ignore[arg-type]
            if problem:
                lines.append(f"{label}: #{problem.id} ({problem.reason})")
        lines += [f"  - {problem}" for problem in self.problems]
        if self.problem_count > len(self.problems):
            lines.append(_("  ... dan %(n)d lagi") % {"n": self.problem_count - len(self.problems)})
        return "\n".join(lines)


class _Peekable:
    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self._rows = rows
        self._head: tuple[Any, ...] | None = None
        self._done = False

    def peek(self) -> tuple[Any, ...] | None:
        if self._head is None and not self._done:
            self._head = next(self._rows, None)
            self._done = self._head is None
        return self._head

    def take(self) -> tuple[Any, ...]:
        row = self.peek()
        assert row is not None
        self._head = None
        return row


class CheckpointError(ValueError):
    """The given checkpoint is not a checkpoint document; the message says why."""


def checkpoint_seal(document: Any) -> Mapping[str, Any] | None:
    """The seal of a published checkpoint: the /api/v1/ledger/checkpoint JSON or a bare seal.

    None for a checkpoint published before the first seal. Raises CheckpointError otherwise.
    """
    if not isinstance(document, Mapping):
        raise CheckpointError(_("checkpoint harus berupa objek JSON"))
    seal = document.get("seal", document)
    if seal is None:
        return None
    names = (*verify_proof.SEAL_FIELDS, "seal_hash", "signature")
    if not isinstance(seal, Mapping) or any(name not in seal for name in names):
        raise CheckpointError(_("checkpoint tidak memuat segel yang lengkap"))
    if not isinstance(seal["id"], int) or not isinstance(seal["total"], int):
        raise CheckpointError(_("nomor dan total segel pada checkpoint harus bilangan bulat"))
    return seal


def _check_checkpoint(seal: Mapping[str, Any], report: Report, key: Ed25519PublicKey) -> None:
    seal_id, total = int(seal["id"]), int(seal["total"])
    report.checkpoint_seal, report.checkpoint_total = seal_id, total
    try:
        verify_proof.verify_seal_signature(seal, key)
    except verify_proof.ProofError:
        report.add(
            "checkpoint",
            seal_id,
            _("tanda tangan checkpoint tidak sah dengan kunci buku besar ini"),
        )
        return
    local = Seal.objects.filter(id=seal_id).first()
    if local is None:
        newest = Seal.objects.order_by("-id").first()
        report.add(
            "checkpoint",
            seal_id,
            _(
                "buku besar ini lebih pendek dari checkpoint terbitan: segel terakhirnya #%(last)d "
                "dengan %(local)d entri, checkpoint segel #%(seal)d dengan %(total)d entri "
                "(segel dan entri terbaru dihapus)"
            )
            % {
                "last": newest.id if newest else 0,
                "local": newest.total if newest else 0,
                "seal": seal_id,
                "total": total,
            },
        )
        return
    if (local.root, local.total, local.size) != (seal["root"], total, seal["size"]):
        report.add(
            "checkpoint",
            seal_id,
            _("akar Merkle atau jumlah entri segel ini berbeda dari checkpoint terbitan"),
        )
    elif local.seal_hash != seal["seal_hash"]:
        report.add("checkpoint", seal_id, _("hash segel ini berbeda dari checkpoint terbitan"))


def verify_ledger(
    *,
    public_key: Ed25519PublicKey | None = None,
    progress: Callable[[int], object] | None = None,
    chunk_size: int = 10_000,
    max_problems: int = 100,
    checkpoint: Mapping[str, Any] | None = None,
) -> Report:
    """Check every entry and seal; the report lists what is wrong, first problems first.

    Entries are streamed in (tx, id) order, the order seals cover them. Only seals that exist
    when the check starts are used, so writers and the sealer may keep running meanwhile.
    `checkpoint` is a published checkpoint (see `checkpoint_seal`) the ledger must contain.
    """
    key = public_key or keys.public_key()
    expected_key_id = verify_proof.key_id(key)
    report = Report(max_problems=max_problems)
    if checkpoint is not None:
        published = checkpoint_seal(checkpoint)
        if published is None:
            report.checkpoint_seal = 0  # published before the first seal: nothing to hold to
        else:
            _check_checkpoint(published, report, key)
    last_seal_id = Seal.objects.order_by("-id").values_list("id", flat=True).first() or 0
    seals = Seal.objects.filter(id__lte=last_seal_id).order_by("id").iterator(chunk_size=1000)
    rows = _Peekable(
        Entry.objects.order_by("tx", "id").values_list(*ENTRY_COLUMNS).iterator(chunk_size)
    )
    pending_progress = 0
    tree_heads = _Peekable(
        Checkpoint.objects.order_by("seal_id")
        .values_list(
            "id", "seal_id", "tree_size", "root_hash", "origin", "key_id", "signature", "created_at"
        )
        .iterator(chunk_size=1000)
    )
    stored_leaves = _Peekable(
        TreeLeaf.objects.order_by("index")
        .values_list("index", "entry_id", "leaf_hash")
        .iterator(chunk_size)
    )
    frontier = _Frontier()

    def check_entry(row: tuple[Any, ...]) -> None:
        nonlocal pending_progress
        report.entries += 1
        if entry_row_hash(row) != row[9]:
            report.add("entry", row[0], _("hash entri tidak cocok dengan isinya"))
        pending_progress += 1
        if progress and pending_progress >= 10_000:
            progress(pending_progress)
            pending_progress = 0

    prev_hash, expected_id, expected_lo, total = verify_proof.GENESIS_HASH, 1, 0, 0
    for seal in seals:
        report.seals += 1
        _check_seal_body(seal, report, key, expected_key_id, prev_hash, expected_id, expected_lo)
        leaves: list[bytes] = []
        leaf_ids: list[int] = []
        first_id = last_id = None
        while (row := rows.peek()) is not None and row[1] < seal.tx_hi:
            rows.take()
            check_entry(row)
            if row[1] < seal.tx_lo:
                report.add("entry", row[0], _("tidak tercakup segel mana pun"))
            leaves.append(verify_proof.leaf_hash(_hex64(row[9])))
            leaf_ids.append(row[0])
            first_id = row[0] if first_id is None else min(first_id, row[0])
            last_id = row[0] if last_id is None else max(last_id, row[0])
        if len(leaves) != seal.size:
            report.add(
                "seal",
                seal.id,
                _(
                    "mencakup %(found)d entri, tercatat %(size)d (entri dihapus, disisipkan, atau dipindah)"
                )
                % {"found": len(leaves), "size": seal.size},
            )
        elif verify_proof.merkle_root(leaves).hex() != seal.root:
            report.add("seal", seal.id, _("akar Merkle tidak cocok dengan entrinya"))
        if leaves and (first_id, last_id) != (seal.first_entry_id, seal.last_entry_id):
            report.add("seal", seal.id, _("ID entri pertama/terakhir tidak cocok"))
        total += len(leaves)
        if seal.total != total:
            report.add("seal", seal.id, _("total entri tidak cocok"))
        _check_tree(
            seal,
            leaf_ids,
            leaves,
            frontier,
            stored_leaves,
            tree_heads,
            report,
            key,
        )
        # Carry on from what the seal says, so one broken seal does not flag all later ones.
        prev_hash, expected_id, expected_lo, total = (
            seal.seal_hash,
            seal.id + 1,
            seal.tx_hi,
            seal.total,
        )
    while rows.peek() is not None:
        check_entry(rows.take())
        report.unsealed += 1
    if progress and pending_progress:
        progress(pending_progress)
    return report


class _Frontier:
    """The one tree's complete subtrees so far (RFC 9162 roots at any size, O(log n) memory)."""

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[tuple[int, bytes]] = []

    def push(self, leaf: bytes) -> None:
        self.size += 1
        self._stack.append((1, leaf))
        while len(self._stack) > 1 and self._stack[-1][0] == self._stack[-2][0]:
            (width, right), (_w, left) = self._stack.pop(), self._stack.pop()
            self._stack.append((width * 2, verify_proof.node_hash(left, right)))

    def root(self) -> bytes:
        if not self._stack:
            return verify_proof.empty_root()
        result = self._stack[-1][1]
        for _width, value in reversed(self._stack[:-1]):
            result = verify_proof.node_hash(value, result)
        return result


def _check_tree(
    seal: Seal,
    leaf_ids: list[int],
    leaves: list[bytes],
    frontier: _Frontier,
    stored_leaves: _Peekable,
    tree_heads: _Peekable,
    report: Report,
    key: Ed25519PublicKey,
) -> None:
    """The stored tree holds this seal's entries in order, and its checkpoint signs the root
    recomputed from the entries themselves."""
    for entry_id, leaf in zip(leaf_ids, leaves, strict=True):
        index = frontier.size
        frontier.push(leaf)
        stored = stored_leaves.peek()
        if stored is None:
            continue  # the tree has not caught up with this seal yet (reported below)
        stored_leaves.take()
        if stored[0] != index or stored[1] != entry_id or stored[2] != leaf.hex():
            report.add(
                "tree", index, _("daun pohon tidak cocok dengan entri #%(id)d") % {"id": entry_id}
            )
    while (head := tree_heads.peek()) is not None and head[1] < seal.id:
        tree_heads.take()
        report.add("tree", head[0], _("checkpoint menunjuk segel yang tidak ada"))
    head = tree_heads.peek()
    if head is None or head[1] != seal.id:
        report.add("tree", seal.id, _("segel ini belum punya checkpoint pohon"))
        return
    tree_heads.take()
    checkpoint_id, _seal_id, tree_size, root_hash, origin, key_id, signature, created_at = head
    if tree_size != frontier.size or root_hash != frontier.root().hex():
        report.add("tree", checkpoint_id, _("akar pohon tidak cocok dengan entri yang disegel"))
    document = {
        "origin": origin,
        "tree_size": tree_size,
        "root_hash": root_hash,
        "timestamp": iso(created_at),
        "key_id": key_id,
        "signature": signature,
    }
    try:
        verify_proof.verify_checkpoint_signature(document, key)
    except verify_proof.ProofError:
        report.add("tree", checkpoint_id, _("tanda tangan checkpoint pohon tidak sah"))


def _hex64(value: str) -> str:
    # A mangled stored hash must be reported, not crash the check.
    try:
        if len(value) == 64:
            bytes.fromhex(value)
            return value
    except (TypeError, ValueError):
        pass
    return "00" * 32


def _check_seal_body(
    seal: Seal,
    report: Report,
    key: Ed25519PublicKey,
    expected_key_id: str,
    prev_hash: str,
    expected_id: int,
    expected_lo: int,
) -> None:
    if seal.id != expected_id:
        report.add("seal", seal.id, _("segel #%(n)d hilang atau urutan rusak") % {"n": expected_id})
    if seal.tx_lo != expected_lo or seal.tx_hi <= seal.tx_lo:
        report.add("seal", seal.id, _("rentang tidak bersambung dengan segel sebelumnya"))
    if seal.prev_seal_hash != prev_hash:
        report.add("seal", seal.id, _("tidak menunjuk ke hash segel sebelumnya"))
    body = verify_proof.seal_body(
        {name: getattr(seal, name) for name in verify_proof.SEAL_FIELDS}
        | {"created_at": iso(seal.created_at)}
    )
    if verify_proof.sha256_hex(body) != seal.seal_hash:
        report.add("seal", seal.id, _("hash segel tidak cocok dengan isinya"))
    if seal.key_id != expected_key_id:
        report.add("seal", seal.id, _("ditandatangani kunci lain (%(key)s)") % {"key": seal.key_id})
        return
    try:
        key.verify(base64.b64decode(seal.signature, validate=True), body)
    except (InvalidSignature, binascii.Error, ValueError):
        report.add("seal", seal.id, _("tanda tangan tidak sah"))
