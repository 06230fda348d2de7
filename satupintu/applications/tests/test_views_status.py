"""The public status check: status only, the same answer for any wrong pair, rate-limited."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from satupintu.applications.tests.conftest import CHILD_NAME, MOTHER_NIK

URL = "applications:status_check"
NO_MATCH = "Nomor registrasi atau kode rahasia tidak cocok."


def _check(client: Client, code: str, secret: str, **extra: Any) -> Any:
    return client.post(reverse(URL), {"kode": code, "rahasia": secret}, **extra)


def test_status_page_shows_status_without_personal_data(world: Any, submitted: Any) -> None:
    application = submitted.application
    response = _check(Client(), application.tracking_code, submitted.status_secret)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Diterima" in html
    assert application.service.name in html
    assert application.agency.name in html
    for personal in (CHILD_NAME, MOTHER_NIK, world.siti.full_name, world.siti.email):
        assert personal not in html
    assert 'hx-trigger="every 30s"' in html
    assert "Muat ulang status" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_wrong_code_and_wrong_secret_get_the_same_message(world: Any, submitted: Any) -> None:
    code = submitted.application.tracking_code
    wrong_secret = _check(Client(), code, "ZZZZZZ")
    wrong_code = _check(Client(), "SP-22222222X", submitted.status_secret)
    assert wrong_secret.status_code == wrong_code.status_code == 404
    assert NO_MATCH in wrong_secret.content.decode()
    assert NO_MATCH in wrong_code.content.decode()
    assert "Diterima" not in wrong_secret.content.decode()


def test_htmx_poll_returns_only_the_status_fragment(world: Any, submitted: Any) -> None:
    response = _check(
        Client(),
        submitted.application.tracking_code,
        submitted.status_secret,
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<section")
    assert "<html" not in html


def test_qr_link_prefills_only_the_code(world: Any, submitted: Any) -> None:
    code = submitted.application.tracking_code
    html = Client().get(reverse(URL), {"kode": code}).content.decode()
    assert f'value="{code}"' in html
    assert submitted.status_secret not in html


def test_guessing_is_rate_limited_per_address(world: Any, submitted: Any, settings: Any) -> None:
    settings.STATUS_CHECK_FAILURES_PER_IP = 3
    client = Client()
    code = submitted.application.tracking_code
    for _ in range(3):
        assert _check(client, code, "AAAAAA").status_code == 404
    blocked = _check(client, code, submitted.status_secret)
    assert blocked.status_code == 429
    assert "Terlalu banyak percobaan" in blocked.content.decode()
    other_address = _check(client, code, submitted.status_secret, REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 200


def test_nonsense_input_is_a_clear_message_not_an_error(world: Any, db: Any) -> None:
    for code, secret in (("", ""), ("x" * 5000, "y" * 5000), ("'; DROP TABLE --", "\x00")):
        response = _check(Client(), code, secret)
        assert response.status_code in (400, 404)


def test_times_are_written_as_each_language_reads_them(world: Any, submitted: Any) -> None:
    from django.conf import settings

    from satupintu.core import dates

    application = submitted.application
    indonesian = _check(Client(), application.tracking_code, submitted.status_secret)
    english_client = Client()
    english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _check(english_client, application.tracking_code, submitted.status_secret)

    due_id = dates.long_datetime(application.due_at, language="id")
    due_en = dates.long_datetime(application.due_at, language="en")
    assert due_id != due_en  # "14.30" beside "14:30", and the month's name
    assert due_id in indonesian.content.decode()
    assert due_en in english.content.decode()
    assert due_id not in english.content.decode()
