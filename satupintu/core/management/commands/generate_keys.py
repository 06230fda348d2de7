"""Print fresh key settings for the environment file (nothing is written anywhere)."""

from __future__ import annotations

import base64
import os
import re
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from satupintu.core.crypto import KEY_BYTES, parse_encryption_keys


def _random_key() -> str:
    return base64.b64encode(os.urandom(KEY_BYTES)).decode()


class Command(BaseCommand):
    help = (
        "Print new FIELD_ENCRYPTION_KEYS, FIELD_HASH_KEY and LEDGER_SIGNING_KEY values for .env. "
        "With --rotate, print only a new FIELD_ENCRYPTION_KEYS that puts a new key in front of "
        "the current ring (then run rotate_field_keys)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--key-id",
            default="",
            help="Id of the new encryption key (default: k<YYYYMMDD>).",
        )
        parser.add_argument(
            "--rotate",
            metavar="CURRENT_RING",
            default=None,
            help="The current FIELD_ENCRYPTION_KEYS value; the new key is put in front of it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key_id = options["key_id"] or "k" + timezone.localdate().strftime("%Y%m%d")
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", key_id):
            raise CommandError("--key-id may hold only letters, digits, '-' and '_' (max 32).")
        new_entry = f"{key_id}:{_random_key()}"
        if options["rotate"] is not None:
            try:
                current = parse_encryption_keys(options["rotate"])
            except ImproperlyConfigured as exc:
                raise CommandError(str(exc)) from exc
            if key_id in current:
                raise CommandError(f"Key id {key_id!r} is already in the ring; pick another.")
            ring = ",".join([new_entry, options["rotate"].strip()])
            self.stdout.write(f"FIELD_ENCRYPTION_KEYS={ring}")
            return
        self.stdout.write("# Keep these apart from database backups; losing them loses data.")
        self.stdout.write(f"FIELD_ENCRYPTION_KEYS={new_entry}")
        self.stdout.write(f"FIELD_HASH_KEY={_random_key()}")
        # Ed25519 private keys are 32 random bytes.
        self.stdout.write(f"LEDGER_SIGNING_KEY={_random_key()}")
