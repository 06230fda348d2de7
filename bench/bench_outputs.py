"""Outputs benchmark: signed documents generated and signed per second.

Prints one JSON object on stdout. Runs on a throwaway SQLite file and data dir by default
(BENCH_DATABASE_URL=postgres://... for an empty scratch PostgreSQL database). It seeds the demo,
makes BENCH_OUTPUTS (default 200) completed Akta Kelahiran cases (bulk inserted: setup, not the
thing measured), then times, each case in its own transaction:

- `render`: the unsigned PDF (template, certified data, QR code) alone;
- `sign`: the PAdES signature (pyHanko, development ECDSA P-256 key) of one rendered PDF alone;
- `issue`: `outputs.issue_for` end to end: the locked per-agency number, render, sign, store
  the file, the Output row, the ledger entry and the outbox row.
"""

from __future__ import annotations

import io
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TMP = Path(tempfile.mkdtemp(prefix="bench-outputs-"))
os.environ["DATABASE_URL"] = (
    os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{TMP / 'db.sqlite3'}"
)
os.environ["SATUPINTU_DATA_DIR"] = str(TMP)
os.environ.setdefault("SATUPINTU_DEV_DEFAULTS", "true")
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("NOTIFICATIONS_TASK_DELIVERY", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from satupintu.applications import outputs, signing, snapshot  # noqa: E402
from satupintu.applications.models import Application, Output, Status  # noqa: E402
from satupintu.catalog import demo_data  # noqa: E402
from satupintu.catalog.models import Service  # noqa: E402

COUNT = int(os.environ.get("BENCH_OUTPUTS", "200"))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def make_cases(count: int) -> list[Application]:
    from satupintu.accounts.selectors import user_for_contact

    siti = user_for_contact(f"siti@{demo_data.DEMO_DOMAIN}")
    service = Service.objects.get(slug="akta-kelahiran")
    frozen = snapshot.take(service)
    now = timezone.now()
    rows = []
    for i in range(count):
        application = Application(
            service=service,
            agency=service.agency,
            applicant=siti,
            status=Status.COMPLETED,
            tracking_code=f"SP-BENCH{i:06d}",
            submitted_at=now,
            completed_at=now,
            snapshot=frozen,
        )
        application.answers = {"nama-anak": f"Anak {i}", "tanggal-lahir": "2026-01-15"}
        rows.append(application)
    Application.objects.bulk_create(rows, batch_size=500)
    return list(Application.objects.filter(tracking_code__startswith="SP-BENCH").order_by("id"))


def rate(count: int, seconds: float) -> dict[str, float]:
    return {
        "count": count,
        "seconds": round(seconds, 3),
        "per_second": round(count / seconds, 1) if seconds else 0.0,
        "ms_each": round(1000 * seconds / count, 2) if count else 0.0,
    }


def main() -> dict[str, Any]:
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    cases = make_cases(COUNT)
    setup = time.perf_counter() - started
    log(f"setup {setup:.1f}s, {len(cases)} cases")

    # Warm: key loading, fonts, the signer cache.
    sample = outputs.Draft(
        kind="output",
        number="BENCH/0",
        title="Kutipan akta kelahiran",
        agency=cases[0].agency,
        application=cases[0],
        issued_at=timezone.now(),
    )
    pdf = outputs.render(sample)
    signing.sign_pdf(pdf, agency_slug=cases[0].agency.slug, reason="bench", location="bench")

    start = time.perf_counter()
    for application in cases:
        outputs.render(
            outputs.Draft(
                kind="output",
                number="BENCH/1",
                title="Kutipan akta kelahiran",
                agency=application.agency,
                application=application,
                issued_at=timezone.now(),
            )
        )
    render_seconds = time.perf_counter() - start

    start = time.perf_counter()
    for _ in cases:
        signing.sign_pdf(pdf, agency_slug=cases[0].agency.slug, reason="bench", location="bench")
    sign_seconds = time.perf_counter() - start

    start = time.perf_counter()
    for application in cases:
        with transaction.atomic():
            outputs.issue_for(application, None)  # ledgered as the system
    issue_seconds = time.perf_counter() - start
    issued = Output.objects.count()
    sizes = list(Output.objects.values_list("size", flat=True))
    return {
        "benchmark": "outputs",
        "database": connection.vendor,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "signature": "PAdES B-B, pyHanko, ECDSA P-256 development key, SHA-256",
        "setup_seconds": round(setup, 2),
        "render": rate(len(cases), render_seconds),
        "sign": rate(len(cases), sign_seconds),
        "issue": {**rate(len(cases), issue_seconds), "issued": issued},
        "output_bytes": {
            "min": min(sizes) if sizes else 0,
            "max": max(sizes) if sizes else 0,
            "mean": round(sum(sizes) / len(sizes)) if sizes else 0,
        },
    }


if __name__ == "__main__":
    try:
        print(json.dumps(main(), indent=2))
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(TMP, ignore_errors=True)
