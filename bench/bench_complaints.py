"""Complaint lifecycles per second through the HTTP API on PostgreSQL, with BENCH_COMPLAINTS
(default 1,000,000) complaints already stored.

One lifecycle = create (the citizen's `POST /api/v1/complaints`) → assign (the liaison's
`POST …/claim`) → respond (`POST …/responses`, a public answer) → resolve (`POST …/responses`
kind "resolved") → search (`GET /api/v1/complaints/board?…`, the public board's filters over the
stored million, four filter sets in turn). For reference, DIGIT's complaint service publishes
6.3 lifecycles/s at 1M records on 16 vCPU.

The world: BENCH_AGENCIES (50) agencies, the bench agency holding a tenth of every complaint
(a big city's Disdukcapil), five categories, three provinces with two regencies each,
10,000 citizens with a confirmed contact, and BENCH_COMPLAINTS complaints copied in with COPY
(90 % closed, a third published, half anonim) with their "filed" event and, for the published
closed ones, a public answer on the board. A routing rule sends the category "kependudukan" to
the bench agency, whose BENCH_CONCURRENCY complaint liaisons (signed in, past two-factor) handle
what the citizens file.

gunicorn is started as `bin/run` starts it (bench/_server.py: config/gunicorn.py, BENCH_WORKERS
2 × BENCH_THREADS 4, MALLOC_ARENA_MAX=2, NOTIFICATIONS_TASK_DELIVERY=false), on production
settings (DJANGO_DEBUG=false, collected static files, freshly generated keys) with its data dir
in a temp directory. BENCH_CONCURRENCY (8) citizen/liaison pairs run lifecycles back to back for
BENCH_SECONDS (30); the report gives lifecycles/s, p50/p95/p99 per step, and CPU ms per
lifecycle of the gunicorn processes, of the PostgreSQL backends serving them, and of this client.
Before the load, one lifecycle runs in this process through Django's test client to count the
SQL queries of each step (`queries_per_step`).

Seeding a million takes a few minutes, so `BENCH_REUSE_DATABASE=1` keeps the database
(`BENCH_DB_NAME`, default `satupintu_bench_complaints`) and its keys (in a `bench_meta` table)
and the next run with the same BENCH_COMPLAINTS and BENCH_AGENCIES measures it again (migrated
first); without it the database is `satupintu_bench_complaints_<pid>` and dropped at the end.
`BENCH_PROFILE=1` runs BENCH_PROFILE_LIFECYCLES (20) lifecycles in this process under cProfile
instead (no server) and prints the top functions and every step's queries with their time to
stderr. BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/) is the server; BENCH_REDIS_URL
(e.g. redis://127.0.0.1:6379/14) serves as REDIS_URL does in the scale-out setup (cache and
session reads in Redis), empty by default (the cache table). BENCH_PROFILE_CALLERS (with
BENCH_PROFILE) names functions whose callers to print.

After the platform's run, the same lifecycles run against a bare Django project on a database of
as many rows (bench/_bare_lifecycle.py: no middleware, no sign-in, no ORM): `bare_floor` in the
report, and `share_of_floor`. BENCH_BARE=0 leaves it out, BENCH_BARE=only measures it alone.
"""

from __future__ import annotations

import base64
import cProfile
import datetime as dt
import http.client
import io
import json
import os
import platform
import pstats
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

