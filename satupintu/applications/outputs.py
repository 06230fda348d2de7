"""Signed outputs: the service's product (or a rejection letter) as a PAdES-signed PDF.

`issue_for(application, actor)` is the one place a case's output is made; the workflow calls it
when a case reaches its completed status (the service's product) or is rejected (a letter with
the reason). It takes the next number from the agency's sequence (row locked, so it holds across
processes), renders the PDF from the service's template with the data it certifies (from the
case's frozen snapshot and answers) and a QR code to the public verification page, signs it with
the agency's key (`signing`), stores it privately, records its SHA-256, ledgers the issue and
tells the applicant it is ready, all inside the caller's transaction.

The verification page (`verify_*`) compares hashes only: a document is the one issued and
unaltered exactly when its SHA-256 equals the stored one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from satupintu.applications import signing, snapshot
from satupintu.applications.models import Application, Output, OutputSequence, Status
from satupintu.applications.receipts import draw_qr, latin1, text_writer
from satupintu.catalog import formdef
from satupintu.core import dates, throttle
from satupintu.core.errors import NotFound, PermissionDenied, ServiceError
from satupintu.ledger import services as ledger
from satupintu.notifications.services import notify
from satupintu.organizations.models import Role
from satupintu.organizations.selectors import roles_in

# Who may revoke an issued document of their agency.
REVOKE_ROLES = frozenset({Role.APPROVER, Role.AGENCY_ADMIN})
MAX_REASON_CHARS = 500
MAX_NUMBER_CHARS = 60
PDF_MAGIC = b"%PDF-"
VERIFY_SCOPE = "output-verify"


# --- numbers ---------------------------------------------------------------------------------


def agency_code(agency: Any) -> str:
    """The agency's code in document numbers: its short name, else its slug, in capitals."""
    raw = str(agency.short_name or agency.slug or agency.pk)
    ascii_only = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9.-]+", "-", ascii_only.upper()).strip("-")[:20] or str(agency.pk)


def next_number(*, agency: Any, kind: str, now: dt.datetime | None = None) -> str:
    """Take the next number of the agency's sequence for this year (inside a transaction).

    The sequence row is locked with SELECT … FOR UPDATE, so two processes never take the same
    number; `Output.number` is unique besides.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    OutputSequence.objects.get_or_create(agency=agency, year=local.year)
    row = OutputSequence.objects.select_for_update().get(agency=agency, year=local.year)
    row.last += 1
    row.save(update_fields=["last"])
    return settings.OUTPUT_NUMBER_PATTERN.format(
        agency_code=agency_code(agency),
        year=local.year,
        month=f"{local.month:02d}",
        seq=row.last,
        kind=kind,
    )


def verification_url(number: str) -> str:
    """The public verification page of a document number, as a full address (the QR code)."""
    from django.urls import reverse

    query = urlencode({"nomor": number})
    return f"{settings.SITE_URL.rstrip('/')}{reverse('outputs:verify')}?{query}"


# --- rendering -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """What a document says, before it is drawn."""

    kind: str
    number: str
    title: str
    agency: Any
    issued_at: dt.datetime
    application: Application | None = None
    reason: str = ""
    # The body of a document that is not a case's (a training certificate): drawn by the issuer.
    body: Callable[[Any, Draft, Callable[..., None]], None] | None = None


def _certified_rows(application: Application) -> list[tuple[str, str]]:
    """(label, value) of the answers, as labelled in the form the case was submitted under."""
    service = snapshot.service_for(application)
    rows: list[tuple[str, str]] = []
    for _title, lines in formdef.summary(service, application.answers):
        rows.extend(lines)
    return rows


def _template_standard(pdf: Any, draft: Draft, write: Callable[..., None]) -> None:
    """The body of a service's product: the statement and the data it certifies."""
    application = draft.application
    assert application is not None
    service = snapshot.service_for(application)
    write(
        _(
            "%(agency)s menerangkan bahwa permohonan layanan %(service)s dengan nomor registrasi "
            "%(code)s telah diselesaikan, dan menerbitkan dokumen ini untuk data berikut:"
        )
        % {
            "agency": application.agency.name,
            "service": service.name,
            "code": application.tracking_code or "",
        }
    )
    pdf.ln(2)
    write(_("Pemohon: %(name)s") % {"name": application.applicant.full_name or "-"}, style="B")
    for label, value in _certified_rows(application):
        write(f"{label}: {value}")


