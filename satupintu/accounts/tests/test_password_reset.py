from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from satupintu.accounts.tests.conftest import sign_in

NEW_PASSWORD = "Kata-Sandi-Baru-Yang-Panjang-77"


def request_reset(client: Client, email: str):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def link_from(message) -> str:
    match = re.search(r"https?://[^/\s]+(/akun/sandi/reset/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_reset_email_carries_an_indonesian_one_time_link(client, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = request_reset(client, "siti@example.id")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["siti@example.id"]
    assert "kata sandi" in mail.outbox[0].subject.lower()
    assert "hanya dapat dipakai sekali" in mail.outbox[0].body


def test_unknown_email_gets_the_same_answer_and_no_mail(client, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    known = request_reset(client, "siti@example.id")
    unknown = request_reset(Client(), "tidak-ada@example.id")

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert len(mail.outbox) == 1


def test_reset_link_works_once(client, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    request_reset(client, "siti@example.id")
    link = link_from(mail.outbox[0])

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


def test_weak_or_mismatched_new_password_gets_a_clear_message(client, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    request_reset(client, "siti@example.id")
    form_url = client.get(link_from(mail.outbox[0]))["Location"]

    mismatch = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "lain"})
    assert "Kedua kata sandi tidak sama." in mismatch.content.decode()
    short = client.post(form_url, {"new_password1": "pendek", "new_password2": "pendek"})
    assert short.status_code == 200
    assert 'class="errorlist"' in short.content.decode()


def test_tampered_link_is_refused(client, world):
    response = client.get("/akun/sandi/reset/MQ/bukan-token/", follow=True)
    assert response.status_code == 200
    assert "Tautan tidak berlaku" in response.content.decode()