import _bare_lifecycle
import _load
import _postgres
from _server import free_port, start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.mkdtemp(prefix="satupintu-bench-complaints-"))
HOST = "127.0.0.1"
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")
REUSE = os.environ.get("BENCH_REUSE_DATABASE", "") not in ("", "0", "false")
DB_NAME = os.environ.get("BENCH_DB_NAME") or (
    "satupintu_bench_complaints" if REUSE else f"satupintu_bench_complaints_{os.getpid()}"
)
COMPLAINTS = int(os.environ.get("BENCH_COMPLAINTS", "1000000"))
AGENCIES = max(2, int(os.environ.get("BENCH_AGENCIES", "50")))
# The bench agency's complaint liaisons: each new complaint is announced to every one of them.
LIAISONS = max(1, int(os.environ.get("BENCH_LIAISONS", "4")))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
PROFILE = os.environ.get("BENCH_PROFILE", "") not in ("", "0", "false")
# The floor: the same lifecycle on a bare Django project (bench/_bare_lifecycle.py) after the
# platform's run; "only" measures the floor alone, 0 leaves it out.
BARE = os.environ.get("BENCH_BARE", "1").lower()
BARE_DB_NAME = "satupintu_bench_bare_lifecycle"
PROFILE_LIFECYCLES = int(os.environ.get("BENCH_PROFILE_LIFECYCLES", "20"))
CITIZENS = 10_000
SEED = 2  # the version of what seed_complaints writes: a kept database of another is rebuilt
CATEGORIES = ["kependudukan", "kesehatan", "pendidikan", "infrastruktur", "lingkungan"]
PROVINCES = {"32": ("Jawa Barat", ["32.73", "32.76"]), "35": ("Jawa Timur", ["35.78", "35.15"]),
             "73": ("Sulawesi Selatan", ["73.71", "73.08"])}  # fmt: skip
STEPS = ("create", "assign", "respond", "resolve", "search")


def log(message: str) -> None:
    print(f"[bench_complaints] {message}", file=sys.stderr, flush=True)


def _key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _meta_connect(db_name: str = DB_NAME) -> Any:
    import psycopg

    url = _postgres.db_url(BASE_URL, db_name).replace("postgres://", "postgresql://", 1)
    return psycopg.connect(url, autocommit=True)


def _kept_meta() -> dict[str, Any] | None:
    """What an earlier run with BENCH_REUSE_DATABASE stored in its database, if it matches."""
    import psycopg

    try:
        with _meta_connect() as conn:
            rows = dict(conn.execute("SELECT name, value FROM bench_meta").fetchall())
    except psycopg.Error:
        return None
    meta = {name: json.loads(value) for name, value in rows.items()}
    want = {"complaints": COMPLAINTS, "agencies": AGENCIES, "liaisons": LIAISONS, "seed": SEED}
    if meta.get("size") != want or "keys" not in meta or "world" not in meta:
        log(f"kept database {DB_NAME} holds {meta.get('size')}, not {want}: building it again")
        return None
    return meta


KEPT = _kept_meta() if REUSE else None
KEYS = (KEPT or {}).get("keys") or {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "FIELD_ENCRYPTION_KEYS": f"bench:{_key()}",
    "FIELD_HASH_KEY": _key(),
    "LEDGER_SIGNING_KEY": _key(),
}

# Everything points into the temp directory and the bench database *before* Django is imported:
# production settings (as bin/run serves them), never a real database.
os.environ.update(KEYS)
os.environ["DATABASE_URL"] = _postgres.db_url(BASE_URL, DB_NAME)
os.environ["SATUPINTU_DATA_DIR"] = str(TMP)
os.environ["DJANGO_DEBUG"] = "false"
os.environ["DJANGO_ALLOWED_HOSTS"] = f"{HOST},testserver"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["LOG_LEVEL"] = "WARNING"
os.environ["NOTIFICATIONS_TASK_DELIVERY"] = "false"  # as bin/run: the background process delivers
# BENCH_REDIS_URL: the scale-out setup, cache and session reads in Redis (README, REDIS_URL).
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "")
os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
sys.path.insert(0, str(ROOT))


# --- the world ----------------------------------------------------------------------------------


