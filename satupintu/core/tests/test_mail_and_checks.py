"""Development mail never shows a secret, and the checks keep development stand-ins (console
mail, a per-process cache) out of production."""

from __future__ import annotations

import io
import stat
from pathlib import Path
from typing import Any

from django.core import mail

import config.settings as configured
from satupintu.core.checks import check_mail_backend, check_shared_cache

CONSOLE = "satupintu.core.mail.RedactingConsoleBackend"
RESET_LINK = "http://127.0.0.1:8000/akun/sandi/reset/MQ/cg9xk2-8f1e2c7a0b3d4e5f6a7b8c9d/"


def _send(backend: str, **options: Any) -> None:
    connection = mail.get_connection(backend, **options)
    message = mail.EmailMultiAlternatives(
        subject="Kode verifikasi 482913 untuk siti.aminah@example.id",
        body=(
            "Halo Siti Aminah,\n\nKode Anda: 482913\nAtau buka tautan ini: "
            f"{RESET_LINK}\nNomor Anda 081234567890, NIK 3204010101010003.\n"
        ),
        from_email="SatuPintu <noreply@satupintu.local>",
        to=["siti.aminah@example.id"],
        bcc=["arsip.kantor@example.id"],
        connection=connection,
    )
    message.attach_alternative(f"<a href='{RESET_LINK}'>Atur ulang</a>", "text/html")
    message.send()


def test_console_mail_masks_addresses_codes_and_links() -> None:
    stream = io.StringIO()
    _send(CONSOLE, stream=stream)
    printed = stream.getvalue()
    for secret in (
        "siti.aminah@",
        "arsip.kantor@",
        "482913",
        "cg9xk2",
        "/akun/sandi/reset/",
        "081234567890",
        "3204010101010003",
    ):
        assert secret not in printed
    # Still useful to a developer: who (roughly), what, and that a link was there.
    assert "To: s***@example.id" in printed
    assert "Kode Anda: ******" in printed
    assert "http://127.0.0.1:8000/[disembunyikan]" in printed
    assert "1 alternative part(s)" in printed


def test_default_mail_backend_is_the_redacting_console() -> None:
    # pytest-django swaps in the in-memory backend; the module keeps what settings chose.
    assert configured.EMAIL_URL or configured.EMAIL_BACKEND == CONSOLE


def test_file_mail_keeps_everything_but_only_for_the_owner(tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    _send("satupintu.core.mail.PrivateFileBackend", file_path=str(folder))
    (written,) = folder.iterdir()
    assert "482913" in written.read_text()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_console_mail_is_refused_in_production(settings: Any) -> None:
    settings.DEBUG = False
    settings.DEV_DEFAULTS = False
    for backend in (CONSOLE, "django.core.mail.backends.console.EmailBackend"):
        settings.EMAIL_BACKEND = backend
        assert [m.id for m in check_mail_backend()] == ["core.E011"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert check_mail_backend() == []


def test_console_mail_is_fine_in_development(settings: Any) -> None:
    settings.EMAIL_BACKEND = CONSOLE
    settings.DEBUG, settings.DEV_DEFAULTS = False, True
    assert check_mail_backend() == []
    settings.DEBUG, settings.DEV_DEFAULTS = True, False
    assert check_mail_backend() == []


def test_a_per_process_cache_is_refused(settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [m.id for m in check_shared_cache()] == ["core.E010"]
    settings.CACHES = {
        "default": {"BACKEND": "satupintu.core.cache.DatabaseCache", "LOCATION": "satupintu_cache"}
    }
    assert check_shared_cache() == []
