import io
import logging
import sys
from pathlib import Path

import pytest
from django.core.exceptions import FieldError
from django.db import connection
from django.views.debug import ExceptionReporter

from satupintu.accounts.models import User
from satupintu.core.crypto import FieldCryptoError
from satupintu.core.fields import EncryptedCharField, lookup_value, masked, masked_field
from satupintu.core.logging import RedactFilter

NIK = "3204010101010003"
PHONE = "081234567890"


def raw_column(user, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM accounts_user WHERE id = %s", [user.pk])
        return cursor.fetchone()[0]


@pytest.fixture
def siti(world):
    user = world.siti
    user.nik = "3204.0101.0101.0003"
    user.phone = "+62 812-3456-7890"
    user.save()
    return user


def test_values_read_back_normalised_and_plain_in_python(siti):
    fresh = User.objects.get(pk=siti.pk)
    assert fresh.nik == NIK
    assert fresh.phone == PHONE
    assert siti.nik == NIK  # save() normalised the instance too


def test_database_columns_hold_only_tokens(siti):
    for column, value in (("nik", NIK), ("phone", PHONE)):
        stored = raw_column(siti, column)
        assert stored.startswith("v1:")
        assert value not in stored
        index = raw_column(siti, f"{column}_index")
        assert len(index) == 32
        assert value not in index


def test_every_save_reseals_with_a_fresh_nonce(siti):
    before = raw_column(siti, "nik")
    siti.save()
    assert raw_column(siti, "nik") != before
    assert User.objects.get(pk=siti.pk).nik == NIK


def test_lookup_finds_the_user_however_the_value_is_typed(siti, world):
    world.budi.nik = "3204010101010004"
    world.budi.save()
    assert list(lookup_value(User, "nik", "3204 0101 0101 0003")) == [siti]
    assert list(lookup_value(User, "phone", "62 812 3456 7890")) == [siti]
    assert list(lookup_value(User, "phone", "0812 3456 7890")) == [siti]
    assert list(lookup_value(User, "nik", "3204010101010004")) == [world.budi]
    assert not lookup_value(User, "nik", "3204010101010005").exists()


def test_blank_lookup_matches_nobody(siti, world):
    assert world.budi.nik == ""
    assert not lookup_value(User, "nik", "").exists()
    assert not lookup_value(User, "nik", "  ").exists()


def test_lookup_on_a_field_without_index_is_an_error(db):
    with pytest.raises(ValueError, match="blind index"):
        lookup_value(User, "full_name", "Siti")


def test_direct_equality_filter_is_refused(siti):
    with pytest.raises(FieldError):
        list(User.objects.filter(nik=NIK))
    assert User.objects.filter(nik__isnull=False).filter(pk=siti.pk).exists()


def test_partial_save_keeps_the_index_current(siti):
    siti.nik = "3204010101010009"
    siti.save(update_fields=["nik"])
    assert list(lookup_value(User, "nik", "3204010101010009")) == [siti]
    assert not lookup_value(User, "nik", NIK).exists()


def test_clearing_a_value_clears_its_index(siti):
    siti.phone = ""
    siti.save(update_fields=["phone"])
    assert raw_column(siti, "phone") == ""
    assert raw_column(siti, "phone_index") == ""
    assert User.objects.get(pk=siti.pk).phone == ""


def test_form_cleaning_validates_the_normalised_value(db):
    field = User._meta.get_field("phone")
    assert field.clean("+62 812-3456-7890", None) == PHONE


def test_free_text_is_stored_as_typed_but_indexed_loosely():
    field = EncryptedCharField(blind_index_field="x_index")
    field.set_attributes_from_name("x")
    field.model = User
    assert field.to_python("  Siti  NURHALIZA ") == "  Siti  NURHALIZA "
    assert field.index_for("  Siti  NURHALIZA ") == field.index_for("siti nurhaliza")
    assert field.index_for("Siti Nurhaliza") != field.index_for("Siti Nurhalisa")


def test_tampered_column_fails_loudly_without_the_value(siti):
    token = raw_column(siti, "nik")
    forged = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET nik = %s WHERE id = %s", [forged, siti.pk])
    with pytest.raises(FieldCryptoError) as excinfo:
        User.objects.get(pk=siti.pk)
    assert NIK not in str(excinfo.value)


def test_model_checks_pass_for_user():
    assert not [e for e in User.check() if e.id.startswith("core.")]


def test_field_check_rejects_unique_and_missing_index_target():
    field = EncryptedCharField(unique=True, blind_index_field="nope")
    field.set_attributes_from_name("nik")
    field.model = User
    ids = {error.id for error in field.check()}
    assert {"core.E101", "core.E102"} <= ids


# --- masking --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        (NIK, "nik", "3204********0003"),
        ("320401010101000312", "nik", "3204**********0312"),
        (PHONE, "phone", "0812******90"),
        ("0812345678", "phone", "0812****78"),
        ("A1234567", "text", "A1****67"),
        ("1234", "nik", "****"),
        ("", "nik", ""),
        (None, None, ""),
    ],
)
def test_masked_keeps_length_and_only_the_ends(value, kind, shown):
    assert masked(value, kind) == shown
    if value:
        assert len(masked(value, kind)) == len(value)


