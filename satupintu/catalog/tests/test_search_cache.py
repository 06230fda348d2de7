"""Remembered search results: a repeated search is one cache read, and every change of what a
search finds or shows is seen by the next search."""

from __future__ import annotations

from typing import Any

from django.test import Client

from satupintu.catalog import services
from satupintu.catalog.tests.conftest import service_data
from satupintu.organizations import services as organizations


def listed(response: Any) -> list[str]:
    return [s.name for s in response.context["page"].object_list]


def test_a_repeated_search_page_costs_one_cache_read(
    catalog: Any, django_assert_num_queries: Any, settings: Any
) -> None:
    # The remembered search itself, under a process that keeps no rendered page (which would
    # cost no query at all: test_page_cache).
    settings.PAGE_CACHE_SECONDS = 0
    first = Client().get("/layanan/", {"q": "akta"})
    # The summary (count, page, facets with their names) in one read; the filters' categories
    # and life events.
    with django_assert_num_queries(3):
        again = Client().get("/layanan/", {"q": "akta"})
    assert listed(again) == listed(first) and listed(first)
    assert again.context["page"].paginator.count == first.context["page"].paginator.count
    assert [r.count for r in again.context["facets"].agencies] == [
        r.count for r in first.context["facets"].agencies
    ]


def test_a_repeated_near_me_search_costs_one_cache_read_and_the_regency(
    catalog: Any, django_assert_num_queries: Any
) -> None:
    from satupintu.regions.models import Region

    Region.objects.create(
        code="32", name="Jawa Barat", level=1, kind="provinsi", search_name="jawa barat"
    )
    Region.objects.create(
        code="32.04", name="Kabupaten Bandung", level=2, kind="kabupaten", search_name="bandung"
    )
    client = Client()
    client.get("/layanan/", {"q": "akta", "wilayah": "32.04"})
    # The regency kept in the session, the session itself, the summary, categories and life
    # events.
    with django_assert_num_queries(5):
        client.get("/layanan/", {"q": "akta"})


def test_a_repeated_api_search_costs_one_cache_read(
    catalog: Any, django_assert_num_queries: Any, settings: Any
) -> None:
    # The remembered search itself, under a process that keeps no rendered page (which would
    # cost no query at all: test_page_cache).
    settings.PAGE_CACHE_SECONDS = 0
    first = Client().get("/api/v1/services", {"q": "akta"}).json()
    with django_assert_num_queries(1):
        again = Client().get("/api/v1/services", {"q": "akta"}).json()
    assert again == first and first["items"]


def test_an_edited_service_shows_at_the_next_search(catalog: Any) -> None:
    assert "Akta Kelahiran" in listed(Client().get("/layanan/", {"q": "akta"}))
    services.service_update(actor=None, service=catalog.akta, data={"name": "Akta Lahir Anak"})
    names = listed(Client().get("/layanan/", {"q": "akta"}))
    assert "Akta Lahir Anak" in names and "Akta Kelahiran" not in names
    api = Client().get("/api/v1/services", {"q": "akta"}).json()
    assert "Akta Lahir Anak" in [s["name"] for s in api["items"]]


def test_a_withdrawn_or_new_service_shows_at_the_next_search(catalog: Any, world: Any) -> None:
    Client().get("/layanan/", {"q": "akta"})
    Client().get("/api/v1/services", {"q": "akta"})
    services.service_set_status(actor=None, service=catalog.akta, status="draft")
    assert "Akta Kelahiran" not in listed(Client().get("/layanan/", {"q": "akta"}))
    api = Client().get("/api/v1/services", {"q": "akta"}).json()
    assert "akta-kelahiran" not in [s["slug"] for s in api["items"]]
    services.service_create(
        actor=None,
        agency=world.agency_a,
        data=service_data(
            name="Akta Kematian",
            summary="Penerbitan akta kematian.",
            category=catalog.civil,
            status="active",
            sla_working_days=3,
            output_product="Kutipan akta kematian",
        ),
    )
    assert "Akta Kematian" in listed(Client().get("/layanan/", {"q": "akta"}))


def test_a_new_synonym_applies_at_the_next_search(catalog: Any) -> None:
    assert listed(Client().get("/layanan/", {"q": "qwerty"})) == []
    services.search_synonym_add(actor=None, agency=None, term="qwerty", replacement="kelahiran")
    assert "Akta Kelahiran" in listed(Client().get("/layanan/", {"q": "qwerty"}))


def test_a_renamed_agency_or_category_shows_at_the_next_search(catalog: Any, world: Any) -> None:
    Client().get("/layanan/", {"q": "akta"})
    organizations.agency_update(
        actor=None, agency=world.agency_a, data={"short_name": "Dukcapil Baru"}
    )
    catalog.civil.name = "Administrasi Kependudukan"
    catalog.civil.save(update_fields=["name"])
    page = Client().get("/layanan/", {"q": "akta"}).content.decode()
    assert "Dukcapil Baru" in page and "Administrasi Kependudukan" in page
