"""Every write of the applications app: drafts, answers, documents, submission, the workflow,
messages, and the assisted (counter) channel.

Each function checks permission, runs in one transaction and appends one ledger entry through
`_record` (ids and digests only). Notifications go into the outbox inside the same transaction
(`notifications.services.notify`), so a rolled-back change sends nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.accounts import services as accounts_services
from satupintu.applications import assignment, documents, name_index, snapshot, tracking
from satupintu.applications.models import (
    Application,
    Channel,
    Document,
    Event,
    Message,
    Status,
)
from satupintu.catalog import formdef, workflow
from satupintu.catalog import selectors as catalog_selectors
from satupintu.catalog import services as catalog_services
from satupintu.catalog.models import RequiredDocument, localized
from satupintu.core.calendar import add_working_days
from satupintu.core.crypto import blind_index, normalize
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ServiceError
from satupintu.core.fields import lookup_value
from satupintu.core.identifiers import validate_nik
from satupintu.ledger import services as ledger
from satupintu.notifications.services import channel_for as notifications_channel_for
from satupintu.notifications.services import notify
from satupintu.organizations.models import Role
from satupintu.organizations.selectors import has_role, roles_in
from satupintu.privacy import services as privacy
from satupintu.privacy.models import LegalBasis

if TYPE_CHECKING:
    from satupintu.catalog.models import Service

EDITABLE = (Status.DRAFT, Status.NEEDS_CORRECTION)
APPLICANT_LABEL = "Pemohon"  # shown to officers and applicants; a role, never a name
MAX_ANSWERS_BYTES = 200_000
MAX_ANSWER_CHARS = 10_000
MAX_MESSAGE_CHARS = 5000
MAX_NOTE_CHARS = 2000
SMS_NOTE_CHARS = 300
ASSISTED_PURPOSE = "pelayanan-loket"
# The privacy notice of every application (online on the review page, read out at the counter):
# the processing rests on the agency's public-service duty, not on consent (UU 27/2022 Pasal
# 20(2)(e)); what was shown is recorded with that basis when the application is submitted.
APPLICATION_PURPOSE = "permohonan-layanan"
APPLICATION_LEGAL_BASIS = LegalBasis.PUBLIC_TASK
APPLICATION_NOTICE_VERSION = "2026-12"
APPLICATION_NOTICE = gettext_lazy(
    "Data yang Anda isi dan dokumen yang Anda unggah diproses oleh instansi penyelenggara "
    "layanan ini untuk memutuskan dan melayani permohonan Anda, atas dasar pelaksanaan tugas "
    "pelayanan publik (UU 27/2022 Pasal 20 ayat 2 huruf e dan UU 25/2009). Permohonan yang "
    "diajukan diarsipkan sesuai aturan kearsipan. Anda dapat melihat, menyalin, memperbaiki, "
    "membatasi, atau meminta penghapusan data Anda di halaman Privasi."
)
ASSISTED_NOTICE_VERSION = "loket-1"
SECRET_CONTEXT = "applications.Application.status_secret_hash"  # noqa: S105 - a key context name
_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:\-]{1,64}$")

# Roles that take part in an application's thread; the first one held names the author.
MESSAGE_ROLES: tuple[str, ...] = (
    Role.APPROVER,
    Role.VERIFIER,
    Role.REVIEWER,
    Role.FRONT_DESK,
    Role.AGENCY_ADMIN,
)


@dataclass(frozen=True)
class SubmitResult:
    """What a submission returns; `created` is False when the idempotency key was seen before."""

    application: Application
    status_secret: str
    created: bool


# --- helpers --------------------------------------------------------------------------------


def _now() -> dt.datetime:
    return timezone.now()


def _require_signed_in(actor: Any) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("Silakan masuk terlebih dahulu."))


def role_label(role: str) -> str:
    """The role's name as stored on events and messages: always the Indonesian msgid, whoever
    acts in whatever language, so each page translates it into its reader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(Role(role).label)


def _notify(**kwargs: Any) -> None:
    notify(**kwargs)


channel_for = notifications_channel_for


def _site_base() -> str:
    return settings.SITE_URL.rstrip("/")


def status_url(code: str) -> str:
    from urllib.parse import urlencode

    return f"{_site_base()}/cek-status/?{urlencode({'kode': code})}"


def application_url(application: Application) -> str:
    """The applicant's own page of the application (sign-in required), as a full address."""
    from django.urls import reverse

    return _site_base() + reverse("applications:detail", args=[application.public_id])


def secret_hash(code: str, secret: str) -> str:
    """Keyed hash of (tracking code, secret): what the public status check compares."""
    return blind_index(f"{code}:{tracking.normalize_secret(secret)}", context=SECRET_CONTEXT)


def _lock(application: Application) -> Application:
    locked = Application.objects.select_for_update().filter(pk=application.pk).first()
    if locked is None:
        raise NotFound(_("Permohonan tidak ditemukan."))
    return locked


def _with_kept_service(application: Application) -> Application:
    """`application` (just read, its service not loaded) with its service and the service's
    agency from the catalog's shelf (catalog.selectors.kept_service) instead of two reads."""
    if not Application.service.is_cached(application):
        service = catalog_selectors.kept_service(application.service_id)
        if service is not None:
            application.service = service
    return application


def _may_edit(actor: Any, application: Application) -> bool:
    if actor.pk == application.applicant_id:
        return True
    return application.channel == Channel.COUNTER and Role.FRONT_DESK in roles_in(
        actor, application.agency_id
    )


def _require_editable(actor: Any, application: Application) -> None:
    _require_signed_in(actor)
    if not _may_edit(actor, application):
        raise NotFound(_("Permohonan tidak ditemukan."))
    if application.status not in EDITABLE:
        raise Conflict(_("Permohonan yang sudah diajukan tidak dapat diubah."))


def _actor_label(actor: Any, application: Application) -> str:
    if actor.pk == application.applicant_id:
        return APPLICANT_LABEL
    roles = roles_in(actor, application.agency_id)
    for role in MESSAGE_ROLES:
        if role in roles:
            return role_label(role)
    return _("Petugas")


def _event(
    application: Application,
    *,
    kind: str,
    actor: Any,
    label: str,
    status_from: str = "",
    status_to: str = "",
    step_from: str = "",
    step_to: str = "",
    note: str = "",
    is_public: bool = True,
) -> Event:
    return Event.objects.create(
        step_from=step_from,
        step_to=step_to,
        application=application,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label[:60],
        status_from=status_from,
        status_to=status_to,
        note=note,
        is_public=is_public,
    )


def _clean_text(value: str, *, limit: int) -> str:
    text = unicodedata.normalize("NFC", str(value or ""))
    # Keep line breaks and tabs; drop other control characters (NUL breaks databases).
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    )
    return text.strip()[: limit + 1]


# --- drafts ---------------------------------------------------------------------------------


def _prefill(service: Service, user: Any) -> dict[str, Any]:
    return dict(formdef.prefill(service, user))


# At the counter the officer has the citizen's KTP in hand (name, NIK) and asks them the rest:
# the profile's contact details and address are not shown to an officer of any agency.
COUNTER_PREFILL_SOURCES = frozenset({"full_name", "nik"})


def prefill_for(application: Application) -> dict[str, Any]:
    """The answers pre-filled from the applicant's profile that this application's channel
    may show (all of them online; name and NIK only at the counter)."""
    found = _prefill(application.service, application.applicant)
    if application.channel != Channel.COUNTER:
        return found
    shown = set(
        application.service.form_fields.filter(
            prefill_from__in=COUNTER_PREFILL_SOURCES
        ).values_list("key", flat=True)
    )
    return {key: value for key, value in found.items() if key in shown}


