"""Found by fuzzing the API (satupintu/tests/test_fuzz_api.py): an agency path that cannot be a
slug (NUL, which PostgreSQL refuses in a query) is a 422 problem, not a server error."""

from __future__ import annotations

from typing import Any


def test_an_agency_path_that_cannot_be_a_slug_is_unprocessable(client: Any, world: Any) -> None:
    response = client.get("/api/v1/agencies/disdukcapil-contoh%00")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_a_real_agency_slug_still_answers(client: Any, world: Any) -> None:
    assert client.get("/api/v1/agencies/disdukcapil-contoh").status_code == 200
