"""Every write of the privacy app (UU 27/2022): consents, data-subject requests, retention, and
the breach register. Each function checks permission, runs in one transaction and appends one
ledger entry through `ledger.record` (ids and digests only, never the personal data itself)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.core.calendar import add_hours
from satupintu.core.errors import Conflict, PermissionDenied, ServiceError
from satupintu.core.fields import lookup_value
from satupintu.core.identifiers import validate_nik, validate_phone
from satupintu.core.shelf import Shelf
from satupintu.ledger import services as ledger
from satupintu.notifications import services as outbox
from satupintu.privacy import registry
from satupintu.privacy.models import (
    DEADLINE_HOURS,
    Breach,
    Channel,
    Consent,
    DataSubjectRequest,
    LegalBasis,
    Notice,
    RetentionRule,
    SubjectFlags,
)

if TYPE_CHECKING:
    from satupintu.accounts.models import User

Kind = DataSubjectRequest.Kind
Status = DataSubjectRequest.Status

# Kinds a citizen files through the request form; consent withdrawal has its own button.
SUBMITTABLE_KINDS: tuple[str, ...] = (
    Kind.ACCESS,
    Kind.CORRECTION,
    Kind.ERASURE,
    Kind.RESTRICTION,
    Kind.OBJECTION,
)
MAX_DETAILS = 2000
MAX_RESPONSE = 4000


def _now() -> dt.datetime:
    return timezone.now()


def digest_text(text: str) -> str:
    """SHA-256 hex of a text exactly as shown (the proof of which notice was consented to)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- restriction and objection (Pasal 11, 41) --------------------------------------------

# What the law still allows while processing is restricted: state-administration duties
# (UU 27/2022 Pasal 15), recorded with their legal basis each time they are used.
EXEMPT_BASES: tuple[str, ...] = (LegalBasis.LEGAL_OBLIGATION, LegalBasis.PUBLIC_TASK)


class ProcessingRestricted(Conflict):
    """Processing of a person's data was refused because they restricted it or objected."""

    code = "processing_restricted"


def subject_restricted(user: Any) -> bool:
    """Whether processing of `user`'s personal data is restricted (the one place that says so;
    `selectors.processing_restricted` is its public name)."""
    if user is None or not getattr(user, "pk", None):
        return False
    return SubjectFlags.objects.filter(user_id=user.pk, processing_restricted=True).exists()


def restriction_message(activity: str) -> str:
    return _(
        "Pemrosesan data pribadi pemohon sedang dibatasi atas permintaannya (pembatasan "
        "pemrosesan, UU 27/2022 Pasal 11 dan 41): %(activity)s tidak dapat dilakukan. Hanya "
        "kewajiban penyelenggaraan negara yang tetap boleh dijalankan, dengan dasar hukumnya "
        "dicatat."
    ) % {"activity": activity}


def processing_check(
    *,
    actor: Any,
    subject: Any,
    activity: str,
    action: str,
    legal_basis: str = "",
    obj: Any = None,
) -> None:
    """Refuse one processing step on `subject`'s data while their processing is restricted.

    `activity` names the step for the message ("mengubah status permohonan"), `action` for the
    ledger ("applications.transition"). A state-administration duty goes ahead when the caller
    passes its `legal_basis` (one of EXEMPT_BASES); that use is ledgered with the basis. Call
    it inside the caller's transaction, before anything is written.
    """
    if not subject_restricted(subject):
        return
    if legal_basis in EXEMPT_BASES:
        ledger.record(
            actor,
            "privacy.restriction.exempt",
            obj if obj is not None else subject,
            {"subject": subject.pk, "step": action, "legal_basis": legal_basis},
        )
        return
    if legal_basis:
        raise ServiceError(
            _("Dasar hukum ini tidak mengecualikan pembatasan pemrosesan."), field="legal_basis"
        )
    raise ProcessingRestricted(restriction_message(activity))


# Notifications that stay allowed while processing is restricted: those about the person's own
# requests and account security (they are the person's own exercise of a right).
UNRESTRICTED_TEMPLATES: frozenset[str] = frozenset({"contact_code"})
UNRESTRICTED_PREFIX = "privacy_"


def is_erased(user: Any) -> bool:
    """Whether `user`'s account was erased on their request (Pasal 8)."""
    from satupintu.privacy.contributors import erased_email

    if user is None or not getattr(user, "pk", None):
        return False
    # Read from the database: a caller's copy of the user may predate the erasure.
    return (
        get_user_model()._default_manager.filter(pk=user.pk, username=erased_email(user)).exists()
    )


def notification_refusals(users: Sequence[Any], template: str) -> dict[Any, str]:
    """The outbox hook (notifications.services.register_recipient_check): why a message must
    not be sent to each of `users`, by user id, in one query. An erased person gets nothing; a
    restricted one only what concerns their requests."""
    from satupintu.privacy.contributors import erased_email

    wanted = {user.pk: user for user in users if user is not None and getattr(user, "pk", None)}
    if not wanted:
        return {}
    rows = _refusal_rows(list(wanted))
    exempt = template in UNRESTRICTED_TEMPLATES or template.startswith(UNRESTRICTED_PREFIX)
    refused: dict[Any, str] = {}
    for pk, username, restricted in rows:
        if username == erased_email(wanted[pk]):
            refused[pk] = "subject_erased"
        elif restricted and not exempt:
            refused[pk] = "processing_restricted"
    return refused


def _refusal_rows(ids: list[Any]) -> list[tuple[Any, str, bool]]:
    """(id, username, restricted) of these users, read from the database (a caller's copy of a
    user may predate the erasure). Written out: every notification asks, and the ORM's compile
    of the same query with its EXISTS cost more than the query itself."""
    users, flags = get_user_model()._meta, SubjectFlags._meta
    user_id = flags.get_field("user").column
    restricted = flags.get_field("processing_restricted").column
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f'SELECT u."{users.pk.column}", u."{users.get_field("username").column}", EXISTS('  # noqa: S608 - names from the models, ids as parameters
        f'SELECT 1 FROM "{flags.db_table}" f WHERE f."{user_id}" = u."{users.pk.column}" '
        f'AND f."{restricted}") FROM "{users.db_table}" u WHERE u."{users.pk.column}" IN ({marks})'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return [(pk, username, bool(flag)) for pk, username, flag in cursor.fetchall()]


