"""Writes of the accounts app, the only app that writes `User` rows: citizen sign-up (online
and at the counter), contact confirmation by one-time code, password reset and account claim,
the citizen's profile, privacy corrections and erasure, demo accounts, and two-factor devices.

Every citizen-account write runs in one transaction and appends one ledger entry through
`ledger.record` (ids and field names only, never the personal data itself).

Contacts: e-mail addresses and mobile numbers are stored encrypted with a keyed blind index
(`email_index`, `phone_index`); `username` is an opaque random handle. Find an account by what a
person typed with `selectors.user_for_contact`.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from satupintu.accounts.models import ContactVerification, User, opaque_username
from satupintu.accounts.selectors import contact_holder
from satupintu.core import throttle
from satupintu.core.errors import Conflict, PermissionDenied, ServiceError
from satupintu.core.fields import lookup_value
from satupintu.core.identifiers import is_phone, normalize_phone, validate_nik, validate_phone
from satupintu.ledger import services as ledger
from satupintu.notifications.services import notify
from satupintu.privacy.contributors import ERASED_NAME, erased_email
from satupintu.privacy.models import LegalBasis
from satupintu.privacy.services import consent_grant, is_dpo
from satupintu.regions.models import Region

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Aplikasi autentikator"
RECOVERY_DEVICE_NAME = "Kode cadangan"


def _pending_device_locked(user: User) -> TOTPDevice | None:
    """The user's newest unconfirmed authenticator, locked for this transaction."""
    return (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("-pk")
        .first()
    )


def totp_device_start(*, user: User) -> TOTPDevice:
    """Return the user's pending (unconfirmed) authenticator, creating one if there is none.

    Reusing the pending device keeps the secret stable when the enrol page is reloaded, so a
    code from an app that already scanned the QR code still confirms it.
    """
    with transaction.atomic():
        device = _pending_device_locked(user)
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
        device = _pending_device_locked(user)
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


def account_consent_notice() -> str:
    """The privacy notice shown beside the sign-up consent box; its digest is what the consent
    proves (the demo data records the same text for the demo citizens)."""
    return _(
        "Saya setuju data akun saya (nama, email atau nomor ponsel, dan data profil yang saya "
        "isi) diproses oleh SatuPintu untuk membuat dan mengelola akun saya, mengirim kode "
        "verifikasi dan pemberitahuan, serta memproses permohonan layanan yang saya ajukan, "
        "sesuai Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi. Saya dapat "
        "menarik persetujuan ini atau meminta salinan dan penghapusan data saya melalui halaman "
        "Privasi."
    )


def demo_account_consent(*, user: User) -> Any:
    """Record the sign-up consent of a demo citizen (seed_demo), as registration would."""
    with translation.override("id"):
        return consent_grant(
            actor=user,
            user=user,
            purpose=ACCOUNT_PURPOSE,
            purpose_label=_("Akun SatuPintu"),
            legal_basis=LegalBasis.CONSENT,
            notice_text=account_consent_notice(),
            notice_version=ACCOUNT_NOTICE_VERSION,
        )


def duplicate_contact_message() -> str:
    return _("Email atau nomor ini sudah terdaftar. Silakan masuk atau pulihkan kata sandi.")


def claimable_message() -> str:
    return _(
        "Nomor atau email ini sudah didaftarkan untuk Anda oleh petugas loket. Klaim akun itu: "
        "kami kirim kode ke nomor atau email tersebut, lalu Anda membuat kata sandi."
    )


class ClaimableAccount(Conflict):
    """The contact belongs to an account made at the counter that nobody has claimed yet."""

    code = "claimable"


def is_claimable(user: User) -> bool:
    """An active citizen account without a password: made at the counter, never claimed."""
    return bool(
        user.is_active
        and user.kind == User.Kind.CITIZEN
        and not user.has_usable_password()
        and not user.is_staff
    )


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
    if not is_phone(text):
        raise ServiceError(
            _("Masukkan alamat email atau nomor ponsel yang benar (contoh: 081234567890)."),
            field="contact",
        )
    return SMS, normalize_phone(text)


