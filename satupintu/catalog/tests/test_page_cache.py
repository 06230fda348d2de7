"""Public pages are rendered once and served again without a query, yet never go stale, never
carry another visitor's CSRF token and are never kept for a signed-in person."""

from __future__ import annotations

import gzip
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from conftest import signed_in
from satupintu.catalog import services
from satupintu.catalog.tests.test_search_index import bandung  # noqa: F401 - a fixture
from satupintu.core import pagecache

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def hot_paths(catalog: Any) -> list[str]:
    return [
        "/",
        f"/layanan/{catalog.akta.slug}/",
        "/layanan/?q=akta+lahir",
        "/layanan/kategori/kependudukan/",
        "/instansi/",
        "/cek-status/",
        "/api/v1/services?q=akta",
    ]


def test_hot_pages_render_without_a_query_when_warm(
    catalog: Any, django_assert_num_queries: Any, settings: Any
) -> None:
    # Within the version-check interval (a slow machine must not make it lapse mid-test).
    settings.PAGE_CACHE_CHECK_SECONDS = 600
    client = Client()
    for path in hot_paths(catalog):
        first = client.get(path)
        assert first.status_code == 200, path
        with django_assert_num_queries(0):
            again = client.get(path)
        assert again.status_code == 200
        # The same page, but for the CSRF token, which is the visitor's own.
        assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode())


def test_a_catalog_change_shows_at_once(catalog: Any, world: Any) -> None:
    client = Client()
    assert "Akta Kelahiran" in client.get(f"/layanan/{catalog.akta.slug}/").content.decode()
    services.service_update(
        actor=world.admin_a,
        service=catalog.akta,
        data={"name": "Akta Kelahiran Anak"},
    )
    page = client.get(f"/layanan/{catalog.akta.slug}/").content.decode()
    assert "Akta Kelahiran Anak" in page
    assert "Akta Kelahiran Anak" in client.get("/layanan/?q=akta+lahir").content.decode()


def test_another_process_bump_is_seen_after_the_check_interval(catalog: Any, settings: Any) -> None:
    settings.PAGE_CACHE_CHECK_SECONDS = 0
    client = Client()
    client.get("/")
    # Another worker changed the catalog: it wrote a new version to the shared cache, and
    # changed a row this process never saw being saved.
    from satupintu.catalog.models import LifeEvent

    LifeEvent.objects.filter(slug="kelahiran").update(name="Kelahiran bayi")
    cache.set(pagecache.VERSION_KEY, "changed-elsewhere", timeout=None)
    assert "Kelahiran bayi" in client.get("/").content.decode()


def test_each_visitor_gets_their_own_csrf_token_and_it_works(catalog: Any) -> None:
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/cek-status/")
    page = second.get("/cek-status/")  # served from the kept page
    token = TOKEN.findall(page.content.decode())[0]
    first_token = TOKEN.findall(first.get("/cek-status/").content.decode())[0]
    assert token != first_token
    checked = second.post("/cek-status/", {"kode": "SP-TIDAKADA", "csrfmiddlewaretoken": token})
    assert checked.status_code != 403


def test_a_page_without_a_form_is_the_same_bytes_for_everyone_and_kept_gzipped(
    catalog: Any,
) -> None:
    plain = Client().get("/")
    assert "csrfmiddlewaretoken" not in plain.content.decode()
    first = Client().get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    again = Client().get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")  # from the store
    assert again.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in again.headers["Vary"]
    assert not again.cookies  # no CSRF cookie: nothing on the page needs one
    assert gzip.decompress(again.content) == gzip.decompress(first.content) == plain.content
    # A client that does not accept gzip gets the page as it is.
    assert Client().get("/").content == plain.content


def test_languages_are_kept_apart(catalog: Any) -> None:
    client = Client()
    indonesian = client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/")
    assert english.headers["Content-Language"] == "en"
    assert english.content.decode() != indonesian


def test_signed_in_pages_are_never_kept_nor_served_from_the_store(catalog: Any, world: Any) -> None:
    Client().get("/")  # keep the anonymous home page
    page = signed_in(world.siti).get("/").content.decode()
    assert "Keluar" in page and "Masuk" not in page


@pytest.mark.usefixtures("bandung")
def test_a_visitor_with_a_session_gets_a_fresh_page() -> None:
    client = Client()
    client.get("/layanan/?q=akta+lahir")
    # Choosing a regency writes the session: that answer is not kept, and later answers to this
    # visitor (now with a session) are rendered for them.
    chosen = client.get("/layanan/?q=akta+lahir&wilayah=32.04")
    assert chosen.status_code == 200
    assert "sessionid" in client.cookies
    assert ("/layanan/?q=akta+lahir", "id") in pagecache._store.pages
    assert not any("wilayah" in path for path, _ in pagecache._store.pages)


def test_turned_off_keeps_nothing(catalog: Any, settings: Any) -> None:
    settings.PAGE_CACHE_SECONDS = 0
    Client().get("/")
    assert not pagecache._store.pages
