from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from satupintu.privacy import services


class Command(BaseCommand):
    help = "Apply the active personal-data retention rules (safe to run repeatedly, e.g. daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = services.retention_apply(actor=None)
        self.stdout.write(json.dumps(counts, sort_keys=True))
