"""The applications API: own applications only, idempotent submission, the public status check
without personal data, problem+json errors."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import Resolver404, path, resolve, reverse

from conftest import signed_in
from satupintu.applications.models import Application, Status
from satupintu.applications.tests.conftest import VALID_ANSWERS

urlpatterns: list[Any] = []
_test_api: list[Any] = []


@pytest.fixture(autouse=True)
def _api_urls(settings: Any) -> None:
    """Use the project's URLs once the lead has mounted the routers; until then, a test API."""
    try:
        resolve("/api/v1/status", urlconf="config.urls")
        return
    except Resolver404:
        pass
    if not _test_api:
        from ninja import NinjaAPI

        from satupintu.applications.api import public_router, router
        from satupintu.core.api import install_problem_handlers

        api = NinjaAPI(urls_namespace="applications_test_api")
        install_problem_handlers(api)
        api.add_router("/applications", router, url_name_prefix="t")
        api.add_router("/status", public_router, url_name_prefix="t")
        _test_api.append(api)
        urlpatterns.append(path("api/v1/", api.urls))
    settings.ROOT_URLCONF = __name__


def client_for(user: Any) -> Client:
    # Officers have passed the second factor: without it the API treats them as anonymous.
    return signed_in(user)


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def test_full_flow_through_the_api(
    world: Any, akta_service: Any, pdf_bytes: bytes, jpeg_bytes: bytes
) -> None:
    siti = client_for(world.siti)
    started = siti.post(
        "/api/v1/applications", {"service": akta_service.slug}, content_type="application/json"
    )
    assert started.status_code == 201, started.content
    url = started.json()["url"]
    saved = siti.patch(
        f"{url}/answers",
        {"answers": VALID_ANSWERS, "step": 2, "group": "Kelahiran"},
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content
    assert saved.json() == {"errors": {}}
    first, second = akta_service.documents.order_by("order", "id")
    for required, data, name in ((first, pdf_bytes, "lahir.pdf"), (second, jpeg_bytes, "kk.jpg")):
        upload = io.BytesIO(data)
        upload.name = name
        response = siti.post(
            f"{url}/documents", {"file": upload, "required_document_id": required.pk}
        )
        assert response.status_code == 201, response.content
        assert response.json()["required_document_id"] == required.pk
    missing_key = siti.post(f"{url}/submit", {"declaration": True}, content_type="application/json")
    assert _problem(missing_key, 400)["field"] == "Idempotency-Key"
    submit = siti.post(
        f"{url}/submit",
        {"declaration": True},
        content_type="application/json",
        headers={"Idempotency-Key": "api-1"},
    )
    assert submit.status_code == 201, submit.content
    body = submit.json()
    assert body["created"] is True
    assert body["tracking_code"].startswith("SP-")
    assert len(body["status_secret"]) == 6
    retry = siti.post(
        f"{url}/submit",
        {"declaration": True},
        content_type="application/json",
        headers={"Idempotency-Key": "api-1"},
    )
    assert retry.status_code == 200
    assert retry.json()["tracking_code"] == body["tracking_code"]
    assert Application.objects.count() == 1
    receipt = siti.get(body["receipt_url"])
    assert receipt.status_code == 200
    assert receipt["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(receipt.content)).pages[0].extract_text()
    assert body["tracking_code"] in text
    detail = siti.get(url).json()
    assert detail["status"] == Status.SUBMITTED
    assert [e["kind"] for e in detail["timeline"]][-1] == "submitted"
    listing = siti.get("/api/v1/applications").json()
    assert [a["tracking_code"] for a in listing["items"]] == [body["tracking_code"]]


def test_rejected_upload_is_a_problem_with_the_reason(world: Any, draft: Any) -> None:
    upload = io.BytesIO(b"MZ\x90\x00not a pdf")
    upload.name = "surat.pdf"
    response = client_for(world.siti).post(
        f"/api/v1/applications/{draft.public_id}/documents", {"file": upload}
    )
    problem = _problem(response, 400)
    assert problem["detail"] == "Jenis berkas tidak didukung: hanya PDF, JPEG, atau PNG."


def test_another_citizen_gets_404_everywhere(world: Any, submitted: Any) -> None:
    budi = client_for(world.budi)
    url = f"/api/v1/applications/{submitted.application.public_id}"
    _problem(budi.get(url), 404)
    _problem(budi.get(f"{url}/receipt.pdf"), 404)
    _problem(budi.get(f"{url}/messages"), 404)
    _problem(budi.post(f"{url}/messages", {"body": "hai"}), 404)
    _problem(budi.patch(f"{url}/answers", {"answers": {}}, content_type="application/json"), 404)
    _problem(
        budi.post(
            f"{url}/submit",
            {"declaration": True},
            content_type="application/json",
            headers={"Idempotency-Key": "x"},
        ),
        404,
    )
    assert budi.get("/api/v1/applications").json()["items"] == []


def test_officer_of_another_agency_gets_404(world: Any, submitted: Any) -> None:
    url = f"/api/v1/applications/{submitted.application.public_id}"
    _problem(client_for(world.admin_b).get(url), 404)


def test_malformed_id_is_404(world: Any) -> None:
    _problem(client_for(world.siti).get("/api/v1/applications/bukan-uuid"), 404)


def test_anonymous_is_401(world: Any, submitted: Any) -> None:
    _problem(Client().get("/api/v1/applications"), 401)
    _problem(Client().get(f"/api/v1/applications/{submitted.application.public_id}"), 401)


def test_unknown_service_is_404(world: Any) -> None:
    response = client_for(world.siti).post(
        "/api/v1/applications", {"service": "tidak-ada"}, content_type="application/json"
    )
    _problem(response, 404)


def test_messages_round_trip(world: Any, submitted: Any) -> None:
    siti = client_for(world.siti)
    url = f"/api/v1/applications/{submitted.application.public_id}/messages"
    posted = siti.post(url, {"body": "Kapan selesai?"})
    assert posted.status_code == 201, posted.content
    assert posted.json()["author"] == "Pemohon"
    thread = siti.get(url).json()
    assert [m["body"] for m in thread] == ["Kapan selesai?"]


def test_list_is_paginated_with_a_cursor(world: Any, akta_service: Any) -> None:
    from satupintu.applications import services

    for _ in range(3):
        services.application_start(actor=world.siti, service=akta_service)
    siti = client_for(world.siti)
    first = siti.get("/api/v1/applications?limit=2").json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = siti.get(f"/api/v1/applications?limit=2&cursor={first['next_cursor']}").json()
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    ids = {a["id"] for a in first["items"] + second["items"]}
    assert len(ids) == 3
    _problem(siti.get("/api/v1/applications?cursor=%%%"), 400)


def _status(client: Client, code: str, secret: str, **extra: Any) -> Any:
    return client.post(
        "/api/v1/status", {"code": code, "secret": secret}, content_type="application/json", **extra
    )


def test_public_status_shows_status_without_personal_data(world: Any, submitted: Any) -> None:
    code = submitted.application.tracking_code
    response = _status(Client(), code.lower(), submitted.status_secret)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["tracking_code"] == code
    assert body["status"] == "submitted"
    assert set(body) == {
        "tracking_code",
        "service",
        "agency",
        "status",
        "status_label",
        "submitted_at",
        "due_at",
        "updated_at",
    }
    for personal in ("Siti", "siti@", "Ahmad", "3204"):
        assert personal not in response.content.decode()


def test_public_status_wrong_secret_and_unknown_code_look_the_same(
    world: Any, submitted: Any
) -> None:
    code = submitted.application.tracking_code
    wrong = _problem(_status(Client(), code, "XXXXXX"), 404)
    unknown = _problem(_status(Client(), "SP-23456789Z", "XXXXXX"), 404)
    wrong.pop("instance"), unknown.pop("instance")
    assert wrong == unknown
    _problem(Client().post("/api/v1/status", {}, content_type="application/json"), 404)


def test_public_status_by_get_takes_the_secret_from_a_header_only(
    world: Any, submitted: Any
) -> None:
    code = submitted.application.tracking_code
    secret = submitted.status_secret
    by_header = Client().get("/api/v1/status", {"code": code}, HTTP_X_STATUS_SECRET=secret)
    assert by_header.status_code == 200, by_header.content
    assert by_header.json()["tracking_code"] == code
    # A secret in the query string would be written to access logs: refused, not looked up.
    in_query = _problem(Client().get("/api/v1/status", {"code": code, "secret": secret}), 400)
    assert in_query["field"] == "secret"
    assert "X-Status-Secret" in in_query["detail"]


def _guessing_from_one_address(settings: Any, submitted: Any, *, limit: int) -> tuple[Client, str]:
    """A client at one address that may fail ``limit`` status checks, and the code it tries."""
    settings.STATUS_CHECK_FAILURES_PER_IP = limit
    return Client(), submitted.application.tracking_code


def test_public_status_api_is_throttled_like_the_page(
    world: Any, submitted: Any, settings: Any
) -> None:
    client, code = _guessing_from_one_address(settings, submitted, limit=3)
    for _ in range(3):
        _problem(_status(client, code, "AAAAAA"), 404)
    # Even the right secret is refused now: guessing has stopped for this address.
    blocked = _problem(_status(client, code, submitted.status_secret), 429)
    assert blocked["code"] == "throttled"
    assert "Terlalu banyak percobaan" in blocked["detail"]
    _problem(
        client.get("/api/v1/status", {"code": code}, HTTP_X_STATUS_SECRET=submitted.status_secret),
        429,
    )
    elsewhere = _status(client, code, submitted.status_secret, REMOTE_ADDR="10.0.0.9")
    assert elsewhere.status_code == 200


def test_page_and_api_share_one_counter_per_address(
    world: Any, submitted: Any, settings: Any
) -> None:
    client, code = _guessing_from_one_address(settings, submitted, limit=4)
    for _ in range(2):
        assert (
            client.post(
                reverse("applications:status_check"), {"kode": code, "rahasia": "AAAAAA"}
            ).status_code
            == 404
        )
        _problem(_status(client, code, "AAAAAA"), 404)
    _problem(_status(client, code, submitted.status_secret), 429)
    page = client.post(
        reverse("applications:status_check"), {"kode": code, "rahasia": submitted.status_secret}
    )
    assert page.status_code == 429