def notification_refusal(user: Any, template: str) -> str | None:
    """Why a message to `user` must not be sent, or None (`notification_refusals` for one)."""
    if user is None or not getattr(user, "pk", None):
        return None
    return notification_refusals([user], template).get(user.pk)


# --- permissions ----------------------------------------------------------------------------


# The DPO role lives in organizations (above privacy), which registers how to recognise and
# find DPOs (organizations/privacy.py): holds(user) -> bool, officers() -> users,
# directory() -> [{"agency", "slug", "contact"}].
@dataclass(frozen=True)
class DpoRole:
    holds: Callable[[Any], bool]
    officers: Callable[[], list[Any]]
    directory: Callable[[], list[dict[str, str]]]
    # The slugs of the agencies whose DPO `user` is (the controller a breach notice names).
    agencies: Callable[[Any], list[str]] = lambda user: []


_dpo_role: list[DpoRole] = []


def register_dpo_role(
    *,
    holds: Callable[[Any], bool],
    officers: Callable[[], list[Any]],
    directory: Callable[[], list[dict[str, str]]],
    agencies: Callable[[Any], list[str]] | None = None,
) -> None:
    role = DpoRole(holds=holds, officers=officers, directory=directory)
    if agencies is not None:
        role = DpoRole(holds=holds, officers=officers, directory=directory, agencies=agencies)
    _dpo_role[:] = [role]


def _explicit_permission(user: Any) -> bool:
    # Granted to this person or their group, not implied by being a superuser: the operator
    # of the platform is not the data protection officer.
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    return (
        Permission.objects.filter(codename="handle_requests", content_type__app_label="privacy")
        .filter(Q(user=user) | Q(group__user=user))
        .exists()
    )


def is_dpo(user: Any) -> bool:
    """The data protection officer (PPDP): holds the DPO role of an agency (organizations), or
    was explicitly granted privacy.handle_requests. Being a superuser is not enough."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if any(role.holds(user) for role in _dpo_role):
        return True
    return _explicit_permission(user)


def dpo_officers() -> list[Any]:
    """Everyone who handles requests: DPO role holders, then explicit permission holders."""
    found = {u.pk: u for role in _dpo_role for u in role.officers()}
    for user in get_user_model()._default_manager.filter(
        is_active=True, user_permissions__codename="handle_requests"
    ):
        found.setdefault(user.pk, user)
    return list(found.values())


def dpo_directory() -> list[dict[str, str]]:
    return [row for role in _dpo_role for row in role.directory()]


def _require_dpo(actor: Any) -> None:
    if not is_dpo(actor):
        raise PermissionDenied(
            _("Hanya pejabat pelindungan data pribadi yang dapat melakukan ini.")
        )


def _require_signed_in(actor: Any) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("Silakan masuk terlebih dahulu."))


# --- consents -------------------------------------------------------------------------------


# The archived notices by digest: written once per notice text, read by every consent grant (each
# first submission grants one). Public text, the same for everyone: kept per process
# (core.shelf), dropped when one is saved or deleted (watched in PrivacyConfig.ready()).
NOTICES: Shelf[Notice | None] = Shelf("privacy.notices")


def notice_archive(*, text: str, version: str) -> Notice:
    """The archived copy of a notice text (created the first time it is shown)."""
    digest = digest_text(text)
    kept = NOTICES.get(digest, lambda: Notice.objects.filter(digest=digest).first())
    if kept is not None:
        return kept
    # What get_or_create does once it found none: create, or read the one a racing call made.
    try:
        with transaction.atomic():
            return Notice.objects.create(digest=digest, version=version.strip()[:40], text=text)
    except IntegrityError:
        return Notice.objects.get(digest=digest)


def consent_grant(
    *,
    actor: User | None,
    user: User,
    purpose: str,
    purpose_label: str,
    legal_basis: str,
    notice_text: str,
    notice_version: str,
    channel: str = Channel.ONLINE,
) -> Consent:
    """Record that `user` consented (or another legal basis applies) to one purpose.

    Online, the subject records it themselves; at the counter an officer records it for them and
    is kept as `recorded_by`. The digest of `notice_text` proves which notice was shown. Granting
    the same purpose under the same notice again returns the active record unchanged.

    One transaction; inside a caller's it takes no savepoint of its own (two statements less on
    every first submission), so an error in it fails the caller's transaction, as every caller
    lets it. The checks of the arguments come first and write nothing.
    """
    counter = channel == Channel.COUNTER
    if actor is not None:
        _require_signed_in(actor)
        if counter and not getattr(actor, "is_officer", False):
            raise PermissionDenied(_("Persetujuan di loket dicatat oleh petugas."))
        if not counter and actor.pk != user.pk:
            raise PermissionDenied(_("Persetujuan daring hanya dapat diberikan oleh pemiliknya."))
    if channel not in Channel.values:
        raise ServiceError(_("Kanal tidak dikenal."), field="channel")
    if legal_basis not in LegalBasis.values:
        raise ServiceError(_("Dasar pemrosesan tidak dikenal."), field="legal_basis")
    if not re.fullmatch(r"[-a-z0-9_]{1,80}", purpose or ""):
        raise ServiceError(_("Kode tujuan tidak valid."), field="purpose")
    if not purpose_label.strip() or not notice_text.strip() or not notice_version.strip():
        raise ServiceError(_("Tujuan, versi dan isi pemberitahuan wajib diisi."))
    with transaction.atomic(savepoint=False):
        return _consent_grant(
            actor=actor,
            user=user,
            purpose=purpose,
            purpose_label=purpose_label,
            legal_basis=legal_basis,
            notice_text=notice_text,
            notice_version=notice_version,
            channel=channel,
        )


def _consent_grant(
    *,
    actor: User | None,
    user: User,
    purpose: str,
    purpose_label: str,
    legal_basis: str,
    notice_text: str,
    notice_version: str,
    channel: str,
) -> Consent:
    counter = channel == Channel.COUNTER
    notice_digest = digest_text(notice_text)
    notice = notice_archive(text=notice_text, version=notice_version)
    existing = Consent.objects.filter(
        user=user, purpose=purpose, notice_digest=notice_digest, withdrawn_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    consent = Consent.objects.create(
        user=user,
        purpose=purpose,
        purpose_label=purpose_label.strip()[:200],
        legal_basis=legal_basis,
        granted_at=_now(),
        channel=channel,
        recorded_by=actor if counter else None,
        notice_version=notice_version.strip()[:40],
        notice_digest=notice_digest,
        notice=notice,
    )
    ledger.record(
        actor,
        "privacy.consent.grant",
        consent,
        {
            "user": user.pk,
            "purpose": purpose,
            "legal_basis": legal_basis,
            "channel": channel,
            "notice_digest": notice_digest,
        },
    )
    return consent


@transaction.atomic
def _fulfilled_at_once(
    user: Any, kind: str, *, now: dt.datetime, response: str, **extra: Any
) -> DataSubjectRequest:
    """A request that is received and completed in the same moment (a withdrawal, a download),
    kept like any other so the subject's history and the deadlines report see it."""
    return DataSubjectRequest.objects.create(
        user=user,
        kind=kind,
        status=Status.COMPLETED,
        received_at=now,
        due_at=add_hours(now, DEADLINE_HOURS),
        completed_at=now,
        response=response,
        **extra,
    )


