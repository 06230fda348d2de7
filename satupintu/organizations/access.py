"""Who may manage an agency's officers: the one place organizations decides it, for the HTML
views and the API alike. An agency the person does not administer is "not found" (404): an
admin of agency B learns nothing about agency A's officers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from satupintu.core.errors import NotFound, PermissionDenied
from satupintu.organizations import selectors
from satupintu.organizations.models import Agency


def admin_agencies(user: Any) -> list[Agency]:
    """The agencies whose officers `user` manages (every active one for a platform admin);
    PermissionDenied (403) for an officer who administers none."""
    if getattr(user, "is_superuser", False):
        agencies = list(Agency.objects.filter(is_active=True).order_by("name"))
    else:
        agencies = list(selectors.admin_agencies(user).order_by("name"))
    if not agencies:
        raise PermissionDenied(_("Hanya admin instansi yang dapat mengelola petugas."))
    return agencies


def agency_for_admin(user: Any, *, agency_id: int | None = None, slug: str = "") -> Agency:
    """The agency `user` manages, by id or slug: 404 when it is not one of theirs."""
    for agency in admin_agencies(user):
        if agency.pk == agency_id or (slug and agency.slug == slug):
            return agency
    raise NotFound(_("Instansi tidak ditemukan."))


def officer_for_admin(user: Any, agency: Agency, officer_id: int) -> Any:
    """An officer who holds or held a role in `agency` (already checked with agency_for_admin);
    404 for anyone else."""
    officer = selectors.officer_of(agency.pk, officer_id)
    if officer is None:
        raise NotFound(_("Petugas tidak ditemukan."))
    return officer
