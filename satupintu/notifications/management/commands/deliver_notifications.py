"""Deliver due notifications once (``--once``, the default) or keep doing it (``--loop``)."""

from __future__ import annotations

import json
import logging
import signal
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from satupintu.notifications.delivery import deliver_pending

logger = logging.getLogger("satupintu.notifications")


class Command(BaseCommand):
    help = (
        "Deliver due outbox messages (e-mail, SMS, WhatsApp). With --loop, keep polling every "
        "--interval seconds; this also re-delivers messages whose worker died mid-way."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--once", action="store_true", help="one pass, then exit (default)")
        mode.add_argument("--loop", action="store_true", help="keep delivering until stopped")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between passes")
        parser.add_argument("--batch", type=int, default=None, help="messages per claim")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["loop"]:
            report = deliver_pending(limit=options["batch"])
            self.stdout.write(json.dumps(report.as_dict()))
            return
        stop = threading.Event()

        def _stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        while not stop.is_set():
            close_old_connections()
            try:
                report = deliver_pending(limit=options["batch"])
                if report.claimed:
                    logger.info("notifications: %s", report.as_dict())
            except DatabaseError:
                logger.exception("notifications: delivery pass failed; retrying")
            stop.wait(max(options["interval"], 0.1))
