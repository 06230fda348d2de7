"""The floor under bench_complaints: the same five-call lifecycle on a bare Django 5.2 project.

No apps, no middleware, no sessions, no sign-in, no CSRF, no encryption, no notifications, no
ORM: each view runs the fewest SQL statements its step needs through Django's connection (with
`transaction.atomic`, as any write must), on PostgreSQL, over a table of as many complaints as
the platform's run, with the same partial board indexes. Every write adds one ledger row in the
same transaction (the rule the platform keeps), but that row is not hash-chained or signed.

Served by gunicorn exactly as the platform is (config/gunicorn.py, the same workers and threads)
and driven by the same client, so the lifecycles per second it reaches are an upper bound for
anything built on Django on this machine: what the platform adds on top is what it must do
(who is asking, may they, sealed personal data, the chained ledger, the outbox, the clocks).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import _postgres

SETTINGS = """
SECRET_KEY = "bench-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS = []
MIDDLEWARE = []
ROOT_URLCONF = "bare_urls"
DATABASES = {{"default": {{"ENGINE": "django.db.backends.postgresql", "NAME": "{name}",
    "USER": "{user}", "HOST": "{host}", "PORT": "{port}", "CONN_MAX_AGE": 60}}}}
USE_TZ = True
"""

URLS = """
import json
import uuid

from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.urls import path


def _body(request):
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _locked(cursor, public_id):
    cursor.execute("SELECT id, status FROM complaint WHERE public_id = %s FOR UPDATE", [public_id])
    return cursor.fetchone()


def complaints(request):
    data = _body(request)
    if request.method != "POST" or not data or not data.get("subject"):
        return JsonResponse({"detail": "bad request"}, status=400)
    public_id = uuid.uuid4()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO complaint (public_id, status, category, agency, region, subject,"
            " description, filed_at) VALUES (%s, 'new', %s, 'dinas-bench-0', '32', %s, %s, now())",
            [public_id, data.get("category", ""), data["subject"], data.get("description", "")],
        )
        cursor.execute(
            "INSERT INTO ledger (action, ref, at) VALUES ('complaint.filed', %s, now())",
            [public_id],
        )
    return JsonResponse({"url": f"/api/v1/complaints/{public_id}"}, status=201)


def claim(request, public_id):
    if request.method != "POST":
        return JsonResponse({"detail": "method"}, status=405)
    with transaction.atomic(), connection.cursor() as cursor:
        row = _locked(cursor, public_id)
        if row is None:
            return JsonResponse({"detail": "not found"}, status=404)
        cursor.execute(
            "UPDATE complaint SET status = 'in_progress', holder = 1 WHERE id = %s", [row[0]]
        )
        cursor.execute(
            "INSERT INTO ledger (action, ref, at) VALUES ('complaint.claimed', %s, now())",
            [public_id],
        )
    return JsonResponse({"status": "in_progress"})


def responses(request, public_id):
    data = _body(request)
    if request.method != "POST" or not data or not data.get("body"):
        return JsonResponse({"detail": "bad request"}, status=400)
    resolved = data.get("kind") == "resolved"
    with transaction.atomic(), connection.cursor() as cursor:
        row = _locked(cursor, public_id)
        if row is None:
            return JsonResponse({"detail": "not found"}, status=404)
        cursor.execute(
            "INSERT INTO response (complaint_id, kind, body, public, at)"
            " VALUES (%s, %s, %s, %s, now())",
            [row[0], data.get("kind", "response"), data["body"], bool(data.get("public"))],
        )
        if resolved:
            cursor.execute(
                "UPDATE complaint SET status = 'resolved', published_at = now() WHERE id = %s",
                [row[0]],
            )
        cursor.execute(
            "INSERT INTO ledger (action, ref, at) VALUES (%s, %s, now())",
            ["complaint.resolved" if resolved else "complaint.responded", public_id],
        )
    return JsonResponse({"kind": data.get("kind", "response")}, status=201)


FILTERS = {"category": "category", "agency": "agency", "region": "region"}


def board(request):
    where, params = ["published_at IS NOT NULL"], []
    for name, column in FILTERS.items():
        if request.GET.get(name):
            where.append(f"{column} = %s")
            params.append(request.GET[name])
    status = request.GET.get("status")
    if status == "open":
        where.append("status <> 'closed'")
    elif status == "closed":
        where.append("status = 'closed'")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, public_id, subject, status, category, published_at FROM complaint"
            f" WHERE {' AND '.join(where)} ORDER BY published_at DESC LIMIT 20",
            params,
        )
        rows = cursor.fetchall()
        answers = {}
        if rows:
            cursor.execute(
                "SELECT complaint_id, body, at FROM response"
                " WHERE complaint_id = ANY(%s) AND public ORDER BY at",
                [[r[0] for r in rows]],
            )
            for complaint_id, body, at in cursor.fetchall():
                answers.setdefault(complaint_id, []).append({"body": body, "at": at.isoformat()})
    items = [
        {"id": str(r[1]), "subject": r[2], "status": r[3], "category": r[4],
         "published_at": r[5].isoformat(), "responses": answers.get(r[0], [])}
        for r in rows
    ]
    return JsonResponse({"items": items})


