"""The back office's case over the API: as the case page shows it, acted on, documents checked."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import translation

from conftest import signed_in
from satupintu.applications import services
from satupintu.applications.models import Document, Event, Status
from satupintu.applications.tests.conftest import MOTHER_NIK
from satupintu.ledger.models import Entry

REASON = "Kartu Keluarga terpotong; unggah halaman penuh."


@pytest.fixture(autouse=True)
def _indonesian() -> Any:
    with translation.override("id"):
        yield


def _case_url(application: Any) -> str:
    return f"/api/v1/office/cases/{application.public_id}"


def _post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_the_case_as_the_page_shows_it_with_the_nik_masked(world: Any, submitted: Any) -> None:
    application = submitted.application
    response = signed_in(world.verifier).get(_case_url(application))
    assert response.status_code == 200
    body = response.json()
    assert body["tracking_code"] == application.tracking_code
    assert body["step"]["key"] == "submitted" and body["workflow_version"] == 1
    assert MOTHER_NIK not in response.content.decode()
    answers = {a["label"]: a["value"] for g in body["answers"] for a in g["answers"]}
    assert answers["NIK ibu"].startswith("3204") and "*" in answers["NIK ibu"]
    assert [d["review"] for d in body["documents"]] == ["pending", "pending"]
    assert body["documents"][0]["view_url"].endswith("/lihat/")
    assert [a["key"] for a in body["actions"]] == ["start_review"]
    assert any(t["code"] == "review" for t in body["todo"])
    assert body["timeline"] and body["messages"] == [] and body["outputs"] == []


@pytest.mark.django_db
def test_other_agencies_citizens_and_strangers_get_nothing(world: Any, submitted: Any) -> None:
    from django.test import Client

    url = _case_url(submitted.application)
    assert signed_in(world.admin_b).get(url).status_code == 404
    assert signed_in(world.siti).get(url).status_code == 404  # her own case, but not an office
    assert Client().get(url).status_code == 401
    assert signed_in(world.verifier).get("/api/v1/office/cases/not-a-uuid").status_code == 404


@pytest.mark.django_db
def test_reject_a_document_then_return_it_for_correction(world: Any, submitted: Any) -> None:
    application = submitted.application
    client = signed_in(world.verifier)
    url = _case_url(application)
    assert _post(client, url + "/actions", {"action": "start_review"}).status_code == 200
    doc = application.documents.order_by("id").last()
    review = f"{url}/documents/{doc.public_id}/review"
    refused = _post(client, review, {"decision": "rejected"})
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["field"] == "reason"
    done = _post(client, review, {"decision": "rejected", "reason": REASON})
    assert done.status_code == 200
    assert done.json()["review"] == "rejected" and done.json()["review_reason"] == REASON
    moved = _post(
        client,
        url + "/actions",
        {
            "action": "request_correction",
            "seen_step": "in_review",
            "note": REASON,
            "flag_rejected_documents": True,
        },
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == Status.NEEDS_CORRECTION
    application.refresh_from_db()
    assert application.correction["documents"] == [doc.required_document_id]
    assert Entry.objects.filter(action="applications.document.review").count() == 1


@pytest.mark.django_db
def test_a_stale_action_is_a_409_saying_who_handled_it(world: Any, submitted: Any) -> None:
    application = submitted.application
    services.application_act(actor=world.verifier, application=application, action="start_review")
    events = Event.objects.count()
    response = _post(
        signed_in(world.verifier),
        _case_url(application) + "/actions",
        {"action": "start_review", "seen_step": "submitted"},
    )
    assert response.status_code == 409
    assert "sudah ditangani oleh Verifikator pukul" in response.json()["detail"]
    assert Event.objects.count() == events


@pytest.mark.django_db
def test_bad_action_input_is_a_clear_problem_not_a_500(world: Any, submitted: Any) -> None:
    client = signed_in(world.verifier)
    url = _case_url(submitted.application)
    assert _post(client, url + "/actions", {"action": "terbang"}).status_code == 400
    assert _post(client, url + "/actions", {"note": "x"}).status_code == 422
    wrong_role = _post(signed_in(world.approver), url + "/actions", {"action": "start_review"})
    assert wrong_role.status_code == 403
    unknown = f"{url}/documents/00000000-0000-0000-0000-000000000000/review"
    assert _post(client, unknown, {"decision": "verified"}).status_code == 404
    doc = submitted.application.documents.first()
    odd = _post(client, f"{url}/documents/{doc.public_id}/review", {"decision": "x\u0000"})
    assert odd.status_code == 400
    doc.refresh_from_db()
    assert doc.review == Document.Review.PENDING
