"""GET /api/v1/ledger/...: the published checkpoint, the public key and inclusion proofs.

An inclusion proof is public, but shows an entry's fields (who did what to which case) only to
readers `access.can_read_entry` allows; everyone else gets the entry's hash, position and
Merkle path, which is enough to check it against the published seal.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Router

from satupintu.core.schemas import Problem
from satupintu.ledger import selectors
from satupintu.ledger.schemas import CheckpointOut, ProofOut, PublicKeyOut

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
    response={200: ProofOut, 404: Problem, 409: Problem, 422: Problem},
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
