"""Read-only service catalog endpoints under /api/v1/services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from ninja import Path, Query, Router, Schema
from ninja.security import django_auth
from pydantic import Field

from satupintu.catalog import access as catalog_access
from satupintu.catalog import search, selectors, workflow
from satupintu.catalog import services as catalog_services
from satupintu.catalog.models import Category, LifeEvent, Service, WorkflowVersion
from satupintu.catalog.schemas import (
    ServiceDetailOut,
    ServicePage,
    WorkflowDraftIn,
    WorkflowOut,
    WorkflowVersionDetailOut,
    WorkflowVersionOut,
)
from satupintu.catalog.search import MAX_QUERY_LENGTH
from satupintu.core.api import SLUG_PATTERN, paginate_by_key, problem
from satupintu.core.errors import NotFound, PermissionDenied, ServiceError
from satupintu.core.schemas import Problem, problems
from satupintu.organizations.models import Agency
from satupintu.organizations.schemas import agency_out

router = Router()
office_router = Router(auth=django_auth, tags=["office"])


class ServiceListParams(Schema):
    q: str = Field(default="", description="Search words; only the first 200 characters count")
    agency: str | None = Field(default=None, description="Agency slug", pattern=SLUG_PATTERN)
    category: str | None = Field(default=None, description="Category slug", pattern=SLUG_PATTERN)
    life_event: str | None = Field(
        default=None, description="Life event slug", pattern=SLUG_PATTERN
    )
    cursor: str | None = None
    limit: int = Field(default_factory=lambda: min(settings.API_PAGE_SIZE, 100), ge=1, le=100)


def _named(obj: Category | LifeEvent) -> dict[str, str]:
    return {"slug": obj.slug, "name": obj.name, "name_en": obj.name_en}


def service_out(service: Service) -> dict[str, Any]:
    return {
        "slug": service.slug,
        "name": service.name,
        "name_en": service.name_en,
        "summary": service.summary,
        "summary_en": service.summary_en,
        "agency": agency_out(service.agency),
        "category": _named(service.category),
        "fee_amount": service.fee_amount,
        "is_free": service.is_free,
        "sla_working_days": service.sla_working_days,
        "output_product": service.output_product,
        "channel_online": service.channel_online,
        "channel_counter": service.channel_counter,
        "url": reverse("portal:service", args=[service.slug]),
    }


def _lookup(model: Any, slug: str | None, what: str, **extra: Any) -> Any:
    if not slug:
        return None
    obj = model.objects.filter(slug=slug, **extra).first()
    if obj is None:
        raise NotFound(_("%(what)s “%(slug)s” tidak ditemukan.") % {"what": what, "slug": slug})
    return obj


@router.get(
    "",
    response={200: ServicePage, 400: Problem, 404: Problem, 422: Problem},
    operation_id="services_list",
    summary="List or search services",
)
def services_list(request: HttpRequest, params: Query[ServiceListParams]) -> dict[str, Any]:
    """Active services, ordered by slug. `q` keeps only services matching a (stemmed) word of
    the query. Pass `next_cursor` back as `cursor` for the next page."""
    filters = selectors.ServiceFilters(
        query=params.q,
        agency=_lookup(Agency, params.agency, pgettext("singular", "Instansi"), is_active=True),
        category=_lookup(Category, params.category, _("Kategori")),
        life_event=_lookup(LifeEvent, params.life_event, _("Peristiwa hidup")),
    )
    # A page is remembered until the catalog changes (see search.remembered): a popular query
    # matches thousands of services, and every client asking it gets the same page.
    parts = (
        "api",
        params.q[:MAX_QUERY_LENGTH],
        *(getattr(f, "pk", None) for f in (filters.agency, filters.category, filters.life_event)),
        params.cursor,
        params.limit,
    )
    return search.remembered(
        parts, lambda: _services_page(filters, cursor=params.cursor, limit=params.limit)
    )


def _services_page(
    filters: selectors.ServiceFilters, *, cursor: str | None, limit: int
) -> dict[str, Any]:
    """One page of the matching services by slug: the page's ids are ordered on the narrow
    columns alone (the thousands of matches are never read whole), then its rows are read."""
    page = paginate_by_key(
        selectors.service_search(filters, ranked=False).select_related(None).only("id", "slug"),
        key="slug",
        cursor=cursor,
        limit=limit,
        serialize=lambda service: service.pk,
    )
    by_id = selectors.public_services().in_bulk(page["items"])
    return {**page, "items": [service_out(by_id[pk]) for pk in page["items"]]}


@router.get(
    "/{slug}",
    response={200: ServiceDetailOut, 404: Problem, 422: Problem},
    operation_id="services_get",
    summary="Get a service with its standard",
)
def services_get(
    request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN, max_length=100)
) -> dict[str, Any]:
    """One active service with its public service standard and required documents."""
    service = (
        selectors.public_services()
        .prefetch_related("life_events", "documents")
        .filter(slug=slug)
        .first()
    )
    if service is None:
        raise NotFound(_("Layanan tidak ditemukan."))
    return {
        **service_out(service),
        "life_events": [_named(e) for e in service.life_events.all()],
        "keywords": service.keywords,
        "standard": {
            "requirements": service.requirements,
            "procedure": service.procedure,
            "time_standard": service.time_standard,
            "fee_standard": service.fee_standard,
            "product": service.product,
            "complaint_handling": service.complaint_handling,
        },
        "required_documents": [
            {
                "name": d.name,
                "name_en": d.name_en,
                "description": d.description,
                "is_required": d.is_required,
            }
            for d in service.documents.all()
        ],
        "maklumat": service.agency.maklumat,
    }


@router.get(
    "/{slug}/workflow",
    response={200: WorkflowOut, 404: Problem, 422: Problem},
    operation_id="services_workflow_get",
    summary="Get a service's current workflow definition",
)
def services_workflow_get(
    request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN, max_length=100)
) -> dict[str, Any]:
    """The published workflow new applications of an active service follow: steps (public
    label, status, SLA in working days) and actions (who may take them). Internal labels and
    checklists stay in the back office."""
    service = selectors.public_services().filter(slug=slug).first()
    version = catalog_services.workflow_current(service) if service is not None else None
    if service is None or version is None:
        raise NotFound(_("Layanan tidak ditemukan."))
    return {
        "service": service.slug,
        "version": version.number,
        "published_at": version.published_at.isoformat() if version.published_at else None,
        **_definition_out(version.definition, internal=False),
    }


def _definition_out(definition: workflow.Definition, *, internal: bool) -> dict[str, Any]:
    """Steps and actions of a definition; `internal` adds what only the back office sees
    (internal labels, checklists)."""
    steps = []
    for s in definition.steps:
        row: dict[str, Any] = {
            "key": s.key,
            "label": s.label,
            "status": s.status,
            "sla_days": s.sla_days,
            "waits_on_citizen": s.waits_on_citizen,
            "outcome": s.outcome,
        }
        if internal:
            row["label_internal"] = s.label_internal
        steps.append(row)
    actions = []
    for a in definition.actions:
        action: dict[str, Any] = {
            "key": a.key,
            "label": a.label,
            "source": a.source,
            "target": a.target,
            "roles": list(a.roles),
            "reason_required": a.reason_required,
            "returns_for_correction": a.returns_for_correction,
        }
        if internal:
            action["checklist"] = list(a.checklist)
        actions.append(action)
    return {"start": definition.start, "steps": steps, "actions": actions}


# --- the back office: a service's workflow versions (/api/v1/office/services) ---------------


def _service_for_officer(user: Any, service_id: int) -> Service:
    """A service of an agency the officer belongs to (drafts and internal details included)."""
    service = Service.objects.select_related("agency").filter(pk=service_id).first()
    if service is None or not catalog_access.can_see_internal(user, service):
        raise NotFound(_("Layanan tidak ditemukan."))
    return service


def version_out(version: WorkflowVersion, *, current: WorkflowVersion | None) -> dict[str, Any]:
    return {
        "number": version.number,
        "state": version.state,
        "current": current is not None and version.pk == current.pk,
        "note": version.note,
        "created_at": version.created_at,
        "published_at": version.published_at,
    }


def _version_detail(service: Service, version: WorkflowVersion) -> dict[str, Any]:
    current = catalog_services.workflow_current(service)
    return {
        **version_out(version, current=current),
        "service_id": service.pk,
        **_definition_out(version.definition, internal=True),
        "problems": catalog_services.workflow_problems(service, version.spec)
        if version.state == WorkflowVersion.State.DRAFT
        else [],
    }


@office_router.get(
    "/{int:service_id}/workflows",
    response={200: list[WorkflowVersionOut], **problems(401, 404, 422)},
    operation_id="office_workflows_list",
    summary="Every workflow version of a service of my agency, newest first",
)
def office_workflows_list(
    request: HttpRequest, service_id: int = Path(..., ge=1)
) -> list[dict[str, Any]]:
    service = _service_for_officer(request.user, service_id)
    current = catalog_services.workflow_current(service)
    versions = WorkflowVersion.objects.filter(service=service).order_by("-number")
    return [version_out(v, current=current) for v in versions]


@office_router.get(
    "/{int:service_id}/workflows/{int:number}",
    response={200: WorkflowVersionDetailOut, **problems(401, 404, 422)},
    operation_id="office_workflows_get",
    summary="One workflow version with its internal labels, checklists and, for the draft, "
    "what stops it from being published",
)
def office_workflows_get(
    request: HttpRequest, service_id: int = Path(..., ge=1), number: int = Path(..., ge=1)
) -> dict[str, Any]:
    service = _service_for_officer(request.user, service_id)
    version = WorkflowVersion.objects.filter(service=service, number=number).first()
    if version is None:
        raise NotFound(_("Versi alur tidak ditemukan."))
    return _version_detail(service, version)


@office_router.put(
    "/{int:service_id}/workflows/draft",
    response={200: WorkflowVersionDetailOut, **problems(400, 401, 403, 404, 422)},
    operation_id="office_workflows_draft_save",
    summary="Save a definition as the service's draft version (agency admins)",
)
def office_workflows_draft_save(
    request: HttpRequest, payload: WorkflowDraftIn, service_id: int = Path(..., ge=1)
) -> dict[str, Any]:
    """The spec has the shape of `catalog.workflow` (start, steps, actions with `from`/`to`);
    a draft may be invalid, its `problems` say what stops it from being published."""
    service = _service_for_officer(request.user, service_id)
    draft = catalog_services.workflow_draft_save(
        actor=request.user, service=service, spec=payload.spec, note=payload.note
    )
    return _version_detail(service, draft)


@office_router.post(
    "/{int:service_id}/workflows/draft/publish",
    response={200: WorkflowVersionDetailOut, **problems(400, 401, 403, 404, 422)},
    operation_id="office_workflows_publish",
    summary="Publish the draft as the current version; 400 lists every problem in words",
)
def office_workflows_publish(request: HttpRequest, service_id: int = Path(..., ge=1)) -> Any:
    """Cases already running stay on the version they started with."""
    service = _service_for_officer(request.user, service_id)
    try:
        version = catalog_services.workflow_publish(actor=request.user, service=service)
    except PermissionDenied:
        raise
    except ServiceError as exc:
        found = getattr(exc, "problems", None)
        if found is None:
            raise
        return problem(
            request, status=400, title="Bad Request", detail=exc.message, problems=list(found)
        )
    return _version_detail(service, version)
