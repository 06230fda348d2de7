"""Writes of the accounts app: citizen sign-up, contact confirmation by one-time code, the
citizen's profile, and two-factor devices for officers.

Every citizen-account write runs in one transaction and appends one ledger entry through
`_record` (ids and field names only, never the personal data itself).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import secrets
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from satupintu.accounts.models import ContactVerification, User
from satupintu.core.crypto import normalize
from satupintu.core.errors import Conflict, PermissionDenied, ServiceError
from satupintu.core.fields import lookup_value
from satupintu.core.identifiers import validate_nik
from satupintu.ledger import services as ledger
from satupintu.notifications.services import notify
from satupintu.privacy.models import LegalBasis
from satupintu.privacy.services import consent_grant
from satupintu.regions.models import Region

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Aplikasi autentikator"
RECOVERY_DEVICE_NAME = "Kode cadangan"


def totp_device_start(*, user: User) -> TOTPDevice:
    """Return the user's pending (unconfirmed) authenticator, creating one if there is none.

    Reusing the pending device keeps the secret stable when the enrol page is reloaded, so a
    code from an app that already scanned the QR code still confirms it.
    """
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
        return device


def totp_device_confirm(*, user: User, token: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the pending authenticator with a code from it and issue fresh recovery codes.

    Returns the confirmed device and the recovery codes (shown to the user once), or None when
    the code is wrong or there is nothing pending. Any other device of the user is removed, so
    one person has exactly one authenticator and one set of recovery codes.
    """
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None:
            return None
        verified = device.verify_token(token)
    if not verified:
        # verify_token has saved the throttling counter; nothing else changed.
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user)
        ledger.record(user, "accounts.otp.enrol", user, {"device": device.pk})
    return device, codes


def recovery_codes_issue(*, user: User) -> list[str]:
    """Replace the user's recovery codes with a new set; the old codes stop working."""
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
        ledger.record(user, "accounts.recovery_codes.regenerate", user, {"count": len(codes)})
    return codes


def recovery_code_use(*, user: User, code: str) -> StaticDevice | None:
    """Sign-in's second step with a one-time recovery code: the code is used up and ledgered.

    Returns the device the code belonged to, or None when no code of the user matches (or the
    device is throttling wrong codes); a wrong code changes only django-otp's throttle counter.
    """
    with transaction.atomic():
        for device in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                left = device.token_set.count()
                ledger.record(
                    user, "accounts.recovery_code.use", user, {"device": device.pk, "left": left}
                )
                return device
    return None


