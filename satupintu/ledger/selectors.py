"""Reads of the ledger: seals, checkpoints of the one tree, inclusion and consistency proofs."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from satupintu.core.errors import Conflict, NotFound, ServiceError
from satupintu.ledger import access, keys, tree, verify_proof
from satupintu.ledger.formats import entry_dict, seal_dict
from satupintu.ledger.models import Checkpoint, Entry, Seal, TreeLeaf, WitnessKey


def latest_seal() -> Seal | None:
    return Seal.objects.order_by("-id").first()


def public_key_document() -> dict[str, str]:
    return {
        "algorithm": "Ed25519",
        "key_id": keys.key_id(),
        "public_key": keys.public_key_base64(),
        "pem": keys.public_key_pem(),
    }


def checkpoint() -> dict[str, Any]:
    """The newest seal and the key that signed it: what outsiders pin the operator to."""
    seal = latest_seal()
    tree_head = latest_checkpoint()
    return {
        "seal": seal_dict(seal) if seal else None,
        "entries_sealed": seal.total if seal else 0,
        "public_key": public_key_document(),
        "checkpoint": checkpoint_dict(tree_head) if tree_head else None,
    }


def proof_for(reader: Any, *, entry_id: int) -> dict[str, Any]:
    """The inclusion proof as `reader` may see it: with the entry's fields when
    `access.can_read_entry` allows, else the public proof (hash, position, path, seal)."""
    entry = _entry(entry_id)
    return inclusion_proof(entry_id=entry.id, full=access.can_read_entry(reader, entry))


def _entry(entry_id: int) -> Entry:
    entry = Entry.objects.filter(id=entry_id).first()
    if entry is None:
        raise NotFound(_("Entri buku besar tidak ditemukan."))
    return entry


def inclusion_proof(*, entry_id: int, full: bool = False) -> dict[str, Any]:
    """The RFC 6962 audit path of an entry inside its seal, ready for `verify_proof`.

    `full` includes the entry's fields (for readers allowed to see them); without it the
    entry is only its id and hash, which is enough to check inclusion in the signed seal.
    Raises NotFound for an unknown entry and Conflict while the entry awaits its seal.
    """
    entry = _entry(entry_id)
    seal = Seal.objects.filter(tx_lo__lte=entry.tx, tx_hi__gt=entry.tx).first()
    if seal is None:
        raise Conflict(_("Entri ini belum disegel; coba lagi beberapa detik lagi."))
    hashes = list(
        Entry.objects.filter(tx__gte=seal.tx_lo, tx__lt=seal.tx_hi)
        .order_by("tx", "id")
        .values_list("id", "entry_hash")
    )
    index = next(i for i, (row_id, _hash) in enumerate(hashes) if row_id == entry.id)
    leaves = [verify_proof.leaf_hash(h) for _id, h in hashes]
    return {
        "format": verify_proof.PROOF_FORMAT,
        "disclosure": "full" if full else "public",
        "entry": entry_dict(entry) if full else {"id": entry.id, "entry_hash": entry.entry_hash},
        "leaf_index": index,
        "leaf_hash": leaves[index].hex(),
        "audit_path": [h.hex() for h in verify_proof.audit_path(leaves, index)],
        "seal": seal_dict(seal),
        "public_key": keys.public_key_base64(),
    }


# --- The one tree: checkpoints, consistency and inclusion proofs, entries by range -----------

MAX_RANGE = 1000


def checkpoint_dict(checkpoint: Checkpoint) -> dict[str, Any]:
    """A checkpoint as published: its fields, its signed note and its witnesses' co-signatures."""
    fields = tree.note_fields(checkpoint)
    return {
        "format": verify_proof.CHECKPOINT_FORMAT,
        "id": checkpoint.id,
        **fields,
        "seal_id": checkpoint.seal_id,
        "key_id": checkpoint.key_id,
        "note": verify_proof.checkpoint_note(fields).decode(),
        "signature": checkpoint.signature,
        "cosignatures": [
            {
                "witness": cosignature.witness.name,
                "key_id": cosignature.witness.key_id,
                "time": cosignature.time,
                "signature": cosignature.signature,
            }
            for cosignature in checkpoint.cosignatures.select_related("witness").order_by("id")
        ],
    }


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-id").first()


def checkpoint_document(
    *, checkpoint_id: int | None = None, tree_size: int | None = None
) -> dict[str, Any]:
    """One checkpoint by id or by tree size, else the newest; NotFound if there is none."""
    rows = Checkpoint.objects.all()
    if checkpoint_id is not None:
        rows = rows.filter(id=checkpoint_id)
    if tree_size is not None:
        rows = rows.filter(tree_size=tree_size)
    found = rows.order_by("-id").first()
    if found is None:
        raise NotFound(_("Checkpoint tidak ditemukan."))
    return checkpoint_dict(found)


