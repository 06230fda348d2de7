"""The officer's inbox at national scale on PostgreSQL, beside a bare one-row view.

Standalone and self-cleaning: creates a fresh PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/, database `satupintu_bench_inbox_<pid>`), migrates it and
builds a world with bulk inserts (COPY for the big tables, never the ORM row by row):

- BENCH_AGENCIES agencies (default 250) spread over a WIB, a WITA and a WIT province, each with
  BENCH_SERVICES_PER_AGENCY services (4) on the verify → review → approve → issue workflow
  (verify has `auto_assign`, review's "forward" action is `bulk`);
- BENCH_OFFICERS officers (5,000) with one role each (verifier, reviewer, approver, front desk,
  supervisor, in turn) in one agency;
- BENCH_APPLICATIONS cases (1,000,000): 70 % closed, 30 % open across the four steps with step
  deadlines from five days overdue to ten days ahead, a third of the open ones held by an
  officer; every case's applicant name indexed (`ApplicantNameToken`, two words each).

It then measures, in this process through the real URL stack (Django's test Client: every
middleware, the session, two-factor, the template), BENCH_REQUESTS times each:

- `inbox_first_page`: `GET /kantor/permohonan/` as a random verifier;
- `inbox_search_name`: the same with `?q=<a name>` (the blind-index search);
- `inbox_filtered`: with `?step=review&channel=online` as a reviewer;
- `bare_one_row`: `GET /bench/read/<id>/`, a view selecting one application by primary key;

reports p50/p95/p99 in ms, the number of SQL queries of one inbox page (from
CaptureQueriesContext, with their text), and case actions per second (`application_act`,
sequentially, on open cases at the verify step), then drops the database and prints ONE JSON
object on stdout (progress goes to stderr). BENCH_KEEP=1 keeps the database (BENCH_DATABASE_NAME
names it); BENCH_REUSE_DATABASE=<its URL> measures it again without seeding (migrated and
analysed first, never dropped; the case actions of each run move a few hundred cases on).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import platform
import random
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import _postgres  # noqa: E402

TMP = Path(tempfile.mkdtemp(prefix="satupintu-bench-inbox-"))
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")
# A world an earlier run kept (BENCH_KEEP=1): its database URL. It is migrated (new indexes),
# vacuumed, analysed and measured, never seeded again nor dropped.
REUSE = os.environ.get("BENCH_REUSE_DATABASE", "")
DB_NAME = os.environ.get("BENCH_DATABASE_NAME") or f"satupintu_bench_inbox_{os.getpid()}"
KEPT = bool(REUSE) or os.environ.get("BENCH_KEEP") == "1"


def _key(purpose: str) -> str:
    """A random key; for a database that outlives the run (kept or reused), one derived from
    its name, so the next run opens its sealed columns (synthetic data only)."""
    if KEPT:
        name = urlsplit(REUSE).path.strip("/") if REUSE else DB_NAME
        seed = f"satupintu-bench-inbox:{name}:{purpose}".encode()
        return base64.b64encode(hashlib.sha256(seed).digest()).decode()
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _db_url(name: str) -> str:
    return _postgres.db_url(BASE_URL, name)


os.environ["DATABASE_URL"] = REUSE or _db_url(DB_NAME)
os.environ["SATUPINTU_DATA_DIR"] = str(TMP)
os.environ["DJANGO_DEBUG"] = "false"
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
os.environ["DJANGO_SETTINGS_MODULE"] = "bench_inbox_settings"
os.environ["LOG_LEVEL"] = "WARNING"
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", f"bench:{_key('fields')}")
os.environ.setdefault("FIELD_HASH_KEY", _key("hash"))
os.environ.setdefault("LEDGER_SIGNING_KEY", _key("ledger"))
sys.path[:0] = [str(TMP), str(ROOT)]

APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "1000000"))
AGENCIES = int(os.environ.get("BENCH_AGENCIES", "250"))
SERVICES_PER_AGENCY = int(os.environ.get("BENCH_SERVICES_PER_AGENCY", "4"))
OFFICERS = int(os.environ.get("BENCH_OFFICERS", "5000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
ACTIONS = int(os.environ.get("BENCH_ACTIONS", "300"))
CITIZENS = max(100, min(20_000, APPLICATIONS // 50))

(TMP / "bench_inbox_settings.py").write_text(
    "from config.settings import *  # noqa: F403\n"
    'ROOT_URLCONF = "bench_inbox_urls"\n'
    # The test Client needs no HTTPS redirect; everything else stays production.
    "SECURE_SSL_REDIRECT = False\nSESSION_COOKIE_SECURE = False\nCSRF_COOKIE_SECURE = False\n"
    'STORAGES = {**STORAGES, "staticfiles": '
    '{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}\n'
)
(TMP / "bench_inbox_urls.py").write_text(
    """
