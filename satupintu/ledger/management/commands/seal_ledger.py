"""Seal pending ledger entries once, or keep doing it (`--loop`, for the worker process)."""

from __future__ import annotations

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

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = int(options["verbosity"])
        max_entries = options["max_entries"] or settings.LEDGER_SEAL_MAX_ENTRIES
        if not options["loop"]:
            seals = seal_pending(max_entries=max_entries)
            self._report(seals)
            return
        interval = options["interval"] or settings.LEDGER_SEAL_INTERVAL
        stop = threading.Event()

        def _stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        last_run = 0.0
        while not stop.is_set():
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
            if self.verbosity >= 1:
                self.stdout.write(f"seal #{seal.id}: {seal.size} entries, root {seal.root}")
