"""Workflow definitions over the back-office API: read by the agency's officers, saved and
published by its admins; an invalid draft is refused with every problem in words."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from conftest import signed_in
from satupintu.catalog import services, workflow
from satupintu.ledger.models import Entry


@pytest.fixture(autouse=True)
def _indonesian() -> Any:
    with translation.override("id"):
        yield


def _base(service: Any) -> str:
    return f"/api/v1/office/services/{service.pk}/workflows"


def test_officers_of_the_agency_read_versions_with_internal_details(
    world: Any, akta_service: Any
) -> None:
    listed = signed_in(world.verifier).get(_base(akta_service))
    assert listed.status_code == 200
    assert listed.json() == [
        {
            **{k: listed.json()[0][k] for k in ("created_at", "published_at", "note")},
            "number": 1,
            "state": "published",
            "current": True,
        }
    ]
    one = signed_in(world.verifier).get(_base(akta_service) + "/1").json()
    assert one["start"] == "submitted" and one["problems"] == []
    assert {s["key"]: s["label_internal"] for s in one["steps"]}["submitted"] == (
        "Antrean verifikasi"
    )
    assert all("checklist" in a for a in one["actions"])
    assert signed_in(world.admin_b).get(_base(akta_service)).status_code == 404
    assert signed_in(world.siti).get(_base(akta_service)).status_code == 404
    assert Client().get(_base(akta_service)).status_code == 401
    assert signed_in(world.verifier).get(_base(akta_service) + "/9").status_code == 404


def test_admin_saves_a_draft_and_publishes_it(world: Any, akta_service: Any) -> None:
    client = signed_in(world.admin_a)
    spec = workflow.template_full(4)
    saved = client.put(
        _base(akta_service) + "/draft",
        json.dumps({"spec": spec, "note": "Tambah pemeriksaan"}),
        content_type="application/json",
    )
    assert saved.status_code == 200
    assert saved.json()["state"] == "draft" and saved.json()["number"] == 2
    published = client.post(_base(akta_service) + "/draft/publish")
    assert published.status_code == 200
    assert published.json()["current"] is True and published.json()["state"] == "published"
    assert services.workflow_current(akta_service).number == 2  # type: ignore[union-attr]
    assert Entry.objects.filter(action="catalog.workflow.publish").exists()


def test_an_invalid_draft_is_not_published_and_the_answer_says_why(
    world: Any, akta_service: Any
) -> None:
    client = signed_in(world.admin_a)
    spec = workflow.template_full(4)
    spec["actions"] = [a for a in spec["actions"] if a["key"] != "issue"]
    spec["actions"][0]["roles"] = ["lurah"]
    client.put(
        _base(akta_service) + "/draft", json.dumps({"spec": spec}), content_type="application/json"
    )
    refused = client.post(_base(akta_service) + "/draft/publish")
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    problems = refused.json()["problems"]
    assert "Langkah “Disetujui” buntu: tidak ada tindakan untuk keluar darinya." in problems
    assert "Tindakan “Berkas lengkap” menyebut peran yang tidak dikenal: “lurah”." in problems
    draft = client.get(_base(akta_service) + "/2").json()
    assert draft["state"] == "draft" and set(problems) <= set(draft["problems"])
    assert services.workflow_current(akta_service).number == 1  # type: ignore[union-attr]


def test_only_the_agency_admin_writes(world: Any, akta_service: Any) -> None:
    body = json.dumps({"spec": workflow.template_full(4)})
    verifier = signed_in(world.verifier)
    assert (
        verifier.put(_base(akta_service) + "/draft", body, content_type="application/json")
    ).status_code == 403
    assert verifier.post(_base(akta_service) + "/draft/publish").status_code == 403
    other = signed_in(world.admin_b)
    assert (
        other.put(_base(akta_service) + "/draft", body, content_type="application/json")
    ).status_code == 404
    garbage = signed_in(world.admin_a).put(
        _base(akta_service) + "/draft", json.dumps({"spec": "x"}), content_type="application/json"
    )
    assert garbage.status_code == 422
