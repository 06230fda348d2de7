"""What an officer sees of a case and still has to do: read by the case page and the office API.

The documents to check (each labelled by the names the case was submitted under, with how it
can be shown inline) and the officer's to-do list: documents not yet checked or rejected,
required documents missing, and what the actions of the current step ask for before they can
be taken (a checklist; a required reason is marked on the action's own form). Reads only; the
writes are in `services`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from satupintu.applications import selectors, services, snapshot
from satupintu.applications.documents import JPEG, PDF, PNG
from satupintu.applications.models import OPEN_STATUSES, Application, Document, Status
from satupintu.catalog import workflow

# How a stored file is shown on the case page; every type `documents.prepare` accepts is here.
VIEWERS = {PDF: "pdf", JPEG: "image", PNG: "image"}


@dataclass(frozen=True)
class Todo:
    """One thing the officer must still do; `anchor` is where on the case page it is done."""

    code: str
    text: str
    anchor: str = ""


def review_documents(application: Application) -> list[Document]:
    """The requirement documents and file answers of the case (not message attachments), each
    with `label` and `viewer` ("pdf", "image" or "")."""
    labelled = [
        d
        for d in selectors.labelled_documents(application)
        if d.required_document_id is not None or d.field_key
    ]
    for doc in labelled:
        if not doc.label:  # type: ignore[attr-defined]
            doc.label = services.document_label(application, doc)  # type: ignore[attr-defined]
        doc.viewer = VIEWERS.get(doc.content_type, "")  # type: ignore[attr-defined]
    return labelled


def can_review(roles: set[str], application: Application) -> bool:
    """Whether an officer holding `roles` may verify or reject the case's documents now."""
    return bool(roles & services.ANSWER_CORRECTION_ROLES) and (
        application.status in services.REVIEWABLE
    )


def _quoted(action: workflow.Action) -> str:
    return f"“{action.label}”"


def officer_todo(
    application: Application, roles: set[str], documents: list[Document] | None = None
) -> list[Todo]:
    """What an officer holding `roles` must still do on the case, in the order to do it.

    Empty when the case is closed. While it waits on the applicant, one line says so.
    """
    if application.status not in OPEN_STATUSES:
        return []
    if application.status == Status.NEEDS_CORRECTION:
        return [Todo("waiting", _("Menunggu pemohon memperbaiki dan mengirim ulang."))]
    todo: list[Todo] = []
    docs = review_documents(application) if documents is None else documents
    actions = services.actions_available(application, roles)
    # Checking documents is asked of whoever the step waits on (others may still check).
    reviewing = can_review(roles, application) and bool(actions)
    correction = next((a for a in actions if a.returns_for_correction), None)
    for doc in docs:
        label = doc.label  # type: ignore[attr-defined]
        anchor = f"#dokumen-{doc.public_id}"
        if doc.review == Document.Review.PENDING and reviewing:
            todo.append(Todo("review", _("Periksa dokumen: %(doc)s.") % {"doc": label}, anchor))
        elif doc.review == Document.Review.REJECTED and correction is not None:
            todo.append(
                Todo(
                    "correction",
                    _("Dokumen %(doc)s ditolak: minta perbaikan kepada pemohon (%(action)s).")
                    % {"doc": label, "action": _quoted(correction)},
                    f"#tindakan-{correction.key}",
                )
            )
    attached = {d.required_document_id for d in docs if d.required_document_id}
    known = application.answers
    for spec in snapshot.documents_for(application):
        if spec.is_required and spec.applies(known) and spec.pk not in attached:
            todo.append(
                Todo(
                    "missing", _("Dokumen wajib belum ada: %(doc)s.") % {"doc": spec.localized_name}
                )
            )
    for action in actions:
        if action.checklist:
            todo.append(
                Todo(
                    "checklist",
                    _("Sebelum %(action)s: centang daftar periksa (%(items)s).")
                    % {"action": _quoted(action), "items": "; ".join(action.checklist)},
                    f"#tindakan-{action.key}",
                )
            )
    if actions and not todo:
        todo.append(Todo("ready", _("Tidak ada yang tertunda: pilih tindakan berikutnya.")))
    if not actions:
        step = services.current_step(application)
        definition = services.definition_for(application)
        waiting = sorted(
            {
                workflow.role_name(role)
                for a in (definition.actions_from(step.key) if definition and step else [])
                for role in a.roles
            }
        )
        todo.append(
            Todo(
                "other_role",
                _("Langkah ini tidak menunggu peran Anda; menunggu: %(roles)s.")
                % {"roles": ", ".join(waiting) or "—"},
            )
        )
    return todo


def correction_prefill(application: Application, documents: list[Document]) -> dict[str, Any]:
    """What the correction form starts with: the rejected documents ticked, their reasons as
    the note (the officer may change both)."""
    fields, docs = services.rejected_flags(application)
    reasons = [
        f"{d.label}: {d.review_reason}"  # type: ignore[attr-defined]
        for d in documents
        if d.review == Document.Review.REJECTED
    ]
    return {"fields": set(fields), "documents": set(docs), "note": "\n".join(reasons)}
