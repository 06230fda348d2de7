"""The background process runs every app's periodic job, and one failing job stops no other."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from satupintu.core import jobs


def test_every_app_job_is_registered_for_the_background_process() -> None:
    out = io.StringIO()
    call_command("background", "--list", stdout=out)
    names = out.getvalue().split()
    for name in ("ledger.seal", "notifications.deliver", "privacy.reminders", "privacy.retention"):
        assert name in names


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_does_not_stop_the_others(monkeypatch: Any) -> None:
    # Committed transactions, as in the background process: between jobs the loop closes stale
    # connections, which inside a test's own transaction would close PostgreSQL's under the test.
    ran: list[str] = []
    monkeypatch.setattr(jobs, "_jobs", {})

    def broken() -> None:
        raise RuntimeError("database restarted")

    jobs.register("a.broken", broken, every=60)
    jobs.register("b.fine", lambda: ran.append("fine"), every=60)
    assert jobs.run_due(now=1000.0) == ["a.broken", "b.fine"]
    assert ran == ["fine"]
    # Not due again before its interval; due after it.
    assert jobs.run_due(now=1030.0) == []
    assert jobs.run_due(now=1061.0) == ["a.broken", "b.fine"]


@pytest.mark.django_db(transaction=True)
def test_the_real_jobs_run_against_the_database() -> None:
    from satupintu.ledger.models import Seal
    from satupintu.ledger.services import record

    before = Seal.objects.count()
    record(None, "core.job.test", ("job", 1), {})
    assert jobs.run_due(only={"ledger.seal", "notifications.deliver"}) == [
        "ledger.seal",
        "notifications.deliver",
    ]
    assert Seal.objects.count() == before + 1


class _LockedOnceWorker:
    """Stands in for django-tasks-db's worker: its loop fails once with a locked database (as
    SQLite's does past its busy timeout under load), then is told to stop."""

    running = True

    def __init__(self) -> None:
        self.runs = 0

    def run(self) -> None:
        from django.db import OperationalError

        self.runs += 1
        if self.runs == 1:
            raise OperationalError("database is locked")
        raise SystemExit


@pytest.mark.django_db(transaction=True)
def test_the_task_worker_starts_again_after_its_loop_fails(monkeypatch: Any, caplog: Any) -> None:
    import threading

    from satupintu.core.management.commands import background

    monkeypatch.setattr(background, "RESTART_AFTER_SECONDS", 0.0)
    worker = _LockedOnceWorker()
    background.Command._keep_running(worker, threading.Event())
    assert worker.runs == 2
    assert "task worker failed; it starts again" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_stopped_process_does_not_start_the_failed_worker_again(monkeypatch: Any) -> None:
    import threading

    from satupintu.core.management.commands import background

    monkeypatch.setattr(background, "RESTART_AFTER_SECONDS", 0.0)
    worker = _LockedOnceWorker()
    stop = threading.Event()
    stop.set()
    background.Command._keep_running(worker, stop)
    assert worker.runs == 0
