"""Write a development CA and output-signing certificate into the data dir (never for production)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.applications import signing


class Command(BaseCommand):
    help = (
        "Write a self-signed development root (root.pem) and a signing key and certificate "
        "(key.pem, cert.pem; digitalSignature + nonRepudiation) into DATA_DIR/signing, mode 600, "
        "unless they exist. Outputs are signed with them when no OUTPUT_SIGNING_* is set and "
        "development defaults are on. Production uses the agency's certificate (BSrE)."
    )

    # The system checks would already create the pair (they load the signer); run before them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", default="", help="Folder to write (default DATA_DIR/signing).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEV_DEFAULTS:
            raise CommandError(
                "Development signing certificates are for development only (DEV_DEFAULTS off). "
                "Set OUTPUT_SIGNING_KEY_FILE and OUTPUT_SIGNING_CERT_FILE instead."
            )
        directory = Path(options["dir"] or Path(settings.DATA_DIR) / signing.DEV_DIR_NAME)
        made = signing.write_dev_material(directory)
        verb = "Wrote" if made else "Kept the existing"
        self.stdout.write(f"{verb} development signing certificate in {directory}")
