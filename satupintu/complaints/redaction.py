"""Automatic masking of personal data in text meant for the public board.

The moderator sees the masked text and confirms (or masks more) before anything is published;
the patterns find what a machine can: NIKs (16 digits), Indonesian phone numbers, e-mail
addresses, and the reporter's own name when it is known.
"""

from __future__ import annotations

import re

NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# 08…, +62 8…, 62 8…, written with spaces, dots or dashes between groups.
PHONE = re.compile(r"(?<![\d+])(?:\+?62|0)[\s.\-]?8(?:[\s.\-]?\d){7,11}(?!\d)")
LINK = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b[a-z0-9\-]+\.(?:com|net|org|id|io|ly|me)/\S*")

NIK_MASK = "[NIK disamarkan]"
PHONE_MASK = "[nomor telepon disamarkan]"
EMAIL_MASK = "[email disamarkan]"
NAME_MASK = "[nama disamarkan]"


def mask(text: str, *, names: list[str] | tuple[str, ...] = ()) -> str:
    """`text` with NIKs, phone numbers, e-mail addresses and the given names masked."""
    value = EMAIL.sub(EMAIL_MASK, text or "")
    value = NIK.sub(NIK_MASK, value)
    value = PHONE.sub(PHONE_MASK, value)
    for name in names:
        for part in {name.strip(), *name.split()}:
            if len(part) >= 3:
                value = re.sub(rf"(?i)\b{re.escape(part)}\b", NAME_MASK, value)
    return value


def has_link(text: str) -> bool:
    return bool(LINK.search(text or ""))
