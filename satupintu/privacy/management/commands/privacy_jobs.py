"""The privacy app's scheduled work, started by `make run` (bin/run) with --loop: reminders and
escalation of data-subject requests every few minutes, and the retention rules once a day."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from satupintu.privacy import services


class Command(BaseCommand):
    help = "Remind DPOs of due requests, escalate late ones, apply retention (once, or --loop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--interval", type=int, default=300, help="Seconds between runs.")

    def handle(self, *args: Any, **options: Any) -> None:
        last_retention = None
        while True:
            result: dict[str, Any] = {"requests": services.dsr_reminders()}
            today = timezone.localdate()
            if last_retention != today:
                result["retention"] = services.retention_apply(actor=None)
                last_retention = today
            self.stdout.write(json.dumps(result, sort_keys=True))
            if not options["loop"]:
                return
            time.sleep(max(10, options["interval"]))
