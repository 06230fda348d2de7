import html
import re

import pytest


@pytest.mark.django_db
def test_pages_are_indonesian_even_when_the_browser_asks_for_english(client) -> None:
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in page


@pytest.mark.django_db
def test_choosing_english_switches_the_pages(client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert '<html lang="en">' in page


@pytest.mark.django_db
def test_the_api_honours_accept_language(client) -> None:
    english = client.get("/api/v1/services/tidak-ada", HTTP_ACCEPT_LANGUAGE="en").json()
    indonesian = client.get("/api/v1/services/tidak-ada").json()
    assert english["status"] == indonesian["status"] == 404
    assert english["detail"] != indonesian["detail"]


@pytest.mark.django_db
def test_the_language_link_in_the_header_switches_without_a_form(client) -> None:
    page = client.get("/layanan/?q=akta+lahir").content.decode()
    link = re.search(r'<a class="lang" href="([^"]+)"[^>]*>English</a>', page)
    assert link is not None
    href = html.unescape(link.group(1))
    assert href == "/i18n/setlang/?language=en&next=/layanan/%3Fq%3Dakta%2Blahir"
    response = client.get(href)  # a plain link: no JavaScript, no CSRF token
    assert response.status_code == 302 and response.url == "/layanan/?q=akta+lahir"
    assert '<html lang="en">' in client.get(response.url).content.decode()
    back = client.get("/i18n/setlang/?language=id&next=/")
    assert '<html lang="id">' in client.get(back.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    ["https://jahat.example/", "//jahat.example/x", "http://testserver.jahat.example/", "\\\\x"],
)
def test_the_language_switch_never_sends_anyone_to_another_site(client, next_url) -> None:
    response = client.get("/i18n/setlang/", {"language": "en", "next": next_url})
    assert response.status_code == 302 and response.url == "/"
    assert client.cookies["satupintu_lang"].value == "en"


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing(client) -> None:
    response = client.get("/i18n/setlang/", {"language": "xx", "next": "/layanan/"})
    assert response.status_code == 302 and response.url == "/layanan/"
    assert "satupintu_lang" not in client.cookies


@pytest.mark.django_db
def test_switching_by_post_still_needs_the_csrf_token() -> None:
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    assert browser.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 403