def _people(kind: str, handle: str, name: str, count: int) -> list[int]:
    """`count` accounts of `kind` (handle0@bench.invalid, …), by id."""
    from satupintu.accounts.models import User

    users = [
        User(
            username=f"{handle}{i}@bench.invalid",
            email=f"{handle}{i}@bench.invalid",
            kind=kind,
            full_name=f"{name} {i}",
        )
        for i in range(count)
    ]
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users, batch_size=2000)
    return list(
        User.objects.filter(kind=kind, username__startswith=handle)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def build_world() -> dict[str, Any]:
    """Agencies, categories, regions, one service, the routing rule, citizens, liaisons."""
    from satupintu.catalog import services as catalog_services
    from satupintu.catalog.models import INTERNAL_COMPONENTS, PUBLIC_COMPONENTS, Category
    from satupintu.complaints.models import RoutingRule
    from satupintu.organizations.models import Agency, Membership, Role
    from satupintu.regions.models import Region

    regencies = []
    for code, (name, children) in PROVINCES.items():
        province = Region.objects.create(
            code=code, name=name, level=1, kind="provinsi", search_name=name.lower(), path=name
        )
        for child in children:
            regencies.append(
                Region.objects.create(
                    code=child,
                    name=f"Kota {child}",
                    level=2,
                    kind="kota",
                    parent=province,
                    search_name=f"kota {child}",
                    path=f"Kota {child}, {name}",
                ).code
            )
    agencies = Agency.objects.bulk_create(
        [
            Agency(
                slug=f"dinas-bench-{i}",
                name=f"Dinas Bench {i}",
                short_name=f"DB{i}",
                kind=Agency.Kind.REGIONAL_OFFICE,
                region_id=regencies[i % len(regencies)],
            )
            for i in range(AGENCIES)
        ]
    )
    categories = [
        Category.objects.create(slug=slug, name=slug.title(), order=i)
        for i, slug in enumerate(CATEGORIES)
    ]
    standard = {
        key: "Sesuai standar pelayanan." for key in (*PUBLIC_COMPONENTS, *INTERNAL_COMPONENTS)
    }
    service = catalog_services.service_create(
        actor=None,
        agency=agencies[0],
        data={
            **standard,
            "name": "Akta Kelahiran",
            "summary": "Penerbitan akta kelahiran.",
            "category": categories[0],
            "status": "active",
            "sla_working_days": 5,
            "output_product": "Akta kelahiran",
        },
    )
    RoutingRule.objects.create(category=categories[0], agency=agencies[0])
    for i, category in enumerate(categories[1:], start=1):
        RoutingRule.objects.create(category=category, agency=agencies[i])
    _people("citizen", "warga", "Warga Bench", CITIZENS)
    liaison_ids = _people("officer", "aduan", "Pengelola Aduan", LIAISONS)
    Membership.objects.bulk_create(
        [
            Membership(user_id=uid, agency=agencies[0], role=Role.COMPLAINT_LIAISON)
            for uid in liaison_ids
        ]
    )
    return {
        "agency_ids": [a.pk for a in agencies],
        "agency_slug": agencies[0].slug,
        "category_ids": [c.pk for c in categories],
        "regencies": regencies,
        "service_slug": service.slug,
        "liaison_ids": liaison_ids,
    }


def seed_complaints(world: dict[str, Any]) -> dict[str, Any]:
    """COPY the complaints (90 % closed, a third published, half anonim) and their events."""
    from django.db import connection

    from satupintu.accounts.models import User
    from satupintu.applications import tracking
    from satupintu.complaints.models import Complaint, Event

    began = time.perf_counter()
    rng = random.Random(20261201)
    users = list(User.objects.filter(kind="citizen").values_list("pk", flat=True))

    def sealed(model: Any, name: str, value: str) -> Any:
        return model._meta.get_field(name).get_db_prep_save(value, connection)

    subjects = ["Antrean pelayanan lama", "Jalan berlubang di depan sekolah",
                "Petugas puskesmas tidak ramah", "Sampah menumpuk di pasar",
                "Guru jarang hadir di kelas"]  # fmt: skip
    tokens = {
        "subject": [sealed(Complaint, "subject", s) for s in subjects],
        "description": sealed(Complaint, "description", "Sudah menunggu lama tanpa kepastian."),
        "status_secret": sealed(Complaint, "status_secret", "BENCH2"),
        "empty": sealed(Complaint, "address_street", ""),
        "answer": sealed(Event, "body", "Sudah kami tindak lanjuti, terima kasih."),
    }
    now = dt.datetime.now(dt.UTC)
    fields = [f for f in Complaint._meta.concrete_fields if f.column != "id"]
    columns = [str(f.column) for f in fields]
    agencies, categories = world["agency_ids"], world["category_ids"]
    regencies = world["regencies"]
    codes: set[str] = set()

    def rows() -> Any:
        for n in range(COMPLAINTS):
            while True:
                body = "".join(rng.choices(tracking.ALPHABET, k=8))
                code = f"AD-{body}{tracking.check_character(body)}"
                if code not in codes:
                    codes.add(code)
                    break
            filed = now - dt.timedelta(seconds=rng.randrange(2 * 365 * 86400))
            closed = (n // 10) % 10 != 0  # a tenth open, in every agency
            published = n % 3 == 0
            # A tenth to the bench agency (category kependudukan), the rest spread.
            agency = agencies[0] if n % 10 == 3 else agencies[1 + n % (len(agencies) - 1)]
            category = categories[0] if agency == agencies[0] else categories[n % len(categories)]
            row: dict[str, Any] = {c: None for c in columns}
            row.update(
                {
                    "public_id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "tracking_code": code,
                    "status_secret_hash": "bench",
                    "status_secret": tokens["status_secret"],
                    "kind": "pengaduan" if n % 4 else "aspirasi",
                    "privacy": ("anonim", "publik", "rahasia", "anonim")[n % 4],
                    "identity_shared": False,
                    "channel": "web",
                    "subject": tokens["subject"][n % len(subjects)],
                    "description": tokens["description"],
                    "category_id": category,
                    "region_id": regencies[n % len(regencies)],
                    "address_street": tokens["empty"],
                    "agency_id": agency,
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
                    "answered_at": filed + dt.timedelta(days=8) if closed else None,
                    "closed_at": filed + dt.timedelta(days=9) if closed else None,
                    "reopen_count": 0,
                    "rating_comment": tokens["empty"],
                    "published_at": filed + dt.timedelta(days=1)
                    if published and n % 4 != 2
                    else None,
                    "public_subject": subjects[n % len(subjects)] if published else "",
                    "public_description": "Sudah menunggu lama." if published else "",
                    "created_at": filed,
                    "updated_at": filed,
                }
            )
            if n and n % 200_000 == 0:
                log(f"  {n:,} complaints")
            yield [row[c] for c in columns]

    _postgres.copy_rows(Complaint._meta.db_table, columns, rows())
    copied = round(time.perf_counter() - began, 1)
    began = time.perf_counter()
    table, events = Complaint._meta.db_table, Event._meta.db_table
    columns_sql = (
        "complaint_id, at, kind, actor_label, from_reporter, agency_id, body, is_public, on_board"
    )
    with connection.cursor() as cursor:
        # Every complaint's "filed" event, and a public answer for the closed ones (on the board
        # when the complaint is published).
        cursor.execute(
            f"INSERT INTO {events} ({columns_sql}) SELECT id, filed_at, 'filed', 'Pelapor', true, "
            f"agency_id, %s, true, false FROM {table} ORDER BY id",
            [tokens["empty"]],
        )
        cursor.execute(
            f"INSERT INTO {events} ({columns_sql}) SELECT id, filed_at + interval '2 days', "
            f"'response', 'Pengelola pengaduan', false, agency_id, %s, true, "
            f"published_at IS NOT NULL FROM {table} WHERE status = 'selesai' ORDER BY id",
            [tokens["answer"]],
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(f"SELECT (SELECT count(*) FROM {table}), (SELECT count(*) FROM {events})")
        complaint_count, event_count = cursor.fetchone()
    return {
        "complaints": complaint_count,
        "events": event_count,
        "complaints_seconds": copied,
        "events_seconds": round(time.perf_counter() - began, 1),
    }


def prepare() -> dict[str, Any]:
    """The database (built, or the kept one migrated), static files; facts about the data."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    steps: dict[str, float] = {}

    def timed(step: str, *args: Any, **kwargs: Any) -> None:
        began = time.perf_counter()
        call_command(*args, verbosity=0, stdout=io.StringIO(), **kwargs)
        steps[step] = round(time.perf_counter() - began, 1)

    timed("migrate", "migrate", interactive=False)
    timed("collectstatic", "collectstatic", interactive=False)
    if KEPT is not None:
        return {"world": KEPT["world"], "seeded": KEPT["seeded"], "reused": True, "steps": steps}
    began = time.perf_counter()
    world = build_world()
    steps["world"] = round(time.perf_counter() - began, 1)
    log(f"seeding {COMPLAINTS:,} complaints with COPY")
    seeded = seed_complaints(world)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_meta (name text PRIMARY KEY, value text NOT NULL)")
        for name, value in {
            "keys": KEYS,
            "world": world,
            "seeded": seeded,
            "size": {
                "complaints": COMPLAINTS,
                "agencies": AGENCIES,
                "liaisons": LIAISONS,
                "seed": SEED,
            },
        }.items():
            cursor.execute("INSERT INTO bench_meta VALUES (%s, %s)", [name, json.dumps(value)])
    return {"world": world, "seeded": seeded, "reused": False, "steps": steps}


def session_for(user: Any, *, two_factor: bool) -> dict[str, str]:
    """A signed-in session (cookie + CSRF token), past two-factor for an officer."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.crypto import get_random_string

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if two_factor:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_static.models import StaticDevice

        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    csrf = get_random_string(32)
    if settings.CSRF_USE_SESSIONS:
        store["_csrftoken"] = csrf
    store.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    if not settings.CSRF_USE_SESSIONS:
        cookie += f"; {settings.CSRF_COOKIE_NAME}={csrf}"
    return {"cookie": cookie, "csrf": csrf}


def sessions(world: dict[str, Any]) -> list[tuple[dict[str, str], dict[str, str]]]:
    """One (citizen, liaison) pair of sessions per connection pair."""
    from satupintu.accounts.models import User

    rng = random.Random()
    citizens = list(User.objects.filter(kind="citizen").order_by("pk")[:CITIZENS])
    liaisons = User.objects.in_bulk(world["liaison_ids"])
    return [
        (
            session_for(rng.choice(citizens), two_factor=False),
            session_for(liaisons[world["liaison_ids"][i % len(liaisons)]], two_factor=True),
        )
        for i in range(CONCURRENCY)
    ]


# --- clients ------------------------------------------------------------------------------------


class LifecycleError(Exception):
    pass


class HttpClient:
    """One keep-alive connection carrying one person's session."""

    def __init__(self, port: int, session: dict[str, str]) -> None:
        self.port = port
        self.headers = {"Cookie": session["cookie"], "X-CSRFToken": session["csrf"]}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)

    def call(self, method: str, path: str, payload: Any = None) -> tuple[int, Any]:
        headers = dict(self.headers)
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                status, raw = response.status, response.read()
                break
            except (OSError, http.client.HTTPException) as exc:
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
                # gunicorn closes a keep-alive connection idle for 2 s (this person's while the
                # other one worked): sent again on a new one, as a browser does.
                stale = isinstance(exc, (http.client.RemoteDisconnected, BrokenPipeError))
                if attempt == 2 or not stale:
                    raise
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw[:200]


class InProcessClient:
    """The same calls through Django's WSGI handler in this process (profiling, query counts):
    every middleware, the session, CSRF and the API run; only the socket is left out."""

    def __init__(self, port: int, session: dict[str, str]) -> None:
        from django.test import Client

        self.client = Client(enforce_csrf_checks=True, SERVER_NAME=HOST)
        for part in session["cookie"].split("; "):
            name, _, value = part.partition("=")
            self.client.cookies[name] = value
        self.headers = {"HTTP_X_CSRFTOKEN": session["csrf"]}

    def call(self, method: str, path: str, payload: Any = None) -> tuple[int, Any]:
        if payload is None:
            response = self.client.generic(method, path, **self.headers)
        else:
            response = self.client.generic(
                method, path, json.dumps(payload), content_type="application/json", **self.headers
            )
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, response.content[:200]


def searches(world: dict[str, Any]) -> list[str]:
    """The board filters the search step cycles through."""
    board = "/api/v1/complaints/board?"
    return [
        board + "category=kependudukan&status=open&limit=20",
        board + f"agency={world['agency_slug']}&limit=20",
        board + f"region={world['regencies'][0][:2]}&status=closed&limit=20",
        board + "category=kesehatan&limit=20",
    ]


def lifecycle(
    citizen: Any,
    liaison: Any,
    search_path: str,
    timings: dict[str, list[float]],
    on_step: Any = None,
) -> None:
    def step(name: str, client: Any, method: str, path: str, payload: Any, want: int) -> Any:
        began = time.perf_counter()
        status, body = client.call(method, path, payload)
        timings[name].append((time.perf_counter() - began) * 1000)
        if on_step is not None:
            on_step(name)
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
            "category": "kependudukan",
        },
        201,
    )
    url = created["url"]
    step("assign", liaison, "POST", f"{url}/claim", None, 200)
    step(
        "respond",
        liaison,
        "POST",
        f"{url}/responses",
        {"kind": "response", "body": "Sedang kami periksa.", "public": True},
        201,
    )
    step(
        "resolve",
        liaison,
        "POST",
        f"{url}/responses",
        {"kind": "resolved", "body": "Akta sudah terbit dan dapat diambil.", "public": True},
        201,
    )
    step("search", citizen, "GET", search_path, None, 200)


