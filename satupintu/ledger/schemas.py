from __future__ import annotations

from typing import Any

from ninja import Schema


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


class ProofOut(Schema):
    format: str
    entry: EntryOut
    leaf_index: int
    leaf_hash: str
    audit_path: list[str]
    seal: SealOut
    public_key: str