from django.db import connection
from django.http import JsonResponse
from django.urls import path
from config.urls import urlpatterns as project_urls


def bare_read(request, pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tracking_code, status, step_due_at FROM applications_application WHERE id = %s",
            [pk],
        )
        row = cursor.fetchone()
    return JsonResponse({"tracking_code": row[0], "status": row[1], "due": str(row[2])})


urlpatterns = [path("bench/read/<int:pk>/", bare_read), *project_urls]
"""
)


def log(message: str) -> None:
    print(f"[bench_inbox] {message}", file=sys.stderr, flush=True)


def create_database() -> None:
    _postgres.create_database(BASE_URL, DB_NAME)


def drop_database() -> None:
    _postgres.drop_database(BASE_URL, DB_NAME)


PROVINCES = [("32", "Jawa Barat"), ("73", "Sulawesi Selatan"), ("94", "Papua Tengah")]


def build_world() -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command

    from satupintu.accounts.models import User
    from satupintu.catalog import services as catalog_services
    from satupintu.catalog import workflow
    from satupintu.catalog.models import (
        INTERNAL_COMPONENTS,
        PUBLIC_COMPONENTS,
        Category,
        Service,
        WorkflowVersion,
    )
    from satupintu.organizations.models import Agency, Membership, Role
    from satupintu.regions.models import Region

    steps: dict[str, float] = {}
    began = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    steps["migrate_s"] = round(time.perf_counter() - began, 1)
    began = time.perf_counter()
    for code, name in PROVINCES:
        Region.objects.create(
            code=code, name=name, level=1, kind="provinsi", search_name=name.lower(), path=name
        )
    agencies = Agency.objects.bulk_create(
        [
            Agency(
                slug=f"dinas-{i}",
                name=f"Dinas Bench {i}",
                short_name=f"DB{i}",
                kind=Agency.Kind.REGIONAL_OFFICE,
                region_id=PROVINCES[i % len(PROVINCES)][0],
            )
            for i in range(AGENCIES)
        ]
    )
    category = Category.objects.create(slug="kependudukan", name="Kependudukan")
    standard = {key: "Sesuai standar." for key in (*PUBLIC_COMPONENTS, *INTERNAL_COMPONENTS)}
    model = catalog_services.service_create(
        actor=None,
        agency=agencies[0],
        data={
            **standard,
            "name": "Akta Kelahiran",
            "summary": "Penerbitan akta.",
            "category": category,
            "status": "active",
            "sla_working_days": 5,
            "output_product": "Akta kelahiran",
        },
    )
    clones = []
    for agency in agencies:
        for k in range(SERVICES_PER_AGENCY):
            if agency.pk == agencies[0].pk and k == 0:
                continue
            clone = Service.objects.get(pk=model.pk)
            clone.pk = None
            clone.slug = f"layanan-{agency.pk}-{k}"
            clone.name = f"Layanan {k} {agency.short_name}"
            clone.agency = agency
            clones.append(clone)
    Service.objects.bulk_create(clones, batch_size=1000)
    spec = workflow.template_full(5)
    for step in spec["steps"]:
        if step["key"] == "verify":
            step["auto_assign"] = True
    for action in spec["actions"]:
        if action["key"] == "review_ok":
            action["bulk"] = True
    WorkflowVersion.objects.filter(service=model).delete()
    services = list(Service.objects.order_by("id").values_list("id", "agency_id"))
    now = dt.datetime.now(dt.UTC)
    versions = WorkflowVersion.objects.bulk_create(
        [
            WorkflowVersion(
                service_id=sid, number=1, state="published", spec=spec, published_at=now
            )
            for sid, _ in services
        ],
        batch_size=1000,
    )
    version_of = {v.service_id: v.pk for v in versions}
    by_agency: dict[int, list[int]] = {}
    for sid, aid in services:
        by_agency.setdefault(aid, []).append(sid)
    steps["catalog_s"] = round(time.perf_counter() - began, 1)

    began = time.perf_counter()
    roles = [Role.VERIFIER, Role.REVIEWER, Role.APPROVER, Role.FRONT_DESK, Role.SUPERVISOR]
    officers = [
        User(
            username=f"petugas{i}@bench.invalid",
            kind="officer",
            full_name=f"Petugas {i}",
            nip=f"19800101200001{i:04d}"[:18],
        )
        for i in range(OFFICERS)
    ]
    citizens = [
        User(username=f"warga{i}@bench.invalid", kind="citizen", full_name=f"Warga Nama{i}")
        for i in range(CITIZENS)
    ]
    for user in (*officers, *citizens):
        user.set_unusable_password()
    User.objects.bulk_create(officers, batch_size=2000)
    User.objects.bulk_create(citizens, batch_size=2000)
    officer_rows = list(
        User.objects.filter(kind="officer").order_by("id").values_list("id", flat=True)
    )
    memberships = []
    staff: dict[tuple[int, str], list[int]] = {}
    for i, uid in enumerate(officer_rows):
        agency = agencies[i % AGENCIES]
        role = roles[(i // AGENCIES) % len(roles)]
        memberships.append(Membership(user_id=uid, agency=agency, role=role))
        staff.setdefault((agency.pk, role), []).append(uid)
    Membership.objects.bulk_create(memberships, batch_size=2000)
    steps["people_s"] = round(time.perf_counter() - began, 1)
    return {
        "agencies": [a.pk for a in agencies],
        "by_agency": by_agency,
        "version_of": version_of,
        "staff": staff,
        "steps": steps,
    }


def load_world() -> tuple[dict[str, Any], dict[str, Any]]:
    """The world and seed summary of a kept database (BENCH_REUSE_DATABASE), read back."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from satupintu.accounts.models import User
    from satupintu.catalog.models import Service, WorkflowVersion
    from satupintu.organizations.models import Membership

    began = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE status <> 'completed') "
            "FROM applications_application"
        )
        total, open_count = cursor.fetchone()
    by_agency: dict[int, list[int]] = {}
    for sid, aid in Service.objects.order_by("id").values_list("id", "agency_id"):
        by_agency.setdefault(aid, []).append(sid)
    staff: dict[tuple[int, str], list[int]] = {}
    for uid, aid, role in Membership.objects.order_by("user_id").values_list(
        "user_id", "agency_id", "role"
    ):
        staff.setdefault((aid, role), []).append(uid)
    world = {
        "agencies": sorted(by_agency),
        "by_agency": by_agency,
        "version_of": dict(WorkflowVersion.objects.values_list("service_id", "id")),
        "staff": staff,
        "steps": {"migrate_and_analyze_s": round(time.perf_counter() - began, 1)},
    }
    seeded = {
        "applications": total,
        "open": open_count,
        "seed_s": None,
        "name_index_s": None,
        "applicant_names": list(
            User.objects.filter(kind="citizen").order_by("id").values_list("id", "full_name")
        ),
    }
    return world, seeded


