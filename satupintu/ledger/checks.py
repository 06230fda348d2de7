"""System check: outside development the ledger must have a real signing key."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

from satupintu.ledger import keys


@register()
def signing_key_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if keys.key_is_configured():
        try:
            keys.signing_key()
        except ImproperlyConfigured as exc:
            return [Error(str(exc), id="ledger.E002")]
        return []
    if settings.DEV_DEFAULTS:
        return []
    return [
        Error(
            "No ledger signing key is configured.",
            hint="Set LEDGER_SIGNING_KEY (base64 of a 32-byte Ed25519 private key) or "
            "LEDGER_SIGNING_KEY_FILE.",
            id="ledger.E001",
        )
    ]