def contact_in_use(channel: str, address: str, *, exclude: User | None = None) -> bool:
    """Whether another account signs in with, or has on its profile, this email or number.

    Decided by the blind index (one account per contact, also a database constraint).
    """
    holder = contact_holder(channel, address)
    return holder is not None and (exclude is None or holder.pk != exclude.pk)


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
        ContactVerification.objects.filter(
            user=user, verified_at__isnull=True, purpose=ContactVerification.Purpose.CONFIRM
        )
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


def _issue_code(
    *,
    user: User,
    channel: str,
    address: str,
    purpose: str = ContactVerification.Purpose.CONFIRM,
) -> ContactVerification:
    """Create a code for `address`, supersede older pending ones, and put it in the outbox."""
    now = _now()
    # Only the newest code works: an older one still in someone's inbox is void.
    ContactVerification.objects.filter(
        user=user, verified_at__isnull=True, expires_at__gt=now, purpose=purpose
    ).update(expires_at=now)
    code = f"{secrets.randbelow(10**6):06d}"
    verification = ContactVerification.objects.create(
        user=user,
        channel=channel,
        address=address,
        purpose=purpose,
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


def sign_in_contact(user: User) -> tuple[str, str]:
    """The contact codes go to by default: the one notifications prefer, else the other."""
    if user.email and (user.preferred_channel == User.PreferredChannel.EMAIL or not user.phone):
        return EMAIL, user.email
    return SMS, user.phone


def _require_self(actor: Any, user: User) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or actor.pk != user.pk:
        raise PermissionDenied(_("Hanya pemilik akun yang dapat mengubah data ini."))


def _refuse_unknown_fields(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ServiceError(_("Kolom tidak dikenal."), field=sorted(unknown)[0])


def _clean_full_name(value: object) -> str:
    """The name with its white space folded; refused when empty or longer than the column."""
    name = " ".join(str(value or "").split())
    if not name:
        raise ServiceError(_("Nama lengkap wajib diisi."), field="full_name")
    if len(name) > _FULL_NAME_MAX:
        raise ServiceError(
            _("Nama lengkap paling banyak %(n)d karakter.") % {"n": _FULL_NAME_MAX},
            field="full_name",
        )
    return name


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
    name = _clean_full_name(full_name)
    if language not in User.Language.values:
        language = User.Language.INDONESIAN
    email = address if channel == EMAIL else ""
    try:
        validate_password(password, user=User(username=address, email=email, full_name=name))
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), field="password1") from None

    with transaction.atomic():
        holder = contact_holder(channel, address)
        if holder is not None:
            if is_claimable(holder):
                raise ClaimableAccount(claimable_message(), field="contact")
            raise Conflict(duplicate_contact_message(), field="contact")
        user = User(
            username=opaque_username(),
            email=email,
            full_name=name,
            language=language,
            must_confirm_contact=True,
        )
        if channel == SMS:
            user.phone = address
            user.preferred_channel = User.PreferredChannel.SMS
        user.set_password(password)
        try:
            # The blind-index constraints catch a second sign-up racing this one.
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise Conflict(duplicate_contact_message(), field="contact") from None
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
                channel, address = sign_in_contact(user)
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
    return _confirm_code(user, code)


def _confirm_code(user: User, code: str) -> ContactVerification:
    typed = "".join((code or "").split())
    failure: str | None = None
    with transaction.atomic():
        verification = _newest_code(user, ContactVerification.Purpose.CONFIRM)
        now = _now()
        failure = _code_failure(user, verification, typed, now)
        if failure is None:
            assert verification is not None
            _apply_contact(user, verification, now)
    if failure is not None:
        # Raised after the block so the used-up attempt is committed.
        raise ServiceError(failure, field="code")
    assert verification is not None
    return verification


def _newest_code(user: User, purpose: str) -> ContactVerification | None:
    return (
        ContactVerification.objects.select_for_update()
        .filter(user=user, verified_at__isnull=True, purpose=purpose)
        .order_by("-created_at", "-pk")
        .first()
    )


