"""Reads about agencies and who works where, shared by views, the API and other apps."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from satupintu.organizations.models import Agency, Membership, Role


def active_agencies() -> QuerySet[Agency]:
    """Active agencies with the number of their active services (`service_count`)."""
    return Agency.objects.filter(is_active=True).annotate(
        service_count=Count("services", filter=Q(services__status="active"))
    )


def memberships_for(user: Any) -> QuerySet[Membership]:
    """The active memberships of a signed-in officer, with agency and unit loaded."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_officer:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=True, agency__is_active=True)
        .select_related("agency", "unit")
        .order_by("agency__name", "role")
    )


def is_member_of(user: Any, agency_id: int) -> bool:
    """Whether `user` holds any active role in the agency (may see its internal standard)."""
    return memberships_for(user).filter(agency_id=agency_id).exists()


def is_agency_admin(user: Any, agency_id: int) -> bool:
    """Whether `user` is an active agency admin of the agency."""
    return memberships_for(user).filter(agency_id=agency_id, role=Role.AGENCY_ADMIN).exists()


def admin_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies `user` administers."""
    ids = memberships_for(user).filter(role=Role.AGENCY_ADMIN).values("agency_id")
    return Agency.objects.filter(id__in=ids, is_active=True)
