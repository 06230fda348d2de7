"""Headers, cookies, password hashing and `check --deploy` under production-like settings."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings
from django.urls import reverse

from satupintu.accounts.tests.conftest import sign_in

ROOT = Path(__file__).resolve().parents[3]


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_two_factor_pages_have_no_inline_script_or_style(client, world):
    sign_in(client, "verif@a.go.id")
    page = client.get(reverse("accounts:otp_enrol")).content.decode()
    assert "<script" not in page
    assert "style=" not in page
    assert "<style" not in page


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https_only(client, db):
    secure = client.get(reverse("accounts:login"), secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    plain = client.get(reverse("accounts:login"))
    assert "Strict-Transport-Security" not in plain


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_session_cookie_is_secure_httponly_and_same_site(client, world):
    sign_in(client, "siti@example.id")
    cookie = client.cookies["sessionid"]
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_passwords_are_stored_with_argon2(client, world, settings):
    from config import settings as project_settings

    # The shared test fixture swaps in a fast hasher; put the project's own list back.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    world.siti.set_password("Sandi-Baru-Argon-2026")
    world.siti.save(update_fields=["password"])

    assert identify_hasher(world.siti.password).algorithm == "argon2"
    assert sign_in(client, "siti@example.id", "Sandi-Baru-Argon-2026").status_code == 302


def _key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _production_env(tmp_path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SATUPINTU_", "SECURE_", "SESSION_", "PYTEST"))
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60)[:60],
        DJANGO_DEBUG="false",
        SATUPINTU_HTTPS="true",
        DJANGO_ALLOWED_HOSTS="satupintu.example.go.id",
        SATUPINTU_DATA_DIR=str(tmp_path),
        FIELD_ENCRYPTION_KEYS=f"k1:{_key()}",
        FIELD_HASH_KEY=_key(),
        LEDGER_SIGNING_KEY=_key(),
        EMAIL_URL="smtp://satupintu:sandi@mail.example.go.id:587",
    )
    # An agency's output-signing pair (in production its BSrE certificate; here a stand-in).
    from satupintu.applications import signing

    material = tmp_path / "signing-pair"
    signing.write_dev_material(material)
    env.update(
        OUTPUT_SIGNING_KEY_FILE=str(material / "key.pem"),
        OUTPUT_SIGNING_CERT_FILE=str(material / "cert.pem"),
    )
    return env


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _check_deploy(_production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_console_mail(tmp_path):
    env = _production_env(tmp_path)
    env["EMAIL_URL"] = "console://"
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "core.E011" in result.stdout + result.stderr