def _code_failure(
    user: User, verification: ContactVerification | None, typed: str, now: dt.datetime
) -> str | None:
    """Why `typed` does not open `verification` (a wrong try is counted), or None if it does."""
    if verification is None:
        return _("Tidak ada kode yang menunggu konfirmasi. Minta kode baru.")
    if verification.attempts >= MAX_ATTEMPTS:
        return _("Terlalu banyak kode yang salah. Minta kode baru.")
    if verification.expires_at <= now:
        return _("Kode sudah kedaluwarsa. Minta kode baru.")
    if typed.isdigit() and len(typed) == 6 and _code_matches(typed, verification.code_hash):
        return None
    verification.attempts += 1
    verification.save(update_fields=["attempts"])
    left = MAX_ATTEMPTS - verification.attempts
    if left <= 0:
        ledger.record(user, "accounts.contact.lock", user, {"verification": verification.pk})
        return _("Terlalu banyak kode yang salah. Minta kode baru.")
    return ngettext(
        "Kode tidak cocok. Sisa %(n)d percobaan.",
        "Kode tidak cocok. Sisa %(n)d percobaan.",
        left,
    ) % {"n": left}


def _apply_contact(user: User, verification: ContactVerification, now: dt.datetime) -> None:
    channel, address = verification.channel, verification.address
    if contact_in_use(channel, address, exclude=user):
        raise Conflict(duplicate_contact_message(), field="code")
    verification.verified_at = now
    verification.save(update_fields=["verified_at"])
    user.refresh_from_db()
    # The account signed up with this contact when it already holds it (registration stores
    # the contact at once; a new profile contact is only written here, once proven).
    signed_up_with = address == (user.email if channel == EMAIL else user.phone)
    fields: list[str] = []
    if channel == EMAIL:
        user.email = address
        user.email_verified_at = now
        fields += ["email", "email_index", "email_verified_at"]
    else:
        user.phone = address
        user.phone_verified_at = now
        fields += ["phone", "phone_index", "phone_verified_at"]
    if user.must_confirm_contact and signed_up_with:
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
    _refuse_unknown_fields(data, PROFILE_FIELDS)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        changed: list[str] = []
        if "full_name" in data:
            name = _clean_full_name(data["full_name"])
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
    other = user.phone if channel == EMAIL else user.email
    if not raw.strip():
        if not current:
            return []
        if not other:
            # The only contact left is the only way to sign in and to reset the password.
            raise ServiceError(
                _("Kontak ini dipakai untuk masuk dan tidak dapat dihapus."), field=field
            )
        if channel == EMAIL:
            user.email, user.email_verified_at = "", None
            fields = ["email", "email_index", "email_verified_at"]
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


# --- password reset and claiming a counter account -----------------------------------------
#
# A person types the e-mail address or mobile number they sign in with. An e-mail account gets
# a one-time link (Django's token, bound to the password hash and last sign-in), a phone
# account a six-digit code (the contact-code machinery: HMAC-stored, `CODE_TTL`, `MAX_ATTEMPTS`),
# both through the notifications outbox, so nothing is sent inside the web request. An account
# an officer made at the counter has no password yet: the same path is how its owner claims it.
# The answer is the same whether or not an account holds the contact.

RESET_SCOPE_CONTACT = "password_reset.contact"
RESET_SCOPE_ADDRESS = "password_reset.address"


def reset_throttled_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Terlalu banyak permintaan atur ulang kata sandi. Coba lagi dalam %(n)d menit.",
        "Terlalu banyak permintaan atur ulang kata sandi. Coba lagi dalam %(n)d menit.",
        minutes,
    ) % {"n": minutes}


