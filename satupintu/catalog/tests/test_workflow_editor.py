"""The workflow editor: forms, server-drawn diagram, problems in words, publish, dry run."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import signed_in
from satupintu.catalog import diagram, services, workflow
from satupintu.catalog.models import WorkflowVersion
from satupintu.ledger.models import Entry


@pytest.fixture(autouse=True)
def _indonesian() -> Any:
    """Messages are compared in Indonesian, whatever an earlier test left active."""
    from django.utils import translation

    with translation.override("id"):
        yield


def _post_data(
    spec: dict[str, Any], do: str, *, drop_actions: tuple[str, ...] = ()
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "do": do,
        "alur-start": spec["start"],
        "alur-note": "uji",
        "langkah-TOTAL_FORMS": str(len(spec["steps"])),
        "langkah-INITIAL_FORMS": str(len(spec["steps"])),
        "tindakan-TOTAL_FORMS": str(len(spec["actions"])),
        "tindakan-INITIAL_FORMS": str(len(spec["actions"])),
    }
    for i, step in enumerate(spec["steps"]):
        for name in ("key", "label", "label_internal", "status", "sla_days", "outcome"):
            data[f"langkah-{i}-{name}"] = str(step[name])
        if step["waits_on_citizen"]:
            data[f"langkah-{i}-waits_on_citizen"] = "on"
    for i, action in enumerate(spec["actions"]):
        data[f"tindakan-{i}-key"] = action["key"]
        data[f"tindakan-{i}-label"] = action["label"]
        data[f"tindakan-{i}-source"] = action["from"]
        data[f"tindakan-{i}-target"] = action["to"]
        data[f"tindakan-{i}-roles"] = action["roles"]
        data[f"tindakan-{i}-checklist"] = "\n".join(action["checklist"])
        if action["reason_required"]:
            data[f"tindakan-{i}-reason_required"] = "on"
        if action["returns_for_correction"]:
            data[f"tindakan-{i}-returns_for_correction"] = "on"
        if action["key"] in drop_actions:
            data[f"tindakan-{i}-DELETE"] = "on"
    return data


def _url(service: Any, name: str = "office:workflow_edit") -> str:
    return reverse(name, args=[service.pk])


def test_editor_shows_the_current_version_drawn_and_publishable(
    world: Any, akta_service: Any
) -> None:
    page = signed_in(world.admin_a).get(_url(akta_service))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="workflow-diagram" role="img"' in html
    assert "Antrean verifikasi" in html and "Mulai proses" in html
    assert "Alur ini lolos pemeriksaan dan dapat diterbitkan." in html
    assert "Versi yang berlaku: 1." in html


def test_admin_adds_review_steps_from_a_template_and_publishes(
    world: Any, akta_service: Any
) -> None:
    client = signed_in(world.admin_a)
    response = client.post(_url(akta_service), {"do": "template", "template": "full"})
    assert response.status_code == 302
    draft = WorkflowVersion.objects.get(service=akta_service, state="draft")
    assert draft.number == 2 and draft.spec == workflow.template_full(akta_service.sla_working_days)
    html = client.get(_url(akta_service)).content.decode()
    assert "Anda sedang melihat draf versi 2." in html and "Pemeriksaan" in html
    response = client.post(_url(akta_service), _post_data(draft.spec, "publish"))
    assert response.status_code == 302
    current = services.workflow_current(akta_service)
    assert current is not None and current.number == 2
    assert current.spec["start"] == "verify"


def test_an_invalid_workflow_is_not_published_and_the_admin_reads_why(
    world: Any, akta_service: Any
) -> None:
    client = signed_in(world.admin_a)
    spec = workflow.template_standard(akta_service.sla_working_days)
    spec["actions"][0]["roles"] = ["verifier"]
    response = client.post(
        _url(akta_service), _post_data(spec, "publish", drop_actions=("complete",))
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Alur ini belum dapat diterbitkan:" in html
    assert "Langkah “Disetujui” buntu: tidak ada tindakan untuk keluar darinya." in html
    assert services.workflow_current(akta_service).number == 1  # type: ignore[union-attr]
    # The draft is kept with the change, to be fixed.
    draft = WorkflowVersion.objects.get(service=akta_service, state="draft")
    assert "complete" not in {a["key"] for a in draft.spec["actions"]}


def test_another_agency_admin_is_refused(world: Any, akta_service: Any) -> None:
    client = signed_in(world.admin_b)
    assert client.get(_url(akta_service)).status_code == 403
    assert (
        client.post(_url(akta_service), {"do": "template", "template": "short"}).status_code == 403
    )
    assert not WorkflowVersion.objects.filter(service=akta_service, state="draft").exists()


def test_bad_editor_input_is_a_clear_400_not_a_500(world: Any, akta_service: Any) -> None:
    client = signed_in(world.admin_a)
    response = client.post(
        _url(akta_service),
        {"do": "save", "langkah-TOTAL_FORMS": "x", "tindakan-TOTAL_FORMS": "999999"},
    )
    assert response.status_code == 400
    response = client.post(_url(akta_service), {"do": "template", "template": "nope"})
    assert response.status_code == 302


def test_diagram_escapes_labels() -> None:
    spec = workflow.template_short()
    spec["steps"][0]["label_internal"] = "<script>alert(1)</script>"
    svg = str(diagram.render(workflow.parse(spec)))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_dry_run_walks_the_workflow_and_writes_nothing(world: Any, akta_service: Any) -> None:
    client = signed_in(world.admin_a)
    before = Entry.objects.count()
    url = _url(akta_service, "office:workflow_dry_run")
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Antrean verifikasi" in html and "tenggat" in html
    assert "jalur=start_review" in html
    page = client.get(url, {"jalur": "start_review,request_correction"})
    html = page.content.decode()
    assert "jam berhenti sampai pemohon mengirim ulang" in html
    assert "Pemohon mengirim ulang" in html
    page = client.get(
        url, {"jalur": "start_review,request_correction,_kirim_ulang,approve,complete"}
    )
    assert "Permohonan berakhir: Selesai." in page.content.decode()
    page = client.get(url, {"jalur": "approve"})
    assert page.status_code == 400
    assert "tidak berlaku pada langkah ini" in page.content.decode()
    assert Entry.objects.count() == before


def test_api_shows_the_current_workflow_without_internal_details(
    world: Any, akta_service: Any
) -> None:
    from django.test import Client

    services.workflow_draft_save(
        actor=world.admin_a, service=akta_service, spec=workflow.template_full(4)
    )
    services.workflow_publish(actor=world.admin_a, service=akta_service)
    response = Client().get(f"/api/v1/services/{akta_service.slug}/workflow")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 2 and body["start"] == "verify"
    assert [s["key"] for s in body["steps"]][:3] == ["verify", "needs_correction", "review"]
    assert "label_internal" not in body["steps"][0] and "checklist" not in body["actions"][0]
    missing = Client().get("/api/v1/services/tidak-ada/workflow")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"


def test_nul_and_control_characters_never_reach_the_stored_definition(
    world: Any, akta_service: Any
) -> None:
    spec = workflow.template_short()
    spec["steps"][0]["label"] = "Dite\x00rima\x07"
    spec["actions"][0]["checklist"] = ["Cek\x00 berkas"]
    client = signed_in(world.admin_a)
    response = client.post(_url(akta_service), _post_data(spec, "save"))
    assert response.status_code in (302, 400)
    draft = WorkflowVersion.objects.filter(service=akta_service, state="draft").first()
    if draft is not None:
        text = str(draft.spec)
        assert "\x00" not in text and "\x07" not in text
    saved = services.workflow_draft_save(actor=world.admin_a, service=akta_service, spec=spec)
    assert saved.spec["steps"][0]["label"] == "Diterima"
    assert saved.spec["actions"][0]["checklist"] == ["Cek berkas"]
