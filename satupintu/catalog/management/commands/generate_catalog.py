"""Grow the catalog to a national size for tests and benchmarks (never for a deployment)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from satupintu.catalog import generator
from satupintu.catalog.management.commands.seed_demo import refuse_in_production


class Command(BaseCommand):
    help = (
        "Add a generated national catalog (every province and regency as an agency, services "
        "derived from the demo standards) for benchmarks and tests. Run seed_demo and "
        "load_regions first."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--services", type=int, default=30_000)
        parser.add_argument("--agencies", type=int, default=600)
        parser.add_argument("--seed", type=int, default=14)
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_in_production()
        if options["services"] < 1 or options["agencies"] < 1:
            raise CommandError("--services dan --agencies harus positif.")
        with tqdm(
            total=options["services"], unit="layanan", disable=options["quiet"], desc="indeks"
        ) as bar:
            try:
                made = generator.generate(
                    services=options["services"],
                    agencies=options["agencies"],
                    seed=options["seed"],
                    progress=bar.update,
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{made.agencies} instansi, {made.services} layanan, {made.documents} dokumen."
        )
