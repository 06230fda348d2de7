"""What a request costs: the platform's hot pages beside a bare Django app served the same way.

Standalone and self-cleaning. Builds a throw-away SQLite database in a temp directory with the
demo data (`migrate`, `load_regions`, `seed_demo`, `collectstatic`: what `make run` serves), and
a bare Django 5.2 project (no apps, no middleware, no context processors) with one table of one
row. Both are served by gunicorn exactly as `bin/run` serves the platform (BENCH_WORKERS workers
× BENCH_THREADS threads), one after the other, never at once. Each target is driven for
BENCH_SECONDS over BENCH_CONCURRENCY keep-alive connections (wrk when present), and the report
gives, per target, requests/s, latency percentiles, **CPU ms per request** (the server processes'
user+system time over the requests completed: steadier than throughput on a shared machine) and
the ratio to the bare one-row page (to the bare JSON hello for `/healthz`) from the same run,
beside the goal issue 13 sets. Prints ONE JSON object on stdout; progress goes to stderr.

Knobs: BENCH_SECONDS (10), BENCH_CONCURRENCY (8), BENCH_WORKERS (2), BENCH_THREADS (4),
BENCH_WRK (/usr/bin/wrk; a missing path selects the Python client), BENCH_KEEP=1.
"""

from __future__ import annotations

import base64
import io
import json
import os
import platform
import secrets
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _load import measure
from _server import free_port, start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.mkdtemp(prefix="satupintu-bench-pages-"))
HOST = "127.0.0.1"
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
WRK = os.environ.get("BENCH_WRK", "/usr/bin/wrk")

# The goals of issue 13: CPU per request at most this many times the yardstick's.
GOALS = {
    "healthz": ("bare_hello", 2),
    "home": ("bare_page", 3),
    "service_page": ("bare_page", 3),
    "status_page": ("bare_page", 3),
    "search_page": ("bare_page", 5),
    "api_search": ("bare_page", 5),
}


def _key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def log(message: str) -> None:
    print(f"[bench_pages] {message}", file=sys.stderr, flush=True)


# The platform's environment, set before Django is imported: production settings, throw-away data.
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["SATUPINTU_DATA_DIR"] = str(TMP)
os.environ["DJANGO_DEBUG"] = "false"
os.environ["DJANGO_ALLOWED_HOSTS"] = HOST
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["LOG_LEVEL"] = "WARNING"
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", f"bench:{_key()}")
os.environ.setdefault("FIELD_HASH_KEY", _key())
os.environ.setdefault("LEDGER_SIGNING_KEY", _key())
sys.path.insert(0, str(ROOT))

# The bare project: what Django itself costs for a page that reads one row, and for a JSON hello.
BARE = TMP / "bare"
BARE_FILES = {
    "bare_settings.py": f"""
SECRET_KEY = "bench-only"
DEBUG = False
ALLOWED_HOSTS = ["{HOST}"]
INSTALLED_APPS = []
MIDDLEWARE = []
ROOT_URLCONF = "bare_urls"
DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": "{BARE / "bare.sqlite3"}",
    "CONN_MAX_AGE": 60}}}}
TEMPLATES = [{{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [],
    "APP_DIRS": False, "OPTIONS": {{}}}}]
USE_TZ = True
""",
    "bare_urls.py": """
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.template import engines
from django.urls import path

PAGE = engines["django"].from_string(
    "<!doctype html><html lang=id><title>{{ name }}</title><h1>{{ name }}</h1></html>"
)


def hello(request):
    return JsonResponse({"hello": "dunia"})


def page(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM agency WHERE id = %s", [1])
        (name,) = cursor.fetchone()
    return HttpResponse(PAGE.render({"name": name}))


urlpatterns = [path("hello/", hello), path("page/", page), path("healthz", hello)]
""",
    "bare_wsgi.py": """
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "bare_settings"
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
""",
}


def build_bare() -> None:
    BARE.mkdir()
    for name, text in BARE_FILES.items():
        (BARE / name).write_text(text)
    with sqlite3.connect(BARE / "bare.sqlite3") as db:
        db.execute("CREATE TABLE agency (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("INSERT INTO agency VALUES (1, 'Dinas Kependudukan dan Pencatatan Sipil')")


def build_platform() -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from satupintu.catalog.models import Service

    began = time.perf_counter()
    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("migrate", interactive=False, **quiet)
    call_command("load_regions", "--if-empty", **quiet)
    call_command("seed_demo", **quiet)
    call_command("collectstatic", interactive=False, **quiet)
    service = Service.objects.filter(slug__startswith="akta-kelahiran").order_by("pk").first()
    slug = service.slug if service else Service.objects.order_by("pk").first().slug
    connection.close()
    return {"setup_seconds": round(time.perf_counter() - began, 1), "service_slug": slug}


def drive(app: str, env: dict[str, str], targets: dict[str, str]) -> dict[str, Any]:
    saved = os.environ.copy()
    os.environ.update(env)
    port = free_port()
    server = start_server(port, workers=WORKERS, threads=THREADS, app=app)
    try:
        results = {}
        for name, path in targets.items():
            log(f"{name}: {path} for {SECONDS:g} s with {CONCURRENCY} connections")
            results[name] = measure(
                port,
                path,
                server.pid,
                seconds=SECONDS,
                concurrency=CONCURRENCY,
                wrk=WRK,
                warm=WORKERS * THREADS,
            )
        return results
    finally:
        stop_server(server)
        os.environ.clear()
        os.environ.update(saved)


def main() -> int:
    started_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    try:
        log(f"building the demo platform and the bare project in {TMP}")
        build_bare()
        world = build_platform()
        bare = drive(
            "bare_wsgi:application",
            {"PYTHONPATH": str(BARE), "DJANGO_SETTINGS_MODULE": "bare_settings"},
            {"bare_hello": "/hello/", "bare_page": "/page/"},
        )
        platform_results = drive(
            "config.wsgi:application",
            {},
            {
                "healthz": "/healthz",
                "home": "/",
                "service_page": f"/layanan/{world['service_slug']}/",
                "search_page": "/layanan/?q=akta+lahir",
                "api_search": "/api/v1/services?q=akta",
                "status_page": "/cek-status/",
            },
        )
        results = {**bare, **platform_results}
        table = []
        for name, entry in results.items():
            goal = GOALS.get(name)
            if goal:
                yardstick, most = goal
                ratio = entry["cpu_ms_per_request"] / (
                    results[yardstick]["cpu_ms_per_request"] or 1e-9
                )
                entry["cpu_ratio"] = {
                    "to": yardstick,
                    "ratio": round(ratio, 2),
                    "goal_at_most": most,
                }
                entry["cpu_ratio"]["met"] = ratio <= most
            table.append(
                {
                    "target": name,
                    "cpu_ms_per_request": entry["cpu_ms_per_request"],
                    "ratio": entry.get("cpu_ratio", {}).get("ratio"),
                    "goal": entry.get("cpu_ratio", {}).get("goal_at_most"),
                    "requests_per_second": entry["requests_per_second"],
                    "p50_ms": entry["latency_ms"]["p50"],
                    "p99_ms": entry["latency_ms"]["p99"],
                    "errors": entry["errors"],
                }
            )
        report = {
            "benchmark": "pages",
            "started_at": started_at,
            "machine": {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
            },
            "server": {"gunicorn_workers": WORKERS, "threads_per_worker": THREADS},
            "load": {"connections": CONCURRENCY, "seconds_per_target": SECONDS},
            "world": world,
            "table": table,
            "targets": results,
        }
        print(json.dumps(report, indent=2))
        return 0
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
