"""Encryption of personal data at rest, and the keyed hash that lets us find it again.

Values are sealed with AES-256-GCM under a random 96-bit nonce. The column the value belongs to
("accounts.User.nik") is bound in as associated data, so a token copied into another column or
another table does not decrypt. Tokens name the key that sealed them::

    v1:<key id>:<urlsafe base64 of nonce + ciphertext + tag>

so a key ring can hold old keys for reading while the first key seals everything new, and
``manage.py rotate_field_keys`` can find what still needs re-sealing.

Encrypted values cannot be searched, so each searchable field also stores a blind index: an
HMAC-SHA256 of the normalised value under a separate key, namespaced by the same context, so
equal NIKs give equal indexes within one column and nothing comparable across columns.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

TOKEN_VERSION = "v1"  # noqa: S105 - a format tag, not a secret
NONCE_BYTES = 12
KEY_BYTES = 32
INDEX_HEX_CHARS = 32
DEV_KEY_ID = "dev"

Kind = Literal["nik", "phone", "text"]
KINDS: tuple[str, ...] = ("nik", "phone", "text")

_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_SEPARATORS = re.compile(r"[\s.\-/()]+")


class FieldCryptoError(Exception):
    """A token could not be opened. The message never contains the token or the value."""


class UnknownKeyError(FieldCryptoError):
    """The token was sealed with a key that is not in FIELD_ENCRYPTION_KEYS any more."""


# --- Normalisation -------------------------------------------------------------------------------


def normalize(value: str, kind: Kind = "text") -> str:
    """The canonical form of an identifier: what is stored, indexed and compared.

    NIK: digits only, so "3204.0101 0101-0003" and "3204010101010003" are the same person.
    phone: Indonesian mobile numbers as 08…, whether typed +62 8…, 62 8…, 08… or 8….
    text: Unicode NFKC, trimmed, inner whitespace collapsed, case-folded (for the blind index
    only: encrypted fields store free text exactly as typed).
    """
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if kind == "nik":
        return _SEPARATORS.sub("", text)
    if kind == "phone":
        compact = _SEPARATORS.sub("", text)
        if compact.startswith("+62"):
            compact = "0" + compact[3:]
        elif compact.startswith("62") and compact[2:3] == "8":
            compact = "0" + compact[2:]
        elif compact.startswith("8") and compact.isdigit():
            compact = "0" + compact
        return compact
    return " ".join(text.split()).casefold()


# --- Keys ----------------------------------------------------------------------------------------


def _b64decode(raw: str, *, what: str) -> bytes:
    padded = raw.strip() + "=" * (-len(raw.strip()) % 4)
    try:
        return base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{what} is not valid base64.") from exc


def parse_encryption_keys(raw: str) -> dict[str, bytes]:
    """Parse "id:base64key,id2:base64key" into an ordered mapping; the first key seals."""
    keys: dict[str, bytes] = {}
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        key_id, sep, encoded = part.partition(":")
        key_id = key_id.strip()
        if not sep or not _KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                "FIELD_ENCRYPTION_KEYS must look like 'id:base64key,id2:base64key' with ids of "
                "letters, digits, '-' or '_' (at most 32)."
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS names key {key_id!r} twice.")
        key = _b64decode(encoded, what=f"FIELD_ENCRYPTION_KEYS key {key_id!r}")
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS key {key_id!r} must be {KEY_BYTES} bytes "
                f"(base64 of {KEY_BYTES} random bytes); it is {len(key)}."
            )
        keys[key_id] = key
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS holds no key.")
    return keys


def parse_hash_key(raw: str) -> bytes:
    key = _b64decode(raw, what="FIELD_HASH_KEY")
    if len(key) < KEY_BYTES:
        raise ImproperlyConfigured(
            f"FIELD_HASH_KEY must be at least {KEY_BYTES} bytes (base64 of {KEY_BYTES} random "
            "bytes)."
        )
    return key


def _derive_dev_key(secret: str, purpose: str) -> bytes:
    # DEVELOPMENT ONLY: lets a fresh checkout run without configuring keys. Anyone holding the
    # SECRET_KEY can derive these, so outside DEV_DEFAULTS the keys must be configured explicitly
    # (enforced by the system check in satupintu.core.checks and by KeyRing.from_settings).
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=b"satupintu dev-only field keys",
        info=f"satupintu:dev-only:{purpose}".encode(),
    )
    return hkdf.derive(secret.encode())


def missing_key_settings() -> list[str]:
    """Names of the key settings that are empty (used by the system check)."""
    values = {
        "FIELD_ENCRYPTION_KEYS": settings.FIELD_ENCRYPTION_KEYS,
        "FIELD_HASH_KEY": settings.FIELD_HASH_KEY,
    }
    return [name for name, value in values.items() if not value.strip()]


@dataclass(frozen=True)
class KeyRing:
    """The encryption keys (first one seals, all open) and the blind-index key."""

    keys: Mapping[str, bytes]
    hash_key: bytes
    dev_only: bool = False
    _ciphers: dict[str, AESGCM] = field(default_factory=dict, repr=False, compare=False)

    def __repr__(self) -> str:
        # Never show key material, even in a debug page's local variables.
        return f"KeyRing(key_ids={list(self.keys)!r}, dev_only={self.dev_only})"

    @classmethod
    def from_settings(cls) -> KeyRing:
        raw_keys = settings.FIELD_ENCRYPTION_KEYS.strip()
        raw_hash = settings.FIELD_HASH_KEY.strip()
        dev_defaults = settings.DEV_DEFAULTS
        if (not raw_keys or not raw_hash) and not dev_defaults:
            raise ImproperlyConfigured(
                f"{' and '.join(missing_key_settings())} must be set outside development. "
                "Run `manage.py generate_keys` and put the values in the environment."
            )
        if raw_keys:
            keys = parse_encryption_keys(raw_keys)
        else:
            keys = {DEV_KEY_ID: _derive_dev_key(settings.SECRET_KEY, "field-encryption")}
        hash_key = (
            parse_hash_key(raw_hash)
            if raw_hash
            else _derive_dev_key(settings.SECRET_KEY, "blind-index")
        )
        return cls(keys=keys, hash_key=hash_key, dev_only=not (raw_keys and raw_hash))

    @property
    def current_key_id(self) -> str:
        return next(iter(self.keys))

    def _cipher(self, key_id: str) -> AESGCM:
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            cipher = self._ciphers[key_id] = AESGCM(self.keys[key_id])
        return cipher

    def encrypt(self, plaintext: str, *, context: str) -> str:
        key_id = self.current_key_id
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._cipher(key_id).encrypt(nonce, plaintext.encode(), context.encode())
        body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
        return f"{TOKEN_VERSION}:{key_id}:{body}"

    def decrypt(self, token: str, *, context: str) -> str:
        key_id, blob = _split_token(token)
        if key_id not in self.keys:
            raise UnknownKeyError(
                f"Encrypted value for {context} was sealed with key {key_id!r}, which is not in "
                "FIELD_ENCRYPTION_KEYS."
            )
        nonce, sealed = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
        try:
            plain = self._cipher(key_id).decrypt(nonce, sealed, context.encode())
        except InvalidTag as exc:
            raise FieldCryptoError(
                f"Encrypted value for {context} does not open: it was altered, belongs to "
                "another column, or the key is wrong."
            ) from exc
        return plain.decode()

    def needs_rotation(self, token: str) -> bool:
        """True when the token was sealed with a key other than the current one."""
        key_id, _ = _split_token(token)
        return key_id != self.current_key_id

    def blind_index(self, value: str, *, context: str, kind: Kind = "text") -> str:
        message = f"{context}\x00{normalize(value, kind)}".encode()
        return hmac.new(self.hash_key, message, hashlib.sha256).hexdigest()[:INDEX_HEX_CHARS]


def _split_token(token: str) -> tuple[str, bytes]:
    version, _, rest = str(token).partition(":")
    key_id, _, body = rest.partition(":")
    if version != TOKEN_VERSION or not key_id or not body:
        raise FieldCryptoError("Not an encrypted-field token (expected 'v1:<key id>:<data>').")
    try:
        blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as exc:
        raise FieldCryptoError("Encrypted-field token is not valid base64.") from exc
    if len(blob) < NONCE_BYTES + 16:
        raise FieldCryptoError("Encrypted-field token is too short.")
    return key_id, blob


def is_token(value: Any) -> bool:
    """Whether a stored value looks like one of our tokens (it may still fail to open)."""
    try:
        _split_token(value)
    except FieldCryptoError:
        return False
    return True


@functools.cache
def get_keyring() -> KeyRing:
    """The key ring built from settings, parsed once per process."""
    return KeyRing.from_settings()


@receiver(setting_changed)
def _reset_keyring(*, setting: str, **kwargs: Any) -> None:
    if setting in {"FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY", "DEV_DEFAULTS", "SECRET_KEY"}:
        get_keyring.cache_clear()


def encrypt(plaintext: str, *, context: str) -> str:
    return get_keyring().encrypt(plaintext, context=context)


def decrypt(token: str, *, context: str) -> str:
    return get_keyring().decrypt(token, context=context)


def blind_index(value: str, *, context: str, kind: Kind = "text") -> str:
    return get_keyring().blind_index(value, context=context, kind=kind)


def needs_rotation(token: str) -> bool:
    return get_keyring().needs_rotation(token)
