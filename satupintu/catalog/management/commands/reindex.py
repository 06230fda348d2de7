"""Rebuild the search columns, the full-text index and the vocabulary of every service."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from satupintu.catalog import services


class Command(BaseCommand):
    help = "Rebuild the catalog's search index (after a restore or a bulk import)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--batch", type=int, default=500, help="Services per transaction (default 500)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        total = services.search_index_count()
        with tqdm(
            total=total,
            unit="layanan",
            disable=options["quiet"],
            file=self.stderr._out,
            desc="reindex",
        ) as bar:
            done = services.search_reindex_all(batch=options["batch"], progress=bar.update)
        seconds = time.monotonic() - started
        if not options["quiet"]:
            self.stdout.write(f"{done} layanan diindeks dalam {seconds:.1f} detik.")