OPEN_STEPS = [("verify", "submitted"), ("review", "in_review"), ("approve", "in_review"),
              ("issue", "approved")]  # fmt: skip


def seed_applications(world: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection

    from satupintu.accounts.models import User
    from satupintu.applications import name_index, tracking
    from satupintu.applications.models import Application

    began = time.perf_counter()
    rng = random.Random(20261201)
    citizens = list(
        User.objects.filter(kind="citizen").order_by("id").values_list("id", "full_name")
    )
    sealed = Application._meta.get_field("answers_sealed").get_db_prep_save(
        json.dumps({"child_name": "Anak"}), connection
    )
    now = dt.datetime.now(dt.UTC)
    fields = [f for f in Application._meta.concrete_fields if f.column != "id"]
    columns = [str(f.column) for f in fields]
    codes: set[str] = set()
    agencies = world["agencies"]
    roles_for_step = {"verify": "verifier", "review": "reviewer", "approve": "approver",
                      "issue": "approver"}  # fmt: skip

    def rows() -> Any:
        for n in range(APPLICATIONS):
            while True:
                body = "".join(rng.choices(tracking.ALPHABET, k=8))
                code = f"SP-{body}{tracking.check_character(body)}"
                if code not in codes:
                    codes.add(code)
                    break
            agency_id = agencies[n % len(agencies)]
            service_id = world["by_agency"][agency_id][n % SERVICES_PER_AGENCY]
            submitted = now - dt.timedelta(seconds=rng.randrange(365 * 86400))
            is_open = rng.random() < 0.3
            assignee = None
            if is_open:
                step, status = OPEN_STEPS[rng.randrange(len(OPEN_STEPS))]
                due = now + dt.timedelta(hours=rng.randrange(-5 * 24, 10 * 24))
                holders = world["staff"].get((agency_id, roles_for_step[step])) or []
                if holders and rng.random() < 0.33:
                    assignee = rng.choice(holders)
            else:
                step, status, due = "completed", "completed", None
            row = {
                "public_id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "service_id": service_id,
                "agency_id": agency_id,
                "applicant_id": citizens[n % len(citizens)][0],
                "submitted_by_id": None,
                "channel": "counter" if n % 7 == 0 else "online",
                "status": status,
                "answers_sealed": sealed,
                "current_step": 2,
                "declaration_accepted_at": submitted,
                "idempotency_key": f"seed-{n}",
                "tracking_code": code,
                "status_secret_hash": "",
                "status_secret": "",
                "submitted_at": submitted,
                "snapshot": "{}",
                "due_at": submitted + dt.timedelta(days=7),
                "workflow_version_id": world["version_of"][service_id],
                "workflow_step": step,
                "step_started_at": submitted,
                "step_due_at": due,
                "paused_at": None,
                "return_step": "",
                "correction": "{}",
                "decided_at": None if is_open else submitted + dt.timedelta(days=3),
                "completed_at": None if is_open else submitted + dt.timedelta(days=3),
                "assignee_id": assignee,
                "assigned_at": submitted if assignee else None,
                "created_at": submitted,
                "updated_at": submitted,
            }
            missing = [c for c in columns if c not in row]
            if missing:
                raise SystemExit(f"bench does not know how to fill Application columns {missing}")
            if n and n % 200_000 == 0:
                log(f"  {n:,} applications")
            yield [row[c] for c in columns]

    _postgres.copy_rows(Application._meta.db_table, columns, rows())
    seeded = round(time.perf_counter() - began, 1)
    began = time.perf_counter()
    word_token: dict[str, str] = {}
    name_tokens: dict[int, list[str]] = {}
    for uid, name in citizens:
        toks = []
        for word in name_index.words(name):
            if word not in word_token:
                word_token[word] = name_index.tokens(word)[0]
            toks.append(word_token[word])
        name_tokens[uid] = toks
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, applicant_id FROM applications_application")
        pairs = cursor.fetchall()
    _postgres.copy_rows(
        "applications_applicantnametoken",
        ["application_id", "token"],
        ([pk, tok] for pk, uid in pairs for tok in name_tokens[uid]),
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE status <> 'completed') FROM applications_application"
        )
        total, open_count = cursor.fetchone()
    return {
        "applications": total,
        "open": open_count,
        "seed_s": seeded,
        "name_index_s": round(time.perf_counter() - began, 1),
        "applicant_names": citizens,
    }


