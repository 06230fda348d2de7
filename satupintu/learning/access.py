"""Who may see what in learning: one helper per object type, for pages and API alike.

An officer sees their own assessments, enrolments and certificates, and those of the officers
they supervise (organizations.selectors.supervises_officer); anyone else gets 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from satupintu.core.errors import NotFound, PermissionDenied
from satupintu.learning.models import Course, Enrolment, Proposal
from satupintu.organizations.models import Role
from satupintu.organizations.selectors import (
    agency_ids_for,
    is_agency_admin,
    memberships_for,
    supervises,
    supervises_officer,
)


def _officer(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "is_officer", False)
    )


def require_officer(user: Any) -> None:
    if not _officer(user):
        raise PermissionDenied(_("Halaman ini hanya untuk pegawai."))


def may_see_officer(viewer: Any, officer: Any) -> bool:
    return _officer(viewer) and (viewer.pk == officer.pk or supervises_officer(viewer, officer))


def officer_for_viewer(viewer: Any, officer_id: Any) -> Any:
    """The officer whose competency record `viewer` may read (themself or their team); 404."""
    try:
        key = int(officer_id)
    except (TypeError, ValueError):
        key = 0
    officer = get_user_model().objects.filter(pk=key, kind="officer", is_active=True).first()
    if officer is None or not may_see_officer(viewer, officer):
        raise NotFound(_("Pegawai tidak ditemukan."))
    return officer


def course_for_officer(user: Any, slug: str) -> Course:
    require_officer(user)
    course = Course.objects.filter(slug=slug, is_published=True).first()
    if course is None:
        raise NotFound(_("Kursus tidak ditemukan."))
    return course


def enrolment_for_viewer(user: Any, public_id: Any) -> Enrolment:
    """An enrolment of `user`, or of an officer they supervise; else 404."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        key = None
    row = (
        Enrolment.objects.select_related("course", "user", "certificate")
        .filter(public_id=key)
        .first()
        if key
        else None
    )
    if row is None or not may_see_officer(user, row.user):
        raise NotFound(_("Data kursus tidak ditemukan."))
    return row


def proposal_for_officer(user: Any, public_id: Any) -> Proposal:
    """A proposal of an agency `user` works in; else 404."""
    require_officer(user)
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        key = None
    row = (
        Proposal.objects.select_related("author", "agency", "service").filter(public_id=key).first()
        if key
        else None
    )
    if row is None or row.agency_id not in agency_ids_for(user):
        raise NotFound(_("Usulan tidak ditemukan."))
    return row


def may_review(user: Any, proposal: Proposal) -> bool:
    """The agency reviews: its admin or an agency-wide supervisor, never the author."""
    if proposal.author_id == user.pk:
        return False
    return is_agency_admin(user, proposal.agency_id) or supervises(user, proposal.agency_id, None)


def is_supervisor(user: Any) -> bool:
    return any(m.role == Role.SUPERVISOR for m in memberships_for(user))