def _template_rejection(pdf: Any, draft: Draft, write: Callable[..., None]) -> None:
    application = draft.application
    assert application is not None
    service = snapshot.service_for(application)
    write(
        _(
            "Dengan hormat, permohonan layanan %(service)s dengan nomor registrasi %(code)s atas "
            "nama %(name)s tidak dapat dikabulkan, dengan alasan:"
        )
        % {
            "service": service.name,
            "code": application.tracking_code or "",
            "name": application.applicant.full_name or "-",
        }
    )
    pdf.ln(2)
    write(draft.reason or "-", style="B")
    pdf.ln(2)
    write(
        _(
            "Anda dapat mengajukan permohonan baru setelah memenuhi persyaratan, atau menyampaikan "
            "pengaduan bila keberatan dengan keputusan ini."
        )
    )


# A service's product is drawn by the template its slug names here, else the standard one; an
# agency's own layout is added by registering a function with the same shape.
TEMPLATES: dict[str, Callable[[Any, Draft, Callable[..., None]], None]] = {}


def _template_for(draft: Draft) -> Callable[[Any, Draft, Callable[..., None]], None]:
    if draft.body is not None:
        return draft.body
    if draft.kind == Output.Kind.REJECTION:
        return _template_rejection
    assert draft.application is not None
    return TEMPLATES.get(draft.application.service.slug, _template_standard)


def render(draft: Draft) -> bytes:
    """The unsigned PDF of `draft` (core fonts: text stays extractable, see receipts.latin1)."""
    from fpdf import FPDF

    agency = draft.agency
    pdf = FPDF(format="A4")
    pdf.set_title(latin1(f"{draft.title} {draft.number}"))
    pdf.set_author(latin1(agency.name))
    pdf.set_creator("SatuPintu")
    pdf.set_subject(latin1(draft.number))
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    write = text_writer(pdf)
    url = verification_url(draft.number)
    draw_qr(pdf, url, scale=4, size=34)

    write(agency.name, size=12, style="B")
    if agency.address:
        write(agency.address, size=9, height=5)
    pdf.ln(8)
    write(draft.title.upper(), size=16, style="B", height=9)
    write(_("Nomor: %(number)s") % {"number": draft.number}, size=12, style="B")
    pdf.ln(4)
    _template_for(draft)(pdf, draft, write)
    pdf.ln(6)
    write(
        _("Diterbitkan di %(place)s pada %(date)s.")
        % {"place": agency.name, "date": dates.long_date(draft.issued_at)},
        size=10,
    )
    write(
        _(
            "Dokumen ini ditandatangani secara elektronik. Periksa keasliannya dengan memindai "
            "kode QR atau membuka %(url)s dan mengunggah berkas ini."
        )
        % {"url": url},
        size=9,
        height=5,
    )
    return bytes(pdf.output())


# --- issuing ---------------------------------------------------------------------------------


def _store(data: bytes, when: dt.datetime) -> str:
    name = f"outputs/{when:%Y}/{when:%m}/{uuid.uuid4().hex}.pdf"
    return str(default_storage.save(name, ContentFile(data)))


def _signer_subject(agency_slug: str) -> str:
    signer = signing.signer_for(agency_slug)
    return str(signer.signing_cert.subject.human_friendly)[:300]


def _kind_for(application: Application) -> str | None:
    if application.status == Status.COMPLETED:
        return str(Output.Kind.PRODUCT)
    if application.status == Status.REJECTED:
        return str(Output.Kind.REJECTION)
    return None


