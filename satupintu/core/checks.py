"""System checks for settings that must be right before SatuPintu handles personal data, and
for the shared pieces (cache, mail) whose development stand-ins must not reach production."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.checks import Warning as CheckWarning
from django.core.exceptions import ImproperlyConfigured

from satupintu.core.crypto import missing_key_settings, parse_encryption_keys, parse_hash_key
from satupintu.core.mail import DEVELOPMENT_BACKENDS


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
    raw_hash = settings.FIELD_HASH_KEY.strip()
    parsers: tuple[tuple[str, Callable[[str], object], str], ...] = (
        (raw_keys, parse_encryption_keys, "core.E002"),
        (raw_hash, parse_hash_key, "core.E003"),
    )
    for raw, parse, check_id in parsers:
        if raw:
            try:
                parse(raw)
            except ImproperlyConfigured as exc:
                messages.append(Error(str(exc), id=check_id))
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


# Caches whose counters live in one process: a throttle on them allows its limit per worker.
PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches)
def check_shared_cache(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Throttles count in the default cache: it must be shared by every process."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PROCESS_LOCAL_CACHES:
        return [
            Error(
                f"The default cache ({backend}) lives in one process: sign-in, sign-up and "
                "status-check limits would count per worker.",
                hint="Use satupintu.core.cache.DatabaseCache (the default) or set REDIS_URL.",
                id="core.E010",
            )
        ]
    return []


@register(Tags.security)
def check_mail_backend(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Outside development, mail must really be sent, not printed to a console or a file."""
    if settings.DEBUG or settings.DEV_DEFAULTS:
        return []
    if settings.EMAIL_BACKEND in DEVELOPMENT_BACKENDS:
        return [
            Error(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, a development backend: contact codes "
                "and reset links would be printed or filed instead of sent.",
                hint="Set EMAIL_URL=smtp://user:pass@host:port.",
                id="core.E011",
            )
        ]
    return []
