"""Citizen sign-up with an email address or a mobile number, confirmed by a one-time code."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from conftest import PASSWORD
from satupintu.accounts import services
from satupintu.accounts.decorators import verified_citizen_required
from satupintu.accounts.models import ContactVerification, User
from satupintu.accounts.selectors import user_for_contact
from satupintu.accounts.views import consent_notice
from satupintu.ledger.models import Entry
from satupintu.notifications.models import Message
from satupintu.privacy.models import Consent

pytestmark = pytest.mark.django_db


def account(contact: str) -> User:
    """The account signed in by `contact` (found by its blind index, as sign-in does)."""
    found = user_for_contact(contact)
    assert found is not None, contact
    return found


def register(client: Client, contact: str, **overrides: Any) -> Any:
    data = {
        "contact": contact,
        "full_name": "Rina Wulandari",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
        **overrides,
    }
    return client.post(reverse("accounts:register"), data, REMOTE_ADDR="203.0.113.7")


def latest_code() -> str:
    """The code as the citizen receives it: read from the outbox row's context."""
    message = Message.objects.filter(template="contact_code").order_by("-pk").first()
    assert message is not None
    return str(message.context["code"])


def confirm(client: Client, code: str) -> Any:
    return client.post(reverse("accounts:confirm"), {"code": code})


def age_codes(user: User, seconds: int) -> None:
    """Move every code of `user` `seconds` into the past (instead of freezing the clock)."""
    for verification in ContactVerification.objects.filter(user=user):
        ContactVerification.objects.filter(pk=verification.pk).update(
            created_at=verification.created_at - dt.timedelta(seconds=seconds),
            expires_at=verification.expires_at - dt.timedelta(seconds=seconds),
        )


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_register_with_email_sends_a_code_and_confirming_it_verifies_the_contact() -> None:
    client = Client()
    response = register(client, "  Rina.W@Contoh.ID ")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:confirm")
    user = account("rina.w@contoh.id")
    assert user.email == "rina.w@contoh.id"
    assert user.full_name == "Rina Wulandari"
    assert user.is_active and user.check_password(PASSWORD)
    assert user.email_verified_at is None
    assert not services.require_verified_contact(user)

    message = Message.objects.get(template="contact_code")
    assert message.channel == "email"
    assert message.address == "rina.w@contoh.id"
    assert message.user_id == user.pk
    code = message.context["code"]
    assert re.fullmatch(r"\d{6}", code)
    verification = ContactVerification.objects.get(user=user)
    assert code not in verification.code_hash

    # Signed in straight away: the confirm page and the profile are open to them.
    page = client.get(reverse("accounts:confirm"))
    assert page.status_code == 200
    assert "ri***@contoh.id" in page.content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 200

    done = confirm(client, code)
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert not user.must_confirm_contact
    assert services.require_verified_contact(user)

    actions = list(Entry.objects.filter(subject_id=str(user.pk)).values_list("action", flat=True))
    assert "accounts.citizen.register" in actions
    assert "accounts.contact.confirm" in actions
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM ledger_entry")
        dumped = " ".join(str(row[0]) for row in cursor.fetchall())
    assert "rina" not in dumped.lower() and code not in dumped


def test_five_wrong_codes_lock_the_code_and_only_a_new_code_helps() -> None:
    client = Client()
    register(client, "rina@contoh.id")
    user = account("rina@contoh.id")
    code = latest_code()

    for left in (4, 3, 2, 1):
        response = confirm(client, wrong(code))
        assert response.status_code == 200
        assert f"Sisa {left} percobaan" in response.content.decode()
    response = confirm(client, wrong(code))
    assert "Terlalu banyak kode yang salah. Minta kode baru." in response.content.decode()

    response = confirm(client, code)  # the right code, too late
    assert "Minta kode baru" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None
    assert Entry.objects.filter(action="accounts.contact.lock", subject_id=str(user.pk)).exists()

    age_codes(user, 61)
    resent = client.post(reverse("accounts:confirm"), {"resend": "1"})
    assert resent.status_code == 302
    new_code = latest_code()
    assert confirm(client, new_code).status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_an_expired_code_is_refused() -> None:
    client = Client()
    register(client, "rina@contoh.id")
    user = account("rina@contoh.id")
    age_codes(user, 10 * 60 + 1)

    response = confirm(client, latest_code())

    assert "Kode sudah kedaluwarsa" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_an_older_code_stops_working_once_a_new_one_is_sent() -> None:
    client = Client()
    register(client, "rina@contoh.id")
    user = account("rina@contoh.id")
    first = latest_code()
    age_codes(user, 61)
    client.post(reverse("accounts:confirm"), {"resend": "1"})
    second = latest_code()
    if first == second:  # one in a million: the same six digits again
        return

    assert "Kode tidak cocok" in confirm(client, first).content.decode()
    assert confirm(client, second).status_code == 302


