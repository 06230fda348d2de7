"""Applications under load on PostgreSQL: submissions with two documents, and public status
checks, each beside a bare Django view that inserts or reads one row.

Standalone and self-cleaning: creates a fresh PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/, database `satupintu_bench_<pid>`), migrates it, seeds
BENCH_APPLICATIONS (default 1,000,000) submitted applications with COPY, starts gunicorn on a free
127.0.0.1 port with a settings/urlconf pair written to a temp directory (the project's URLs plus
two bare views that exist only here), measures, stops gunicorn, drops the database, and prints ONE
JSON object on stdout (progress goes to stderr).

(a) Submissions through the real API as signed-in citizens (session cookie + CSRF token):
    start a draft, save the answers, upload a 200 KB PDF and a 200 KB JPEG, submit with an
    Idempotency-Key. Reported as full flows/s and, separately, submit calls/s on prepared drafts;
    beside `POST /bench/insert/`, a view that INSERTs one row. Python client (multipart POSTs).
(b) `GET /api/v1/status?code=` (the secret in the `X-Status-Secret` header) over random seeded
    codes, beside `GET /bench/read/<id>/`, a view that SELECTs one application row by primary
    key. wrk when present, else Python.

Knobs: BENCH_APPLICATIONS, BENCH_SECONDS (per measurement, default 10), BENCH_CONCURRENCY
(connections, default 16 for reads; submissions use BENCH_SUBMIT_CONCURRENCY, default 8),
BENCH_SUBMITS (prepared drafts for submit-only, default 200), BENCH_WORKERS (2), BENCH_THREADS (4),
BENCH_WRK (/usr/bin/wrk), BENCH_KEEP=1 keeps the temp directory and the database.
BENCH_PROFILE=N (below) profiles in process instead: per step of the flow (start, answers,
upload, submit) its queries and process CPU time, and cProfile of the submits
(BENCH_PROFILE_STEPS=1: of the other steps too); then N/2 full flows through the API in process
(django.test.Client), each request's queries (middleware included) and process CPU time.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import http.client
import io
import json
import os
import platform
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import _postgres
from _load import make_jpeg, make_pdf, multipart
from _server import free_port, start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.mkdtemp(prefix="satupintu-bench-apps-"))
HOST = "127.0.0.1"
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")
# BENCH_REUSE_DATABASE=<name>: a database an earlier run kept (created and seeded when missing,
# never dropped), so 1,000,000 applications are seeded once for several runs.
REUSE = os.environ.get("BENCH_REUSE_DATABASE", "")
DB_NAME = REUSE or f"satupintu_bench_{os.getpid()}"
# BENCH_PROFILE=N: instead of the HTTP load, N submits in process, each profiled (cProfile, every
# query with its time, and EXPLAIN ANALYZE of the slowest).
PROFILE = int(os.environ.get("BENCH_PROFILE", "0"))
SECRET = "BENCH2"  # noqa: S105 - the status secret printed on every seeded receipt


def _key(purpose: str = "") -> str:
    if REUSE:  # the same keys each run, or a reused database's sealed columns would not open
        return base64.b64encode(hashlib.sha256(f"{REUSE}:{purpose}".encode()).digest()).decode()
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _db_url(name: str) -> str:
    return _postgres.db_url(BASE_URL, name)


# Everything points into the temp directory and the fresh database *before* Django is imported.
os.environ["DATABASE_URL"] = _db_url(DB_NAME)
os.environ["SATUPINTU_DATA_DIR"] = str(TMP)
os.environ["DJANGO_DEBUG"] = "false"
os.environ["DJANGO_ALLOWED_HOSTS"] = HOST
os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
os.environ["LOG_LEVEL"] = "WARNING"
os.environ["PYTHONPATH"] = os.pathsep.join([str(TMP), str(ROOT), os.environ.get("PYTHONPATH", "")])
os.environ.setdefault(
    "DJANGO_SECRET_KEY", _key("django") * 2 if REUSE else secrets.token_urlsafe(64)
)
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", f"bench:{_key('fields')}")
os.environ.setdefault("FIELD_HASH_KEY", _key("hash"))
os.environ.setdefault("LEDGER_SIGNING_KEY", _key("ledger"))
sys.path[:0] = [str(TMP), str(ROOT)]

APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "1000000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
SUBMIT_CONCURRENCY = int(os.environ.get("BENCH_SUBMIT_CONCURRENCY", "8"))
SUBMITS = int(os.environ.get("BENCH_SUBMITS", "200"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
WRK = os.environ.get("BENCH_WRK", "/usr/bin/wrk")
DOC_BYTES = 200 * 1024

SETTINGS_MODULE = """
from config.settings import *  # noqa: F403
ROOT_URLCONF = "bench_urls"
"""

URLS_MODULE = """
import json
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, path, resolve
from django.views.decorators.csrf import csrf_exempt
from config.urls import urlpatterns as project_urls


