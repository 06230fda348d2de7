"""Migrations 0005/0006 seal the contacts of existing rows and can be reversed (finding 8.5)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0004_user_reveal_identifier_permission")]
AFTER = [("accounts", "0006_user_contacts_unique")]


def _migrate(target: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def _raw(pk: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT username, email FROM accounts_user WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.mark.django_db(transaction=True)
def test_existing_contacts_move_out_of_username_and_email_and_back() -> None:
    old = _migrate(BEFORE)
    User = old.get_model("accounts", "User")
    by_email = User.objects.create(username="siti@example.id", email="siti@example.id")
    by_phone = User.objects.create(username="081234567890", email="")
    admin = User.objects.create(username="admin", email="Admin@Example.id")
    erased = User.objects.create(
        username="terhapus-9@invalid.satupintu", email="terhapus-9@invalid.satupintu"
    )

    new = _migrate(AFTER)
    User = new.get_model("accounts", "User")
    siti = User.objects.get(pk=by_email.pk)
    assert siti.username.startswith("u-") and siti.email == "siti@example.id"
    assert _raw(siti.pk)[1] != "siti@example.id" and "siti" not in _raw(siti.pk)[0]
    assert siti.email_index
    phone = User.objects.get(pk=by_phone.pk)
    assert phone.username.startswith("u-") and phone.phone == "081234567890"
    assert phone.phone_index
    kept = User.objects.get(pk=admin.pk)
    assert kept.username == "admin" and kept.email == "admin@example.id"
    gone = User.objects.get(pk=erased.pk)
    assert gone.username == "terhapus-9@invalid.satupintu" and gone.email == ""

    _migrate(BEFORE)
    assert _raw(by_email.pk) == ("siti@example.id", "siti@example.id")
    assert _raw(by_phone.pk) == ("081234567890", "")
    assert _raw(admin.pk) == ("admin", "admin@example.id")
    _migrate([("accounts", "0007_contact_code_purpose")])
