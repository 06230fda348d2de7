"""Reads of the ledger: the latest seal (the checkpoint) and inclusion proofs."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from satupintu.core.errors import Conflict, NotFound
from satupintu.ledger import access, keys, verify_proof
from satupintu.ledger.formats import entry_dict, seal_dict
from satupintu.ledger.models import Entry, Seal


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
    return {
        "seal": seal_dict(seal) if seal else None,
        "entries_sealed": seal.total if seal else 0,
        "public_key": public_key_document(),
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