def password_reset_request(*, contact: str, client_address: str) -> str:
    """Send a reset link (e-mail) or code (SMS) for the account holding `contact`.

    Returns the channel ("email" or "sms") the person should look at, whether or not an account
    exists. Counted per contact and per client address in the shared throttle
    (PASSWORD_RESETS_PER_CONTACT / PASSWORD_RESETS_PER_IP per PASSWORD_RESET_WINDOW_SECONDS);
    over either limit it raises TooManyCodes and puts nothing in the outbox. ServiceError
    (field "contact") for something that is neither an e-mail address nor a mobile number.
    """
    channel, address = normalise_contact(contact)
    window = settings.PASSWORD_RESET_WINDOW_SECONDS
    over_address = throttle.hit(
        RESET_SCOPE_ADDRESS, client_address, limit=settings.PASSWORD_RESETS_PER_IP, window=window
    )
    over_contact = throttle.hit(
        RESET_SCOPE_CONTACT, address, limit=settings.PASSWORD_RESETS_PER_CONTACT, window=window
    )
    if over_address or over_contact:
        wait = max(
            throttle.retry_after(
                RESET_SCOPE_ADDRESS,
                client_address,
                limit=settings.PASSWORD_RESETS_PER_IP,
                window=window,
            ),
            throttle.retry_after(
                RESET_SCOPE_CONTACT,
                address,
                limit=settings.PASSWORD_RESETS_PER_CONTACT,
                window=window,
            ),
            1,
        )
        raise TooManyCodes(reset_throttled_message(wait), retry_after=wait)
    with transaction.atomic():
        user = contact_holder(channel, address)
        if user is None or not user.is_active:
            return channel
        User.objects.select_for_update().filter(pk=user.pk).first()
        if channel == SMS:
            try:
                _check_code_rate(user)
            except TooManyCodes:
                # Saying so would tell a stranger that the number has an account.
                return channel
            _issue_code(
                user=user,
                channel=SMS,
                address=address,
                purpose=ContactVerification.Purpose.PASSWORD,
            )
            return channel
        # The link sits in the outbox row's context until it is sent, like a contact code.
        notify(
            user=user,
            channel=EMAIL,
            address=address,
            template="password_reset",
            context={"link": _password_link(user), "site_name": settings.SITE_NAME},
            language=user.language,
        )
    return channel


def _password_link(user: User) -> str:
    """The one-time "set a new password" link for `user` (Django's token: it stops working once
    the password changes or the person signs in)."""
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.SITE_URL}{path}"


def password_reset_with_code(*, contact: str, code: str, password: str) -> User:
    """Set a new password with the code sent to the account's mobile number.

    The code proves the person holds the phone, so the number counts as confirmed afterwards;
    an account made at the counter is claimed this way. Raises ServiceError (field "code" or
    "password1") with the reason; a wrong code uses up one of `MAX_ATTEMPTS` tries.
    """
    typed = "".join((code or "").split())
    try:
        channel, address = normalise_contact(contact)
    except ServiceError:
        channel, address = SMS, ""
    # The same checks in the same order whether or not an account holds the number, so the
    # answers cannot tell a stranger which numbers have one.
    try:
        validate_password(password)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), field="password1") from None
    user = contact_holder(channel, address) if channel == SMS else None
    if user is None or not user.is_active:
        raise ServiceError(_("Kode tidak cocok. Minta kode baru."), field="code")
    failure: str | None = None
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        verification = _newest_code(user, ContactVerification.Purpose.PASSWORD)
        now = _now()
        failure = _code_failure(user, verification, typed, now)
        if failure is None:
            assert verification is not None
            try:
                # Only now, to someone holding the code: is it too close to the name?
                validate_password(password, user=user)
            except ValidationError as exc:
                raise ServiceError(" ".join(exc.messages), field="password1") from None
            claimed = not user.has_usable_password()
            verification.verified_at = now
            verification.save(update_fields=["verified_at"])
            user.set_password(password)
            user.phone_verified_at = now
            user.must_confirm_contact = False
            user.save(update_fields=["password", "phone_verified_at", "must_confirm_contact"])
            ledger.record(
                user,
                "accounts.password.reset",
                user,
                {"channel": SMS, "verification": verification.pk, "claimed": claimed},
            )
    if failure is not None:
        raise ServiceError(failure, field="code")
    return user


# --- writes on behalf of other apps ---------------------------------------------------------


def clean_optional_contacts(*, phone: str, email: str) -> tuple[str, str]:
    """The phone number (the one rule) and e-mail address a counter may give, or "" for each
    left blank; raises ServiceError on the field that is given but not valid."""
    phone_value = ""
    if phone.strip():
        try:
            phone_value = validate_phone(phone)
        except ValidationError as exc:
            raise ServiceError(" ".join(exc.messages), field="phone") from None
    email_value = email.strip().lower()
    if email_value:
        try:
            validate_email(email_value)
        except ValidationError:
            raise ServiceError(_("Alamat email tidak valid."), field="email") from None
    return phone_value, email_value


