from __future__ import annotations

from typing import Any

from django.test import Client

from satupintu.catalog.tests.conftest import catalog  # noqa: F401 - fixture
from satupintu.organizations import services


def test_agency_list_shows_active_agencies_with_service_counts(catalog: Any, world: Any) -> None:  # noqa: F811
    services.agency_update(actor=None, agency=world.agency_b, data={"is_active": False})
    page = Client().get("/instansi/").content.decode()
    assert "Dinas Kependudukan" in page and "2 layanan" in page
    assert "Dinas Penanaman Modal" not in page


def test_agency_page_has_profile_maklumat_and_active_services(catalog: Any, world: Any) -> None:  # noqa: F811
    services.agency_update(
        actor=world.admin_a,
        agency=world.agency_a,
        data={"phone": "(0271) 123456", "opening_hours": "Senin–Jumat 08.00–15.00"},
    )
    response = Client().get("/instansi/disdukcapil-contoh/")
    page = response.content.decode()
    assert response.status_code == 200 and page.count("<h1") == 1
    for text in ("(0271) 123456", "Senin–Jumat 08.00–15.00", "Kami sanggup", "Akta Kelahiran"):
        assert text in page
    assert "Akta Kematian" not in page  # draft
    assert len(response.content) < 50_000


def test_unknown_or_inactive_agency_is_404(world: Any) -> None:
    services.agency_update(actor=None, agency=world.agency_b, data={"is_active": False})
    assert Client().get("/instansi/tidak-ada/").status_code == 404
    assert Client().get("/instansi/dpmptsp-contoh/").status_code == 404


def test_the_agency_dpo_is_published_on_its_page_and_the_privacy_policy(world: Any) -> None:
    services.agency_update(
        actor=None, agency=world.agency_a, data={"dpo_contact": "ppdp@disdukcapil.example"}
    )
    page = Client().get("/instansi/disdukcapil-contoh/").content.decode()
    assert "ppdp@disdukcapil.example" in page
    policy = Client().get("/privasi/kebijakan/").content.decode()
    assert "ppdp@disdukcapil.example" in policy
    assert "Masa simpan data" in policy
    assert "hari" in policy  # the seeded retention periods
