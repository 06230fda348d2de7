"""The soak: everything `make run` starts, under mixed traffic at the highest rate for
SOAK_SECONDS (600), with the error count, p99 per kind and resident memory over time.

Standalone and self-cleaning. Starts the platform exactly as `make run` does: `bin/run` with a
throw-away data dir (SQLite, files, keys and the demo data in a temp directory; a free port),
which runs migrate, collectstatic, load_regions and seed_demo, then the one background process
and gunicorn (2 workers × 4 threads, preloaded). Then closed-loop clients, each sending its next
request as soon as the last one is answered:

- browse (SOAK_BROWSERS, 2): home, a service page, the search page, the API search, the catalog
  (anonymous, no cookies kept, gzip accepted, as a first visit);
- status (SOAK_CHECKERS, 1): the status page form and `GET /api/v1/status` with the secret in
  its header, for the codes the citizens were given;
- citizen (SOAK_CITIZENS, 2): sign in with the login form as a demo citizen (CSRF cookie and
  token, Argon2), then start an Akta Kelahiran application, save its answers, upload each required
  document (four: a 200 KB PDF and a 200 KB JPEG in turn), submit with an Idempotency-Key;
- officer (SOAK_OFFICERS, 1): as each Disdukcapil officer in turn (signed in and past two-factor,
  a session made here as bench_complaints does), the API inbox's first page, a case, its documents
  checked, and the case's first forward action (`POST …/actions`), so cases move to completion
  and outputs are signed.

Every SOAK_SAMPLE_SECONDS (10) the memory of every process `bin/run` started (the shell, the
background process, gunicorn's master and workers) is sampled: RSS summed and PSS summed.
`memory.growth_percent` compares the last sample with the first one taken after
SOAK_WARMUP_SECONDS (60) of traffic (imports, caches and connections settle in the first minute).
An error is a transport error or any answer other than the one the step expects (a 409 from two
officers racing for a case included). Prints ONE JSON object on stdout; progress goes to stderr.
SOAK_LOCK=<file>: take an exclusive flock on it once the platform is up, so only the traffic
and not the boot waits for (and holds) a shared benchmark lock. Knobs above, plus SOAK_KEEP=1 (keep the temp directory) and SOAK_DATA_DIR (reuse one).
"""

from __future__ import annotations

import fcntl
import http.client
import http.cookies
import json
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from _load import make_jpeg, make_pdf, memory_mb, multipart, percentile, process_tree
from _server import free_port, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
# SOAK_DATA_DIR: a data dir an earlier run kept (SOAK_KEEP=1): bin/run finds the demo data there
# and skips seeding (for trying the soak out; a measured run starts from a fresh one).
REUSED = os.environ.get("SOAK_DATA_DIR", "")
TMP = Path(REUSED) if REUSED else Path(tempfile.mkdtemp(prefix="satupintu-soak-"))
HOST = "127.0.0.1"
SECONDS = float(os.environ.get("SOAK_SECONDS", "600"))
WARMUP = float(os.environ.get("SOAK_WARMUP_SECONDS", "60"))
SAMPLE = float(os.environ.get("SOAK_SAMPLE_SECONDS", "10"))
THREADS = {
    "browse": int(os.environ.get("SOAK_BROWSERS", "2")),
    "status": int(os.environ.get("SOAK_CHECKERS", "1")),
    "citizen": int(os.environ.get("SOAK_CITIZENS", "2")),
    "officer": int(os.environ.get("SOAK_OFFICERS", "1")),
}
DOC_BYTES = 200 * 1024
SERVICE = "akta-kelahiran"


def log(message: str) -> None:
    print(f"[soak] {message}", file=sys.stderr, flush=True)


# --- the platform, as `make run` starts it -----------------------------------------------------


