"""`manage.py complaints_clocks`: run the complaint clocks once (cron: every 15 minutes)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from satupintu.complaints.services import clocks_run


class Command(BaseCommand):
    help = "Send complaint reminders, mark overdue ones, escalate them, close silent ones."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(clocks_run()))
