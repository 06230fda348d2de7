"""Helpers for the accounts tests: sign in the way a person does, and read codes off a device."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD


def sign_in(
    client: Client, username: str, password: str = PASSWORD, ip: str = "198.51.100.10", **data: str
) -> Any:
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password, **data},
        REMOTE_ADDR=ip,
    )


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the officer's phone shows now (or `steps_ahead` 30-second steps later)."""
    device.refresh_from_db()
    value = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead
    )
    return f"{value:0{device.digits}d}"


def enrol(client: Client, user: Any) -> list[str]:
    """Walk through enrolment as the signed-in `user`; return the recovery codes shown."""
    page = client.get(reverse("accounts:otp_enrol"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(reverse("accounts:otp_enrol"), {"code": code_for(device)})
    assert done.status_code == 302, done.content.decode()[:2000]
    codes_page = client.get(done["Location"])
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", codes_page.content.decode())


def logout(client: Client) -> None:
    client.post(reverse("accounts:logout"))
