from __future__ import annotations

import re
from base64 import b32encode
from urllib.parse import parse_qs, urlparse

from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from satupintu.accounts.tests.conftest import code_for, enrol, logout, sign_in

OFFICE = "/kantor/"


def wrong_code(device: TOTPDevice) -> str:
    """A code the device will not accept now (it accepts one step either side)."""
    valid = {code_for(device, step) for step in (-1, 0, 1, 2)}
    return next(c for c in ("000000", "111111", "222222", "333333", "444444") if c not in valid)


def login_form_next(page: str) -> dict[str, str]:
    """The hidden `next` the sign-in form (not the header's language form) would post."""
    form = page.split("<main", 1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'<input type="hidden" name="(next)" value="([^"]*)"', form))


def path_of(location: str) -> str:
    return urlparse(location).path


def next_of(location: str) -> str:
    return parse_qs(urlparse(location).query)["next"][0]


def enrolled_then_password_again(client, world):
    """The verifier enrols an authenticator, signs out, and signs in with the password only."""
    sign_in(client, "verif@a.go.id")
    enrol(client, world.verifier)
    logout(client)
    return sign_in(client, "verif@a.go.id")


def test_officer_without_device_is_sent_to_enrol_after_password(client, world):
    response = sign_in(client, "verif@a.go.id")
    assert response.status_code == 302
    assert path_of(response["Location"]) == reverse("accounts:otp_enrol")
    assert next_of(response["Location"]) == reverse("office:home")


def test_officer_posting_the_plain_login_form_as_rendered_is_sent_to_the_office(client, world):
    # The form carried a hidden next="/" even when none was asked for, so an officer who signed
    # in from the header landed on the citizens' home page instead of the office.
    page = client.get(reverse("accounts:login")).content.decode()
    hidden = login_form_next(page)
    response = sign_in(client, "verif@a.go.id", **hidden)
    assert path_of(response["Location"]) == reverse("accounts:otp_enrol")
    assert next_of(response["Location"]) == reverse("office:home")


def test_a_next_asked_for_survives_the_rendered_login_form(client, world):
    page = client.get(reverse("accounts:login") + "?next=/kantor/permohonan/").content.decode()
    hidden = login_form_next(page)
    assert hidden == {"next": "/kantor/permohonan/"}
    response = sign_in(client, "verif@a.go.id", **hidden)
    assert next_of(response["Location"]) == "/kantor/permohonan/"


def test_officer_without_two_factor_cannot_open_the_office(client, world):
    sign_in(client, "verif@a.go.id")
    response = client.get(OFFICE)
    assert response.status_code == 302
    assert path_of(response["Location"]) == reverse("accounts:otp_enrol")
    assert next_of(response["Location"]) == OFFICE


def test_enrol_page_shows_qr_code_and_secret_for_manual_entry(client, world):
    sign_in(client, "verif@a.go.id")
    page = client.get(reverse("accounts:otp_enrol")).content.decode()
    assert 'src="data:image/svg+xml' in page
    assert 'autocomplete="one-time-code"' in page
    assert 'inputmode="numeric"' in page
    device = TOTPDevice.objects.get(user=world.verifier, confirmed=False)
    secret = b32encode(device.bin_key).decode()
    assert secret[:4] + " " + secret[4:8] in page
    # Reloading keeps the same secret, so an app that already scanned it still works.
    client.get(reverse("accounts:otp_enrol"))
    assert TOTPDevice.objects.filter(user=world.verifier).count() == 1


def test_officer_enrols_gets_ten_recovery_codes_once_and_reaches_the_office(client, world):
    sign_in(client, "verif@a.go.id")
    codes = enrol(client, world.verifier)

    assert len(codes) == 10
    assert len(set(codes)) == 10
    again = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert codes[0] not in again
    assert TOTPDevice.objects.get(user=world.verifier).confirmed
    assert client.get(OFFICE).status_code == 200


def test_wrong_enrolment_code_keeps_the_officer_out(client, world):
    sign_in(client, "verif@a.go.id")
    client.get(reverse("accounts:otp_enrol"))
    device = TOTPDevice.objects.get(user=world.verifier)
    wrong = wrong_code(device)

    response = client.post(reverse("accounts:otp_enrol"), {"code": wrong})

    assert response.status_code == 200
    assert "Kode tidak cocok" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(OFFICE).status_code == 302


def test_enrolment_code_must_be_six_digits(client, world):
    sign_in(client, "verif@a.go.id")
    response = client.post(reverse("accounts:otp_enrol"), {"code": "abc"})
    assert response.status_code == 200
    assert "enam angka" in response.content.decode()


