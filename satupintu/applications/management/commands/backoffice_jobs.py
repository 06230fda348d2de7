"""The back office's scheduled work (the background process, `manage.py background`, runs it as
the job `applications.escalate`; this command runs it alone, once or with --loop): SLA escalation
of overdue workflow steps every few minutes (applications.escalation; each level is sent once
per step, so a second process or a restart tells nobody twice)."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from satupintu.applications.escalation import escalate_overdue


class Command(BaseCommand):
    help = "Escalate overdue workflow steps to the acting officers, then the supervisors."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--interval", type=int, default=300, help="Seconds between runs.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            self.stdout.write(json.dumps({"escalation": escalate_overdue()}, sort_keys=True))
            if not options["loop"]:
                return
            time.sleep(max(10, options["interval"]))