def consent_withdraw(*, actor: User, consent: Consent) -> Consent:
    """Withdraw a consent (UU 27/2022 Pasal 9). The record stays, with `withdrawn_at` set, and
    the withdrawal is itself recorded as a completed data-subject request (Pasal 14)."""
    _require_signed_in(actor)
    if consent.user_id != actor.pk and not is_dpo(actor):
        raise PermissionDenied(_("Anda hanya dapat menarik persetujuan Anda sendiri."))
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise Conflict(_("Persetujuan ini sudah ditarik."))
    if consent.legal_basis != LegalBasis.CONSENT:
        raise ServiceError(
            _(
                "Pemrosesan ini tidak berdasarkan persetujuan, melainkan: %(basis)s. "
                "Ajukan keberatan atau pembatasan pemrosesan bila Anda tidak setuju."
            )
            % {"basis": consent.get_legal_basis_display()}
        )
    now = _now()
    consent.withdrawn_at = now
    consent.save(update_fields=["withdrawn_at"])
    _fulfilled_at_once(
        consent.user,
        Kind.WITHDRAW,
        now=now,
        response=_("Persetujuan untuk “%(purpose)s” telah ditarik.")
        % {"purpose": consent.purpose_label},
        consent=consent,
    )
    ledger.record(
        actor,
        "privacy.consent.withdraw",
        consent,
        {"user": consent.user_id, "purpose": consent.purpose},
    )
    return consent


# What stops when a consent is withdrawn, by purpose; each app that relies on a consent
# registers its purpose (accounts/privacy.py, applications/privacy.py) so the citizen is told
# the consequence before confirming (Pasal 9 and 40).
_purposes: dict[str, Any] = {}


def register_purpose(purpose: str, *, consequence: Any) -> None:
    """Say what stops (a readable, translatable sentence) when consent to `purpose` is withdrawn."""
    _purposes[purpose] = consequence


def withdrawal_consequence(consent: Consent) -> str:
    """What the citizen is told before withdrawing `consent`."""
    if consent.legal_basis != LegalBasis.CONSENT:
        return _(
            "Pemrosesan ini tidak berdasarkan persetujuan, melainkan: %(basis)s. Karena itu "
            "tidak dapat ditarik; ajukan keberatan atau pembatasan pemrosesan bila Anda tidak "
            "setuju."
        ) % {"basis": consent.get_legal_basis_display()}
    registered = _purposes.get(consent.purpose)
    stops = str(registered) if registered else _("Pemrosesan untuk tujuan ini dihentikan.")
    return " ".join(
        (
            stops,
            _(
                "Pemrosesan yang dilakukan sebelum penarikan tetap sah. Data yang wajib disimpan "
                "karena kewajiban hukum (misalnya arsip permohonan yang sudah diajukan) tetap "
                "disimpan dan diproses atas dasar kewajiban hukum, bukan persetujuan ini."
            ),
        )
    )


class ConsentWithdrawn(Conflict):
    """Processing refused because the consent it rests on was withdrawn."""

    code = "consent_withdrawn"


def consent_check(*, user: Any, purpose: str, activity: str) -> None:
    """Refuse processing that rests on `user`'s consent to `purpose` once it was withdrawn.

    A person who never gave that consent is not refused here: the processing then rests on
    another basis, checked by its own rules. Raises ConsentWithdrawn naming the consent.
    """
    if user is None or not getattr(user, "pk", None):
        return
    # One read: an active record sorts first (nulls first), else the latest withdrawal.
    latest = (
        Consent.objects.filter(user_id=user.pk, purpose=purpose)
        .order_by(F("withdrawn_at").desc(nulls_first=True))
        .only("withdrawn_at", "purpose_label")
        .first()
    )
    if latest is None or latest.withdrawn_at is None:
        return
    raise ConsentWithdrawn(
        _(
            "Persetujuan untuk “%(purpose)s” telah ditarik (UU 27/2022 Pasal 9): %(activity)s "
            "tidak dapat dilakukan atas dasar persetujuan itu."
        )
        % {"purpose": latest.purpose_label, "activity": activity}
    )


# --- data-subject requests ------------------------------------------------------------------


def _clean_name(value: str) -> str:
    return " ".join(value.split())


def _clean_phone(value: str) -> str:
    return validate_phone(value)


def _clean_nik(value: str) -> str:
    return validate_nik(value, check_regions=False).normalized


def _clean_email(value: str) -> str:
    value = value.lower()
    validate_email(value)
    return value


def _clean_region(value: str) -> str:
    # A village code (PP.KK.CC.VVVV); that it exists is checked by accounts, which owns it.
    if not re.fullmatch(r"\d{2}\.\d{2}\.\d{2}\.\d{4}", value):
        raise ValidationError(_("Kode kelurahan/desa tidak valid (contoh: 32.76.06.1004)."))
    return value


def _clean_language(value: str) -> str:
    if value not in ("id", "en"):
        raise ValidationError(_("Bahasa tidak dikenal."))
    return value


@dataclass(frozen=True)
class CorrectableField:
    """One profile field a person may ask to have corrected: its label, limit and cleaner
    (which raises ValidationError with the message shown to the person)."""

    label: Any
    max_length: int
    clean: Callable[[str], str]
    help_text: Any = ""