@csrf_exempt
def bare_insert(request):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_row (payload, created_at) VALUES (%s, now()) RETURNING id",
            [request.body[:200].decode("utf-8", "replace")],
        )
        (row_id,) = cursor.fetchone()
    return JsonResponse({"id": row_id}, status=201)


def bare_read(request, pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tracking_code, status, due_at FROM applications_application WHERE id = %s",
            [pk],
        )
        row = cursor.fetchone()
    if row is None:
        return JsonResponse({"detail": "not found"}, status=404)
    return JsonResponse({"tracking_code": row[0], "status": row[1], "due_at": row[2]})


urlpatterns = [
    path("bench/insert/", bare_insert),
    path("bench/read/<int:pk>/", bare_read),
    *project_urls,
]

try:
    resolve("/api/v1/status", urlconf="config.urls")
except Resolver404:
    # The routers are not mounted in config/api.py yet: mount them the same way here.
    from ninja import NinjaAPI
    from satupintu.applications.api import public_router, router
    from satupintu.core.api import install_problem_handlers

    _api = NinjaAPI(urls_namespace="bench_api")
    install_problem_handlers(_api)
    _api.add_router("/applications", router)
    _api.add_router("/status", public_router)
    urlpatterns.insert(2, path("api/v1/", _api.urls))
"""


def log(message: str) -> None:
    print(f"[bench_applications] {message}", file=sys.stderr, flush=True)


# --- database -------------------------------------------------------------------------------


def create_database() -> bool:
    """Create the database; False when a reused one exists already."""
    if REUSE:
        import psycopg

        try:
            psycopg.connect(_db_url(DB_NAME).replace("postgres://", "postgresql://", 1)).close()
            return False
        except psycopg.OperationalError:
            pass
    _postgres.create_database(BASE_URL, DB_NAME)
    return True


def existing_world() -> dict[str, Any] | None:
    """The world an earlier run built in a reused database (None when it has none yet)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from satupintu.catalog.models import Service

    call_command("migrate", interactive=False, verbosity=0)
    if "bench_row" not in connection.introspection.table_names():
        return None
    service = Service.objects.get(agency__slug="disdukcapil-bench")
    from satupintu.accounts.models import User

    return {
        "service_id": service.pk,
        "service_slug": service.slug,
        "agency_id": service.agency_id,
        "required_document_ids": list(service.documents.values_list("pk", flat=True)),
        "citizens": User.objects.filter(kind="citizen").count(),
        "steps": {},
    }


def drop_database() -> None:
    _postgres.drop_database(BASE_URL, DB_NAME)


