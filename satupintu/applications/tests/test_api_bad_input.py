"""Found by fuzzing the API (satupintu/tests/test_fuzz_api.py)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import signed_in
from satupintu.applications.models import Application, Document


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


def _multipart_without_boundary(client: Any, path: str) -> Any:
    # A browser-like client: it holds a CSRF cookie, so the CSRF check reads the body first.
    from django.middleware.csrf import _get_new_csrf_string

    client.handler.enforce_csrf_checks = True
    client.cookies["csrftoken"] = _get_new_csrf_string()
    return client.generic("POST", path, b"--x\r\n\r\n--x--\r\n", content_type="multipart/form-data")


@pytest.mark.parametrize("target", ["applications", "documents", "privacy"])
def test_multipart_without_a_boundary_is_a_bad_request_problem_and_changes_nothing(
    world: Any, draft: Any, target: str
) -> None:
    from satupintu.privacy.models import DataSubjectRequest

    path = {
        "applications": "/api/v1/applications",
        "documents": f"/api/v1/applications/{draft.public_id}/documents",
        "privacy": "/api/v1/me/privacy/requests",
    }[target]
    response = _multipart_without_boundary(signed_in(world.siti), path)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == (
        "Isi permintaan tidak dapat dibaca. Periksa format data yang dikirim."
    )
    assert list(Application.objects.all()) == [draft]
    assert not Document.objects.exists()
    assert not DataSubjectRequest.objects.exists()


def upload_with_field_key(world: Any, draft: Any, pdf_bytes: bytes, field_key: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return signed_in(world.siti).post(
        f"/api/v1/applications/{draft.public_id}/documents",
        {"file": SimpleUploadedFile("surat.pdf", pdf_bytes), "field_key": field_key},
    )


@pytest.mark.parametrize("field_key", ["a\x00b", "\x00", "x" * 61, "kunci jahat"])
def test_an_upload_field_key_that_is_not_a_slug_is_unprocessable_and_stores_nothing(
    world: Any, draft: Any, pdf_bytes: bytes, field_key: str
) -> None:
    response = upload_with_field_key(world, draft, pdf_bytes, field_key)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert not Document.objects.exists()
