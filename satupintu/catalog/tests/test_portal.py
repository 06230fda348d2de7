from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import signed_in
from satupintu.catalog import services
from satupintu.catalog.tests.conftest import add_active_services


def client_for(user: Any = None) -> Client:
    return Client() if user is None else signed_in(user)


def html(response: Any) -> str:
    return response.content.decode()


def test_home_offers_search_life_events_and_categories(catalog: Any) -> None:
    page = html(Client().get("/"))
    assert 'action="/layanan/"' in page and 'name="q"' in page
    assert reverse("portal:life_event", args=["kelahiran"]) in page
    assert reverse("portal:category", args=["perizinan"]) in page
    assert page.count("<h1") == 1


def test_search_page_finds_birth_certificate_from_word_forms(catalog: Any) -> None:
    response = Client().get("/layanan/", {"q": "pembuatan akta"})
    assert response.status_code == 200
    assert "Akta Kelahiran" in html(response)
    assert "Persetujuan Bangunan Gedung" not in html(response)


@pytest.mark.parametrize(
    ("params", "present", "absent"),
    [
        ({"kategori": "perizinan"}, "Persetujuan Bangunan Gedung", "Akta Kelahiran"),
        ({"peristiwa": "kelahiran"}, "Akta Kelahiran", "Persetujuan Bangunan Gedung"),
        ({"instansi": "dpmptsp-contoh"}, "Nomor Induk Berusaha", "Perubahan Kartu Keluarga"),
    ],
)
def test_filters_work_as_plain_links(catalog: Any, params: Any, present: str, absent: str) -> None:
    page = html(Client().get("/layanan/", params))
    assert present in page and absent not in page


def test_browse_pages_by_category_and_life_event(catalog: Any) -> None:
    page = html(Client().get(reverse("portal:life_event", args=["pindah-domisili"])))
    assert "Perubahan Kartu Keluarga" in page and "Akta Kelahiran" not in page
    page = html(Client().get(reverse("portal:category", args=["kependudukan"])))
    assert "Akta Kelahiran" in page and "Nomor Induk Berusaha" not in page
    assert Client().get(reverse("portal:category", args=["tidak-ada"])).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"halaman": "x"},
        {"halaman": "999"},
        {"kategori": "tidak-ada"},
        {"q": "a" * 5000},
        {"q": "\x00"},
    ],
)
def test_bad_list_input_never_breaks_the_page(catalog: Any, params: dict[str, str]) -> None:
    assert Client().get("/layanan/", params).status_code == 200


def test_list_paginates_by_twenty(catalog: Any, world: Any) -> None:
    names = [f"Legalisir dokumen {i:02d}" for i in range(21)]
    add_active_services(world, catalog, names, summary="Legalisir.")
    first = html(Client().get("/layanan/", {"q": "legalisir"}))
    assert "Legalisir dokumen 19" in first and "Legalisir dokumen 20" not in first
    assert "halaman=2" in first and "q=legalisir" in first
    second = html(Client().get("/layanan/", {"q": "legalisir", "halaman": "2"}))
    assert "Legalisir dokumen 20" in second


def test_service_list_query_count_is_fixed(
    catalog: Any, django_assert_num_queries: Any, settings: Any
) -> None:
    # The rendering itself: a kept page costs no query at all (test_page_cache).
    settings.PAGE_CACHE_SECONDS = 0
    # A search nobody made since the catalog last changed: the remembered summary and the
    # catalog version (one read), synonyms and vocabulary of the query words, one statement
    # for the facet counts (agency × category × area, whose sum is the count; life event) and
    # the page of ids, its services and the names of the counted agencies, categories and
    # life events (no area: the test agencies have no region), storing the summary (count, savepoint, look-up, insert, release),
    # categories and life events for the filters. The same search again is one read
    # (test_search_cache).
    with django_assert_num_queries(15):
        Client().get("/layanan/", {"q": "akta"})


def test_service_page_shows_the_public_standard(catalog: Any) -> None:
    response = Client().get(reverse("portal:service", args=[catalog.akta.slug]))
    page = html(response)
    assert response.status_code == 200
    assert page.count("<h1") == 1
    for text in (
        "Akta Kelahiran",
        "Surat keterangan kelahiran dari rumah sakit/bidan",  # required documents
        "Petugas memverifikasi",  # procedure
        "3 hari kerja",
        "Gratis",
        "SP4N-LAPOR!",  # complaint handling
        "Kami sanggup menyelenggarakan pelayanan",  # maklumat
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Contoh",
        'class="breadcrumb"',
    ):
        assert text in page, text
    assert "Rp 50.000" in html(Client().get(reverse("portal:service", args=[catalog.pbg.slug])))


def test_service_page_has_no_inline_script_or_style_and_is_light(catalog: Any) -> None:
    response = Client().get(reverse("portal:service", args=[catalog.akta.slug]))
    page = html(response)
    assert "<script" not in page and "style=" not in page and "<style" not in page
    assert not re.search(r'(src|href)="https?://', page.replace('href="https://', "x"))
    assert len(response.content) < 50_000


