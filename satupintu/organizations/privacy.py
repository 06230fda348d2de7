"""The organizations part of a person's data (UU 27/2022): an officer's memberships.

Registered from OrganizationsConfig.ready(). Memberships are personnel records: exported, and
kept on erasure with the legal reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.organizations.models import Membership
from satupintu.privacy import registry


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
    registry.register(
        "memberships",
        label=gettext_lazy("Keanggotaan petugas"),
        export=export_memberships,
        erase=erase_memberships,
    )
