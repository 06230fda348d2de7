import base64
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from satupintu.accounts.models import User
from satupintu.core.crypto import UnknownKeyError
from satupintu.core.fields import lookup_value


def b64key(byte: int) -> str:
    return base64.b64encode(bytes([byte]) * 32).decode()


K1 = f"k1:{b64key(1)}"
K2 = f"k2:{b64key(2)}"
K3 = f"k3:{b64key(3)}"


def raw(user, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM accounts_user WHERE id = %s", [user.pk])
        return cursor.fetchone()[0]


def rotate(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("rotate_field_keys", *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def sealed_under_k1(settings, world):
    # The personas' e-mail addresses and NIPs are sealed under the default key; these tests
    # count the values they seal under K1 themselves.
    User.objects.update(email="", email_index="", nip="", nip_index="")
    settings.FIELD_ENCRYPTION_KEYS = K1
    settings.FIELD_HASH_KEY = b64key(9)
    users = [world.siti, world.budi, world.front_desk]
    for number, user in enumerate(users, start=1):
        user.nik = f"320401010101000{number}"
        user.phone = f"08123456789{number}"
        user.save(update_fields=["nik", "nik_index", "phone", "phone_index"])
    return users


def test_rotation_reseals_under_the_new_key_and_keeps_values(settings, sealed_under_k1):
    settings.FIELD_ENCRYPTION_KEYS = f"{K2},{K1}"
    output = rotate("--batch-size", "2")
    assert "Re-encrypted 6 value(s); 0 remaining." in output
    assert "accounts.User.nik: 2/3" in output  # progress per batch
    for number, user in enumerate(sealed_under_k1, start=1):
        assert raw(user, "nik").startswith("v1:k2:")
        assert raw(user, "phone").startswith("v1:k2:")
        fresh = User.objects.get(pk=user.pk)
        assert fresh.nik == f"320401010101000{number}"
        assert fresh.phone == f"08123456789{number}"
    # The old key can go now.
    settings.FIELD_ENCRYPTION_KEYS = K2
    assert User.objects.get(pk=sealed_under_k1[0].pk).nik == "3204010101010001"
    assert list(lookup_value(User, "nik", "3204010101010002")) == [sealed_under_k1[1]]


def test_without_rotation_removing_the_old_key_breaks_reading(settings, sealed_under_k1):
    settings.FIELD_ENCRYPTION_KEYS = K2
    with pytest.raises(UnknownKeyError):
        User.objects.get(pk=sealed_under_k1[0].pk)


def test_rotation_is_idempotent(settings, sealed_under_k1):
    settings.FIELD_ENCRYPTION_KEYS = f"{K2},{K1}"
    rotate()
    tokens = [raw(user, "nik") for user in sealed_under_k1]
    output = rotate()
    assert "accounts.User.nik: up to date" in output
    assert "Re-encrypted 0 value(s); 0 remaining." in output
    assert [raw(user, "nik") for user in sealed_under_k1] == tokens


def test_dry_run_counts_and_changes_nothing(settings, sealed_under_k1):
    settings.FIELD_ENCRYPTION_KEYS = f"{K2},{K1}"
    before = [raw(user, "nik") for user in sealed_under_k1]
    output = rotate("--dry-run")
    assert "accounts.User.nik: 3 to re-encrypt" in output
    assert "Dry run: 6 value(s) would be re-encrypted." in output
    assert [raw(user, "nik") for user in sealed_under_k1] == before


def test_blank_values_are_left_alone(settings, world):
    User.objects.update(email="", email_index="", nip="", nip_index="")
    settings.FIELD_ENCRYPTION_KEYS = K1
    assert world.budi.nik == ""
    settings.FIELD_ENCRYPTION_KEYS = f"{K2},{K1}"
    assert "Re-encrypted 0 value(s); 0 remaining." in rotate()
    assert raw(world.budi, "nik") == ""


def test_values_under_an_unknown_key_are_reported_and_the_rest_rotated(settings, sealed_under_k1):
    settings.FIELD_ENCRYPTION_KEYS = f"{K3},{K1}"
    stranger = sealed_under_k1[2]
    stranger.nik = "3204010101010099"
    stranger.save(update_fields=["nik"])  # sealed under k3
    settings.FIELD_ENCRYPTION_KEYS = f"{K2},{K1}"
    with pytest.raises(CommandError, match="1 value"):
        rotate()
    assert raw(sealed_under_k1[0], "nik").startswith("v1:k2:")
    assert raw(stranger, "nik").startswith("v1:k3:")
    assert raw(stranger, "phone").startswith("v1:k2:")


def test_rotation_refuses_to_run_without_keys_outside_development(settings, db):
    settings.FIELD_ENCRYPTION_KEYS = ""
    settings.DEV_DEFAULTS = False
    with pytest.raises(CommandError, match="FIELD_ENCRYPTION_KEYS"):
        rotate()
