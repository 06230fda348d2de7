"""/api/v1/ledger/...: checkpoints, the public key, inclusion and consistency proofs, entries
by position, a citizen's own case entries, and witness co-signatures.

An inclusion proof is public, but shows an entry's fields (who did what to which case) only to
readers `access.can_read_entry` allows; everyone else gets the entry's hash, position and
Merkle path, which is enough to check it against the published seal.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Status
from ninja.security import django_auth

from satupintu.core.schemas import problems
from satupintu.ledger import selectors, services
from satupintu.ledger.schemas import (
    CaseEntriesOut,
    CheckpointOut,
    ConsistencyOut,
    CosignatureIn,
    CosignatureOut,
    EntryRangeOut,
    ProofOut,
    PublicKeyOut,
    TreeCheckpointOut,
    TreeProofOut,
    WitnessOut,
)

router = Router()


@router.get(
    "/checkpoint",
    response=CheckpointOut,
    operation_id="ledger_checkpoint",
    summary="Latest seal",
)
def ledger_checkpoint(request: HttpRequest) -> dict[str, Any]:
    """The newest signed seal (null before the first one) and the public key that signed it."""
    return selectors.checkpoint()


@router.get(
    "/public-key",
    response=PublicKeyOut,
    operation_id="ledger_public_key",
    summary="Seal signing public key",
)
def ledger_public_key(request: HttpRequest) -> dict[str, str]:
    """The Ed25519 public key (raw 32 bytes in base64, and PEM) that verifies every seal."""
    return selectors.public_key_document()


@router.get(
    "/entries/{entry_id}/proof",
    response={200: ProofOut, **problems(404, 409, 422)},
    operation_id="ledger_entry_proof",
    summary="Inclusion proof of an entry",
)
def ledger_entry_proof(
    request: HttpRequest, entry_id: int = Path(..., ge=1, le=2**63 - 1)
) -> dict[str, Any]:
    """The entry's hash, its RFC 6962 audit path and its signed seal; 409 until it is sealed.

    The entry's fields are included (`disclosure: full`) only for a signed-in reader allowed to
    see them: the case's citizen, officers of its agency (after two-factor), auditors and staff.
    Check it offline with `python -m satupintu.ledger.verify_proof proof.json --public-key KEY`.
    """
    return selectors.proof_for(request.user, entry_id=entry_id)


@router.get(
    "/checkpoints/latest",
    response={200: TreeCheckpointOut, **problems(404)},
    operation_id="ledger_tree_checkpoint_latest",
    summary="Newest signed tree head",
)
def ledger_tree_checkpoint_latest(request: HttpRequest) -> dict[str, Any]:
    """The newest checkpoint over the whole log, with its witnesses' co-signatures."""
    return selectors.checkpoint_document()


@router.get(
    "/checkpoints/{checkpoint_id}",
    response={200: TreeCheckpointOut, **problems(404, 422)},
    operation_id="ledger_tree_checkpoint",
    summary="Signed tree head by id",
)
def ledger_tree_checkpoint(
    request: HttpRequest, checkpoint_id: int = Path(..., ge=1, le=2**63 - 1)
) -> dict[str, Any]:
    """One checkpoint by its number (one per seal, counting from 1)."""
    return selectors.checkpoint_document(checkpoint_id=checkpoint_id)


@router.get(
    "/tree/{tree_size}/checkpoint",
    response={200: TreeCheckpointOut, **problems(404, 422)},
    operation_id="ledger_tree_checkpoint_by_size",
    summary="Signed tree head by tree size",
)
def ledger_tree_checkpoint_by_size(
    request: HttpRequest, tree_size: int = Path(..., ge=1, le=2**63 - 1)
) -> dict[str, Any]:
    """The checkpoint whose tree holds exactly `tree_size` entries."""
    return selectors.checkpoint_document(tree_size=tree_size)


@router.get(
    "/consistency",
    response={200: ConsistencyOut, **problems(400, 404, 422)},
    operation_id="ledger_consistency",
    summary="Consistency proof between two tree sizes",
)
def ledger_consistency(
    request: HttpRequest,
    first: int = Query(..., ge=0, le=2**63 - 1),
    second: int = Query(..., ge=0, le=2**63 - 1),
) -> dict[str, Any]:
    """RFC 9162 proof that the tree of `second` entries extends the tree of `first` entries.

    Check it with `python verify_proof.py consistency old.json new.json proof.json --public-key KEY`.
    """
    return selectors.consistency_proof(first=first, second=second)


@router.get(
    "/tree/entries",
    response={200: EntryRangeOut, **problems(400, 422)},
    operation_id="ledger_tree_entries",
    summary="Sealed entries by position (public form)",
)
def ledger_tree_entries(
    request: HttpRequest,
    start: int = Query(..., ge=0, le=2**63 - 1),
    end: int = Query(..., ge=1, le=2**63 - 1),
) -> dict[str, Any]:
    """Leaves [start, end) of the tree (at most 1000): position, entry id and entry hash only,
    enough to rebuild the tree and recompute every checkpoint's root."""
    return selectors.entries_by_range(start=start, end=end)


@router.get(
    "/entries/{entry_id}/tree-proof",
    response={200: TreeProofOut, **problems(404, 409, 422)},
    operation_id="ledger_entry_tree_proof",
    summary="Inclusion proof of an entry against a checkpoint",
)
def ledger_entry_tree_proof(
    request: HttpRequest,
    entry_id: int = Path(..., ge=1, le=2**63 - 1),
    tree_size: int | None = Query(None, ge=1, le=2**63 - 1),
) -> dict[str, Any]:
    """The entry's RFC 9162 inclusion proof against the checkpoint of `tree_size` (default the
    newest); fields disclosed as for `/proof`. 409 until the entry is sealed."""
    return selectors.tree_inclusion_proof(request.user, entry_id=entry_id, tree_size=tree_size)


@router.get(
    "/cases/{public_id}/entries",
    response={200: CaseEntriesOut, **problems(401, 404)},
    auth=django_auth,
    operation_id="ledger_case_entries",
    summary="Ledger entries of one of my cases",
)
def ledger_case_entries(request: HttpRequest, public_id: str) -> dict[str, Any]:
    """Every entry about the case (the application, its messages and documents) with all its
    fields and its tree position, for whoever may see the case: its citizen, its agency."""
    return selectors.entries_for_case(request.user, case_ref=public_id)


@router.get(
    "/witnesses",
    response=list[WitnessOut],
    operation_id="ledger_witnesses",
    summary="Registered witness keys",
)
def ledger_witnesses(request: HttpRequest) -> list[dict[str, Any]]:
    """The witnesses whose co-signatures this log accepts, with their public keys."""
    return selectors.witness_keys()


@router.post(
    "/cosignatures",
    response={201: CosignatureOut, **problems(400, 403, 404, 409, 422)},
    operation_id="ledger_cosign",
    summary="Send a witness co-signature",
)
def ledger_cosign(request: HttpRequest, body: CosignatureIn) -> Status:
    """A registered witness co-signs a checkpoint: Ed25519 over `cosignature/v1\\ntime <time>\\n`
    and the checkpoint's note. Verified on receipt; no session needed (the key is the proof)."""
    cosignature = services.witness_cosign(
        tree_size=body.tree_size, key_id=body.key_id, time=body.time, signature=body.signature
    )
    return Status(
        201,
        {
            "witness": cosignature.witness.name,
            "key_id": cosignature.witness.key_id,
            "time": cosignature.time,
            "signature": cosignature.signature,
        },
    )
