"""The organizations part of a person's data (UU 27/2022): an officer's memberships.

Registered from OrganizationsConfig.ready(). Memberships are personnel records: exported, and
kept on erasure with the legal reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.organizations.models import Agency, Membership, Role
from satupintu.organizations.selectors import agency_ids_for, has_role
from satupintu.privacy import registry
from satupintu.privacy import services as privacy_services


def _holds_dpo(user: Any) -> bool:
    return has_role(user, Role.DPO)


def _dpo_officers() -> list[Any]:
    rows = Membership.objects.filter(
        role=Role.DPO, user__is_active=True, agency__is_active=True
    ).select_related("user")
    return list({m.user_id: m.user for m in rows}.values())


def _dpo_agencies(user: Any) -> list[str]:
    ids = agency_ids_for(user, Role.DPO)
    return list(Agency.objects.filter(pk__in=ids).values_list("slug", flat=True))


def dpo_directory() -> list[dict[str, str]]:
    """Each active agency's published DPO contact (empty when the agency has not set one)."""
    return [
        {"agency": a.name, "slug": a.slug, "contact": a.dpo_contact}
        for a in Agency.objects.filter(is_active=True).order_by("name")
    ]


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_memberships(user: Any) -> dict[str, Any]:
    rows = Membership.objects.filter(user=user).select_related("agency", "unit")
    return {
        "memberships": [
            {
                "agency": m.agency.name,
                "unit": m.unit.name if m.unit is not None else None,
                "role": m.role,
                "is_active": m.is_active,
                "created_at": _iso(m.created_at),
            }
            for m in rows.order_by("created_at", "id")
        ]
    }


def erase_memberships(user: Any) -> registry.ErasureReport:
    if not Membership.objects.filter(user=user).exists():
        return registry.ErasureReport()
    return registry.ErasureReport(
        retained=[
            (
                _("Keanggotaan petugas di instansi"),
                _("data kepegawaian dan kewenangan wajib disimpan (kewajiban hukum)"),
            )
        ]
    )


def register() -> None:
    privacy_services.register_dpo_role(
        holds=_holds_dpo, officers=_dpo_officers, directory=dpo_directory, agencies=_dpo_agencies
    )
    registry.register(
        "memberships",
        label=gettext_lazy("Keanggotaan petugas"),
        export=export_memberships,
        erase=erase_memberships,
    )
