"""Keep personal identifiers out of logs.

Any run of 16 digits (a NIK or a card number), any mobile number that the one phone rule
accepts (`core.identifiers.validate_phone`: 08…, 62 8…, +62 8… or 8…, with or without spaces,
dots, hyphens, slashes or brackets, 10 to 15 digits once normalised) and any e-mail address is
masked before a record is written, whatever logger emitted it.
"""

from __future__ import annotations

import logging
import re

from satupintu.core.identifiers import PHONE_MAX_DIGITS, PHONE_MIN_DIGITS

_NIK = re.compile(r"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)")
# Mirrors the phone rule: after the optional 0 / 62 / +62 comes the 8, then 8 to 13 more
# digits (10 to 15 in the normalised 08… form), separators allowed wherever normalising drops
# them. A longer run of digits is no phone number and is left alone, as the rule rejects it.
_SEP = r"[\s.\-/()]*"
_PHONE = re.compile(
    rf"(?<![\d+])(?:\+62|62|0)?{_SEP}8(?:{_SEP}\d){{{PHONE_MIN_DIGITS - 2},{PHONE_MAX_DIGITS - 2}}}"
    r"(?!\d)"
)
_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def _mask_phone(match: re.Match[str]) -> str:
    text = match.group(0)
    middle = re.sub(r"\d", "*", text[4:-2])
    return text[:4] + middle + text[-2:]


def redact(text: str) -> str:
    # Phone numbers first: +62 with fifteen digits is a sixteen-digit run the NIK mask would
    # leave four trailing digits of. No NIK reads as a phone number (none starts 08, 628 or 8
    # followed by fewer than sixteen digits).
    text = _PHONE.sub(_mask_phone, text)
    text = _NIK.sub(r"\1********\2", text)
    return _EMAIL.sub(r"\1***@\2", text)


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        # A traceback can quote a value too (an exception message with a NIK in it).
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