# --- measurements -------------------------------------------------------------------------------


def _pct(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {}
    return {
        "p50": round(_load.percentile(ordered, 0.50), 1),
        "p95": round(_load.percentile(ordered, 0.95), 1),
        "p99": round(_load.percentile(ordered, 0.99), 1),
        "max": round(ordered[-1], 1),
        "n": len(ordered),
    }


def queries_per_step(world: dict[str, Any], pair: tuple[dict[str, str], dict[str, str]]) -> Any:
    """One lifecycle in this process: how many SQL queries each step runs."""
    from django.db import connection

    counts = dict.fromkeys(STEPS, 0)
    current = {"step": "create"}

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counts[current["step"]] += 1
        return execute(sql, params, many, context)

    order = iter(STEPS[1:])

    def advance(name: str) -> None:
        current["step"] = next(order, name)

    citizen, liaison = InProcessClient(0, pair[0]), InProcessClient(0, pair[1])
    timings: dict[str, list[float]] = {k: [] for k in STEPS}
    for path in searches(world):  # warm the imports first
        lifecycle(citizen, liaison, path, timings)
    with connection.execute_wrapper(count):
        lifecycle(citizen, liaison, searches(world)[0], timings, on_step=advance)
    connection.close()
    return counts


def postgres_cpu_seconds(db_name: str = DB_NAME) -> float:
    """User + system CPU so far of the PostgreSQL backends connected to database `db_name`."""
    with _meta_connect(db_name) as conn:
        pids = [
            pid
            for (pid,) in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [db_name],
            ).fetchall()
        ]
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def measure(
    port: int, server_pid: int, world: dict[str, Any], pairs: Any, db_name: str = DB_NAME
) -> dict[str, Any]:
    timings: list[dict[str, list[float]]] = [{k: [] for k in STEPS} for _ in pairs]
    done = [0] * len(pairs)
    errors: list[str] = []
    paths = searches(world)
    gate = threading.Event()
    deadline = [0.0]

    def work(i: int) -> None:
        citizen, liaison = HttpClient(port, pairs[i][0]), HttpClient(port, pairs[i][1])
        gate.wait()
        n = i
        while time.perf_counter() < deadline[0]:
            try:
                lifecycle(citizen, liaison, paths[n % len(paths)], timings[i])
                done[i] += 1
            except (LifecycleError, OSError, http.client.HTTPException) as exc:
                errors.append(str(exc))
                if len(errors) > 50:
                    return
            n += 1

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(len(pairs))]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # every connection open
    server_before, db_before = _load.cpu_seconds(server_pid), postgres_cpu_seconds(db_name)
    client_before = time.process_time()
    load_before = os.getloadavg()
    began = time.perf_counter()
    deadline[0] = began + SECONDS
    gate.set()
    for thread in threads:
        thread.join(SECONDS + 120)
    elapsed = time.perf_counter() - began
    server_cpu = _load.cpu_seconds(server_pid) - server_before
    db_cpu = postgres_cpu_seconds(db_name) - db_before
    client_cpu = time.process_time() - client_before
    total = sum(done)
    merged = {k: [v for per in timings for v in per[k]] for k in STEPS}

    def per_lifecycle(seconds: float) -> float:
        return round(1000 * seconds / max(1, total), 1)

    return {
        "lifecycles": total,
        "seconds": round(elapsed, 2),
        "lifecycles_per_second": round(total / elapsed, 2) if elapsed else 0.0,
        "latency_ms": {name: _pct(values) for name, values in merged.items()},
        "cpu_ms_per_lifecycle": {
            "gunicorn": per_lifecycle(server_cpu),
            "postgres_backends": per_lifecycle(db_cpu),
            "load_client": per_lifecycle(client_cpu),
            "server_total": per_lifecycle(server_cpu + db_cpu),
        },
        "load_average": {
            "before": [round(x, 2) for x in load_before],
            "after": [round(x, 2) for x in os.getloadavg()],
        },
        "errors": len(errors),
        "first_errors": errors[:3],
    }


