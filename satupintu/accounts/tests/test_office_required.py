"""`core.security.office_required` on its own, independent of which views use it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from satupintu.core.security import office_required


@office_required
def guarded(request, pk):
    return HttpResponse(f"isi {pk}")


def call(user, verified=False):
    request = RequestFactory().get("/kantor/contoh/7/?tab=a")
    user.is_verified = lambda: verified
    request.user = user
    return guarded(request, pk=7)


def test_anonymous_is_sent_to_login_with_next(db):
    response = call(AnonymousUser())
    assert urlparse(response["Location"]).path == reverse("accounts:login")
    assert parse_qs(urlparse(response["Location"]).query)["next"] == ["/kantor/contoh/7/?tab=a"]


def test_citizen_is_forbidden(world):
    with pytest.raises(PermissionDenied):
        call(world.siti, verified=True)


def test_officer_without_device_is_sent_to_enrol(world):
    response = call(world.verifier)
    assert urlparse(response["Location"]).path == reverse("accounts:otp_enrol")
    assert parse_qs(urlparse(response["Location"]).query)["next"] == ["/kantor/contoh/7/?tab=a"]


def test_officer_with_device_is_sent_to_verify(world):
    TOTPDevice.objects.create(user=world.verifier, name="hp", confirmed=True)
    response = call(world.verifier)
    assert urlparse(response["Location"]).path == reverse("accounts:otp_verify")


def test_unconfirmed_device_does_not_count(world):
    TOTPDevice.objects.create(user=world.verifier, name="hp", confirmed=False)
    response = call(world.verifier)
    assert urlparse(response["Location"]).path == reverse("accounts:otp_enrol")


def test_verified_officer_gets_the_page(world):
    response = call(world.verifier, verified=True)
    assert response.status_code == 200
    assert response.content == b"isi 7"


def test_deactivated_officer_is_forbidden(world):
    world.verifier.is_active = False
    with pytest.raises(PermissionDenied):
        call(world.verifier, verified=True)
