"""The catalog a case reads, kept per process (catalog.selectors' shelves, core.shelf).

Once a process has read a service, its agency, form, documents and current workflow version, a
citizen's start, answers, uploads and submission read none of them again; a change saved in this
process counts at once, one saved in another process after REFERENCE_CHECK_SECONDS, and one
rolled back never.

These tests commit (`transaction=True`): a shelf keeps nothing a still-open transaction changed,
and the fixtures' catalog is written in the test's own transaction otherwise.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from satupintu.applications import services
from satupintu.applications.models import Application, Status
from satupintu.applications.tests.conftest import VALID_ANSWERS, add_question, make_jpeg, make_pdf
from satupintu.catalog import selectors, workflow
from satupintu.catalog import services as catalog_services
from satupintu.catalog.models import FormField, RequiredDocument
from satupintu.core.errors import ServiceError

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_version_checks(settings: Any) -> None:
    # The shelves' version tokens are read again only after this many seconds: none of these
    # tests' counts may depend on how fast the machine runs them.
    settings.REFERENCE_CHECK_SECONDS = 3600


def _start(world: Any, service: Any) -> Application:
    return services.application_start(actor=world.siti, service=service)


def _answer(world: Any, draft: Application) -> None:
    services.application_save_answers(actor=world.siti, application=draft, answers=VALID_ANSWERS)


def _upload(world: Any, draft: Application, required: int, data: bytes, name: str) -> None:
    services.application_attach_document(
        actor=world.siti,
        application=draft,
        upload=SimpleUploadedFile(name, data),
        required_document_id=required,
    )


def _submit(world: Any, draft: Application, key: str) -> services.SubmitResult:
    return services.application_submit(
        actor=world.siti, application=draft, idempotency_key=key, declaration=True
    )


def _complete(world: Any, service: Any) -> Application:
    draft = _start(world, service)
    _answer(world, draft)
    for required, (data, name) in zip(
        service.documents.order_by("order", "id"),
        ((make_pdf(), "lahir.pdf"), (make_jpeg(), "kk.jpg")),
        strict=True,
    ):
        _upload(world, draft, required.pk, data, name)
    draft.refresh_from_db()
    return draft


def test_a_flow_reads_no_catalog_row_once_the_process_has_them(
    world: Any, akta_service: Any, django_assert_num_queries: Any
) -> None:
    # The first two flows read the catalog, and the first one archives the consent notice.
    _submit(world, _complete(world, akta_service), "pertama")
    _submit(world, _complete(world, akta_service), "kedua")
    required = list(akta_service.documents.order_by("order", "id").values_list("pk", flat=True))
    pdf, jpeg = make_pdf(), make_jpeg()
    # consent and restriction checks; the draft, its event, the ledger entry (2); the transaction.
    with django_assert_num_queries(8) as start:
        draft = _start(world, akta_service)
    # the draft locked; saved; the ledger entry (2); the transaction.
    with django_assert_num_queries(6) as answers:
        _answer(world, draft)
    # the draft locked; the document it replaces; the document, its event, the ledger entry (2);
    # the transaction.
    with django_assert_num_queries(8) as upload:
        _upload(world, draft, required[0], pdf, "lahir.pdf")
    _upload(world, draft, required[1], jpeg, "kk.jpg")
    draft.refresh_from_db()
    with django_assert_num_queries(999, exact=False) as submit:
        _submit(world, draft, "ketiga")
    statements = [q["sql"] for q in submit.captured_queries]
    # What the submission itself does (the test's task backend sends the message right after):
    # the earlier use of the key; the draft locked, its documents; saved; its name tokens; the
    # consent; the event, the ledger entry (2); the outbox (3: the recipient check, the insert
    # that skips a key already used, the row with the key); the transaction (2).
    assert statements.index("COMMIT") + 1 == 14
    for table in (
        "catalog_service",
        "catalog_formfield",
        "catalog_requireddocument",
        "catalog_workflowversion",
        "organizations_agency",
        "privacy_notice",
        "satupintu_cache",
    ):
        for block in (start, answers, upload, submit):
            assert not [q for q in block.captured_queries if f'FROM "{table}"' in q["sql"]], table
    # A first submission has no name tokens to replace, and the applicant is the actor.
    assert not [sql for sql in statements if sql.startswith("DELETE")]
    assert not [
        sql for sql in statements if 'FROM "accounts_user"' in sql and "username" not in sql
    ]


def test_a_question_added_here_counts_at_once(world: Any, akta_service: Any) -> None:
    draft = _complete(world, akta_service)
    _submit(world, _complete(world, akta_service), "pertama")
    add_question(akta_service, key="father_name", label="Nama ayah", field_type="text", order=9)
    with pytest.raises(ServiceError, match="Nama ayah"):
        _submit(world, draft, "kedua")


def test_a_document_required_here_counts_at_once(world: Any, akta_service: Any) -> None:
    draft = _complete(world, akta_service)
    _submit(world, _complete(world, akta_service), "pertama")
    RequiredDocument.objects.create(service=akta_service, name="Buku nikah", order=9)
    with pytest.raises(ServiceError, match="Buku nikah"):
        _submit(world, draft, "kedua")


def test_a_new_workflow_version_counts_at_once(world: Any, akta_service: Any) -> None:
    first = _submit(world, _complete(world, akta_service), "pertama").application
    catalog_services.workflow_draft_save(
        actor=world.admin_a, service=akta_service, spec=workflow.template_full(4)
    )
    published = catalog_services.workflow_publish(actor=world.admin_a, service=akta_service)
    second = _submit(world, _complete(world, akta_service), "kedua").application
    assert first.workflow_version_id != published.pk
    assert second.workflow_version_id == published.pk


def test_a_change_made_elsewhere_counts_after_the_check(
    world: Any, akta_service: Any, settings: Any
) -> None:
    draft = _complete(world, akta_service)
    _submit(world, _complete(world, akta_service), "pertama")
    # Another process adds a question: the row, and a new version in the shared cache.
    FormField.objects.bulk_create(
        [FormField(service=akta_service, key="father_name", label="Nama ayah", field_type="text")]
    )  # bulk_create sends no signal, as a write in another process reaches this one with none
    cache.set(selectors.SERVICES.token.key, "another-process", timeout=None)
    assert "father_name" not in {row.key for row in selectors.kept_form_rows(akta_service.pk)}
    settings.REFERENCE_CHECK_SECONDS = 0
    with pytest.raises(ServiceError, match="Nama ayah"):
        _submit(world, draft, "kedua")


def test_a_question_rolled_back_is_never_kept(world: Any, akta_service: Any) -> None:
    draft = _complete(world, akta_service)
    _submit(world, _complete(world, akta_service), "pertama")
    with pytest.raises(RuntimeError), transaction.atomic():
        add_question(akta_service, key="father_name", label="Nama ayah", field_type="text")
        # Read inside the transaction that added it (as its own checks would): not kept.
        assert "father_name" in {row.key for row in selectors.kept_form_rows(akta_service.pk)}
        raise RuntimeError
    assert _submit(world, draft, "kedua").application.status == Status.SUBMITTED


def test_an_upload_for_a_document_deleted_elsewhere_is_refused_not_an_error(
    world: Any, akta_service: Any
) -> None:
    draft = _start(world, akta_service)
    _answer(world, draft)
    required = akta_service.documents.order_by("order", "id").first()
    selectors.kept_documents(akta_service.pk)  # the service's documents, kept in this process
    # Another process deletes the requirement: the row goes, and nothing reaches this process's
    # shelf before its next check.
    RequiredDocument.objects.filter(pk=required.pk)._raw_delete("default")
    assert required.pk in {spec.pk for spec in selectors.kept_documents(akta_service.pk)}
    with pytest.raises(ServiceError, match="tidak dikenal"):
        _upload(world, draft, required.pk, make_pdf(), "lahir.pdf")
    assert not draft.documents.exists()
