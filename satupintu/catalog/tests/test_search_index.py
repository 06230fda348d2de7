"""The indexed search: typos, abbreviations, regional words, synonyms kept by agencies, near-me
ordering, facets counted by the database and pages in a stable order."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import signed_in
from satupintu.catalog import search, selectors, services
from satupintu.catalog.models import SearchSynonym, Service
from satupintu.catalog.tests.conftest import add_active_services, service_data
from satupintu.core.errors import PermissionDenied, ServiceError
from satupintu.ledger.models import Entry
from satupintu.organizations.models import Agency
from satupintu.regions.models import Region


def names(query: str, **kwargs: Any) -> list[str]:
    return [s.name for s in search.search_services(query, **kwargs)]


def test_a_typo_finds_its_service(catalog: Any) -> None:
    assert names("akta kelahrian")[0] == "Akta Kelahiran"
    assert names("kartu keluraga")[0] == "Perubahan Kartu Keluarga"
    assert search.plan_query("akta kelahrian").corrections == {"kelahrian": "kelahiran"}


def test_an_abbreviation_finds_its_service(catalog: Any) -> None:
    # "imb" is the old name of the PBG; "kk" the card everyone calls by its letters.
    assert names("imb")[0] == "Persetujuan Bangunan Gedung"
    assert names("urus kk")[0] == "Perubahan Kartu Keluarga"


def test_a_regional_word_finds_its_service(catalog: Any) -> None:
    # "orok" is Sundanese for a newborn; the birth certificate's keywords say "bayi".
    assert "orok" not in catalog.akta.search_text
    assert names("orok")[0] == "Akta Kelahiran"


def test_the_old_spelling_akte_finds_akta(catalog: Any) -> None:
    services.service_update(actor=None, service=catalog.akta, data={"keywords": ""})
    assert names("akte kelahiran")[0] == "Akta Kelahiran"


def test_an_agency_admin_adds_a_regional_word_in_the_office(catalog: Any, world: Any) -> None:
    assert names("babaran") == []
    client = signed_in(world.admin_a)
    page = client.get(reverse("office:synonyms"))
    assert page.status_code == 200
    response = client.post(
        reverse("office:synonyms"),
        {"agency": world.agency_a.pk, "term": "Babaran", "replacement": "kelahiran"},
    )
    assert response.status_code == 302
    synonym = SearchSynonym.objects.get(term="babaran")
    assert synonym.agency == world.agency_a
    assert Entry.objects.filter(action="catalog.search_synonym.add").count() == 1
    assert names("babaran")[0] == "Akta Kelahiran"


def test_synonym_writes_are_checked_and_refuse_bad_input(catalog: Any, world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.search_synonym_add(
            actor=world.admin_b, agency=world.agency_a, term="babaran", replacement="lahir"
        )
    with pytest.raises(PermissionDenied):
        services.search_synonym_add(actor=world.admin_a, agency=None, term="x", replacement="y")
    with pytest.raises(ServiceError):
        services.search_synonym_add(
            actor=world.admin_a, agency=world.agency_a, term="  %% ", replacement="lahir"
        )
    with pytest.raises(ServiceError):
        services.search_synonym_add(
            actor=world.admin_a, agency=world.agency_a, term="akte", replacement="akta"
        )
    mine = services.search_synonym_add(
        actor=world.admin_a, agency=world.agency_a, term="babaran", replacement="lahir"
    )
    # Another agency's admin may not remove it, through the service or the office page.
    with pytest.raises(PermissionDenied):
        services.search_synonym_remove(actor=world.admin_b, synonym=mine)
    other = signed_in(world.admin_b)
    assert other.post(reverse("office:synonym_remove"), {"synonym": mine.pk}).status_code == 403
    assert other.post(reverse("office:synonym_remove"), {"synonym": "x"}).status_code == 404
    assert SearchSynonym.objects.filter(pk=mine.pk).exists()
    mine_client = signed_in(world.admin_a)
    assert (
        mine_client.post(reverse("office:synonym_remove"), {"synonym": mine.pk}).status_code == 302
    )
    assert not SearchSynonym.objects.filter(pk=mine.pk).exists()
    assert Entry.objects.filter(action="catalog.search_synonym.remove").count() == 1


def test_the_office_form_shows_a_bad_word_in_indonesian(catalog: Any, world: Any) -> None:
    client = signed_in(world.admin_a)
    response = client.post(
        reverse("office:synonyms"),
        {"agency": world.agency_a.pk, "term": "akte", "replacement": "akta"},
    )
    assert response.status_code == 200
    assert "Sinonim ini sudah ada." in response.content.decode()


def test_citizens_and_officers_who_are_not_admins_get_403(catalog: Any, world: Any) -> None:
    assert signed_in(world.siti).get(reverse("office:synonyms")).status_code == 403
    assert signed_in(world.verifier).get(reverse("office:synonyms")).status_code == 403


def test_the_index_follows_status_changes(catalog: Any) -> None:
    services.service_set_status(actor=None, service=catalog.akta, status="draft")
    assert "Akta Kelahiran" not in names("akta kelahiran")
    services.service_publish(actor=None, service=catalog.akta)
    assert names("akta kelahiran")[0] == "Akta Kelahiran"


def test_reindex_rebuilds_the_index_from_the_stored_words(catalog: Any) -> None:
    # A bulk write that bypasses the services (a restore, a script) is caught up by `reindex`.
    Service.objects.filter(pk=catalog.pbg.pk).update(search_keys=" zebra ")
    call_command("reindex", "--quiet")
    assert names("zebra") == []  # rebuilt from the standard itself: the stray word is gone
    assert names("bangunan")[0] == "Persetujuan Bangunan Gedung"
    assert search.suggest("banguann") == "bangunan"


def test_facets_are_counted_by_the_database(catalog: Any, world: Any) -> None:
    results = search.search_services("kartu keluarga akta")
    counted = search.facets(results)
    assert counted.agency == {world.agency_a.pk: 2}
    assert counted.category == {catalog.civil.pk: 2}
    assert counted.life_event == {catalog.birth.pk: 2, catalog.moving.pk: 1}


def test_pages_never_overlap(catalog: Any, world: Any) -> None:
    names = [f"Legalisasi Dokumen {n % 3}" for n in range(25)]
    add_active_services(world, catalog, names, summary="Legalisasi salinan dokumen kependudukan.")
    response = [
        Client().get("/layanan/", {"q": "legalisasi dokumen", "halaman": p}) for p in (1, 2)
    ]
    pages = [[s.pk for s in r.context["page"].object_list] for r in response]
    total = response[0].context["page"].paginator.count
    assert total >= 25 and len(pages[0]) == 20 and len(pages[1]) == total - 20
    assert not set(pages[0]) & set(pages[1])


@pytest.fixture
def bandung(catalog: Any) -> dict[str, Any]:
    west_java = Region.objects.create(
        code="32", name="Jawa Barat", level=1, kind="provinsi", search_name="jawa barat"
    )
    regencies = {
        code: Region.objects.create(
            code=code,
            name=name,
            level=2,
            kind="kabupaten",
            parent=west_java,
            search_name=name.removeprefix("Kabupaten ").lower(),
        )
        for code, name in (("32.04", "Kabupaten Bandung"), ("32.05", "Kabupaten Garut"))
    }
    made = {}
    # Garut's service is made first, so id order alone would put it first.
    for code, slug in (("32.05", "garut"), ("32.04", "bandung"), ("32", "jabar"), (None, "pusat")):
        agency = Agency.objects.create(
            slug=f"disdukcapil-{slug}",
            name=f"Disdukcapil {slug.title()}",
            kind=Agency.Kind.REGIONAL_OFFICE,
            region_id=code,
        )
        made[slug] = services.service_create(
            actor=None,
            agency=agency,
            data=service_data(
                name="Akta Kelahiran",
                summary="Penerbitan akta kelahiran.",
                category=catalog.civil,
                status="active",
                sla_working_days=3,
                output_product="Kutipan akta kelahiran",
            ),
        )
    return {"regions": regencies, "services": made}


def test_a_citizen_in_kabupaten_bandung_sees_bandung_first(bandung: dict[str, Any]) -> None:
    client = Client()
    response = client.get("/layanan/", {"q": "akta kelahiran", "wilayah": "32.04"})
    found = [s.agency.slug for s in response.context["page"].object_list]
    found.remove("disdukcapil-contoh")  # the test world's agency has no region: national
    assert found[0] == "disdukcapil-bandung"
    # Then the province's and national services; another regency's only when widened.
    assert found[1:3] == ["disdukcapil-jabar", "disdukcapil-pusat"]
    assert "disdukcapil-garut" not in found
    # The choice is kept in the session for the next search.
    again = client.get("/layanan/", {"q": "akta kelahiran", "cakupan": "semua"})
    widened = [s.agency.slug for s in again.context["page"].object_list]
    assert widened.index("disdukcapil-bandung") < widened.index("disdukcapil-garut")
    assert "disdukcapil-garut" in widened
    # Forgetting the region lists everyone again, by relevance and id.
    plain = client.get("/layanan/", {"q": "akta kelahiran", "wilayah": ""})
    assert "disdukcapil-garut" in [s.agency.slug for s in plain.context["page"].object_list]


def test_a_citizen_known_to_live_in_bandung_sees_bandung_first(
    bandung: dict[str, Any], world: Any
) -> None:
    village = Region.objects.create(
        code="32.04.01.2001",
        name="Sukamaju",
        level=4,
        kind="desa",
        parent=bandung["regions"]["32.04"],
        search_name="sukamaju",
    )
    world.siti.address_region = village
    world.siti.save(update_fields=["address_region"])
    response = signed_in(world.siti).get("/layanan/", {"q": "akta kelahiran"})
    assert response.context["page"].object_list[0].agency.slug == "disdukcapil-bandung"


def test_an_unknown_region_choice_is_ignored(bandung: dict[str, Any]) -> None:
    response = Client().get("/layanan/", {"q": "akta", "wilayah": "99.99'--"})
    assert response.status_code == 200
    assert response.context["near"] is None


def test_near_me_order_holds_in_the_selector(bandung: dict[str, Any]) -> None:
    near = bandung["regions"]["32.04"]
    filters = selectors.ServiceFilters(query="akta kelahiran", near=near)
    slugs = [s.agency.slug for s in selectors.service_search(filters)]
    slugs.remove("disdukcapil-contoh")
    assert slugs[:4] == [
        "disdukcapil-bandung",
        "disdukcapil-jabar",
        "disdukcapil-pusat",
        "disdukcapil-garut",
    ]


def test_a_repeated_region_choice_does_not_rewrite_the_session(bandung: dict[str, Any]) -> None:
    client = Client()
    first = client.get("/layanan/", {"q": "akta", "wilayah": "32.04"})
    assert first.wsgi_request.session.modified
    again = client.get("/layanan/", {"q": "akta", "wilayah": "32.04"})
    assert not again.wsgi_request.session.modified
    assert again.context["near"].code == "32.04"
