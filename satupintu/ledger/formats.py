"""Turn ledger rows into the dictionaries that `verify_proof` hashes and signs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from satupintu.ledger import verify_proof
from satupintu.ledger.models import Entry, Seal

# Column order used by the fast paths (values_list) in the sealer and the verifier.
ENTRY_COLUMNS = (*verify_proof.ENTRY_FIELDS, "entry_hash")


def iso(moment: dt.datetime) -> str:
    """UTC, microseconds, `Z`: the one spelling of a time inside hashed bytes."""
    if moment.utcoffset() != _ZERO:
        moment = moment.astimezone(dt.UTC)
    # isoformat is several times faster than strftime, which matters at a million entries.
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


_ZERO = dt.timedelta(0)


def entry_dict(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "tx": entry.tx,
        "created_at": iso(entry.created_at),
        "actor_type": entry.actor_type,
        "actor_id": entry.actor_id,
        "action": entry.action,
        "subject_type": entry.subject_type,
        "subject_id": entry.subject_id,
        "data": entry.data,
        "entry_hash": entry.entry_hash,
    }


def entry_row_hash(row: tuple[Any, ...]) -> str:
    """Entry hash recomputed from a values_list row in ENTRY_COLUMNS order."""
    return verify_proof.sha256_hex(
        verify_proof.canonical_json(
            {
                "v": verify_proof.FORMAT_VERSION,
                "id": row[0],
                "tx": row[1],
                "created_at": iso(row[2]),
                "actor_type": row[3],
                "actor_id": row[4],
                "action": row[5],
                "subject_type": row[6],
                "subject_id": row[7],
                "data": row[8],
            }
        )
    )


def seal_dict(seal: Seal) -> dict[str, Any]:
    return {
        "id": seal.id,
        "tx_lo": seal.tx_lo,
        "tx_hi": seal.tx_hi,
        "first_entry_id": seal.first_entry_id,
        "last_entry_id": seal.last_entry_id,
        "size": seal.size,
        "total": seal.total,
        "root": seal.root,
        "prev_seal_hash": seal.prev_seal_hash,
        "key_id": seal.key_id,
        "created_at": iso(seal.created_at),
        "seal_hash": seal.seal_hash,
        "signature": seal.signature,
    }
