"""Complaint lifecycles per second through the HTTP API on PostgreSQL, with BENCH_COMPLAINTS
(default 1,000,000) complaints already stored.

One lifecycle = create (the citizen's `POST /api/v1/complaints`) → assign (the liaison's
`POST …/claim`) → respond (`POST …/responses`, a public answer) → resolve (`POST …/responses`
kind "resolved") → search (`GET /api/v1/complaints/board?category=…`, the public board's filter
over the stored million). For reference, DIGIT's complaint service publishes 6.3 lifecycles/s at
1M records on 16 vCPU.

Standalone and self-cleaning, like bench_applications.py (whose database, settings and HTTP
helpers it reuses): a fresh PostgreSQL database, `migrate`, COPY of the seeded complaints,
gunicorn (BENCH_WORKERS × BENCH_THREADS) on a free 127.0.0.1 port, BENCH_CONCURRENCY (8) pairs
of a citizen and the liaison running lifecycles back to back for BENCH_SECONDS (10), then one
JSON object on stdout.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import time
import uuid
from typing import Any

import bench_applications as base  # sets the environment (database, keys) before Django loads
from _server import free_port, start_server, stop_server

COMPLAINTS = int(os.environ.get("BENCH_COMPLAINTS", "1000000"))
LIFECYCLE_CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
# Sync workers (one thread each): this machine's gunicorn runs its threaded worker on an event
# loop, where Django refuses database calls (healthz answers 503).
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))


def log(message: str) -> None:
    print(f"[bench_complaints] {message}", file=sys.stderr, flush=True)


def liaison_session(agency_id: int) -> dict[str, str]:
    """The agency's complaint liaison, signed in and past two-factor, as a browser would be."""
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from satupintu.accounts.models import User
    from satupintu.organizations.models import Membership, Role

    user = User.objects.create(
        username="aduan@bench.invalid",
        email="aduan@bench.invalid",
        kind="officer",
        full_name="Aduan",
    )
    Membership.objects.create(user=user, agency_id=agency_id, role=Role.COMPLAINT_LIAISON)
    device = StaticDevice.objects.create(user=user, name="bench", confirmed=True)
    store = SessionStore()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.crypto import get_random_string

    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    csrf = get_random_string(32)
    if settings.CSRF_USE_SESSIONS:
        store["_csrftoken"] = csrf
    store.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    if not settings.CSRF_USE_SESSIONS:
        cookie += f"; {settings.CSRF_COOKIE_NAME}={csrf}"
    return {"cookie": cookie, "csrf": csrf}


