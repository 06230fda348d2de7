"""A national catalog for tests and benchmarks (never demo data, never shipped to a deployment).

Every province and regency/city becomes an agency (its Mal Pelayanan Publik, where the
Disdukcapil, DPMPTSP, Dinkes and Bapenda counters of that government sit), plus national
ministries for what is left of `agencies`. Each agency offers the demo standards that fit its
level and derived variants of them (replacement of a lost document, data correction, copies,
mobile service…) until its share of `services`, with a skewed share per agency as in a real
country (big regencies publish many more services than small ones). Standards, documents and
life events are copied from the services `seed_demo` wrote; the search columns are then built
by `search_reindex_all`, exactly as the catalog services build them.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models.base import ModelState
from django.utils.text import slugify

from satupintu.catalog import services as catalog_services
from satupintu.catalog.models import RequiredDocument, Service
from satupintu.ledger import services as ledger
from satupintu.organizations import services as organizations
from satupintu.organizations.models import Agency
from satupintu.regions.models import Region

# Variants every agency derives from a standard: (name pattern, summary prefix).
VARIANTS: tuple[tuple[str, str], ...] = (
    ("Penggantian {output} Hilang atau Rusak", "Penerbitan kembali karena hilang atau rusak:"),
    ("Perbaikan Data {output}", "Pembetulan data yang salah pada"),
    ("Legalisasi {output}", "Pengesahan salinan"),
    ("Pelayanan Keliling {name}", "Layanan jemput bola di desa dan kelurahan untuk"),
    ("{name} bagi Penyandang Disabilitas", "Pendampingan khusus dan layanan di rumah untuk"),
    ("Penerbitan Ulang {name}", "Penerbitan ulang karena perubahan data:"),
    ("Konsultasi {name}", "Konsultasi dan pendampingan sebelum mengajukan"),
    ("Percepatan {name}", "Layanan prioritas bagi warga lanjut usia dan ibu hamil:"),
)
# Which demo standards a government of each level offers (by demo slug prefix).
NATIONAL_SLUGS = ("nib-oss-rba",)
PROVINCE_SLUGS = ("nib-oss-rba", "surat-izin-praktik-nakes", "slhs-rumah-makan")
MINISTRIES = (
    ("kemendagri-dukcapil", "Direktorat Jenderal Kependudukan dan Pencatatan Sipil", "Dukcapil"),
    ("kementerian-investasi", "Kementerian Investasi/BKPM", "BKPM"),
    ("kemenkes", "Kementerian Kesehatan", "Kemenkes"),
    ("kemenkeu-djp", "Direktorat Jenderal Pajak", "DJP"),
    ("kementerian-pupr", "Kementerian Pekerjaan Umum", "PU"),
)


@dataclass
class Generated:
    agencies: int
    services: int
    documents: int


def _agency_rows(count: int, regions: list[Region]) -> list[Agency]:
    rows: list[Agency] = []
    for region in regions[:count]:
        is_province = region.level == Region.Level.PROVINCE
        rows.append(
            Agency(
                slug=f"mpp-{slugify(region.code)}-{slugify(region.name)}"[:80],
                name=f"Mal Pelayanan Publik {region.name}",
                short_name="MPP",
                kind=Agency.Kind.PROVINCE if is_province else Agency.Kind.REGENCY,
                region=region,
            )
        )
    for n in range(max(0, count - len(rows))):
        slug, name, short = MINISTRIES[n % len(MINISTRIES)]
        suffix = "" if n < len(MINISTRIES) else f" Unit {n // len(MINISTRIES) + 1}"
        rows.append(
            Agency(
                slug=f"{slug}-{n + 1}",
                name=f"{name}{suffix}",
                short_name=short,
                kind=Agency.Kind.MINISTRY,
            )
        )
    return rows


def _templates_for(agency: Agency, templates: list[Service]) -> list[Service]:
    if agency.kind == Agency.Kind.MINISTRY:
        wanted: tuple[str, ...] | None = NATIONAL_SLUGS
    elif agency.kind == Agency.Kind.PROVINCE:
        wanted = PROVINCE_SLUGS
    else:
        wanted = None
    chosen = [t for t in templates if wanted is None or t.slug.startswith(wanted)]
    return chosen or templates[:1]


def generate(
    *,
    services: int,
    agencies: int,
    seed: int = 14,
    progress: Callable[[int], None] | None = None,
    reindex: bool = True,
) -> Generated:
    """Add `agencies` agencies and about `services` active services (system actor); with
    `reindex=False` the caller runs `reindex` itself (the benchmark times it)."""
    templates = list(
        Service.objects.filter(status=Service.Status.ACTIVE)
        .prefetch_related("life_events", "documents")
        .order_by("pk")
    )
    if not templates:
        raise ValueError("seed_demo first: the generator derives services from its standards")
    rng = random.Random(seed)
    regions = list(
        Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.REGENCY]).order_by(
            "level", "code"
        )
    )
    with transaction.atomic():
        # Agencies through their owner's service (organizations writes its own table).
        made = [
            organizations.agency_create(
                actor=None,
                data={
                    "slug": row.slug,
                    "name": row.name,
                    "short_name": row.short_name,
                    "kind": row.kind,
                    "region": row.region,
                },
            )
            for row in _agency_rows(agencies, regions)
        ]
        # Skew: a lognormal share per agency, like population; every agency offers at least
        # its level's standards once.
        weights = [rng.lognormvariate(0, 0.6) for _ in made]
        scale = services / sum(weights)
        quotas = [max(1, round(w * scale)) for w in weights]
        rows: list[Service] = []
        sources: list[Service] = []
        for agency, quota in zip(made, quotas, strict=True):
            own = _templates_for(agency, templates)
            place = agency.region.name if agency.region else "Nasional"
            for n in range(quota):
                template = own[n % len(own)]
                round_ = n // len(own)
                clone = copy.copy(template)
                clone.pk = None
                clone._state = ModelState()
                clone.agency = agency
                clone.search_name = clone.search_keys = clone.search_text = ""
                clone.slug = f"{template.slug[:40]}-{agency.pk}-{n}"
                if round_ == 0:
                    clone.name = template.name
                    clone.summary = f"{template.summary} ({place})"[:300]
                else:
                    pattern, prefix = VARIANTS[(round_ - 1) % len(VARIANTS)]
                    number = (round_ - 1) // len(VARIANTS)
                    name = pattern.format(output=template.output_product, name=template.name)
                    clone.name = (name if not number else f"{name} (Tahap {number + 1})")[:200]
                    clone.summary = f"{prefix} {template.name.lower()} di {place}."[:300]
                rows.append(clone)
                sources.append(template)
        created = Service.objects.bulk_create(rows, batch_size=500)
        through = Service.life_events.through
        through.objects.bulk_create(
            [
                through(service_id=service.pk, lifeevent_id=event.pk)
                for service, source in zip(created, sources, strict=True)
                for event in source.life_events.all()
            ],
            batch_size=2000,
        )
        documents = RequiredDocument.objects.bulk_create(
            [
                RequiredDocument(
                    service_id=service.pk,
                    name=doc.name,
                    name_en=doc.name_en,
                    description=doc.description,
                    is_required=doc.is_required,
                    order=doc.order,
                )
                for service, source in zip(created, sources, strict=True)
                for doc in source.documents.all()
            ],
            batch_size=2000,
        )
        ledger.record(
            None,
            "catalog.national_catalog.generate",
            None,
            {"agencies": len(made), "services": len(created), "seed": seed},
        )
    if reindex:
        catalog_services.search_reindex_all(progress=progress)
    return Generated(agencies=len(made), services=len(created), documents=len(documents))
