"""A gateway so slow that a batch outlasts its lease: every message is still sent exactly once.

Before the fix a batch of up to 50 shared one lease and was sent one message at a time; when
the lease ran out mid-batch a second deliverer reclaimed the rest and both sent them. Now each
message's lease is renewed by compare-and-set just before its send, and a message another worker
took over is skipped. The gateway below (a real HTTP server on 127.0.0.1) answers every request
slowly and counts requests per idempotency key; nothing of our own code is replaced.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from pytest_httpserver import HTTPServer

from satupintu.notifications import delivery
from satupintu.notifications.models import Message
from satupintu.notifications.services import notify
from satupintu.notifications.tests.conftest import FakeGateway
from satupintu.notifications.tests.test_worker_killed import ROOT, child_env, migrate_and_queue

LEASE = 2
DELAY = 0.5
MESSAGES = 20


@pytest.fixture
def slow_gateway(settings: Any) -> Iterator[tuple[FakeGateway, str]]:
    """A provider that takes DELAY seconds per request and serves requests concurrently."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    fake = FakeGateway(delay=DELAY)
    server.expect_request("/v1/messages", method="POST").respond_with_handler(fake.handle)
    url = server.url_for("/v1/messages")
    settings.SMS_GATEWAY, settings.SMS_GATEWAY_URL = "http", url
    settings.SMS_GATEWAY_TOKEN, settings.SMS_GATEWAY_TIMEOUT = "gateway-token", 30
    try:
        yield fake, url
    finally:
        server.clear()
        server.stop()


def sends_per_key(gateway: FakeGateway) -> Counter[str]:
    return Counter(request["key"] for request in gateway.requests)


def test_a_worker_whose_lease_was_taken_over_does_not_send(db: Any, gateway: Any) -> None:
    messages = [
        notify(channel="sms", address="081234567890", template="contact_code", context={})
        for _ in range(3)
    ]
    now = timezone.now()
    slow_batch = delivery.claim_batch(now=now, worker="slow")  # ...then its gateway stalls
    later = now + timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS + 1)

    taken_over = delivery.deliver_pending(now=later, worker="fast")
    resumed = delivery.deliver_claimed(slow_batch, now=later + timedelta(seconds=1))

    assert (taken_over.sent, resumed.sent, resumed.lost) == (3, 0, 3)
    assert sends_per_key(gateway) == Counter({str(m.uuid): 1 for m in messages})


def test_renewing_gives_each_message_a_full_lease_of_its_own(db: Any, gateway: Any) -> None:
    first, second = (
        notify(channel="sms", address="081234567890", template="contact_code", context={})
        for _ in range(2)
    )
    now = timezone.now()
    batch = delivery.claim_batch(now=now, worker="a")
    lease = timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    assert delivery.renew_lease(batch[0], now=now + lease * 0.9)  # just before its send

    # After the batch's first lease: the renewed message is still held, the other is due.
    reclaimed = delivery.claim_batch(now=now + lease * 1.1, worker="b")
    assert [m.pk for m in reclaimed] == [second.pk]
    assert not delivery.renew_lease(batch[1], now=now + lease * 1.2)  # "a" lost it
    assert first.pk not in [m.pk for m in reclaimed]


def test_two_deliverer_processes_and_a_slow_gateway_send_each_message_once_on_sqlite(
    slow_gateway: tuple[FakeGateway, str], tmp_path: Path
) -> None:
    gateway, url = slow_gateway
    database = tmp_path / "deliver.sqlite3"
    env = child_env(f"sqlite:///{database}", url, tmp_path)
    env["NOTIFICATIONS_LEASE_SECONDS"] = str(LEASE)
    migrate_and_queue(env, MESSAGES)
    command = [sys.executable, "manage.py", "deliver_notifications", "--once"]
    first = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    second: subprocess.Popen[str] | None = None
    try:
        assert gateway.arrived.wait(60), "the first deliverer never reached the gateway"
        time.sleep(LEASE + 0.3)  # its batch's lease has run out; it is still sending
        second = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        out_second, _ = second.communicate(timeout=120)
        out_first, _ = first.communicate(timeout=120)
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
    report_first, report_second = (
        json.loads(out.strip().splitlines()[-1]) for out in (out_first, out_second)
    )

    # The second deliverer did take over part of the batch, and the first left that part alone.
    assert report_second["sent"] > 0 and report_first["lost"] > 0, (report_first, report_second)
    assert report_first["sent"] + report_second["sent"] == MESSAGES
    keys = sends_per_key(gateway)
    assert len(keys) == MESSAGES and set(keys.values()) == {1}, keys


@pytest.mark.postgres
def test_two_deliverer_threads_and_a_slow_gateway_send_each_message_once_on_postgresql(
    transactional_db: Any, slow_gateway: tuple[FakeGateway, str], settings: Any
) -> None:
    assert connection.vendor == "postgresql"
    gateway, _url = slow_gateway
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.NOTIFICATIONS_LEASE_SECONDS = LEASE
    messages = [
        notify(channel="sms", address="081234567890", template="contact_code", context={})
        for _ in range(MESSAGES)
    ]
    reports: dict[str, delivery.Report] = {}
    errors: list[BaseException] = []

    def deliver(name: str) -> None:
        try:
            reports[name] = delivery.deliver_pending(worker=name)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    first = threading.Thread(target=deliver, args=("first",))
    first.start()
    assert gateway.arrived.wait(30)
    time.sleep(LEASE + 0.3)
    second = threading.Thread(target=deliver, args=("second",))
    second.start()
    first.join(120)
    second.join(120)

    assert not errors, errors
    assert reports["second"].sent > 0 and reports["first"].lost > 0, reports
    keys = sends_per_key(gateway)
    assert keys == Counter({str(m.uuid): 1 for m in messages}), keys
    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.SENT}


# --- one deliverer in `make run` ---------------------------------------------------------------


def test_make_run_starts_one_deliverer_and_no_delivery_tasks() -> None:
    from satupintu.core import jobs

    script = (ROOT / "bin" / "run").read_text()
    # One background process delivers (its job "notifications.deliver"); nothing else does.
    assert len(re.findall(r"^\$PY manage\.py background", script, re.M)) == 1
    assert "deliver_notifications" not in script and "db_worker" not in script
    assert "notifications.deliver" in jobs.registered()
    # Exported before any process that could enqueue or run a delivery task starts.
    export = script.index("export NOTIFICATIONS_TASK_DELIVERY=false")
    assert export < script.index("$PY manage.py background") < script.index(".venv/bin/gunicorn")


def test_without_task_delivery_a_committed_message_waits_for_the_courier(
    db: Any, gateway: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.NOTIFICATIONS_TASK_DELIVERY = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = notify(channel="sms", address="081234567890", template="contact_code")
    assert callbacks == []
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING and gateway.requests == []
    assert delivery.deliver_pending().sent == 1  # what the courier does

    settings.NOTIFICATIONS_TASK_DELIVERY = True
    with django_capture_on_commit_callbacks(execute=True):
        again = notify(channel="sms", address="081234567890", template="contact_code")
    again.refresh_from_db()
    assert again.status == Message.Status.SENT  # the (immediate) task delivered it


def test_a_lease_shorter_than_two_send_timeouts_is_warned_about(settings: Any) -> None:
    from satupintu.notifications.checks import lease_outlasts_sends_check

    assert lease_outlasts_sends_check() == []  # the defaults: 300 s against 10 s and 30 s
    settings.NOTIFICATIONS_LEASE_SECONDS, settings.EMAIL_TIMEOUT = 50, 30
    assert [m.id for m in lease_outlasts_sends_check()] == ["notifications.W001"]
