"""Every write of the sign-in machinery leaves exactly one ledger entry: enrolling an
authenticator, using a recovery code, regenerating the codes and resetting a password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from satupintu.accounts.tests.conftest import enrol, logout, sign_in
from satupintu.ledger.models import Entry

NEW_PASSWORD = "Kata-Sandi-Baru-Yang-Panjang-77"


def _new_actions(before: int) -> list[str]:
    return list(Entry.objects.order_by("id").values_list("action", flat=True)[before:])


def test_enrolling_an_authenticator_adds_one_entry(client: Client, world: Any) -> None:
    sign_in(client, "verif@a.go.id")
    before = Entry.objects.count()

    codes = enrol(client, world.verifier)

    assert len(codes) == 10
    assert _new_actions(before) == ["accounts.otp.enrol"]
    entry = Entry.objects.order_by("-id").first()
    assert entry is not None and entry.subject_id == str(world.verifier.pk)


def test_using_a_recovery_code_adds_one_entry_and_a_wrong_one_none(
    client: Client, world: Any
) -> None:
    sign_in(client, "verif@a.go.id")
    codes = enrol(client, world.verifier)
    logout(client)
    sign_in(client, "verif@a.go.id")
    before = Entry.objects.count()

    used = client.post(reverse("accounts:otp_verify"), {"code": codes[0], "next": "/kantor/"})

    assert used.status_code == 302
    assert _new_actions(before) == ["accounts.recovery_code.use"]
    assert client.get("/kantor/").status_code == 200

    logout(client)
    sign_in(client, "verif@a.go.id")
    before = Entry.objects.count()
    wrong = client.post(reverse("accounts:otp_verify"), {"code": codes[0]})
    assert wrong.status_code == 200
    assert _new_actions(before) == []


def test_regenerating_recovery_codes_adds_one_entry(client: Client, world: Any) -> None:
    sign_in(client, "verif@a.go.id")
    enrol(client, world.verifier)
    before = Entry.objects.count()

    response = client.post(reverse("accounts:recovery_codes"))

    assert response.status_code == 302
    assert _new_actions(before) == ["accounts.recovery_codes.regenerate"]


def test_resetting_a_password_by_link_adds_one_entry(world: Any) -> None:
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(world.siti.pk))
    token = default_token_generator.make_token(world.siti)
    form_url = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]))["Location"]
    before = Entry.objects.count()

    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert _new_actions(before) == ["accounts.password.reset"]
    assert sign_in(Client(), "siti@example.id", NEW_PASSWORD).status_code == 302
