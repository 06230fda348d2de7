from __future__ import annotations

from typing import Any

import pytest

from satupintu.catalog import access, services
from satupintu.catalog.models import RequiredDocument, Service
from satupintu.catalog.tests.conftest import service_data
from satupintu.core.errors import NotFound, PermissionDenied, ServiceError


def test_service_for_admin_is_404_for_a_missing_service(world: Any) -> None:
    with pytest.raises(NotFound):
        access.service_for_admin(world.admin_a, 999_999)


@pytest.mark.parametrize("persona", ["admin_b", "verifier", "approver", "siti"])
def test_service_for_admin_is_403_for_anyone_but_its_agency_admin(
    catalog: Any, world: Any, persona: str
) -> None:
    with pytest.raises(PermissionDenied):
        access.service_for_admin(world.persona(persona), catalog.akta.pk)


def test_service_for_admin_lets_the_agency_admin_in(catalog: Any, world: Any) -> None:
    assert access.service_for_admin(world.admin_a, catalog.akta.pk) == catalog.akta


def test_revoked_admin_loses_access(catalog: Any, world: Any) -> None:
    world.admin_a.memberships.update(is_active=False)
    with pytest.raises(PermissionDenied):
        access.service_for_admin(world.admin_a, catalog.akta.pk)


def test_other_agency_admin_cannot_create_update_or_publish(catalog: Any, world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.service_create(
            actor=world.admin_b,
            agency=world.agency_a,
            data=service_data(
                name="X",
                summary="x",
                category=catalog.civil,
                sla_working_days=1,
                output_product="x",
            ),
        )
    with pytest.raises(PermissionDenied):
        services.service_update(actor=world.admin_b, service=catalog.akta, data={"name": "X"})
    with pytest.raises(PermissionDenied):
        services.service_publish(actor=world.admin_b, service=catalog.draft)
    with pytest.raises(PermissionDenied):
        services.required_document_remove(
            actor=world.admin_b, document=catalog.akta.documents.first()
        )
    catalog.akta.refresh_from_db()
    assert catalog.akta.name == "Akta Kelahiran"
    assert catalog.akta.documents.count() == 2
    assert not Service.objects.filter(name="X").exists()


def test_create_makes_a_unique_slug_and_a_draft(catalog: Any, world: Any) -> None:
    service = services.service_create(
        actor=world.admin_a,
        agency=world.agency_a,
        data=service_data(
            name="Akta Kelahiran",
            summary="Duplikat nama.",
            category=catalog.civil,
            sla_working_days=3,
            output_product="Akta",
        ),
    )
    assert service.slug == "akta-kelahiran-2"
    assert service.status == Service.Status.DRAFT


def test_invalid_data_is_a_clear_error_and_writes_nothing(catalog: Any, world: Any) -> None:
    before = Service.objects.count()
    with pytest.raises(ServiceError) as exc:
        services.service_create(
            actor=world.admin_a,
            agency=world.agency_a,
            data=service_data(
                name="", summary="x", category=catalog.civil, sla_working_days=1, output_product="x"
            ),
        )
    assert exc.value.field == "name"
    with pytest.raises(ServiceError):
        services.service_update(actor=world.admin_a, service=catalog.akta, data={"agency": 1})
    with pytest.raises(ServiceError):
        services.service_set_status(actor=world.admin_a, service=catalog.akta, status="gone")
    assert Service.objects.count() == before


def test_publish_and_withdraw(catalog: Any, world: Any) -> None:
    services.service_publish(actor=world.admin_a, service=catalog.draft)
    catalog.draft.refresh_from_db()
    assert catalog.draft.status == Service.Status.ACTIVE
    services.service_set_status(actor=world.admin_a, service=catalog.draft, status="draft")
    catalog.draft.refresh_from_db()
    assert catalog.draft.status == Service.Status.DRAFT


def test_required_documents_add_update_remove(catalog: Any, world: Any) -> None:
    doc = services.required_document_add(
        actor=world.admin_a, service=catalog.akta, data={"name": "KTP-el saksi"}
    )
    assert doc.order == 2
    services.required_document_update(actor=world.admin_a, document=doc, data={"name": "KTP saksi"})
    assert RequiredDocument.objects.get(pk=doc.pk).name == "KTP saksi"
    services.required_document_remove(actor=world.admin_a, document=doc)
    assert not RequiredDocument.objects.filter(pk=doc.pk).exists()


def test_service_edit_saves_fields_and_documents_together(catalog: Any, world: Any) -> None:
    first, second = catalog.akta.documents.all()
    services.service_edit(
        actor=world.admin_a,
        service=catalog.akta,
        data={"name": "Akta Kelahiran Baru"},
        documents=services.DocumentEdits(
            add=[{"name": "KTP-el saksi", "order": 3}],
            update=[(second, {"name": "KK terbaru"})],
            remove=[first],
        ),
    )
    catalog.akta.refresh_from_db()
    assert catalog.akta.name == "Akta Kelahiran Baru"
    assert [d.name for d in catalog.akta.documents.all()] == ["KK terbaru", "KTP-el saksi"]


def test_service_edit_writes_nothing_when_one_document_is_invalid(catalog: Any, world: Any) -> None:
    first, _second = catalog.akta.documents.all()
    with pytest.raises(ServiceError):
        services.service_edit(
            actor=world.admin_a,
            service=catalog.akta,
            data={"name": "Akta Kelahiran Baru"},
            documents=services.DocumentEdits(add=[{"name": ""}], remove=[first]),
        )
    catalog.akta.refresh_from_db()
    assert catalog.akta.name == "Akta Kelahiran"
    assert catalog.akta.documents.count() == 2


def test_service_edit_refuses_another_services_document(catalog: Any, world: Any) -> None:
    foreign = services.required_document_add(
        actor=world.admin_a, service=catalog.kk, data={"name": "KK lama"}
    )
    with pytest.raises(ServiceError):
        services.service_edit(
            actor=world.admin_a,
            service=catalog.akta,
            data={},
            documents=services.DocumentEdits(remove=[foreign]),
        )
    assert RequiredDocument.objects.filter(pk=foreign.pk).exists()


def test_service_edit_changes_only_the_maklumat_of_the_agency(catalog: Any, world: Any) -> None:
    with pytest.raises(ServiceError):
        services.service_edit(
            actor=world.admin_a,
            service=catalog.akta,
            data={"name": "Akta Kelahiran Baru"},
            documents=services.DocumentEdits(),
            agency_data={"name": "Dinas Lain"},
        )
    catalog.akta.refresh_from_db()
    assert catalog.akta.name == "Akta Kelahiran"
    assert catalog.akta.agency.name != "Dinas Lain"


def test_only_the_system_or_a_superuser_adds_categories(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.category_create(actor=world.admin_a, slug="x", name="X")
    with pytest.raises(PermissionDenied):
        services.life_event_create(actor=world.admin_a, slug="x", name="X")
