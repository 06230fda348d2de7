"""core.rows.RowReader: the row the ORM would give, for one query, with the SQL compiled once."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from conftest import make_officer, make_user, signed_in
from satupintu.core.rows import RowReader

pytestmark = pytest.mark.django_db


def _fields(instance: Any) -> dict[str, Any]:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_the_row_read_equals_the_orms_sealed_fields_opened(django_assert_num_queries: Any) -> None:
    User = get_user_model()
    user = make_user("siti@contoh.id", full_name="Siti Aminah")
    user.nik, user.phone = "3201234567890123", "081234567890"
    user.save()
    reader = RowReader(User, "id")
    with django_assert_num_queries(1):
        read = reader.get(user.pk)
    assert read is not None and _fields(read) == _fields(User.objects.get(pk=user.pk))
    assert read.nik == "3201234567890123" and read.email == "siti@contoh.id"
    assert read._state.adding is False and read._state.db == "default"
    # Saved like any instance the ORM gave (an UPDATE of the changed column).
    read.full_name = "Siti A."
    read.save(update_fields=["full_name"])
    assert User.objects.get(pk=user.pk).full_name == "Siti A."
    with django_assert_num_queries(1):
        assert reader.get(user.pk + 1000) is None
    assert reader.get(str(user.pk)) is not None  # the session keeps ids as text


def test_only_a_unique_column_can_be_read_by() -> None:
    with pytest.raises(TypeError):
        RowReader(get_user_model(), "full_name")


def test_the_signed_in_officers_device_counts_and_a_removed_one_signs_the_factor_out(
    world: Any,
) -> None:
    from satupintu.organizations.models import Role

    officer = make_officer("petugas@contoh.go.id", world.agency_a, Role.VERIFIER, "19900101")
    client = signed_in(officer)
    assert client.get("/kantor/").status_code == 200
    device_id = client.session[DEVICE_ID_SESSION_KEY]
    StaticDevice.objects.filter(pk=int(device_id.rsplit("/", 1)[1])).delete()
    response = client.get("/kantor/")
    assert response.status_code == 302 and "/akun/" in response["Location"]
