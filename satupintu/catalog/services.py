"""Every write to the service catalog.

`actor=None` means the system (the demo seeder, management commands). Otherwise the actor must
be an active agency admin of the agency that owns the service (or a superuser); the check is
`catalog.access`. Each function runs in one transaction and leaves `search_text` up to date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.catalog import access, formdef, search, selectors, workflow
from satupintu.catalog.models import (
    INTERNAL_COMPONENTS,
    PUBLIC_COMPONENTS,
    TRANSLATED_COMPONENTS,
    Category,
    FormField,
    LifeEvent,
    RequiredDocument,
    SearchSynonym,
    SearchTerm,
    Service,
    WorkflowVersion,
)
from satupintu.core.errors import PermissionDenied, ServiceError
from satupintu.ledger import services as ledger
from satupintu.organizations import services as organizations
from satupintu.organizations.models import Agency
from satupintu.organizations.services import assign_fields, full_clean_or_error, unique_slug

SERVICE_FIELDS: tuple[str, ...] = (
    "slug",
    "name",
    "name_en",
    "summary",
    "summary_en",
    "category",
    "keywords",
    "status",
    "fee_amount",
    "sla_working_days",
    "output_product",
    "output_product_en",
    "channel_online",
    "channel_counter",
    *PUBLIC_COMPONENTS,
    *TRANSLATED_COMPONENTS,
    *INTERNAL_COMPONENTS,
)
DOCUMENT_FIELDS: tuple[str, ...] = (
    "name",
    "name_en",
    "description",
    "description_en",
    "is_required",
    "order",
    "condition_key",
    "condition_value",
)
# What the service editor may change of the service's agency.
AGENCY_MAKLUMAT_FIELDS: tuple[str, ...] = ("maklumat", "maklumat_en")


def _require_platform_admin(actor: Any) -> None:
    if actor is not None and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Hanya administrator sistem yang boleh melakukan ini."))


def _life_events(values: Iterable[Any]) -> list[LifeEvent]:
    ids = [v.pk if isinstance(v, LifeEvent) else int(v) for v in values]
    found = list(LifeEvent.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ServiceError(_("Peristiwa hidup tidak dikenal."), field="life_events")
    return found


SEARCH_COLUMNS = ("search_name", "search_keys", "search_text")


def service_reindex(*, service: Service) -> Service:
    """Rebuild the stemmed search columns of one service and its entry in the full-text index
    (after any change that feeds them; the caller's transaction holds both)."""
    stored = Service.objects.filter(pk=service.pk).values_list(*SEARCH_COLUMNS).first()
    old: tuple[str, str, str] = stored or ("", "", "")
    service.search_name = search.build_search_name(service)
    service.search_keys = search.build_search_keys(service)
    service.search_text = search.build_search_text(service)
    new = (service.search_name, service.search_keys, service.search_text)
    if new != old:
        Service.objects.filter(pk=service.pk).update(**dict(zip(SEARCH_COLUMNS, new, strict=True)))
    search.index_write(service_id=service.pk, old=old, new=new)
    return service


def _split(data: Mapping[str, Any]) -> tuple[dict[str, Any], Any, Any]:
    fields = dict(data)
    life_events = fields.pop("life_events", None)
    documents = fields.pop("documents", None)
    return fields, life_events, documents


@transaction.atomic
def service_create(*, actor: Any, agency: Agency, data: Mapping[str, Any]) -> Service:
    """Create a service of `agency` (a draft unless `data["status"]` says otherwise).

    `data` holds Service field values (see SERVICE_FIELDS; `category` a Category), plus optional
    `life_events` (LifeEvents or ids) and `documents` (mappings of RequiredDocument fields).
    A missing slug is made from the name.
    """
    access.require_agency_admin(actor, agency.pk)
    fields, life_events, documents = _split(data)
    service = Service(agency=agency)
    assign_fields(service, fields, SERVICE_FIELDS)
    if not service.slug:
        service.slug = unique_slug(service.name, Service, max_length=100)
    full_clean_or_error(service)
    service.save()
    if life_events:
        service.life_events.set(_life_events(life_events))
    for order, doc in enumerate(documents or ()):
        document = RequiredDocument(service=service, order=order)
        assign_fields(document, doc, DOCUMENT_FIELDS)
        full_clean_or_error(document)
        document.save()
    service_reindex(service=service)
    ledger.record(
        actor, "catalog.service.create", service, {"agency": agency.pk, "slug": service.slug}
    )
    workflow_ensure(service=service)
    return service


@transaction.atomic
def service_update(*, actor: Any, service: Service, data: Mapping[str, Any]) -> Service:
    """Change any of a service's fields and its life events (`data` as for service_create,
    without `documents`; use the required_document_* functions for those)."""
    access.require_agency_admin(actor, service.agency_id)
    fields, life_events, documents = _split(data)
    if documents is not None:
        raise ServiceError(_("Ubah dokumen persyaratan satu per satu."), field="documents")
    changed = assign_fields(service, fields, SERVICE_FIELDS)
    full_clean_or_error(service)
    service.save(update_fields=[*changed, "updated_at"] if changed else None)
    if life_events is not None:
        service.life_events.set(_life_events(life_events))
    service_reindex(service=service)
    ledger.record(actor, "catalog.service.update", service, {"fields": sorted(changed)})
    return service


@transaction.atomic
def service_set_status(*, actor: Any, service: Service, status: str) -> Service:
    """Publish (active) or withdraw (draft) a service."""
    access.require_agency_admin(actor, service.agency_id)
    if status not in Service.Status.values:
        raise ServiceError(_("Status tidak dikenal."), field="status")
    if service.status != status:
        service.status = status
        service.save(update_fields=["status", "updated_at"])
        service_reindex(service=service)
        ledger.record(actor, "catalog.service.set_status", service, {"status": status})
    return service


def service_publish(*, actor: Any, service: Service) -> Service:
    """Make a draft service visible to the public."""
    return service_set_status(actor=actor, service=service, status=Service.Status.ACTIVE)


@transaction.atomic
def required_document_add(
    *, actor: Any, service: Service, data: Mapping[str, Any]
) -> RequiredDocument:
    """Add a required document (name, name_en, description, is_required, order) to a service."""
    access.require_agency_admin(actor, service.agency_id)
    document = RequiredDocument(service=service)
    assign_fields(document, data, DOCUMENT_FIELDS)
    if "order" not in data:
        document.order = service.documents.count()
    full_clean_or_error(document)
    document.save()
    service_reindex(service=service)
    ledger.record(actor, "catalog.required_document.add", document, {"service": service.pk})
    return document


@transaction.atomic
def required_document_update(
    *, actor: Any, document: RequiredDocument, data: Mapping[str, Any]
) -> RequiredDocument:
    """Change a required document."""
    access.require_agency_admin(actor, document.service.agency_id)
    changed = assign_fields(document, data, DOCUMENT_FIELDS)
    full_clean_or_error(document)
    document.save(update_fields=changed or None)
    service_reindex(service=document.service)
    ledger.record(actor, "catalog.required_document.update", document, {"fields": sorted(changed)})
    return document


@transaction.atomic
def required_document_remove(*, actor: Any, document: RequiredDocument) -> None:
    """Remove a required document from its service."""
    service = document.service
    access.require_agency_admin(actor, service.agency_id)
    document_id = document.pk
    document.delete()
    service_reindex(service=service)
    ledger.record(actor, "catalog.required_document.remove", service, {"document": document_id})


@dataclass(frozen=True)
class DocumentEdits:
    """What the service editor does to a service's required documents in one save."""

    add: Sequence[Mapping[str, Any]] = ()
    update: Sequence[tuple[RequiredDocument, Mapping[str, Any]]] = ()
    remove: Sequence[RequiredDocument] = field(default_factory=tuple)


@transaction.atomic
def service_edit(
    *,
    actor: Any,
    service: Service,
    data: Mapping[str, Any],
    documents: DocumentEdits,
    agency_data: Mapping[str, Any] | None = None,
) -> Service:
    """Save the service editor's page: the service's fields, its required documents and, when
    given, its agency's maklumat (`agency_data`: maklumat, maklumat_en) together.

    Either everything is saved or nothing is (one transaction); each part is ledgered by the
    function that writes it. Documents to update or remove must belong to `service`.
    """
    access.require_agency_admin(actor, service.agency_id)
    foreign = [
        d
        for d in [*documents.remove, *(d for d, _data in documents.update)]
        if d.service_id != service.pk
    ]
    if foreign:
        raise ServiceError(_("Dokumen persyaratan tidak dikenal."), field="documents")
    service_update(actor=actor, service=service, data=data)
    for document in documents.remove:
        required_document_remove(actor=actor, document=document)
    for document, document_data in documents.update:
        required_document_update(actor=actor, document=document, data=document_data)
    for document_data in documents.add:
        required_document_add(actor=actor, service=service, data=document_data)
    if agency_data:
        unknown = set(agency_data) - set(AGENCY_MAKLUMAT_FIELDS)
        if unknown:
            raise ServiceError(_("Hanya maklumat instansi yang dapat diubah di sini."))
        organizations.agency_update(actor=actor, agency=service.agency, data=agency_data)
    return service


def _taxonomy_add(actor: Any, item: Category | LifeEvent) -> None:
    """Saves a new category or life event, shared by every agency: platform admins or the
    system only, checked like a form. The caller ledgers it (by its slug)."""
    _require_platform_admin(actor)
    full_clean_or_error(item)
    item.save()


@transaction.atomic
def category_create(
    *, actor: Any, slug: str, name: str, name_en: str = "", order: int = 0
) -> Category:
    """Add a service category (platform admins or the system)."""
    category = Category(slug=slug, name=name, name_en=name_en, order=order)
    _taxonomy_add(actor, category)
    ledger.record(actor, "catalog.category.create", category, {"slug": slug})
    return category


@transaction.atomic
def life_event_create(
    *,
    actor: Any,
    slug: str,
    name: str,
    name_en: str = "",
    description: str = "",
    description_en: str = "",
    order: int = 0,
) -> LifeEvent:
    """Add a life event (kelahiran, pindah domisili, usaha…) (platform admins or the system)."""
    event = LifeEvent(
        slug=slug,
        name=name,
        name_en=name_en,
        description=description,
        description_en=description_en,
        order=order,
    )
    _taxonomy_add(actor, event)
    ledger.record(actor, "catalog.life_event.create", event, {"slug": slug})
    return event


@transaction.atomic
def form_definition_replace(
    *, actor: Any, service: Service, fields: list[dict[str, Any]]
) -> list[FormField]:
    """Replace the service's application form with `fields`, in that order.

    Each row is a mapping of FormField attributes (see formdef.DEFINITION_KEYS; choices as
    [{"value", "label", "label_en"}]). The whole definition is checked with
    formdef.validate_definition first; any problem raises ServiceError and changes nothing.
    Answers are stored by key, so replacing rows keeps submitted applications readable.
    """
    access.require_agency_admin(actor, service.agency_id)
    problems = formdef.validate_definition(fields)
    if problems:
        raise ServiceError(" ".join(problems), field="fields")
    # One editor at a time per service: the second save waits and then replaces the first.
    Service.objects.select_for_update().filter(pk=service.pk).first()
    FormField.objects.filter(service=service).delete()
    created: list[FormField] = []
    for order, row in enumerate(formdef.normalize_definition(fields)):
        field = FormField(service=service, order=order, **row)
        full_clean_or_error(field, exclude=["service"])
        field.save()
        created.append(field)
    formdef.clear_cache(service)
    ledger.record(
        actor,
        "catalog.form_definition.replace",
        service,
        {"fields": len(created), "keys": [field.key for field in created]},
    )
    return created


# --- workflow definitions --------------------------------------------------------------------


def workflow_current(service: Service) -> WorkflowVersion | None:
    """The service's current definition: its highest-numbered published version."""
    return (
        WorkflowVersion.objects.filter(service=service, state=WorkflowVersion.State.PUBLISHED)
        .order_by("-number")
        .first()
    )


def _agency_roles(agency_id: int) -> set[str]:
    from satupintu.organizations.models import Membership

    return set(
        Membership.objects.filter(agency_id=agency_id, user__is_active=True).values_list(
            "role", flat=True
        )
    )


def workflow_problems(service: Service, spec: Mapping[str, Any]) -> list[str]:
    """What stops `spec` from being published for `service`, in words (empty: publishable)."""
    return workflow.validate(workflow.parse(spec), agency_roles=_agency_roles(service.agency_id))


def workflow_ensure(*, service: Service) -> WorkflowVersion:
    """The service's current version, creating version 1 from the standard template when it has
    none yet (a service made before definitions were data, or by a fixture). System write.

    Every first submission calls this: when a version exists (nearly always) it is read from
    the process's shelf (catalog.selectors.WORKFLOWS), without the service's row lock, which
    would make the submissions of a service wait for each other."""
    return selectors.kept_current_workflow(service.pk) or _workflow_create_first(service)


@transaction.atomic
def _workflow_create_first(service: Service) -> WorkflowVersion:
    Service.objects.select_for_update().filter(pk=service.pk).first()
    current = workflow_current(service)  # another process may have made it meanwhile
    if current is not None:
        return current
    version = WorkflowVersion.objects.create(
        service=service,
        number=(WorkflowVersion.objects.filter(service=service).count() + 1),
        state=WorkflowVersion.State.PUBLISHED,
        spec=workflow.template_standard(service.sla_working_days),
        note=_("Alur standar"),
        published_at=timezone.now(),
    )
    # No ledger entry of its own: it is part of the write that needed it (the service's
    # creation, or the first submission, whose entry names the version).
    return version


@transaction.atomic
def workflow_draft_save(
    *, actor: Any, service: Service, spec: Mapping[str, Any], note: str = ""
) -> WorkflowVersion:
    """Save `spec` as the service's draft version (creating the draft when there is none).

    A draft may be invalid (the editor shows what is wrong); only publishing checks it.
    """
    access.require_agency_admin(actor, service.agency_id)
    if not isinstance(spec, Mapping):
        raise ServiceError(_("Definisi alur tidak valid."), field="spec")
    Service.objects.select_for_update().filter(pk=service.pk).first()
    clean = workflow.to_spec(workflow.parse(spec))
    draft = WorkflowVersion.objects.filter(
        service=service, state=WorkflowVersion.State.DRAFT
    ).first()
    if draft is None:
        last = WorkflowVersion.objects.filter(service=service).order_by("-number").first()
        draft = WorkflowVersion(
            service=service,
            number=(last.number + 1) if last else 1,
            state=WorkflowVersion.State.DRAFT,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
    draft.spec = clean
    draft.note = str(note or "").strip()[:300]
    draft.save()
    ledger.record(
        actor,
        "catalog.workflow.save_draft",
        draft,
        {"service": service.pk, "number": draft.number, "digest": ledger.keyed_digest(clean)},
    )
    return draft


@transaction.atomic
def workflow_publish(*, actor: Any, service: Service) -> WorkflowVersion:
    """Publish the service's draft as its current version, if it passes validation.

    Raises ServiceError listing every problem in words (`.problems`) otherwise. The version it
    replaces is retired; cases already running on it stay on it.
    """
    access.require_agency_admin(actor, service.agency_id)
    Service.objects.select_for_update().filter(pk=service.pk).first()
    draft = WorkflowVersion.objects.filter(
        service=service, state=WorkflowVersion.State.DRAFT
    ).first()
    if draft is None:
        raise ServiceError(_("Tidak ada draf alur untuk diterbitkan."))
    problems = workflow_problems(service, draft.spec)
    if problems:
        error = ServiceError(
            _("Alur belum dapat diterbitkan: %(problems)s") % {"problems": " ".join(problems)},
            field="spec",
        )
        error.problems = problems  # type: ignore[attr-defined]
        raise error
    now = timezone.now()
    WorkflowVersion.objects.filter(service=service, state=WorkflowVersion.State.PUBLISHED).update(
        state=WorkflowVersion.State.RETIRED
    )
    draft.state = WorkflowVersion.State.PUBLISHED
    draft.published_at = now
    draft.published_by = actor if getattr(actor, "pk", None) else None
    draft.save(update_fields=["state", "published_at", "published_by"])
    ledger.record(
        actor,
        "catalog.workflow.publish",
        draft,
        {"service": service.pk, "number": draft.number, "digest": ledger.keyed_digest(draft.spec)},
    )
    return draft


@transaction.atomic
def workflow_draft_discard(*, actor: Any, service: Service) -> None:
    """Throw the service's draft version away (published versions are never deleted)."""
    access.require_agency_admin(actor, service.agency_id)
    draft = WorkflowVersion.objects.filter(
        service=service, state=WorkflowVersion.State.DRAFT
    ).first()
    if draft is None:
        return
    ledger.record(
        actor,
        "catalog.workflow.discard_draft",
        draft,
        {"service": service.pk, "number": draft.number},
    )
    draft.delete()


def _synonym_text(value: str, *, field_name: str, max_length: int) -> str:
    text = " ".join(search.words(value))
    if not text or len(text) > max_length:
        raise ServiceError(
            _("Isi dengan kata, paling banyak %(n)d huruf.") % {"n": max_length}, field=field_name
        )
    return text


@transaction.atomic
def search_synonym_add(
    *, actor: Any, agency: Agency | None, term: str, replacement: str, note: str = ""
) -> SearchSynonym:
    """Teach the search that citizens type `term` for `replacement` ("akte" → "akta").

    An agency admin adds rows for their agency (regional words, old names of their services);
    rows without an agency are the platform's and need a platform admin. Both apply to every
    query.
    """
    if agency is None:
        _require_platform_admin(actor)
    else:
        access.require_agency_admin(actor, agency.pk)
    term = _synonym_text(term, field_name="term", max_length=60)
    if len(term.split()) != 1:
        raise ServiceError(_("Kata yang diketik warga harus satu kata."), field="term")
    replacement = _synonym_text(replacement, field_name="replacement", max_length=120)
    if term == replacement:
        raise ServiceError(_("Kata pengganti sama dengan kata aslinya."), field="replacement")
    if SearchSynonym.objects.filter(term=term, replacement=replacement).exists():
        raise ServiceError(_("Sinonim ini sudah ada."), field="term")
    synonym = SearchSynonym(agency=agency, term=term, replacement=replacement, note=note[:200])
    full_clean_or_error(synonym)
    synonym.save()
    ledger.record(
        actor,
        "catalog.search_synonym.add",
        synonym,
        {"agency": agency.pk if agency else None, "term": term, "replacement": replacement},
    )
    return synonym


@transaction.atomic
def search_synonym_remove(*, actor: Any, synonym: SearchSynonym) -> None:
    """Remove a synonym (its agency's admins, or a platform admin for platform rows)."""
    if synonym.agency_id is None:
        _require_platform_admin(actor)
    else:
        access.require_agency_admin(actor, synonym.agency_id)
    synonym_id = synonym.pk
    payload = {"term": synonym.term, "replacement": synonym.replacement}
    synonym.delete()
    ledger.record(
        actor, "catalog.search_synonym.remove", ("catalog.searchsynonym", synonym_id), payload
    )


def search_index_count() -> int:
    return Service.objects.count()


def search_reindex_all(*, batch: int = 500, progress: Any = None) -> int:
    """Rebuild every service's search columns, the engine's index and the vocabulary from the
    catalog itself (the system's own maintenance; not ledgered, it changes no content).

    One transaction per `batch` services, so a big catalog never holds one long write lock;
    `progress(n)` is called after each batch.
    """
    with transaction.atomic():
        SearchTerm.objects.all().delete()
        Service.objects.update(search_name="", search_keys="", search_text="")
        search.index_rebuild()
    ids = list(Service.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        with transaction.atomic():
            rows = list(
                Service.objects.filter(pk__in=chunk)
                .select_related("agency", "category")
                .prefetch_related("life_events", "documents")
                .order_by("pk")
            )
            for service in rows:
                service.search_name = search.build_search_name(service)
                service.search_keys = search.build_search_keys(service)
                service.search_text = search.build_search_text(service)
            Service.objects.bulk_update(rows, list(SEARCH_COLUMNS))
            search.index_add_many(
                [(s.pk, s.search_name, s.search_keys, s.search_text) for s in rows]
            )
        if progress is not None:
            progress(len(chunk))
    search.index_analyze()
    return len(ids)