def start_platform(port: int) -> subprocess.Popen[bytes]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "SATUPINTU_", "FIELD_", "LEDGER_"))
    }
    env.update(
        SATUPINTU_DATA_DIR=str(TMP),
        DATABASE_URL=f"sqlite:///{TMP / 'db.sqlite3'}",
        HOST=HOST,
        PORT=str(port),
    )
    out = (TMP / "run.log").open("ab")
    # Its own session: stopping it stops the shell, the background process and gunicorn.
    run = subprocess.Popen(
        [str(ROOT / "bin" / "run")],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=out,
        start_new_session=True,
    )
    try:
        wait_healthy(port, run, seconds=600, name="bin/run")  # migrate, seed on a busy machine
    except SystemExit:
        stop_platform(run)
        raise SystemExit(f"the platform did not start; see {TMP / 'run.log'}") from None
    return run


def stop_platform(run: subprocess.Popen[bytes]) -> None:
    if run.poll() is None:
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
            try:
                os.killpg(run.pid, sig)
            except ProcessLookupError:
                return
            try:
                run.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue


def commands(pids: list[int]) -> list[str]:
    """What each process is (`manage.py background`, gunicorn's master or a worker, the shell)."""
    found = []
    for pid in pids:
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        words = [Path(a.decode()).name if n == 0 else a.decode() for n, a in enumerate(argv) if a]
        found.append(f"{pid} " + " ".join(words[:3]))
    return found


def server_errors(limit: int = 40) -> list[str]:
    """The server's error lines (tracebacks' last lines, 5xx in the access log), as bin/run
    logged them: why an error happened, kept in the report as the temp dir is removed."""
    lines = (TMP / "run.log").read_text(errors="replace").splitlines()
    picked = []
    for n, line in enumerate(lines):
        if line.startswith("Traceback"):
            tail = next((x for x in lines[n + 1 : n + 200] if x and not x.startswith(" ")), "")
            picked.append(f"traceback: {tail}")
        elif re.search(r'" 5\d\d ', line) or re.search(r"\b(ERROR|CRITICAL)\b", line):
            picked.append(line[:300])
    return picked[-limit:]