def test_resending_is_limited_to_one_a_minute_and_five_an_hour() -> None:
    client = Client()
    register(client, "rina@contoh.id")
    user = account("rina@contoh.id")

    too_soon = client.post(reverse("accounts:confirm"), {"resend": "1"})
    assert too_soon.status_code == 429
    assert "Tunggu" in too_soon.content.decode()
    assert ContactVerification.objects.filter(user=user).count() == 1

    for _ in range(4):  # the sign-up code and four more make five in one hour
        age_codes(user, 61)
        assert client.post(reverse("accounts:confirm"), {"resend": "1"}).status_code == 302
    age_codes(user, 61)
    sixth = client.post(reverse("accounts:confirm"), {"resend": "1"})
    assert sixth.status_code == 429
    assert "menit" in sixth.content.decode()
    assert ContactVerification.objects.filter(user=user).count() == 5
    assert Message.objects.filter(template="contact_code").count() == 5

    age_codes(user, 60 * 60)
    assert client.post(reverse("accounts:confirm"), {"resend": "1"}).status_code == 302


@pytest.mark.parametrize("typed", ["0812-3456-7890", "+62 812 3456 7890", "6281234567890"])
def test_register_with_a_phone_number_in_any_spelling_gives_one_sign_in_name(typed: str) -> None:
    client = Client()
    assert register(client, typed).status_code == 302

    user = User.objects.get()
    assert user_for_contact("081234567890") == user
    assert user.username.startswith("u-")  # no contact in the sign-in handle
    assert user.phone == "081234567890"
    assert user.email == ""
    message = Message.objects.get(template="contact_code")
    assert message.channel == "sms"
    assert message.address == "081234567890"
    assert confirm(client, message.context["code"]).status_code == 302
    user.refresh_from_db()
    assert user.phone_verified_at is not None
    assert services.require_verified_contact(user)


def test_the_same_phone_number_written_differently_is_a_duplicate() -> None:
    register(Client(), "081234567890")
    again = register(Client(), "+62 812 3456 7890")

    assert again.status_code == 200
    assert "Email atau nomor ini sudah terdaftar" in again.content.decode()
    assert User.objects.count() == 1
    assert Message.objects.count() == 1


def test_a_registered_email_gets_a_clear_message_and_nothing_is_created(world: Any) -> None:
    users_before = User.objects.count()
    response = register(Client(), "SITI@example.id")

    assert response.status_code == 200
    assert (
        "Email atau nomor ini sudah terdaftar. Silakan masuk atau pulihkan kata sandi."
        in response.content.decode()
    )
    assert User.objects.count() == users_before
    assert not Message.objects.exists()


def test_a_taken_contact_is_offered_sign_in_and_reset_keeping_next(world: Any) -> None:
    # "Silakan masuk atau pulihkan kata sandi" with no way to reset on the page was a dead end.
    response = register(Client(), "siti@example.id", next="/permohonan/baru/ktp-el/")

    page = response.content.decode()
    assert "sudah terdaftar" in page
    assert f'href="{reverse("accounts:login")}?next=/permohonan/baru/ktp-el/"' in page
    assert f'href="{reverse("accounts:password_reset")}?next=/permohonan/baru/ktp-el/"' in page