@transaction.atomic
def application_start(
    *, actor: Any, service: Service, applicant: Any = None, channel: str = Channel.ONLINE
) -> Application:
    """Open a draft application for `service`, pre-filled from the applicant's profile.

    Online, the applicant is the signed-in citizen. At the counter (`channel=COUNTER`) a
    front-desk officer of the service's agency opens it on behalf of a citizen, and is kept as
    `submitted_by`.
    """
    _require_signed_in(actor)
    if channel not in Channel.values:
        raise ServiceError(_("Kanal tidak dikenal."), field="channel")
    if not service.is_active:
        raise ServiceError(_("Layanan ini belum dapat diajukan."), field="service")
    applicant = applicant or actor
    if channel == Channel.COUNTER:
        if Role.FRONT_DESK not in roles_in(actor, service.agency_id):
            raise PermissionDenied(
                _("Hanya petugas loket instansi ini yang dapat mengajukan di loket.")
            )
        if not service.channel_counter:
            raise ServiceError(_("Layanan ini tidak melayani permohonan di loket."))
    else:
        if applicant.pk != actor.pk:
            raise PermissionDenied(_("Anda hanya dapat mengajukan permohonan untuk akun Anda."))
        if not service.channel_online:
            raise ServiceError(_("Layanan ini hanya dapat diajukan di loket."))
    if getattr(applicant, "kind", "") != "citizen" or not applicant.is_active:
        raise ServiceError(_("Pemohon harus akun warga yang aktif."), field="applicant")
    if channel == Channel.COUNTER:
        privacy.consent_check(
            user=applicant,
            purpose=ASSISTED_PURPOSE,
            activity=_("membuka permohonan di loket atas nama warga ini"),
        )
    else:
        privacy.consent_check(
            user=applicant,
            purpose=accounts_services.ACCOUNT_PURPOSE,
            activity=_("mengajukan permohonan daring baru"),
        )
    privacy.processing_check(
        actor=actor,
        subject=applicant,
        activity=_("membuka permohonan baru"),
        action="applications.application.start",
    )
    application = Application(
        service=service,
        agency_id=service.agency_id,
        applicant=applicant,
        channel=channel,
        submitted_by=actor if channel == Channel.COUNTER else None,
    )
    if type(service).agency.is_cached(service):
        application.agency = service.agency  # read with the service: pages read it again
    application.answers = prefill_for(application)
    application.save()
    _event(
        application,
        kind=Event.Kind.CREATED,
        actor=actor,
        label=_actor_label(actor, application),
        is_public=True,
    )
    ledger.record(
        actor,
        "applications.application.start",
        application,
        {"service": service.pk, "applicant": applicant.pk, "channel": channel},
    )
    return application


def _form_rows(service: Service) -> list[Any]:
    return [row for group in formdef.form_groups(service) for row in group.fields]


def _form_keys(service: Service) -> set[str]:
    return {row.key for row in _form_rows(service)}


