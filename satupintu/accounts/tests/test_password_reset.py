"""Password reset: a one-time link by e-mail, a code by SMS for phone accounts, both through the
notifications outbox and throttled per contact and per address (probing finding 8.9, issue 9.2).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from satupintu.accounts.models import ContactVerification, User
from satupintu.accounts.tests.conftest import sign_in
from satupintu.ledger.models import Entry
from satupintu.notifications import delivery
from satupintu.notifications.models import Message

NEW_PASSWORD = "Kata-Sandi-Baru-Yang-Panjang-77"


@pytest.fixture(autouse=True)
def _mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def request_reset(client: Client, contact: str, ip: str = "198.51.100.20", **extra: str) -> Any:
    return client.post(
        reverse("accounts:password_reset"), {"contact": contact, **extra}, REMOTE_ADDR=ip
    )


def link_from(message: Any) -> str:
    match = re.search(r"https?://[^/\s]+(/akun/sandi/reset/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def delivered_mail() -> Any:
    delivery.deliver_pending()
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def test_a_reset_puts_one_message_in_the_outbox_and_sends_nothing_in_the_request(client, world):
    response = request_reset(client, "Siti@Example.id")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []  # not sent inside the web request
    outbox = Message.objects.get(template="password_reset")
    assert outbox.channel == "email"
    assert outbox.address == "siti@example.id"
    assert outbox.user == world.siti
    assert Message.objects.count() == 1

    message = delivered_mail()
    assert message.to == ["siti@example.id"]
    assert "kata sandi" in message.subject.lower()
    assert "hanya dapat dipakai sekali" in message.body


def test_unknown_email_gets_the_same_answer_and_no_message(client, world):
    known = request_reset(client, "siti@example.id")
    unknown = request_reset(Client(), "tidak-ada@example.id")

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert Message.objects.count() == 1


def test_the_sixteenth_request_from_one_address_is_refused_and_sends_nothing(client, world):
    for i in range(15):
        User.objects.create_user(username=f"warga{i}", email=f"warga{i}@example.id")
    for i in range(15):
        assert request_reset(client, f"warga{i}@example.id").status_code == 302
    assert Message.objects.filter(template="password_reset").count() == 15

    sixteenth = request_reset(client, "siti@example.id")

    assert sixteenth.status_code == 429
    assert "Terlalu banyak permintaan atur ulang kata sandi" in sixteenth.content.decode()
    assert int(sixteenth["Retry-After"]) > 0
    assert Message.objects.filter(template="password_reset").count() == 15
    # Another address is not affected.
    assert request_reset(Client(), "siti@example.id", ip="203.0.113.9").status_code == 302


def test_one_contact_is_limited_from_any_address(world):
    for n in range(5):
        assert request_reset(Client(), "siti@example.id", ip=f"203.0.113.{n}").status_code == 302
    refused = request_reset(Client(), "siti@example.id", ip="203.0.113.99")
    assert refused.status_code == 429
    assert Message.objects.filter(template="password_reset").count() == 5


def test_reset_link_works_once(client, world):
    request_reset(client, "siti@example.id")
    link = link_from(delivered_mail())

    # Django swaps the token in the URL for one kept in the session, so it never leaks via Referer.
    form_url = client.get(link)["Location"]
    form = client.get(form_url)
    assert form.status_code == 200
    assert 'autocomplete="new-password"' in form.content.decode()
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")

    assert sign_in(Client(), "siti@example.id", NEW_PASSWORD).status_code == 302

    for second_try in (client, Client()):
        reused = second_try.get(link, follow=True)
        assert reused.status_code == 200
        assert "Tautan tidak berlaku" in reused.content.decode()
        assert b"new_password1" not in reused.content


def test_weak_or_mismatched_new_password_gets_a_clear_message(client, world):
    request_reset(client, "siti@example.id")
    form_url = client.get(link_from(delivered_mail()))["Location"]

    mismatch = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "lain"})
    assert "Kedua kata sandi tidak sama." in mismatch.content.decode()
    short = client.post(form_url, {"new_password1": "pendek", "new_password2": "pendek"})
    assert short.status_code == 200
    assert 'class="errorlist"' in short.content.decode()


def test_tampered_link_is_refused(client, world):
    response = client.get("/akun/sandi/reset/MQ/bukan-token/", follow=True)
    assert response.status_code == 200
    assert "Tautan tidak berlaku" in response.content.decode()


def test_something_that_is_no_contact_gets_a_clear_message(client, world):
    response = request_reset(client, "bukan kontak")
    assert response.status_code == 200
    assert "email atau nomor ponsel yang benar" in response.content.decode()
    assert not Message.objects.exists()


# --- phone accounts: a code by SMS ------------------------------------------------------------


@pytest.fixture
def phone_citizen(world: Any) -> User:
    user = User.objects.create_user(username="warga-ponsel", password=PASSWORD)
    user.phone = "081234567890"
    user.full_name = "Rina Wati"
    user.save(update_fields=["phone", "phone_index", "full_name"])
    return user


def sms_code(user: User) -> str:
    message = Message.objects.filter(template="contact_code", user=user).latest("pk")
    assert message.channel == "sms"
    return str(message.context["code"])


def test_a_phone_account_resets_its_password_with_an_sms_code(client, phone_citizen):
    response = request_reset(client, "+62 812-3456-7890")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_code")
    assert Message.objects.filter(user=phone_citizen, channel="sms").count() == 1
    verification = ContactVerification.objects.get(user=phone_citizen)
    assert verification.purpose == ContactVerification.Purpose.PASSWORD
    code = sms_code(phone_citizen)
    assert code not in verification.code_hash  # only an HMAC is kept
    page = client.get(response["Location"])
    assert "0812******90" in page.content.decode()
    assert "081234567890" not in page.content.decode()

    entries = Entry.objects.count()
    done = client.post(
        reverse("accounts:password_reset_code"),
        {"code": code, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:login")
    assert Entry.objects.count() == entries + 1
    assert Entry.objects.latest("id").action == "accounts.password.reset"
    assert sign_in(Client(), "0812 3456 7890", NEW_PASSWORD).status_code == 302
    phone_citizen.refresh_from_db()
    assert phone_citizen.phone_verified_at is not None


def test_a_wrong_sms_code_counts_and_five_lock_it(client, phone_citizen):
    request_reset(client, "081234567890")
    code = sms_code(phone_citizen)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        page = client.post(
            reverse("accounts:password_reset_code"),
            {"code": wrong, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        assert f"Sisa {left} percobaan" in page.content.decode()
    client.post(
        reverse("accounts:password_reset_code"),
        {"code": wrong, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    locked = client.post(
        reverse("accounts:password_reset_code"),
        {"code": code, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Terlalu banyak kode yang salah" in locked.content.decode()
    assert sign_in(Client(), "081234567890", NEW_PASSWORD).status_code == 200


def test_an_unknown_number_gets_the_same_pages_and_no_sms(client, world):
    response = request_reset(client, "081299990000")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_code")
    assert not Message.objects.exists()
    page = client.post(
        reverse("accounts:password_reset_code"),
        {"code": "123456", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert page.status_code == 200
    assert "Kode tidak cocok" in page.content.decode()


def test_the_code_page_without_a_request_goes_back_to_the_start(client, world):
    response = client.get(reverse("accounts:password_reset_code"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset")


def test_a_weak_new_password_is_refused_and_the_code_still_works(client, phone_citizen):
    request_reset(client, "081234567890")
    code = sms_code(phone_citizen)
    weak = client.post(
        reverse("accounts:password_reset_code"),
        {"code": code, "new_password1": "pendek", "new_password2": "pendek"},
    )
    assert weak.status_code == 200
    assert 'class="errorlist"' in weak.content.decode()
    mismatch = client.post(
        reverse("accounts:password_reset_code"),
        {"code": code, "new_password1": NEW_PASSWORD, "new_password2": "lain-lagi-sandinya"},
    )
    assert "Kedua kata sandi tidak sama." in mismatch.content.decode()
    done = client.post(
        reverse("accounts:password_reset_code"),
        {"code": code, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
