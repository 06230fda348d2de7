"""System checks for settings that must be right before SatuPintu handles personal data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.checks import Warning as CheckWarning
from django.core.exceptions import ImproperlyConfigured

from satupintu.core.crypto import missing_key_settings, parse_encryption_keys, parse_hash_key


@register(Tags.security, deploy=False)
def check_field_keys(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Field-encryption keys: present outside development, and well formed whenever set."""
    messages: list[CheckMessage] = []
    missing = missing_key_settings()
    if missing and not settings.DEV_DEFAULTS:
        messages.append(
            Error(
                f"{', '.join(missing)} not set: personal data cannot be encrypted.",
                hint="Run `manage.py generate_keys` and put the values in the environment "
                "(keep a copy apart from the database backups).",
                id="core.E001",
            )
        )
    raw_keys = settings.FIELD_ENCRYPTION_KEYS.strip()
    if raw_keys:
        try:
            parse_encryption_keys(raw_keys)
        except ImproperlyConfigured as exc:
            messages.append(Error(str(exc), id="core.E002"))
    raw_hash = settings.FIELD_HASH_KEY.strip()
    if raw_hash:
        try:
            parse_hash_key(raw_hash)
        except ImproperlyConfigured as exc:
            messages.append(Error(str(exc), id="core.E003"))
    if raw_keys and raw_hash and _shares_key_material(raw_keys, raw_hash):
        messages.append(
            CheckWarning(
                "FIELD_HASH_KEY is the same as an encryption key; use independent keys.",
                id="core.W001",
            )
        )
    return messages


def _shares_key_material(raw_keys: str, raw_hash: str) -> bool:
    try:
        keys = parse_encryption_keys(raw_keys)
        hash_key = parse_hash_key(raw_hash)
    except ImproperlyConfigured:
        return False
    return hash_key in keys.values()
