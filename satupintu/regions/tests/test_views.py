from __future__ import annotations

from typing import Any

from satupintu.regions.tests.conftest import Loaded

SEARCH = "/wilayah/cari/"


def test_search_page_works_without_javascript(regions: Loaded, client: Any) -> None:
    response = client.get(SEARCH, {"q": "bandung"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert '<label for="id_q">' in html
    assert 'method="get"' in html
    assert html.index("Kabupaten Bandung") < html.index("Kabupaten Bandung Barat")
    assert 'href="/wilayah/32.73/"' in html


def test_htmx_request_gets_only_the_results(regions: Loaded, client: Any) -> None:
    response = client.get(SEARCH, {"q": "depok"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "<form" not in html
    assert "Kota Depok" in html
    assert response.templates[0].name == "regions/_results.html"


def test_empty_query_lists_the_provinces(regions: Loaded, client: Any) -> None:
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert len(response.context["results"]) == 38
    assert "Provinsi di Indonesia" in response.content.decode()


def test_search_within_a_region(regions: Loaded, client: Any) -> None:
    response = client.get(SEARCH, {"q": "kemiri", "dalam": "32.76"})
    assert [r.code for r in response.context["results"]] == ["32.76.06.1004"]


def test_too_long_query_gets_a_clear_message(regions: Loaded, client: Any) -> None:
    response = client.get(SEARCH, {"q": "a" * 101})
    assert response.status_code == 400
    assert "Kata pencarian paling banyak 100 karakter." in response.content.decode()


def test_unknown_level_and_parent_get_clear_messages(regions: Loaded, client: Any) -> None:
    html = client.get(SEARCH, {"q": "depok", "level": "9"}).content.decode()
    assert "Pilih tingkat wilayah dari daftar." in html
    html = client.get(SEARCH, {"level": "abc"}).content.decode()
    assert "Pilih tingkat wilayah dari daftar." in html
    response = client.get(SEARCH, {"q": "x", "dalam": "<script>"})
    assert response.status_code == 400
    assert "Wilayah induk dengan kode itu tidak ditemukan." in response.content.decode()


def test_htmx_error_is_swappable(regions: Loaded, client: Any) -> None:
    response = client.get(SEARCH, {"q": "a" * 101}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_region_page_shows_breadcrumb_and_children(regions: Loaded, client: Any) -> None:
    response = client.get("/wilayah/32.76.06/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('href="/wilayah/32/"') < html.index('href="/wilayah/32.76/"')
    assert 'aria-current="page"' in html
    assert "Kemiri Muka" in html
    assert len(response.context["children"]) == 6


def test_village_page_shows_its_postal_code(regions: Loaded, client: Any) -> None:
    html = client.get("/wilayah/32.76.06.1004/").content.decode()
    assert "16423" in html
    assert "Kelurahan" in html


def test_bad_region_code_gets_a_404_page_with_a_message(regions: Loaded, client: Any) -> None:
    for code in ("99", "abc", "3" * 300):
        response = client.get(f"/wilayah/{code}/")
        assert response.status_code == 404
        assert "Wilayah dengan kode itu tidak ditemukan." in response.content.decode()