def setup_django() -> None:
    """This process reads the same data dir and keys as the server (to make officer sessions)."""
    os.environ["SATUPINTU_DATA_DIR"] = str(TMP)
    os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'db.sqlite3'}"
    os.environ["DJANGO_SECRET_KEY"] = (TMP / "secret_key").read_text().strip()
    os.environ["SATUPINTU_DEV_DEFAULTS"] = "true"
    os.environ["DJANGO_ALLOWED_HOSTS"] = HOST
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    for line in (TMP / "keys.env").read_text().splitlines():
        name, sep, value = line.partition("=")
        if sep and not name.startswith("#"):
            os.environ[name.strip()] = value.strip().strip("'\"")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def world() -> dict[str, Any]:
    """The demo's citizens, the Disdukcapil officers' sessions and valid Akta Kelahiran answers."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.utils.crypto import get_random_string
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from satupintu.catalog import demo_data, formdef
    from satupintu.catalog.models import Service
    from satupintu.organizations.models import Membership
    from satupintu.regions.models import Region

    service = Service.objects.get(slug=SERVICE)
    village = Region.objects.filter(level=Region.Level.VILLAGE).order_by("code").first()
    answers: dict[str, Any] = {
        "nama-anak": "Anak Soak",
        "tanggal-lahir": "2026-01-15",
        "jenis-kelamin": "P",
        "tempat-lahir": "RSUD Soreang",
        "anak-ke": 1,
        "nik-ibu": "3204014101900001",
        "nama-ibu": "Ibu Soak",
        "status-perkawinan": "kawin-tercatat",
        "nomor-akta-perkawinan": "123/45/VI/2020",
        "nama-pelapor": "Pelapor Soak",
        "nik-pelapor": "3204011203850002",
        "ponsel": "081234567890",
        "alamat": {"region_code": village.code if village else "", "street": "Jl. Soak 1"},
    }
    _, errors = formdef.validate_answers(service, answers)
    if errors:
        raise SystemExit(f"the soak's answers do not fit the {SERVICE} form: {errors}")
    officers = []
    for member in (
        Membership.objects.filter(agency=service.agency, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ):
        user = member.user
        if any(o["user_id"] == user.pk for o in officers):
            continue
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="soak", defaults={"confirmed": True}
        )
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
        csrf = get_random_string(32)
        store.create()
        officers.append(
            {
                "user_id": user.pk,
                "cookies": {settings.SESSION_COOKIE_NAME: store.session_key, "csrftoken": csrf},
                "csrf": csrf,
            }
        )
    citizens = [
        a.username for a in demo_data.ACCOUNTS if a.kind == "citizen" and a.role == "citizen"
    ]
    if not officers or not citizens:
        raise SystemExit("the demo data has no Disdukcapil officers or no citizens")
    connection.close()
    return {
        "service": service.slug,
        "documents": list(service.documents.order_by("order", "id").values_list("pk", flat=True)),
        "answers": answers,
        "officers": officers,
        "citizens": citizens,
        "password": demo_data.demo_password(),
    }


# --- the clients ----------------------------------------------------------------------------


class Failed(Exception):
    pass


class Browser:
    """One keep-alive connection with a cookie jar, recording each step's latency."""

    def __init__(self, port: int, record: Any, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.record = record
        self.cookies = dict(cookies or {})
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)

    def call(
        self,
        step: str,
        method: str,
        path: str,
        *,
        want: int | tuple[int, ...] = 200,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> bytes:
        sent = {"Accept-Encoding": "gzip", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET" and "csrftoken" in self.cookies:
            sent.setdefault("X-CSRFToken", self.cookies["csrftoken"])
            sent.setdefault("Referer", f"http://{HOST}:{self.port}/")
        began = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=sent)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
            self.record(step, (time.perf_counter() - began) * 1000, f"{method} {path}: {exc!r}")
            raise Failed from exc
        for header in response.headers.get_all("Set-Cookie") or []:
            jar: http.cookies.SimpleCookie = http.cookies.SimpleCookie(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        wanted = want if isinstance(want, tuple) else (want,)
        error = None
        if response.status not in wanted:
            text = data[:200] if response.getheader("Content-Encoding") != "gzip" else b"(gzip)"
            error = f"{method} {path}: HTTP {response.status} {text!r}"
        self.record(step, (time.perf_counter() - began) * 1000, error)
        if error:
            raise Failed(error)
        if response.getheader("Content-Encoding") == "gzip":
            import gzip

            return gzip.decompress(data)
        return data

    def json(self, step: str, method: str, path: str, payload: Any, **kwargs: Any) -> Any:
        headers = {"Content-Type": "application/json", **kwargs.pop("headers", {})}
        data = self.call(
            step, method, path, body=json.dumps(payload).encode(), headers=headers, **kwargs
        )
        return json.loads(data) if data else None


CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Soak:
    def __init__(self, port: int, world: dict[str, Any]) -> None:
        self.port = port
        self.world = world
        self.lock = threading.Lock()
        self.latency: dict[str, dict[str, list[float]]] = {}
        self.errors: dict[str, int] = {}
        self.first_errors: list[str] = []
        self.codes: list[tuple[str, str]] = []
        self.counts: dict[str, int] = {}
        self.deadline = 0.0
        self.docs = (make_pdf(DOC_BYTES), make_jpeg(DOC_BYTES))

    def recorder(self, kind: str) -> Any:
        def record(step: str, ms: float, error: str | None) -> None:
            with self.lock:
                self.latency.setdefault(kind, {}).setdefault(step, []).append(ms)
                if error:
                    self.errors[kind] = self.errors.get(kind, 0) + 1
                    if len(self.first_errors) < 20:
                        self.first_errors.append(f"{kind}/{step}: {error}")

        return record

    def count(self, what: str) -> None:
        with self.lock:
            self.counts[what] = self.counts.get(what, 0) + 1

    def loop(self, kind: str, slot: int) -> None:
        rng = random.Random(f"{kind}{slot}")
        step = getattr(self, kind)
        while time.monotonic() < self.deadline:
            try:
                step(rng, slot)
            except Failed:
                time.sleep(0.05)  # the error is counted; do not spin on a broken step

    # Anonymous browsing and search.
    def browse(self, rng: random.Random, slot: int) -> None:
        browser = Browser(self.port, self.recorder("browse"))
        for step, path in (
            ("home", "/"),
            ("service_page", f"/layanan/{self.world['service']}/"),
            ("search_page", "/layanan/?q=" + rng.choice(["akta+lahir", "ktp", "izin+usaha"])),
            ("api_search", "/api/v1/services?q=" + rng.choice(["akta", "pindah", "pajak"])),
            ("catalog", "/layanan/"),
        ):
            browser.call(step, "GET", path)
            browser.cookies.clear()  # every page as a first visit
        browser.conn.close()

    # Status checks, with the codes and secrets the citizens were given.
    def status(self, rng: random.Random, slot: int) -> None:
        browser = Browser(self.port, self.recorder("status"))
        browser.call("status_page", "GET", "/cek-status/")
        with self.lock:
            known = rng.choice(self.codes) if self.codes else None
        if known:
            code, secret = known
            browser.call(
                "status_api",
                "GET",
                "/api/v1/status?" + urlencode({"code": code}),
                headers={"X-Status-Secret": secret},
            )
        browser.conn.close()

    # Sign in with the form, then a whole application with two documents.
    def citizen(self, rng: random.Random, slot: int) -> None:
        browser = Browser(self.port, self.recorder("citizen"))
        page = browser.call("login_page", "GET", "/akun/masuk/")
        token = CSRF_FIELD.search(page)
        if token is None:
            browser.record("login_page", 0, "no csrfmiddlewaretoken on /akun/masuk/")
            raise Failed("no csrf token")
        form = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "username": rng.choice(self.world["citizens"]),
                "password": self.world["password"],
            }
        ).encode()
        browser.call(
            "sign_in",
            "POST",
            "/akun/masuk/",
            want=302,
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if "sessionid" not in browser.cookies:
            browser.record("sign_in", 0, "no session cookie after signing in")
            raise Failed("not signed in")
        self.count("sign_ins")
        draft = browser.json(
            "start", "POST", "/api/v1/applications", {"service": self.world["service"]}, want=201
        )
        url = draft["url"]
        browser.json(
            "answers", "PATCH", f"{url}/answers", {"answers": self.world["answers"], "step": 1}
        )
        # Every required document, a scanned PDF and a phone photo in turn.
        for n, required in enumerate(self.world["documents"]):
            name, data = (("dokumen.pdf", self.docs[0]), ("foto.jpg", self.docs[1]))[n % 2]
            body, content_type = multipart({"required_document_id": str(required)}, name, data)
            browser.call(
                "upload",
                "POST",
                f"{url}/documents",
                want=201,
                body=body,
                headers={"Content-Type": content_type},
            )
        done = browser.json(
            "submit",
            "POST",
            f"{url}/submit",
            {"declaration": True},
            want=201,
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )
        with self.lock:
            self.codes.append((done["tracking_code"], done["status_secret"]))
        self.count("submissions")
        browser.conn.close()

    # An officer's inbox, a case, its documents checked, its first forward action.
    def officer(self, rng: random.Random, slot: int) -> None:
        officers = self.world["officers"]
        who = officers[(self.counts.get("officer_turns", 0) + slot) % len(officers)]
        self.count("officer_turns")
        browser = Browser(self.port, self.recorder("officer"), who["cookies"])
        inbox = browser.call("inbox", "GET", "/api/v1/office/inbox?limit=20")
        items = json.loads(inbox)["items"]
        if not items:
            return
        case_id = rng.choice(items)["id"]
        case = json.loads(browser.call("case", "GET", f"/api/v1/office/cases/{case_id}"))
        forward = [
            a
            for a in case["actions"]
            if not a["reason_required"] and not a["returns_for_correction"]
        ]
        if not forward:
            return
        for document in case["documents"]:
            if document["review"] == "pending":
                browser.json(
                    "document_check",
                    "POST",
                    f"/api/v1/office/cases/{case_id}/documents/{document['id']}/review",
                    {"decision": "verified"},
                )
        action = forward[0]
        browser.json(
            "act",
            "POST",
            f"/api/v1/office/cases/{case_id}/actions",
            {
                "action": action["key"],
                "seen_step": (case.get("step") or {}).get("key"),
                "checklist": action["checklist"],
                "note": "Diproses (soak).",
            },
        )
        self.count(f"action:{action['key']}")
        browser.conn.close()


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "count": len(ordered),
        "p50_ms": round(percentile(ordered, 0.50), 1),
        "p99_ms": round(percentile(ordered, 0.99), 1),
        "max_ms": round(ordered[-1], 1) if ordered else 0.0,
    }


