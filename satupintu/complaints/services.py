"""Every write on complaints: filing, routing, handling, the reporter's answers, the clocks.

Each function checks who acts, runs in one transaction, locks the complaint, appends an event
and one ledger entry (ids and keyed digests only), and puts notifications in the outbox in the
same transaction. Officers never appear by name to the reporter (their role does), and an anonim
reporter never appears to the officers: nothing here puts the reporter's identity in an officer's
notification.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts import services as accounts_services
from satupintu.applications import assignment, documents, tracking
from satupintu.applications.models import Output
from satupintu.applications.services import channel_for, role_label, secret_hash
from satupintu.complaints import access, clocks, letters, redaction, reference
from satupintu.complaints.models import (
    OPEN_STATUSES,
    Attachment,
    Channel,
    Complaint,
    Event,
    Kind,
    Privacy,
    RoutingRule,
    Status,
)
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ServiceError
from satupintu.ledger import services as ledger
from satupintu.notifications.services import notify, notify_many
from satupintu.organizations.models import Agency, Role, Unit
from satupintu.organizations.selectors import is_member_of, supervisors_of

PREFIX = "AD"  # tracking numbers "AD-XXXXXXXXC" (aduan), the receipts' own alphabet and check
REPORTER_LABEL = "Pelapor"  # a role, never a name
SUBJECT_MIN, SUBJECT_MAX = 5, 200
DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 5000
BODY_MAX = 5000
MAX_ATTACHMENTS = 5


@dataclass
class Filing:
    """What a reporter files (already shaped by a form or an API schema)."""

    kind: str
    privacy: str
    subject: str
    description: str
    identity_shared: bool = False
    category: Any = None
    service: Any = None
    application: Any = None
    region: Any = None
    street: str = ""
    latitude: Any = None
    longitude: Any = None
    channel: str = Channel.WEB
    uploads: list[Any] = field(default_factory=list)


@dataclass
class Filed:
    complaint: Complaint
    status_secret: str


def _now() -> dt.datetime:
    return timezone.now()


def clean_text(value: Any, *, limit: int) -> str:
    """NFC, control characters dropped (line breaks kept), trimmed; not longer than `limit`."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return text.strip()[: limit + 1]


def _required_text(value: Any, *, name: str, low: int, high: int, label: str) -> str:
    text = clean_text(value, limit=high)
    if len(text) < low:
        raise ServiceError(
            _("%(label)s paling sedikit %(n)d karakter.") % {"label": label, "n": low}, field=name
        )
    if len(text) > high:
        raise ServiceError(
            _("%(label)s paling banyak %(n)d karakter.") % {"label": label, "n": high}, field=name
        )
    return text


