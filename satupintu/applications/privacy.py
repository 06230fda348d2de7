"""The applications part of a person's data (UU 27/2022): export and erasure.

Submitted applications are public-service records that must be archived, so erasure keeps them
and says why; drafts that were never submitted are deleted with their files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.applications import documents
from satupintu.applications.models import Application, Document, Event, Message, Status
from satupintu.privacy import registry


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_applications(user: Any) -> dict[str, Any]:
    rows = (
        Application.objects.filter(applicant=user)
        .select_related("service", "agency")
        .prefetch_related("documents", "outputs")
        .order_by("created_at", "id")
    )
    return {
        "applications": [
            {
                "id": str(a.public_id),
                "tracking_code": a.tracking_code,
                "service": a.service.name,
                "agency": a.agency.name,
                "channel": a.channel,
                "status": a.status,
                "created_at": _iso(a.created_at),
                "submitted_at": _iso(a.submitted_at),
                "due_at": _iso(a.due_at),
                "decided_at": _iso(a.decided_at),
                "completed_at": _iso(a.completed_at),
                "answers": a.answers,
                "documents": [
                    {
                        "name": d.original_name,
                        "content_type": d.content_type,
                        "size": d.size,
                        "sha256": d.sha256,
                        "uploaded_at": _iso(d.uploaded_at),
                    }
                    for d in a.documents.all()
                ],
                "outputs": [
                    {
                        "number": o.number,
                        "title": o.title,
                        "kind": o.kind,
                        "sha256": o.sha256,
                        "issued_at": _iso(o.issued_at),
                        "revoked_at": _iso(o.revoked_at),
                        "revocation_reason": o.revocation_reason,
                    }
                    for o in a.outputs.all()
                ],
                "messages": [
                    {"author": m.author_label, "body": m.body, "created_at": _iso(m.created_at)}
                    for m in Message.objects.filter(application=a).order_by("created_at", "id")
                ],
                "identifier_reveals": _reveals(a),
            }
            for a in rows
        ]
    }


def _basis_label(value: Any) -> str:
    """The legal basis a reveal was recorded under, as the person reads it ("" before it was)."""
    from satupintu.privacy.models import LegalBasis

    return str(LegalBasis(value).label) if value in LegalBasis.values else ""


def _reveals(application: Application) -> list[dict[str, Any]]:
    """Who saw this application's identifiers in full, and when (the ledger is the record)."""
    from satupintu.applications.reveal import ACTION
    from satupintu.applications.services import role_label
    from satupintu.ledger.models import Entry
    from satupintu.organizations.selectors import roles_in

    rows = Entry.objects.filter(
        action=ACTION, subject_type="applications.application", subject_id=str(application.pk)
    ).order_by("created_at", "id")
    User = get_user_model()
    officers = {u.pk: u for u in User._default_manager.filter(pk__in=[r.actor_id for r in rows])}
    found = []
    for row in rows:
        officer = officers.get(row.actor_id or 0)
        roles = sorted(roles_in(officer, application.agency_id)) if officer else []
        found.append(
            {
                "at": _iso(row.created_at),
                "field": str(row.data.get("field", "")),
                "legal_basis": _basis_label(row.data.get("legal_basis")),
                "officer": f"#{row.actor_id}",
                "roles": [str(role_label(r)) for r in roles],
                "agency": application.agency.name,
            }
        )
    return found


def _delete_files(names: list[str]) -> None:
    for name in names:
        documents.delete_file(name)


def _scrub_value(value: Any, identifiers: list[str]) -> Any:
    if isinstance(value, str):
        return registry.scrub(value, identifiers)
    if isinstance(value, list):
        return [_scrub_value(v, identifiers) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_value(v, identifiers) for k, v in value.items()}
    return value


def _scrub_kept(user: Any) -> int:
    """Remove the person's identifiers from the archived cases: the case stays (its legal
    reason needs the reference, service, dates and outcome), copies of the name, NIK, phone,
    e-mail and address in answers, thread messages and timeline notes go."""
    identifiers = registry.identifiers_of(user)
    if not identifiers:
        return 0
    changed = 0
    for application in Application.objects.filter(applicant=user):
        changed += _scrub_rows([application], "answers", "answers_sealed", identifiers)
        messages = Message.objects.filter(application=application)
        changed += _scrub_rows(messages, "body", "body", identifiers)
        events = Event.objects.filter(application=application)
        changed += _scrub_rows(events, "note", "note", identifiers)
    return changed