def healthz(request):
    return HttpResponse("ok")


urlpatterns = [
    path("healthz", healthz),
    path("api/v1/complaints", complaints),
    path("api/v1/complaints/board", board),
    path("api/v1/complaints/<uuid:public_id>/claim", claim),
    path("api/v1/complaints/<uuid:public_id>/responses", responses),
]
"""

WSGI = """
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "bare_settings"
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
"""

SCHEMA = [
    "CREATE TABLE complaint (id bigserial PRIMARY KEY, public_id uuid NOT NULL UNIQUE,"
    " status text NOT NULL, category text NOT NULL, agency text NOT NULL, region text NOT NULL,"
    " holder integer, subject text NOT NULL, description text NOT NULL,"
    " filed_at timestamptz NOT NULL, published_at timestamptz)",
    "CREATE TABLE response (id bigserial PRIMARY KEY, complaint_id bigint NOT NULL"
    " REFERENCES complaint, kind text NOT NULL, body text NOT NULL, public boolean NOT NULL,"
    " at timestamptz NOT NULL)",
    "CREATE TABLE ledger (id bigserial PRIMARY KEY, action text NOT NULL, ref uuid NOT NULL,"
    " at timestamptz NOT NULL)",
]
# The rows: a tenth in the bench agency, 90 % closed, a third published, as the platform's seed.
SEED = """
INSERT INTO complaint (public_id, status, category, agency, region, subject, description,
                       filed_at, published_at)
SELECT gen_random_uuid(),
       CASE WHEN i % 10 = 0 THEN 'in_progress' ELSE 'closed' END,
       (ARRAY['kependudukan','kesehatan','pendidikan','infrastruktur','lingkungan'])[1 + i % 5],
       'dinas-bench-' || CASE WHEN i % 10 = 0 THEN 0 ELSE i % %(agencies)s END,
       (ARRAY['32','35','73'])[1 + i % 3],
       'Keluhan nomor ' || i, 'Uraian keluhan warga nomor ' || i,
       now() - (i || ' minutes')::interval,
       CASE WHEN i % 3 = 0 THEN now() - (i || ' minutes')::interval END
FROM generate_series(1, %(rows)s) AS i
"""
INDEXES = [
    "CREATE INDEX ON complaint (category, published_at DESC) WHERE published_at IS NOT NULL",
    "CREATE INDEX ON complaint (agency, published_at DESC) WHERE published_at IS NOT NULL",
    "CREATE INDEX ON complaint (region, published_at DESC) WHERE published_at IS NOT NULL",
    "CREATE INDEX ON complaint (published_at DESC) WHERE published_at IS NOT NULL",
    "CREATE INDEX ON response (complaint_id)",
    "ANALYZE",
]


def build(base_url: str, name: str, folder: Path, *, rows: int, agencies: int) -> dict[str, Any]:
    """Create database `name` with `rows` complaints and the project files in `folder`; returns
    the environment and the WSGI path to serve it with, and how long the build took."""
    from urllib.parse import urlsplit

    import psycopg

    began = time.perf_counter()
    _postgres.drop_database(base_url, name)
    _postgres.create_database(base_url, name)
    url = _postgres.db_url(base_url, name).replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in SCHEMA:
            conn.execute(statement)
        conn.execute(SEED.replace("%(agencies)s", str(agencies)).replace("%(rows)s", str(rows)))
        for statement in INDEXES:
            conn.execute(statement)
    parts = urlsplit(base_url)
    folder.mkdir(parents=True, exist_ok=True)
    settings = SETTINGS.format(
        name=name, user=parts.username or "postgres", host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
    )  # fmt: skip
    (folder / "bare_settings.py").write_text(settings)
    (folder / "bare_urls.py").write_text(URLS)
    (folder / "bare_wsgi.py").write_text(WSGI)
    return {
        "app": "bare_wsgi:application",
        "env": {"PYTHONPATH": str(folder), "DJANGO_SETTINGS_MODULE": "bare_settings"},
        "build_seconds": round(time.perf_counter() - began, 1),
    }
