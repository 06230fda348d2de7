"""Found by fuzzing the API on PostgreSQL (satupintu/tests/test_fuzz_api.py): a `parent` that is
no region code went into the query as it was, and PostgreSQL refuses NUL in text."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize("parent", ["3276\x00", "\x00", "bukan-kode"])
def test_a_parent_that_is_no_region_code_has_no_children(
    client: Any, regions: Any, parent: str
) -> None:
    response = client.get("/api/v1/regions", {"parent": parent})
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_a_parent_code_in_digits_still_finds_its_children(client: Any, regions: Any) -> None:
    items = client.get("/api/v1/regions", {"parent": "3276"}).json()["items"]
    assert items and all(r["code"].startswith("32.76.") for r in items)


def test_an_unknown_region_is_a_documented_404(client: Any, db: Any) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert "404" in document["paths"]["/api/v1/regions/{code}"]["get"]["responses"]
    assert client.get("/api/v1/regions/99").status_code == 404
