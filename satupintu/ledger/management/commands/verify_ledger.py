"""Check every ledger entry, Merkle root, chain link and signature; exit 1 on the first harm."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from satupintu.ledger.models import Entry
from satupintu.ledger.verification import verify_ledger

PROGRESS_FROM = 10_000


class Command(BaseCommand):
    help = (
        "Re-check every ledger entry hash, seal root, chain link and signature. Exits 1 and "
        "names the first bad entry and seal when anything was changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument("--chunk-size", type=int, default=10_000)

    def handle(self, *args: Any, **options: Any) -> None:
        total = Entry.objects.count()
        bar = tqdm(
            total=total,
            unit=" entri",
            unit_scale=True,
            file=sys.stderr,
            disable=options["no_progress"] or total < PROGRESS_FROM,
        )
        with bar:
            report = verify_ledger(progress=bar.update, chunk_size=options["chunk_size"])
        if not report.ok:
            raise CommandError(report.summary(), returncode=1)
        self.stdout.write(report.summary())
