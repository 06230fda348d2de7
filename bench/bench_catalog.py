"""Catalog under load: search results, a service page and the search API, served by gunicorn.

Standalone and self-cleaning: builds a throw-away SQLite database in a temp directory, loads
`seed_demo`, clones services up to a realistic catalog size, collects static files, starts
gunicorn on a free 127.0.0.1 port, drives each endpoint for a bounded time, and prints ONE
JSON object on stdout (progress goes to stderr). See bench/README.md for how to read it.

Knobs (environment): BENCH_SERVICES (catalog size, default 1000), BENCH_SECONDS (per endpoint,
default 10), BENCH_CONCURRENCY (connections, default 4), BENCH_WORKERS (gunicorn workers,
default 2), BENCH_THREADS (threads per worker, default 4, as bin/run), BENCH_WRK (path of wrk,
default /usr/bin/wrk; a missing path selects the Python client), BENCH_KEEP=1 keeps the temp
directory, BENCH_REUSE_DATABASE=<url> measures a kept catalog (BENCH_REINDEX=0: without timing
a reindex of it first).
"""

from __future__ import annotations

import base64
import copy
import gzip
import http.client
import io
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _load
from _server import free_port, start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.mkdtemp(prefix="satupintu-bench-"))
HOST = "127.0.0.1"


def _key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


# Everything points into the temp directory *before* Django is imported: the benchmark must
# never touch a real database, and settings are read once at import.
ENGINE = os.environ.get("BENCH_DATABASE", "sqlite")  # "sqlite" or "postgres"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_NAME = f"satupintu_bench_{secrets.token_hex(4)}"
# A catalog an earlier run kept (BENCH_KEEP=1): its database URL. Only migrated and measured,
# never deleted; the setup (generation, reindex) is then not timed.
REUSE = os.environ.get("BENCH_REUSE_DATABASE", "")
if REUSE:
    os.environ["DATABASE_URL"] = REUSE
elif ENGINE == "postgres":
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{PG_NAME}"
else:
    os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["SATUPINTU_DATA_DIR"] = str(TMP)
os.environ["DJANGO_DEBUG"] = "false"
os.environ["DJANGO_ALLOWED_HOSTS"] = HOST
# The bench settings add one route, a bare one-row page rendered through base.html by the same
# middleware and server, as the yardstick for the CPU per request of the real pages.
(TMP / "bench_settings.py").write_text(
    "from config.settings import *  # noqa: F403\nROOT_URLCONF = 'bench_urls'\n"
)
(TMP / "bench_urls.py").write_text(
    "from django.http import HttpResponse\n"
    "from django.template import engines\n"
    "from config.urls import urlpatterns as base\n"
    "from django.urls import path\n"
    "from satupintu.organizations.models import Agency\n"
    "T = engines['django'].from_string(\n"
    "    '{% extends \"base.html\" %}{% block content %}<h1>{{ a.name }}</h1>{% endblock %}')\n"
    "def bare(request):\n"
    "    return HttpResponse(T.render({'a': Agency.objects.only('name').first()}, request))\n"
    "urlpatterns = [path('bench/bare/', bare), *base]\n"
)
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(TMP), str(Path(__file__).resolve().parent.parent), os.environ.get("PYTHONPATH", "")]
)
sys.path.insert(0, str(TMP))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
os.environ["LOG_LEVEL"] = "WARNING"
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", f"bench:{_key()}")
os.environ.setdefault("FIELD_HASH_KEY", _key())
os.environ.setdefault("LEDGER_SIGNING_KEY", _key())
sys.path.insert(0, str(ROOT))

SERVICES = int(os.environ.get("BENCH_SERVICES", "1000"))
AGENCIES = int(os.environ.get("BENCH_AGENCIES", "0"))  # >0: the national generator
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
# Issue 14's budget is stated at 4 connections (p50 ≤ 30 ms).
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
WRK = os.environ.get("BENCH_WRK", "/usr/bin/wrk")  # a missing path selects the Python client
# With BENCH_REUSE_DATABASE: time `manage.py reindex` of the kept catalog too (0: skip it).
REINDEX = os.environ.get("BENCH_REINDEX", "1") == "1"


def log(message: str) -> None:
    print(f"[bench_catalog] {message}", file=sys.stderr, flush=True)


