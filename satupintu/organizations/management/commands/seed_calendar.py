"""Copy national holidays and cuti bersama from the `holidays` package into the calendar table.

The copied rows let administrators see every day off of a year and correct it (change its kind to
"working", rename it, cite the decree). Days that already have a national entry are left alone, so
running the command again never undoes a correction.
"""

from __future__ import annotations

import argparse
from typing import Any

import holidays
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from satupintu.core.models import CalendarEntry
from satupintu.organizations import services


class Command(BaseCommand):
    help = "Copy Indonesian national holidays and cuti bersama into the working-time calendar."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "years",
            nargs="*",
            type=int,
            help="Years to seed (default: this year and next).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years: list[int] = options["years"] or [
            timezone.localdate().year,
            timezone.localdate().year + 1,
        ]
        for year in years:
            if not 1950 <= year <= 2100:
                raise CommandError(f"Year out of range: {year}")
        source = f"holidays {holidays.__version__}"
        created = kept = 0
        with transaction.atomic():
            for year in sorted(set(years)):
                for kind, category in (
                    (CalendarEntry.Kind.HOLIDAY, "public"),
                    (CalendarEntry.Kind.JOINT_LEAVE, "government"),
                ):
                    days = holidays.country_holidays(
                        "ID", years=year, categories=(category,), language="id"
                    )
                    for day, name in sorted(days.items()):
                        if CalendarEntry.objects.filter(date=day, agency__isnull=True).exists():
                            kept += 1
                            continue
                        services.calendar_entry_set(
                            date=day, kind=kind, name=name[:200], source=source
                        )
                        created += 1
        self.stdout.write(
            f"Calendar seeded for {', '.join(map(str, sorted(set(years))))}: "
            f"{created} entries added, {kept} already present."
        )