def _scrub_rows(rows: Iterable[Any], name: str, column: str, identifiers: list[str]) -> int:
    """Remove `identifiers` from attribute `name` of each row, saving `column` (the attribute's
    stored column) where it changed; the number of rows changed."""
    changed = 0
    for row in rows:
        value = getattr(row, name)
        cleaned = _scrub_value(value, identifiers)
        if cleaned != value:
            setattr(row, name, cleaned)
            row.save(update_fields=[column])
            changed += 1
    return changed


def erase_applications(user: Any) -> registry.ErasureReport:
    drafts = Application.objects.filter(applicant=user, status=Status.DRAFT)
    names = list(
        Document.objects.filter(application__in=drafts).values_list("storage_name", flat=True)
    )
    erased: list[str] = []
    if drafts.exists():
        drafts.delete()
        erased.append(str(_("Draf permohonan yang belum diajukan")))
        # Files go only if the erasure commits (a preview rolls back and must keep them).
        transaction.on_commit(lambda: _delete_files(names))
    scrubbed = _scrub_kept(user)
    if scrubbed:
        erased.append(
            str(
                _(
                    "Nama, NIK, nomor ponsel, email dan alamat Anda di dalam jawaban, pesan dan "
                    "catatan permohonan yang diarsipkan"
                )
            )
        )
    retained: list[tuple[str, str]] = []
    if Application.objects.filter(applicant=user).exists():
        retained.append(
            (
                str(_("Permohonan layanan yang sudah diajukan, beserta dokumen dan pesannya")),
                str(
                    _(
                        "arsip pelayanan publik yang wajib disimpan sebagai kewajiban hukum "
                        "(UU 25/2009 tentang Pelayanan Publik dan UU 43/2009 tentang Kearsipan)"
                    )
                ),
            )
        )
    return registry.ErasureReport(erased=erased, retained=retained)


def retain_decided_applications(cutoff: dt.datetime, action: str) -> int:
    """Retention of decided cases: after the archival period their answers and messages go
    (anonymise) or the whole case goes (delete); files are removed after commit."""
    rows = Application.objects.filter(
        status__in=(Status.COMPLETED, Status.REJECTED), decided_at__lt=cutoff
    )
    names = list(
        Document.objects.filter(application__in=rows).values_list("storage_name", flat=True)
    )
    if action == "delete":
        count = rows.count()
        rows.delete()
    else:
        count = 0
        for application in rows:
            if application.answers:
                application.answers = {}
                application.save(update_fields=["answers_sealed"])
                count += 1
        Message.objects.filter(application__in=rows).delete()
        Document.objects.filter(application__in=rows).delete()
    if names:
        transaction.on_commit(lambda: _delete_files(names))
    return count + len(names)


def retain_draft_documents(cutoff: dt.datetime, action: str) -> int:
    """Drafts never submitted: their uploaded documents go after the period (either action)."""
    docs = Document.objects.filter(application__status=Status.DRAFT, uploaded_at__lt=cutoff)
    names = list(docs.values_list("storage_name", flat=True))
    docs.delete()
    if names:
        transaction.on_commit(lambda: _delete_files(names))
    return len(names)


def register() -> None:
    from satupintu.privacy.services import register_retention

    register_retention("decided_applications", retain_decided_applications)
    register_retention("draft_documents", retain_draft_documents)
    from satupintu.applications.services import ASSISTED_PURPOSE
    from satupintu.privacy import services as privacy_services

    privacy_services.register_purpose(
        ASSISTED_PURPOSE,
        consequence=gettext_lazy(
            "Petugas loket tidak dapat lagi membuka permohonan baru atas nama Anda, kecuali Anda "
            "memberi persetujuan lagi di loket."
        ),
    )
    registry.register(
        "applications",
        label=gettext_lazy("Permohonan layanan"),
        export=export_applications,
        erase=erase_applications,
    )
