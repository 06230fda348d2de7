"""A small realistic catalog, built through the catalog services as an admin would."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pytest

from satupintu.catalog import services

STANDARD = {
    "requirements": "Persyaratan sesuai dokumen di bawah.",
    "procedure": "1. Ajukan permohonan.\n2. Petugas memverifikasi.\n3. Dokumen diterbitkan.",
    "time_standard": "Dihitung sejak berkas lengkap.",
    "fee_standard": "Sesuai peraturan daerah.",
    "product": "Dokumen elektronik bertanda tangan elektronik.",
    "complaint_handling": "Pengaduan melalui SP4N-LAPOR! atau loket pengaduan.",
    "legal_basis": "UU 25/2009 tentang Pelayanan Publik.",
    "facilities": "Ruang tunggu, loket, komputer.",
    "competence": "Memahami administrasi kependudukan.",
    "internal_supervision": "Atasan langsung.",
    "staffing": "Tiga orang petugas.",
    "service_guarantee": "Layanan sesuai standar.",
    "security_guarantee": "Dokumen dijamin keasliannya.",
    "performance_evaluation": "Evaluasi setiap triwulan.",
}


def service_data(**overrides: Any) -> dict[str, Any]:
    return {**STANDARD, **overrides}


# Akta Kelahiran of agency A, active and free: the catalog's and the applications' tests both
# build it (each with its own category and documents).
AKTA: dict[str, Any] = {
    "name": "Akta Kelahiran",
    "name_en": "Birth certificate",
    "summary": "Penerbitan akta kelahiran untuk anak yang baru lahir.",
    "status": "active",
    "fee_amount": 0,
    "sla_working_days": 3,
    "output_product": "Kutipan akta kelahiran",
}


def add_active_services(world: Any, catalog: Any, names: Iterable[str], *, summary: str) -> None:
    """Active one-day services of agency A in civil registration, one per name (for paging)."""
    for name in names:
        services.service_create(
            actor=None,
            agency=world.agency_a,
            data=service_data(
                name=name,
                summary=summary,
                category=catalog.civil,
                status="active",
                sla_working_days=1,
                output_product="Salinan",
            ),
        )


@dataclass
class Catalog:
    civil: Any
    business: Any
    birth: Any
    moving: Any
    business_event: Any
    akta: Any
    kk: Any
    nib: Any
    pbg: Any
    draft: Any


@pytest.fixture
def catalog(world: Any) -> Catalog:
    civil = services.category_create(
        actor=None, slug="kependudukan", name="Kependudukan", name_en="Civil registration"
    )
    business = services.category_create(
        actor=None, slug="perizinan", name="Perizinan", name_en="Licensing"
    )
    birth = services.life_event_create(
        actor=None, slug="kelahiran", name="Kelahiran", name_en="Birth of a child"
    )
    moving = services.life_event_create(
        actor=None, slug="pindah-domisili", name="Pindah domisili", name_en="Moving house"
    )
    business_event = services.life_event_create(
        actor=None, slug="usaha", name="Memulai usaha", name_en="Starting a business"
    )
    akta = services.service_create(
        actor=world.admin_a,
        agency=world.agency_a,
        data=service_data(
            **AKTA,
            summary_en="Issuing a birth certificate for a newborn child.",
            category=civil,
            keywords="akte lahir anak bayi",
            life_events=[birth],
            documents=[
                {"name": "Surat keterangan kelahiran dari rumah sakit/bidan"},
                {"name": "Kartu Keluarga orang tua"},
            ],
        ),
    )
    kk = services.service_create(
        actor=world.admin_a,
        agency=world.agency_a,
        data=service_data(
            name="Perubahan Kartu Keluarga",
            summary="Pembaruan Kartu Keluarga karena pindah domisili atau anggota baru.",
            category=civil,
            status="active",
            sla_working_days=1,
            output_product="Kartu Keluarga",
            life_events=[moving, birth],
        ),
    )
    nib = services.service_create(
        actor=world.admin_b,
        agency=world.agency_b,
        data=service_data(
            name="Nomor Induk Berusaha (NIB) dan Perizinan Berusaha",
            name_en="Business identification number and business licence",
            summary="Pendaftaran usaha dan perizinan berbasis risiko melalui OSS.",
            category=business,
            status="active",
            sla_working_days=5,
            output_product="NIB",
            keywords="izin usaha oss umkm",
            life_events=[business_event],
        ),
    )
    pbg = services.service_create(
        actor=world.admin_b,
        agency=world.agency_b,
        data=service_data(
            name="Persetujuan Bangunan Gedung",
            summary="Persetujuan sebelum membangun atau mengubah bangunan gedung.",
            category=business,
            status="active",
            fee_amount=50000,
            sla_working_days=28,
            output_product="Dokumen PBG",
        ),
    )
    draft = services.service_create(
        actor=world.admin_a,
        agency=world.agency_a,
        data=service_data(
            name="Akta Kematian",
            summary="Pencatatan kematian penduduk.",
            category=civil,
            sla_working_days=3,
            output_product="Akta kematian",
        ),
    )
    return Catalog(civil, business, birth, moving, business_event, akta, kk, nib, pbg, draft)