def password_reset_set(*, user: User, password: str) -> User:
    """Set the password chosen on the page a reset link opened (the link was checked already)."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        ledger.record(user, "accounts.password.reset", user, {"channel": "link"})
    return user


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


# --- citizen accounts -----------------------------------------------------------------------
#
# A citizen signs up with an email address or a mobile number; that contact is their sign-in
# name (`username`, normalised) and must be proven with a six-digit code before they may apply
# for anything. Codes reach them through the notifications outbox; only an HMAC is stored.

ACCOUNT_PURPOSE = "akun-satupintu"
ACCOUNT_NOTICE_VERSION = "2026-1"
CODE_TTL = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 5
RESEND_INTERVAL = dt.timedelta(seconds=60)
CODES_PER_HOUR = 5
_CODE_SALT = "satupintu.accounts.contact_code"
_MOBILE = re.compile(r"08[0-9]{8,12}")
_FULL_NAME_MAX = 200

EMAIL = ContactVerification.Channel.EMAIL
SMS = ContactVerification.Channel.SMS
PROFILE_FIELDS = (
    "full_name",
    "nik",
    "email",
    "phone",
    "address_region",
    "address_street",
    "language",
    "preferred_channel",
)


def duplicate_contact_message() -> str:
    return _("Email atau nomor ini sudah terdaftar. Silakan masuk atau pulihkan kata sandi.")


class TooManyCodes(ServiceError):
    """A new code was asked for too soon; `retry_after` says in how many seconds to ask again."""

    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, field="code")
        self.retry_after = retry_after


def _now() -> dt.datetime:
    return timezone.now()


def normalise_contact(raw: str) -> tuple[str, str]:
    """("email", "siti@example.id") or ("sms", "081234567890") for what a person typed.

    Email addresses are lower-cased; mobile numbers written 08…, +62 8… or 62 8… all become 08….
    Raises ServiceError (field "contact") for anything else.
    """
    text = (raw or "").strip()
    if "@" in text:
        email = text.lower()
        try:
            validate_email(email)
        except ValidationError:
            raise ServiceError(
                _("Alamat email tidak benar. Periksa kembali, contoh: nama@contoh.id."),
                field="contact",
            ) from None
        return EMAIL, email
    phone = normalize(text, "phone")
    if not _MOBILE.fullmatch(phone):
        raise ServiceError(
            _("Masukkan alamat email atau nomor ponsel yang benar (contoh: 081234567890)."),
            field="contact",
        )
    return SMS, phone


def contact_in_use(channel: str, address: str, *, exclude: User | None = None) -> bool:
    """Whether another account signs in with, or has on its profile, this email or number."""
    users = User.objects.all()
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    if channel == EMAIL:
        return users.filter(Q(username__iexact=address) | Q(email__iexact=address)).exists()
    if users.filter(username=address).exists():
        return True
    found = lookup_value(User, "phone", address)
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.exists()


def require_verified_contact(user: Any) -> bool:
    """True when `user` may act (apply, send messages): signed in and their contact confirmed.

    Only accounts that people create themselves start unconfirmed; accounts made at the
    counter or by an administrator were checked by a person and count as confirmed.
    """
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and not getattr(user, "must_confirm_contact", False)
    )


def pending_verification(user: User) -> ContactVerification | None:
    """The newest code sent to `user` that has not been confirmed (maybe expired or locked)."""
    return (
        ContactVerification.objects.filter(user=user, verified_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )


def _hash_code(code: str, nonce: str | None = None) -> str:
    nonce = nonce or secrets.token_hex(8)
    mac = salted_hmac(_CODE_SALT, f"{nonce}:{code}", algorithm="sha256").hexdigest()
    return f"{nonce}${mac}"


def _code_matches(code: str, stored: str) -> bool:
    nonce, _sep, _mac = stored.partition("$")
    return constant_time_compare(_hash_code(code, nonce), stored)


def _issue_code(*, user: User, channel: str, address: str) -> ContactVerification:
    """Create a code for `address`, supersede older pending ones, and put it in the outbox."""
    now = _now()
    # Only the newest code works: an older one still in someone's inbox is void.
    ContactVerification.objects.filter(
        user=user, verified_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    code = f"{secrets.randbelow(10**6):06d}"
    verification = ContactVerification.objects.create(
        user=user,
        channel=channel,
        address=address,
        code_hash=_hash_code(code),
        created_at=now,
        expires_at=now + CODE_TTL,
    )
    # The code sits in the outbox row's context (rendered at send time); see the report.
    notify(
        user=user,
        channel=channel,
        address=address,
        template="contact_code",
        context={"code": code},
        language=user.language,
        dedupe_key=f"contact-code:{verification.pk}",
    )
    ledger.record(
        user,
        "accounts.contact.code_send",
        user,
        {"verification": verification.pk, "channel": channel},
    )
    return verification


def _check_code_rate(user: User) -> None:
    now = _now()
    recent = list(
        ContactVerification.objects.filter(user=user, created_at__gt=now - dt.timedelta(hours=1))
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:CODES_PER_HOUR]
    )
    if recent and now - recent[0] < RESEND_INTERVAL:
        wait = RESEND_INTERVAL - (now - recent[0])
        seconds = max(1, math.ceil(wait.total_seconds()))
        raise TooManyCodes(
            ngettext(
                "Kode baru saja dikirim. Tunggu %(n)d detik sebelum meminta kode lagi.",
                "Kode baru saja dikirim. Tunggu %(n)d detik sebelum meminta kode lagi.",
                seconds,
            )
            % {"n": seconds},
            retry_after=seconds,
        )
    if len(recent) >= CODES_PER_HOUR:
        wait = recent[-1] + dt.timedelta(hours=1) - now
        minutes = max(1, math.ceil(wait.total_seconds() / 60))
        raise TooManyCodes(
            ngettext(
                "Sudah terlalu banyak kode yang diminta. Coba lagi dalam %(n)d menit.",
                "Sudah terlalu banyak kode yang diminta. Coba lagi dalam %(n)d menit.",
                minutes,
            )
            % {"n": minutes},
            retry_after=minutes * 60,
        )


def _sign_in_contact(user: User) -> tuple[str, str]:
    if "@" in user.username:
        return EMAIL, user.username
    return SMS, user.username


def _require_self(actor: Any, user: User) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or actor.pk != user.pk:
        raise PermissionDenied(_("Hanya pemilik akun yang dapat mengubah data ini."))


def citizen_register(
    *,
    contact: str,
    full_name: str,
    password: str,
    consent_notice: str,
    consent_label: str,
    language: str = User.Language.INDONESIAN,
) -> User:
    """Create a citizen account signed in by `contact` (email or mobile number).

    Records the citizen's consent to the privacy notice exactly as shown (`consent_notice`, by
    its digest) and sends a six-digit code to the contact; until it is confirmed
    (`contact_confirm`) `require_verified_contact` is False. Raises Conflict when the contact
    already belongs to an account, ServiceError for a bad contact, name or password.
    """
    channel, address = normalise_contact(contact)
    name = " ".join((full_name or "").split())
    if not name:
        raise ServiceError(_("Nama lengkap wajib diisi."), field="full_name")
    if len(name) > _FULL_NAME_MAX:
        raise ServiceError(
            _("Nama lengkap paling banyak %(n)d karakter.") % {"n": _FULL_NAME_MAX},
            field="full_name",
        )
    if language not in User.Language.values:
        language = User.Language.INDONESIAN
    email = address if channel == EMAIL else ""
    try:
        validate_password(password, user=User(username=address, email=email, full_name=name))
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), field="password1") from None

    with transaction.atomic():
        if contact_in_use(channel, address):
            raise Conflict(duplicate_contact_message(), field="contact")
        try:
            with transaction.atomic():
                user = User.objects.create_user(username=address, email=email, password=password)
        except IntegrityError:
            raise Conflict(duplicate_contact_message(), field="contact") from None
        user.full_name = name
        user.language = language
        user.must_confirm_contact = True
        update = ["full_name", "language", "must_confirm_contact"]
        if channel == SMS:
            user.phone = address
            user.preferred_channel = User.PreferredChannel.SMS
            update += ["phone", "phone_index", "preferred_channel"]
        user.save(update_fields=update)
        consent_grant(
            actor=user,
            user=user,
            purpose=ACCOUNT_PURPOSE,
            purpose_label=consent_label,
            legal_basis=LegalBasis.CONSENT,
            notice_text=consent_notice,
            notice_version=ACCOUNT_NOTICE_VERSION,
        )
        ledger.record(user, "accounts.citizen.register", user, {"channel": channel})
        _issue_code(user=user, channel=channel, address=address)
    return user


def contact_code_send(
    *,
    actor: Any,
    user: User,
    channel: str | None = None,
    address: str | None = None,
) -> ContactVerification:
    """Send a new code: to `address` over `channel`, or else again to what is pending.

    Without an address the code goes where the newest pending code went, or to the sign-in
    contact. At most one code per `RESEND_INTERVAL` and `CODES_PER_HOUR` per hour (TooManyCodes).
    """
    _require_self(actor, user)
    with transaction.atomic():
        # Lock the user row so two quick clicks cannot both pass the rate check.
        User.objects.select_for_update().filter(pk=user.pk).first()
        _check_code_rate(user)
        if channel is None or address is None:
            pending = pending_verification(user)
            if pending is not None:
                channel, address = pending.channel, pending.address
            else:
                channel, address = _sign_in_contact(user)
        elif channel not in ContactVerification.Channel.values:
            raise ServiceError(_("Kanal tidak dikenal."), field="channel")
        return _issue_code(user=user, channel=channel, address=address)


def contact_confirm(*, actor: Any, user: User, code: str) -> ContactVerification:
    """Check a code the person typed; on success the contact is theirs and marked confirmed.

    A wrong code uses up one of `MAX_ATTEMPTS` tries (the count is kept even though the call
    fails); then, or after `CODE_TTL`, only a new code helps. Raises ServiceError (field
    "code") with the reason, Conflict when the contact was taken by another account meanwhile.
    """
    _require_self(actor, user)
    typed = "".join((code or "").split())
    failure: str | None = None
    with transaction.atomic():
        verification = (
            ContactVerification.objects.select_for_update()
            .filter(user=user, verified_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
        now = _now()
        if verification is None:
            failure = _("Tidak ada kode yang menunggu konfirmasi. Minta kode baru.")
        elif verification.attempts >= MAX_ATTEMPTS:
            failure = _("Terlalu banyak kode yang salah. Minta kode baru.")
        elif verification.expires_at <= now:
            failure = _("Kode sudah kedaluwarsa. Minta kode baru.")
        elif not (typed.isdigit() and len(typed) == 6) or not _code_matches(
            typed, verification.code_hash
        ):
            verification.attempts += 1
            verification.save(update_fields=["attempts"])
            left = MAX_ATTEMPTS - verification.attempts
            if left <= 0:
                ledger.record(
                    user, "accounts.contact.lock", user, {"verification": verification.pk}
                )
                failure = _("Terlalu banyak kode yang salah. Minta kode baru.")
            else:
                failure = ngettext(
                    "Kode tidak cocok. Sisa %(n)d percobaan.",
                    "Kode tidak cocok. Sisa %(n)d percobaan.",
                    left,
                ) % {"n": left}
        else:
            _apply_contact(user, verification, now)
    if failure is not None:
        # Raised after the block so the used-up attempt is committed.
        raise ServiceError(failure, field="code")
    assert verification is not None
    return verification


def _apply_contact(user: User, verification: ContactVerification, now: dt.datetime) -> None:
    channel, address = verification.channel, verification.address
    if contact_in_use(channel, address, exclude=user):
        raise Conflict(duplicate_contact_message(), field="code")
    verification.verified_at = now
    verification.save(update_fields=["verified_at"])
    user.refresh_from_db()
    fields: list[str] = []
    if channel == EMAIL:
        if "@" in user.username:
            user.username = address
            fields.append("username")
        user.email = address
        user.email_verified_at = now
        fields += ["email", "email_verified_at"]
    else:
        if "@" not in user.username:
            user.username = address
            fields.append("username")
        user.phone = address
        user.phone_verified_at = now
        fields += ["phone", "phone_index", "phone_verified_at"]
    if user.must_confirm_contact and user.username == address:
        user.must_confirm_contact = False
        fields.append("must_confirm_contact")
    try:
        with transaction.atomic():
            user.save(update_fields=fields)
    except IntegrityError:
        raise Conflict(duplicate_contact_message(), field="code") from None
    ledger.record(
        user,
        "accounts.contact.confirm",
        user,
        {"verification": verification.pk, "channel": channel},
    )


def profile_update(*, actor: Any, user: User, data: Mapping[str, Any]) -> User:
    """Change the signed-in citizen's own profile; only the keys present in `data` change.

    Keys: full_name, nik (validated, one account per NIK), address_region (a village Region or
    None), address_street, language, preferred_channel (SMS/WhatsApp need a confirmed phone),
    email and phone. A new email or phone is not written yet: a code is sent to it and
    `contact_confirm` writes it. Raises ServiceError/Conflict with the field concerned.
    """
    _require_self(actor, user)
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ServiceError(_("Kolom tidak dikenal."), field=sorted(unknown)[0])
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        changed: list[str] = []
        if "full_name" in data:
            name = " ".join(str(data["full_name"] or "").split())
            if not name:
                raise ServiceError(_("Nama lengkap wajib diisi."), field="full_name")
            if len(name) > _FULL_NAME_MAX:
                raise ServiceError(
                    _("Nama lengkap paling banyak %(n)d karakter.") % {"n": _FULL_NAME_MAX},
                    field="full_name",
                )
            if name != user.full_name:
                user.full_name = name
                changed.append("full_name")
        if data.get("nik"):
            try:
                nik = validate_nik(data["nik"]).normalized
            except ValidationError as exc:
                raise ServiceError(" ".join(exc.messages), field="nik") from None
            if nik != user.nik:
                if lookup_value(User, "nik", nik).exclude(pk=user.pk).exists():
                    raise Conflict(nik_taken_message(), field="nik")
                user.nik = nik
                changed += ["nik", "nik_index"]
        if "address_region" in data:
            region = data["address_region"]
            if region is not None and (
                not isinstance(region, Region) or region.level != Region.Level.VILLAGE
            ):
                raise ServiceError(_("Pilih kelurahan/desa."), field="address_region")
            if (region.pk if region else None) != user.address_region_id:
                user.address_region = region
                changed.append("address_region")
        if "address_street" in data:
            street = " ".join(str(data["address_street"] or "").split())
            if len(street) > 300:
                raise ServiceError(
                    _("Alamat jalan paling banyak 300 karakter."), field="address_street"
                )
            if street != user.address_street:
                user.address_street = street
                changed.append("address_street")
        if "language" in data:
            if data["language"] not in User.Language.values:
                raise ServiceError(_("Bahasa tidak dikenal."), field="language")
            if data["language"] != user.language:
                user.language = data["language"]
                changed.append("language")
        if "preferred_channel" in data:
            preferred = data["preferred_channel"]
            if preferred not in User.PreferredChannel.values:
                raise ServiceError(_("Kanal tidak dikenal."), field="preferred_channel")
            if preferred != User.PreferredChannel.EMAIL and not (
                user.phone and user.phone_verified_at
            ):
                raise ServiceError(
                    _("SMS dan WhatsApp hanya bisa dipilih setelah nomor ponsel dikonfirmasi."),
                    field="preferred_channel",
                )
            if preferred == User.PreferredChannel.EMAIL and not user.email:
                raise ServiceError(
                    _("Email hanya bisa dipilih setelah alamat email dikonfirmasi."),
                    field="preferred_channel",
                )
            if preferred != user.preferred_channel:
                user.preferred_channel = preferred
                changed.append("preferred_channel")
        if changed:
            user.save(update_fields=changed)
        for key, channel in (("email", EMAIL), ("phone", SMS)):
            if key in data:
                changed += _contact_change(user, channel, str(data[key] or ""))
        ledger.record(
            user,
            "accounts.profile.update",
            user,
            {"fields": sorted({f.removesuffix("_index") for f in changed})},
        )
    return user


def nik_taken_message() -> str:
    return _(
        "NIK ini sudah terdaftar pada akun lain. Jika ini NIK Anda, hubungi petugas layanan "
        "dengan membawa KTP."
    )


def _contact_change(user: User, channel: str, raw: str) -> list[str]:
    """Start proving a new email/phone (a code is sent; nothing is written to the profile
    yet), or remove one that is not the sign-in name. Returns the profile fields changed."""
    field = "email" if channel == EMAIL else "phone"
    current = user.email if channel == EMAIL else user.phone
    if not raw.strip():
        if not current:
            return []
        if user.username == current:
            raise ServiceError(
                _("Kontak ini dipakai untuk masuk dan tidak dapat dihapus."), field=field
            )
        if channel == EMAIL:
            user.email, user.email_verified_at = "", None
            fields = ["email", "email_verified_at"]
            if user.preferred_channel == User.PreferredChannel.EMAIL:
                user.preferred_channel = User.PreferredChannel.SMS
                fields.append("preferred_channel")
        else:
            user.phone, user.phone_verified_at = "", None
            fields = ["phone", "phone_index", "phone_verified_at"]
            if user.preferred_channel != User.PreferredChannel.EMAIL:
                user.preferred_channel = User.PreferredChannel.EMAIL
                fields.append("preferred_channel")
        user.save(update_fields=fields)
        return fields
    if ("@" in raw) != (channel == EMAIL):
        raise ServiceError(_contact_format_message(channel), field=field)
    try:
        _found, address = normalise_contact(raw)
    except ServiceError:
        raise ServiceError(_contact_format_message(channel), field=field) from None
    if address == current:
        return []
    if contact_in_use(channel, address, exclude=user):
        raise Conflict(duplicate_contact_message(), field=field)
    _check_code_rate(user)
    _issue_code(user=user, channel=channel, address=address)
    return []


def _contact_format_message(channel: str) -> str:
    if channel == EMAIL:
        return _("Alamat email tidak benar. Periksa kembali, contoh: nama@contoh.id.")
    return _("Nomor ponsel tidak benar (contoh: 081234567890).")
