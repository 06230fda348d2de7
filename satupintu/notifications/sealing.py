"""Free text in a message's context (an officer's note, a rejection reason) sealed at rest.

The outbox keeps a message's context until it is delivered and then under retention. Most of it
is ids and labels, but an officer's note can quote personal data ("NIK pada KK berbeda:
3204…"), so those keys are encrypted like any other personal field and opened only to render the
message at send time.
"""

from __future__ import annotations

from typing import Any

from satupintu.core.crypto import FieldCryptoError, decrypt, encrypt, is_token

SEALED_KEYS = frozenset({"note", "reason"})
_CONTEXT = "notifications.message.context"


def seal(context: dict[str, Any]) -> dict[str, Any]:
    """The context as stored: every free-text value under a sealed key encrypted."""
    sealed = dict(context)
    for key in SEALED_KEYS & sealed.keys():
        value = sealed[key]
        if isinstance(value, str) and value:
            sealed[key] = encrypt(value, context=_CONTEXT)
    return sealed


def unseal(context: dict[str, Any]) -> dict[str, Any]:
    """The context to render with: sealed values opened (clear ones from older rows kept)."""
    opened = dict(context)
    for key in SEALED_KEYS & opened.keys():
        value = opened[key]
        if isinstance(value, str) and is_token(value):
            try:
                opened[key] = decrypt(value, context=_CONTEXT)
            except FieldCryptoError:
                # Not one of ours after all (text from before sealing that merely looks like a
                # token): render it as it stands.
                continue
    return opened
