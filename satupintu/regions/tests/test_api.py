from __future__ import annotations

from typing import Any

from satupintu.regions.tests.conftest import Loaded


def test_list_filters_by_parent_and_returns_the_region_fields(regions: Loaded, client: Any) -> None:
    response = client.get("/api/v1/regions", {"parent": "32.76.06"})
    assert response.status_code == 200
    body = response.json()
    assert [r["code"] for r in body["items"]] == [f"32.76.06.100{i}" for i in range(1, 7)]
    assert body["next_cursor"] is None
    kemiri = body["items"][3]
    assert kemiri == {
        "code": "32.76.06.1004",
        "name": "Kemiri Muka",
        "level": 4,
        "kind": "kelurahan",
        "parent_code": "32.76.06",
        "postal_code": "16423",
        "path": "Kemiri Muka, Beji, Kota Depok, Jawa Barat",
    }


def test_list_pages_with_a_cursor_until_done(regions: Loaded, client: Any) -> None:
    seen: list[str] = []
    params: dict[str, Any] = {"level": 1, "limit": 10}
    pages = 0
    while True:
        body = client.get("/api/v1/regions", params).json()
        seen += [r["code"] for r in body["items"]]
        pages += 1
        if not body["next_cursor"]:
            break
        params["cursor"] = body["next_cursor"]
    assert pages == 4
    assert len(seen) == 38
    assert seen == sorted(seen)


def test_list_filters_by_name(regions: Loaded, client: Any) -> None:
    body = client.get("/api/v1/regions", {"q": "Bandung", "level": 2}).json()
    assert [r["code"] for r in body["items"]] == ["32.04", "32.17", "32.73"]
    body = client.get("/api/v1/regions", {"q": "kota bandung", "level": 2}).json()
    assert [r["code"] for r in body["items"]] == ["32.73"]


def test_list_rejects_out_of_range_limit_and_level(regions: Loaded, client: Any) -> None:
    for params in ({"limit": 0}, {"limit": 201}, {"level": 5}, {"q": "x" * 101}):
        response = client.get("/api/v1/regions", params)
        assert response.status_code == 422, params
        assert response["Content-Type"] == "application/problem+json"


def test_list_rejects_a_forged_cursor(regions: Loaded, client: Any) -> None:
    response = client.get("/api/v1/regions", {"cursor": "not-a-cursor"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Kursor halaman tidak valid."


def test_get_one_region_by_dotted_code_or_digits(regions: Loaded, client: Any) -> None:
    assert client.get("/api/v1/regions/32.76").json()["name"] == "Kota Depok"
    assert client.get("/api/v1/regions/3276061004").json()["postal_code"] == "16423"


def test_unknown_region_is_a_404_problem(regions: Loaded, client: Any) -> None:
    response = client.get("/api/v1/regions/99.99")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404
    assert body["code"] == "not_found"
    assert body["detail"] == "Wilayah dengan kode itu tidak ditemukan."


def test_operation_ids_are_explicit(client: Any, db: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    ops = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {"regions_list", "regions_get"} <= ops
