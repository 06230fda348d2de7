from __future__ import annotations

import pytest
import time_machine
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from conftest import PASSWORD
from satupintu.accounts import throttle
from satupintu.accounts.tests.conftest import sign_in

THROTTLED = "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit."
WRONG = "Email/nomor ponsel atau kata sandi salah."


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_login_page_has_labelled_fields_with_autocomplete(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<label for="id_username">' in page
    assert '<label for="id_password">' in page
    assert 'autocomplete="username"' in page
    assert 'autocomplete="current-password"' in page
    assert reverse("accounts:password_reset") in page


def test_citizen_signs_in_and_goes_to_next(client, world):
    response = sign_in(client, "siti@example.id", next="/layanan/")
    assert response.status_code == 302
    assert response["Location"] == "/layanan/"
    assert signed_in_user_id(client) == str(world.siti.pk)


def test_next_pointing_to_another_site_is_ignored(client, world):
    response = sign_in(client, "siti@example.id", next="https://evil.example/steal")
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_session_key_rotates_on_login(client, world):
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    assert before
    sign_in(client, "siti@example.id")
    assert client.session.session_key != before
    assert signed_in_user_id(client) == str(world.siti.pk)


def test_unknown_account_and_wrong_password_get_the_same_answer(client, world):
    unknown = sign_in(client, "tidak-ada@example.id", "apa-saja-123")
    wrong = sign_in(client, "siti@example.id", "apa-saja-123")
    assert unknown.status_code == wrong.status_code == 200
    assert WRONG in unknown.content.decode()
    assert WRONG in wrong.content.decode()
    assert signed_in_user_id(client) is None


def test_sixth_attempt_from_one_address_is_refused_after_five_wrong(client, world):
    for _ in range(5):
        assert sign_in(client, "siti@example.id", "salah-sekali-123").status_code == 200

    response = sign_in(client, "siti@example.id", PASSWORD)

    assert response.status_code == 429
    assert THROTTLED in response.content.decode()
    assert signed_in_user_id(client) is None
    world.siti.refresh_from_db()
    assert world.siti.last_login is None


def test_eleventh_attempt_is_refused_after_ten_wrong_from_two_addresses(client, world):
    for n in range(10):
        ip = "203.0.113.1" if n % 2 else "203.0.113.2"
        assert sign_in(client, "siti@example.id", "salah-sekali-123", ip=ip).status_code == 200

    response = sign_in(client, "siti@example.id", PASSWORD, ip="192.0.2.200")

    assert response.status_code == 429
    assert signed_in_user_id(client) is None


def test_fourth_wrong_password_still_lets_the_right_one_in(client, world):
    for _ in range(4):
        sign_in(client, "siti@example.id", "salah-sekali-123")
    assert sign_in(client, "siti@example.id").status_code == 302


def test_account_throttle_holds_across_addresses_and_letter_case(client, world):
    for n in range(10):
        sign_in(client, "Siti@Example.id ", "salah-sekali-123", ip=f"203.0.113.{n + 1}")
    response = sign_in(client, "siti@example.id", ip="192.0.2.200")
    assert response.status_code == 429


def test_unknown_account_is_throttled_like_a_real_one(client, db):
    for _ in range(5):
        sign_in(client, "tidak-ada@example.id", "salah-sekali-123")
    response = sign_in(client, "tidak-ada@example.id", "salah-sekali-123")
    assert response.status_code == 429
    assert THROTTLED in response.content.decode()


def test_one_person_behind_a_shared_address_locks_out_only_themselves(client, world):
    """A school or carrier NAT: one client's failures do not lock the others at that address."""
    nat = "203.0.113.50"
    for _ in range(8):
        sign_in(client, "budi@example.id", "salah-sekali-123", ip=nat)
    assert sign_in(client, "budi@example.id", ip=nat).status_code == 429
    # Sixty mistyped sign-ins over many accounts: a busy NAT's morning, not an attack.
    for n in range(60):
        sign_in(Client(), f"warga{n}@example.id", "salah-sekali-123", ip=nat)

    assert sign_in(Client(), "siti@example.id", ip=nat).status_code == 302


def test_one_address_trying_many_accounts_is_throttled(client, world, settings):
    settings.LOGIN_FAILURES_PER_IP = 30
    for n in range(30):
        sign_in(client, f"tebak{n}@example.id", "Password123!", ip="203.0.113.7")

    from_same_address = sign_in(client, "budi@example.id", ip="203.0.113.7")
    assert from_same_address.status_code == 429
    assert THROTTLED in from_same_address.content.decode()

    from_elsewhere = sign_in(client, "budi@example.id", ip="198.51.100.99")
    assert from_elsewhere.status_code == 302


def test_the_address_ceiling_is_far_above_the_pair_limit():
    assert settings.LOGIN_FAILURES_PER_IP >= 10 * settings.LOGIN_FAILURES_PER_IP_ACCOUNT


def test_successful_login_resets_the_account_counter(client, world):
    for n in range(9):
        sign_in(client, "siti@example.id", "salah-sekali-123", ip=f"203.0.113.{n % 3 + 1}")
    assert sign_in(client, "siti@example.id").status_code == 302
    client.post(reverse("accounts:logout"))

    for n in range(9):
        sign_in(client, "siti@example.id", "salah-sekali-123", ip=f"203.0.113.{n % 3 + 1}")
    assert sign_in(client, "siti@example.id").status_code == 302


@override_settings(LOGIN_FAILURES_PER_ACCOUNT=3, LOGIN_LOCKOUT_SECONDS=600)
def test_limits_come_from_settings_and_the_lock_expires(client, world):
    with time_machine.travel("2026-12-01 09:00:00 +0000", tick=False) as clock:
        for _ in range(3):
            sign_in(client, "siti@example.id", "salah-sekali-123")
        locked = sign_in(client, "siti@example.id")
        assert locked.status_code == 429
        assert "Coba lagi dalam 10 menit." in locked.content.decode()

        clock.shift(60 * 9 + 30)
        later = sign_in(client, "siti@example.id")
        assert later.status_code == 429
        assert "Coba lagi dalam 1 menit." in later.content.decode()

        clock.shift(31)
        assert sign_in(client, "siti@example.id").status_code == 302


def test_forwarded_for_is_ignored_unless_behind_our_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    settings.SECURE_PROXY_SSL_HEADER = None
    assert throttle.client_ip(request) == "10.0.0.5"

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The last entry is the one our proxy wrote; "1.2.3.4" could be anything the client sent.
    assert throttle.client_ip(request) == "203.0.113.9"


@pytest.mark.parametrize(
    ("remote", "expected"),
    [("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"), ("", "unknown"), ("bukan-ip", "unknown")],
)
def test_client_address_is_normalised(remote, expected, settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    assert throttle.client_ip(RequestFactory().get("/", REMOTE_ADDR=remote)) == expected


def test_overlong_or_empty_input_gets_a_form_not_an_error(client, db):
    assert client.post(reverse("accounts:login"), {}).status_code == 200
    response = client.post(reverse("accounts:login"), {"username": "x" * 5000, "password": "y"})
    assert response.status_code == 200
