"""Found by fuzzing (satupintu/tests/test_fuzz_*.py): text that cannot be a slug, NUL above
all, which PostgreSQL refuses in a query, gets a clear answer instead of a server error."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize("param", ["kategori", "peristiwa", "instansi"])
def test_a_filter_that_cannot_be_a_slug_is_ignored_by_the_search_page(
    client: Any, catalog: Any, param: str
) -> None:
    response = client.get("/layanan/", {param: "kependudukan\x00"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 4


@pytest.mark.parametrize("param", ["agency", "category", "life_event"])
def test_an_api_filter_that_cannot_be_a_slug_is_unprocessable(
    client: Any, catalog: Any, param: str
) -> None:
    response = client.get("/api/v1/services", {param: "kependudukan\x00"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_a_service_path_that_cannot_be_a_slug_is_unprocessable(client: Any, db: Any) -> None:
    response = client.get("/api/v1/services/akta-kelahiran%00")
    assert response.status_code == 422
