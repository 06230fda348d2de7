"""Helpers for the privacy tests: a data protection officer, and signing in past two-factor."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from satupintu.privacy import services

NOTICE = (
    "Kami memproses nama, NIK dan nomor ponsel Anda untuk mengirim kabar status permohonan "
    "melalui SMS. Anda dapat menarik persetujuan ini kapan saja."
)


def grant_dpo(user: Any) -> Any:
    user.user_permissions.add(Permission.objects.get(codename="handle_requests"))
    # Permissions are cached on the instance; reload so has_perm sees the new one.
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def dpo(world: Any) -> Any:
    """The agency's data protection officer (PPDP): an officer holding privacy.handle_requests."""
    return grant_dpo(world.auditor)


def office_client(user: Any) -> Client:
    """A client signed in as an officer who has passed two-factor, as the verify page leaves it."""
    device = StaticDevice.objects.create(user=user, name="cadangan", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def citizen_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def give_consent(user: Any, purpose: str = "notifikasi-sms", **overrides: Any) -> Any:
    data = {
        "actor": user,
        "user": user,
        "purpose": purpose,
        "purpose_label": "Notifikasi status melalui SMS",
        "legal_basis": "persetujuan",
        "notice_text": NOTICE,
        "notice_version": "2026-01",
        **overrides,
    }
    return services.consent_grant(**data)