def prepare_database() -> dict[str, Any]:
    """Migrate, seed, grow the catalog; return facts about what was built."""
    import django

    django.setup()
    from django.core.management import call_command, get_commands

    steps: dict[str, float] = {}

    def timed(step: str, *args: Any, **kwargs: Any) -> None:
        began = time.perf_counter()
        call_command(*args, **kwargs)
        steps[step] = round(time.perf_counter() - began, 1)

    timed("migrate", "migrate", interactive=False, verbosity=0)
    if REUSE:
        if REINDEX:
            timed("reindex", "reindex", "--quiet")
        timed("collectstatic", "collectstatic", interactive=False, verbosity=0)
        reused = reused_catalog()
        reused["index"]["reindex_seconds"] = steps.get("reindex")
        return {**reused, "setup_seconds": steps}
    if "load_regions" in get_commands():
        timed("load_regions", "load_regions", "--if-empty", verbosity=0, stdout=io.StringIO())
    timed("seed_demo", "seed_demo", verbosity=0, stdout=io.StringIO())
    began = time.perf_counter()
    if AGENCIES:
        seeded = generate_catalog(SERVICES, AGENCIES)
        steps["generate_catalog"] = round(time.perf_counter() - began, 1)
    else:
        seeded = grow_catalog(SERVICES)
        steps["grow_catalog"] = round(time.perf_counter() - began, 1)
    timed("reindex", "reindex", "--quiet")
    timed("collectstatic", "collectstatic", interactive=False, verbosity=0)
    from django.db import connection

    from satupintu.catalog import search

    index = {"bytes": search.index_size_bytes(), "reindex_seconds": steps["reindex"]}
    connection.close()
    return {**seeded, "index": index, "setup_seconds": steps}


def reused_catalog() -> dict[str, Any]:
    """What `generate_catalog` reports, read from a kept catalog."""
    from satupintu.catalog import search
    from satupintu.catalog.models import Service
    from satupintu.organizations.models import Agency

    akta = (
        Service.objects.filter(slug__startswith="akta-kelahiran-", agency__region__level=2)
        .order_by("pk")
        .first()
    ) or Service.objects.order_by("pk").first()
    assert akta is not None, "the reused database holds no service"
    return {
        "services": Service.objects.count(),
        "agencies": Agency.objects.count(),
        "reused": True,
        "service_slug": akta.slug,
        "regency": akta.agency.region_id if akta.agency.region_id else None,
        "index": {"bytes": search.index_size_bytes(), "reindex_seconds": None},
    }


def generate_catalog(target: int, agencies: int) -> dict[str, Any]:
    """The national catalog generator: every province and regency an agency (see
    satupintu/catalog/generator.py), up to `target` services in all."""
    from satupintu.catalog import generator
    from satupintu.catalog.models import Service
    from satupintu.organizations.models import Agency

    made = generator.generate(
        services=max(0, target - Service.objects.count()), agencies=agencies, reindex=False
    )
    akta = (
        Service.objects.filter(slug__startswith="akta-kelahiran-", agency__region__level=2)
        .order_by("pk")
        .first()
    )
    return {
        "services": Service.objects.count(),
        "agencies": Agency.objects.count(),
        "generated": {"agencies": made.agencies, "services": made.services},
        "service_slug": akta.slug if akta else Service.objects.order_by("pk").first().slug,
        "regency": akta.agency.region_id if akta else None,
    }


def grow_catalog(target: int) -> dict[str, Any]:
    """Clone the seeded services (new slugs, same standards) until the catalog holds `target`.

    A national catalog repeats the same service per regency (every Disdukcapil issues birth
    certificates), so clones keep their search text: a search matches many services, as it
    would in production, rather than the handful the demo seed holds.
    """
    from django.db import transaction
    from django.db.models.base import ModelState

    from satupintu.catalog.models import Service

    originals = list(Service.objects.filter(status=Service.Status.ACTIVE).order_by("pk"))
    if not originals:
        raise SystemExit("seed_demo created no active services; nothing to benchmark.")
    existing = Service.objects.count()
    clones: list[Service] = []
    links: list[tuple[int, list[int]]] = []
    life_events = {
        s.pk: list(s.life_events.values_list("pk", flat=True))
        for s in Service.objects.prefetch_related("life_events").filter(
            pk__in=[o.pk for o in originals]
        )
    }
    for n in range(max(0, target - existing)):
        source = originals[n % len(originals)]
        clone = copy.copy(source)
        clone.pk = None
        clone._state = ModelState()
        clone.slug = f"{source.slug}-k{n + 1}"[:100]
        clone.name = f"{source.name} (Wilayah {n + 1})"[:200]
        clones.append(clone)
        links.append((len(clones) - 1, life_events.get(source.pk, [])))
    with transaction.atomic():
        created = Service.objects.bulk_create(clones, batch_size=500)
        through = Service.life_events.through
        through.objects.bulk_create(
            [
                through(service_id=created[i].pk, lifeevent_id=event)
                for i, events in links
                for event in events
            ],
            batch_size=1000,
        )
    akta = (
        Service.objects.filter(slug__startswith="akta-kelahiran").order_by("pk").first()
        or Service.objects.filter(name__icontains="Akta Kelahiran").order_by("pk").first()
        or originals[0]
    )
    return {
        "services": Service.objects.count(),
        "seeded_services": len(originals),
        "service_slug": akta.slug,
    }