def _coordinate(value: Any, *, name: str, bound: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise ServiceError(_("Koordinat tidak valid."), field=name) from None
    if not number.is_finite() or abs(number) > bound:
        raise ServiceError(_("Koordinat tidak valid."), field=name)
    return number


def is_new_reporter(user: Any) -> bool:
    """No earlier complaint of theirs reached the agency: links are refused from them (spam)."""
    if user is None:
        return True
    return not Complaint.objects.filter(reporter=user).exclude(status=Status.DRAFT).exists()


def _check_filing(filing: Filing, reporter: Any) -> dict[str, Any]:
    if filing.kind not in Kind.values:
        raise ServiceError(_("Pilih jenis laporan."), field="kind")
    if filing.privacy not in Privacy.values:
        raise ServiceError(
            _("Pilih tingkat kerahasiaan: publik, anonim, atau rahasia."), field="privacy"
        )
    subject = _required_text(
        filing.subject, name="subject", low=SUBJECT_MIN, high=SUBJECT_MAX, label=_("Judul")
    )
    description = _required_text(
        filing.description,
        name="description",
        low=DESCRIPTION_MIN,
        high=DESCRIPTION_MAX,
        label=_("Uraian"),
    )
    if (redaction.has_link(subject) or redaction.has_link(description)) and is_new_reporter(
        reporter
    ):
        raise ServiceError(
            _("Laporan pertama tidak boleh memuat tautan (link). Hapus tautannya."),
            field="description",
        )
    if len(filing.uploads) > MAX_ATTACHMENTS:
        raise ServiceError(
            _("Paling banyak %(n)d berkas.") % {"n": MAX_ATTACHMENTS}, field="attachments"
        )
    street = clean_text(filing.street, limit=200)[:200]
    return {
        "kind": filing.kind,
        "privacy": filing.privacy,
        "identity_shared": bool(filing.identity_shared) and filing.privacy == Privacy.ANONYMOUS,
        "subject": subject,
        "description": description,
        "category": filing.category,
        "service": filing.service,
        "application": filing.application,
        "region": filing.region,
        "address_street": street,
        "latitude": _coordinate(filing.latitude, name="lat", bound=90),
        "longitude": _coordinate(filing.longitude, name="long", bound=180),
        "channel": filing.channel if filing.channel in Channel.values else Channel.WEB,
    }


def complaint_lock_for(actor: Any, public_id: Any) -> Complaint:
    """The officer's complaint (access.officer_scope) read and locked in one query, inside the
    caller's transaction: the services below then act on it without reading it again."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("complaint_lock_for() needs the caller's transaction.")
    key = access.as_uuid(public_id)
    # What the services and the answer use (agency with its clock policy, unit, category, the
    # reporter to tell), not the queue's assignee and region: each joined row costs compiling.
    # public_id is unique: no ORDER BY to compile either.
    rows = (
        Complaint.objects.filter(access.officer_scope(actor), public_id=key)
        .select_for_update(of=("self",))
        .select_related("agency", "unit", "category", "reporter", "agency__complaint_clocks")
        .order_by()[:1]
        if key
        else []
    )
    found = next(iter(rows), None)
    if found is None:
        raise access.not_found()
    found._as_locked = _values(found)  # type: ignore[attr-defined]
    # The lock lasts as long as this atomic block: `_lock` trusts it only while inside it.
    found._locked_in = connection.atomic_blocks[-1]  # type: ignore[attr-defined]
    return found


def _locked_here(complaint: Complaint) -> bool:
    block = getattr(complaint, "_locked_in", None)
    return block is not None and block in transaction.get_connection().atomic_blocks


def _atomic(complaint: Complaint) -> Any:
    """The service's transaction: the caller's own when it locked the complaint itself (it rolls
    back whatever fails, so no savepoint round trips), else a new one or a savepoint."""
    return transaction.atomic(savepoint=not _locked_here(complaint))


def _lock(complaint: Complaint) -> Complaint:
    if _locked_here(complaint):
        return complaint
    locked = (
        # Only the complaint row is locked (agency and unit are nullable joins, which
        # PostgreSQL refuses to lock).
        Complaint.objects.select_for_update(of=("self",))
        .select_related("agency", "unit", "reporter", "agency__complaint_clocks")
        .filter(pk=complaint.pk)
        .first()
    )
    if locked is None:
        raise NotFound(_("Laporan tidak ditemukan."))
    locked._as_locked = _values(locked)  # type: ignore[attr-defined]
    return locked


def _values(complaint: Complaint) -> dict[str, Any]:
    return {f.attname: getattr(complaint, f.attname) for f in Complaint._meta.concrete_fields}


def _save(locked: Complaint) -> None:
    """Save what changed since `_lock` read it: a short UPDATE, and the sealed text that did not
    change is not encrypted again."""
    before = getattr(locked, "_as_locked", None)
    if before is None:
        locked.save()
        return
    changed = [name for name, value in _values(locked).items() if before[name] != value]
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
        locked._as_locked = _values(locked)  # type: ignore[attr-defined]


def _sync(target: Complaint, source: Complaint) -> None:
    for model_field in Complaint._meta.concrete_fields:
        setattr(target, model_field.attname, getattr(source, model_field.attname))


def _new_event(
    complaint: Complaint,
    kind: str,
    *,
    actor: Any = None,
    body: str = "",
    is_public: bool = True,
    agency: Any = None,
    on_board: bool = False,
) -> Event:
    """An event not yet saved (`_event` saves one; filing saves its two in one INSERT)."""
    person = actor if getattr(actor, "pk", None) else None
    from_reporter = person is not None and person.pk == complaint.reporter_id
    if person is None and isinstance(actor, tuple):
        from_reporter = kind == Event.Kind.FILED  # a channel filing for its reporter
    return Event(
        complaint=complaint,
        kind=kind,
        actor=person,
        actor_label=REPORTER_LABEL if from_reporter else _officer_label(person, complaint),
        from_reporter=from_reporter,
        agency=agency or complaint.agency,
        body=body,
        is_public=is_public,
        on_board=on_board,
    )


def _event(complaint: Complaint, kind: str, **options: Any) -> Event:
    event = _new_event(complaint, kind, **options)
    event.save(force_insert=True)
    return event


def _officer_label(actor: Any, complaint: Complaint) -> str:
    if actor is None:
        return "Sistem"
    if complaint.agency_id is not None:
        from satupintu.organizations.selectors import roles_in

        held = roles_in(actor, complaint.agency_id)
        for role in (Role.COMPLAINT_LIAISON, Role.SUPERVISOR, Role.AGENCY_ADMIN):
            if role in held:
                return role_label(role)
    return role_label(Role.COMPLAINT_LIAISON)


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


def reporter_url(complaint: Complaint) -> str:
    return _site() + reverse("complaints:status") + f"?kode={complaint.tracking_code or ''}"


def letter_url(complaint: Complaint) -> str:
    return _site() + reverse("complaints:letter", args=[complaint.public_id])


def office_url(complaint: Complaint) -> str:
    return _site() + reverse("complaints_office:detail", args=[complaint.public_id])


def _dedupe(complaint: Complaint, key: str | None) -> str | None:
    # None for what was created in this transaction (a filing, a new event): no earlier message
    # can carry its key, so the outbox need not look for one (three queries per message).
    return f"complaint-{complaint.pk}-{key}" if key is not None else None


def _tell_reporter(complaint: Complaint, template: str, key: str | None, **context: Any) -> None:
    reporter = complaint.reporter
    if reporter is None or not reporter.is_active:
        return
    notify(
        user=reporter,
        channel=channel_for(reporter),
        template=template,
        context={
            "reference": complaint.tracking_code or "",
            "status": str(Status(complaint.status).label),
            "url": reporter_url(complaint),
            **context,
        },
        dedupe_key=_dedupe(complaint, key),
    )


def handlers_of(complaint: Complaint) -> list[Any]:
    """Who is told about work on `complaint`: its assignee, else the agency's liaisons."""
    if complaint.assignee_id is not None and complaint.assignee is not None:
        return [complaint.assignee]
    if complaint.agency_id is None:
        return []
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        ._default_manager.filter(
            memberships__agency_id=complaint.agency_id,
            memberships__role=Role.COMPLAINT_LIAISON,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
    )


def _tell_officers(
    complaint: Complaint, template: str, key: str | None, people: Iterable[Any]
) -> None:
    # The reference and the office link only: never the reporter, never the complaint's text.
    if key is None:  # about what this transaction created: one batch, nothing to deduplicate
        notify_many(
            users=list(people),
            channel="inapp",
            template=template,
            context={"reference": complaint.tracking_code or "", "url": office_url(complaint)},
        )
        return
    for person in people:
        notify(
            user=person,
            channel="inapp",
            template=template,
            context={"reference": complaint.tracking_code or "", "url": office_url(complaint)},
            dedupe_key=_dedupe(complaint, f"{key}-{person.pk}" if key is not None else None),
        )


def _require_handler(actor: Any, complaint: Complaint) -> None:
    if not access.may_handle(actor, complaint):
        raise NotFound(_("Laporan tidak ditemukan."))


def _require_open(complaint: Complaint) -> None:
    if complaint.status not in OPEN_STATUSES:
        raise Conflict(_("Laporan ini sudah selesai atau digabung."))


def _require_reporter(actor: Any, complaint: Complaint) -> None:
    if actor is None or complaint.reporter_id is None or actor.pk != complaint.reporter_id:
        raise NotFound(_("Laporan tidak ditemukan."))


# --- routing ----------------------------------------------------------------------------------


def rule_for(category_id: int | None, region_code: str) -> RoutingRule | None:
    """The most specific rule: the category's over any category's, the longest region prefix."""
    best: tuple[int, int] | None = None
    found = None
    for rule in reference.rules(category_id):
        prefix = rule.region_prefix.strip()
        if prefix and not (region_code == prefix or region_code.startswith(prefix + ".")):
            continue
        rank = (1 if rule.category_id else 0, len(prefix))
        if best is None or rank > best:
            best, found = rank, rule
    return reference.own_copy(found) if found is not None else None


def _route(complaint: Complaint) -> None:
    category_id = complaint.category_id
    if category_id is None and complaint.service is not None:
        category_id = complaint.service.category_id
    region_code = complaint.region.code if complaint.region is not None else ""
    rule = rule_for(category_id, region_code)
    if rule is not None:
        complaint.agency, complaint.unit = rule.agency, rule.unit
    elif complaint.application is not None:
        complaint.agency = complaint.application.agency
    elif complaint.service is not None:
        complaint.agency = complaint.service.agency
    else:
        complaint.agency = None  # the coordinator's queue


# --- filing -------------------------------------------------------------------------------------


def _store_uploads(uploads: list[Any]) -> list[tuple[Any, str]]:
    """Check every file first (the applications upload rules), then store them all."""
    prepared = [documents.prepare(upload) for upload in uploads]
    stored: list[tuple[Any, str]] = []
    try:
        for item in prepared:
            stored.append((item, documents.store(item)))
    except BaseException:
        for _item, name in stored:
            documents.delete_file(name)
        raise
    return stored


def _create(
    reporter: Any, filing: Filing, *, number: bool = False
) -> tuple[Complaint, list[str], list[str]]:
    """The complaint (a draft, or already numbered and routed with `number`), its attachments;
    returns it with the stored file names and the files' SHA-256 digests."""
    values = _check_filing(filing, reporter)
    stored = _store_uploads(filing.uploads)
    names = [name for _p, name in stored]
    try:
        complaint = Complaint(reporter=reporter, status=Status.DRAFT, **values)
        if number:
            _number(complaint)
        complaint.save(force_insert=True)
        for item, name in stored:
            Attachment.objects.create(
                complaint=complaint,
                original_name=item.original_name,
                content_type=item.content_type,
                size=len(item.data),
                sha256=item.sha256,
                storage_name=name,
            )
    except BaseException:
        for name in names:
            documents.delete_file(name)
        raise
    return complaint, names, sorted(item.sha256 for item, _name in stored)


def _number(complaint: Complaint) -> None:
    """Give the complaint its number and status secret, route it, start the clocks (in memory:
    the caller saves)."""
    code = tracking.new_tracking_code(PREFIX)
    secret = tracking.new_status_secret()
    complaint.tracking_code = code
    complaint.status_secret = secret
    complaint.status_secret_hash = secret_hash(code, secret)
    complaint.status = Status.RECEIVED
    _route(complaint)
    clocks.start_filed(complaint, _now())


def _submit(complaint: Complaint, actor: Any, *, digests: list[str] | None = None) -> str:
    """File the complaint (numbered already when `digests`, its attachments' SHA-256, are
    given: `_create(number=True)`), record it and tell everyone; returns the status secret."""
    if digests is None:
        _number(complaint)
        complaint.save()
        digests = sorted(complaint.attachments.values_list("sha256", flat=True))
    code, secret = complaint.tracking_code, complaint.status_secret
    events = [_new_event(complaint, Event.Kind.FILED, actor=actor)]
    if complaint.agency_id is not None:
        events.append(_new_event(complaint, Event.Kind.ROUTED, actor=None))
    Event.objects.bulk_create(events)
    ledger.record(
        actor,
        "complaints.complaint.file",
        complaint,
        {
            "tracking_code": code,
            "kind": complaint.kind,
            "privacy": complaint.privacy,
            "channel": complaint.channel,
            "agency": complaint.agency_id,
            "unit": complaint.unit_id,
            "category": complaint.category_id,
            "text_digest": ledger.keyed_digest([complaint.subject, complaint.description]),
            "attachments": digests,
            "first_response_due": complaint.first_response_due.isoformat()
            if complaint.first_response_due
            else None,
        },
    )
    _tell_reporter(
        complaint,
        "complaint_received",
        None,
        deadline=complaint.first_response_due.isoformat() if complaint.first_response_due else "",
    )
    _tell_officers(complaint, "complaint_new", None, handlers_of(complaint))
    return secret


def complaint_file(*, actor: Any, filing: Filing) -> Filed:
    """File for a signed-in citizen whose contact is confirmed (the receipt at once)."""
    if not accounts_services.require_verified_contact(actor):
        raise PermissionDenied(_("Konfirmasi kontak Anda terlebih dahulu."))
    with transaction.atomic():
        complaint, names, digests = _create(actor, filing, number=True)
        try:
            secret = _submit(complaint, actor, digests=digests)
        except BaseException:
            for name in names:
                documents.delete_file(name)
            raise
    return Filed(complaint=complaint, status_secret=secret)


def complaint_file_guest(*, contact: str, full_name: str, filing: Filing) -> Complaint:
    """File without an account: the complaint waits (a draft) until the code sent to `contact`
    is typed back (`complaint_confirm_contact`)."""
    with transaction.atomic():
        reporter, _verification = accounts_services.guest_contact_start(contact=contact)
        name = " ".join(str(full_name or "").split())[:200]
        if name and not reporter.full_name:
            reporter.full_name = name
            reporter.save(update_fields=["full_name"])
        complaint, _names, _digests = _create(reporter, filing)
        ledger.record(reporter, "complaints.complaint.draft", complaint, {"kind": complaint.kind})
    return complaint


def complaint_confirm_contact(*, complaint: Complaint, code: str) -> Filed:
    """The code the guest was sent: right, and the complaint is filed; wrong, and nothing is."""
    if complaint.status != Status.DRAFT or complaint.reporter is None:
        raise Conflict(_("Laporan ini sudah diajukan."))
    accounts_services.guest_contact_confirm(user=complaint.reporter, code=code)
    with transaction.atomic():
        locked = _lock(complaint)
        if locked.status != Status.DRAFT:
            raise Conflict(_("Laporan ini sudah diajukan."))
        secret = _submit(locked, locked.reporter)
    _sync(complaint, locked)
    return Filed(complaint=complaint, status_secret=secret)


def complaint_file_system(*, reporter: Any, filing: Filing, actor_label: str) -> Filed:
    """File from a channel that vouches for the reporter (the SMS gateway, an Open311 client)."""
    with transaction.atomic():
        complaint, names, digests = _create(reporter, filing, number=True)
        try:
            secret = _submit(complaint, reporter or (actor_label, None), digests=digests)
        except BaseException:
            for name in names:
                documents.delete_file(name)
            raise
    return Filed(complaint=complaint, status_secret=secret)


# --- routing between agencies and inside one ----------------------------------------------------


def complaint_forward(*, actor: Any, complaint: Complaint, to_agency: Agency, reason: str) -> None:
    """ "Bukan kewenangan kami": hand the complaint to another agency, with the reason. The
    number, the history and the statutory clock stay; the new agency gets its own days to
    verify. From the coordinator's queue this is the routing itself."""
    text = clean_text(reason, limit=1000)
    if not text:
        raise ServiceError(_("Tuliskan alasan penerusan."), field="reason")
    if to_agency is None or not to_agency.is_active:
        raise ServiceError(_("Pilih instansi tujuan."), field="agency")
    with _atomic(complaint):
        locked = _lock(complaint)
        _require_handler(actor, locked)
        _require_open(locked)
        if to_agency.pk == locked.agency_id:
            raise ServiceError(_("Laporan sudah berada di instansi ini."), field="agency")
        from_agency = locked.agency_id
        locked.agency, locked.unit, locked.assignee = to_agency, None, None
        locked.status = Status.RECEIVED
        clocks.restart_verify(locked, _now())
        _save(locked)
        _event(locked, Event.Kind.FORWARDED, actor=actor, body=text, agency=to_agency)
        ledger.record(
            actor,
            "complaints.complaint.forward",
            locked,
            {"from": from_agency, "to": to_agency.pk, "reason_digest": ledger.keyed_digest(text)},
        )
        _tell_reporter(
            locked, "complaint_update", f"forward-{to_agency.pk}", note=text, agency=to_agency.name
        )
        _tell_officers(locked, "complaint_new", f"new-{to_agency.pk}", handlers_of(locked))
    _sync(complaint, locked)


def complaint_dispose(
    *, actor: Any, complaint: Complaint, unit: Unit | None = None, officer: Any = None
) -> None:
    """Disposition inside the agency: to a unit, and/or to one officer of the agency."""
    with transaction.atomic():
        locked = _lock(complaint)
        _require_handler(actor, locked)
        _require_open(locked)
        if locked.agency_id is None:
            raise Conflict(_("Teruskan dulu laporan ini ke instansi yang berwenang."))
        if unit is not None and unit.agency_id != locked.agency_id:
            raise ServiceError(_("Unit kerja tidak dikenal."), field="unit")
        if officer is not None and not is_member_of(officer, locked.agency_id):
            raise ServiceError(_("Petugas tidak dikenal."), field="officer")
        if unit is None and officer is None:
            raise ServiceError(_("Pilih unit kerja atau petugas."), field="unit")
        now = _now()
        if unit is not None:
            locked.unit = unit
        if locked.status == Status.RECEIVED:
            locked.status = Status.IN_PROGRESS
        if locked.verified_at is None:
            clocks.start_followup(locked, now)
        _save(locked)
        holder: dict[str, Any] = {}
        if officer is not None and officer.pk != locked.assignee_id:
            # The disposition's own entry below says who holds it now.
            holder = assignment.set_holder(locked, officer, rule="dispose")
        _event(locked, Event.Kind.DISPOSED, actor=actor, is_public=False)
        ledger.record(
            actor,
            "complaints.complaint.dispose",
            locked,
            {"unit": locked.unit_id, "assignee": locked.assignee_id, **holder},
        )
        if officer is not None:
            _tell_officers(locked, "complaint_new", f"dispose-{now.timestamp()}", [officer])
    _sync(complaint, locked)


def complaint_claim(*, actor: Any, complaint: Complaint) -> None:
    """Take a complaint from the agency's pool (the officer becomes its assignee)."""
    with _atomic(complaint):
        locked = _lock(complaint)
        _require_handler(actor, locked)
        _require_open(locked)
        if locked.agency_id is None:
            raise Conflict(_("Teruskan dulu laporan ini ke instansi yang berwenang."))
        if locked.assignee_id not in (None, actor.pk):
            raise Conflict(_("Laporan ini sudah diambil petugas lain."))
        if locked.assignee_id == actor.pk:
            _sync(complaint, locked)
            return
        if locked.status == Status.RECEIVED:
            locked.status = Status.IN_PROGRESS
            clocks.start_followup(locked, _now())
        # The same holder write and ledger entry as an application's claim from the inbox, in
        # the one UPDATE of the complaint.
        holder = assignment.set_holder(locked, actor, rule="claim", save=False)
        _save(locked)
        ledger.record(actor, "complaints.complaint.claim", locked, holder)
        _event(locked, Event.Kind.CLAIMED, actor=actor, is_public=False)
    _sync(complaint, locked)


def complaint_release(*, actor: Any, complaint: Complaint, system: bool = False) -> None:
    """Give a complaint back to the pool (the assignee, a handler, or the system)."""
    with transaction.atomic():
        locked = _lock(complaint)
        if not system:
            _require_handler(actor, locked)
        if locked.assignee_id is None:
            return
        rule = (
            "deactivated" if system else "holder" if locked.assignee_id == actor.pk else "handler"
        )
        holder = assignment.set_holder(locked, None, rule=rule)
        ledger.record(actor, "complaints.complaint.release", locked, holder)
        _event(locked, Event.Kind.RELEASED, actor=None if system else actor, is_public=False)
    _sync(complaint, locked)


# --- handling -------------------------------------------------------------------------------------


def _body(value: Any, *, name: str = "body") -> str:
    text = clean_text(value, limit=BODY_MAX)
    if not text:
        raise ServiceError(_("Tuliskan isi tanggapan."), field=name)
    if len(text) > BODY_MAX:
        raise ServiceError(_("Paling banyak %(n)d karakter.") % {"n": BODY_MAX}, field=name)
    return text


def complaint_respond(
    *, actor: Any, complaint: Complaint, body: str, public: bool, kind: str = "response"
) -> Event:
    """An officer's answer to the reporter; `public` ones also appear on the board.

    kind "response" (an answer), "note" (internal, officers only), "info_request" (the reporter
    must complete the file: the complainant's 30 days start), "resolved" (the handling is done:
    the reporter confirms or reopens within the agency's window).
    """
    text = _body(body)
    kinds = {
        "response": Event.Kind.RESPONSE,
        "note": Event.Kind.NOTE,
        "info_request": Event.Kind.INFO_REQUEST,
        "resolved": Event.Kind.RESOLVED,
    }
    if kind not in kinds:
        raise ServiceError(_("Jenis tanggapan tidak dikenal."), field="kind")
    with _atomic(complaint):
        locked = _lock(complaint)
        _require_handler(actor, locked)
        _require_open(locked)
        if locked.agency_id is None and kind != "note":
            raise Conflict(_("Teruskan dulu laporan ini ke instansi yang berwenang."))
        now = _now()
        internal = kind == "note"
        if not internal:
            if locked.first_response_at is None:
                locked.first_response_at = now
            if locked.verified_at is None:
                clocks.start_followup(locked, now)
        if kind == "info_request":
            locked.status = Status.WAITING
            clocks.start_waiting(locked, now)
        elif kind == "resolved":
            locked.status = Status.ANSWERED
            clocks.start_autoclose(locked, now)
        elif kind == "response" and locked.status == Status.RECEIVED:
            locked.status = Status.IN_PROGRESS
        clocks.refresh_due(locked)
        _save(locked)
        # A public response is also shown on the board, masked like the complaint.
        event = _event(
            locked,
            kinds[kind],
            actor=actor,
            body=text,
            is_public=not internal,
            on_board=public and not internal,
        )
        ledger.record(
            actor,
            "complaints.complaint.respond",
            locked,
            {
                "event": event.pk,
                "kind": kind,
                "public": bool(public),
                "body_digest": ledger.keyed_digest(text),
            },
        )
        if not internal:
            _tell_reporter(locked, "complaint_update", None, note=text)
        if kind == "resolved":
            # Signing takes longer than the answer itself: the letter follows on commit.
            transaction.on_commit(lambda: _enqueue_letter(locked.pk))
    _sync(complaint, locked)
    return event


def _enqueue_letter(complaint_id: int) -> None:
    from satupintu.complaints.tasks import issue_letter

    issue_letter.enqueue(complaint_id)


# How far back the clock job looks for a resolution whose letter task was lost.
LETTER_CATCH_UP = dt.timedelta(days=7)


def letter_due() -> Q:
    """Resolved complaints whose latest resolution has no signed letter yet."""
    return Q(
        status__in=(Status.ANSWERED, Status.CLOSED),
        answered_at__isnull=False,
        agency__isnull=False,
    ) & (Q(letter__isnull=True) | Q(letter__issued_at__lt=F("answered_at")))


def complaint_letter_issue(*, complaint: Complaint) -> Output | None:
    """Issue the signed response letter of the complaint's latest resolution, once: the task
    queued when it was resolved, or the clock job for one it missed. None when nothing is due
    (already issued, or reopened meanwhile). The letter quotes the resolution's answer and is
    issued in the name of the officer who resolved it."""
    with transaction.atomic():
        locked = _lock(complaint)
        if not Complaint.objects.filter(letter_due(), pk=locked.pk).exists():
            return None
        resolution = locked.events.filter(kind=Event.Kind.RESOLVED).order_by("-at", "-id").first()
        if resolution is None:
            return None
        actor = resolution.actor
        letter = letters.issue(actor=actor, complaint=locked, answer=resolution.body)
        locked.letter = letter
        locked.save(update_fields=["letter", "updated_at"])
        _event(locked, Event.Kind.LETTER, actor=None, body=letter.number)
        ledger.record(
            actor,
            "complaints.complaint.letter",
            locked,
            {"number": letter.number, "resolution": resolution.pk, "sha256": letter.sha256},
        )
        _tell_reporter(
            locked,
            "complaint_letter",
            f"letter-{letter.pk}",
            number=letter.number,
            url=letter_url(locked),
        )
    _sync(complaint, locked)
    return letter


def complaint_reply(*, actor: Any, complaint: Complaint, body: str) -> Event:
    """The reporter adds information; when it was asked for, the file is complete again."""
    text = _body(body)
    with transaction.atomic():
        locked = _lock(complaint)
        _require_reporter(actor, locked)
        _require_open(locked)
        now = _now()
        if locked.status == Status.WAITING:
            locked.status = Status.IN_PROGRESS
            clocks.file_completed(locked, now)
            _save(locked)
        event = _event(locked, Event.Kind.INFO_REPLY, actor=actor, body=text)
        ledger.record(
            actor,
            "complaints.complaint.reply",
            locked,
            {"event": event.pk, "body_digest": ledger.keyed_digest(text)},
        )
        _tell_officers(locked, "complaint_reply", f"reply-{event.pk}", handlers_of(locked))
    _sync(complaint, locked)
    return event


def complaint_confirm(*, actor: Any, complaint: Complaint) -> None:
    """The reporter agrees the answer settles it: closed."""
    with transaction.atomic():
        locked = _lock(complaint)
        _require_reporter(actor, locked)
        if locked.status != Status.ANSWERED:
            raise Conflict(_("Laporan ini belum ditanggapi dengan tindak lanjut."))
        _close(locked, actor, Event.Kind.CONFIRMED, "confirm")
    _sync(complaint, locked)


def _close(locked: Complaint, actor: Any, kind: str, how: str) -> None:
    now = _now()
    locked.status = Status.CLOSED
    locked.closed_at = now
    clocks.refresh_due(locked)
    _save(locked)
    _event(locked, kind, actor=actor)
    ledger.record(actor, "complaints.complaint.close", locked, {"how": how})
    _tell_reporter(locked, "complaint_update", f"close-{how}-{now.timestamp()}")


def complaint_reopen(*, actor: Any, complaint: Complaint, reason: str) -> None:
    """The reporter says the answer does not settle it (within the window): back to work."""
    text = _body(reason, name="reason")
    with transaction.atomic():
        locked = _lock(complaint)
        _require_reporter(actor, locked)
        if locked.status != Status.ANSWERED:
            raise Conflict(_("Hanya laporan yang sudah ditanggapi yang dapat dibuka kembali."))
        now = _now()
        locked.status = Status.IN_PROGRESS
        locked.reopen_count += 1
        clocks.reopened(locked, now)
        _save(locked)
        event = _event(locked, Event.Kind.REOPENED, actor=actor, body=text)
        ledger.record(
            actor,
            "complaints.complaint.reopen",
            locked,
            {"event": event.pk, "reason_digest": ledger.keyed_digest(text)},
        )
        _tell_officers(locked, "complaint_reply", f"reopen-{event.pk}", handlers_of(locked))
    _sync(complaint, locked)


def complaint_rate(*, actor: Any, complaint: Complaint, rating: Any, comment: str = "") -> None:
    """The reporter rates the handling, 1–5, once, after it closed."""
    try:
        score = int(rating)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ServiceError(_("Pilih nilai 1 sampai 5."), field="rating")
    text = clean_text(comment, limit=1000)[:1000]
    with transaction.atomic():
        locked = _lock(complaint)
        _require_reporter(actor, locked)
        if locked.status != Status.CLOSED:
            raise Conflict(_("Penilaian diberikan setelah laporan selesai."))
        if locked.rating is not None:
            raise Conflict(_("Laporan ini sudah Anda nilai."))
        locked.rating, locked.rating_comment = score, text
        locked.save(update_fields=["rating", "rating_comment", "updated_at"])
        _event(locked, Event.Kind.RATED, actor=actor, is_public=False)
        ledger.record(actor, "complaints.complaint.rate", locked, {"rating": score})
    _sync(complaint, locked)


def complaint_merge(*, actor: Any, complaint: Complaint, into: Complaint) -> None:
    """A duplicate joins the original: it closes as merged and its reporter follows the other."""
    if into.pk == complaint.pk:
        raise ServiceError(_("Pilih laporan lain sebagai laporan utama."), field="into")
    with transaction.atomic():
        target = _lock(into)
        locked = _lock(complaint)
        _require_handler(actor, locked)
        _require_handler(actor, target)
        _require_open(locked)
        if target.status not in OPEN_STATUSES or target.merged_into_id is not None:
            raise Conflict(_("Laporan utama sudah selesai atau digabung."))
        locked.status = Status.MERGED
        locked.merged_into = target
        locked.closed_at = _now()
        clocks.refresh_due(locked)
        _save(locked)
        _event(locked, Event.Kind.MERGED, actor=actor, body=target.tracking_code or "")
        _event(
            target, Event.Kind.MERGED, actor=actor, body=locked.tracking_code or "", is_public=False
        )
        ledger.record(actor, "complaints.complaint.merge", locked, {"into": target.pk})
        _tell_reporter(locked, "complaint_update", f"merged-{target.pk}", note=target.tracking_code)
    _sync(complaint, locked)


def complaint_publish(*, actor: Any, complaint: Complaint, subject: str, description: str) -> None:
    """A moderator confirms the masked text: the complaint appears on the public board."""
    public_subject = _required_text(
        subject, name="public_subject", low=SUBJECT_MIN, high=SUBJECT_MAX, label=_("Judul")
    )
    public_description = _required_text(
        description,
        name="public_description",
        low=DESCRIPTION_MIN,
        high=DESCRIPTION_MAX,
        label=_("Uraian"),
    )
    with transaction.atomic():
        locked = _lock(complaint)
        _require_handler(actor, locked)
        if locked.privacy == Privacy.SECRET:
            raise Conflict(_("Laporan rahasia tidak pernah dipublikasikan."))
        # The automatic masking applies to what the moderator confirmed, too.
        names = [locked.reporter.full_name] if locked.reporter and locked.reporter.full_name else []
        locked.public_subject = redaction.mask(public_subject, names=names)
        locked.public_description = redaction.mask(public_description, names=names)
        locked.published_at = _now()
        locked.moderated_by = actor
        _save(locked)
        _event(locked, Event.Kind.PUBLISHED, actor=actor, is_public=False)
        ledger.record(
            actor,
            "complaints.complaint.publish",
            locked,
            {
                "text_digest": ledger.keyed_digest(
                    [locked.public_subject, locked.public_description]
                )
            },
        )
    _sync(complaint, locked)


# --- the clocks: reminders, overdue marks, escalation, automatic closing -----------------------


def clocks_run(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic job (tasks.run_clocks, `manage.py complaints_clocks`). Idempotent: each mark
    is set once, each notification has its dedupe key."""
    now = now or _now()
    done = {"reminded": 0, "overdue": 0, "escalated": 0, "closed": 0, "withdrawn": 0, "letters": 0}
    # A letter whose task was lost (a worker died, signing was down) is issued here: only for a
    # resolution of the last week (indexed), never for complaints answered before letters existed.
    recent = Complaint.objects.filter(letter_due(), answered_at__gte=now - LETTER_CATCH_UP)
    for complaint in recent.order_by("pk")[:100]:
        done["letters"] += complaint_letter_issue(complaint=complaint) is not None
    for complaint in Complaint.objects.filter(status=Status.ANSWERED, autoclose_due__lt=now):
        with transaction.atomic():
            locked = _lock(complaint)
            if (
                locked.status == Status.ANSWERED
                and locked.autoclose_due
                and locked.autoclose_due < now
            ):
                _close(locked, None, Event.Kind.CLOSED, "silence")
                done["closed"] += 1
    for complaint in Complaint.objects.filter(status=Status.WAITING, completion_due__lt=now):
        with transaction.atomic():
            locked = _lock(complaint)
            if (
                locked.status == Status.WAITING
                and locked.completion_due
                and locked.completion_due < now
            ):
                _close(locked, None, Event.Kind.CLOSED, "withdrawn")
                done["withdrawn"] += 1
    working = Complaint.objects.filter(
        status__in=(Status.RECEIVED, Status.IN_PROGRESS), due_at__isnull=False
    ).select_related("agency", "unit", "assignee")
    for complaint in working.filter(due_at__lt=now, escalated_at__isnull=True):
        with transaction.atomic():
            locked = _lock(complaint)
            if locked.overdue_since is None:
                locked.overdue_since = now
                _event(locked, Event.Kind.OVERDUE, actor=None, is_public=False)
                ledger.record(
                    None,
                    "complaints.complaint.overdue",
                    locked,
                    {"due_at": locked.due_at.isoformat() if locked.due_at else None},
                )
                _tell_officers(
                    locked, "complaint_due", f"overdue-{locked.due_at}", handlers_of(locked)
                )
                done["overdue"] += 1
            bosses = supervisors_of(locked.agency_id, locked.unit_id) if locked.agency_id else []
            locked.escalated_at = now
            locked.save(update_fields=["overdue_since", "escalated_at", "updated_at"])
            _event(locked, Event.Kind.ESCALATED, actor=None, is_public=False)
            ledger.record(
                None,
                "complaints.complaint.escalate",
                locked,
                {"supervisors": sorted(b.pk for b in bosses)},
            )
            _tell_officers(locked, "complaint_due", f"escalated-{locked.due_at}", bosses)
            done["escalated"] += 1
    for complaint in working.filter(due_at__gte=now, reminded_at__isnull=True):
        policy = clocks.policy_for(complaint.agency_id)
        calendar = clocks.calendar_for(complaint)
        assert complaint.due_at is not None
        if calendar.working_days_between(now, complaint.due_at) > policy.reminder_working_days:
            continue
        with transaction.atomic():
            locked = _lock(complaint)
            locked.reminded_at = now
            locked.save(update_fields=["reminded_at", "updated_at"])
            _event(locked, Event.Kind.REMINDER, actor=None, is_public=False)
            ledger.record(None, "complaints.complaint.remind", locked, {})
            _tell_officers(locked, "complaint_due", f"remind-{locked.due_at}", handlers_of(locked))
            done["reminded"] += 1
    return done


def officer_returned(*, user: Any, agency_id: int, actor: Any) -> int:
    """An officer left the agency: their open complaints there go back to the pool."""
    count = 0
    for complaint in Complaint.objects.filter(
        assignee=user, agency_id=agency_id, status__in=OPEN_STATUSES
    ):
        complaint_release(actor=actor, complaint=complaint, system=True)
        count += 1
    return count


# --- the operator's settings: routing rules and agencies' clock policies ---------------------------

SETTINGS_MODELS = {"routingrule", "clockpolicy"}


def _setting_check(actor: Any, obj: Any) -> str:
    name = str(obj._meta.model_name)
    if name not in SETTINGS_MODELS or obj._meta.app_label != "complaints":
        raise ServiceError(_("Data ini tidak dapat diubah di sini."))
    # `actor=None` is the system (the demo seed); a person must be an active platform operator.
    if actor is not None and not (getattr(actor, "is_staff", False) and actor.is_active):
        raise PermissionDenied(_("Hanya operator platform yang mengubah aturan pengaduan."))
    return name


@transaction.atomic
def setting_save(*, actor: Any, obj: Any) -> Any:
    """Save a routing rule or an agency's clock policy (operator only), ledgered."""
    name = _setting_check(actor, obj)
    created = obj.pk is None
    if isinstance(obj, RoutingRule):
        obj.region_prefix = (obj.region_prefix or "").strip()
        if obj.region_prefix and not all(part.isdigit() for part in obj.region_prefix.split(".")):
            raise ServiceError(
                _("Awalan kode wilayah berupa angka bertitik, mis. 32 atau 32.04."),
                field="region_prefix",
            )
    obj.save()
    ledger.record(actor, "complaints.setting.update", obj, {"model": name, "created": created})
    return obj


@transaction.atomic
def setting_delete(*, actor: Any, obj: Any) -> None:
    name = _setting_check(actor, obj)
    ledger.record(actor, "complaints.setting.delete", obj, {"model": name})
    obj.delete()


def seed_demo_routing(*, services: Iterable[Any]) -> tuple[int, int]:
    """The demo's routing rules (`seed_demo`): each category to the agency of its first demo
    service when someone there handles complaints (a complaint liaison), so a demo complaint
    reaches the agency that serves it instead of the coordinator.
    Idempotent (a category that has a country-wide rule is left alone); returns how many rules
    it wrote and how many it left as they were."""
    from satupintu.organizations.models import Membership

    answering = set(
        Membership.objects.filter(role=Role.COMPLAINT_LIAISON, user__is_active=True).values_list(
            "agency_id", flat=True
        )
    )
    owner: dict[int, Any] = {}
    for service in services:
        if service.category_id is not None:
            owner.setdefault(service.category_id, service.agency)
    written = kept = 0
    for category_id, agency in owner.items():
        if agency.pk not in answering:
            continue  # nobody there answers complaints: the coordinator routes them
        if RoutingRule.objects.filter(category_id=category_id, region_prefix="").exists():
            kept += 1
            continue
        setting_save(actor=None, obj=RoutingRule(category_id=category_id, agency=agency))
        written += 1
    return written, kept
