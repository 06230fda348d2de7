"""Periodic jobs of every app, run by one background process (`manage.py background`).

An app registers what must happen every so often in its `AppConfig.ready()` (the ledger seals,
the outbox delivers, privacy reminds DPOs...); `run_loop` calls each when it is due, one after
the other in one thread, closing stale database connections between runs, so a failing job or a
restarted database never stops the others. Core knows no app: apps register here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import close_old_connections

logger = logging.getLogger(__name__)


@dataclass
class Job:
    name: str
    run: Callable[[], Any]
    every: Callable[[], float]  # seconds between runs, read each time (settings may change)
    last_run: float = field(default=-1e18)


_jobs: dict[str, Job] = {}


def register(name: str, run: Callable[[], Any], *, every: float | Callable[[], float]) -> None:
    """Run `run()` every `every` seconds in the background process (a name registers once)."""
    interval = every if callable(every) else (lambda: float(every))
    _jobs[name] = Job(name=name, run=run, every=interval)


def registered() -> list[str]:
    return sorted(_jobs)


def run_due(now: float | None = None, *, only: set[str] | None = None) -> list[str]:
    """Run every job whose interval has passed; return the names of those that ran."""
    ran = []
    for job in list(_jobs.values()):
        if only is not None and job.name not in only:
            continue
        moment = time.monotonic() if now is None else now
        if moment - job.last_run < job.every():
            continue
        job.last_run = moment
        try:
            result = job.run()
            if result and (not isinstance(result, dict) or any(result.values())):
                logger.info("job %s: %s", job.name, result)
        except Exception:
            # One job failing (a restarted database, a bad row) must not stop the others.
            logger.exception("job %s failed; it runs again at its next interval", job.name)
        finally:
            close_old_connections()
        ran.append(job.name)
    return ran


def run_loop(stop: threading.Event, *, tick: float = 1.0, only: set[str] | None = None) -> None:
    while not stop.is_set():
        run_due(only=only)
        stop.wait(tick)
