from __future__ import annotations

import json

from satupintu.privacy.models import DataSubjectRequest
from satupintu.privacy.tests.conftest import citizen_client, give_consent

BASE = "/api/v1/me/privacy"


def test_api_export_is_the_signed_in_persons_data(world):
    give_consent(world.siti)
    response = citizen_client(world.siti).get(f"{BASE}/export")
    assert response.status_code == 200
    data = response.json()
    assert data["parts"]["account"]["email"] == "siti@example.id"
    assert data["parts"]["consents"]["consents"][0]["purpose"] == "notifikasi-sms"


def test_api_needs_a_session(client, world):
    response = client.get(f"{BASE}/export")
    assert response.status_code == 401


def test_api_creates_and_lists_requests(world):
    client = citizen_client(world.siti)
    created = client.post(
        f"{BASE}/requests",
        json.dumps({"kind": "restriction", "details": "Mohon dibatasi."}),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["kind"] == "restriction"
    listed = client.get(f"{BASE}/requests").json()
    assert [r["id"] for r in listed] == [body["id"]]
    assert citizen_client(world.budi).get(f"{BASE}/requests").json() == []


def test_api_rejects_bad_requests_as_problems(world):
    client = citizen_client(world.siti)
    unknown = client.post(
        f"{BASE}/requests", json.dumps({"kind": "hapus"}), content_type="application/json"
    )
    assert unknown.status_code == 422
    bad_nik = client.post(
        f"{BASE}/requests",
        json.dumps({"kind": "correction", "changes": {"nik": "123"}}),
        content_type="application/json",
    )
    assert bad_nik.status_code == 400
    assert bad_nik["Content-Type"] == "application/problem+json"
    assert not DataSubjectRequest.objects.filter(kind="correction").exists()


def test_api_operation_ids_are_explicit():
    from config.api import api

    schema = api.get_openapi_schema()
    ids = {
        op["operationId"]
        for path, item in schema["paths"].items()
        if "/me/privacy" in path
        for op in item.values()
    }
    assert ids == {"privacy_export", "privacy_requests_list", "privacy_requests_create"}