def citizen_register_assisted(
    *, actor: Any, full_name: str, nik: str, phone: str = "", email: str = ""
) -> User:
    """Create the account of a walk-in citizen at the counter (no password: they claim it
    online later with the phone number or e-mail address given here).

    The caller (applications.services.assisted_register_citizen) decides that `actor` serves
    at a counter; here the actor must be an active officer. `nik` must be validated and
    normalised already. Raises Conflict when the NIK, phone or e-mail belongs to an account.
    """
    if not (actor is not None and actor.is_active and getattr(actor, "is_officer", False)):
        raise PermissionDenied(_("Hanya petugas loket yang dapat mendaftarkan warga."))
    name = " ".join((full_name or "").split())
    if not name or len(name) > _FULL_NAME_MAX:
        raise ServiceError(_("Nama lengkap wajib diisi."), field="full_name")
    phone_value, email_value = clean_optional_contacts(phone=phone, email=email)
    taken = _("Email atau nomor ponsel ini sudah dipakai akun lain.")
    with transaction.atomic():
        if lookup_value(User, "nik", nik).exists():
            raise Conflict(nik_taken_message(), field="nik")
        if email_value and contact_in_use(EMAIL, email_value):
            raise Conflict(taken, field="email")
        if phone_value and contact_in_use(SMS, phone_value):
            raise Conflict(taken, field="phone")
        citizen = User(
            username=opaque_username(),
            kind=User.Kind.CITIZEN,
            full_name=name,
            nik=nik,
            email=email_value,
            phone=phone_value,
        )
        if phone_value and not email_value:
            citizen.preferred_channel = User.PreferredChannel.SMS
        citizen.set_unusable_password()
        try:
            with transaction.atomic():
                citizen.save()
        except IntegrityError:
            raise Conflict(taken, field="email" if email_value else "phone") from None
        ledger.record(
            actor,
            "accounts.citizen.register_assisted",
            citizen,
            {"email": bool(email_value), "phone": bool(phone_value)},
        )
    return citizen


def _correct_contact(channel: str) -> Callable[[User, str], Any]:
    def check(user: User, value: str) -> Any:
        if contact_in_use(channel, value, exclude=user):
            raise Conflict(
                duplicate_contact_message(), field="email" if channel == EMAIL else "phone"
            )
        return value

    return check


def _correct_nik(user: User, value: str) -> Any:
    if lookup_value(User, "nik", value).exclude(pk=user.pk).exists():
        raise Conflict(nik_taken_message(), field="nik")
    return value


def _correct_region(user: User, value: str) -> Any:
    region = Region.objects.filter(code=value, level=Region.Level.VILLAGE).first()
    if region is None:
        raise ServiceError(
            _("Kelurahan/desa dengan kode ini tidak ditemukan."), field="address_region"
        )
    return region


def _as_is(user: User, value: str) -> Any:
    return value


# How a correction the DPO approved is written, per profile field: (attribute, check that
# returns the value to store, the blind-index column to save with it). privacy's CORRECTABLE
# table holds the same keys, with labels and shape rules.
CORRECTIONS: dict[str, tuple[str, Callable[[User, str], Any], str | None]] = {
    "full_name": ("full_name", _as_is, None),
    "nik": ("nik", _correct_nik, "nik_index"),
    "phone": ("phone", _correct_contact(SMS), "phone_index"),
    "email": ("email", _correct_contact(EMAIL), "email_index"),
    "address_street": ("address_street", _as_is, None),
    "address_region": ("address_region", _correct_region, None),
    "language": ("language", _as_is, None),
}
CORRECTABLE = tuple(CORRECTIONS)


def user_correct(*, actor: Any, user: User, changes: Mapping[str, str]) -> list[str]:
    """Apply a data-subject correction the data-protection officer approved (privacy).

    `changes` holds values the privacy app validated for shape (privacy.services.CORRECTABLE);
    what only accounts knows (one account per NIK, e-mail and number; the village exists) is
    checked here. Returns the names of the fields whose value actually changed.
    """
    if not is_dpo(actor):
        raise PermissionDenied(
            _("Hanya pejabat pelindungan data pribadi yang dapat melakukan ini.")
        )
    _refuse_unknown_fields(changes, CORRECTABLE)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        fields: list[str] = []
        corrected: list[str] = []
        for key, (attribute, check, index) in CORRECTIONS.items():
            if key not in changes:
                continue
            value = check(user, changes[key])
            if getattr(user, attribute) == value:
                continue
            setattr(user, attribute, value)
            corrected.append(key)
            fields.append(attribute)
            if index:
                fields.append(index)
        if fields:
            user.save(update_fields=fields)
        ledger.record(actor, "accounts.user.correct", user, {"fields": sorted(corrected)})
    return sorted(corrected)


