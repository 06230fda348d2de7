from __future__ import annotations

import base64
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from django.core.exceptions import ImproperlyConfigured

from satupintu.ledger import keys
from satupintu.ledger.checks import signing_key_check


def _b64_key() -> tuple[str, Ed25519PrivateKey]:
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode(), key


def test_key_from_setting_signs_seals(settings: Any) -> None:
    text, key = _b64_key()
    settings.LEDGER_SIGNING_KEY = text
    raw_public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert keys.public_key_base64() == base64.b64encode(raw_public).decode()


def test_key_from_file_base64_or_pem(settings: Any, tmp_path: Path) -> None:
    text, key = _b64_key()
    path = tmp_path / "k"
    path.write_text(text + "\n")
    settings.LEDGER_SIGNING_KEY_FILE = str(path)
    first = keys.key_id()
    path.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    keys.signing_key.cache_clear()  # same setting value, new file content
    assert keys.key_id() == first


def test_bad_key_is_a_clear_configuration_error(settings: Any) -> None:
    settings.LEDGER_SIGNING_KEY = "not base64!"
    with pytest.raises(ImproperlyConfigured, match="LEDGER_SIGNING_KEY"):
        keys.signing_key()
    settings.LEDGER_SIGNING_KEY = base64.b64encode(b"short").decode()
    with pytest.raises(ImproperlyConfigured, match="32-byte"):
        keys.signing_key()
    assert signing_key_check()[0].id == "ledger.E002"


def test_missing_key_outside_development_is_refused(settings: Any) -> None:
    settings.LEDGER_SIGNING_KEY = ""
    settings.LEDGER_SIGNING_KEY_FILE = ""
    settings.DEV_DEFAULTS = False
    with pytest.raises(ImproperlyConfigured, match="No ledger signing key"):
        keys.signing_key()
    assert [m.id for m in signing_key_check()] == ["ledger.E001"]


def test_development_key_is_generated_once_with_mode_600(tmp_path: Path) -> None:
    path = tmp_path / "var" / keys.DEV_KEY_NAME
    first = keys.dev_key_file(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again = keys.dev_key_file(path)
    assert first.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()) == (
        again.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    )