# Every field of the profile (accounts.services.PROFILE_FIELDS), as data: the form, the
# validation and the DPO's page are driven from it; accounts applies it (user_correct).
CORRECTABLE: dict[str, CorrectableField] = {
    "full_name": CorrectableField(gettext_lazy("Nama lengkap"), 200, _clean_name),
    "nik": CorrectableField(gettext_lazy("NIK"), 24, _clean_nik, gettext_lazy("16 angka")),
    "phone": CorrectableField(
        gettext_lazy("Nomor ponsel"), 32, _clean_phone, gettext_lazy("Contoh: 081234567890")
    ),
    "email": CorrectableField(gettext_lazy("Email"), 254, _clean_email),
    "address_street": CorrectableField(gettext_lazy("Alamat jalan"), 300, _clean_name),
    "address_region": CorrectableField(
        gettext_lazy("Kode kelurahan/desa"),
        13,
        _clean_region,
        gettext_lazy("Contoh: 32.76.06.1004"),
    ),
    "language": CorrectableField(
        gettext_lazy("Bahasa (id atau en)"), 2, _clean_language, gettext_lazy("id atau en")
    ),
}
CORRECTABLE_FIELDS: tuple[str, ...] = tuple(CORRECTABLE)


def clean_changes(changes: Mapping[str, Any] | None, *, user: User) -> dict[str, str]:
    """Validated, normalised profile corrections; raises ServiceError with a clear message."""
    cleaned: dict[str, str] = {}
    for key, raw in (changes or {}).items():
        rule = CORRECTABLE.get(key)
        if rule is None:
            raise ServiceError(
                _("Data %(field)s tidak dapat diperbaiki melalui permintaan ini.") % {"field": key},
                field="changes",
            )
        value = str(raw if raw is not None else "").strip()
        if not value:
            continue
        if len(value) > 4 * rule.max_length:
            value = value[: 4 * rule.max_length]  # cleaning then rejects or bounds it
        try:
            value = rule.clean(value)
        except ValidationError as exc:
            raise ServiceError(" ".join(exc.messages), field=key) from None
        # The limit holds for the value as stored ("+62 812-…" is longer typed than kept).
        if len(value) > rule.max_length:
            raise ServiceError(
                _("%(label)s paling banyak %(n)d karakter.")
                % {"label": rule.label, "n": rule.max_length},
                field=key,
            )
        if (
            key == "nik"
            and lookup_value(get_user_model(), "nik", value).exclude(pk=user.pk).exists()
        ):
            raise ServiceError(
                _("NIK ini sudah terdaftar pada akun lain. Hubungi petugas di loket."),
                field=key,
            )
        cleaned[key] = value
    return cleaned


def _open_same_kind(user: User, kind: str) -> bool:
    return DataSubjectRequest.objects.filter(
        user=user, kind=kind, status__in=DataSubjectRequest.OPEN_STATUSES
    ).exists()


@transaction.atomic
def dsr_submit(
    *,
    actor: User,
    kind: str,
    details: str = "",
    changes: Mapping[str, Any] | None = None,
    subject: User | None = None,
    identity_checked: bool = False,
) -> DataSubjectRequest:
    """File a data-subject request for the signed-in person; the 3×24-hour clock starts now.

    At the counter an officer files it for the walk-in `subject` (who asked in person, and
    whose identity document the officer checked: `identity_checked`): the request is recorded
    with the counter channel and the officer in the ledger."""
    _require_signed_in(actor)
    counter = subject is not None and subject.pk != actor.pk
    if counter and subject is not None:
        if not getattr(actor, "is_officer", False):
            raise PermissionDenied(_("Permintaan atas nama warga dicatat oleh petugas loket."))
        if getattr(subject, "kind", "") != "citizen" or not subject.is_active:
            raise ServiceError(_("Permintaan di loket hanya untuk akun warga yang aktif."))
        if not identity_checked:
            raise ServiceError(
                _(
                    "Periksa KTP-el asli pemohon terlebih dahulu: hak atas data pribadi hanya "
                    "untuk pemiliknya."
                ),
                field="identity_checked",
            )
    person: User = subject if counter and subject is not None else actor
    if kind not in SUBMITTABLE_KINDS:
        raise ServiceError(_("Jenis permintaan tidak dikenal."), field="kind")
    details = (details or "").strip()
    if len(details) > MAX_DETAILS:
        raise ServiceError(
            _("Keterangan paling banyak %(n)s karakter.") % {"n": MAX_DETAILS}, field="details"
        )
    cleaned = clean_changes(changes, user=person) if kind == Kind.CORRECTION else {}
    if kind == Kind.CORRECTION and not cleaned:
        raise ServiceError(_("Isi sedikitnya satu data yang ingin diperbaiki."), field="changes")
    if kind == Kind.OBJECTION and not details:
        raise ServiceError(_("Jelaskan pemrosesan yang Anda keberatan."), field="details")
    if _open_same_kind(person, kind):
        raise Conflict(
            _("Anda masih memiliki permintaan jenis ini yang sedang diproses."), field="kind"
        )
    now = _now()
    request = DataSubjectRequest.objects.create(
        user=person,
        kind=kind,
        status=Status.RECEIVED,
        channel=Channel.COUNTER if counter else Channel.ONLINE,
        received_at=now,
        due_at=add_hours(now, DEADLINE_HOURS),
        details=details or None,
        changes=json.dumps(cleaned, ensure_ascii=False) if cleaned else None,
    )
    ledger.record(
        actor,
        "privacy.request.submit",
        request,
        {
            "kind": kind,
            "fields": sorted(cleaned),
            "due_at": request.due_at.isoformat(),
            "channel": request.channel,
            **({"identity_checked": True} if counter else {}),
        },
    )
    _tell_subject(request, "privacy_request_received")
    _tell_dpos(request, "privacy_request_new", key="new")
    return request


def _privacy_url() -> str:
    return settings.SITE_URL.rstrip("/") + "/privasi/"


def _kind_label(request: DataSubjectRequest, language: str | None) -> str:
    with translation.override(language or "id"):
        return str(Kind(request.kind).label)


