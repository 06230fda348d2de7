"""The receipt and the messages: the secret promise holds, links use SATUPINTU_SITE_URL, dates read well."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.urls import reverse

from conftest import signed_in
from satupintu.applications import services
from satupintu.applications.receipts import receipt_pdf
from satupintu.applications.tests.test_receipt import _text
from satupintu.core import dates
from satupintu.notifications.models import Message
from satupintu.notifications.rendering import render

ROOT = Path(__file__).resolve().parents[3]


def test_the_receipt_says_where_to_find_the_secret_again_and_it_is_there(
    world: Any, submitted: Any
) -> None:
    client = signed_in(world.siti)
    url = reverse("applications:receipt", args=[submitted.application.public_id])
    for _reload in range(2):
        page = client.get(url).content.decode()
        assert submitted.status_secret in page
        assert "hanya ditampilkan sekali" not in page
        assert "dapat dilihat lagi di halaman ini setelah Anda masuk" in page


def test_receipt_and_messages_link_to_the_configured_site(
    world: Any, complete_draft: Any, settings: Any
) -> None:
    settings.SITE_URL = "http://127.0.0.1:8123"
    result = services.application_submit(
        actor=world.siti, application=complete_draft, idempotency_key="k-situs", declaration=True
    )
    code = result.application.tracking_code
    assert f"http://127.0.0.1:8123/cek-status/?kode={code}" in _text(
        receipt_pdf(result.application)
    ).replace("\n", "")
    message = Message.objects.get(template="application_received", user=world.siti)
    body = render(message.template, message.language, message.context).body
    assert f"http://127.0.0.1:8123/cek-status/?kode={code}" in body


def _fake_project(tmp_path: Path) -> Path:
    """A copy of bin/run beside stand-ins for python and gunicorn that record the environment."""
    root = tmp_path / "project"
    (root / "bin").mkdir(parents=True)
    shutil.copy(ROOT / "bin" / "run", root / "bin" / "run")
    venv = root / ".venv" / "bin"
    venv.mkdir(parents=True)
    stub = "#!/bin/sh\nexit 0\n"
    (venv / "python").write_text(stub)
    (venv / "gunicorn").write_text('#!/bin/sh\necho "$SATUPINTU_SITE_URL" > "$RUN_RECORD"\n')
    for name in ("python", "gunicorn"):
        (venv / name).chmod(0o755)
    var = root / "var"
    var.mkdir()
    (var / "secret_key").write_text("x" * 50)
    (var / "keys.env").write_text("SATUPINTU_UJI=1\n")
    return root


def _run(root: Path, tmp_path: Path, **env: str) -> str:
    record = tmp_path / "site-url"
    clean = {k: v for k, v in os.environ.items() if k not in {"SATUPINTU_SITE_URL", "HOST", "PORT"}}
    clean.update(env, RUN_RECORD=str(record), SATUPINTU_DATA_DIR=str(root / "var"))
    subprocess.run(
        ["bash", str(root / "bin" / "run")], env=clean, check=True, timeout=60, capture_output=True
    )
    return record.read_text().strip()


def test_make_run_derives_the_site_url_from_host_and_port(tmp_path: Path) -> None:
    root = _fake_project(tmp_path)
    assert _run(root, tmp_path, HOST="127.0.0.1", PORT="8123") == "http://127.0.0.1:8123"
    assert _run(root, tmp_path) == "http://127.0.0.1:8000"
    given = _run(root, tmp_path, PORT="8123", SATUPINTU_SITE_URL="https://layanan.example.go.id")
    assert given == "https://layanan.example.go.id"


def test_submission_message_carries_the_deadline_in_words(world: Any, submitted: Any) -> None:
    message = Message.objects.get(template="application_received", user=world.siti)
    due = submitted.application.due_at
    body = render(message.template, "id", message.context).body
    assert dates.long_datetime(due, language="id") in body
    assert due.date().isoformat() not in body
