"""The complaints world: Dinas Kesehatan (health, with its liaison and supervisor) beside the
shared agency A (Disdukcapil) and its liaison; a rule sends health complaints to Dinas Kesehatan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from conftest import make_officer
from satupintu.applications.tests.conftest import make_png


@dataclass
class Health:
    dinkes: Any
    liaison: Any
    supervisor: Any
    category: Any
    other_category: Any


@pytest.fixture
def health(world: Any) -> Health:
    from satupintu.catalog.models import Category
    from satupintu.complaints.models import RoutingRule
    from satupintu.organizations.models import Agency, Role

    dinkes = Agency.objects.create(
        slug="dinkes-contoh",
        name="Dinas Kesehatan Kabupaten Contoh",
        short_name="Dinkes",
        kind=Agency.Kind.REGIONAL_OFFICE,
    )
    category, _ = Category.objects.get_or_create(
        slug="kesehatan", defaults={"name": "Kesehatan", "name_en": "Health", "order": 3}
    )
    other, _ = Category.objects.get_or_create(
        slug="kependudukan",
        defaults={"name": "Kependudukan", "name_en": "Civil registration", "order": 1},
    )
    RoutingRule.objects.create(category=category, agency=dinkes)
    RoutingRule.objects.create(category=other, agency=world.agency_a)
    return Health(
        dinkes=dinkes,
        liaison=make_officer(
            "aduan@dinkes.go.id", dinkes, Role.COMPLAINT_LIAISON, "199104042015022006"
        ),
        supervisor=make_officer(
            "kepala@dinkes.go.id", dinkes, Role.SUPERVISOR, "197804042005022001"
        ),
        category=category,
        other_category=other,
    )


def png_upload(name: str = "foto.png") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, make_png(), content_type="image/png")


def filing(**overrides: Any) -> Any:
    from satupintu.complaints.services import Filing

    values: dict[str, Any] = {
        "kind": "pengaduan",
        "privacy": "anonim",
        "subject": "Antrean puskesmas sangat lama",
        "description": "Saya menunggu lima jam di puskesmas tanpa kepastian jadwal dokter.",
    }
    values.update(overrides)
    return Filing(**values)
