"""Tracking codes printed on receipts: short, unambiguous, with a check character.

A code is "SP-" + 8 random characters + 1 check character from a 31-character alphabet without
the look-alikes 0/O and 1/I/L (``ALPHABET``). The check character is the ISO/IEC
7064 "pure" MOD 31-2 style scheme (weights are powers of 2 modulo the prime 31): because 31 is
prime and every weight is non-zero and weights of neighbours differ, any single substitution and
any swap of two adjacent different characters changes the checksum.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings

from satupintu.core import throttle

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PREFIX = "SP"
BODY_LENGTH = 8
SECRET_LENGTH = 6
_MODULUS = len(ALPHABET)  # 31, a prime
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_SEPARATORS = re.compile(r"[\s\-_.]+")

assert _MODULUS == 31


def check_character(body: str) -> str:
    """The check character for `body` (characters of ALPHABET)."""
    # ISO 7064 pure system: c such that sum(v_i * 2^(n-i)) + c ≡ 1 (mod 31), computed Horner-style.
    total = 0
    for ch in body:
        total = ((total + _VALUE[ch]) * 2) % _MODULUS
    return ALPHABET[(1 - total) % _MODULUS]


def new_tracking_code(prefix: str = PREFIX) -> str:
    """A fresh random tracking code such as "SP-7KQ4M2XA9" (complaints use their own prefix)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return f"{prefix}-{body}{check_character(body)}"


def new_status_secret() -> str:
    """The short secret printed on the receipt beside the tracking code."""
    return "".join(secrets.choice(ALPHABET) for _ in range(SECRET_LENGTH))


def normalize_code(code: str, prefix: str = PREFIX) -> str:
    """Upper-case without spaces or dashes; the prefix optional. No validation."""
    text = _SEPARATORS.sub("", (code or "").strip().upper())
    if text.startswith(prefix) and len(text) == len(prefix) + BODY_LENGTH + 1:
        text = text[len(prefix) :]
    return text


def validate_tracking_code(code: str, prefix: str = PREFIX) -> str | None:
    """The canonical form ("SP-XXXXXXXXC") of a typed code, or None when it is not valid.

    Case, spaces and dashes do not matter; a code whose check character does not match (a typo)
    is None, so it never reaches the database.
    """
    if not isinstance(code, str) or len(code) > 40:
        return None
    text = normalize_code(code, prefix)
    if len(text) != BODY_LENGTH + 1 or any(ch not in _VALUE for ch in text):
        return None
    body, check = text[:-1], text[-1]
    if check_character(body) != check:
        return None
    return f"{prefix}-{text}"


def normalize_secret(secret: str) -> str:
    """The secret as stored: upper-case, separators removed."""
    if not isinstance(secret, str):
        return ""
    return _SEPARATORS.sub("", secret.strip().upper())[:32]


# --- the public status check, throttled -----------------------------------------------------------
# The 6-character secret is guessable only slowly: failed checks are counted per client address by
# the one throttle, shared by the page and the API (one counter, so alternating does not double
# the allowance), and an address over STATUS_CHECK_FAILURES_PER_IP is refused until the window ends.

STATUS_SCOPE = "status.address"
STATUS_WINDOW_SECONDS = 15 * 60


def status_check_blocked(address: str) -> bool:
    """True when this address has used up its failed checks for the window (refuse with 429)."""
    return throttle.blocked(
        STATUS_SCOPE,
        address,
        limit=settings.STATUS_CHECK_FAILURES_PER_IP,
        window=STATUS_WINDOW_SECONDS,
    )


def status_check_failed(address: str) -> None:
    """Count one failed check (unknown code or wrong secret) against the address."""
    throttle.hit(
        STATUS_SCOPE,
        address,
        limit=settings.STATUS_CHECK_FAILURES_PER_IP,
        window=STATUS_WINDOW_SECONDS,
    )
