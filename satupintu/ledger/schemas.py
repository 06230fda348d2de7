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


class CosignatureOut(Schema):
    witness: str
    key_id: str
    time: int
    signature: str


class TreeCheckpointOut(Schema):
    """A signed tree head over the first `tree_size` sealed entries (RFC 9162 practice)."""

    format: str
    id: int
    origin: str
    tree_size: int
    root_hash: str = Field(description="RFC 9162 root over every sealed entry so far, hex.")
    timestamp: str
    seal_id: int
    key_id: str
    note: str = Field(description="The signed note: origin, size, base64 root, timestamp line.")
    signature: str = Field(description="Ed25519 over `note` with the ledger key, base64.")
    cosignatures: list[CosignatureOut]


class ConsistencyOut(Schema):
    format: str
    first: int
    second: int
    proof: list[str] = Field(description="RFC 9162 section 2.1.4 consistency path, hex.")


class TreeProofOut(Schema):
    format: str
    disclosure: Literal["public", "full"]
    entry: Annotated[EntryOut | EntryHashOut, Field(union_mode="left_to_right")]
    leaf_index: int
    leaf_hash: str
    audit_path: list[str]
    checkpoint: TreeCheckpointOut


class LeafOut(Schema):
    index: int
    id: int
    entry_hash: str


class EntryRangeOut(Schema):
    start: int
    end: int
    tree_size: int
    entries: list[LeafOut]


class CaseEntryOut(EntryOut):
    leaf_index: int | None = Field(description="Position in the tree; null until sealed.")


class CaseEntriesOut(Schema):
    tree_size: int
    entries: list[CaseEntryOut]


class CosignatureIn(Schema):
    tree_size: int = Field(ge=1, le=2**63 - 1)
    key_id: str = Field(min_length=16, max_length=16, pattern="^[0-9a-f]{16}$")
    time: int = Field(ge=0, le=2**62)
    signature: str = Field(min_length=1, max_length=128)


class WitnessOut(Schema):
    name: str
    key_id: str
    public_key: str
    contact_url: str
    active: bool


class CheckpointOut(Schema):
    seal: SealOut | None
    entries_sealed: int
    public_key: PublicKeyOut
    checkpoint: TreeCheckpointOut | None = Field(
        description="The newest signed tree head over the whole log (null before the first seal)."
    )
