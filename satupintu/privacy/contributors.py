"""The registry parts for data that privacy itself holds. Registered from PrivacyConfig.ready();
every other app registers its own (accounts/privacy.py, organizations/privacy.py,
applications/privacy.py; see registry.py). The erased-account marker lives here because the
privacy retention job must recognise erased accounts."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.privacy import registry
from satupintu.privacy.models import Consent, DataSubjectRequest, SubjectFlags

ERASED_NAME = "Pengguna Terhapus"
ERASED_DOMAIN = "invalid.satupintu"


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def erased_email(user: Any) -> str:
    return f"terhapus-{user.pk}@{ERASED_DOMAIN}"


def is_erased(user: Any) -> bool:
    return str(user.username) == erased_email(user)


# --- consents -------------------------------------------------------------------------------


def export_consents(user: Any) -> dict[str, Any]:
    return {
        "consents": [
            {
                "purpose": c.purpose,
                "purpose_label": c.purpose_label,
                "legal_basis": c.legal_basis,
                "granted_at": _iso(c.granted_at),
                "withdrawn_at": _iso(c.withdrawn_at),
                "channel": c.channel,
                "notice_version": c.notice_version,
                "notice_digest": c.notice_digest,
                # The text agreed to, word for word (archived when it was first shown).
                "notice_text": c.notice.text if c.notice else "",
            }
            for c in Consent.objects.filter(user=user)
            .select_related("notice")
            .order_by("granted_at", "id")
        ]
    }


def erase_consents(user: Any) -> registry.ErasureReport:
    if not Consent.objects.filter(user=user).exists():
        return registry.ErasureReport()
    return registry.ErasureReport(
        retained=[
            (
                _("Catatan persetujuan"),
                _("bukti persetujuan wajib disimpan (UU 27/2022 Pasal 24)"),
            )
        ]
    )


# --- data-subject requests ------------------------------------------------------------------


def export_requests(user: Any) -> dict[str, Any]:
    flags = SubjectFlags.objects.filter(user=user).first()
    return {
        "processing_restricted": bool(flags and flags.processing_restricted),
        "requests": [
            {
                "id": r.pk,
                "kind": r.kind,
                "status": r.status,
                "received_at": _iso(r.received_at),
                "due_at": _iso(r.due_at),
                "completed_at": _iso(r.completed_at),
                "details": r.details or "",
                "response": r.response,
            }
            for r in DataSubjectRequest.objects.filter(user=user).order_by("received_at", "id")
        ],
    }


def erase_requests(user: Any) -> registry.ErasureReport:
    # What the person wrote and the corrections they asked for (with the old and new values)
    # go; the record that a request was made and answered stays (Pasal 14).
    from django.utils import timezone

    rows = list(DataSubjectRequest.objects.filter(user=user))
    asked: set[str] = set()
    for row in rows:
        # Values the person asked to be corrected to are theirs too, and may be quoted back.
        with contextlib.suppress(ValueError):
            asked.update(str(v) for v in json.loads(row.changes or "{}").values())
    identifiers = sorted(
        {*registry.identifiers_of(user), *(v for v in asked if len(v) >= 4)}, key=len
    )[::-1]
    for row in rows:
        row.details = None
        row.changes = None
        row.response = registry.scrub(row.response, identifiers)
        row.redacted_at = row.redacted_at or timezone.now()
        row.save(update_fields=["details", "changes", "response", "redacted_at"])
    return registry.ErasureReport(
        erased=[_("Isi permintaan subjek data dan data perbaikan yang diminta")],
        retained=[
            (
                _("Catatan permintaan subjek data"),
                _("catatan permintaan wajib disimpan (UU 27/2022 Pasal 14)"),
            )
        ],
    )


# --- notifications (the outbox belongs to notifications; privacy reads and erases it through
# its services, as the registry does for every other app) -----------------------------------


def export_notifications(user: Any) -> dict[str, Any]:
    from satupintu.notifications import services as outbox

    return {
        "notifications": [
            {
                "channel": m.channel,
                "template": m.template,
                "status": m.status,
                "created_at": _iso(m.created_at),
                "sent_at": _iso(m.sent_at),
            }
            for m in outbox.messages_for(user)
        ]
    }


def erase_notifications(user: Any) -> registry.ErasureReport:
    from satupintu.notifications import services as outbox

    if not outbox.messages_forget(user=user):
        return registry.ErasureReport()
    return registry.ErasureReport(
        erased=[_("Alamat tujuan dan isi notifikasi yang dikirim kepada Anda")]
    )


def register_all() -> None:
    registry.register(
        "notifications",
        label=gettext_lazy("Notifikasi yang dikirim"),
        export=export_notifications,
        erase=erase_notifications,
    )
    registry.register(
        "consents", label=gettext_lazy("Persetujuan"), export=export_consents, erase=erase_consents
    )
    registry.register(
        "privacy_requests",
        label=gettext_lazy("Permintaan subjek data"),
        export=export_requests,
        erase=erase_requests,
    )
