"""The accounts part of a person's data (UU 27/2022): the profile, exported and erased.

Registered from AccountsConfig.ready(); the writes go through accounts.services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.accounts import services
from satupintu.privacy import registry
from satupintu.privacy import services as privacy_services


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _region_name(user: Any) -> str:
    """The village with its district, regency and province, as a person reads it."""
    region = user.address_region
    if region is None:
        return ""
    return f"{region.name}, {region.path}" if region.path else str(region.name)


def export_account(user: Any) -> dict[str, Any]:
    # The owner's own copy: contacts and identifiers decrypted, in full.
    return {
        "email": user.email or "",
        "full_name": user.full_name,
        "nik": user.nik or "",
        "phone": user.phone or "",
        "nip": user.nip,
        "kind": user.kind,
        "language": user.language,
        "preferred_channel": user.preferred_channel,
        "address_region": user.address_region_id,
        "address_region_name": _region_name(user),
        "address_street": user.address_street or "",
        "email_verified_at": _iso(user.email_verified_at),
        "phone_verified_at": _iso(user.phone_verified_at),
        "is_active": user.is_active,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
    }


def erase_account(user: Any) -> registry.ErasureReport:
    what = _("Profil akun")
    if user.is_officer or user.is_staff:
        return registry.ErasureReport(
            retained=[
                (
                    what,
                    _(
                        "akun petugas (ASN) adalah data kepegawaian yang wajib disimpan "
                        "sebagai kewajiban hukum; hubungi pengelola kepegawaian instansi"
                    ),
                )
            ]
        )
    services.user_anonymise(actor=None, user=user)
    return registry.ErasureReport(
        erased=[
            _(
                "Profil akun: nama, email, NIK, nomor ponsel, alamat dan kata sandi "
                "(akun dinonaktifkan)"
            )
        ]
    )


def correct_account(actor: Any, user: Any, changes: Mapping[str, str]) -> list[str]:
    return services.user_correct(actor=actor, user=user, changes=changes)


def register() -> None:
    registry.register(
        "account",
        label=gettext_lazy("Profil akun"),
        export=export_account,
        erase=erase_account,
        erase_order=100,
    )
    privacy_services.register_correction(correct_account)
    privacy_services.register_purpose(
        services.ACCOUNT_PURPOSE,
        consequence=gettext_lazy(
            "Anda tidak dapat lagi mengajukan permohonan daring baru dengan akun ini. "
            "Permohonan yang sudah diajukan tetap diselesaikan sebagai kewajiban pelayanan "
            "publik (UU 25/2009). Untuk menghapus akun, ajukan permintaan penghapusan."
        ),
    )