def _clean_answers(service: Service, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Known keys only, JSON-safe values of bounded size; what was typed is otherwise kept."""
    if not isinstance(answers, Mapping):
        raise ServiceError(_("Format jawaban tidak valid."), field="answers")
    keys = _form_keys(service)
    cleaned: dict[str, Any] = {}
    for key, value in answers.items():
        if not isinstance(key, str) or key not in keys:
            continue
        cleaned[key] = _clean_value(value)
    return cleaned


def _clean_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, list | tuple):
        return [_clean_value(v) for v in list(value)[:50]]
    if isinstance(value, Mapping):
        return {str(k)[:60]: _clean_value(v) for k, v in list(value.items())[:20]}
    text = unicodedata.normalize("NFC", str(value)).replace("\x00", "")
    return text[: MAX_ANSWER_CHARS + 1]


def _validate(
    service: Service, answers: dict[str, Any], *, groups: list[str] | None
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    cleaned, errors = formdef.validate_answers(service, answers, groups=groups)
    return dict(cleaned), {str(k): [str(m) for m in v] for k, v in dict(errors).items()}


@transaction.atomic
def application_save_answers(
    *,
    actor: Any,
    application: Application,
    answers: dict[str, Any],
    step: int | None = None,
    group: str | None = None,
) -> dict[str, list[str]]:
    """Autosave: merge `answers` into the draft and return the errors of `group` (or {}).

    Invalid answers are kept too, so nothing a person typed is lost; they are checked again on
    submission. Only while the application is a draft or needs correction.
    """
    _require_signed_in(actor)
    locked = _lock(application)
    _require_editable(actor, locked)
    # After a correction request the form is still the one the application was submitted under.
    service = snapshot.service_for(_with_kept_service(locked))
    incoming = _clean_answers(service, answers)
    flags = correction_flags(locked)
    if flags is not None:
        # Only what the officer flagged goes back to the applicant; the rest stays as checked.
        incoming = {key: value for key, value in incoming.items() if key in flags[0]}
    merged = {**locked.answers, **incoming}
    sealed = json.dumps(merged, ensure_ascii=False, sort_keys=True, default=str)
    if len(sealed.encode()) > MAX_ANSWERS_BYTES:
        raise ServiceError(_("Jawaban terlalu panjang."), field="answers")
    locked.answers = merged
    fields = ["answers_sealed", "updated_at"]
    if step is not None:
        locked.current_step = max(0, min(int(step), 1000))
        fields.append("current_step")
    locked.save(update_fields=fields)
    application.answers_sealed = locked.answers_sealed
    application.current_step = locked.current_step
    ledger.record(
        actor,
        "applications.answers.save",
        locked,
        {"fields": len(merged), "digest": ledger.keyed_digest(merged), "step": locked.current_step},
    )
    if group is None:
        return {}
    _cleaned, errors = _validate(service, merged, groups=[group])
    return errors


# --- documents ------------------------------------------------------------------------------


def application_attach_document(
    *,
    actor: Any,
    application: Application,
    upload: UploadedFile,
    required_document_id: int | None = None,
    field_key: str = "",
) -> Document:
    """Check an uploaded file and attach it; one for a required document replaces the old one.

    The file is checked before anything is written (documents.prepare); a rejected file raises
    ServiceError with the reason and leaves nothing behind.
    """
    _require_signed_in(actor)
    _require_editable(actor, application)
    service = snapshot.service_for(application)
    asked = {spec.pk for spec in snapshot.documents_for(application)}
    # A draft's documents are the catalog's own rows; a submitted application's, its snapshot's,
    # which the catalog may have deleted since.
    frozen = bool((application.snapshot or {}).get("service"))
    if required_document_id is not None and (
        required_document_id not in asked
        or (frozen and not RequiredDocument.objects.filter(pk=required_document_id).exists())
    ):
        raise ServiceError(_("Dokumen persyaratan tidak dikenal."), field="required_document_id")
    file_keys = {row.key for row in _form_rows(service) if row.field_type == "file"}
    if field_key and field_key not in file_keys:
        raise ServiceError(_("Kolom berkas tidak dikenal."), field="field_key")
    _require_flagged_document(application, required_document_id, field_key)
    prepared = documents.prepare(upload)
    storage_name = documents.store(prepared)
    try:
        try:
            with transaction.atomic():
                locked = _lock(application)
                _require_editable(actor, locked)
                replaced: list[Document] = []
                if required_document_id is not None or field_key:
                    replaced = list(
                        Document.objects.filter(
                            application=locked,
                            required_document_id=required_document_id,
                            field_key=field_key,
                        )
                    )
                document = Document.objects.create(
                    application=locked,
                    required_document_id=required_document_id,
                    field_key=field_key,
                    original_name=prepared.original_name,
                    content_type=prepared.content_type,
                    size=len(prepared.data),
                    sha256=prepared.sha256,
                    storage_name=storage_name,
                    scan=Document.Scan.CLEAN if prepared.scanned else Document.Scan.NOT_SCANNED,
                    uploaded_by=actor,
                )
                for old in replaced:
                    _drop_document(old)
                _event(
                    locked,
                    kind=Event.Kind.DOCUMENT,
                    actor=actor,
                    label=_actor_label(actor, locked),
                    is_public=True,
                )
                ledger.record(
                    actor,
                    "applications.document.attach",
                    document,
                    {
                        "application": locked.pk,
                        "required_document": required_document_id,
                        "sha256": prepared.sha256,
                        "size": len(prepared.data),
                        "content_type": prepared.content_type,
                        "replaced": [d.pk for d in replaced],
                    },
                )
        except IntegrityError:
            # The catalog (kept per process for seconds) still listed a required document that
            # another process has deleted since: the new row's reference fails at commit.
            gone = required_document_id is not None and not (
                RequiredDocument.objects.filter(pk=required_document_id).exists()
            )
            if gone:
                raise ServiceError(
                    _("Dokumen persyaratan tidak dikenal."), field="required_document_id"
                ) from None
            raise
    except BaseException:
        documents.delete_file(storage_name)
        raise
    return document


def _require_flagged_document(
    application: Application, required_document_id: int | None, field_key: str
) -> None:
    """While correcting, only the documents (and file questions) the officer flagged change."""
    flags = correction_flags(application)
    if flags is None:
        return
    fields, documents_flagged = flags
    if (required_document_id is not None and required_document_id in documents_flagged) or (
        field_key and field_key in fields
    ):
        return
    raise ServiceError(
        _("Hanya dokumen yang diminta untuk diperbaiki yang dapat diganti."), field="file"
    )


def _drop_document(document: Document) -> None:
    name = document.storage_name
    document.delete()
    transaction.on_commit(lambda: documents.delete_file(name))


@transaction.atomic
def application_remove_document(*, actor: Any, document: Document) -> None:
    """Remove a document from a draft (or an application that needs correction)."""
    _require_signed_in(actor)
    application = _lock(document.application)
    _require_editable(actor, application)
    if Message.objects.filter(attachment=document).exists():
        raise Conflict(_("Lampiran pesan tidak dapat dihapus."))
    _require_flagged_document(application, document.required_document_id, document.field_key)
    ledger.record(
        actor,
        "applications.document.remove",
        document,
        {"application": application.pk, "sha256": document.sha256},
    )
    _drop_document(document)


REVIEW_DECISIONS = (Document.Review.VERIFIED, Document.Review.REJECTED)
MAX_REVIEW_REASON_CHARS = 500
# While a case is with the agency (not a draft, not waiting on the applicant, not closed).
REVIEWABLE = (Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED)


@transaction.atomic
def document_review(*, actor: Any, document: Document, decision: str, reason: str = "") -> Document:
    """Record an officer's check of one document: verified, or rejected with a reason.

    Only a verifier, reviewer or approver of the case's agency, while the case is with the
    agency. A rejected document is what "ask for a correction" flags by default
    (`rejected_flags`); its replacement is a new, unchecked document. Checking again overwrites
    the decision; every decision is on the internal timeline and in the ledger.
    """
    _require_signed_in(actor)
    application = _lock(document.application)
    held = roles_in(actor, application.agency_id)
    if not held:
        raise NotFound(_("Dokumen tidak ditemukan."))
    if not held & ANSWER_CORRECTION_ROLES:
        raise PermissionDenied(_("Hanya petugas yang menangani permohonan yang memeriksa dokumen."))
    current = Document.objects.select_for_update().filter(pk=document.pk).first()
    if current is None:
        raise Conflict(_("Dokumen ini sudah diganti pemohon. Muat ulang halaman."))
    if current.required_document_id is None and not current.field_key:
        raise ServiceError(_("Lampiran pesan tidak diperiksa sebagai persyaratan."))
    if application.status not in REVIEWABLE:
        raise Conflict(
            _("Dokumen hanya diperiksa selama permohonan ditangani instansi (status kini: %(s)s).")
            % {"s": application.get_status_display()}
        )
    if decision not in REVIEW_DECISIONS:
        raise ServiceError(_("Pilih hasil pemeriksaan: sesuai atau ditolak."), field="decision")
    reason = _clean_text(reason, limit=MAX_REVIEW_REASON_CHARS)
    if len(reason) > MAX_REVIEW_REASON_CHARS:
        raise ServiceError(
            _("Alasan paling banyak %(n)d karakter.") % {"n": MAX_REVIEW_REASON_CHARS},
            field="reason",
        )
    if decision == Document.Review.REJECTED and not reason:
        raise ServiceError(
            _("Tuliskan alasan penolakan dokumen; pemohon akan membacanya."), field="reason"
        )
    privacy.processing_check(
        actor=actor,
        subject=application.applicant,
        activity=_("memeriksa dokumen permohonan"),
        action="applications.document.review",
    )
    current.review = decision
    current.review_reason = reason if decision == Document.Review.REJECTED else ""
    current.reviewed_by = actor
    current.reviewed_at = _now()
    current.save(update_fields=["review", "review_reason", "reviewed_by", "reviewed_at"])
    label = document_label(application, current)
    _event(
        application,
        kind=Event.Kind.REVIEW,
        actor=actor,
        label=_actor_label(actor, application),
        note=(
            _("%(doc)s: ditolak — %(reason)s") % {"doc": label, "reason": reason}
            if decision == Document.Review.REJECTED
            else _("%(doc)s: sesuai") % {"doc": label}
        ),
        is_public=False,
    )
    ledger.record(
        actor,
        "applications.document.review",
        current,
        {
            "application": application.pk,
            "decision": decision,
            "sha256": current.sha256,
            "reason_digest": ledger.keyed_digest(reason),
        },
    )
    document.review, document.review_reason = current.review, current.review_reason
    document.reviewed_by, document.reviewed_at = current.reviewed_by, current.reviewed_at
    return current


def document_label(application: Application, document: Document) -> str:
    """What a document is, by the names the case was submitted under."""
    if document.required_document_id is not None:
        spec = snapshot.document_names(application).get(document.required_document_id)
        if spec is not None:
            return str(spec.localized_name)
    if document.field_key:
        labels = _field_labels(snapshot.service_for(application), [document.field_key])
        if labels:
            return labels[0]
    return _("Lampiran")


def rejected_flags(application: Application) -> tuple[list[str], list[int]]:
    """The rejected documents as correction flags: (file question keys, required-document ids)."""
    rejected = application.documents.filter(review=Document.Review.REJECTED)
    fields = sorted({d.field_key for d in rejected if d.field_key})
    docs = sorted({d.required_document_id for d in rejected if d.required_document_id})
    return fields, docs


# --- submission -----------------------------------------------------------------------------


def _missing_documents(
    application: Application,
    service: Service,
    answers: Mapping[str, Any],
    documents: list[tuple[int | None, str, str]] | None = None,
) -> list[str]:
    """Names of the required documents and file questions that apply to `answers` and have no
    file attached. `documents`: the application's (required document id, field key, sha256)
    rows when the caller read them already (`_attached`)."""
    rows = _attached(application) if documents is None else documents
    attached = {required for required, _key, _sha in rows if required is not None}
    files = {key for _required, key, _sha in rows if key}
    known = dict(answers)
    missing = [
        spec.localized_name
        for spec in snapshot.documents_for(application)
        if spec.is_required and spec.applies(known) and spec.pk not in attached
    ]
    missing += [
        localized(row, "label")
        for row in _form_rows(service)
        if row.field_type == "file"
        and row.required
        and formdef.condition_holds(row.condition_key, row.condition_value, known)
        and row.key not in files
    ]
    return missing


def _attached(application: Application) -> list[tuple[int | None, str, str]]:
    """The application's documents as (required document id, field key, sha256): one query."""
    return list(
        application.documents.order_by("uploaded_at", "id").values_list(
            "required_document_id", "field_key", "sha256"
        )
    )


def _field_labels(service: Service, keys: list[str]) -> list[str]:
    """The questions' labels for answer keys, in form order (a key the form lacks as itself)."""
    rows = _form_rows(service)
    labels = [localized(row, "label") for row in rows if row.key in keys]
    known = {row.key for row in rows}
    return labels + [key for key in keys if key not in known]


def _existing_for_key(applicant_id: int, key: str) -> Application | None:
    return (
        Application.objects.filter(applicant_id=applicant_id, idempotency_key=key)
        .exclude(status__in=EDITABLE)
        .first()
    )


def _replay(application: Application) -> SubmitResult:
    return SubmitResult(
        application=application,
        status_secret=(application.status_secret or "").upper(),
        created=False,
    )


def application_submit(
    *, actor: Any, application: Application, idempotency_key: str, declaration: bool
) -> SubmitResult:
    """Submit a draft (or resubmit a corrected application) exactly once per idempotency key.

    A repeated call with a key this applicant already used returns the earlier application
    with `created=False`, even when the calls race: the row lock on the draft serialises them,
    and the unique (applicant, idempotency_key) constraint catches a race across two drafts.
    A first submission gets a tracking code, a status secret and a deadline of the service's SLA
    in working days; a resubmission after correction keeps all three.
    """
    _require_signed_in(actor)
    key = str(idempotency_key or "").strip()
    if not _IDEMPOTENCY_KEY.match(key):
        raise ServiceError(
            _("Kunci idempotensi wajib diisi (1–64 huruf, angka, titik, titik dua, atau strip)."),
            field="idempotency_key",
        )
    if not _may_edit(actor, application):
        raise NotFound(_("Permohonan tidak ditemukan."))
    earlier = _existing_for_key(application.applicant_id, key)
    if earlier is not None:
        return _replay(earlier)
    for _attempt in range(3):
        try:
            return _submit_once(actor, application, key, declaration)
        except IntegrityError:
            earlier = _existing_for_key(application.applicant_id, key)
            if earlier is not None:
                return _replay(earlier)
            # Otherwise a tracking code collided: draw another.
    raise Conflict(_("Permohonan tidak dapat diajukan saat ini. Silakan coba lagi."))


@transaction.atomic
def _submit_once(actor: Any, application: Application, key: str, declaration: bool) -> SubmitResult:
    locked = _lock(application)
    if locked.idempotency_key == key and locked.status not in EDITABLE:
        return _replay(locked)
    _require_editable(actor, locked)
    if not declaration:
        raise ServiceError(
            _("Centang pernyataan bahwa data yang Anda isi benar untuk mengajukan."),
            field="declaration",
        )
    # A first submission is checked against the catalog as it is now, a resubmission after a
    # correction request against what the application was first submitted under.
    service = snapshot.service_for(_with_kept_service(locked))
    cleaned, errors = _validate(service, locked.answers, groups=None)
    if errors:
        raise ServiceError(
            _("Masih ada %(count)d isian yang perlu diperbaiki: %(fields)s.")
            % {"count": len(errors), "fields": ", ".join(_field_labels(service, list(errors)))},
            field="answers",
        )
    documents = _attached(locked)
    missing = _missing_documents(locked, service, cleaned, documents)
    if missing:
        raise ServiceError(
            _("Dokumen wajib belum diunggah: %(docs)s.") % {"docs": "; ".join(missing)},
            field="documents",
        )
    now = _now()
    first = locked.tracking_code is None
    status_from = locked.status
    step_from = locked.workflow_step
    if not locked.snapshot:
        locked.snapshot = snapshot.take(service)
    if locked.agency_id == service.agency_id:
        locked.agency = service.agency  # one read of the agency for both deadlines, not two
    if first:
        code = tracking.new_tracking_code()
        secret = tracking.new_status_secret()
        locked.tracking_code = code
        locked.status_secret = secret
        locked.status_secret_hash = secret_hash(code, secret)
        locked.submitted_at = now
        locked.due_at = add_working_days(now, service.sla_working_days, agency=service.agency)
    if locked.workflow_version_id is None:
        # The case keeps this version to the end, whatever is published later.
        locked.workflow_version = catalog_services.workflow_ensure(service=locked.service)
        definition = locked.workflow_version.definition
        start = definition.step(definition.start)
        if start is None:
            raise Conflict(_("Alur layanan ini rusak; hubungi admin instansi."))
        _enter_step(locked, start, now)
    elif status_from == Status.NEEDS_CORRECTION:
        # A corrected application goes straight back to the step that asked for it, with the
        # working days its clocks had left.
        _resume(locked, now)
    status_to = locked.status
    secret = (locked.status_secret or "").upper()
    locked.answers = cleaned
    locked.idempotency_key = key
    locked.declaration_accepted_at = now
    if locked.channel == Channel.COUNTER and actor.pk != locked.applicant_id:
        locked.submitted_by = actor
    locked.save()
    if actor.pk == locked.applicant_id:
        locked.applicant = actor  # the signed-in applicant: no second read of their row
    if first:
        name_index.index_application(locked, first_submission=True)
    if first or locked.workflow_step != step_from:
        assignment.follow_step(actor=actor, application=locked, step=current_step(locked))
    if first:
        counter = locked.channel == Channel.COUNTER
        # At the counter the notice is the Indonesian text read to the citizen, whatever the
        # officer's interface language; online it is the text the review page showed.
        with translation.override("id" if counter else translation.get_language() or "id"):
            notice = str(APPLICATION_NOTICE)
            label = _("Pemrosesan data untuk permohonan layanan publik")
        privacy.consent_grant(
            actor=actor,
            user=locked.applicant,
            purpose=APPLICATION_PURPOSE,
            purpose_label=label,
            legal_basis=APPLICATION_LEGAL_BASIS,
            notice_text=notice,
            notice_version=APPLICATION_NOTICE_VERSION,
            channel="counter" if counter else "online",
        )
    submitted_event = _event(
        locked,
        kind=Event.Kind.SUBMITTED,
        actor=actor,
        label=_actor_label(actor, locked),
        status_from=status_from,
        status_to=status_to,
        step_from=step_from,
        step_to=locked.workflow_step,
    )
    ledger.record(
        actor,
        "applications.application.submit",
        locked,
        {
            "tracking_code": locked.tracking_code,
            "service": service.pk,
            "channel": locked.channel,
            "resubmission": not first,
            "status": status_to,
            "answers_digest": ledger.keyed_digest(cleaned),
            "documents": sorted(sha for _required, _key, sha in documents),
            "due_at": locked.due_at.isoformat() if locked.due_at else None,
            "version": locked.workflow_version_id,
            "step": locked.workflow_step,
        },
    )
    applicant = locked.applicant
    if first:
        _notify(
            user=applicant,
            channel=channel_for(applicant),
            template="application_received",
            context={
                "reference": locked.tracking_code,
                "service": service.name,
                "deadline": locked.due_at.isoformat() if locked.due_at else "",
                "url": status_url(locked.tracking_code or ""),
            },
            dedupe_key=f"application-received-{locked.pk}",
        )
    elif status_from == Status.NEEDS_CORRECTION:
        _notify_resubmitted(locked, submitted_event)
    # The caller's instance as saved (what refresh_from_db would read back, without the query).
    for field in Application._meta.concrete_fields:
        setattr(application, field.attname, getattr(locked, field.attname))
    return SubmitResult(application=locked, status_secret=secret, created=True)


def _notify_resubmitted(application: Application, event: Event) -> None:
    """Tell the officers who asked for the correction that it is back (in-app)."""
    officer_ids = set(
        Event.objects.filter(
            application=application,
            status_to=Status.NEEDS_CORRECTION,
            actor__kind="officer",
        ).values_list("actor_id", flat=True)
    )
    for officer in get_user_model()._default_manager.filter(pk__in=officer_ids, is_active=True):
        _notify(
            user=officer,
            channel="inapp",
            template="application_resubmitted",
            context={"reference": application.tracking_code or ""},
            dedupe_key=f"application-resubmitted-{event.pk}-{officer.pk}",
        )


# --- workflow -------------------------------------------------------------------------------
#
# The engine. A case runs on the workflow version it was first submitted under
# (Application.workflow_version, catalog.workflow describes it); `application_act` is the one
# function that moves it: it locks the row, checks the step and the actor's role, asks for what
# the action requires (a reason, a checklist, the flagged fields), enters the target step
# (deadline in working days, the clocks paused while the case waits on the applicant), writes
# one event and one ledger entry, tells the applicant, and on a terminal step runs the
# completion hooks (applications.hooks.run_terminal) — the one completion point.

# Moves that end or send back a case need words the applicant will read.
REASON_REQUIRED: dict[str, Any] = {
    Status.NEEDS_CORRECTION: gettext_lazy("Tuliskan apa yang perlu diperbaiki pemohon."),
    Status.REJECTED: gettext_lazy("Tuliskan alasan penolakan; pemohon akan membacanya."),
}
REASON_REQUIRED_OTHER = gettext_lazy("Tindakan ini wajib disertai alasan.")
DECIDED = (Status.APPROVED, Status.REJECTED)


def definition_for(application: Application) -> workflow.Definition | None:
    """The workflow the case runs on (None for a draft, which has none yet)."""
    version = application.workflow_version if application.workflow_version_id else None
    return version.definition if version is not None else None


def current_step(application: Application) -> workflow.Step | None:
    definition = definition_for(application)
    return definition.step(application.workflow_step) if definition else None


def actions_available(application: Application, roles: set[str]) -> list[workflow.Action]:
    """The actions of the case's current step that someone holding `roles` may take."""
    definition = definition_for(application)
    if definition is None:
        return []
    return [a for a in definition.actions_from(application.workflow_step) if set(a.roles) & roles]


def _actions_to(application: Application, to_status: str) -> list[workflow.Action]:
    definition = definition_for(application)
    if definition is None:
        return []
    found = []
    for a in definition.actions_from(application.workflow_step):
        target = definition.step(a.target)
        if target is not None and target.status == to_status:
            found.append(a)
    return found


def status_button_applies(application: Application, to_status: str) -> bool:
    """Whether a plain "move to this status" button can take the case there: some action to it
    from the current step asks for no checklist."""
    return any(not a.checklist for a in _actions_to(application, to_status))


def allowed_roles(application: Application, to_status: str) -> frozenset[str]:
    """Roles that may move `application` from where it is to public status `to_status`."""
    return frozenset(r for a in _actions_to(application, to_status) for r in a.roles)


def _calendar(application: Application) -> Any:
    from satupintu.core.calendar import WorkingCalendar

    return WorkingCalendar(agency=application.agency)


def _stale(application: Application, seen_step: str) -> Conflict:
    """The message for an action on a step the case has already left."""
    moved = (
        Event.objects.filter(application=application, step_from=seen_step)
        .exclude(step_to="")
        .order_by("-at", "-id")
        .first()
    )
    if moved is None:
        return Conflict(_("Tindakan ini tidak dapat dilakukan pada langkah permohonan saat ini."))
    local = timezone.localtime(moved.at)
    when = (
        local.strftime("%H:%M")
        if local.date() == timezone.localdate()
        else local.strftime("%d-%m-%Y %H:%M")
    )
    return Conflict(
        _("Permohonan ini sudah ditangani oleh %(role)s pukul %(time)s. Muat ulang halaman.")
        % {"role": _(moved.actor_label) if moved.actor_label else _("petugas"), "time": when}
    )


def _enter_step(application: Application, step: workflow.Step, now: dt.datetime) -> list[str]:
    """Put the case on `step` and start its clock; returns the fields changed."""
    application.workflow_step = step.key
    application.status = step.status
    application.step_started_at = now
    fields = ["workflow_step", "status", "step_started_at", "step_due_at", "updated_at"]
    if step.waits_on_citizen:
        # Pause: keep how many working days each clock had left, to give them back on return.
        calendar = _calendar(application)
        paused = {
            "step_days_left": (
                max(0, calendar.working_days_between(now, application.step_due_at))
                if application.step_due_at
                else None
            ),
            "due_days_left": (
                max(0, calendar.working_days_between(now, application.due_at))
                if application.due_at
                else None
            ),
        }
        application.correction = {**(application.correction or {}), "paused": paused}
        application.paused_at = now
        application.step_due_at = None
        fields += ["paused_at", "correction"]
    elif step.is_terminal:
        application.step_due_at = None
    else:
        application.step_due_at = add_working_days(now, step.sla_days, agency=application.agency)
    if step.status in DECIDED and application.decided_at is None:
        application.decided_at = now
        fields.append("decided_at")
    if step.outcome == "completed":
        application.completed_at = now
        fields.append("completed_at")
    return fields


def _resume(application: Application, now: dt.datetime) -> list[str]:
    """Back from the applicant: the asking step's clock and the case's deadline run again with
    the working days they had left when the case was paused."""
    definition = definition_for(application)
    back = definition.step(application.return_step) if definition else None
    if back is None or back.is_terminal or back.waits_on_citizen:
        back = definition.step(definition.start) if definition else None
    if back is None:
        application.status = Status.IN_REVIEW
        return ["status"]
    paused = (application.correction or {}).get("paused") or {}
    fields = _enter_step(application, back, now)
    if paused.get("step_days_left") is not None:
        application.step_due_at = add_working_days(
            now, int(paused["step_days_left"]), agency=application.agency
        )
    if paused.get("due_days_left") is not None and application.due_at is not None:
        application.due_at = add_working_days(
            now, int(paused["due_days_left"]), agency=application.agency
        )
        fields.append("due_at")
    application.paused_at = None
    application.return_step = ""
    application.correction = {}
    return [*fields, "paused_at", "return_step", "correction"]


def _clean_flags(
    application: Application, fields: Any, document_ids: Any
) -> tuple[list[str], list[int]]:
    service = snapshot.service_for(application)
    keys = _form_keys(service)
    asked = {spec.pk for spec in snapshot.documents_for(application)}
    flagged_fields = sorted({str(k) for k in (fields or ()) if str(k) in keys})
    if len(flagged_fields) != len({str(k) for k in (fields or ())}):
        raise ServiceError(
            _("Ada isian yang ditandai tetapi tidak ada di formulir."), field="fields"
        )
    flagged_docs: list[int] = []
    for value in document_ids or ():
        try:
            pk = int(value)
        except (TypeError, ValueError):
            pk = -1
        if pk not in asked:
            raise ServiceError(_("Dokumen yang ditandai tidak dikenal."), field="documents")
        flagged_docs.append(pk)
    return flagged_fields, sorted(set(flagged_docs))


def correction_flags(application: Application) -> tuple[set[str], set[int]] | None:
    """What the applicant may change while correcting: (field keys, document ids), or None when
    the officer flagged nothing in particular (everything may change)."""
    data = application.correction or {}
    if application.status != Status.NEEDS_CORRECTION or not data.get("flagged"):
        return None
    return set(data.get("fields") or []), {int(x) for x in data.get("documents") or []}


def _lock_as_officer(actor: Any, application: Application) -> tuple[Application, set[str]]:
    """The case locked for an officer's change, with the roles `actor` holds in its agency
    (a case of another agency is not found)."""
    _require_signed_in(actor)
    locked = _lock(application)
    held = roles_in(actor, locked.agency_id)
    if not held:
        raise NotFound(_("Permohonan tidak ditemukan."))
    return locked, held


def _act(
    *,
    actor: Any,
    application: Application,
    locked: Application,
    action: workflow.Action,
    held: set[str],
    note: str,
    checklist: Any = (),
    fields: Any = (),
    documents: Any = (),
    legal_basis: str = "",
    flag_rejected: bool = False,
) -> Application:
    """Take `action` on the locked case as `actor` (one of whose roles in `held` it needs), then
    bring the caller's `application` up to date."""
    acting = _acting_role(actor, action, held)
    definition = definition_for(locked)
    assert definition is not None
    assignment.require_holder(actor, locked)
    target = definition.step(action.target)
    if target is None:
        raise Conflict(_("Alur permohonan ini rusak; hubungi admin instansi."))
    note = _clean_text(note, limit=MAX_NOTE_CHARS)
    if len(note) > MAX_NOTE_CHARS:
        raise ServiceError(
            _("Catatan paling banyak %(n)d karakter.") % {"n": MAX_NOTE_CHARS}, field="note"
        )
    if action.reason_required and not note:
        raise ServiceError(
            str(REASON_REQUIRED.get(target.status, REASON_REQUIRED_OTHER)), field="note"
        )
    ticked = {str(item) for item in (checklist or ())}
    missing = [item for item in action.checklist if item not in ticked]
    if missing:
        raise ServiceError(
            _("Centang semua pemeriksaan sebelum melanjutkan: %(items)s.")
            % {"items": "; ".join(missing)},
            field="checklist",
        )
    # While the applicant has restricted processing the move is refused, unless the officer
    # records it as a state-administration duty with its legal basis.
    privacy.processing_check(
        actor=actor,
        subject=locked.applicant,
        activity=_("mengubah status permohonan"),
        action="applications.application.transition",
        legal_basis=legal_basis,
        obj=locked,
    )
    now = _now()
    step_from, status_from = locked.workflow_step, locked.status
    if action.returns_for_correction:
        if flag_rejected:
            more_fields, more_docs = rejected_flags(locked)
            fields, documents = [*(fields or ()), *more_fields], [*(documents or ()), *more_docs]
        flagged_fields, flagged_docs = _clean_flags(locked, fields, documents)
        locked.return_step = step_from
        locked.correction = {
            "flagged": bool(flagged_fields or flagged_docs),
            "fields": flagged_fields,
            "documents": flagged_docs,
        }
    changed = _enter_step(locked, target, now)
    if action.returns_for_correction:
        changed += ["return_step", "correction"]
    locked.save(update_fields=list(dict.fromkeys(changed)))
    event = _event(
        locked,
        kind=Event.Kind.STATUS,
        actor=actor,
        label=role_label(acting),
        status_from=status_from,
        status_to=target.status,
        step_from=step_from,
        step_to=target.key,
        note=note,
    )
    ledger.record(
        actor,
        "applications.application.transition",
        locked,
        {
            "from": status_from,
            "to": target.status,
            "step_from": step_from,
            "step_to": target.key,
            "action": action.key,
            "version": locked.workflow_version_id,
            "role": acting,
            "note_digest": ledger.keyed_digest(note),
            "step_due_at": locked.step_due_at.isoformat() if locked.step_due_at else None,
        },
    )
    assignment.follow_step(actor=actor, application=locked, step=target)
    if target.status != status_from or note:
        _notify_status(locked, event, note=note, to_status=target.status)
    if target.is_terminal:
        _reached_terminal(locked, actor, target.outcome)
    _sync(application, locked)
    return locked


def _reached_terminal(application: Application, actor: Any, outcome: str) -> None:
    """THE completion point: every case that ends passes here once (see applications.hooks;
    outputs.issue_for registers itself there)."""
    from satupintu.applications import hooks

    hooks.run_terminal(application=application, actor=actor, outcome=outcome)


def _notify_status(application: Application, event: Event, *, note: str, to_status: str) -> None:
    applicant = application.applicant
    with translation.override(getattr(applicant, "language", None) or "id"):
        label = str(Status(to_status).label)
    context: dict[str, Any] = {
        "reference": application.tracking_code,
        "status": label,
        "url": status_url(application.tracking_code or ""),
    }
    channel = channel_for(applicant)
    if to_status in REASON_REQUIRED:
        # What to fix (or why it was refused) and where to act: the applicant's own page,
        # which has the whole note; a text message carries the start of it.
        short = channel in ("sms", "whatsapp") and len(note) > SMS_NOTE_CHARS
        context.update(
            note=note[: SMS_NOTE_CHARS - 1].rstrip() + "…" if short else note,
            correction=to_status == Status.NEEDS_CORRECTION,
            url=application_url(application),
        )
    _notify(
        user=applicant,
        channel=channel,
        template="application_status",
        context=context,
        dedupe_key=f"application-status-{application.pk}-{event.pk}",
    )


def _acting_role(actor: Any, action: workflow.Action, held: set[str]) -> str:
    acting = next((r for r in MESSAGE_ROLES if r in action.roles and r in held), None)
    if acting is None:
        raise PermissionDenied(_("Peran Anda tidak berwenang untuk langkah ini."))
    return acting


def _sync(application: Application, locked: Application) -> None:
    for name in (
        "status",
        "workflow_step",
        "step_started_at",
        "step_due_at",
        "due_at",
        "paused_at",
        "return_step",
        "correction",
        "decided_at",
        "completed_at",
        "assignee_id",
        "assigned_at",
    ):
        setattr(application, name, getattr(locked, name))


@transaction.atomic
def application_act(
    *,
    actor: Any,
    application: Application,
    action: str,
    note: str = "",
    seen_step: str | None = None,
    checklist: Any = (),
    fields: Any = (),
    documents: Any = (),
    legal_basis: str = "",
    flag_rejected: bool = False,
) -> Application:
    """Take workflow action `action` on a case, as an officer holding one of its roles.

    `seen_step` is the step the officer's page showed; when the case has left it (another
    officer acted first) the action is refused with who handled it and when. An action that
    returns the case for correction takes the flagged form `fields` (keys) and `documents`
    (required-document ids); only those may then change. With `flag_rejected` the documents
    an officer rejected (`document_review`) are flagged too.
    """
    locked, held = _lock_as_officer(actor, application)
    definition = definition_for(locked)
    if definition is None:
        raise Conflict(_("Permohonan yang belum diajukan tidak dapat diproses."))
    if seen_step is not None and seen_step != locked.workflow_step:
        raise _stale(locked, seen_step)
    chosen = definition.action(str(action or ""))
    if chosen is None:
        raise ServiceError(_("Tindakan tidak dikenal."), field="action")
    if chosen.source != locked.workflow_step:
        raise _stale(locked, chosen.source)
    return _act(
        actor=actor,
        application=application,
        locked=locked,
        action=chosen,
        held=held,
        note=note,
        checklist=checklist,
        fields=fields,
        documents=documents,
        legal_basis=legal_basis,
        flag_rejected=flag_rejected,
    )


@transaction.atomic
def application_transition(
    *,
    actor: Any,
    application: Application,
    to_status: str,
    note: str = "",
    seen_step: str | None = None,
    legal_basis: str = "",
) -> Application:
    """Move a case to public status `to_status` by the action of its current step that leads
    there (the status buttons of the case page; `application_act` names the action itself).
    `seen_step` is as for `application_act`. While the applicant has restricted processing the
    move is refused unless `legal_basis` records it as a state-administration duty
    (privacy.services.processing_check)."""
    locked, held = _lock_as_officer(actor, application)
    if to_status not in Status.values:
        raise ServiceError(_("Status tujuan tidak dikenal."), field="to_status")
    if seen_step and seen_step != locked.workflow_step:
        raise _stale(locked, seen_step)
    candidates = _actions_to(locked, to_status)
    if not candidates:
        last = (
            Event.objects.filter(application=locked, kind=Event.Kind.STATUS)
            .order_by("-at", "-id")
            .first()
        )
        if last is not None and last.status_to == to_status and locked.status == to_status:
            raise _stale(locked, last.step_from)
        raise Conflict(
            _("Permohonan berstatus “%(status)s” tidak dapat diubah menjadi “%(to)s”.")
            % {"status": locked.get_status_display(), "to": Status(to_status).label}
        )
    chosen = next((a for a in candidates if set(a.roles) & held), candidates[0])
    return _act(
        actor=actor,
        application=application,
        locked=locked,
        action=chosen,
        held=held,
        note=note,
        legal_basis=legal_basis,
    )


# Statuses from which the applicant may still withdraw: before any decision.
WITHDRAWABLE = (Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_CORRECTION)


@transaction.atomic
def application_withdraw(*, actor: Any, application: Application, reason: str = "") -> Application:
    """The applicant withdraws a submitted case before it is decided (a counter case also by
    the agency's front desk, on the applicant's request)."""
    _require_signed_in(actor)
    locked = _lock(application)
    if not _may_edit(actor, locked):
        raise NotFound(_("Permohonan tidak ditemukan."))
    if locked.status not in WITHDRAWABLE:
        raise Conflict(
            _("Permohonan berstatus “%(status)s” tidak dapat dibatalkan lagi.")
            % {"status": locked.get_status_display()}
        )
    definition = definition_for(locked)
    target = definition.outcome_step("withdrawn") if definition else None
    if target is None:
        raise Conflict(_("Alur permohonan ini tidak mengenal pembatalan; hubungi instansi."))
    note = _clean_text(reason, limit=MAX_NOTE_CHARS)
    if len(note) > MAX_NOTE_CHARS:
        raise ServiceError(
            _("Catatan paling banyak %(n)d karakter.") % {"n": MAX_NOTE_CHARS}, field="reason"
        )
    now = _now()
    step_from, status_from = locked.workflow_step, locked.status
    changed = _enter_step(locked, target, now)
    locked.paused_at = None
    locked.save(update_fields=list(dict.fromkeys([*changed, "paused_at"])))
    label = _actor_label(actor, locked)
    event = _event(
        locked,
        kind=Event.Kind.STATUS,
        actor=actor,
        label=label,
        status_from=status_from,
        status_to=target.status,
        step_from=step_from,
        step_to=target.key,
        note=note,
    )
    ledger.record(
        actor,
        "applications.application.withdraw",
        locked,
        {
            "from": status_from,
            "step_from": step_from,
            "version": locked.workflow_version_id,
            "note_digest": ledger.keyed_digest(note),
        },
    )
    assignment.follow_step(actor=actor, application=locked, step=target)
    _notify_status(locked, event, note="", to_status=target.status)
    _reached_terminal(locked, actor, target.outcome)
    _sync(application, locked)
    return locked


# --- corrections of answers on the applicant's request (UU 27/2022 Pasal 6 and 30) ----------

ANSWER_CORRECTION_ROLES = frozenset({Role.VERIFIER, Role.REVIEWER, Role.APPROVER})


@transaction.atomic
def application_answers_correct(
    *, actor: Any, application: Application, answers: Mapping[str, Any], request_note: str
) -> list[str]:
    """Correct answers of a submitted application because its applicant asked (Pasal 6, 30).

    Only an officer handling the case (verifier, reviewer or approver of its agency);
    `request_note` records the person's request (when and how they asked) and is kept, sealed,
    on the internal timeline. The new values are checked by the form the application was
    submitted under. Returns the keys whose value changed (nothing is recorded when none did).
    """
    locked, held = _lock_as_officer(actor, application)
    if not held & ANSWER_CORRECTION_ROLES:
        raise PermissionDenied(
            _("Hanya petugas yang menangani permohonan ini dapat memperbaikinya.")
        )
    if locked.status == Status.DRAFT:
        raise Conflict(_("Draf diperbaiki sendiri oleh pemohon."))
    note = _clean_text(request_note, limit=MAX_NOTE_CHARS)
    if not note:
        raise ServiceError(
            _("Catat permintaan pemohon: kapan dan bagaimana ia meminta perbaikan ini."),
            field="request_note",
        )
    privacy.processing_check(
        actor=actor,
        subject=locked.applicant,
        activity=_("memperbaiki jawaban permohonan"),
        action="applications.answers.correct",
    )
    service = snapshot.service_for(locked)
    wanted = _clean_answers(service, answers)
    merged = {**locked.answers, **wanted}
    _cleaned, errors = _validate(service, merged, groups=None)
    bad = {k: v for k, v in errors.items() if k in wanted}
    if bad:
        key, messages = next(iter(bad.items()))
        raise ServiceError(" ".join(messages), field=key)
    changed = sorted(k for k in wanted if locked.answers.get(k) != merged.get(k))
    if not changed:
        return []
    locked.answers = merged
    locked.save(update_fields=["answers_sealed", "updated_at"])
    application.answers_sealed = locked.answers_sealed
    labels = ", ".join(_field_labels(service, changed))
    event = _event(
        locked,
        kind=Event.Kind.STATUS,
        actor=actor,
        label=_actor_label(actor, locked),
        note=_("Jawaban diperbaiki atas permintaan pemohon (%(fields)s). Permintaan: %(note)s")
        % {"fields": labels, "note": note},
        is_public=False,
    )
    ledger.record(
        actor,
        "applications.answers.correct",
        locked,
        {"fields": changed, "request_digest": ledger.keyed_digest(note)},
    )
    # The applicant is told which answers changed (their labels, never the values), only when
    # something did; the message links their own page, where the new answers are shown.
    applicant = locked.applicant
    with translation.override(getattr(applicant, "language", None) or "id"):
        told = ", ".join(_field_labels(service, changed))
    context = {"reference": locked.tracking_code, "fields": told, "url": application_url(locked)}
    _notify(
        user=applicant,
        channel=channel_for(applicant),
        template="application_answers_corrected",
        context=context,
        dedupe_key=f"application-answers-{locked.pk}-{event.pk}",
    )
    return changed


# --- messages -------------------------------------------------------------------------------


def message_post(
    *, actor: Any, application: Application, body: str, upload: UploadedFile | None = None
) -> Message:
    """Post to the thread between the applicant and the agency, optionally with a document.

    Officers appear under their role ("Verifikator"), never their name. The other side is told
    there is a new message; the text itself is only shown after signing in.
    """
    _require_signed_in(actor)
    is_applicant = actor.pk == application.applicant_id
    held = roles_in(actor, application.agency_id)
    officer_role = next((r for r in MESSAGE_ROLES if r in held), None)
    if not is_applicant and officer_role is None:
        if held:
            raise PermissionDenied(_("Peran Anda tidak dapat mengirim pesan."))
        raise NotFound(_("Permohonan tidak ditemukan."))
    if application.status == Status.DRAFT:
        raise Conflict(_("Pesan dapat dikirim setelah permohonan diajukan."))
    if not is_applicant:
        if privacy.is_erased(application.applicant):
            raise Conflict(_("Data pribadi pemohon telah dihapus; pesan tidak dapat dikirim."))
        privacy.processing_check(
            actor=actor,
            subject=application.applicant,
            activity=_("mengirim pesan kepada pemohon"),
            action="applications.message.post",
        )
    text = _clean_text(body, limit=MAX_MESSAGE_CHARS)
    if not text:
        raise ServiceError(_("Tulis pesan Anda."), field="body")
    if len(text) > MAX_MESSAGE_CHARS:
        raise ServiceError(
            _("Pesan paling banyak %(n)d karakter.") % {"n": MAX_MESSAGE_CHARS}, field="body"
        )
    label = APPLICANT_LABEL if is_applicant else role_label(officer_role or "")
    attachment: Document | None = None
    prepared: documents.Prepared | None = None
    storage_name = ""
    if upload is not None:
        prepared = documents.prepare(upload)
        storage_name = documents.store(prepared)
    try:
        with transaction.atomic():
            if prepared is not None:
                attachment = Document.objects.create(
                    application=application,
                    original_name=prepared.original_name,
                    content_type=prepared.content_type,
                    size=len(prepared.data),
                    sha256=prepared.sha256,
                    storage_name=storage_name,
                    scan=Document.Scan.CLEAN if prepared.scanned else Document.Scan.NOT_SCANNED,
                    uploaded_by=actor,
                )
            message = Message.objects.create(
                application=application,
                author=actor,
                author_label=label,
                from_agency=not is_applicant,
                body=text,
                attachment=attachment,
            )
            _event(application, kind=Event.Kind.MESSAGE, actor=actor, label=label)
            ledger.record(
                actor,
                "applications.message.post",
                message,
                {
                    "application": application.pk,
                    "from_agency": not is_applicant,
                    "body_digest": ledger.keyed_digest(text),
                    "attachment": attachment.sha256 if attachment else None,
                },
            )
            _notify_message(actor, application, message, from_applicant=is_applicant)
    except BaseException:
        if storage_name:
            documents.delete_file(storage_name)
        raise
    return message


def _notify_message(
    actor: Any, application: Application, message: Message, *, from_applicant: bool
) -> None:
    context = {"reference": application.tracking_code or ""}
    if from_applicant:
        # Officers read the thread in the back office; tell those who have worked on the case.
        officer_ids = set(
            Event.objects.filter(application=application, actor__kind="officer")
            .exclude(actor=actor)
            .values_list("actor_id", flat=True)
        )
        for officer in get_user_model()._default_manager.filter(pk__in=officer_ids, is_active=True):
            _notify(
                user=officer,
                channel="inapp",
                template="message_new",
                context=context,
                dedupe_key=f"message-new-{message.pk}-{officer.pk}",
            )
    else:
        applicant = application.applicant
        _notify(
            user=applicant,
            channel=channel_for(applicant),
            template="message_new",
            context={**context, "url": status_url(application.tracking_code or "")},
            dedupe_key=f"message-new-{message.pk}-{applicant.pk}",
        )


# --- assisted channel -----------------------------------------------------------------------


@transaction.atomic
def assisted_register_citizen(
    *,
    actor: Any,
    full_name: str,
    nik: str,
    phone: str = "",
    email: str = "",
    consent_notice: Any,  # a str, or a lazy translation rendered here in Indonesian
) -> Any:
    """Find a walk-in citizen by NIK, or register them, and record their consent at the counter.

    Only front-desk officers. A new account has no password: the citizen can claim it later
    through password reset with the e-mail address or phone number given here.
    """
    from satupintu.privacy import services as privacy_services

    _require_signed_in(actor)
    if not has_role(actor, Role.FRONT_DESK):
        raise PermissionDenied(_("Hanya petugas loket yang dapat mendaftarkan warga."))
    name = _clean_text(full_name, limit=200)
    if not name:
        raise ServiceError(_("Nama lengkap wajib diisi."), field="full_name")
    if len(name) > 200:
        raise ServiceError(_("Nama lengkap paling banyak 200 karakter."), field="full_name")
    try:
        validate_nik(nik)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), field="nik") from None
    nik_value = normalize(nik, "nik")
    phone_value, email_value = accounts_services.clean_optional_contacts(phone=phone, email=email)
    if not str(consent_notice or "").strip():
        raise ServiceError(_("Pemberitahuan persetujuan wajib ditampilkan."), field="consent")
    User = get_user_model()
    citizen = lookup_value(User, "nik", nik_value).first()
    created = citizen is None
    if citizen is not None:
        if getattr(citizen, "kind", "") != "citizen" or not citizen.is_active:
            raise ServiceError(
                _("NIK ini terdaftar pada akun yang tidak dapat dilayani di loket."), field="nik"
            )
    else:
        # accounts owns the users table; it also checks the e-mail and number are free.
        citizen = accounts_services.citizen_register_assisted(
            actor=actor, full_name=name, nik=nik_value, phone=phone_value, email=email_value
        )
    with translation.override("id"):
        # The citizen hears the Indonesian text; the officer's interface language plays no part.
        consent_notice = str(consent_notice)
    privacy_services.consent_grant(
        actor=actor,
        user=citizen,
        purpose=ASSISTED_PURPOSE,
        purpose_label=_("Pemrosesan data untuk permohonan layanan yang dibantu petugas loket"),
        legal_basis="persetujuan",
        notice_text=str(consent_notice),
        notice_version=ASSISTED_NOTICE_VERSION,
        channel="counter",
    )
    ledger.record(
        actor,
        "applications.citizen.assisted_register",
        citizen,
        {"created": created, "nik_digest": ledger.keyed_digest(nik_value)},
    )
    return citizen