def seed_complaints(world: dict[str, Any], count: int) -> dict[str, Any]:
    """COPY `count` complaints of the agency (90 % closed, 10 % open, a third published)."""
    from django.db import connection

    from satupintu.accounts.models import User
    from satupintu.applications import tracking
    from satupintu.catalog.models import Category
    from satupintu.complaints.models import Complaint

    began = time.perf_counter()
    rng = random.Random(20261201)
    users = list(User.objects.filter(kind="citizen").values_list("pk", flat=True))
    category_id = Category.objects.get(slug="kependudukan").pk

    def token(name: str, value: str) -> Any:
        field: Any = Complaint._meta.get_field(name)
        return field.get_db_prep_save(value, connection)

    sealed = {
        "subject": token("subject", "Antrean pelayanan lama"),
        "description": token("description", "Sudah menunggu lama tanpa kepastian jadwal."),
        "status_secret": token("status_secret", "BENCH2"),
        "address_street": token("address_street", ""),
        "rating_comment": token("rating_comment", ""),
    }
    now = dt.datetime.now(dt.UTC)
    fields = [f for f in Complaint._meta.concrete_fields if f.column != "id"]
    columns = [str(f.column) for f in fields]
    codes: set[str] = set()
    table = Complaint._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.connection
        with (
            raw.cursor() as cur,
            cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for n in range(count):
                while True:
                    body = "".join(rng.choices(tracking.ALPHABET, k=8))
                    code = f"AD-{body}{tracking.check_character(body)}"
                    if code not in codes:
                        codes.add(code)
                        break
                filed = now - dt.timedelta(seconds=rng.randrange(2 * 365 * 86400))
                closed = n % 10 != 0
                published = n % 3 == 0
                row: dict[str, Any] = {str(f.column): None for f in fields}
                row.update(
                    {
                        "public_id": uuid.UUID(int=rng.getrandbits(128), version=4),
                        "tracking_code": code,
                        "status_secret_hash": "bench",
                        "kind": "pengaduan",
                        "privacy": "anonim" if n % 2 else "publik",
                        "identity_shared": False,
                        "channel": "web",
                        "category_id": category_id,
                        "agency_id": world["agency_id"],
                        "reporter_id": users[n % len(users)],
                        "status": "selesai" if closed else "diproses",
                        "filed_at": filed,
                        "first_response_due": filed + dt.timedelta(days=14),
                        "first_response_at": filed + dt.timedelta(days=2),
                        "file_complete_at": filed,
                        "decision_due": filed + dt.timedelta(days=60),
                        "verify_due": filed + dt.timedelta(days=4),
                        "verified_at": filed + dt.timedelta(days=1),
                        "followup_due": filed + dt.timedelta(days=8),
                        "due_at": None if closed else filed + dt.timedelta(days=8),
                        "closed_at": filed + dt.timedelta(days=9) if closed else None,
                        "reopen_count": 0,
                        "published_at": filed + dt.timedelta(days=1) if published else None,
                        "public_subject": "Antrean pelayanan lama" if published else "",
                        "public_description": "Sudah menunggu lama." if published else "",
                        "created_at": filed,
                        "updated_at": filed,
                        **sealed,
                    }
                )
                copy.write_row([row[c] for c in columns])
                if n and n % 200_000 == 0:
                    log(f"  {n:,} complaints copied")
        cursor.execute(f"ANALYZE {table}")
        cursor.execute(f"SELECT count(*) FROM {table}")
        (total,) = cursor.fetchone()
    return {"complaints": total, "seed_seconds": round(time.perf_counter() - began, 1)}


CLIENT: Any = base.Client


class LifecycleError(Exception):
    pass


class InProcess:
    """The same calls as base.Client, through Django's WSGI handler in this process (used when
    gunicorn cannot be started: BENCH_TRANSPORT=wsgi). Every middleware, the session, CSRF and
    the API run as over a socket; only the socket and the HTTP parsing are left out."""

    def __init__(self, port: int, session: dict[str, str] | None = None) -> None:
        from django.test import Client

        self.client = Client(enforce_csrf_checks=True, SERVER_NAME="127.0.0.1")
        self.headers: Any = {}
        if session:
            for part in session["cookie"].split("; "):
                name, _, value = part.partition("=")
                self.client.cookies[name] = value
            self.headers["HTTP_X_CSRFTOKEN"] = session["csrf"]

    def request(self, method: str, path: str) -> tuple[int, bytes]:
        response = self.client.generic(method, path, **self.headers)
        return response.status_code, response.content

    def json(self, method: str, path: str, payload: Any) -> tuple[int, Any]:
        response = self.client.generic(
            method, path, json.dumps(payload), content_type="application/json", **self.headers
        )
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, response.content[:200]


def lifecycle(
    citizen: Any, officer: Any, world: dict[str, Any], timings: dict[str, list[float]]
) -> None:
    def step(name: str, client: Any, method: str, path: str, payload: Any, want: int) -> Any:
        began = time.perf_counter()
        if method == "GET":
            status, body = client.request("GET", path)
        else:
            status, body = client.json(method, path, payload)
        timings[name].append((time.perf_counter() - began) * 1000)
        if status != want:
            raise LifecycleError(f"{name}: HTTP {status} {str(body)[:200]}")
        return body

    created = step(
        "create",
        citizen,
        "POST",
        "/api/v1/complaints",
        {
            "kind": "pengaduan",
            "privacy": "anonim",
            "subject": "Antrean akta kelahiran lama",
            "description": "Sudah dua minggu belum ada kabar tentang akta anak saya.",
            "service": world["service_slug"],
            "category": "kependudukan",
        },
        201,
    )
    url = created["url"]
    step("assign", officer, "POST", f"{url}/claim", {}, 200)
    step(
        "respond",
        officer,
        "POST",
        f"{url}/responses",
        {"kind": "response", "body": "Sedang kami periksa.", "public": True},
        201,
    )
    step(
        "resolve",
        officer,
        "POST",
        f"{url}/responses",
        {"kind": "resolved", "body": "Akta sudah terbit.", "public": True},
        201,
    )
    step(
        "search",
        citizen,
        "GET",
        "/api/v1/complaints/board?category=kependudukan&status=open&limit=20",
        None,
        200,
    )


def measure(
    port: int, world: dict[str, Any], citizens: list[dict[str, str]], officer: dict[str, str]
) -> dict[str, Any]:
    timings: dict[str, list[float]] = {
        k: [] for k in ("create", "assign", "respond", "resolve", "search")
    }
    done = [0] * LIFECYCLE_CONCURRENCY
    errors: list[str] = []
    deadline = time.perf_counter() + base.SECONDS

    def work(i: int) -> None:
        citizen = CLIENT(port, citizens[i % len(citizens)])
        liaison = CLIENT(port, officer)
        while time.perf_counter() < deadline:
            try:
                lifecycle(citizen, liaison, world, timings)
                done[i] += 1
            except (LifecycleError, OSError) as exc:
                errors.append(str(exc))
                if len(errors) > 50:
                    return

    elapsed = base.run_threads(LIFECYCLE_CONCURRENCY, work)
    total = sum(done)
    return {
        "lifecycles": total,
        "seconds": round(elapsed, 2),
        "lifecycles_per_second": round(total / elapsed, 2) if elapsed else 0.0,
        "latency_ms": {name: base._pct(values) for name, values in timings.items()},
        "errors": len(errors),
        "first_errors": errors[:3],
    }


def main() -> int:
    started_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    server: subprocess.Popen[bytes] | None = None
    created = False
    try:
        (base.TMP / "bench_settings.py").write_text(base.SETTINGS_MODULE)
        (base.TMP / "bench_urls.py").write_text(base.URLS_MODULE)
        log(f"creating database {base.DB_NAME}")
        base.create_database()
        created = True
        world = base.setup_world()
        log(f"seeding {COMPLAINTS:,} complaints with COPY")
        seeded = seed_complaints(world, COMPLAINTS)
        citizens = base.citizen_sessions(LIFECYCLE_CONCURRENCY)
        officer = liaison_session(world["agency_id"])
        from django.db import connections

        connections.close_all()
        global CLIENT
        port = free_port()
        transport = os.environ.get("BENCH_TRANSPORT", "http")
        if transport == "http":
            try:
                server = start_server(port, workers=WORKERS, threads=THREADS)
            except SystemExit as exc:
                log(f"gunicorn unavailable ({exc}); measuring through the in-process WSGI handler")
                transport = "wsgi"
        if transport == "wsgi":
            CLIENT = InProcess
        warm_c, warm_o = CLIENT(port, citizens[0]), CLIENT(port, officer)
        for _ in range(WORKERS * THREADS):
            lifecycle(
                warm_c,
                warm_o,
                world,
                {k: [] for k in ("create", "assign", "respond", "resolve", "search")},
            )
        log(f"lifecycles for {base.SECONDS:g} s, {LIFECYCLE_CONCURRENCY} citizen/officer pairs")
        result = measure(port, world, citizens, officer)
        report = {
            "benchmark": "complaints",
            "started_at": started_at,
            "machine": {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
            },
            "database": "postgresql",
            "data": {**seeded, "citizens": world["citizens"], "setup_seconds": world["steps"]},
            "transport": transport,
            "server": {"gunicorn_workers": WORKERS, "threads_per_worker": THREADS}
            if transport == "http"
            else {"in_process_threads": LIFECYCLE_CONCURRENCY},
            "lifecycle": "create -> assign -> respond -> resolve -> search (HTTP API)",
            "concurrency": LIFECYCLE_CONCURRENCY,
            **result,
            "reference": {"digit_lifecycles_per_second_16_vcpu_1m": 6.3},
        }
        print(json.dumps(report, indent=2, default=str))
        return 0
    finally:
        if server is not None:
            stop_server(server)
        if created and not os.environ.get("BENCH_KEEP"):
            from django.db import connections

            connections.close_all()
            base.drop_database()
        if not os.environ.get("BENCH_KEEP"):
            import shutil

            shutil.rmtree(base.TMP, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