def issue_for(application: Application, actor: Any, *, reason: str = "") -> Output | None:
    """Issue the signed output of a completed case, or the signed letter of a rejected one.

    Runs inside the caller's transaction (the workflow's move): a failure to sign rolls the move
    back, so no case is completed without its document. Idempotent: the valid output of that
    kind is returned when there is one. Other statuses issue nothing (None).
    """
    kind = _kind_for(application)
    if kind is None:
        return None
    with transaction.atomic():
        existing = Output.objects.filter(
            application=application, kind=kind, revoked_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        return _issue(application, actor, kind=kind, reason=reason)


def _issue(application: Application, actor: Any, *, kind: str, reason: str) -> Output:
    from satupintu.applications import selectors

    applicant = application.applicant
    with translation.override(getattr(applicant, "language", None) or settings.LANGUAGE_CODE):
        if kind == Output.Kind.REJECTION:
            title = _("Surat Penolakan Permohonan")
            reason = reason or selectors.latest_decision_note(application, Status.REJECTED)
        else:
            service = snapshot.service_for(application)
            title = str(service.output_product or service.name)
        output = issue_document(
            agency=application.agency,
            kind=kind,
            title=title,
            actor=actor,
            application=application,
            reason=reason,
        )
    _notify_ready(application, output)
    return output


def issue_document(
    *,
    agency: Any,
    kind: str,
    title: str,
    actor: Any,
    application: Application | None = None,
    holder: Any = None,
    reason: str = "",
    body: Callable[[Any, Draft, Callable[..., None]], None] | None = None,
) -> Output:
    """Number, render, sign, store and ledger one document of `agency` (inside a transaction).

    A case's output passes its `application`; a document issued to a person outside a case (a
    training certificate, `Output.Kind.CERTIFICATE`) passes its `holder` and draws its own
    `body`. Either way it is verified on the same public page, by number or by file.
    """
    now = timezone.now()
    number = next_number(agency=agency, kind=kind, now=now)
    draft = Draft(
        kind=kind,
        number=number,
        title=title[:200],
        agency=agency,
        issued_at=now,
        application=application,
        reason=reason,
        body=body,
    )
    signed = signing.sign_pdf(
        render(draft),
        agency_slug=agency.slug,
        reason=latin1(f"{title} {number}"),
        location=latin1(agency.name),
    )
    output = Output.objects.create(
        application=application,
        holder=holder,
        agency=agency,
        kind=kind,
        number=number,
        title=draft.title,
        sha256=hashlib.sha256(signed).hexdigest(),
        size=len(signed),
        storage_name=_store(signed, now),
        signer=_signer_subject(agency.slug),
        issued_at=now,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    ledger.record(
        actor,
        "applications.output.issue",
        output,
        {
            "application": application.pk if application is not None else None,
            "kind": kind,
            "number": number,
            "sha256": output.sha256,
        },
    )
    return output


def _notify_ready(application: Application, output: Output) -> None:
    from satupintu.applications.services import application_url, channel_for

    applicant = application.applicant
    notify(
        user=applicant,
        channel=channel_for(applicant),
        template="application_output",
        context={
            "reference": application.tracking_code or "",
            "number": output.number,
            "rejection": output.kind == Output.Kind.REJECTION,
            "url": application_url(application),
        },
        dedupe_key=f"application-output-{output.pk}",
    )


def may_revoke(user: Any, application: Application) -> bool:
    """Whether `user` may revoke the documents of `application` (for showing the form)."""
    return bool(REVOKE_ROLES & roles_in(user, application.agency_id))


@transaction.atomic
def output_revoke(*, actor: Any, output: Output, reason: str) -> Output:
    """Revoke an issued document with a reason the verification page shows (approver or agency
    admin of the issuing agency)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("Silakan masuk terlebih dahulu."))
    locked = Output.objects.select_for_update().filter(pk=output.pk).first()
    if locked is None or not roles_in(actor, locked.agency_id):
        raise NotFound(_("Dokumen tidak ditemukan."))
    if not REVOKE_ROLES & roles_in(actor, locked.agency_id):
        raise PermissionDenied(_("Peran Anda tidak berwenang mencabut dokumen."))
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ServiceError(_("Tuliskan alasan pencabutan."), field="reason")
    if len(reason) > MAX_REASON_CHARS:
        raise ServiceError(
            _("Alasan paling banyak %(n)d karakter.") % {"n": MAX_REASON_CHARS}, field="reason"
        )
    if locked.revoked_at is not None:
        raise ServiceError(_("Dokumen ini sudah dicabut."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.revocation_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    ledger.record(
        actor,
        "applications.output.revoke",
        locked,
        {"number": locked.number, "reason_digest": ledger.keyed_digest(reason)},
    )
    output.revoked_at = locked.revoked_at
    output.revocation_reason = reason
    return locked


# --- verification ----------------------------------------------------------------------------


def clean_number(value: Any) -> str:
    """A document number as typed: trimmed, inner spaces removed; "" if unusable."""
    text = re.sub(r"\s+", "", str(value or ""))
    if not text or len(text) > MAX_NUMBER_CHARS or not text.isprintable():
        return ""
    return text


def verify_throttled(address: str) -> bool:
    """Count one verification from `address` (page and API share the counter); True = refuse."""
    return throttle.hit(
        VERIFY_SCOPE,
        address,
        limit=settings.OUTPUT_VERIFY_PER_IP,
        window=settings.OUTPUT_VERIFY_WINDOW,
    )


def by_number(number: str) -> Output | None:
    cleaned = clean_number(number)
    if not cleaned:
        return None
    # As printed, or in capitals (a number typed in lower case from a capitalised pattern).
    candidates = {cleaned, cleaned.upper()}
    return Output.objects.select_related("agency").filter(number__in=candidates).first()


@dataclass(frozen=True)
class Verdict:
    """The answer to an uploaded file: `genuine` only for the issued, unaltered bytes."""

    genuine: bool
    output: Output | None
    sha256: str


def read_pdf_upload(upload: Any) -> bytes:
    """The bytes of an uploaded PDF, or ServiceError (too big, empty, not a PDF)."""
    limit = settings.APPLICATION_MAX_UPLOAD_BYTES
    if upload is None:
        raise ServiceError(_("Pilih berkas PDF yang akan diperiksa."), field="file")
    if (getattr(upload, "size", 0) or 0) > limit:
        raise _too_big(limit)
    data = b""
    for chunk in upload.chunks():
        data += chunk
        if len(data) > limit:
            raise _too_big(limit)
    if not data:
        raise ServiceError(_("Berkas kosong."), field="file")
    if not data.startswith(PDF_MAGIC):
        raise ServiceError(
            _("Berkas ini bukan PDF. Unggah dokumen PDF yang Anda terima."), field="file"
        )
    return data


def _too_big(limit: int) -> ServiceError:
    return ServiceError(
        _("Berkas terlalu besar (paling besar %(mb)s MB).") % {"mb": round(limit / 1048576, 1)},
        field="file",
    )


def verify_bytes(data: bytes, *, number: str = "") -> Verdict:
    """Whether `data` is exactly an issued document (that number's, when a number is given)."""
    digest = hashlib.sha256(data).hexdigest()
    if number:
        output = by_number(number)
        genuine = output is not None and output.sha256 == digest
        return Verdict(genuine=genuine, output=output, sha256=digest)
    match = Output.objects.select_related("agency").filter(sha256=digest).first()
    return Verdict(genuine=match is not None, output=match, sha256=digest)


def open_file(output: Output) -> Any:
    return default_storage.open(output.storage_name, "rb")


def file_response(output: Output) -> FileResponse:
    """The signed file as a private download (404 when the stored file is missing)."""
    try:
        handle = open_file(output)
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{output.number.replace('/', '-')}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _on_terminal(*, application: Application, actor: Any, outcome: str) -> None:
    """The engine's completion point: a completed case gets its product, a rejected one its
    letter (with the decision's reason); a withdrawn case gets nothing."""
    if outcome in ("completed", "rejected"):
        issue_for(application, actor)


def register() -> None:
    """Hook output issuing into the engine's one completion point (`applications.hooks`)."""
    from satupintu.applications import hooks

    hooks.on_terminal(_on_terminal)
