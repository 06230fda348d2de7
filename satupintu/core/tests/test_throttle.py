"""The one throttle: counts in the shared cache, holds across processes, keeps no personal data."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import time_machine
from django.conf import settings
from django.db import connection

from satupintu.core import throttle

ROOT = Path(__file__).resolve().parents[3]


def test_limit_allows_exactly_limit_events_then_refuses(db: Any) -> None:
    results = [throttle.hit("uji", "198.51.100.7", limit=3, window=60) for _ in range(5)]
    assert results == [False, False, False, True, True]


def test_blocked_looks_without_counting(db: Any) -> None:
    for _ in range(2):
        assert not throttle.blocked("uji", "a", limit=2, window=60)
        throttle.hit("uji", "a", limit=2, window=60)
    assert throttle.blocked("uji", "a", limit=2, window=60)
    assert throttle.blocked("uji", "a", limit=2, window=60)
    assert not throttle.blocked("uji", "b", limit=2, window=60)
    assert not throttle.blocked("lain", "a", limit=2, window=60)


def test_window_closes_and_reset_forgets(db: Any) -> None:
    with time_machine.travel("2026-12-01 09:00:00 +0000", tick=False) as clock:
        for _ in range(2):
            throttle.hit("uji", "a", limit=2, window=60)
        assert throttle.blocked("uji", "a", limit=2, window=60)
        assert throttle.retry_after("uji", "a", limit=2, window=60) == 60
        clock.shift(59)
        assert throttle.retry_after("uji", "a", limit=2, window=60) == 1
        clock.shift(2)
        assert not throttle.blocked("uji", "a", limit=2, window=60)
        assert throttle.retry_after("uji", "a", limit=2, window=60) == 0
        assert throttle.hit("uji", "a", limit=2, window=60) is False

    for _ in range(3):
        throttle.hit("uji", "b", limit=2, window=60)
    throttle.reset("uji", "b")
    assert not throttle.blocked("uji", "b", limit=2, window=60)


def test_cache_holds_no_key_in_clear(db: Any) -> None:
    throttle.hit("login.account", "siti@example.id", limit=3, window=60)
    throttle.hit("status.address", "203.0.113.44", limit=3, window=60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM satupintu_cache")
        rows = cursor.fetchall()
    assert len(rows) == 4
    dump = repr(rows)
    assert "siti" not in dump
    assert "203.0.113" not in dump


def test_the_default_cache_is_shared_not_process_memory() -> None:
    assert settings.CACHES["default"]["BACKEND"] in (
        "satupintu.core.cache.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    )


_COUNTER = """
import os, time
from satupintu.core import throttle
start_at = float(os.environ["START_AT"])
while time.time() < start_at:
    time.sleep(0.01)
allowed = sum(
    not throttle.hit("two-processes", "198.51.100.1", limit={limit}, window=600)
    for _ in range({attempts})
)
print("allowed", allowed)
"""


def test_two_processes_share_one_limit(tmp_path: Path) -> None:
    limit = 10
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "SATUPINTU_DEV_DEFAULTS": "true",
        "DJANGO_SECRET_KEY": "two-process-test-secret-key-0123456789abcdefghijklmnop",
        "REDIS_URL": "",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "createcachetable"], env=env, check=True, cwd=ROOT, timeout=120)
    script = _COUNTER.format(limit=limit, attempts=limit)
    env["START_AT"] = str(time.time() + 6)
    workers = [
        subprocess.Popen(
            [*manage, "shell", "-c", script],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    allowed = 0
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        allowed += int(out.split("allowed", 1)[1])
    # Each process tried `limit` times; together they were allowed `limit`, not 2 × `limit`.
    assert allowed == limit