def test_enrolled_officer_must_verify_after_every_password_login(client, world):
    response = enrolled_then_password_again(client, world)
    assert path_of(response["Location"]) == reverse("accounts:otp_verify")
    blocked = client.get(OFFICE)
    assert path_of(blocked["Location"]) == reverse("accounts:otp_verify")

    device = TOTPDevice.objects.get(user=world.verifier)
    before = client.session.session_key
    verified = client.post(
        reverse("accounts:otp_verify"), {"code": code_for(device, 1), "next": OFFICE}
    )
    assert verified.status_code == 302
    assert verified["Location"] == OFFICE
    assert client.session.session_key != before
    assert client.get(OFFICE).status_code == 200


def test_password_alone_cannot_add_a_second_authenticator(client, world):
    enrolled_then_password_again(client, world)
    response = client.get(reverse("accounts:otp_enrol"))
    assert path_of(response["Location"]) == reverse("accounts:otp_verify")
    client.post(reverse("accounts:otp_enrol"), {"code": "123456"})
    assert TOTPDevice.objects.filter(user=world.verifier).count() == 1


def test_wrong_code_at_verification_is_refused(client, world):
    enrolled_then_password_again(client, world)
    device = TOTPDevice.objects.get(user=world.verifier)
    wrong = wrong_code(device)

    response = client.post(reverse("accounts:otp_verify"), {"code": wrong})

    assert response.status_code == 200
    assert client.get(OFFICE).status_code == 302


def test_recovery_code_works_exactly_once(client, world):
    sign_in(client, "verif@a.go.id")
    codes = enrol(client, world.verifier)
    logout(client)

    sign_in(client, "verif@a.go.id")
    first = client.post(reverse("accounts:otp_verify"), {"code": codes[0].upper(), "next": OFFICE})
    assert first.status_code == 302
    assert client.get(OFFICE).status_code == 200
    logout(client)

    sign_in(client, "verif@a.go.id")
    second = client.post(reverse("accounts:otp_verify"), {"code": codes[0]})
    assert second.status_code == 200
    assert client.get(OFFICE).status_code == 302
    assert StaticToken.objects.filter(device__user=world.verifier).count() == 9


def test_new_recovery_codes_replace_the_old_ones(client, world):
    sign_in(client, "verif@a.go.id")
    old = enrol(client, world.verifier)

    response = client.post(reverse("accounts:recovery_codes"))
    page = client.get(response["Location"]).content.decode()

    tokens = set(
        StaticToken.objects.filter(device__user=world.verifier).values_list("token", flat=True)
    )
    assert len(tokens) == 10
    assert not tokens & set(old)
    assert all(token in page for token in tokens)


def test_citizen_is_forbidden_in_the_office(client, world):
    sign_in(client, "siti@example.id")
    assert client.get(OFFICE).status_code == 403


def test_citizen_is_not_asked_for_two_factor(client, world):
    response = sign_in(client, "siti@example.id")
    assert path_of(response["Location"]) == reverse("portal:home")
    assert path_of(client.get(reverse("accounts:otp_enrol"))["Location"]) == reverse("portal:home")


def test_anonymous_visitor_is_sent_to_login_and_back(client, db):
    response = client.get(OFFICE)
    assert path_of(response["Location"]) == reverse("accounts:login")
    assert next_of(response["Location"]) == OFFICE


def test_admin_site_needs_a_verified_staff_officer(client, world):
    admin_index = reverse("admin:index")
    anonymous = client.get(admin_index)
    assert anonymous.status_code == 302
    # The admin's own password-only login form is gone: it hands over to /akun/masuk/.
    login_page = client.get(anonymous["Location"])
    assert path_of(login_page["Location"]) == reverse("accounts:login")

    world.admin_a.is_staff = True
    world.admin_a.save(update_fields=["is_staff"])
    sign_in(client, "admin@a.go.id")
    unverified = client.get(admin_index, follow=True)
    assert unverified.redirect_chain[-1][0].startswith(reverse("accounts:otp_enrol"))

    enrol(client, world.admin_a)
    assert client.get(admin_index).status_code == 200


def test_repeated_wrong_codes_are_slowed_down(client, world):
    enrolled_then_password_again(client, world)
    device = TOTPDevice.objects.get(user=world.verifier)
    wrong = wrong_code(device)

    client.post(reverse("accounts:otp_verify"), {"code": wrong})
    # Even the right code is refused while django-otp's back-off (1 s, 2 s, 4 s, ...) runs.
    response = client.post(reverse("accounts:otp_verify"), {"code": code_for(device, 1)})

    assert "Terlalu banyak kode yang salah" in response.content.decode()
    assert client.get(OFFICE).status_code == 302
