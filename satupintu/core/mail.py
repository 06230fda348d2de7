"""The development mail backend: prints what would be sent, with the secrets masked.

Django's console backend prints every message whole: recipients' addresses, the six-digit
contact codes, password-reset links. Terminal output ends up in scroll-back, shared screens and
CI logs, so here it is masked: addresses and phone numbers as in our logs, every link down to
its host, and every run of 4 to 8 digits (codes). The system check ``core.E011`` refuses both
this and Django's console backend outside development. To read the codes while developing, set
``EMAIL_URL=file://``: whole messages then go to ``DATA_DIR/outbox/mail/``, readable by the
owner only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend

from satupintu.core.logging import redact

_LINK_OR_CODE = re.compile(
    r"\b(?P<scheme>https?)://(?P<host>[^/\s<>\"']+)[^\s<>\"']*|(?<![\w*])\d{4,8}(?![\w*])",
    re.IGNORECASE,
)
# Backends that deliver nothing: fine on a developer's machine, a silent failure in production.
DEVELOPMENT_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "satupintu.core.mail.RedactingConsoleBackend",
    "satupintu.core.mail.PrivateFileBackend",
)


def redact_mail(text: str) -> str:
    """Mask addresses, phone numbers, identifiers, links and codes in a message's text."""
    text = redact(text)
    # One pass, links first: a link is cut down to its host (port included) and what follows
    # is not scanned again for codes.
    return _LINK_OR_CODE.sub(_mask, text)


def _mask(match: re.Match[str]) -> str:
    if match.group("scheme"):
        return f"{match.group('scheme')}://{match.group('host')}/[disembunyikan]"
    return "*" * len(match.group(0))


class RedactingConsoleBackend(ConsoleEmailBackend):
    """Console backend that never prints an address, a code or a link in full."""

    def write_message(self, message: EmailMessage) -> None:
        self.stream.write(render(message))
        self.stream.write("-" * 79 + "\n")


def _addresses(values: Sequence[str]) -> str:
    return ", ".join(redact_mail(str(v)) for v in values)


def render(message: EmailMessage) -> str:
    lines = [
        f"From: {_addresses([message.from_email])}",
        f"To: {_addresses(message.to)}",
    ]
    if message.cc:
        lines.append(f"Cc: {_addresses(message.cc)}")
    if message.bcc:
        lines.append(f"Bcc: {_addresses(message.bcc)}")
    lines += [f"Subject: {redact_mail(str(message.subject))}", "", redact_mail(str(message.body))]
    alternatives: list[Any] = list(getattr(message, "alternatives", []) or [])
    if alternatives or message.attachments:
        lines.append(
            f"[{len(alternatives)} alternative part(s) and {len(message.attachments)} "
            "attachment(s) not shown]"
        )
    return "\n".join(lines) + "\n"


class PrivateFileBackend(FileEmailBackend):
    """Django's file backend with the folder 0700 and each file 0600: whole messages with their
    codes and links, for the developer's eyes only."""

    def open(self) -> bool:
        if self.stream is not None:
            return False
        os.makedirs(self.file_path, mode=0o700, exist_ok=True)
        os.chmod(self.file_path, 0o700)
        fd = os.open(self._get_filename(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self.stream = os.fdopen(fd, "ab")
        return True
