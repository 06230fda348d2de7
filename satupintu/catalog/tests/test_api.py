from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


def get(path: str, **params: Any) -> Any:
    return Client().get(f"/api/v1{path}", params)


def test_list_services_is_paginated_by_cursor(catalog: Any) -> None:
    first = get("/services", limit=2)
    assert first.status_code == 200
    body = first.json()
    assert [s["slug"] for s in body["items"]] == [
        "akta-kelahiran",
        "nomor-induk-berusaha-nib-dan-perizinan-berusaha",
    ]
    second = get("/services", limit=2, cursor=body["next_cursor"]).json()
    assert [s["slug"] for s in second["items"]] == [
        "persetujuan-bangunan-gedung",
        "perubahan-kartu-keluarga",
    ]
    assert second["next_cursor"] is None


def test_list_services_searches_and_filters(catalog: Any) -> None:
    found = [s["name"] for s in get("/services", q="akta lahir").json()["items"]]
    assert "Akta Kelahiran" in found and "Persetujuan Bangunan Gedung" not in found
    assert {s["slug"] for s in get("/services", category="perizinan").json()["items"]} == {
        "persetujuan-bangunan-gedung",
        "nomor-induk-berusaha-nib-dan-perizinan-berusaha",
    }
    assert len(get("/services", life_event="kelahiran").json()["items"]) == 2
    assert len(get("/services", agency="dpmptsp-contoh").json()["items"]) == 2


def test_list_never_shows_drafts(catalog: Any) -> None:
    assert "akta-kematian" not in {s["slug"] for s in get("/services", limit=100).json()["items"]}


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"limit": 0}, 422),
        ({"limit": 101}, 422),
        ({"cursor": "!!!"}, 400),
        ({"category": "tidak-ada"}, 404),
    ],
)
def test_bad_list_input_is_problem_json(catalog: Any, params: Any, status: int) -> None:
    response = get("/services", **params)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status


def test_service_detail_has_the_standard_and_documents(catalog: Any) -> None:
    body = get("/services/akta-kelahiran").json()
    assert body["standard"]["procedure"].startswith("1. Ajukan")
    assert [d["name"] for d in body["required_documents"]][1] == "Kartu Keluarga orang tua"
    assert body["is_free"] is True and body["sla_working_days"] == 3
    assert body["agency"]["slug"] == "disdukcapil-contoh"
    assert body["maklumat"].startswith("Kami sanggup")
    assert "legal_basis" not in body["standard"]


@pytest.mark.parametrize("slug", ["akta-kematian", "tidak-ada"])
def test_draft_or_missing_service_is_404_problem_json(catalog: Any, slug: str) -> None:
    response = get(f"/services/{slug}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Not Found"


def test_service_list_query_count_does_not_grow(
    catalog: Any, django_assert_num_queries: Any, settings: Any
) -> None:
    # The rendering itself: a kept answer costs no query at all (test_page_cache).
    settings.PAGE_CACHE_SECONDS = 0
    # Not remembered yet: the cache read, the page's ids, its rows, storing it (count,
    # savepoint, look-up, insert, release); then one cache read.
    with django_assert_num_queries(8):
        get("/services", limit=100)
    with django_assert_num_queries(1):
        get("/services", limit=100)


def test_agencies_list_and_detail(catalog: Any) -> None:
    body = get("/agencies", limit=1).json()
    assert [a["slug"] for a in body["items"]] == ["disdukcapil-contoh"]
    assert [a["slug"] for a in get("/agencies", cursor=body["next_cursor"]).json()["items"]] == [
        "dpmptsp-contoh"
    ]
    detail = get("/agencies/disdukcapil-contoh").json()
    assert detail["maklumat"].startswith("Kami sanggup") and detail["service_count"] == 2
    missing = get("/agencies/tidak-ada")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"


def test_operation_ids_are_explicit() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    ids = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {"services_list", "services_get", "agencies_list", "agencies_get"} <= ids