def setup_world() -> dict[str, Any]:
    """Migrate; one agency, one active service (2 required documents, 2 form fields), citizens."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    steps: dict[str, float] = {}
    began = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    steps["migrate"] = round(time.perf_counter() - began, 1)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_row (id bigserial PRIMARY KEY, payload text NOT NULL, "
            "created_at timestamptz NOT NULL)"
        )

    from satupintu.accounts.models import User
    from satupintu.catalog import services as catalog_services
    from satupintu.catalog.models import Category, FormField
    from satupintu.organizations.models import Agency

    agency = Agency.objects.create(
        slug="disdukcapil-bench", name="Disdukcapil Bench", kind=Agency.Kind.REGIONAL_OFFICE
    )
    from satupintu.catalog.models import INTERNAL_COMPONENTS, PUBLIC_COMPONENTS

    category = Category.objects.create(slug="kependudukan", name="Kependudukan")
    standard = {
        key: "Sesuai standar pelayanan." for key in (*PUBLIC_COMPONENTS, *INTERNAL_COMPONENTS)
    }
    service = catalog_services.service_create(
        actor=None,
        agency=agency,
        data={
            **standard,
            "name": "Akta Kelahiran",
            "summary": "Penerbitan akta kelahiran.",
            "category": category,
            "status": "active",
            "sla_working_days": 5,
            "output_product": "Akta kelahiran",
            "documents": [{"name": "Surat keterangan lahir"}, {"name": "Kartu Keluarga"}],
        },
    )
    FormField.objects.create(
        service=service, key="child_name", label="Nama anak", field_type="text", order=1
    )
    FormField.objects.create(
        service=service, key="birth_date", label="Tanggal lahir", field_type="date", order=2
    )
    citizens = max(100, min(10_000, APPLICATIONS // 100))
    began = time.perf_counter()
    users = [
        User(
            username=f"warga{i}@bench.invalid",
            email=f"warga{i}@bench.invalid",
            kind="citizen",
            full_name=f"Warga {i}",
        )
        for i in range(citizens)
    ]
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users, batch_size=2000)
    steps["citizens"] = round(time.perf_counter() - began, 1)
    return {
        "service_id": service.pk,
        "service_slug": service.slug,
        "agency_id": agency.pk,
        "required_document_ids": list(service.documents.values_list("pk", flat=True)),
        "citizens": citizens,
        "steps": steps,
    }


def seed_applications(world: dict[str, Any], count: int) -> dict[str, Any]:
    """COPY `count` submitted applications with valid tracking codes into the table."""
    from django.db import connection

    from satupintu.accounts.models import User
    from satupintu.applications import tracking
    from satupintu.applications.models import Application
    from satupintu.applications.services import secret_hash

    began = time.perf_counter()
    rng = random.Random(20260101)
    user_ids = list(User.objects.filter(kind="citizen").values_list("pk", flat=True))
    answers_field = Application._meta.get_field("answers_sealed")
    secret_field = Application._meta.get_field("status_secret")
    # One sealed token reused for every row: valid for the column, opened like any other.
    answers_token = answers_field.get_db_prep_save(
        json.dumps({"birth_date": "2025-01-01", "child_name": "Anak Bench"}), connection
    )
    secret_token = secret_field.get_db_prep_save(SECRET, connection)
    now = dt.datetime.now(dt.UTC)
    statuses = ["completed"] * 70 + ["approved"] * 5 + ["in_review"] * 15 + ["submitted"] * 10
    alphabet = tracking.ALPHABET
    provided = {
        "public_id",
        "service_id",
        "agency_id",
        "applicant_id",
        "submitted_by_id",
        "channel",
        "status",
        "answers_sealed",
        "current_step",
        "declaration_accepted_at",
        "idempotency_key",
        "tracking_code",
        "status_secret_hash",
        "status_secret",
        "submitted_at",
        "due_at",
        "decided_at",
        "completed_at",
        "assignee_id",
        "assigned_at",
        "created_at",
        "updated_at",
        "snapshot",
        "workflow_version_id",
        "workflow_step",
        "step_started_at",
        "step_due_at",
        "paused_at",
        "return_step",
        "correction",
    }
    from satupintu.catalog import services as catalog_services
    from satupintu.catalog.models import Service

    version = catalog_services.workflow_ensure(service=Service.objects.get(pk=world["service_id"]))
    start_step = version.definition.start
    fields = [f for f in Application._meta.concrete_fields if f.column != "id"]
    missing = [f.column for f in fields if f.column not in provided]
    if missing:
        raise SystemExit(f"bench does not know how to fill Application columns {missing}")
    columns = [str(f.column) for f in fields]
    codes: set[str] = set()
    sample: list[tuple[int, str]] = []
    table = Application._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.connection
        with (
            raw.cursor() as cur,
            cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for n in range(count):
                while True:
                    body = "".join(rng.choices(alphabet, k=8))
                    code = f"SP-{body}{tracking.check_character(body)}"
                    if code not in codes:
                        codes.add(code)
                        break
                submitted = now - dt.timedelta(seconds=rng.randrange(2 * 365 * 86400))
                status = statuses[n % len(statuses)]
                decided = (
                    submitted + dt.timedelta(days=3)
                    if status in ("approved", "completed")
                    else None
                )
                row = {
                    "public_id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "service_id": world["service_id"],
                    "agency_id": world["agency_id"],
                    "applicant_id": user_ids[n % len(user_ids)],
                    "submitted_by_id": None,
                    "channel": "counter" if n % 10 == 0 else "online",
                    "status": status,
                    "answers_sealed": answers_token,
                    "current_step": 2,
                    "declaration_accepted_at": submitted,
                    "idempotency_key": f"seed-{n}",
                    "tracking_code": code,
                    "status_secret_hash": secret_hash(code, SECRET),
                    "status_secret": secret_token,
                    "submitted_at": submitted,
                    "due_at": submitted + dt.timedelta(days=7),
                    "decided_at": decided,
                    "completed_at": decided if status == "completed" else None,
                    "assignee_id": None,
                    "assigned_at": None,
                    "snapshot": "{}",
                    "workflow_version_id": version.pk,
                    "workflow_step": "completed" if decided else start_step,
                    "step_started_at": submitted,
                    "step_due_at": None if decided else submitted + dt.timedelta(days=7),
                    "paused_at": None,
                    "return_step": "",
                    "correction": "{}",
                    "created_at": submitted - dt.timedelta(minutes=20),
                    "updated_at": decided or submitted,
                }
                copy.write_row([row[c] for c in columns])
                if n % 997 == 0 and len(sample) < 5000:
                    sample.append((n + 1, code))
                if n and n % 200_000 == 0:
                    log(f"  {n:,} applications copied")
        cursor.execute(f"ANALYZE {table}")
        cursor.execute(f"SELECT min(id), max(id), count(*) FROM {table}")
        low, high, total = cursor.fetchone()
    return {
        "applications": total,
        "seed_seconds": round(time.perf_counter() - began, 1),
        "id_range": [low, high],
        "sample_codes": [code for _, code in sample],
    }


def citizen_sessions(count: int) -> list[dict[str, str]]:
    """Signed-in sessions (cookie + CSRF token) for `count` citizens, as after a real login."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.crypto import get_random_string

    from satupintu.accounts.models import User

    out = []
    for user in User.objects.filter(kind="citizen").order_by("pk")[:count]:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        csrf = get_random_string(32)
        if settings.CSRF_USE_SESSIONS:
            session["_csrftoken"] = csrf
        session.create()
        cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
        if not settings.CSRF_USE_SESSIONS:
            cookie += f"; {settings.CSRF_COOKIE_NAME}={csrf}"
        out.append({"cookie": cookie, "csrf": csrf})
    return out