def by_package(stats: pstats.Stats, top: int = 20) -> list[tuple[str, float]]:
    """Own (not cumulative) time summed by where the code lives: Django's ORM, psycopg, ninja,
    each of our apps, built-ins: what a lifecycle's time is spent on."""
    totals: dict[str, float] = {}
    site = f"{os.sep}site-packages{os.sep}"
    for (filename, _line, _name), row in stats.stats.items():
        own = row[2]
        if site in filename:
            parts = filename.split(site, 1)[1].split(os.sep)
            key = os.sep.join(parts[:3]) if parts[0] == "django" else parts[0]
        elif filename.startswith(str(ROOT / "satupintu")):
            key = os.sep.join(Path(filename).relative_to(ROOT).parts[:2])
        elif filename == "~":
            key = "built-ins"
        else:
            key = Path(filename).name
        totals[key] = totals.get(key, 0.0) + own
    return sorted(totals.items(), key=lambda item: -item[1])[:top]


def profile(world: dict[str, Any], pair: tuple[dict[str, str], dict[str, str]]) -> None:
    """BENCH_PROFILE=1: lifecycles in this process under cProfile, and each step's queries."""
    from django.db import connection

    citizen, liaison = InProcessClient(0, pair[0]), InProcessClient(0, pair[1])
    paths = searches(world)
    timings: dict[str, list[float]] = {k: [] for k in STEPS}
    for path in paths:
        lifecycle(citizen, liaison, path, timings)  # warm
    timings = {k: [] for k in STEPS}
    queries: dict[str, list[tuple[float, str]]] = {k: [] for k in STEPS}
    current = {"step": "create"}
    order = iter(STEPS[1:])

    def advance(name: str) -> None:
        current["step"] = next(order, name)

    def log_query(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries[current["step"]].append(((time.perf_counter() - began) * 1000, sql))

    with connection.execute_wrapper(log_query):
        lifecycle(citizen, liaison, paths[0], timings, on_step=advance)
    for name, rows in queries.items():
        log(f"{name}: {len(rows)} queries, {sum(ms for ms, _ in rows):.1f} ms in the database")
        for ms, sql in rows:
            log(f"    {ms:7.2f} ms  {sql[:220]}")
    timings = {k: [] for k in STEPS}
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    for n in range(PROFILE_LIFECYCLES):
        lifecycle(citizen, liaison, paths[n % len(paths)], timings)
    profiler.disable()
    elapsed = time.perf_counter() - began
    log(f"{PROFILE_LIFECYCLES} lifecycles in process: {elapsed:.2f} s")
    for name, values in timings.items():
        log(f"  {name}: {_pct(values)}")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(60)
    stats.sort_stats("tottime").print_stats(30)
    for name in filter(None, os.environ.get("BENCH_PROFILE_CALLERS", "").split(",")):
        stats.print_callers(name)  # who calls `name` (a function name or a regex), and how often
    out.write("\nOwn time by package, ms per lifecycle (cProfile's clock: the wall):\n")
    for name, seconds in by_package(stats):
        out.write(f"  {name:44s} {1000 * seconds / PROFILE_LIFECYCLES:8.1f}\n")
    print(out.getvalue(), file=sys.stderr)


def bare_floor() -> dict[str, Any]:
    """The same lifecycles, client and gunicorn settings against the bare project: the floor."""
    log(f"the bare floor: {COMPLAINTS:,} rows in {BARE_DB_NAME}")
    bare = _bare_lifecycle.build(
        BASE_URL, BARE_DB_NAME, TMP / "bare", rows=COMPLAINTS, agencies=AGENCIES
    )
    world = {"agency_slug": "dinas-bench-0", "regencies": ["32.73"]}
    pairs = [({"cookie": "", "csrf": ""}, {"cookie": "", "csrf": ""})] * CONCURRENCY
    saved = os.environ.copy()
    os.environ.update(bare["env"])
    port = free_port()
    server = start_server(port, workers=WORKERS, threads=THREADS, app=bare["app"])
    try:
        warm = searches(world)
        for i in range(WORKERS * THREADS):
            client = HttpClient(port, pairs[0][0])
            lifecycle(client, client, warm[i % len(warm)], {k: [] for k in STEPS})
        log(f"bare lifecycles for {SECONDS:g} s, {CONCURRENCY} pairs")
        result = measure(port, server.pid, world, pairs, db_name=BARE_DB_NAME)
    finally:
        stop_server(server)
        os.environ.clear()
        os.environ.update(saved)
        _postgres.drop_database(BASE_URL, BARE_DB_NAME)
    return {
        "what": "the same five calls on a bare Django project: no middleware, no sign-in, no "
        "ORM, one unchained ledger row per write (bench/_bare_lifecycle.py)",
        "rows": COMPLAINTS,
        "build_seconds": bare["build_seconds"],
        "queries_per_step": {"create": 2, "assign": 3, "respond": 3, "resolve": 4, "search": 2},
        **result,
    }


def main() -> int:
    started_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    server: subprocess.Popen[bytes] | None = None
    created = False
    if BARE == "only":
        print(json.dumps({"benchmark": "complaints-bare-floor", "started_at": started_at,
                          "bare_floor": bare_floor()}, indent=2, default=str))  # fmt: skip
        shutil.rmtree(TMP, ignore_errors=True)
        return 0
    try:
        if KEPT is None:
            if REUSE:
                _postgres.drop_database(BASE_URL, DB_NAME)
            log(f"creating database {DB_NAME}")
            _postgres.create_database(BASE_URL, DB_NAME)
            created = True
        else:
            log(f"reusing database {DB_NAME}")
        prepared = prepare()
        world = prepared["world"]
        pairs = sessions(world)
        if PROFILE:
            profile(world, pairs[0])
            return 0
        counts = queries_per_step(world, pairs[0])
        from django.db import connections

        connections.close_all()
        port = free_port()
        server = start_server(port, workers=WORKERS, threads=THREADS)
        warm = searches(world)
        for i in range(WORKERS * THREADS):  # imports and connections of every worker thread
            citizen, liaison = HttpClient(port, pairs[0][0]), HttpClient(port, pairs[0][1])
            lifecycle(citizen, liaison, warm[i % len(warm)], {k: [] for k in STEPS})
        log(f"lifecycles for {SECONDS:g} s, {CONCURRENCY} citizen/liaison pairs")
        result = measure(port, server.pid, world, pairs)
        stop_server(server)
        server = None
        floor = bare_floor() if BARE not in ("0", "false") else None
        report = {
            "benchmark": "complaints",
            "started_at": started_at,
            "machine": {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
            },
            "database": "postgresql",
            "redis": bool(os.environ["REDIS_URL"]),
            "data": {
                **prepared["seeded"],
                "agencies": AGENCIES,
                "citizens": CITIZENS,
                "reused": prepared["reused"],
                "setup_seconds": prepared["steps"],
            },
            "server": {"gunicorn_workers": WORKERS, "threads_per_worker": THREADS},
            "lifecycle": "create -> assign -> respond -> resolve -> search (HTTP API)",
            "searches": searches(world),
            "concurrency": CONCURRENCY,
            "queries_per_step": counts,
            **result,
            "reference": {
                "digit_lifecycles_per_second_16_vcpu_1m": 6.3,
                "goal_lifecycles_per_second": 126,
            },
        }
        if floor is not None:
            report["bare_floor"] = floor
            report["share_of_floor"] = {
                "lifecycles_per_second": round(
                    result["lifecycles_per_second"] / (floor["lifecycles_per_second"] or 1e-9), 3
                ),
                "server_cpu_times_floor": round(
                    result["cpu_ms_per_lifecycle"]["server_total"]
                    / (floor["cpu_ms_per_lifecycle"]["server_total"] or 1e-9),
                    2,
                ),
            }
        print(json.dumps(report, indent=2, default=str))
        return 0
    finally:
        if server is not None:
            stop_server(server)
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(TMP, ignore_errors=True)
        if created and not REUSE and os.environ.get("BENCH_KEEP") != "1":
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # noqa: S110 - Django may never have been set up
                pass
            _postgres.drop_database(BASE_URL, DB_NAME)


if __name__ == "__main__":
    sys.exit(main())