def test_draft_is_404_for_the_public_and_other_agencies(catalog: Any, world: Any) -> None:
    url = reverse("portal:service", args=[catalog.draft.slug])
    assert Client().get(url).status_code == 404
    assert client_for(world.siti).get(url).status_code == 404
    assert client_for(world.admin_b).get(url).status_code == 404


def test_officers_of_the_agency_may_preview_a_draft(catalog: Any, world: Any) -> None:
    response = client_for(world.verifier).get(reverse("portal:service", args=[catalog.draft.slug]))
    assert response.status_code == 200
    assert "Pratinjau" in html(response)


INTERNAL = "Evaluasi setiap triwulan."


@pytest.mark.parametrize("persona", [None, "siti", "admin_b"])
def test_internal_components_are_hidden_from_outsiders(
    catalog: Any, world: Any, persona: str | None
) -> None:
    user = world.persona(persona) if persona else None
    page = html(client_for(user).get(reverse("portal:service", args=[catalog.akta.slug])))
    assert INTERNAL not in page and "UU 25/2009 tentang Pelayanan Publik" not in page


@pytest.mark.parametrize("persona", ["verifier", "admin_a", "auditor"])
def test_internal_components_are_shown_to_officers_of_the_agency(
    catalog: Any, world: Any, persona: str
) -> None:
    page = html(
        client_for(world.persona(persona)).get(reverse("portal:service", args=[catalog.akta.slug]))
    )
    assert INTERNAL in page and "UU 25/2009 tentang Pelayanan Publik" in page


def test_english_switch_shows_english_content(catalog: Any) -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/layanan/"})
    assert response.status_code == 302
    page = html(client.get(reverse("portal:service", args=[catalog.akta.slug])))
    assert '<html lang="en">' in page
    assert "Birth certificate" in page
    assert "Issuing a birth certificate for a newborn child." in page
    assert "Civil registration" in page
    assert "3 working days" in page and "Free" in page
    # Services without an English name fall back to Indonesian.
    assert "Perubahan Kartu Keluarga" in html(client.get("/layanan/"))


def english_client() -> Client:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_english_page_shows_what_the_agency_wrote_in_english(catalog: Any, world: Any) -> None:
    first = catalog.akta.documents.first()
    services.service_edit(
        actor=world.admin_a,
        service=catalog.akta,
        data={
            "requirements_en": "The documents listed below.",
            "procedure_en": "1. Apply.\n2. An officer checks.\n3. The document is issued.",
            "output_product_en": "Birth certificate extract",
        },
        documents=services.DocumentEdits(
            update=[(first, {"name_en": "Birth letter", "description_en": "From the midwife"})]
        ),
        agency_data={"maklumat_en": "We pledge to serve you as the standard says."},
    )
    page = html(english_client().get(reverse("portal:service", args=[catalog.akta.slug])))
    for text in (
        "<h1>Birth certificate</h1>",
        '<p class="std">The documents listed below.</p>',
        "An officer checks.",
        "<dd>Birth certificate extract</dd>",
        "<span>Birth letter</span>",
        '<span class="muted">From the midwife</span>',
        '<blockquote class="std">We pledge to serve you as the standard says.</blockquote>',
    ):
        assert text in page, text
    assert "Petugas memverifikasi" not in page and "Kami sanggup" not in page
    # What has no English version stays Indonesian and says so.
    assert '<span lang="id">Kartu Keluarga orang tua</span>' in page
    assert (
        '<p class="std" lang="id">Pengaduan melalui SP4N-LAPOR! atau loket pengaduan.</p>' in page
    )


def test_english_page_marks_indonesian_fallbacks_with_lang_id(catalog: Any) -> None:
    page = html(english_client().get(reverse("portal:service", args=[catalog.kk.slug])))
    assert '<h1 lang="id">Perubahan Kartu Keluarga</h1>' in page
    assert '<p class="lead" lang="id">Pembaruan Kartu Keluarga' in page
    assert '<p class="std" lang="id">1. Ajukan permohonan.' in page
    assert '<dd lang="id">Kartu Keluarga</dd>' in page
    assert '<blockquote class="std" lang="id">Kami sanggup' in page
    listing = html(english_client().get("/layanan/"))
    assert 'lang="id">Perubahan Kartu Keluarga</a>' in listing
    assert '"id">Birth certificate' not in listing


def test_indonesian_page_has_no_lang_marks_on_content(catalog: Any) -> None:
    page = html(Client().get(reverse("portal:service", args=[catalog.kk.slug])))
    assert 'lang="id">' not in page.replace('<html lang="id">', "")


def test_indonesian_is_the_default(catalog: Any) -> None:
    page = html(Client().get(reverse("portal:service", args=[catalog.akta.slug])))
    assert (
        '<html lang="id">' in page and "Akta Kelahiran" in page and "Birth certificate" not in page
    )