# --- counter lookup ---------------------------------------------------------------------------

# A desk serves a few dozen walk-ins a day; a hundred lookups an hour is someone enumerating.
COUNTER_LOOKUP_LIMIT = 60
COUNTER_LOOKUP_WINDOW = 3600


def counter_agency_ids(officer: Any) -> list[int]:
    """Agencies where `officer` serves at a counter: the front-desk role there, and at least one
    active service of the agency taken at the counter."""
    from satupintu.catalog.models import Service
    from satupintu.organizations.selectors import memberships_for

    desks = memberships_for(officer).filter(role=Role.FRONT_DESK).values("agency_id")
    return sorted(
        Service.objects.filter(
            agency_id__in=desks, status=Service.Status.ACTIVE, channel_counter=True
        )
        .values_list("agency_id", flat=True)
        .distinct()
    )


@transaction.atomic
def counter_citizen_lookup(*, actor: Any, nik: str) -> Any | None:
    """The active citizen account with this NIK, for a front-desk officer serving a counter.

    Every lookup is ledgered with the officer and whether an account was found, never the NIK;
    an officer may look up `COUNTER_LOOKUP_LIMIT` NIKs an hour (PermissionDenied beyond).
    """
    from satupintu.core import throttle

    _require_signed_in(actor)
    agencies = counter_agency_ids(actor)
    if not agencies:
        raise PermissionDenied(_("Hanya petugas loket instansi yang melayani di loket."))
    if throttle.hit(
        "counter-lookup", str(actor.pk), limit=COUNTER_LOOKUP_LIMIT, window=COUNTER_LOOKUP_WINDOW
    ):
        raise PermissionDenied(
            _("Terlalu banyak pencarian NIK dalam satu jam. Coba lagi nanti."), field="nik"
        )
    try:
        validate_nik(nik)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), field="nik") from None
    User = get_user_model()
    citizen = (
        lookup_value(User, "nik", normalize(nik, "nik"))
        .filter(kind="citizen", is_active=True)
        .first()
    )
    ledger.record(
        actor,
        "applications.citizen.counter_lookup",
        None,
        {"found": citizen is not None, "agencies": agencies},
    )
    return citizen
