"""Contacts are sealed: sign-in by the blind index of the normalised e-mail address or mobile
number, no clear contact in `username`/`email` (probing finding 8.5), and a counter-registered
citizen claims their account online (issue 9.2)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from satupintu.accounts.models import User
from satupintu.accounts.tests.conftest import sign_in
from satupintu.applications.tests.conftest import register_warsini
from satupintu.notifications.models import Message

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kata-Sandi-Baru-Yang-Panjang-77"


def register(client: Client, contact: str, **extra: str) -> Any:
    return client.post(
        reverse("accounts:register"),
        {
            "contact": contact,
            "full_name": "Rina Wati",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "consent": "on",
            **extra,
        },
        REMOTE_ADDR="198.51.100.30",
    )


def raw_row(user: User) -> tuple[str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT username, email, phone FROM accounts_user WHERE id = %s", [user.pk])
        return cursor.fetchone()


@pytest.mark.parametrize(
    ("typed", "signs_in_with"),
    [("Rina.W@Contoh.id", "rina.w@contoh.id"), ("0812-7777-1234", "+62 812 7777 1234")],
)
def test_after_registration_the_row_holds_no_clear_contact_and_sign_in_works(
    typed: str, signs_in_with: str
) -> None:
    assert register(Client(), typed).status_code == 302
    user = User.objects.get()

    username, email, phone = raw_row(user)
    for clear in ("rina.w@contoh.id", "081277771234", "81277771234"):
        assert clear not in username.lower()
        assert clear not in (email or "").lower()
        assert clear not in (phone or "")
    assert user.username.startswith("u-")
    assert user.email_index or user.phone_index

    assert sign_in(Client(), signs_in_with).status_code == 302
    assert sign_in(Client(), signs_in_with, "salah-sekali-kata-sandi").status_code == 200


def test_a_contact_signs_up_once_whatever_its_spelling(world: Any) -> None:
    assert register(Client(), "rina@contoh.id").status_code == 302
    again = register(Client(), "RINA@contoh.id ")
    assert again.status_code == 200
    assert "sudah terdaftar" in again.content.decode()
    assert User.objects.filter(kind="citizen").count() == 3


def test_sign_in_by_a_username_is_kept_for_administrator_accounts(world: Any) -> None:
    User.objects.create_superuser(username="admin", email="", password=PASSWORD)
    assert sign_in(Client(), "admin").status_code == 302


# --- claiming a counter account ---------------------------------------------------------------


@pytest.fixture
def walk_in(world: Any) -> User:
    return register_warsini(world, phone="0812 3456 7890")


def test_signing_up_with_a_counter_number_offers_a_claim_and_the_code_sets_a_password(
    walk_in: User,
) -> None:
    client = Client()
    offered = register(client, "081234567890")

    page = offered.content.decode()
    assert offered.status_code == 200
    assert "didaftarkan untuk Anda oleh petugas loket" in page
    assert "Klaim akun 0812******90" in page
    assert "pulihkan kata sandi" not in page
    assert User.objects.filter(kind="citizen").count() == 3  # nothing new was created

    sent = client.post(
        reverse("accounts:password_reset"),
        {"contact": "081234567890", "claim": "1"},
        REMOTE_ADDR="198.51.100.30",
    )
    assert sent.status_code == 302
    code_page = client.get(sent["Location"])
    assert "Klaim akun" in code_page.content.decode()
    message = Message.objects.get(user=walk_in, template="contact_code")
    assert message.channel == "sms"
    done = client.post(
        sent["Location"],
        {
            "code": message.context["code"],
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert done.status_code == 302

    assert sign_in(Client(), "081234567890", NEW_PASSWORD).status_code == 302
    claimed = User.objects.get(pk=walk_in.pk)
    assert claimed.has_usable_password()
    assert claimed.nik == "3204014101900002"  # the same account, with what the officer saw
    assert claimed.phone_verified_at is not None


def test_a_claimed_account_is_taken_not_claimable(walk_in: User) -> None:
    walk_in.set_password(NEW_PASSWORD)
    walk_in.save(update_fields=["password"])
    response = register(Client(), "081234567890")
    assert "sudah terdaftar" in response.content.decode()
    assert "Klaim akun" not in response.content.decode()


def test_every_spelling_of_a_sign_in_name_has_one_key() -> None:
    from satupintu.accounts.selectors import sign_in_key

    assert {sign_in_key(s) for s in ("0812-3456-7890", "+62 812 3456 7890", "6281234567890")} == {
        "081234567890"
    }
    assert sign_in_key(" Siti@Example.ID ") == "siti@example.id"