def fetch(
    port: int, path: str, *, gzip_ok: bool = False, timeout: float = 10
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def page_size(port: int, path: str) -> dict[str, Any]:
    """Bytes of the response body as served to a browser (gzip) and uncompressed, and how
    long this first request took (for a search: nothing remembered yet, the full pass)."""
    began = time.perf_counter()
    status, headers, body = fetch(port, path, gzip_ok=True, timeout=120)
    first_ms = round(1000 * (time.perf_counter() - began), 1)
    encoded = headers.get("content-encoding", "")
    raw = gzip.decompress(body) if encoded == "gzip" else body
    return {
        "status": status,
        "bytes_raw": len(raw),
        "bytes_gzip": len(body) if encoded == "gzip" else len(gzip.compress(raw, compresslevel=6)),
        "served_compressed": encoded == "gzip",
        "first_request_ms": first_ms,
    }


def load_python(port: int, path: str) -> dict[str, Any]:
    return _load.load_python(port, path, seconds=SECONDS, concurrency=CONCURRENCY)


def load_wrk(port: int, path: str) -> dict[str, Any]:
    return _load.load_wrk(port, path, seconds=SECONDS, concurrency=CONCURRENCY, wrk=WRK)


_cpu_seconds = _load.cpu_seconds
# How often a search is timed right after a catalog change, and how long to wait for every
# worker to see the new catalog version (PAGE_CACHE_CHECK_SECONDS is 2 s).
AFTER_CHANGE_TIMES = 3
VERSION_CHECK_WAIT = 2.5


def after_change(port: int, path: str) -> dict[str, Any]:
    """The first request for `path` after a catalog change, in warm workers: nothing is
    remembered for it, so this is what the first citizen after a change waits."""
    from django.db import connection

    from satupintu.catalog import search

    times = []
    for _ in range(AFTER_CHANGE_TIMES):
        search.catalog_changed()
        connection.close()
        time.sleep(VERSION_CHECK_WAIT)
        began = time.perf_counter()
        status, _headers, _body = fetch(port, path, timeout=120)
        times.append(round(1000 * (time.perf_counter() - began), 1))
        assert status == 200, (path, status)
    return {"after_change_ms": sorted(times)[len(times) // 2], "after_change_all_ms": times}


def main() -> int:
    started_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    server: subprocess.Popen[bytes] | None = None
    try:
        log(f"reusing {REUSE}" if REUSE else f"building a {SERVICES}-service catalog ({ENGINE})")
        if ENGINE == "postgres" and not REUSE:
            subprocess.run(
                ["createdb", f"--maintenance-db={PG_SERVER}/postgres", PG_NAME], check=True
            )
        catalog = prepare_database()
        if os.environ.get("BENCH_KEEP") == "1" and not REUSE:
            log(f"kept for BENCH_REUSE_DATABASE: {os.environ['DATABASE_URL']}")
        port = free_port()
        server = start_server(port, workers=WORKERS, threads=THREADS)
        tool = "wrk" if os.path.exists(WRK) else "python-threads"
        load = load_wrk if tool == "wrk" else load_python
        near = f"&wilayah={catalog['regency']}" if catalog.get("regency") else ""
        endpoints = {
            "bare_page": "/bench/bare/",
            "search_page": "/layanan/?q=akta+lahir",
            "search_page_near": f"/layanan/?q=akta+lahir{near}",
            "service_page": f"/layanan/{catalog['service_slug']}/",
            "api_search": "/api/v1/services?q=akta",
        }
        results: dict[str, Any] = {}
        for name, path in endpoints.items():
            size = page_size(port, path)
            for _ in range(WORKERS * THREADS):
                fetch(port, path)  # warm every worker's caches before timing
            log(f"{name}: {path} for {SECONDS:g} s with {CONCURRENCY} connections ({tool})")
            cpu_before = _cpu_seconds(server.pid)
            measured = load(port, path)
            cpu = _cpu_seconds(server.pid) - cpu_before
            measured["cpu_ms_per_request"] = round(1000 * cpu / max(1, measured["requests"]), 2)
            results[name] = {"path": path, **size, **measured}
            if name.startswith(("search", "api")):
                results[name].update(after_change(port, path))
        bare_cpu = results["bare_page"]["cpu_ms_per_request"] or 1e-9
        for entry in results.values():
            entry["cpu_ratio_to_bare_page"] = round(entry["cpu_ms_per_request"] / bare_cpu, 2)
        report = {
            "benchmark": "catalog",
            "started_at": started_at,
            "machine": {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
            },
            "database": ENGINE,
            "catalog": catalog,
            "server": {"gunicorn_workers": WORKERS, "threads_per_worker": THREADS},
            "load": {"tool": tool, "connections": CONCURRENCY, "seconds_per_endpoint": SECONDS},
            "endpoints": results,
        }
        print(json.dumps(report, indent=2))
        return 0
    finally:
        if server is not None:
            stop_server(server)
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(TMP, ignore_errors=True)
            if ENGINE == "postgres" and not REUSE:
                subprocess.run(
                    [
                        "dropdb",
                        "--if-exists",
                        "--force",
                        f"--maintenance-db={PG_SERVER}/postgres",
                        PG_NAME,
                    ],
                    check=False,
                )


if __name__ == "__main__":
    sys.exit(main())