def _pct(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)

    return {
        "p50_ms": at(0.50),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "mean_ms": round(statistics.fmean(ordered), 2),
        "n": len(ordered),
    }


def _client(user: Any) -> Any:
    """Signed in and past two-factor, as the tests' officers are."""
    from conftest import signed_in

    return signed_in(user)


def timed(clients: list[Any], paths: list[str]) -> dict[str, float]:
    """Latencies, and this process's CPU per request (Django's side, not the database
    server's): the figure that holds on a machine shared with other work."""
    times: list[float] = []
    cpu = time.process_time()
    for i in range(REQUESTS):
        client = clients[i % len(clients)]
        path = paths[i % len(paths)]
        began = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
    return {
        **_pct(times),
        "cpu_ms_per_request": round((time.process_time() - cpu) * 1000 / REQUESTS, 2),
    }


def measure(world: dict[str, Any], seeded: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Max, Min

    from satupintu.accounts.models import User
    from satupintu.applications import services
    from satupintu.applications.models import Application

    rng = random.Random(7)
    pick = lambda role: [  # noqa: E731
        uid for (aid, r), uids in world["staff"].items() if r == role for uid in uids
    ]
    verifiers = User.objects.in_bulk(rng.sample(pick("verifier"), min(40, len(pick("verifier")))))
    reviewers = User.objects.in_bulk(rng.sample(pick("reviewer"), min(20, len(pick("reviewer")))))
    verifier_clients = [_client(u) for u in verifiers.values()]
    reviewer_clients = [_client(u) for u in reviewers.values()]
    inbox = "/kantor/permohonan/"
    load_before = os.getloadavg()
    # Warm up (first template loads, connections).
    for client in verifier_clients[:3]:
        client.get(inbox)
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        first = verifier_clients[0].get(inbox)
    rows_shown = first.content.decode().count("<tr class=")
    names = [
        name
        for _, name in rng.sample(
            seeded["applicant_names"], min(50, len(seeded["applicant_names"]))
        )
    ]
    low, high = Application.objects.aggregate(low=Min("id"), high=Max("id")).values()
    ids = [rng.randrange(low, high + 1) for _ in range(200)]
    results = {
        "inbox_first_page": timed(verifier_clients, [inbox]),
        "inbox_search_name": timed(
            verifier_clients, [f"{inbox}?q={name.replace(' ', '+')}" for name in names]
        ),
        "inbox_filtered": timed(reviewer_clients, [f"{inbox}?step=review&channel=online"]),
        "bare_one_row": timed(verifier_clients, [f"/bench/read/{pk}/" for pk in ids]),
    }
    bare_cpu = results["bare_one_row"]["cpu_ms_per_request"] or 1
    for block in results.values():
        block["cpu_ratio_to_bare"] = round(block["cpu_ms_per_request"] / bare_cpu, 1)
    load_after_reads = os.getloadavg()
    # Case actions per second: the verifier's "verify_ok" on open, unheld cases at verify.
    done = 0
    began = time.perf_counter()
    candidates = list(
        Application.objects.filter(
            workflow_step="verify", status="submitted", assignee__isnull=True
        )
        .select_related("workflow_version", "agency", "applicant", "service")
        .order_by("id")[: ACTIONS * 3]
    )
    verifier_of: dict[int, Any] = {}
    for (aid, role), uids in world["staff"].items():
        if role == "verifier":
            verifier_of[aid] = uids[0]
    actors = User.objects.in_bulk(list(verifier_of.values()))
    began = time.perf_counter()
    for application in candidates:
        if done >= ACTIONS:
            break
        actor = actors.get(verifier_of.get(application.agency_id, 0))
        if actor is None:
            continue
        services.application_act(
            actor=actor,
            application=application,
            action="verify_ok",
            checklist=["Identitas pemohon sesuai dokumen", "Semua dokumen terbaca"],
        )
        done += 1
    elapsed = time.perf_counter() - began
    return {
        "load_average": {"before": load_before, "after_reads": load_after_reads},
        "latency": results,
        "inbox_queries": len(queries),
        "inbox_query_sql": [sql[:160] for sql in queries],
        "inbox_rows_on_first_page": rows_shown,
        "case_actions": {
            "actions": done,
            "seconds": round(elapsed, 2),
            "per_second": round(done / elapsed, 1) if elapsed else None,
        },
    }


def main() -> int:
    if REUSE:
        log(f"reusing {REUSE}")
    else:
        create_database()
        log(f"database {DB_NAME}; {APPLICATIONS:,} applications, {OFFICERS:,} officers")
    try:
        if REUSE:
            world, seeded = load_world()
        else:
            world = build_world()
            log(f"world built {world['steps']}")
            seeded = seed_applications(world)
        log(f"seeded {seeded['applications']:,} ({seeded['open']:,} open) in {seeded['seed_s']} s")
        measured = measure(world, seeded)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            (pg_version,) = cursor.fetchone()
        report = {
            "benchmark": "inbox",
            "database": f"PostgreSQL {pg_version}",
            "size": {
                "applications": seeded["applications"],
                "open": seeded["open"],
                "agencies": len(world["agencies"]),
                "services": sum(len(s) for s in world["by_agency"].values()),
                "officers": sum(len(u) for u in world["staff"].values()),
                "citizens": len(seeded["applicant_names"]),
            },
            "setup_seconds": {
                **world["steps"],
                "seed_s": seeded["seed_s"],
                "name_index_s": seeded["name_index_s"],
            },
            **measured,
            "through": "django.test.Client (full middleware, session, two-factor, template)",
            "goal": "inbox_first_page p95 < 50 ms",
            "machine": {
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
            },
        }
        print(json.dumps(report, indent=2, default=str))
    finally:
        if os.environ.get("BENCH_KEEP") != "1" and not REUSE:
            from django.db import connections

            connections.close_all()
            drop_database()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
