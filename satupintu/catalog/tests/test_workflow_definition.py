"""Workflow definitions as data: validation in words, versioning, templates, migration."""

from __future__ import annotations

import copy
import importlib
from typing import Any

import pytest
from django.apps import apps as django_apps

from satupintu.applications.models import Status
from satupintu.catalog import services, workflow
from satupintu.catalog.models import WorkflowVersion
from satupintu.core.errors import PermissionDenied, ServiceError
from satupintu.ledger.models import Entry
from satupintu.organizations.models import Role


@pytest.fixture(autouse=True)
def _indonesian() -> Any:
    """Messages are compared in Indonesian, whatever an earlier test left active."""
    from django.utils import translation

    with translation.override("id"):
        yield


def test_phases_and_roles_agree_with_applications_and_organizations() -> None:
    assert set(workflow.OPEN_PHASES) | set(workflow.OUTCOMES) == set(Status.values) - {"draft"}
    assert set(workflow.ROLES) <= set(Role.values)


@pytest.mark.parametrize("name", sorted(workflow.TEMPLATES))
def test_every_template_is_publishable(name: str) -> None:
    _label, make = workflow.TEMPLATES[name]
    assert workflow.validate(workflow.parse(make(5))) == []


def _problems(spec: dict[str, Any], roles: set[str] | None = None) -> list[str]:
    return workflow.validate(workflow.parse(spec), agency_roles=roles)


def test_unreachable_step_is_named() -> None:
    spec = workflow.template_full(5)
    spec["actions"] = [a for a in spec["actions"] if a["key"] != "review_ok"]
    problems = _problems(spec)
    assert "Langkah “Sedang diproses” tidak dapat dicapai dari langkah awal." in problems
    # And the review step is now a dead end: its only ways out lead nowhere finished.


def test_dead_end_step_is_named() -> None:
    spec = workflow.template_standard(3)
    spec["actions"] = [a for a in spec["actions"] if a["key"] != "complete"]
    problems = _problems(spec)
    assert "Langkah “Disetujui” buntu: tidak ada tindakan untuk keluar darinya." in problems


def test_cycle_without_an_exit_is_a_dead_end() -> None:
    spec = workflow.template_full(5)
    # review can only go back to verify, and verify only forward to review: no way to finish.
    spec["actions"] = [
        a for a in spec["actions"] if a["key"] in ("verify_ok", "review_back", "request_correction")
    ]
    problems = _problems(spec)
    assert any("tidak ada jalur ke langkah akhir" in p for p in problems)
    assert "Tidak ada jalur dari langkah awal ke langkah “Selesai”." in problems


def test_unknown_role_and_role_nobody_holds_are_named() -> None:
    spec = workflow.template_standard(3)
    spec["actions"][0]["roles"] = ["kepala_desa"]
    assert "Tindakan “Mulai proses” menyebut peran yang tidak dikenal: “kepala_desa”." in _problems(
        spec
    )
    spec = workflow.template_full(5)
    problems = _problems(spec, roles={"verifier", "approver"})
    assert (
        "Tindakan “Teruskan ke pejabat” untuk peran “Pemeriksa”, tetapi belum ada petugas "
        "instansi ini dengan peran itu." in problems
    )


def test_rejection_and_correction_need_a_reason() -> None:
    spec = workflow.template_standard(3)
    for action in spec["actions"]:
        action["reason_required"] = False
    problems = _problems(spec)
    assert "Tindakan “Tolak” menolak permohonan, jadi alasan harus wajib." in problems
    assert "Tindakan “Minta perbaikan” meminta perbaikan, jadi catatan harus wajib." in problems


def test_a_stored_spec_is_parsed_once_and_never_confused_with_another() -> None:
    spec = workflow.template_full(4)
    kept = workflow.parse_kept(spec)
    assert kept == workflow.parse(spec)
    assert workflow.parse_kept(copy.deepcopy(spec)) is kept  # the same JSON: parsed once
    changed = copy.deepcopy(spec)
    changed["steps"][0]["label"] = "Diterima"
    assert workflow.parse_kept(changed).steps[0].label == "Diterima"
    # A tuple prints as a JSON list but is no list to `parse`: never served the list's parse.
    as_tuples = {**spec, "steps": tuple(spec["steps"])}
    assert workflow.parse_kept(as_tuples) == workflow.parse(as_tuples) != kept
    assert workflow.parse_kept({"start": 1, "steps": None}) == workflow.parse(
        {"start": 1, "steps": None}
    )


def test_garbage_never_raises() -> None:
    spec: Any
    for spec in (None, [], "x", {"steps": "x"}, {"steps": [1, None, {"key": 5}], "actions": [7]}):
        assert workflow.validate(workflow.parse(spec))