def main() -> int:
    started_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    run: subprocess.Popen[bytes] | None = None
    try:
        port = free_port()
        log(f"starting the platform with bin/run in {TMP} on port {port}")
        began = time.perf_counter()
        run = start_platform(port)
        boot = round(time.perf_counter() - began, 1)
        setup_django()
        soak = Soak(port, world())
        lock = os.environ.get("SOAK_LOCK")
        if lock:
            log(f"waiting for the lock {lock}")
            held = os.open(lock, os.O_RDWR | os.O_CREAT)  # released when this process ends
            fcntl.flock(held, fcntl.LOCK_EX)
        at_rest = memory_mb(process_tree(run.pid))
        log(f"up in {boot} s; at rest {at_rest}; {SECONDS:g} s of traffic, threads {THREADS}")
        samples: list[dict[str, Any]] = []
        last_pids = commands(process_tree(run.pid))
        changes: list[dict[str, Any]] = [{"t": 0, "processes": last_pids}]
        soak.deadline = time.monotonic() + SECONDS
        threads = [
            threading.Thread(target=soak.loop, args=(kind, slot), daemon=True)
            for kind, count in THREADS.items()
            for slot in range(count)
        ]
        t0 = time.monotonic()
        for thread in threads:
            thread.start()
        while time.monotonic() < soak.deadline:
            time.sleep(min(SAMPLE, max(0.0, soak.deadline - time.monotonic())))
            elapsed = time.monotonic() - t0
            with soak.lock:
                requests = sum(len(v) for steps in soak.latency.values() for v in steps.values())
                errors = sum(soak.errors.values())
            pids = process_tree(run.pid)
            if len(pids) != len(last_pids):
                log(f"processes now: {commands(pids)} (were {last_pids})")
                changes.append({"t": round(elapsed), "processes": commands(pids)})
                last_pids = commands(pids)
            sample = {
                "t": round(elapsed),
                **memory_mb(pids),
                "requests": requests,
                "errors": errors,
            }
            samples.append(sample)
            log(f"{sample}")
        for thread in threads:
            thread.join(120)
        elapsed = time.monotonic() - t0
        baseline = next((s for s in samples if s["t"] >= WARMUP), samples[0])
        last = samples[-1]

        def growth(key: str) -> float:
            return round(100 * (last[key] - baseline[key]) / baseline[key], 1)

        kinds = {}
        for kind, steps in sorted(soak.latency.items()):
            every = [v for values in steps.values() for v in values]
            kinds[kind] = {
                "threads": THREADS[kind],
                "errors": soak.errors.get(kind, 0),
                **summary(every),
                "steps": {step: summary(values) for step, values in sorted(steps.items())},
            }
        total = sum(k["count"] for k in kinds.values())
        report = {
            "benchmark": "soak",
            "started_at": started_at,
            "machine": {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
            },
            "platform": {"started_with": "bin/run", "boot_seconds": boot, "database": "sqlite"},
            "seconds": round(elapsed, 1),
            "requests": total,
            "requests_per_second": round(total / elapsed, 1),
            "errors": sum(soak.errors.values()),
            "first_errors": soak.first_errors,
            "server_errors": server_errors(),
            "done": dict(sorted(soak.counts.items())),
            "kinds": kinds,
            "memory": {
                "at_rest_before_traffic": at_rest,
                "baseline_after_warmup": baseline,
                "last": last,
                "max_rss_mb": max(s["rss_mb"] for s in samples),
                "max_pss_mb": max(s["pss_mb"] for s in samples),
                "growth_percent": {"rss": growth("rss_mb"), "pss": growth("pss_mb")},
                "processes": changes,
                "samples": samples,
            },
        }
        print(json.dumps(report, indent=2))
        return 0 if report["errors"] == 0 else 1
    finally:
        if run is not None:
            stop_platform(run)
        if os.environ.get("SOAK_KEEP") != "1" and not REUSED:
            shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
