"""Reads of the privacy app, and the one access helper per object type."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from satupintu.core.errors import NotFound, PermissionDenied
from satupintu.core.fields import lookup_value
from satupintu.core.identifiers import is_phone
from satupintu.privacy.models import (
    Breach,
    Consent,
    DataSubjectRequest,
    RetentionRule,
    SubjectFlags,
)
from satupintu.privacy.services import is_dpo, is_erased, subject_restricted

__all__ = ["is_erased"]  # re-exported: whether a person was erased (case pages show a marker)


def processing_restricted(user: Any) -> bool:
    """Whether `user` restricted the processing of their data (or had an objection upheld).
    Domain apps do not ask this themselves: they call `services.processing_check`."""
    return subject_restricted(user)


def consents_for(user: Any) -> QuerySet[Consent]:
    return Consent.objects.filter(user=user).order_by("withdrawn_at", "-granted_at", "-id")


def requests_for(user: Any) -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(user=user).order_by("-received_at", "-id")


def flags_for(user: Any) -> SubjectFlags | None:
    return SubjectFlags.objects.filter(user=user).first()


def request_for_subject(user: Any, request_id: int) -> DataSubjectRequest:
    """A citizen's own request; anyone else's is reported as not found (404), not forbidden."""
    found = DataSubjectRequest.objects.filter(pk=request_id, user=user).first()
    if found is None or not getattr(user, "is_authenticated", False):
        raise NotFound(_("Permintaan tidak ditemukan."))
    return found


def consent_for_subject(user: Any, consent_id: int) -> Consent:
    found = Consent.objects.filter(pk=consent_id, user=user).first()
    if found is None or not getattr(user, "is_authenticated", False):
        raise NotFound(_("Persetujuan tidak ditemukan."))
    return found


def require_dpo(user: Any) -> None:
    if not is_dpo(user):
        raise PermissionDenied(_("Halaman ini khusus pejabat pelindungan data pribadi."))


def request_for_dpo(user: Any, request_id: int) -> DataSubjectRequest:
    require_dpo(user)
    found = (
        DataSubjectRequest.objects.select_related("user", "handled_by")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise NotFound(_("Permintaan tidak ditemukan."))
    return found


def breach_for_dpo(user: Any, breach_id: int) -> Breach:
    require_dpo(user)
    found = Breach.objects.filter(pk=breach_id).first()
    if found is None:
        raise NotFound(_("Insiden tidak ditemukan."))
    return found


def dpo_queue(*, include_closed: bool = False) -> QuerySet[DataSubjectRequest]:
    """Requests in deadline order, open ones first (served by the (status, due_at) index)."""
    rows = DataSubjectRequest.objects.select_related("user", "handled_by")
    if not include_closed:
        return rows.filter(status__in=DataSubjectRequest.OPEN_STATUSES).order_by("due_at", "id")
    return rows.annotate(
        closed=Case(
            When(status__in=DataSubjectRequest.OPEN_STATUSES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("closed", "due_at", "id")


def retention_rules() -> QuerySet[RetentionRule]:
    return RetentionRule.objects.filter(is_active=True).order_by("label", "data_type")


def breaches() -> QuerySet[Breach]:
    return Breach.objects.order_by("status", "notify_due_at", "-id")


def _identifier_field(text: str) -> str | None:
    if "@" in text:
        return "email"
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) == 16 and not text.startswith("+"):
        return "nik"
    return "phone" if is_phone(text) else None


def subjects_for_identifiers(lines: list[str]) -> tuple[list[Any], int]:
    """The accounts a breach list names (NIK, e-mail or phone per line, by blind index), each
    once, and how many lines matched no account."""
    User = get_user_model()
    found: dict[int, Any] = {}
    unmatched = 0
    for line in lines:
        field = _identifier_field(line)
        value = line.lower() if field == "email" else line
        user = lookup_value(User, field, value).first() if field else None
        if user is None:
            unmatched += 1
        else:
            found.setdefault(user.pk, user)
    return list(found.values()), unmatched
