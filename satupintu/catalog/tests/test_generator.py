"""The national catalog generator (benchmarks and tests only) and the reindex command."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from satupintu.catalog import search
from satupintu.catalog.models import Service
from satupintu.organizations.models import Agency
from satupintu.regions.models import Region


@pytest.fixture
def country(db: Any) -> None:
    for code, name in (("32", "Jawa Barat"), ("33", "Jawa Tengah")):
        province = Region.objects.create(
            code=code, name=name, level=1, kind="provinsi", search_name=name.lower()
        )
        for n, regency in enumerate(("Bandung", "Garut", "Cilacap")[: 2 if code == "32" else 1]):
            Region.objects.create(
                code=f"{code}.{n + 1:02d}",
                name=f"Kabupaten {regency}",
                level=2,
                kind="kabupaten",
                parent=province,
                search_name=regency.lower(),
            )
    call_command("seed_demo", stdout=io.StringIO())


def test_every_province_and_regency_becomes_an_agency(country: None) -> None:
    before = Service.objects.count()
    call_command(
        "generate_catalog", "--services", "300", "--agencies", "7", "--quiet", stdout=io.StringIO()
    )
    made = Agency.objects.filter(slug__startswith="mpp-")
    assert set(made.values_list("region_id", flat=True)) == {"32", "33", "32.01", "32.02", "33.01"}
    assert Agency.objects.filter(kind=Agency.Kind.MINISTRY).count() == 2
    assert 280 <= Service.objects.count() - before <= 320
    # Derived services are indexed like any other: the regency's own birth certificate first.
    near = Region.objects.get(code="32.02")
    first = search.search_services("akta kelahiran", near=near, nearby_only=True)[0]
    assert first.agency.region_id == "32.02"
    assert "Akta Kelahiran" in first.name


def test_the_generator_refuses_production(country: None, monkeypatch: Any) -> None:
    monkeypatch.setenv("SATUPINTU_ENV", "production")
    with pytest.raises(CommandError):
        call_command("generate_catalog", "--services", "10", "--agencies", "2", "--quiet")
    assert not Agency.objects.filter(slug__startswith="mpp-").exists()


def test_reindex_prints_a_progress_bar_and_the_count(country: None) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("reindex", stdout=out, stderr=err)
    assert f"{Service.objects.count()} layanan diindeks" in out.getvalue()
    assert "reindex" in err.getvalue()
