"""Who may read the ledger entries about a case: whoever may see the case itself.

Registered with `satupintu.ledger.access` from `ApplicationsConfig.ready()`, so the ledger (which
calls no domain app) can show an entry's fields to the case's citizen and its agency's officers,
and only its hash to everyone else.
"""

from __future__ import annotations

from typing import Any

from satupintu.applications import access
from satupintu.applications.models import Application, Document, Message
from satupintu.core.errors import NotFound
from satupintu.ledger.access import register_case_subjects, register_subject_reader


def _may_see(user: Any, application: Application | None) -> bool:
    if application is None:
        return False
    try:
        access.application_for_user(user, application.public_id)
    except NotFound:
        return False
    return True


def _pk(subject_id: str) -> int:
    # Subject ids are primary keys as text; anything else matches no row.
    return int(subject_id) if subject_id.isdigit() else 0


def read_application(user: Any, subject_id: str) -> bool:
    return _may_see(user, Application.objects.filter(pk=_pk(subject_id)).first())


def read_message(user: Any, subject_id: str) -> bool:
    message = Message.objects.select_related("application").filter(pk=_pk(subject_id)).first()
    return _may_see(user, message.application if message else None)


def read_document(user: Any, subject_id: str) -> bool:
    document = Document.objects.select_related("application").filter(pk=_pk(subject_id)).first()
    return _may_see(user, document.application if document else None)


def case_subjects(user: Any, case_ref: str) -> dict[str, list[str]]:
    """The ledger subjects of a case the user may see (NotFound otherwise): the application,
    its messages and its documents, for the ledger's "entries of my case" reading."""
    application = access.application_for_user(user, case_ref)
    return {
        Application._meta.label_lower: [str(application.pk)],
        Message._meta.label_lower: [
            str(pk)
            for pk in Message.objects.filter(application=application).values_list("pk", flat=True)
        ],
        Document._meta.label_lower: [
            str(pk)
            for pk in Document.objects.filter(application=application).values_list("pk", flat=True)
        ],
    }


def register() -> None:
    register_case_subjects(case_subjects)
    register_subject_reader(Application._meta.label_lower, read_application)
    register_subject_reader(Message._meta.label_lower, read_message)
    register_subject_reader(Document._meta.label_lower, read_document)
