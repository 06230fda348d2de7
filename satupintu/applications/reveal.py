"""Revealing a person's identifier (NIK, phone number) in full: permitted, reasoned, ledgered.

Identifiers are shown masked everywhere (core.fields.masked). An officer who needs the whole
value asks for it with a reason; `identifier_reveal` checks who they are, records the reveal in
the ledger (the field and a digest of the reason, never the value or the reason itself, which
may quote personal data) and writes a line to the "satupintu.audit" log, then hands the value
back for one response.

Who may: an active officer holding a verifying role (verifier, reviewer, approver) in the
application's agency, or anyone granted the `accounts.reveal_identifier` permission. Which
application they may see at all is still decided by `applications.access`. A higher app may add
conditions through `register_gate` (learning: the data-protection course passed and current);
`reveal_refusal` is the one place all of them are checked, for the page and the service alike.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.utils.translation import gettext as _

from satupintu.applications.services import APPLICATION_LEGAL_BASIS
from satupintu.catalog import formdef
from satupintu.catalog.models import FormField, localized
from satupintu.core.crypto import Kind, normalize
from satupintu.core.errors import PermissionDenied, ServiceError
from satupintu.core.fields import masked
from satupintu.ledger.services import keyed_digest, record
from satupintu.organizations.models import Role
from satupintu.organizations.selectors import has_role
from satupintu.privacy import services as privacy
from satupintu.privacy.models import LegalBasis

if TYPE_CHECKING:
    from satupintu.applications.models import Application

logger = logging.getLogger("satupintu.audit")

ACTION = "applications.identifier.reveal"
PERMISSION = "accounts.reveal_identifier"
REVEAL_ROLES = frozenset({Role.VERIFIER, Role.REVIEWER, Role.APPROVER})
REASON_MIN = 10
REASON_MAX = 500
# The applicant's own identifiers, by the names the reveal form posts: (attribute, kind).
APPLICANT_FIELDS: dict[str, tuple[str, Kind]] = {
    "applicant.nik": ("nik", "nik"),
    "applicant.phone": ("phone", "phone"),
}
ANSWER_KINDS = frozenset({FormField.Type.NIK, FormField.Type.PHONE})
# What a case's processing rests on: shown on the reveal form and recorded with every reveal.
CASE_BASIS = APPLICATION_LEGAL_BASIS


@dataclass(frozen=True)
class Revealable:
    """One identifier on an application that can be revealed, as the page shows it."""

    field: str  # "applicant.nik", "applicant.phone" or a form answer key
    label: str
    kind: Kind  # "nik" or "phone"
    masked: str

    @property
    def dom_id(self) -> str:
        return "ungkap-" + re.sub(r"[^a-z0-9-]", "-", self.field.lower())


# --- selectors --------------------------------------------------------------------------------


# Further conditions a higher app adds (learning's course gates): each returns why `user` may
# not reveal on `application` yet, naming what opens it, or "" when it does not object.
Gate = Callable[[Any, "Application"], str]
_GATES: list[Gate] = []


def register_gate(gate: Gate) -> None:
    """Add a condition to the reveal permission (from the registering app's `ready()`)."""
    if gate not in _GATES:
        _GATES.append(gate)


def has_reveal_role(user: Any, application: Application) -> bool:
    """Whether `user`'s role or permission allows revealing (before any gate is asked)."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    return bool(
        user.has_perm(PERMISSION) or has_role(user, REVEAL_ROLES, agency_id=application.agency_id)
    )


def reveal_refusal(user: Any, application: Application) -> str:
    """Why `user` may not reveal identifiers on `application`, or "" when they may."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return _("Silakan masuk terlebih dahulu.")
    if not has_reveal_role(user, application):
        return _(
            "Anda tidak berwenang menampilkan data pribadi pemohon ini. Hanya verifikator, "
            "pemeriksa, atau pejabat penyetuju instansi ini yang dapat melakukannya."
        )
    return gate_refusal(user, application)


def gate_refusal(user: Any, application: Application) -> str:
    """The first registered gate's refusal (naming the course that opens it), or ""."""
    for gate in _GATES:
        refusal = gate(user, application)
        if refusal:
            return refusal
    return ""


def can_reveal(user: Any, application: Application) -> bool:
    """Whether `user` may reveal identifiers on `application` (for showing the forms)."""
    return not reveal_refusal(user, application)


def _answer_rows(application: Application) -> dict[str, FormField]:
    return {
        row.key: row
        for group in formdef.form_groups(application.service)
        for row in group.fields
        if row.field_type in ANSWER_KINDS
    }


def _plain(field: str, application: Application) -> tuple[str, Kind, str] | None:
    """(label, kind, value) of one field of `application`, None if it has no such field."""
    if field in APPLICANT_FIELDS:
        attribute, kind = APPLICANT_FIELDS[field]
        label = _("NIK pemohon") if kind == "nik" else _("Nomor ponsel pemohon")
        return label, kind, str(getattr(application.applicant, attribute) or "")
    row = _answer_rows(application).get(field)
    if row is None:
        return None
    kind = cast(Kind, row.field_type)
    value = (application.answers or {}).get(field)
    text = normalize(str(value), kind) if isinstance(value, str | int) else ""
    return localized(row, "label"), kind, text


def revealable_fields(application: Application) -> dict[str, Revealable]:
    """Every identifier of `application` that has a value, masked, by field name."""
    found: dict[str, Revealable] = {}
    names = [*APPLICANT_FIELDS, *_answer_rows(application)]
    for name in names:
        plain = _plain(name, application)
        if plain is None or not plain[2]:
            continue
        label, kind, value = plain
        found[name] = Revealable(field=name, label=label, kind=kind, masked=masked(value, kind))
    return found


def answer_lines(
    application: Application, revealable: dict[str, Revealable]
) -> list[tuple[str, list[tuple[str, str, Revealable | None]]]]:
    """`formdef.summary` with identifier answers masked and paired with their Revealable.

    summary() keeps the form's order and drops the rows whose condition does not hold, so its
    lines are matched to the form rows in order by label.
    """
    result = []
    groups = formdef.form_groups(application.service)
    summary = formdef.summary(application.service, application.answers or {})
    for group, (title, lines) in zip(groups, summary, strict=False):
        rows = list(group.fields)
        annotated: list[tuple[str, str, Revealable | None]] = []
        position = 0
        for label, display in lines:
            while position < len(rows) and localized(rows[position], "label") != label:
                position += 1
            row = rows[position] if position < len(rows) else None
            position += 1
            item = revealable.get(row.key) if row is not None else None
            # summary() masks NIK answers but shows phone numbers whole; here both are masked.
            annotated.append((label, item.masked if item else display, item))
        result.append((title, annotated))
    return result


def basis_context(application: Application) -> dict[str, Any]:
    """What the reveal form shows of the legal basis: the case's own, and while the applicant
    restricts processing the state-administration duties one of which must be named."""
    restricted = privacy.subject_restricted(application.applicant)
    return {
        "reveal_basis": LegalBasis(CASE_BASIS).label,
        "reveal_exempt_bases": [(b, LegalBasis(b).label) for b in privacy.EXEMPT_BASES]
        if restricted
        else [],
    }


# --- the service ------------------------------------------------------------------------------


def reason_digest(reason: str) -> str:
    """Keyed digest (ledger.keyed_digest) of the reason as checked (stripped): lets the DPO match a
    reason told to them against the ledger without the ledger holding or leaking its text."""
    return keyed_digest(reason.strip())


def identifier_reveal(
    *, actor: Any, application: Application, field: str, reason: str, legal_basis: str = ""
) -> str:
    """Return the full value of one identifier of `application` and ledger that it was shown.

    `field` is "applicant.nik", "applicant.phone" or the key of a NIK or phone answer of the
    service's form; `reason` says why (10 to 500 characters). Raises PermissionDenied when
    `actor` may not reveal identifiers of this application, ServiceError for a missing or
    badly sized reason or a field that is unknown or empty. Only the field name and a digest of
    the reason reach the ledger and the "satupintu.audit" log.
    """
    refusal = reveal_refusal(actor, application)
    if refusal:
        raise PermissionDenied(refusal)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Tuliskan alasan Anda perlu melihat data ini."), field="reason")
    if len(reason) < REASON_MIN:
        raise ServiceError(
            _("Alasan terlalu singkat: tulis sedikitnya %(min)d karakter.") % {"min": REASON_MIN},
            field="reason",
        )
    if len(reason) > REASON_MAX:
        raise ServiceError(
            _("Alasan terlalu panjang: paling banyak %(max)d karakter.") % {"max": REASON_MAX},
            field="reason",
        )
    plain = _plain(str(field or ""), application)
    if plain is None:
        raise ServiceError(_("Data yang diminta tidak dikenal."), field="field")
    value = plain[2]
    if not value:
        raise ServiceError(_("Data ini kosong; tidak ada yang dapat ditampilkan."), field="field")
    digest = reason_digest(reason)
    # The basis the reveal rests on: the case's own (a public-service duty), or under a
    # restriction the state-administration duty the officer names (checked below).
    if legal_basis and legal_basis not in LegalBasis.values:
        raise ServiceError(_("Dasar hukum tidak dikenal."), field="legal_basis")
    basis = legal_basis or CASE_BASIS
    with transaction.atomic():
        # A restriction (UU 27/2022 Pasal 11) stops the reveal unless a state-administration
        # duty is recorded with its legal basis.
        privacy.processing_check(
            actor=actor,
            subject=application.applicant,
            activity=_("menampilkan data identitas pemohon"),
            action=ACTION,
            legal_basis=legal_basis,
            obj=application,
        )
        entry = record(
            actor,
            ACTION,
            application,
            {"field": str(field), "reason_sha256": digest, "legal_basis": str(basis)},
        )
    logger.info(
        "%s actor=%s application=%s field=%s reason_sha256=%s ledger_entry=%s",
        ACTION,
        actor.pk,
        application.public_id,
        field,
        digest,
        entry.pk,
    )
    return value
