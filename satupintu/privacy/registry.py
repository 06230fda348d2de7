"""Everything SatuPintu holds about one person, assembled from the apps that hold it.

Each app contributes its part of a data subject's data: an `export` callable that returns a
JSON-ready dict of what it holds about a user (access and copy, UU 27/2022 Pasal 7 and 13), and an
`erase` callable that erases or anonymises what it may and reports what it must keep and why
(Pasal 8, with the exemptions of Pasal 15 and the archival duties of other laws).

How an app contributes (e.g. `applications`), in its `AppConfig.ready()`::

    from satupintu.privacy import registry

    def _export(user) -> dict:
        return {"applications": [{"tracking_code": a.code, "service": a.service.name, ...}
                                 for a in Application.objects.filter(applicant=user)]}

    def _erase(user) -> registry.ErasureReport:
        # Submitted applications are public-service archives: keep them, say why.
        return registry.ErasureReport(
            erased=[],
            retained=[("Permohonan layanan", "arsip pelayanan publik wajib disimpan (UU 43/2009)")],
        )

    registry.register("applications", label="Permohonan layanan", export=_export, erase=_erase)

Rules for contributors:
- `export` returns only JSON types (str, int, bool, None, list, dict); format datetimes with
  `.isoformat()`. It is the owner's own data, so identifiers are given in full (decrypted).
- `erase` runs inside the data-protection officer's transaction: write through your own app's
  services or plain updates, never commit, raise to abort the whole erasure. It is also run
  inside a rolled-back savepoint to preview the result for the citizen (`preview_erasure`), so
  it must touch nothing but the database (no mail, no files, no tasks). Report every kind
  of data you hold, either as erased or as retained with a reason the citizen can read.
- Registering the same name again replaces the earlier contributor (safe on reloads).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

EXPORT_FORMAT = "satupintu.privacy.export/1"


@dataclass
class ErasureReport:
    """What an erasure did: parts erased, and parts retained with the reason why."""

    erased: list[str] = field(default_factory=list)
    retained: list[tuple[str, str]] = field(default_factory=list)

    def extend(self, other: ErasureReport) -> None:
        self.erased.extend(other.erased)
        self.retained.extend(other.retained)

    def as_dict(self) -> dict[str, Any]:
        return {
            "erased": list(self.erased),
            "retained": [{"what": what, "reason": reason} for what, reason in self.retained],
        }


ExportFn = Callable[[Any], dict[str, Any]]
EraseFn = Callable[[Any], ErasureReport]


@dataclass(frozen=True)
class Contributor:
    name: str
    label: Any  # str or a lazy translation
    export: ExportFn
    erase: EraseFn | None
    # Lower runs first: the profile (which holds the identifiers other parts scrub by value)
    # erases last.
    erase_order: int = 0


_contributors: dict[str, Contributor] = {}


def register(
    name: str,
    *,
    export: ExportFn,
    erase: EraseFn | None = None,
    label: Any = None,
    erase_order: int = 0,
) -> None:
    """Add (or replace) the part of a person's data that one app holds."""
    _contributors[name] = Contributor(
        name=name, label=label or name, export=export, erase=erase, erase_order=erase_order
    )


def unregister(name: str) -> None:
    _contributors.pop(name, None)


def contributors() -> list[Contributor]:
    return list(_contributors.values())


def export_for(user: Any) -> dict[str, Any]:
    """The machine-readable copy of everything held about `user`."""
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "subject_id": user.pk,
        "parts": {c.name: {"label": str(c.label), **c.export(user)} for c in contributors()},
    }


def erase_for(user: Any) -> ErasureReport:
    """Run every contributor's erasure for `user`; the caller holds the transaction."""
    report = ErasureReport()
    for contributor in sorted(contributors(), key=lambda c: c.erase_order):
        if contributor.erase is not None:
            report.extend(contributor.erase(user))
    return report


def identifiers_of(user: Any) -> list[str]:
    """The person's identifiers as literal strings (name, NIK, phone, e-mail, street address),
    for contributors that scrub copies of them from free text and answers before the profile
    itself is erased."""
    values = [
        getattr(user, name, "") or ""
        for name in ("full_name", "nik", "phone", "email", "address_street")
    ]
    # Longest first, so a name is replaced whole before any shorter value inside it.
    return sorted({str(v).strip() for v in values if len(str(v).strip()) >= 4}, key=len)[::-1]


ERASED_MARK = "[dihapus]"


def scrub(text: str, identifiers: list[str]) -> str:
    """`text` with every literal occurrence of `identifiers` replaced by the erased mark."""
    for value in identifiers:
        text = text.replace(value, ERASED_MARK)
    return text


def preview_erasure(user: Any) -> ErasureReport:
    """What an erasure of `user` would erase and keep, without changing anything.

    The erasure runs for real on a fresh copy of the user inside a savepoint that is always
    rolled back, so the preview cannot drift from what the officer's erasure will do. Citizens
    see it before they ask, because an erased account can no longer sign in to read the report.
    """
    fresh = get_user_model()._default_manager.get(pk=user.pk)
    with transaction.atomic():
        report = erase_for(fresh)
        transaction.set_rollback(True)
    return report