def _tell_subject(
    request: DataSubjectRequest,
    template: str,
    *,
    note: str = "",
    rejected: bool = False,
    channel: str | None = None,
    address: str | None = None,
) -> None:
    """Tell the person about their request on their chosen channel (in the outbox, in this
    transaction). With `address` the message goes to that captured contact and is not linked to
    the account: the erasure notice, sent as the contact itself is erased."""
    user = request.user
    language = getattr(user, "language", None)
    context: dict[str, Any] = {
        "kind": _kind_label(request, language),
        "url": _privacy_url(),
    }
    if template == "privacy_request_received":
        context["deadline"] = request.due_at.isoformat()
    if note:
        context["note"] = note
    if rejected:
        context["rejected"] = True
    if address is not None:
        if not address or channel in (None, "inapp"):
            return  # no contact to tell: the result stays on the request record
        context[outbox.FORGET_ADDRESS] = True
        outbox.notify(
            channel=channel,
            address=address,
            template=template,
            context=context,
            language=language,
            dedupe_key=f"privacy-{template}-{request.pk}",
        )
        return
    outbox.notify(
        user=user,
        channel=outbox.channel_for(user),
        template=template,
        context=context,
        dedupe_key=f"privacy-{template}-{request.pk}",
    )


def _office_url(request: DataSubjectRequest) -> str:
    return settings.SITE_URL.rstrip("/") + f"/kantor/privasi/permintaan/{request.pk}/"


def _tell_dpos(request: DataSubjectRequest, template: str, *, key: str, **extra: Any) -> int:
    """Put one message per DPO in the outbox about `request` (idempotent by `key`)."""
    sent = 0
    for officer in dpo_officers():
        outbox.notify(
            user=officer,
            channel=outbox.channel_for(officer),
            template=template,
            context={
                "kind": _kind_label(request, getattr(officer, "language", None)),
                "deadline": request.due_at.isoformat(),
                "url": _office_url(request),
                **extra,
            },
            dedupe_key=f"privacy-{key}-{request.pk}-{officer.pk}",
        )
        sent += 1
    return sent


# Reminders before the 72-hour deadline, in hours after receipt (then escalation when late).
REMINDER_HOURS: tuple[int, ...] = (48, 66)


