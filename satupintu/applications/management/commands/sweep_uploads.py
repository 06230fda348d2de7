from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from satupintu.applications import tasks
from satupintu.core.files import sweep_upload_temp


class Command(BaseCommand):
    help = (
        "Remove what interrupted uploads left behind: temporary upload files older than an hour "
        "(FILE_UPLOAD_TEMP_DIR) and stored files no document points at, older than a day. "
        "Safe to run at any time (make run runs it at start; run it hourly from cron)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--max-age",
            type=int,
            default=3600,
            help="seconds after which a temporary upload counts as abandoned (default 3600)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = {
            "temporary": sweep_upload_temp(max_age=max(60, options["max_age"])),
            "stored": tasks.sweep_orphan_files.call(),
        }
        self.stdout.write(json.dumps(counts, sort_keys=True))
