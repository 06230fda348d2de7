from __future__ import annotations

from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field


class PublicKeyOut(Schema):
    algorithm: str
    key_id: str
    public_key: str
    pem: str


class SealOut(Schema):
    id: int
    tx_lo: int
    tx_hi: int
    first_entry_id: int
    last_entry_id: int
    size: int
    total: int
    root: str
    prev_seal_hash: str
    key_id: str
    created_at: str
    seal_hash: str
    signature: str


class CheckpointOut(Schema):
    seal: SealOut | None
    entries_sealed: int
    public_key: PublicKeyOut


class EntryOut(Schema):
    id: int
    tx: int
    created_at: str
    actor_type: str
    actor_id: int | None
    action: str
    subject_type: str
    subject_id: str
    data: dict[str, Any]
    entry_hash: str


class EntryHashOut(Schema):
    """What the public sees of an entry: its position and hash, not who did what."""

    id: int
    entry_hash: str


class ProofOut(Schema):
    format: str
    disclosure: Literal["public", "full"] = Field(
        description="public: the entry is only its id and hash; full: every field (for readers "
        "allowed to see the entry: the case's citizen, its agency's officers, auditors)."
    )
    # Tried in order: a full entry first, else the public id and hash.
    entry: Annotated[EntryOut | EntryHashOut, Field(union_mode="left_to_right")]
    leaf_index: int
    leaf_hash: str
    audit_path: list[str]
    seal: SealOut
    public_key: str