def test_masked_detects_the_kind(siti):
    assert masked(NIK) == "3204********0003"
    assert masked(PHONE) == "0812******90"
    assert masked_field(siti, "nik") == "3204********0003"
    assert masked_field(siti, "phone") == "0812******90"


# --- never in plain text: database file, logs, error pages ------------------------------------


def _database_text(tmp_path: Path) -> bytes:
    if connection.vendor == "sqlite":
        # Copy the live database, freed pages and all, into a real file and read its bytes.
        target = tmp_path / "copy.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(target)])
        data = target.read_bytes()
        dump = "\n".join(connection.connection.iterdump()).encode()
        return data + b"\n" + dump
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT CAST(t AS text) FROM {connection.ops.quote_name(table)} t")
            chunks.extend(row[0] for row in cursor.fetchall())
    return "\n".join(chunks).encode()


# SQLite's VACUUM INTO cannot run inside the test transaction; PostgreSQL reads its own
# uncommitted rows, and flushing there would hit the ledger's append-only trigger.
@pytest.mark.django_db(transaction=connection.vendor == "sqlite")
def test_nik_and_phone_never_appear_in_the_database(tmp_path):
    user = User.objects.create_user(username="warga-uji", password="Sandi-Uji-Yang-Kuat-2026")
    user.nik = NIK
    user.phone = PHONE
    user.save()
    user.nik = NIK  # a second save must not leave an old copy behind either
    user.save(update_fields=["nik"])
    assert User.objects.get(pk=user.pk).nik == NIK
    contents = _database_text(tmp_path)
    assert b"warga-uji" in contents  # the grep does see the row
    for secret in (NIK, PHONE, PHONE[1:], "6281234567890"):
        assert secret.encode() not in contents
        assert secret.encode("utf-16-le") not in contents


@pytest.fixture
def configured_log_stream():
    """Point the handlers from settings.LOGGING at a buffer, filters and all."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RedactFilter) for f in handler.filters)
    ]
    assert handlers, "settings.LOGGING should put RedactFilter on the root handler"
    buffer = io.StringIO()
    previous = [handler.setStream(buffer) for handler in handlers]
    yield buffer
    for handler, stream in zip(handlers, previous, strict=True):
        handler.setStream(stream)


def test_logs_show_nik_and_phone_masked(siti, configured_log_stream):
    log = logging.getLogger("satupintu.accounts")
    log.warning("Pencarian NIK %s gagal", NIK)
    log.warning("Pengguna %s, ponsel %s, +6281234567890", siti.nik, siti.phone)
    output = configured_log_stream.getvalue()
    assert "3204********0003" in output
    for secret in (NIK, PHONE, "6281234567890"):
        assert secret not in output


def test_debug_error_page_shows_no_identifier(rf, siti):
    user = User.objects.get(pk=siti.pk)
    request = rf.get("/")
    request.user = user
    try:
        raise RuntimeError(f"gagal untuk {user!r}")
    except RuntimeError:
        reporter = ExceptionReporter(request, *sys.exc_info())
    assert user.nik == NIK
    assert repr(user) in reporter.get_traceback_text()  # the user object is on the page
    for page in (reporter.get_traceback_text(), reporter.get_traceback_html()):
        assert "RuntimeError" in page
        assert NIK not in page
        assert PHONE not in page