def user_anonymise(*, actor: Any, user: User) -> User:
    """Erase a citizen's profile on a completed erasure request (privacy) and close the account.

    Name, contacts, NIK, address and password go; the row stays (with the erased marker as its
    username) because other apps' archives point at it. `actor` is the data-protection officer,
    or None when called from the privacy registry inside that officer's transaction.
    """
    if actor is not None and not is_dpo(actor):
        raise PermissionDenied(
            _("Hanya pejabat pelindungan data pribadi yang dapat melakukan ini.")
        )
    user.full_name = ERASED_NAME
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.email_verified_at = None
    user.username = erased_email(user)
    user.nik = ""
    user.phone = ""
    user.phone_verified_at = None
    user.address_street = ""
    user.address_region = None
    user.is_active = False
    user.set_unusable_password()
    user.save(
        update_fields=[
            "full_name",
            "first_name",
            "last_name",
            "email",
            "email_index",
            "email_verified_at",
            "username",
            "nik",
            "nik_index",
            "phone",
            "phone_index",
            "phone_verified_at",
            "address_street",
            "address_region",
            "is_active",
            "password",
        ]
    )
    user.contact_verifications.all().delete()
    ledger.record(actor, "accounts.user.anonymise", user, {})
    return user


def demo_account_upsert(
    *,
    email: str,
    password: str,
    full_name: str,
    kind: str,
    nip: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> tuple[User, list[str] | None]:
    """Create or bring up to date a demo account signed in by `email` (seed_demo).

    Returns the user and the fields changed (None when it was created, [] when unchanged). An
    existing account's password is left alone.
    """
    address = email.strip().lower()
    wanted: dict[str, Any] = {
        "full_name": full_name,
        "kind": kind,
        "nip": nip,
        "is_staff": is_staff,
        "is_superuser": is_superuser,
        "is_active": True,
    }
    with transaction.atomic():
        user = contact_holder(EMAIL, address)
        if user is None:
            user = User(username=opaque_username(), email=address, **wanted)
            user.set_password(password)
            user.full_clean()
            user.save()
            ledger.record(None, "accounts.demo.create", user, {"kind": kind})
            return user, None
        changed = [name for name, value in wanted.items() if getattr(user, name) != value]
        if changed:
            for name in changed:
                setattr(user, name, wanted[name])
            user.save(update_fields=changed)
            ledger.record(None, "accounts.demo.update", user, {"fields": sorted(changed)})
        return user, changed


# --- acting without an account ----------------------------------------------------------------


def guest_contact_start(*, contact: str) -> tuple[User, ContactVerification]:
    """Prove a contact to act without signing in (filing a complaint): a code goes to `contact`.

    The contact's account is used when one exists (the code proves the person holds it, nothing
    more: it does not sign them in); otherwise a claimable citizen account is made for it, as at
    the counter, which its holder can claim later. Rate-limited like every code (TooManyCodes);
    ServiceError (field "contact") for a contact that is neither an e-mail nor a mobile number.
    """
    channel, address = normalise_contact(contact)
    with transaction.atomic():
        user = contact_holder(channel, address)
        if user is None:
            user = User(
                username=opaque_username(),
                kind=User.Kind.CITIZEN,
                email=address if channel == EMAIL else "",
                must_confirm_contact=True,
            )
            if channel == SMS:
                user.phone = address
                user.preferred_channel = User.PreferredChannel.SMS
            user.set_unusable_password()
            try:
                with transaction.atomic():
                    user.save()
            except IntegrityError:
                raise Conflict(duplicate_contact_message(), field="contact") from None
            ledger.record(user, "accounts.citizen.register_guest", user, {"channel": channel})
        User.objects.select_for_update().filter(pk=user.pk).first()
        _check_code_rate(user)
        return user, _issue_code(user=user, channel=channel, address=address)


def guest_contact_confirm(*, user: User, code: str) -> ContactVerification:
    """Check the code sent by `guest_contact_start` (the same attempt limits as `contact_confirm`)."""
    return _confirm_code(user, code)


def guest_account_for_phone(*, phone: str) -> User:
    """The account of a mobile number a gateway vouches for (an inbound SMS), made claimable if new."""
    address = normalize_phone(phone)
    user = contact_holder(SMS, address)
    if user is not None:
        return user
    user = User(
        username=opaque_username(),
        kind=User.Kind.CITIZEN,
        phone=address,
        preferred_channel=User.PreferredChannel.SMS,
    )
    user.set_unusable_password()
    with transaction.atomic():
        user.save()
        ledger.record(user, "accounts.citizen.register_guest", user, {"channel": SMS})
    return user


# --- officers ----------------------------------------------------------------------------------


def nip_taken_message() -> str:
    return _("NIP ini sudah tercatat pada akun petugas lain.")


def officer_account_ensure(
    *, actor: Any, full_name: str, nip: str, contact: str
) -> tuple[User, bool]:
    """The officer account an agency admin means, made when there is none: (user, created).

    The account is found by `contact` (e-mail or mobile number, `selectors.user_for_contact`);
    a citizen's account or one holding another NIP is refused, and so is a NIP already on
    another account. A new account has no password: `officer_invite` sends the way to set one,
    and at the first sign-in the back office asks for a second factor (`core.security`).
    The caller (organizations.services.officer_add) decides that `actor` administers the
    agency; `nip` must be validated and normalised already.
    """
    if actor is not None and not (actor.is_active and getattr(actor, "is_officer", False)):
        raise PermissionDenied(_("Hanya admin instansi yang dapat menambah petugas."))
    name = _clean_full_name(full_name)
    channel, address = normalise_contact(contact)
    with transaction.atomic():
        holder = contact_holder(channel, address)
        by_nip = lookup_value(User, "nip", nip).first()
        if holder is not None:
            if not holder.is_officer:
                raise Conflict(
                    _("Kontak ini dipakai akun warga; gunakan email atau nomor dinas petugas."),
                    field="contact",
                )
            if holder.nip and holder.nip != nip:
                raise Conflict(
                    _("Akun petugas dengan kontak ini memiliki NIP yang berbeda."), field="nip"
                )
            if by_nip is not None and by_nip.pk != holder.pk:
                raise Conflict(nip_taken_message(), field="nip")
            if not holder.nip:
                holder.nip = nip
                holder.save(update_fields=["nip"])
                ledger.record(actor, "accounts.officer.update", holder, {"fields": ["nip"]})
            return holder, False
        if by_nip is not None:
            raise Conflict(nip_taken_message(), field="nip")
        officer = User(
            username=opaque_username(),
            kind=User.Kind.OFFICER,
            full_name=name,
            nip=nip,
            email=address if channel == EMAIL else "",
            phone=address if channel == SMS else "",
            preferred_channel=(
                User.PreferredChannel.SMS if channel == SMS else User.PreferredChannel.EMAIL
            ),
        )
        officer.set_unusable_password()
        try:
            with transaction.atomic():
                officer.save()
        except IntegrityError:
            raise Conflict(duplicate_contact_message(), field="contact") from None
        ledger.record(actor, "accounts.officer.create", officer, {"channel": channel})
    return officer, True


def officer_invite(*, user: User, agency_name: str, dedupe_key: str) -> Any:
    """Put the invitation of a new officer in the outbox: a one-time link to set a password
    (e-mail) or where to ask for an SMS code. Idempotent per `dedupe_key`."""
    channel = EMAIL if user.email else SMS
    context = {
        "agency": agency_name,
        "site_name": settings.SITE_NAME,
        "reset_url": f"{settings.SITE_URL}{reverse('accounts:password_reset')}",
        "link": _password_link(user) if channel == EMAIL else "",
    }
    return notify(
        user=user,
        channel=channel,
        template="officer_invitation",
        context=context,
        dedupe_key=dedupe_key,
    )