def test_a_phone_number_on_another_profile_cannot_sign_up_again(world: Any) -> None:
    world.siti.phone = "081299998888"
    world.siti.save(update_fields=["phone", "phone_index"])

    response = register(Client(), "0812 9999 8888")

    assert "sudah terdaftar" in response.content.decode()
    assert user_for_contact("081299998888") == world.siti
    assert User.objects.filter(kind="citizen").count() == 2


def test_weak_passwords_are_refused_with_indonesian_messages() -> None:
    response = register(Client(), "rina@contoh.id", password1="12345678", password2="12345678")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Kata sandi terlalu pendek" in page
    assert "seluruhnya terdiri dari angka" in page
    assert not User.objects.exists()

    mismatch = register(Client(), "rina@contoh.id", password2=PASSWORD + "x")
    assert "Kedua kata sandi tidak sama." in mismatch.content.decode()
    assert not User.objects.exists()


def test_consent_is_recorded_with_the_digest_of_the_notice_shown() -> None:
    client = Client()
    page = client.get(reverse("accounts:register")).content.decode()
    with translation.override("id"):
        notice = consent_notice()
    assert notice in page

    register(client, "rina@contoh.id")

    consent = Consent.objects.get(user=account("rina@contoh.id"))
    assert consent.purpose == "akun-satupintu"
    assert consent.legal_basis == "persetujuan"
    assert consent.withdrawn_at is None
    assert consent.notice_digest == hashlib.sha256(notice.encode()).hexdigest()


def test_without_consent_no_account_is_made() -> None:
    response = register(Client(), "rina@contoh.id", consent="")

    assert response.status_code == 200
    assert "menyetujui pemberitahuan privasi" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"contact": "bukan-kontak"}, "email atau nomor ponsel yang benar"),
        ({"contact": "rina@"}, "Alamat email tidak benar"),
        ({"contact": "0812"}, "email atau nomor ponsel yang benar"),
        ({"full_name": "N" * 10_000}, "200"),
        ({"full_name": "   "}, "Nama lengkap wajib diisi"),
    ],
)
def test_bad_input_is_refused_with_a_message(overrides: dict[str, str], message: str) -> None:
    response = register(Client(), overrides.pop("contact", "rina@contoh.id"), **overrides)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_registration_is_throttled_per_address(settings: Any) -> None:
    settings.REGISTRATIONS_PER_IP = 2
    register(Client(), "satu@contoh.id")
    register(Client(), "dua@contoh.id")

    third = register(Client(), "tiga@contoh.id")

    assert third.status_code == 429
    assert "Terlalu banyak pendaftaran" in third.content.decode()
    assert user_for_contact("tiga@contoh.id") is None


def test_a_signed_in_person_is_sent_from_sign_up_to_their_profile(world: Any) -> None:
    client = Client()
    client.force_login(world.siti)

    response = client.get(reverse("accounts:register"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")


def test_confirm_page_needs_sign_in() -> None:
    response = Client().get(reverse("accounts:confirm"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_verified_citizen_required_sends_unconfirmed_citizens_to_confirm(world: Any) -> None:
    @verified_citizen_required
    def apply(request: Any) -> HttpResponse:
        return HttpResponse("ok")

    register(Client(), "rina@contoh.id")
    rina = account("rina@contoh.id")
    factory = RequestFactory()

    request = factory.get("/permohonan/akta/")
    request.user = rina
    response = apply(request)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:confirm')}?next=%2Fpermohonan%2Fakta%2F"

    request = factory.get("/permohonan/akta/")
    request.user = world.siti  # made by an administrator: counts as confirmed
    assert apply(request).status_code == 200

    from django.contrib.auth.models import AnonymousUser

    request = factory.get("/permohonan/akta/")
    request.user = AnonymousUser()
    assert apply(request)["Location"].startswith(reverse("accounts:login"))


def test_after_confirming_the_citizen_returns_to_the_page_they_wanted() -> None:
    client = Client()
    register(client, "rina@contoh.id")

    done = client.post(
        f"{reverse('accounts:confirm')}?next=/permohonan/akta/", {"code": latest_code()}
    )

    assert done["Location"] == "/permohonan/akta/"
