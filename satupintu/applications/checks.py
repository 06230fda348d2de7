"""System check: outside development, outputs must be signed with a configured, readable pair."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

from satupintu.applications import signing


@register()
def output_signing_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        signing.signer_for("")
    except ImproperlyConfigured as exc:
        return [
            Error(
                str(exc),
                hint="See docs/operations.md, 'Signing outputs with a BSrE certificate'.",
                id="applications.E001",
            )
        ]
    return []
