"""The API shows NIKs as the pages do, and its documentation page needs no outside host."""

from __future__ import annotations

import json
import re
from typing import Any

from django.contrib.staticfiles import finders
from django.test import Client

from satupintu.applications.tests.conftest import MOTHER_NIK, return_for_correction


def _detail(user: Any, application: Any) -> dict[str, Any]:
    client = Client()
    client.force_login(user)
    response = client.get(f"/api/v1/applications/{application.public_id}")
    assert response.status_code == 200
    return dict(response.json())


def test_a_submitted_application_shows_every_nik_masked(world: Any, submitted: Any) -> None:
    body = _detail(world.siti, submitted.application)
    assert MOTHER_NIK not in str(body)
    assert body["answers"]["mother_nik"] == MOTHER_NIK[:4] + "*" * 8 + MOTHER_NIK[-4:]
    assert body["answers"]["child_name"]  # other answers stay as typed


def test_a_draft_shows_the_answers_as_the_form_does(world: Any, complete_draft: Any) -> None:
    assert _detail(world.siti, complete_draft)["answers"]["mother_nik"] == MOTHER_NIK


def test_a_correction_request_opens_the_answers_again(world: Any, submitted: Any) -> None:
    application = submitted.application
    return_for_correction(world, application, "Perbaiki NIK ibu.")
    assert _detail(world.siti, application)["answers"]["mother_nik"] == MOTHER_NIK


def test_api_docs_load_swagger_from_this_site_only() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert references, "the page loads Swagger UI"
    assert all(ref.startswith("/") and not ref.startswith("//") for ref in references), references
    assert "cdn" not in page.lower()
    for ref in references:
        if ref.startswith("/static/"):
            assert finders.find(ref.removeprefix("/static/")), ref
    assert any(ref.endswith("swagger-ui-bundle.js") for ref in references)


def test_the_openapi_document_swagger_reads_has_no_repeated_keys() -> None:
    """Swagger UI refuses a document with a key twice ("duplicated mapping key")."""
    repeated: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _v in items]
        repeated.extend(k for k in set(keys) if keys.count(k) > 1)
        return dict(items)

    json.loads(Client().get("/api/v1/openapi.json").content, object_pairs_hook=pairs)
    assert repeated == []
