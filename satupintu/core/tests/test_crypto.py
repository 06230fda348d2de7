import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from satupintu.core import crypto
from satupintu.core.checks import check_field_keys

NIK = "3204010101010003"
CONTEXT = "accounts.User.nik"


def b64key(byte: int) -> str:
    return base64.b64encode(bytes([byte]) * 32).decode()


K1 = f"k1:{b64key(1)}"
K2 = f"k2:{b64key(2)}"
HASH_KEY = b64key(9)


@pytest.fixture
def keys(settings):
    settings.FIELD_ENCRYPTION_KEYS = K1
    settings.FIELD_HASH_KEY = HASH_KEY
    return settings


def test_round_trip_returns_the_plaintext(keys):
    for value in (NIK, "Siti Nurhaliza — Jl. Merdeka No. 1", "x"):
        token = crypto.encrypt(value, context=CONTEXT)
        assert crypto.decrypt(token, context=CONTEXT) == value


def test_token_names_version_and_current_key_and_hides_the_value(keys):
    token = crypto.encrypt(NIK, context=CONTEXT)
    assert token.startswith("v1:k1:")
    assert NIK not in token


def test_same_plaintext_gives_different_tokens(keys):
    first = crypto.encrypt(NIK, context=CONTEXT)
    second = crypto.encrypt(NIK, context=CONTEXT)
    assert first != second
    nonce = base64.urlsafe_b64decode(first.split(":")[2] + "==")[:12]
    assert nonce != base64.urlsafe_b64decode(second.split(":")[2] + "==")[:12]


def _flip_byte(token: str, position: int) -> str:
    version, key_id, body = token.split(":")
    blob = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    blob[position] ^= 0x01
    return f"{version}:{key_id}:{base64.urlsafe_b64encode(bytes(blob)).decode().rstrip('=')}"


@pytest.mark.parametrize("position", [0, 12, -1])
def test_tampered_token_is_refused_without_echoing_the_value(keys, position):
    token = crypto.encrypt(NIK, context=CONTEXT)
    with pytest.raises(crypto.FieldCryptoError) as excinfo:
        crypto.decrypt(_flip_byte(token, position), context=CONTEXT)
    assert NIK not in str(excinfo.value)


def test_token_from_another_column_does_not_open(keys):
    token = crypto.encrypt(NIK, context=CONTEXT)
    with pytest.raises(crypto.FieldCryptoError):
        crypto.decrypt(token, context="accounts.User.phone")


def test_garbage_is_not_a_token(keys):
    for junk in ("3204010101010003", "v1:k1:", "v2:k1:AAAA", "v1:k1:!!!!", "v1:k1:AAAA"):
        with pytest.raises(crypto.FieldCryptoError):
            crypto.decrypt(junk, context=CONTEXT)
        assert not crypto.is_token(junk)


def test_token_under_a_key_no_longer_in_the_ring_says_so(keys, settings):
    token = crypto.encrypt(NIK, context=CONTEXT)
    settings.FIELD_ENCRYPTION_KEYS = K2
    with pytest.raises(crypto.UnknownKeyError, match="k1"):
        crypto.decrypt(token, context=CONTEXT)


def test_every_key_in_the_ring_decrypts_and_the_first_encrypts(keys, settings):
    old = crypto.encrypt(NIK, context=CONTEXT)
    settings.FIELD_ENCRYPTION_KEYS = f"{K2},{K1}"
    assert crypto.decrypt(old, context=CONTEXT) == NIK
    assert crypto.needs_rotation(old)
    new = crypto.encrypt(NIK, context=CONTEXT)
    assert new.startswith("v1:k2:")
    assert not crypto.needs_rotation(new)


def test_blind_index_is_equal_for_equal_normalised_values(keys):
    plain = crypto.blind_index(NIK, context=CONTEXT, kind="nik")
    assert crypto.blind_index("3204.0101 0101-0003", context=CONTEXT, kind="nik") == plain
    assert len(plain) == 32
    int(plain, 16)
    assert crypto.blind_index("3204010101010004", context=CONTEXT, kind="nik") != plain


def test_blind_index_differs_across_columns_and_hash_keys(keys, settings):
    plain = crypto.blind_index(NIK, context=CONTEXT, kind="nik")
    assert crypto.blind_index(NIK, context="applications.Applicant.nik", kind="nik") != plain
    settings.FIELD_HASH_KEY = b64key(10)
    assert crypto.blind_index(NIK, context=CONTEXT, kind="nik") != plain


@pytest.mark.parametrize(
    "typed",
    ["081234567890", "+62 812-3456-7890", "62812 3456 7890", "812.3456.7890", " (0812) 34567890 "],
)
def test_phone_numbers_normalise_to_08(typed):
    assert crypto.normalize(typed, "phone") == "081234567890"


def test_text_normalisation_folds_case_and_spaces():
    assert crypto.normalize("  Paspor  A123 ", "text") == crypto.normalize("paspor a123", "text")


