"""The tamper-evident audit ledger. Services call `ledger.record(...)` on every state change.

`from satupintu import ledger; ledger.record(actor, "app.noun.verb", subject, {"x": ...})`.
Personal data and free text enter an entry only as `ledger.keyed_digest(value)`; the plain
`ledger.digest(value)` is for values that are not personal (anyone can recompute it).
The design is described in `satupintu.ledger.services`. This module stays free of Django
imports so that `python -m satupintu.ledger.verify_proof` works without Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from satupintu.ledger.models import Entry
    from satupintu.ledger.services import Actor, Subject


def record(
    actor: Actor,
    action: str,
    subject: Subject = None,
    data: Mapping[str, Any] | None = None,
) -> Entry:
    """Append a ledger entry in the caller's transaction; see `services.record`."""
    from satupintu.ledger.services import record as _record

    return _record(actor, action, subject, data)


def digest(value: Any) -> str:
    """SHA-256 hex of `value`'s canonical JSON, for bulky values that are NOT personal."""
    from satupintu.ledger.verify_proof import canonical_json, sha256_hex

    return sha256_hex(canonical_json(value))


def keyed_digest(value: Any) -> str:
    """HMAC-SHA256 of `value` under the ledger digest key: how personal data or free text
    (a NIK, answers, a message body, a note, a reason) enters the ledger; see
    `services.keyed_digest`."""
    from satupintu.ledger.services import keyed_digest as _keyed_digest

    return _keyed_digest(value)