# --- HTTP -----------------------------------------------------------------------------------


class Client:
    """One keep-alive connection with one citizen's session."""

    def __init__(self, port: int, session: dict[str, str] | None = None) -> None:
        self.port = port
        self.session = session
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        all_headers = dict(headers or {})
        if self.session:
            all_headers["Cookie"] = self.session["cookie"]
            all_headers["X-CSRFToken"] = self.session["csrf"]
        try:
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
            raise

    def json(self, method: str, path: str, payload: Any, **headers: str) -> tuple[int, Any]:
        status, body = self.request(
            method,
            path,
            json.dumps(payload).encode(),
            {"Content-Type": "application/json", **headers},
        )
        try:
            return status, json.loads(body) if body else None
        except ValueError:
            return status, body[:200]

    def upload(self, path: str, name: str, data: bytes, fields: dict[str, str]) -> tuple[int, Any]:
        payload, content_type = multipart(fields, name, data)
        status, body = self.request(
            "POST",
            path,
            payload,
            {"Content-Type": content_type},
        )
        return status, json.loads(body) if body else None


class FlowError(Exception):
    pass


def _expect(step: str, status: int, want: int, body: Any) -> None:
    if status != want:
        raise FlowError(f"{step}: HTTP {status} {str(body)[:300]}")


def prepare_draft(
    client: Client,
    world: dict[str, Any],
    docs: tuple[bytes, bytes],
    timings: dict[str, list[float]],
) -> str:
    """Start a draft, save answers, upload both documents; returns the draft's API URL."""

    def timed(step: str, call: Any) -> Any:
        began = time.perf_counter()
        result = call()
        timings.setdefault(step, []).append((time.perf_counter() - began) * 1000)
        return result

    status, body = timed(
        "start",
        lambda: client.json("POST", "/api/v1/applications", {"service": world["service_slug"]}),
    )
    _expect("start", status, 201, body)
    url = body["url"]
    answers = {"answers": {"child_name": "Anak Bench", "birth_date": "2025-01-02"}, "step": 1}
    status, body = timed("answers", lambda: client.json("PATCH", f"{url}/answers", answers))
    _expect("answers", status, 200, body)
    for (name, data), required in zip(
        (("lahir.pdf", docs[0]), ("kk.jpg", docs[1])), world["required_document_ids"], strict=True
    ):
        status, body = timed(
            "upload",
            lambda name=name, data=data, required=required: client.upload(
                f"{url}/documents", name, data, {"required_document_id": str(required)}
            ),
        )
        _expect("upload", status, 201, body)
    return str(url)


def submit(client: Client, url: str, timings: dict[str, list[float]]) -> str:
    began = time.perf_counter()
    status, body = client.json(
        "POST", f"{url}/submit", {"declaration": True}, **{"Idempotency-Key": uuid.uuid4().hex}
    )
    timings.setdefault("submit", []).append((time.perf_counter() - began) * 1000)
    _expect("submit", status, 201, body)
    return str(body["tracking_code"])