def test_dev_keys_are_derived_from_the_secret_key_when_none_are_set(settings):
    settings.FIELD_ENCRYPTION_KEYS = ""
    settings.FIELD_HASH_KEY = ""
    settings.DEV_DEFAULTS = True
    ring = crypto.get_keyring()
    assert ring.dev_only
    assert ring.current_key_id == "dev"
    token = crypto.encrypt(NIK, context=CONTEXT)
    settings.SECRET_KEY = settings.SECRET_KEY + "-other"
    with pytest.raises(crypto.FieldCryptoError):
        crypto.decrypt(token, context=CONTEXT)


def test_missing_keys_outside_development_refuse_to_work(settings):
    settings.FIELD_ENCRYPTION_KEYS = ""
    settings.FIELD_HASH_KEY = HASH_KEY
    settings.DEV_DEFAULTS = False
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS"):
        crypto.encrypt(NIK, context=CONTEXT)


@pytest.mark.parametrize(
    "raw",
    [
        "k1",
        f"k1:{base64.b64encode(b'short').decode()}",
        "k1:not base64!",
        f"bad id:{b64key(1)}",
        f"{K1},{K1}",
    ],
)
def test_malformed_key_rings_are_rejected(raw):
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_encryption_keys(raw)


def test_key_ring_repr_shows_no_key_material(keys):
    text = repr(crypto.get_keyring())
    assert "k1" in text
    assert b64key(1) not in text
    assert b64key(9) not in text


# --- system check --------------------------------------------------------------------------


def test_check_reports_missing_keys_outside_development(settings):
    settings.DEV_DEFAULTS = False
    settings.FIELD_ENCRYPTION_KEYS = ""
    settings.FIELD_HASH_KEY = ""
    ids = [message.id for message in run_checks(tags=["security"])]
    assert "core.E001" in ids


def test_check_accepts_missing_keys_in_development(settings):
    settings.DEV_DEFAULTS = True
    settings.FIELD_ENCRYPTION_KEYS = ""
    settings.FIELD_HASH_KEY = ""
    assert check_field_keys() == []


def test_check_passes_with_good_keys_outside_development(keys, settings):
    settings.DEV_DEFAULTS = False
    assert check_field_keys() == []


def test_check_reports_malformed_keys(settings):
    settings.DEV_DEFAULTS = False
    settings.FIELD_ENCRYPTION_KEYS = "k1:tooshort"
    settings.FIELD_HASH_KEY = "c2hvcnQ="
    ids = {message.id for message in check_field_keys()}
    assert ids == {"core.E002", "core.E003"}


def test_check_warns_when_hash_key_reuses_an_encryption_key(settings):
    settings.FIELD_ENCRYPTION_KEYS = K1
    settings.FIELD_HASH_KEY = b64key(1)
    assert [message.id for message in check_field_keys()] == ["core.W001"]


# --- generate_keys --------------------------------------------------------------------------


def _env_lines(output: str) -> dict[str, str]:
    return dict(
        line.split("=", 1) for line in output.splitlines() if line and not line.startswith("#")
    )


def test_generate_keys_prints_usable_fresh_keys(capsys, settings):
    call_command("generate_keys", "--key-id", "k2026")
    first = _env_lines(capsys.readouterr().out)
    call_command("generate_keys", "--key-id", "k2026")
    second = _env_lines(capsys.readouterr().out)
    assert set(first) == {"FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY", "LEDGER_SIGNING_KEY"}
    assert first != second
    assert list(crypto.parse_encryption_keys(first["FIELD_ENCRYPTION_KEYS"])) == ["k2026"]
    assert len(crypto.parse_hash_key(first["FIELD_HASH_KEY"])) == 32
    Ed25519PrivateKey.from_private_bytes(base64.b64decode(first["LEDGER_SIGNING_KEY"]))
    settings.FIELD_ENCRYPTION_KEYS = first["FIELD_ENCRYPTION_KEYS"]
    settings.FIELD_HASH_KEY = first["FIELD_HASH_KEY"]
    assert crypto.decrypt(crypto.encrypt(NIK, context=CONTEXT), context=CONTEXT) == NIK


def test_generate_keys_rotate_puts_a_new_key_in_front(capsys):
    call_command("generate_keys", "--key-id", "k3", "--rotate", f"{K2},{K1}")
    ring = _env_lines(capsys.readouterr().out)["FIELD_ENCRYPTION_KEYS"]
    assert list(crypto.parse_encryption_keys(ring)) == ["k3", "k2", "k1"]


def test_generate_keys_rotate_refuses_a_duplicate_id():
    with pytest.raises(CommandError):
        call_command("generate_keys", "--key-id", "k1", "--rotate", K1)


def test_a_nik_inside_a_traceback_is_masked_in_the_log() -> None:
    from satupintu.tests.logcapture import masked_log

    with masked_log("satupintu.test.traceback") as (logger, stream):
        try:
            raise ValueError("NIK 3204010101010003 tidak cocok")
        except ValueError:
            logger.exception("gagal memproses")
    output = stream.getvalue()
    assert "ValueError" in output
    assert "3204010101010003" not in output
    assert "3204********0003" in output