def dsr_reminders(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Remind the DPOs of open requests at 48 and 66 hours and escalate the overdue ones (the
    scheduled job; idempotent, each reminder is sent once per request and officer)."""
    now = now or _now()
    counts = {"reminders": 0, "escalations": 0}
    rows = DataSubjectRequest.objects.filter(status__in=DataSubjectRequest.OPEN_STATUSES)
    for request in rows.order_by("due_at", "id"):
        with transaction.atomic():
            if request.due_at < now:
                fresh = not outbox.dedupe_exists(f"privacy-late-{request.pk}-")
                counts["escalations"] += _tell_dpos(request, "privacy_request_late", key="late")
                if fresh:
                    ledger.record(
                        None,
                        "privacy.request.escalate",
                        request,
                        {"due_at": request.due_at.isoformat()},
                    )
                continue
            for hours in REMINDER_HOURS:
                if now >= request.received_at + dt.timedelta(hours=hours):
                    counts["reminders"] += _tell_dpos(
                        request, "privacy_request_reminder", key=f"remind{hours}", hours=hours
                    )
    return counts


def _lock_open(request: DataSubjectRequest) -> DataSubjectRequest:
    locked = (
        DataSubjectRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
    )
    if not locked.is_open:
        raise Conflict(_("Permintaan ini sudah selesai diproses."))
    return locked


@transaction.atomic
def dsr_start(*, actor: User, request: DataSubjectRequest) -> DataSubjectRequest:
    """The data protection officer takes a request into work."""
    _require_dpo(actor)
    request = _lock_open(request)
    if request.status == Status.IN_PROGRESS and request.handled_by_id == actor.pk:
        return request
    request.status = Status.IN_PROGRESS
    request.handled_by = actor
    request.save(update_fields=["status", "handled_by"])
    ledger.record(actor, "privacy.request.start", request, {"kind": request.kind})
    return request


def _erasure_response(report: registry.ErasureReport) -> str:
    lines = [_("Permintaan penghapusan data Anda telah diproses.")]
    if report.erased:
        lines.append(_("Data yang dihapus atau dianonimkan:"))
        lines.extend(f"- {what}" for what in report.erased)
    if report.retained:
        lines.append(_("Data yang tetap disimpan, dan alasannya:"))
        lines.extend(f"- {what}: {reason}" for what, reason in report.retained)
    return "\n".join(lines)


# The profile belongs to accounts, which registers how a correction is applied to it
# (accounts/privacy.py): handler(actor, user, changes) -> the corrected field names.
CorrectionHandler = Callable[[Any, Any, Mapping[str, str]], list[str]]
_correction_handlers: list[CorrectionHandler] = []


def register_correction(handler: CorrectionHandler) -> None:
    """Let the app that owns the profile apply corrections (registered once, in ready())."""
    if handler not in _correction_handlers:
        _correction_handlers.append(handler)


def _apply_correction(request: DataSubjectRequest, actor: Any) -> list[str]:
    user = request.user
    try:
        wanted = json.loads(request.changes or "{}")
    except ValueError as exc:
        raise ServiceError(_("Data perbaikan pada permintaan ini tidak terbaca.")) from exc
    # Validate again: the NIK may have been taken by another account since submission.
    cleaned = clean_changes(wanted, user=user)
    if not cleaned:
        raise ServiceError(_("Permintaan ini tidak berisi data yang dapat diperbaiki."))
    if not _correction_handlers:
        raise ServiceError(_("Perbaikan data profil belum dapat dilakukan."))
    corrected: set[str] = set()
    for handler in _correction_handlers:
        corrected.update(handler(actor, user, cleaned))
    return sorted(corrected)


def _restrict(user: Any, *, by: str) -> None:
    flags, _created = SubjectFlags.objects.select_for_update().get_or_create(user=user)
    if not flags.processing_restricted:
        flags.processing_restricted = True
        flags.restricted_at = _now()
        flags.restricted_by = by
        flags.save(
            update_fields=["processing_restricted", "restricted_at", "restricted_by", "updated_at"]
        )


@transaction.atomic
def restriction_lift(*, actor: User, user: User, reason: str, reason_en: str = "") -> SubjectFlags:
    """End a restriction or an upheld objection (the person asked, or its ground has ended);
    DPO only. The reason is required: it is told to the person (in English too when given)
    and its digest is ledgered. Case actions, reveals and messages then go ahead again."""
    _require_dpo(actor)
    reason = (reason or "").strip()
    reason_en = (reason_en or "").strip()
    if not reason:
        raise ServiceError(
            _("Tuliskan alasan mengakhiri pembatasan; pemohon akan membacanya."), field="reason"
        )
    if len(reason) > MAX_RESPONSE or len(reason_en) > MAX_RESPONSE:
        raise ServiceError(
            _("Alasan paling banyak %(n)s karakter.") % {"n": MAX_RESPONSE}, field="reason"
        )
    flags = SubjectFlags.objects.select_for_update().filter(user=user).first()
    if flags is None or not flags.processing_restricted:
        raise Conflict(_("Pemrosesan data orang ini tidak sedang dibatasi."))
    by = flags.restricted_by or Kind.RESTRICTION
    flags.processing_restricted = False
    flags.restricted_by = ""
    flags.save(update_fields=["processing_restricted", "restricted_by", "updated_at"])
    now = _now()
    # The request that set the restriction says, from now on, that it was ended and why.
    setting = (
        DataSubjectRequest.objects.select_for_update()
        .filter(user=user, kind=by, status=Status.COMPLETED, outcome__processing_restricted=True)
        .order_by("-completed_at", "-id")
        .first()
    )
    if setting is not None:
        setting.outcome = {
            **setting.outcome,
            "processing_restricted": False,
            "lifted_at": now.isoformat(),
            "lift_reason": reason,
        }
        setting.save(update_fields=["outcome"])
    entry = ledger.record(
        actor,
        "privacy.restriction.lift",
        flags,
        {
            "user": user.pk,
            "by": by,
            "request": setting.pk if setting else None,
            "reason_digest": ledger.keyed_digest(reason),
        },
    )
    english = (getattr(user, "language", "") or "").startswith("en") and reason_en
    outbox.notify(
        user=user,
        channel=outbox.channel_for(user),
        template="privacy_restriction_lifted",
        context={
            "note": reason_en if english else reason,
            "objection": by == Kind.OBJECTION,
            "url": _privacy_url(),
        },
        dedupe_key=f"privacy-restriction-lifted-{entry.pk}",
    )
    return flags


@transaction.atomic
def dsr_complete(
    *,
    actor: User,
    request: DataSubjectRequest,
    response: str = "",
    response_en: str = "",
    uphold: bool = False,
) -> DataSubjectRequest:
    """Carry out a request and close it; `response` is added to what the citizen is told.

    access: the export (JSON and PDF) is delivered through the citizen's privacy page;
    correction: the requested profile values are validated again and applied;
    erasure: every registry contributor erases or anonymises what it may and says what it
    keeps and why — the citizen sees that report; restriction: processing is flagged as
    restricted; objection: the officer's answer (required) is the outcome.
    """
    _require_dpo(actor)
    request = _lock_open(request)
    response = (response or "").strip()
    response_en = (response_en or "").strip()
    if len(response) > MAX_RESPONSE or len(response_en) > MAX_RESPONSE:
        raise ServiceError(
            _("Jawaban paling banyak %(n)s karakter.") % {"n": MAX_RESPONSE}, field="response"
        )
    data: dict[str, Any] = {"kind": request.kind}
    text: Callable[[], str] = str
    outcome: dict[str, Any] = {}
    if request.kind == Kind.ACCESS:
        text = lambda: _(  # noqa: E731
            "Salinan data pribadi Anda tersedia: unduh ekspor JSON atau PDF di halaman Privasi."
        )
    elif request.kind == Kind.CORRECTION:
        fields = _apply_correction(request, actor)
        outcome = {"corrected": fields}
        data["fields"] = fields
        if fields:
            names = ", ".join(str(CORRECTABLE[f].label) for f in fields if f in CORRECTABLE)
            text = lambda: _("Data Anda telah diperbaiki: %(fields)s.") % {"fields": names}  # noqa: E731
        else:
            text = lambda: _(  # noqa: E731
                "Tidak ada data yang berubah: nilai yang Anda minta sama dengan data yang "
                "tersimpan."
            )
    elif request.kind == Kind.ERASURE:
        # The contact is captured first: the result goes to it, then it is erased too.
        subject = request.user
        tell_channel = outbox.channel_for(subject)
        tell_address = (
            (subject.email if tell_channel == "email" else subject.phone)
            if tell_channel != "inapp"
            else ""
        )
        report = registry.erase_for(request.user)
        outcome = report.as_dict()
        data["erased"] = len(report.erased)
        data["retained"] = len(report.retained)
        text = lambda: _erasure_response(report)  # noqa: E731
    elif request.kind == Kind.RESTRICTION:
        _restrict(request.user, by=Kind.RESTRICTION)
        outcome = {"processing_restricted": True}
        text = lambda: _(  # noqa: E731
            "Pemrosesan data pribadi Anda telah dibatasi: tindakan atas permohonan Anda, "
            "penampilan data identitas Anda dan pesan selain tentang permintaan ini dihentikan, "
            "kecuali kewajiban penyelenggaraan negara yang dicatat dengan dasar hukumnya."
        )
    elif request.kind == Kind.OBJECTION:
        if not response:
            raise ServiceError(_("Tuliskan jawaban atas keberatan ini."), field="response")
        if uphold:
            _restrict(request.user, by=Kind.OBJECTION)
            outcome = {"processing_restricted": True, "objection_upheld": True}
            text = lambda: _(  # noqa: E731
                "Keberatan Anda diterima; pemrosesan data pribadi Anda dihentikan."
            )
        else:
            outcome = {"objection_upheld": False}
    request.status = Status.COMPLETED
    request.completed_at = _now()
    request.handled_by = actor
    # Stored in Indonesian and in English: what the platform says in each language, plus the
    # DPO's own reply and its English version when they gave one.
    with translation.override("id"):
        said_id = text()
    with translation.override("en"):
        said_en = text()
    request.response = "\n\n".join(part for part in (said_id, response) if part)
    request.response_en = "\n\n".join(part for part in (said_en, response_en) if part)
    request.outcome = outcome
    request.save(
        update_fields=["status", "completed_at", "handled_by", "response", "response_en", "outcome"]
    )
    data["response_digest"] = ledger.keyed_digest(request.response)
    ledger.record(actor, "privacy.request.complete", request, data)
    if request.kind == Kind.ERASURE:
        _tell_subject(
            request,
            "privacy_request_done",
            note=request.response,
            channel=tell_channel,
            address=str(tell_address or ""),
        )
    else:
        _tell_subject(request, "privacy_request_done", note=request.response)
    return request


@transaction.atomic
def dsr_reject(
    *, actor: User, request: DataSubjectRequest, reason: str, reason_en: str = ""
) -> DataSubjectRequest:
    """Refuse a request; the reason is required and shown to the citizen."""
    _require_dpo(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Alasan penolakan wajib diisi."), field="reason")
    if len(reason) > MAX_RESPONSE:
        raise ServiceError(
            _("Alasan paling banyak %(n)s karakter.") % {"n": MAX_RESPONSE}, field="reason"
        )
    request = _lock_open(request)
    request.status = Status.REJECTED
    request.completed_at = _now()
    request.handled_by = actor
    request.response = reason
    request.response_en = (reason_en or "").strip()[:MAX_RESPONSE]
    request.save(update_fields=["status", "completed_at", "handled_by", "response", "response_en"])
    ledger.record(
        actor,
        "privacy.request.reject",
        request,
        {"kind": request.kind, "reason_digest": ledger.keyed_digest(reason)},
    )
    _tell_subject(request, "privacy_request_done", note=reason, rejected=True)
    return request


@transaction.atomic
def export_deliver(*, actor: User, fmt: str) -> DataSubjectRequest:
    """Record that the signed-in person downloaded their own data (access, Pasal 7 and 14).

    The download is the fulfilment, so it is stored as an access request completed at once;
    any access request they had filed and that is still open is closed by it too.
    """
    _require_signed_in(actor)
    if fmt not in ("json", "pdf", "api"):
        raise ServiceError(_("Format ekspor tidak dikenal."))
    now = _now()
    message = _("Salinan data diunduh (%(fmt)s).") % {"fmt": fmt.upper()}
    delivered = _fulfilled_at_once(actor, Kind.ACCESS, now=now, response=message)
    DataSubjectRequest.objects.filter(
        user=actor, kind=Kind.ACCESS, status__in=DataSubjectRequest.OPEN_STATUSES
    ).update(status=Status.COMPLETED, completed_at=now, response=message)
    ledger.record(actor, "privacy.export.deliver", delivered, {"format": fmt})
    return delivered


# --- breaches -------------------------------------------------------------------------------


@transaction.atomic
def breach_record(
    *,
    actor: User,
    title: str,
    description: str,
    data_categories: str,
    affected_subjects_estimate: int,
    discovered_at: dt.datetime,
    occurred_at: dt.datetime | None = None,
    remediation: str = "",
    controller: str = "",
    dpo_contact: str = "",
) -> Breach:
    """Enter a personal-data breach; notice to subjects and the authority is due 3×24 hours
    after it was discovered (Pasal 46)."""
    _require_dpo(actor)
    now = _now()
    if timezone.is_naive(discovered_at) or (occurred_at and timezone.is_naive(occurred_at)):
        raise ServiceError(_("Waktu harus disertai zona waktu."))
    if discovered_at > now:
        raise ServiceError(_("Waktu diketahui tidak boleh di masa depan."), field="discovered_at")
    if occurred_at is not None and occurred_at > discovered_at:
        raise ServiceError(
            _("Waktu terjadi tidak boleh setelah waktu diketahui."), field="occurred_at"
        )
    if not title.strip() or not description.strip() or not data_categories.strip():
        raise ServiceError(_("Judul, uraian kejadian dan data yang terungkap wajib diisi."))
    if affected_subjects_estimate < 0:
        raise ServiceError(_("Perkiraan jumlah subjek tidak boleh negatif."))
    # The controller is the agency whose DPO records the breach (else the first published).
    mine = {slug for role in _dpo_role for slug in role.agencies(actor)}
    directory = sorted(dpo_directory(), key=lambda row: row.get("slug") not in mine)
    breach = Breach.objects.create(
        controller=controller.strip()[:200] or (directory[0]["agency"] if directory else ""),
        dpo_contact=dpo_contact.strip()[:200]
        or next((row["contact"] for row in directory if row["contact"]), ""),
        title=title.strip()[:200],
        description=description.strip(),
        data_categories=data_categories.strip(),
        affected_subjects_estimate=affected_subjects_estimate,
        occurred_at=occurred_at,
        discovered_at=discovered_at,
        notify_due_at=add_hours(discovered_at, DEADLINE_HOURS),
        remediation=remediation.strip(),
        recorded_by=actor,
    )
    ledger.record(
        actor,
        "privacy.breach.record",
        breach,
        {
            "discovered_at": discovered_at.isoformat(),
            "notify_due_at": breach.notify_due_at.isoformat(),
            "affected": affected_subjects_estimate,
            "content_digest": ledger.keyed_digest(
                [breach.title, breach.description, breach.data_categories]
            ),
        },
    )
    return breach


@transaction.atomic
def breach_mark_notified(
    *,
    actor: User,
    breach: Breach,
    subjects: bool = False,
    authority: bool = False,
    at: dt.datetime | None = None,
) -> Breach:
    """Record when the data subjects and/or the authority were sent the notice."""
    _require_dpo(actor)
    if not subjects and not authority:
        raise ServiceError(_("Pilih siapa yang sudah diberi tahu."))
    when = at or _now()
    if timezone.is_naive(when) or when > _now():
        raise ServiceError(_("Waktu pemberitahuan tidak valid."))
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    fields: list[str] = []
    if subjects and breach.subjects_notified_at is None:
        breach.subjects_notified_at = when
        fields.append("subjects_notified_at")
    if authority and breach.authority_notified_at is None:
        breach.authority_notified_at = when
        fields.append("authority_notified_at")
    if not fields:
        raise Conflict(_("Pemberitahuan ini sudah tercatat."))
    if breach.subjects_notified_at and breach.authority_notified_at:
        breach.status = Breach.Status.NOTIFIED
        fields.append("status")
    breach.save(update_fields=fields)
    ledger.record(
        actor,
        "privacy.breach.notify",
        breach,
        {
            "subjects": subjects,
            "authority": authority,
            "at": when.isoformat(),
            "late": when > breach.notify_due_at,
        },
    )
    return breach


def _lock_breach(breach: Breach) -> Breach:
    locked = Breach.objects.select_for_update().get(pk=breach.pk)
    if locked.status == Breach.Status.CLOSED:
        raise Conflict(_("Insiden ini sudah ditutup."))
    return locked


@transaction.atomic
def breach_notify_subjects(*, actor: User, breach: Breach, users: list[Any]) -> int:
    """Send the subjects' notice (Pasal 46) to each affected person through the outbox, on
    their chosen channel; records when. Returns the number of messages queued."""
    _require_dpo(actor)
    breach = _lock_breach(breach)
    sent = 0
    for person in users:
        language = getattr(person, "language", None) or "id"
        with translation.override(language):
            text = breach.notice_text("subjects")
        outbox.notify(
            user=person,
            channel=outbox.channel_for(person),
            template="privacy_breach_notice",
            context={"note": text, "title": breach.title[:120]},
            dedupe_key=f"privacy-breach-{breach.pk}-{person.pk}",
        )
        sent += 1
    if breach.subjects_notified_at is None:
        breach.subjects_notified_at = _now()
        fields = ["subjects_notified_at"]
        if breach.authority_notified_at:
            breach.status = Breach.Status.NOTIFIED
            fields.append("status")
        breach.save(update_fields=fields)
    ledger.record(actor, "privacy.breach.notify_subjects", breach, {"count": sent})
    return sent


@transaction.atomic
def breach_announce(*, actor: User, breach: Breach, text: str) -> Breach:
    """Publish an announcement of the breach on /privasi/insiden/ (where the public is touched)."""
    _require_dpo(actor)
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Tulis isi pengumuman."), field="announcement")
    breach = _lock_breach(breach)
    breach.announcement = text[:MAX_RESPONSE]
    breach.announced_at = breach.announced_at or _now()
    breach.save(update_fields=["announcement", "announced_at"])
    ledger.record(actor, "privacy.breach.announce", breach, {"digest": ledger.keyed_digest(text)})
    return breach


@transaction.atomic
def breach_update(*, actor: User, breach: Breach, text: str) -> Breach:
    """Add news about the handling of a breach (shown with the announcement)."""
    _require_dpo(actor)
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Tulis perkembangannya."), field="text")
    breach = _lock_breach(breach)
    breach.updates = [*breach.updates, {"at": _now().isoformat(), "text": text[:MAX_RESPONSE]}]
    breach.save(update_fields=["updates"])
    ledger.record(actor, "privacy.breach.update", breach, {"digest": ledger.keyed_digest(text)})
    return breach


@transaction.atomic
def breach_close(*, actor: User, breach: Breach, text: str = "") -> Breach:
    """Close a breach once handled; both notices must have gone out first."""
    _require_dpo(actor)
    breach = _lock_breach(breach)
    if breach.subjects_notified_at is None or breach.authority_notified_at is None:
        raise Conflict(_("Beri tahu subjek data dan lembaga sebelum menutup insiden."))
    if text.strip():
        breach.updates = [*breach.updates, {"at": _now().isoformat(), "text": text.strip()}]
    breach.status = Breach.Status.CLOSED
    breach.closed_at = _now()
    breach.save(update_fields=["status", "closed_at", "updates"])
    ledger.record(actor, "privacy.breach.close", breach, {})
    return breach


def announced_breaches() -> list[Breach]:
    return list(Breach.objects.filter(announced_at__isnull=False).order_by("-announced_at"))


# --- retention ------------------------------------------------------------------------------

RetentionHandler = Callable[[dt.datetime, str], int]
_retention_handlers: dict[str, RetentionHandler] = {}


def register_retention(data_type: str, handler: RetentionHandler) -> None:
    """Let an app apply a RetentionRule to its own data: `handler(cutoff, action)` acts on rows
    older than `cutoff` and returns how many it changed (0 on a second run)."""
    _retention_handlers[data_type] = handler


def _retain_sessions(cutoff: dt.datetime, action: str) -> int:
    deleted, _by_model = Session.objects.filter(expire_date__lt=cutoff).delete()
    return deleted


def _retain_closed_requests(cutoff: dt.datetime, action: str) -> int:
    # The record of the request is kept (Pasal 14); what the citizen wrote is removed.
    return DataSubjectRequest.objects.filter(
        status__in=(Status.COMPLETED, Status.REJECTED),
        completed_at__lt=cutoff,
        redacted_at__isnull=True,
    ).update(details=None, changes=None, redacted_at=timezone.now())


def _retain_notifications(cutoff: dt.datetime, action: str) -> int:
    return outbox.messages_retain(cutoff=cutoff, delete=action == RetentionRule.Action.DELETE)


def _retain_closed_breaches(cutoff: dt.datetime, action: str) -> int:
    rows = Breach.objects.filter(status=Breach.Status.CLOSED, created_at__lt=cutoff)
    if action == RetentionRule.Action.DELETE:
        deleted, _by_model = rows.delete()
        return deleted
    # Anonymise: the register keeps that a breach happened, when, and how many were affected.
    return rows.exclude(description="").update(description="", data_categories="-", remediation="")


register_retention("sessions", _retain_sessions)
register_retention("closed_privacy_requests", _retain_closed_requests)
register_retention("notifications", _retain_notifications)
register_retention("closed_breaches", _retain_closed_breaches)


class RetentionRuleWithoutHandler(ServiceError):
    """An active retention rule names data no app knows how to retain: a configuration error."""


def retention_handlers() -> list[str]:
    return sorted(_retention_handlers)


@transaction.atomic
def retention_apply(*, actor: User | None = None, now: dt.datetime | None = None) -> dict[str, int]:
    """Apply every active RetentionRule (the scheduled job's body); returns rows changed per
    data type. Idempotent: a second run on the same day changes nothing and records nothing."""
    if actor is not None:
        _require_dpo(actor)
    now = now or _now()
    counts: dict[str, int] = {}
    rules = list(RetentionRule.objects.filter(is_active=True).order_by("data_type"))
    orphans = [rule.data_type for rule in rules if rule.data_type not in _retention_handlers]
    if orphans:
        # Refused before anything is applied: a rule that silently did nothing would let data
        # outlive its published period.
        raise RetentionRuleWithoutHandler(
            _("Aturan retensi tanpa penangan: %(types)s. Perbaiki jenis datanya atau nonaktifkan.")
            % {"types": ", ".join(orphans)}
        )
    for rule in rules:
        handler = _retention_handlers[rule.data_type]
        cutoff = now - dt.timedelta(days=rule.retention_days)
        counts[rule.data_type] = handler(cutoff, rule.action)
    if any(counts.values()):
        ledger.record(actor, "privacy.retention.apply", None, {"counts": counts})
    return counts
