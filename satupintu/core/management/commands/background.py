"""Everything `make run` does in the background, in one process: the task worker and the
periodic jobs the apps register (`satupintu.core.jobs`).

Four processes (task worker, outbox courier, ledger sealer, privacy jobs) of about 100 MB each
did this before; one process holds the interpreter and Django once. The jobs run in a thread
beside the worker's loop; each opens its own database connection. With a task backend other
than the database one (RQ at scale), only the jobs run here and RQ's workers run the tasks.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from satupintu.core import jobs

logger = logging.getLogger(__name__)
# After the worker's loop fails (a database locked past its timeout, restarted or unreachable),
# how long the process waits before it starts the loop again instead of exiting.
RESTART_AFTER_SECONDS = 5.0


class Command(BaseCommand):
    help = "Run the task worker and every registered periodic job in one process."
    # `migrate` (run first by bin/run) has checked the project; checking again here would import
    # every view and template module into a process that serves none (about 50 MB).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only", action="append", default=None, help="run only this job (repeatable)"
        )
        parser.add_argument("--no-worker", action="store_true", help="run the jobs only")
        parser.add_argument("--list", action="store_true", help="print the registered jobs")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self.stdout.write("\n".join(jobs.registered()))
            return
        stop = threading.Event()
        only = set(options["only"]) if options["only"] else None
        runner = threading.Thread(
            target=jobs.run_loop, args=(stop,), kwargs={"only": only}, name="jobs", daemon=True
        )
        runner.start()
        database_tasks = settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
        if options["no_worker"] or not database_tasks:
            self._wait(stop)
        else:
            self._work(stop)
        stop.set()
        runner.join(timeout=30)

    @staticmethod
    def _wait(stop: threading.Event) -> None:
        def _stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, _stop)
        while not stop.wait(1.0):
            pass

    @staticmethod
    def _work(stop: threading.Event) -> None:
        import os
        import socket

        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(
            queue_names=["*"],
            interval=1.0,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{socket.gethostname()}-{os.getpid()}"[:64],
            excluded_queue_names=[],
        )
        # The worker finishes the task it runs on SIGTERM/SIGINT, then exits (SystemExit).
        worker.configure_signals()
        try:
            Command._keep_running(worker, stop)
        finally:
            stop.set()

    @staticmethod
    def _keep_running(worker: Any, stop: threading.Event) -> None:
        """Run the worker's loop until it is told to stop. A failure of the loop itself (the
        database locked past its timeout, or gone) is logged and the loop starts again: nothing
        restarts this process, and without it no task or periodic job would run any more."""
        from django.db import close_old_connections

        while not stop.is_set():
            try:
                worker.run()
                return
            except SystemExit:
                return
            except Exception:
                logger.exception(
                    "task worker failed; it starts again in %s s", RESTART_AFTER_SECONDS
                )
                close_old_connections()
                if stop.wait(RESTART_AFTER_SECONDS) or not worker.running:
                    return