def _pct(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)

    def at(fraction: float) -> float:
        return round(ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))], 1)

    return {"p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "max": round(ordered[-1], 1)}


def run_threads(count: int, work: Any) -> float:
    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(count)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began


def measure_full_flow(
    port: int, world: dict[str, Any], sessions: list[dict[str, str]], docs: Any
) -> dict[str, Any]:
    timings: list[dict[str, list[float]]] = [{} for _ in range(SUBMIT_CONCURRENCY)]
    flows = [0] * SUBMIT_CONCURRENCY
    errors: list[str] = []
    deadline = time.perf_counter() + SECONDS

    def work(slot: int) -> None:
        client = Client(port, sessions[slot])
        while time.perf_counter() < deadline:
            try:
                url = prepare_draft(client, world, docs, timings[slot])
                submit(client, url, timings[slot])
                flows[slot] += 1
            except (FlowError, OSError, http.client.HTTPException, ValueError) as exc:
                errors.append(str(exc))

    elapsed = run_threads(SUBMIT_CONCURRENCY, work)
    merged: dict[str, list[float]] = {}
    for per in timings:
        for step, values in per.items():
            merged.setdefault(step, []).extend(values)
    return {
        "flows": sum(flows),
        "seconds": round(elapsed, 2),
        "flows_per_second": round(sum(flows) / elapsed, 2),
        "step_latency_ms": {step: _pct(values) for step, values in merged.items()},
        "errors": len(errors),
        "first_errors": errors[:3],
    }


def measure_submit_only(
    port: int, world: dict[str, Any], sessions: list[dict[str, str]], docs: Any
) -> dict[str, Any]:
    per_slot = max(1, SUBMITS // SUBMIT_CONCURRENCY)
    drafts: list[list[str]] = [[] for _ in range(SUBMIT_CONCURRENCY)]
    prep_errors: list[str] = []

    def prepare(slot: int) -> None:
        client = Client(port, sessions[slot])
        for _ in range(per_slot):
            try:
                drafts[slot].append(prepare_draft(client, world, docs, {}))
            except (FlowError, OSError, http.client.HTTPException, ValueError) as exc:
                prep_errors.append(str(exc))

    log(f"  preparing {per_slot * SUBMIT_CONCURRENCY} complete drafts (untimed)")
    run_threads(SUBMIT_CONCURRENCY, prepare)
    timings: list[dict[str, list[float]]] = [{} for _ in range(SUBMIT_CONCURRENCY)]
    done = [0] * SUBMIT_CONCURRENCY
    errors: list[str] = []

    def work(slot: int) -> None:
        client = Client(port, sessions[slot])
        for url in drafts[slot]:
            try:
                submit(client, url, timings[slot])
                done[slot] += 1
            except (FlowError, OSError, http.client.HTTPException, ValueError) as exc:
                errors.append(str(exc))

    elapsed = run_threads(SUBMIT_CONCURRENCY, work)
    values = [v for per in timings for v in per.get("submit", [])]
    return {
        "submits": sum(done),
        "seconds": round(elapsed, 2),
        "submits_per_second": round(sum(done) / elapsed, 2) if elapsed else 0.0,
        "latency_ms": _pct(values),
        "errors": len(errors) + len(prep_errors),
        "first_errors": (prep_errors + errors)[:3],
    }


def measure_python(
    port: int,
    method: str,
    paths: list[str],
    concurrency: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    bad: list[int] = [0] * concurrency
    deadline = time.perf_counter() + SECONDS
    want = 201 if method == "POST" else 200

    def work(slot: int) -> None:
        client = Client(port)
        rng = random.Random(slot)
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                status, _ = client.request(method, rng.choice(paths), body or None, headers)
            except (OSError, http.client.HTTPException):
                bad[slot] += 1
                continue
            latencies[slot].append((time.perf_counter() - began) * 1000)
            if status != want:
                bad[slot] += 1

    elapsed = run_threads(concurrency, work)
    values = [v for per in latencies for v in per]
    return {
        "tool": "python-threads",
        "requests": len(values),
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(values) / elapsed, 1),
        "latency_ms": _pct(values),
        "errors": sum(bad),
    }


def measure_wrk(
    port: int, paths: list[str], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    script = TMP / "paths.lua"
    listed = ",\n".join(json.dumps(p) for p in paths)
    script.write_text(
        f"local paths = {{\n{listed}\n}}\n"
        "math.randomseed(7)\n"
        "request = function()\n"
        "  return wrk.format('GET', paths[math.random(#paths)])\n"
        "end\n"
        "done = function(summary, latency, requests)\n"
        '  io.write(string.format(\'JSON{"requests":%d,"seconds":%.3f,"p50":%.3f,'
        '"p95":%.3f,"p99":%.3f,"max":%.3f,"non2xx":%d,"socket":%d}\\n\',\n'
        "    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,\n"
        "    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,\n"
        "    summary.errors.status, summary.errors.connect + summary.errors.read +\n"
        "    summary.errors.write + summary.errors.timeout))\n"
        "end\n"
    )
    out = subprocess.run(
        [
            WRK,
            f"-t{min(CONCURRENCY, os.cpu_count() or 2)}",
            f"-c{CONCURRENCY}",
            f"-d{max(1, round(SECONDS))}s",
            "--timeout",
            "10s",
            *[f"-H{name}: {value}" for name, value in (headers or {}).items()],
            "-s",
            str(script),
            f"http://{HOST}:{port}/",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=SECONDS + 60,
    ).stdout
    data = json.loads(next(x for x in out.splitlines() if x.startswith("JSON"))[4:])
    return {
        "tool": "wrk",
        "requests": data["requests"],
        "seconds": round(data["seconds"], 2),
        "requests_per_second": round(data["requests"] / data["seconds"], 1),
        "latency_ms": {k: round(data[k], 2) for k in ("p50", "p95", "p99", "max")},
        "errors": data["non2xx"] + data["socket"],
    }


def check_paths(port: int, paths: list[str], headers: dict[str, str] | None = None) -> None:
    client = Client(port)
    for path in paths[:3]:
        status, body = client.request("GET", path, headers=headers)
        if status != 200:
            raise SystemExit(f"{path} answered {status}: {body[:300]!r}")


def profile_submits(world: dict[str, Any], docs: tuple[bytes, bytes], count: int) -> dict[str, Any]:
    """`count` submits in process (after one untimed), each a complete draft made beforehand:
    wall time, the queries with their time, cProfile's heaviest functions, and EXPLAIN ANALYZE
    of the slowest queries of the last submit."""
    import cProfile
    import pstats

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from satupintu.accounts.models import User
    from satupintu.applications import services
    from satupintu.catalog.models import Service

    service = Service.objects.get(pk=world["service_id"])
    citizen = User.objects.filter(kind="citizen").order_by("pk").first()
    answers = {"child_name": "Anak Bench", "birth_date": "2025-01-02"}

    steps: dict[str, list[tuple[int, float]]] = {}  # step -> [(queries, process CPU ms)]
    step_sql: dict[str, list[str]] = {}  # step -> the last call's statements
    # BENCH_PROFILE_STEPS=1: cProfile the draft's steps too (their CPU then includes its cost).
    step_profiles: dict[str, Any] = {}
    profile_steps = os.environ.get("BENCH_PROFILE_STEPS") == "1"

    def step(name: str, call: Any) -> Any:
        profiled = step_profiles.setdefault(name, cProfile.Profile()) if profile_steps else None
        with CaptureQueriesContext(connection) as captured:
            began = time.process_time()
            if profiled is not None:
                profiled.enable()
            result = call()
            if profiled is not None:
                profiled.disable()
            cpu = (time.process_time() - began) * 1000
        steps.setdefault(name, []).append((len(captured.captured_queries), cpu))
        step_sql[name] = [q["sql"][:160] for q in captured.captured_queries]
        return result

    def draft() -> Any:
        made = step("start", lambda: services.application_start(actor=citizen, service=service))
        step(
            "answers",
            lambda: services.application_save_answers(
                actor=citizen, application=made, answers=answers
            ),
        )
        for (name, data), required in zip(
            (("lahir.pdf", docs[0]), ("kk.jpg", docs[1])),
            world["required_document_ids"],
            strict=True,
        ):
            step(
                "upload",
                lambda name=name, data=data, required=required: (
                    services.application_attach_document(
                        actor=citizen,
                        application=made,
                        upload=SimpleUploadedFile(name, data),
                        required_document_id=required,
                    )
                ),
            )
        made.refresh_from_db()
        return made

    def submit_one(made: Any) -> None:
        services.application_submit(
            actor=citizen, application=made, idempotency_key=uuid.uuid4().hex, declaration=True
        )

    submit_one(draft())  # imports, caches, the workflow version: not what a submit costs
    steps.clear()
    step_profiles.clear()
    profiler = cProfile.Profile()
    walls: list[float] = []
    cpus: list[float] = []
    sql_ms: list[float] = []
    last: list[dict[str, str]] = []
    for _ in range(count):
        made = draft()
        with CaptureQueriesContext(connection) as captured:
            began, cpu_began = time.perf_counter(), time.process_time()
            profiler.enable()
            submit_one(made)
            profiler.disable()
            walls.append((time.perf_counter() - began) * 1000)
            cpus.append((time.process_time() - cpu_began) * 1000)
        # A second submit, unprofiled: process CPU without cProfile's overhead.
        made = draft()
        with CaptureQueriesContext(connection) as captured_plain:
            cpu_began = time.process_time()
            submit_one(made)
            steps.setdefault("submit", []).append(
                (len(captured_plain.captured_queries), (time.process_time() - cpu_began) * 1000)
            )
        sql_ms.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        last = list(captured.captured_queries)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(45)
    tottime = io.StringIO()
    pstats.Stats(profiler, stream=tottime).sort_stats("tottime").print_stats(25)
    explained = []
    for query in sorted(last, key=lambda q: -float(q["time"]))[:10]:
        sql = query["sql"]
        if sql.upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")):
            continue
        plan: list[str] = []
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                plan = [row[0] for row in cursor.fetchall()]
                transaction.set_rollback(True)  # an INSERT or UPDATE explained is not kept
        except Exception as exc:
            plan = [f"(no plan: {exc})"]
        explained.append(
            {"ms": round(float(query["time"]) * 1000, 2), "sql": sql[:600], "plan": plan}
        )
    per_step = {
        name: {
            "calls": len(rows),
            "queries": sorted({q for q, _cpu in rows}),
            "cpu_ms": _pct([cpu for _q, cpu in rows]),
        }
        for name, rows in steps.items()
    }
    for name, profiled in step_profiles.items():
        text = io.StringIO()
        pstats.Stats(profiled, stream=text).sort_stats("cumulative").print_stats(40)
        per_step[name]["cprofile_cumulative"] = text.getvalue().splitlines()[:60]
        text = io.StringIO()
        pstats.Stats(profiled, stream=text).sort_stats("tottime").print_stats(20)
        per_step[name]["cprofile_tottime"] = text.getvalue().splitlines()[:35]
    return {
        "submits": count,
        "steps": per_step,
        "step_sql": {name: sql for name, sql in step_sql.items() if name != "submit"},
        "wall_ms": _pct(walls),
        "profiled_cpu_ms": _pct(cpus),
        "sql_ms": _pct(sql_ms),
        "queries_per_submit": len(last),
        "queries": [{"ms": round(float(q["time"]) * 1000, 2), "sql": q["sql"][:240]} for q in last],
        "slowest_explained": explained,
        "cprofile_cumulative": out.getvalue().splitlines()[:80],
        "cprofile_tottime": tottime.getvalue().splitlines()[:45],
    }


def profile_http_flows(
    world: dict[str, Any], docs: tuple[bytes, bytes], count: int
) -> dict[str, Any]:
    """`count` full flows through the API in process (django.test.Client, a signed-in citizen,
    after one untimed flow): per request, its queries (middleware included) and process CPU."""
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    from satupintu.accounts.models import User

    citizen = User.objects.filter(kind="citizen").order_by("pk")[1]
    client = DjangoClient(SERVER_NAME=HOST)
    client.force_login(citizen)
    steps: dict[str, list[tuple[int, float]]] = {}
    last_sql: dict[str, list[str]] = {}

    def call(step: str, method: str, path: str, **kwargs: Any) -> Any:
        with CaptureQueriesContext(connection) as captured:
            began = time.process_time()
            response = getattr(client, method)(path, **kwargs)
            cpu = (time.process_time() - began) * 1000
        if response.status_code not in (200, 201):
            raise FlowError(f"{step}: HTTP {response.status_code} {response.content[:300]!r}")
        steps.setdefault(step, []).append((len(captured.captured_queries), cpu))
        last_sql[step] = [q["sql"][:160] for q in captured.captured_queries]
        return response.json()

    def flow() -> None:
        body = call(
            "start",
            "post",
            "/api/v1/applications",
            data={"service": world["service_slug"]},
            content_type="application/json",
        )
        url = body["url"]
        call(
            "answers",
            "patch",
            f"{url}/answers",
            data={"answers": {"child_name": "Anak Bench", "birth_date": "2025-01-02"}, "step": 1},
            content_type="application/json",
        )
        for (name, data), required in zip(
            (("lahir.pdf", docs[0]), ("kk.jpg", docs[1])),
            world["required_document_ids"],
            strict=True,
        ):
            upload = io.BytesIO(data)
            upload.name = name
            call(
                "upload",
                "post",
                f"{url}/documents",
                data={"file": upload, "required_document_id": str(required)},
            )
        call(
            "submit",
            "post",
            f"{url}/submit",
            data={"declaration": True},
            content_type="application/json",
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )

    flow()
    steps.clear()
    for _ in range(count):
        flow()
    return {
        "flows": count,
        "steps": {
            name: {
                "queries": sorted({q for q, _cpu in rows}),
                "cpu_ms": _pct([cpu for _q, cpu in rows]),
                "flow_cpu_share_ms": round(sum(cpu for _q, cpu in rows) / count, 1),
            }
            for name, rows in steps.items()
        },
        "sql": last_sql,
    }


def existing_seed(count: int) -> dict[str, Any] | None:
    """What seed_applications reports, for a reused database that holds `count` already."""
    from django.db import connection

    from satupintu.applications.models import Application

    table = Application._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT min(id), max(id), count(*) FROM {table} WHERE idempotency_key LIKE %s",
            ["seed-%"],
        )
        low, high, total = cursor.fetchone()
        if total < count:
            return None
        cursor.execute(
            f"SELECT tracking_code FROM {table} WHERE idempotency_key LIKE %s "
            "AND id %% 997 = 1 ORDER BY id LIMIT 5000",
            ["seed-%"],
        )
        codes = [row[0] for row in cursor.fetchall()]
    return {
        "applications": total,
        "seed_seconds": 0.0,
        "id_range": [low, high],
        "sample_codes": codes,
    }


def main() -> int:
    started_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    server: subprocess.Popen[bytes] | None = None
    created = False
    try:
        (TMP / "bench_settings.py").write_text(SETTINGS_MODULE)
        (TMP / "bench_urls.py").write_text(URLS_MODULE)
        log(f"creating database {DB_NAME}")
        created = create_database()
        world = existing_world() if REUSE and not created else None
        if world is None:
            world = setup_world()
        seeded = existing_seed(APPLICATIONS) if REUSE else None
        if seeded is None:
            log(f"seeding {APPLICATIONS:,} applications with COPY")
            seeded = seed_applications(world, APPLICATIONS)
        docs = (make_pdf(DOC_BYTES), make_jpeg(DOC_BYTES))
        if PROFILE:
            log(f"profiling {PROFILE} submits in process at {seeded['applications']:,}")
            report = {
                "benchmark": "applications-profile",
                "started_at": started_at,
                "load_average": os.getloadavg(),
                "applications": seeded["applications"],
                "profile": profile_submits(world, docs, PROFILE),
                "http": profile_http_flows(world, docs, max(5, PROFILE // 2)),
            }
            print(json.dumps(report, indent=2, default=str))
            return 0
        sessions = citizen_sessions(max(SUBMIT_CONCURRENCY, 1))
        from django.db import connections

        connections.close_all()
        port = free_port()
        server = start_server(port, workers=WORKERS, threads=THREADS)
        use_wrk = os.path.exists(WRK)
        # One untimed flow per worker thread first, so imports and connections are warm.
        warm = Client(port, sessions[0])
        for _ in range(WORKERS * THREADS):
            submit(warm, prepare_draft(warm, world, docs, {}), {})

        log(f"(a) full submission flows for {SECONDS:g} s, {SUBMIT_CONCURRENCY} citizens")
        full = measure_full_flow(port, world, sessions, docs)
        log("(a) submit-only on prepared drafts")
        submit_only = measure_submit_only(port, world, sessions, docs)
        log("(a) bare insert view")
        bare_insert = measure_python(
            port, "POST", ["/bench/insert/"], SUBMIT_CONCURRENCY, b"x" * 100
        )

        # The secret travels in a header: a secret in the query string is refused (access logs).
        status_headers = {"X-Status-Secret": SECRET}
        status_paths = [
            "/api/v1/status?" + urlencode({"code": code})
            for code in seeded.pop("sample_codes")[:2000]
        ]
        low, high = seeded["id_range"]
        rng = random.Random(5)
        read_paths = [f"/bench/read/{rng.randint(low, high)}/" for _ in range(2000)]
        check_paths(port, status_paths, status_headers)
        check_paths(port, read_paths)
        log(f"(b) public status checks for {SECONDS:g} s, {CONCURRENCY} connections")
        status = (
            measure_wrk(port, status_paths, status_headers)
            if use_wrk
            else measure_python(port, "GET", status_paths, CONCURRENCY, headers=status_headers)
        )
        log("(b) bare read view")
        bare_read = (
            measure_wrk(port, read_paths)
            if use_wrk
            else measure_python(port, "GET", read_paths, CONCURRENCY)
        )

        def ratio(a: float, b: float) -> float:
            return round(a / b, 4) if b else 0.0

        report = {
            "benchmark": "applications",
            "started_at": started_at,
            "machine": {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
            },
            "database": "postgresql",
            "data": {**seeded, "citizens": world["citizens"], "setup_seconds": world["steps"]},
            "server": {"gunicorn_workers": WORKERS, "threads_per_worker": THREADS},
            "submissions": {
                "documents": {"pdf_bytes": len(docs[0]), "jpeg_bytes": len(docs[1])},
                "concurrency": SUBMIT_CONCURRENCY,
                "full_flow": full,
                "submit_only": submit_only,
                "bare_insert": bare_insert,
                "ratio_full_flow_to_bare_insert": ratio(
                    full["flows_per_second"], bare_insert["requests_per_second"]
                ),
                "ratio_submit_to_bare_insert": ratio(
                    submit_only["submits_per_second"], bare_insert["requests_per_second"]
                ),
            },
            "status_checks": {
                "concurrency": CONCURRENCY,
                "api_status": {"path": "/api/v1/status?code=… (X-Status-Secret header)", **status},
                "bare_read": {"path": "/bench/read/<id>/", **bare_read},
                "ratio_status_to_bare_read": ratio(
                    status["requests_per_second"], bare_read["requests_per_second"]
                ),
            },
        }
        print(json.dumps(report, indent=2, default=str))
        return 0
    finally:
        if server is not None:
            stop_server(server)
        if os.environ.get("BENCH_KEEP") != "1":
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # noqa: S110 - Django may never have been set up
                pass
            if created and not REUSE:
                drop_database()
            shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
