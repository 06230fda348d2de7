"""Who may see which application or document: the one place it is decided, for views and API.

Everything that is not yours is "not found" (404), never "forbidden": a 403 would confirm that
someone else's application exists. An application handed out here carries its service as it
was submitted under (`snapshot.freeze`), so no page shows a later catalog edit on an old case.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from satupintu.applications import snapshot
from satupintu.applications.models import Application, Document, Output, Status
from satupintu.catalog import selectors as catalog_selectors
from satupintu.core.errors import NotFound
from satupintu.organizations.selectors import agency_ids_for, roles_in


def _uuid(public_id: Any) -> uuid.UUID | None:
    if isinstance(public_id, uuid.UUID):
        return public_id
    try:
        return uuid.UUID(str(public_id))
    except (TypeError, ValueError, AttributeError):
        return None


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _not_found() -> NotFound:
    return NotFound(_("Permohonan tidak ditemukan."))


def _base() -> Any:
    return Application.objects.select_related("service", "agency", "applicant")


def application_for_citizen(user: Any, public_id: Any) -> Application:
    """The signed-in applicant's own application, else NotFound (404).

    Its applicant is `user` (the row was found by it) and its service and agency are the
    catalog's kept rows (catalog.selectors.kept_service): one narrow read of the application
    instead of a join of four tables on every page and call of a citizen's case."""
    key = _uuid(public_id)
    if key is None or not _signed_in(user):
        raise _not_found()
    application = Application.objects.filter(public_id=key, applicant=user).first()
    if application is None:
        raise _not_found()
    application.applicant = user
    service = catalog_selectors.kept_service(application.service_id)
    if service is not None:
        application.service = service
        if application.agency_id == service.agency_id:
            application.agency = service.agency
    return snapshot.freeze(application)


def application_for_officer(user: Any, public_id: Any) -> Application:
    """An application of an agency where `user` holds an active role, else NotFound (404).

    Drafts stay private to the applicant, except counter drafts, which the agency's officers
    prepare on the citizen's behalf.
    """
    key = _uuid(public_id)
    agencies = agency_ids_for(user)
    if key is None or not agencies:
        raise _not_found()
    application = (
        _base()
        .filter(public_id=key, agency_id__in=agencies)
        .filter(~Q(status=Status.DRAFT) | Q(channel="counter"))
        .first()
    )
    if application is None:
        raise _not_found()
    return snapshot.freeze(application)


def application_for_user(user: Any, public_id: Any) -> Application:
    """Either the applicant's own application or one of the officer's agency."""
    try:
        return application_for_citizen(user, public_id)
    except NotFound:
        return application_for_officer(user, public_id)


def document_for_user(user: Any, public_id: Any) -> Document:
    """A document of the user's own application, or of an application of their agency."""
    key = _uuid(public_id)
    if key is None or not _signed_in(user):
        raise NotFound(_("Dokumen tidak ditemukan."))
    document = Document.objects.select_related("application").filter(public_id=key).first()
    if document is None:
        raise NotFound(_("Dokumen tidak ditemukan."))
    application = document.application
    if application.applicant_id == user.pk:
        return document
    if application.agency_id in agency_ids_for(user) and (
        application.status != Status.DRAFT or application.channel == "counter"
    ):
        return document
    raise NotFound(_("Dokumen tidak ditemukan."))


def _output(public_id: Any) -> Output | None:
    key = _uuid(public_id)
    if key is None:
        return None
    return Output.objects.select_related("application", "agency").filter(public_id=key).first()


def output_for_user(user: Any, public_id: Any) -> Output:
    """A signed output of the user's own application (or issued to them), or one their agency
    issued; else 404."""
    output = _output(public_id) if _signed_in(user) else None
    owner = output.application.applicant_id if output and output.application else None
    if output is None or (
        user.pk not in (owner, output.holder_id) and output.agency_id not in agency_ids_for(user)
    ):
        raise NotFound(_("Dokumen tidak ditemukan."))
    return output


def output_for_officer(user: Any, public_id: Any) -> Output:
    """A signed output the officer's agency issued; else 404."""
    output = _output(public_id) if _signed_in(user) else None
    if output is None or output.agency_id not in agency_ids_for(user):
        raise NotFound(_("Dokumen tidak ditemukan."))
    return output


def can_act(user: Any, application: Application, to_status: str) -> bool:
    """Whether `user` may move `application` to `to_status` now (for showing buttons)."""
    from satupintu.applications.services import allowed_roles

    roles = allowed_roles(application, to_status)
    return bool(roles) and bool(roles & roles_in(user, application.agency_id))
