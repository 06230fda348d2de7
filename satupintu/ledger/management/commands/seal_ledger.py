"""Seal pending ledger entries once, or keep doing it (`--loop`, for the worker process)."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from satupintu.ledger.services import pending_count, seal_pending

logger = logging.getLogger("satupintu.ledger")


class Command(BaseCommand):
    verbosity = 1
    help = (
        "Seal ledger entries that can no longer change. With --loop, run every "
        "LEDGER_SEAL_INTERVAL seconds, sooner when LEDGER_SEAL_MAX_ENTRIES are waiting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep sealing until stopped")
        parser.add_argument("--interval", type=float, help="seconds between seals (loop mode)")
        parser.add_argument("--max-entries", type=int, help="entries per seal at most")
        parser.add_argument("--iterations", type=int, default=0, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = int(options["verbosity"])
        max_entries = options["max_entries"] or settings.LEDGER_SEAL_MAX_ENTRIES
        if not options["loop"]:
            for seal in seal_pending(max_entries=max_entries):
                if self.verbosity >= 1:
                    self.stdout.write(f"seal #{seal.id}: {seal.size} entries, root {seal.root}")
            return
        interval = options["interval"] or settings.LEDGER_SEAL_INTERVAL
        stop = threading.Event()

        def _stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._loop(stop, interval, max_entries, options["iterations"])
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _loop(self, stop: threading.Event, interval: float, max_entries: int, limit: int) -> None:
        last_run, ticks = -interval, 0
        while not stop.is_set() and (not limit or ticks < limit):
            ticks += 1
            try:
                due = time.monotonic() - last_run >= interval
                if due or pending_count(limit=max_entries) >= max_entries:
                    self._report(seal_pending(max_entries=max_entries))
                    last_run = time.monotonic()
            except DatabaseError:
                # A restarted database must not end the loop; try again on the next tick.
                logger.exception("Sealing the ledger failed; retrying")
            finally:
                close_old_connections()
            stop.wait(min(1.0, interval))

    def _report(self, seals: list[Any]) -> None:
        for seal in seals:
            logger.info("ledger seal %s: %s entries, root %s", seal.id, seal.size, seal.root)
