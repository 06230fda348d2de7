"""The Ed25519 key that signs seals.

Where it comes from, first match wins:
1. `LEDGER_SIGNING_KEY`: base64 of the 32-byte private key (env).
2. `LEDGER_SIGNING_KEY_FILE`: a file holding that base64 text or a PKCS#8 PEM key.
3. Development only (`DEV_DEFAULTS`): `DATA_DIR/ledger_ed25519.key`, generated once (mode 600).
   Under pytest the key is generated in memory per process, so tests never write into the repo.
Otherwise `ImproperlyConfigured` says what to set.
"""

from __future__ import annotations

import base64
import binascii
import functools
import os
import sys
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from satupintu.ledger import verify_proof

DEV_KEY_NAME = "ledger_ed25519.key"


def _from_base64(text: str, source: str) -> Ed25519PrivateKey:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{source} is not valid base64.") from exc
    if len(raw) != 32:
        raise ImproperlyConfigured(
            f"{source} must be base64 of a 32-byte Ed25519 private key (got {len(raw)} bytes)."
        )
    return Ed25519PrivateKey.from_private_bytes(raw)


def _from_file(path: Path) -> Ed25519PrivateKey:
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ImproperlyConfigured(f"LEDGER_SIGNING_KEY_FILE {path} cannot be read: {exc}") from exc
    if content.lstrip().startswith(b"-----BEGIN"):
        key = load_pem_private_key(content, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured(f"{path} does not hold an Ed25519 private key.")
        return key
    return _from_base64(content.decode("ascii", "replace"), f"LEDGER_SIGNING_KEY_FILE {path}")


def _dev_key() -> Ed25519PrivateKey:
    if "pytest" in sys.modules:
        return Ed25519PrivateKey.generate()
    return dev_key_file(Path(settings.DATA_DIR) / DEV_KEY_NAME)


def dev_key_file(path: Path) -> Ed25519PrivateKey:
    """The development key kept at `path`, generated (mode 600) on first use."""
    if path.exists():
        return _from_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    # O_EXCL: two processes starting together must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _from_file(path)
    with os.fdopen(fd, "w") as handle:
        handle.write(base64.b64encode(raw).decode() + "\n")
    return key


@functools.cache
def signing_key() -> Ed25519PrivateKey:
    if settings.LEDGER_SIGNING_KEY:
        return _from_base64(settings.LEDGER_SIGNING_KEY, "LEDGER_SIGNING_KEY")
    if settings.LEDGER_SIGNING_KEY_FILE:
        return _from_file(Path(settings.LEDGER_SIGNING_KEY_FILE))
    if settings.DEV_DEFAULTS:
        return _dev_key()
    raise ImproperlyConfigured(
        "No ledger signing key. Set LEDGER_SIGNING_KEY to base64 of a 32-byte Ed25519 private key "
        "(or LEDGER_SIGNING_KEY_FILE to a file holding it). Generate one with: "
        'python -c "import os, base64; print(base64.b64encode(os.urandom(32)).decode())"'
    )


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def public_key_base64() -> str:
    return base64.b64encode(public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def public_key_pem() -> str:
    return (
        public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode().strip()
    )


def key_id() -> str:
    return verify_proof.key_id(public_key())


def sign(message: bytes) -> str:
    return base64.b64encode(signing_key().sign(message)).decode()


def key_is_configured() -> bool:
    return bool(settings.LEDGER_SIGNING_KEY or settings.LEDGER_SIGNING_KEY_FILE)


@receiver(setting_changed)
def _forget_key(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("LEDGER_SIGNING_KEY") or setting in ("DEV_DEFAULTS", "DATA_DIR"):
        signing_key.cache_clear()