def test_a_new_service_has_the_standard_workflow_published(world: Any, akta_service: Any) -> None:
    current = services.workflow_current(akta_service)
    assert current is not None and current.number == 1
    assert current.state == WorkflowVersion.State.PUBLISHED
    assert current.spec == workflow.template_standard(akta_service.sla_working_days)


def test_invalid_definition_cannot_be_published_and_says_why(world: Any, akta_service: Any) -> None:
    spec = workflow.template_full(5)
    spec["actions"] = [a for a in spec["actions"] if a["key"] != "issue"]
    spec["actions"][0]["roles"] = ["lurah"]
    services.workflow_draft_save(actor=world.admin_a, service=akta_service, spec=spec)
    with pytest.raises(ServiceError) as caught:
        services.workflow_publish(actor=world.admin_a, service=akta_service)
    problems = caught.value.problems  # type: ignore[attr-defined]
    assert "Langkah “Disetujui” buntu: tidak ada tindakan untuk keluar darinya." in problems
    assert "Tindakan “Berkas lengkap” menyebut peran yang tidak dikenal: “lurah”." in problems
    assert "buntu" in caught.value.message
    # Nothing was published: version 1 is still the current one, the draft is kept to fix.
    assert services.workflow_current(akta_service).number == 1  # type: ignore[union-attr]
    assert WorkflowVersion.objects.filter(service=akta_service, state="draft").count() == 1


def test_publishing_makes_the_next_version_and_retires_the_old(
    world: Any, akta_service: Any
) -> None:
    services.workflow_draft_save(
        actor=world.admin_a, service=akta_service, spec=workflow.template_full(4), note="+periksa"
    )
    before = Entry.objects.count()
    published = services.workflow_publish(actor=world.admin_a, service=akta_service)
    assert published.number == 2 and published.state == "published"
    assert services.workflow_current(akta_service) == published
    assert WorkflowVersion.objects.get(service=akta_service, number=1).state == "retired"
    assert Entry.objects.count() == before + 1
    assert Entry.objects.latest("id").action == "catalog.workflow.publish"


def test_other_agency_admin_cannot_edit_the_workflow(world: Any, akta_service: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.workflow_draft_save(
            actor=world.admin_b, service=akta_service, spec=workflow.template_short()
        )
    with pytest.raises(PermissionDenied):
        services.workflow_publish(actor=world.admin_b, service=akta_service)


def _migration(app: str, name: str) -> Any:
    return importlib.import_module(f"satupintu.{app}.migrations.{name}")


def test_migration_template_matches_the_standard_template() -> None:
    catalog_migration = _migration("catalog", "0006_standard_workflow_for_every_service")
    for days in (1, 3, 5, 14):
        assert catalog_migration.standard(days) == workflow.template_standard(days)


def test_migration_puts_existing_services_and_applications_on_version_1(
    world: Any, submitted: Any
) -> None:
    from satupintu.applications import services as app_services
    from satupintu.applications.models import Application

    application = submitted.application
    app_services.application_transition(
        actor=world.verifier, application=application, to_status=Status.IN_REVIEW
    )
    # As the rows were before the migration: no versions, no workflow position.
    Application.objects.filter(pk=application.pk).update(
        workflow_version=None, workflow_step="", step_started_at=None, step_due_at=None
    )
    WorkflowVersion.objects.all().delete()
    _migration("catalog", "0006_standard_workflow_for_every_service").forwards(django_apps, None)
    _migration("applications", "0005_applications_onto_workflow_version_1").forwards(
        django_apps, None
    )
    application.refresh_from_db()
    version = WorkflowVersion.objects.get(service=application.service)
    assert (version.number, version.state) == (1, "published")
    assert application.workflow_version == version
    assert application.workflow_step == "in_review"
    # It carries on under the engine exactly as before.
    app_services.application_transition(
        actor=world.approver, application=application, to_status=Status.APPROVED
    )
    assert application.status == Status.APPROVED and application.workflow_step == "approved"
    spec = copy.deepcopy(version.spec)
    assert spec == workflow.template_standard(application.service.sla_working_days)


def test_demo_services_get_their_workflows_and_seeding_again_changes_nothing(db: Any) -> None:
    from django.core.management import call_command

    from satupintu.catalog import demo_data
    from satupintu.catalog.models import Service

    call_command("seed_demo", verbosity=0)
    for slug, template in demo_data.SERVICE_WORKFLOWS.items():
        service = Service.objects.get(slug=slug)
        current = services.workflow_current(service)
        assert current is not None
        assert current.spec == workflow.TEMPLATES[template][1](service.sla_working_days)
    akta = services.workflow_current(Service.objects.get(slug="akta-kelahiran"))
    assert akta is not None and akta.spec["start"] == "verify" and akta.number == 2
    for service in Service.objects.all():
        assert services.workflow_current(service) is not None
    versions = WorkflowVersion.objects.count()
    call_command("seed_demo", verbosity=0)
    assert WorkflowVersion.objects.count() == versions
