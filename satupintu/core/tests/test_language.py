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
