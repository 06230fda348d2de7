"""Acceptance: killing the worker while it delivers loses no message and duplicates none.

A real ``manage.py deliver_notifications --once`` process is started against a real database
and SIGKILLed while the (fake, local) SMS gateway is holding its request; a second worker then
finishes the job. The gateway honours Idempotency-Key, as we require of providers, and counts
one delivery per message. On SQLite the database is a file made for the test; on PostgreSQL it
is the test database.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection

from satupintu.notifications import delivery
from satupintu.notifications.models import Attempt, Message
from satupintu.notifications.services import notify

ROOT = Path(__file__).resolve().parents[3]
LEASE = 2
MESSAGES = 3


def child_env(database_url: str, gateway_url: str, data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "satupintu.notifications.tests.worker_settings",
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": django_settings.SECRET_KEY,
        "SATUPINTU_DEV_DEFAULTS": "true",
        "SATUPINTU_DATA_DIR": str(data_dir),
        "SMS_GATEWAY": "http",
        "SMS_GATEWAY_URL": gateway_url,
        "SMS_GATEWAY_TOKEN": "gateway-token",
        "SMS_GATEWAY_TIMEOUT": "30",
        "NOTIFICATIONS_LEASE_SECONDS": str(LEASE),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("TEST_DATABASE_NAME", None)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 60) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def migrate_and_queue(env: dict[str, str], count: int) -> None:
    """Builds the child processes' database and queues ``count`` SMS, numbered 0812345678NN."""
    manage(env, "migrate", "-v0", timeout=180)
    manage(
        env,
        "shell",
        "-c",
        "from satupintu.notifications.services import notify\n"
        f"for i in range({count}):\n"
        "    notify(channel='sms', address=f'0812345678{i:02}', template='contact_code',"
        " context={'code': str(i)})",
    )


def kill_mid_send_then_recover(env: dict[str, str], gateway: Any) -> None:
    """Worker A dies holding the gateway's reply; worker B runs after A's lease ran out."""
    gateway.hold_first = True
    worker_a = subprocess.Popen(
        [sys.executable, "manage.py", "deliver_notifications", "--once"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        while not gateway.arrived.wait(0.2):
            if worker_a.poll() is not None or time.monotonic() > deadline:
                worker_a.kill()
                out, err = worker_a.communicate(timeout=10)
                pytest.fail(f"worker A never reached the gateway:\n{out!r}\n{err[-3000:]!r}")
        worker_a.send_signal(signal.SIGKILL)
        worker_a.wait(10)
    finally:
        if worker_a.poll() is None:
            worker_a.kill()
        gateway.release.set()
    assert worker_a.returncode == -signal.SIGKILL
    assert len(gateway.requests) == 1

    time.sleep(LEASE + 0.5)
    report = json.loads(manage(env, "deliver_notifications", "--once").strip().splitlines()[-1])
    assert report["sent"] == MESSAGES


def assert_each_delivered_once(gateway: Any, keys: list[str]) -> None:
    # The held message reached the gateway twice under one key; the gateway delivered it once.
    assert sorted(r["key"] for r in gateway.requests) == sorted([*keys, gateway.requests[0]["key"]])
    assert sorted(gateway.delivered) == sorted(keys)


def test_killed_worker_on_sqlite_loses_and_duplicates_nothing(
    httpserver: Any, tmp_path: Path
) -> None:
    from satupintu.notifications.tests.conftest import FakeGateway

    gateway = FakeGateway()
    httpserver.expect_request("/v1/messages", method="POST").respond_with_handler(gateway.handle)
    database = tmp_path / "worker.sqlite3"
    env = child_env(f"sqlite:///{database}", httpserver.url_for("/v1/messages"), tmp_path)
    migrate_and_queue(env, MESSAGES)

    kill_mid_send_then_recover(env, gateway)

    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT uuid, status, attempts FROM notifications_message ORDER BY id"
        ).fetchall()
        outcomes = db.execute(
            "SELECT outcome FROM notifications_attempt ORDER BY message_id, number"
        ).fetchall()
    keys = [str(__import__("uuid").UUID(uuid)) for uuid, _, _ in rows]
    assert [(status, attempts) for _, status, attempts in rows] == [("sent", 2)] * MESSAGES
    assert [o for (o,) in outcomes] == ["lease_expired", "sent"] * MESSAGES
    assert_each_delivered_once(gateway, keys)


@pytest.mark.postgres
def test_killed_worker_on_postgresql_loses_and_duplicates_nothing(
    transactional_db: Any, httpserver: Any, settings: Any, tmp_path: Path
) -> None:
    from satupintu.notifications.tests.conftest import FakeGateway

    assert connection.vendor == "postgresql"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    gateway = FakeGateway()
    httpserver.expect_request("/v1/messages", method="POST").respond_with_handler(gateway.handle)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = child_env(url, httpserver.url_for("/v1/messages"), tmp_path)
    messages = [
        notify(channel="sms", address=f"08123456780{i}", template="contact_code", context={})
        for i in range(MESSAGES)
    ]

    kill_mid_send_then_recover(env, gateway)

    for message in messages:
        message.refresh_from_db()
        assert (message.status, message.attempts) == (Message.Status.SENT, 2)
        assert list(message.attempt_set.order_by("number").values_list("outcome", flat=True)) == [
            Attempt.Outcome.LEASE_EXPIRED,
            Attempt.Outcome.SENT,
        ]
    assert_each_delivered_once(gateway, [str(m.uuid) for m in messages])


@pytest.mark.postgres
def test_concurrent_workers_on_postgresql_never_send_a_message_twice(
    transactional_db: Any, gateway: Any, settings: Any
) -> None:
    assert connection.vendor == "postgresql"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.SMS_GATEWAY_TIMEOUT = 30  # one local gateway thread serves six workers
    messages = [
        notify(channel="sms", address="081234567890", template="contact_code", context={})
        for _ in range(60)
    ]
    start = threading.Barrier(6)
    errors: list[BaseException] = []
    claimed: list[int] = []

    def work(n: int) -> None:
        try:
            start.wait()
            claimed.append(delivery.deliver_pending(limit=3, worker=f"w{n}").claimed)
        except BaseException as exc:  # reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert sum(claimed) == 60
    assert sorted(r["key"] for r in gateway.requests) == sorted(str(m.uuid) for m in messages)
    assert Message.objects.filter(status=Message.Status.SENT, attempts=1).count() == 60
    assert len(set(Attempt.objects.values_list("claim", flat=True))) > 1
