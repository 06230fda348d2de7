"""Who may do what with a service: the one place catalog permissions are decided."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpResponse
from django.utils.translation import gettext as _

from satupintu.catalog.models import Service
from satupintu.core.errors import NotFound, PermissionDenied
from satupintu.organizations import selectors as org_selectors

V = TypeVar("V", bound=Callable[..., HttpResponse])


def can_admin_agency(user: Any, agency_id: int) -> bool:
    """System (None), superusers, and active agency admins of the agency."""
    if user is None or getattr(user, "is_superuser", False):
        return True
    return org_selectors.is_agency_admin(user, agency_id)


def require_agency_admin(user: Any, agency_id: int) -> None:
    """Raise PermissionDenied (403) unless `user` may administer the agency's services."""
    if not can_admin_agency(user, agency_id):
        raise PermissionDenied(_("Anda bukan admin instansi pemilik layanan ini."))


def service_for_admin(user: Any, service_id: int) -> Service:
    """The service `user` wants to change: 404 if there is none, 403 if it is not theirs."""
    service = Service.objects.select_related("agency", "category").filter(pk=service_id).first()
    if service is None:
        raise NotFound(_("Layanan tidak ditemukan."))
    require_agency_admin(user, service.agency_id)
    return service


def can_see_internal(user: Any, service: Service) -> bool:
    """Officers of the owning agency see drafts and the 8 internal standard components."""
    if getattr(user, "is_superuser", False):
        return True
    return org_selectors.is_member_of(user, service.agency_id)
