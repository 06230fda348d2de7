"""Found by fuzzing the API (satupintu/tests/test_fuzz_api.py)."""

from __future__ import annotations

from typing import Any

from conftest import signed_in
from satupintu.applications.models import Application


def test_starting_with_a_service_that_cannot_be_a_slug_is_unprocessable_and_starts_nothing(
    world: Any, akta_service: Any
) -> None:
    # NUL reached the service lookup, which PostgreSQL refuses: a server error, not a 422.
    client = signed_in(world.siti)
    response = client.post(
        "/api/v1/applications",
        {"service": f"{akta_service.slug}\x00"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert not Application.objects.exists()


def test_writes_document_the_csrf_refusal_and_validation_errors(client: Any, db: Any) -> None:
    document = client.get("/api/v1/openapi.json").json()
    for path, method in [
        ("/api/v1/applications/{public_id}/answers", "patch"),
        ("/api/v1/applications/{public_id}/documents", "post"),
        ("/api/v1/applications/{public_id}/submit", "post"),
        ("/api/v1/applications/{public_id}/messages", "post"),
    ]:
        assert {"403", "422"} <= set(document["paths"][path][method]["responses"]), path
