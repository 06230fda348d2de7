"""With REDIS_URL (the scale-out setup), a signed-in request reads its session from Redis, shared
by every process, and a sign-out ends the session everywhere at once.

Redis runs on the CI machine (127.0.0.1:6379, TEST_REDIS_URL to change it); on a machine without
it these tests are skipped with that reason, and under CI=true they fail instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import make_user, signed_in

ROOT = Path(__file__).resolve().parents[3]
REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable() -> str | None:
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return f"Redis not reachable at {REDIS}: {exc}"
    return None


@pytest.fixture
def redis_sessions(settings: Any) -> Any:
    problem = _redis_reachable()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {problem}", pytrace=False)
        pytest.skip(problem)
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_redis_url_keeps_sessions_in_redis_too() -> None:
    env = {**os.environ, "REDIS_URL": REDIS, "SATUPINTU_DEV_DEFAULTS": "true"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    code = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    out = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    assert out.strip().splitlines()[-1] == "django.contrib.sessions.backends.cached_db"


@pytest.mark.django_db
def test_a_signed_in_request_reads_its_session_from_redis(redis_sessions: None) -> None:
    client = signed_in(make_user("siti@example.id", full_name="Siti Rahayu"))
    assert client.get("/akun/profil/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/akun/profil/").status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


@pytest.mark.django_db
def test_a_sign_out_ends_the_session_for_every_process(redis_sessions: None) -> None:
    client = signed_in(make_user("siti@example.id", full_name="Siti Rahayu"))
    cookie = client.cookies["sessionid"].value
    assert client.get("/akun/profil/").status_code == 200
    client.post("/akun/keluar/")
    # Another process (another client with the same cookie) finds no session in Redis or the
    # database: it is sent to sign in.
    other = Client()
    other.cookies["sessionid"] = cookie
    response = other.get("/akun/profil/")
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]