def consistency_proof(*, first: int, second: int) -> dict[str, Any]:
    """RFC 9162 consistency proof between the trees of `first` and `second` entries."""
    if first > second:
        raise ServiceError(_("Ukuran pertama tidak boleh lebih besar dari yang kedua."))
    current = tree.size()
    if second > current:
        raise NotFound(
            _("Pohon baru memuat %(size)d entri tersegel; ukuran %(asked)d belum ada.")
            % {"size": current, "asked": second}
        )
    path = verify_proof.consistency_path(first, second, tree.Reader().mth)
    return {
        "format": verify_proof.CONSISTENCY_FORMAT,
        "first": first,
        "second": second,
        "proof": [h.hex() for h in path],
    }


def tree_inclusion_proof(
    reader: Any, *, entry_id: int, tree_size: int | None = None
) -> dict[str, Any]:
    """The entry's inclusion proof against the checkpoint of `tree_size` (default: the newest).

    Shows the entry's fields only when `access.can_read_entry` allows, as `proof_for` does.
    Raises NotFound (no such entry or checkpoint), Conflict (the entry is not in the tree yet, or
    not in a tree that small).
    """
    entry = _entry(entry_id)
    leaf = TreeLeaf.objects.filter(entry_id=entry.id).first()
    if leaf is None:
        raise Conflict(_("Entri ini belum disegel; coba lagi beberapa detik lagi."))
    if tree_size is None:
        checkpoint = latest_checkpoint()
    else:
        checkpoint = Checkpoint.objects.filter(tree_size=tree_size).first()
    if checkpoint is None:
        raise NotFound(_("Checkpoint tidak ditemukan."))
    if leaf.index >= checkpoint.tree_size:
        raise Conflict(_("Entri ini disegel setelah checkpoint tersebut; pilih yang lebih baru."))
    path = verify_proof.inclusion_path(leaf.index, checkpoint.tree_size, tree.Reader().mth)
    full = access.can_read_entry(reader, entry)
    return {
        "format": verify_proof.TREE_PROOF_FORMAT,
        "disclosure": "full" if full else "public",
        "entry": entry_dict(entry) if full else {"id": entry.id, "entry_hash": entry.entry_hash},
        "leaf_index": leaf.index,
        "leaf_hash": leaf.leaf_hash,
        "audit_path": [h.hex() for h in path],
        "checkpoint": checkpoint_dict(checkpoint),
    }


def entries_by_range(*, start: int, end: int) -> dict[str, Any]:
    """Leaves [start, end) of the tree in the public form: position, entry id and hash."""
    if end <= start:
        raise ServiceError(_("Akhir rentang harus lebih besar dari awalnya."))
    if end - start > MAX_RANGE:
        raise ServiceError(_("Paling banyak %(n)d entri per permintaan.") % {"n": MAX_RANGE})
    leaves = list(
        TreeLeaf.objects.filter(index__gte=start, index__lt=end)
        .order_by("index")
        .values_list("index", "entry_id")
    )
    hashes = dict(
        Entry.objects.filter(id__in=[entry_id for _i, entry_id in leaves]).values_list(
            "id", "entry_hash"
        )
    )
    return {
        "start": start,
        "end": start + len(leaves),
        "tree_size": tree.size(),
        "entries": [
            {"index": index, "id": entry_id, "entry_hash": hashes.get(entry_id, "")}
            for index, entry_id in leaves
        ],
    }


def entries_for_case(reader: Any, *, case_ref: str) -> dict[str, Any]:
    """Every ledger entry about a case the reader may see, with its fields and tree position.

    The case's app resolves `case_ref` (its public id) to the ledger subjects the reader may
    read through `access.case_subjects`; anything else is NotFound.
    """
    subjects = access.case_subjects(reader, case_ref)
    query = Q(pk__in=[])
    for subject_type, subject_ids in subjects.items():
        query |= Q(subject_type=subject_type, subject_id__in=list(subject_ids))
    entries = [
        e for e in Entry.objects.filter(query).order_by("id") if access.can_read_entry(reader, e)
    ]
    positions = dict(
        TreeLeaf.objects.filter(entry_id__in=[e.id for e in entries]).values_list(
            "entry_id", "index"
        )
    )
    return {
        "entries": [
            {**entry_dict(entry), "leaf_index": positions.get(entry.id)} for entry in entries
        ],
        "tree_size": tree.size(),
    }


def witness_keys() -> list[dict[str, Any]]:
    return [
        {
            "name": w.name,
            "key_id": w.key_id,
            "public_key": w.public_key,
            "contact_url": w.contact_url,
            "active": w.active,
        }
        for w in WitnessKey.objects.order_by("id")
    ]
