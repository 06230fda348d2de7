"""Public portal (home, service list and pages) and the back office for agency admins."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satupintu.catalog import selectors, services
from satupintu.catalog.access import service_for_admin
from satupintu.catalog.forms import RequiredDocumentFormSet, ServiceForm
from satupintu.catalog.models import (
    INTERNAL_COMPONENTS,
    PUBLIC_COMPONENTS,
    Category,
    LifeEvent,
    Service,
)
from satupintu.catalog.search import MAX_QUERY_LENGTH
from satupintu.core.errors import ServiceError
from satupintu.core.security import office_required
from satupintu.organizations import selectors as org_selectors
from satupintu.organizations.models import Agency

PAGE_SIZE = 20


# --- Portal -------------------------------------------------------------------------------------


def home(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(
        request,
        "catalog/home.html",
        {
            "life_events": selectors.life_events_all(),
            "categories": selectors.categories_with_services(),
            "agency_count": org_selectors.active_agencies().count(),
        },
    )


def _by_slug(model: Any, slug: str, **extra: Any) -> Any:
    # Text that cannot be a slug matches nothing; it never reaches the database, which may
    # refuse it (NUL on PostgreSQL).
    if not slug_re.fullmatch(slug):
        return None
    return model.objects.filter(slug=slug, **extra).first()


def service_list(
    request: HttpRequest, *, category_slug: str = "", life_event_slug: str = ""
) -> TemplateResponse:
    """Search and browse: /layanan/?q=&kategori=&peristiwa=&instansi=&halaman=."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    if category_slug:
        category = get_object_or_404(Category, slug=category_slug)
    else:
        category = _by_slug(Category, request.GET.get("kategori", ""))
    if life_event_slug:
        life_event = get_object_or_404(LifeEvent, slug=life_event_slug)
    else:
        life_event = _by_slug(LifeEvent, request.GET.get("peristiwa", ""))
    agency = _by_slug(Agency, request.GET.get("instansi", ""), is_active=True)
    results = selectors.service_search(
        selectors.ServiceFilters(
            query=query, category=category, life_event=life_event, agency=agency
        )
    )
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return TemplateResponse(
        request,
        "catalog/service_list.html",
        {
            "query": query,
            "category": category,
            "life_event": life_event,
            "agency": agency,
            "browse": category_slug or life_event_slug,
            "page": page,
            "categories": Category.objects.all(),
            "life_events": selectors.life_events_all(),
            "agencies": Agency.objects.filter(is_active=True).only("slug", "name"),
        },
    )


def category_services(request: HttpRequest, slug: str) -> TemplateResponse:
    return service_list(request, category_slug=slug)


def life_event_services(request: HttpRequest, slug: str) -> TemplateResponse:
    return service_list(request, life_event_slug=slug)


def _components(service: Service, names: tuple[str, ...]) -> list[tuple[str, str, str]]:
    return [
        (
            name,
            str(getattr(Service._meta.get_field(name), "verbose_name", name)),
            getattr(service, name),
        )
        for name in names
    ]


def service_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    """The published standard of one service; officers of its agency also see the internal part."""
    service, insider = selectors.service_for_viewer(request.user, slug)
    return TemplateResponse(
        request,
        "catalog/service_detail.html",
        {
            "service": service,
            "insider": insider,
            "can_edit": insider and org_selectors.is_agency_admin(request.user, service.agency_id),
            "public_components": _components(service, PUBLIC_COMPONENTS),
            "internal_components": _components(service, INTERNAL_COMPONENTS) if insider else [],
            "documents": list(service.documents.all()),
        },
    )


# --- Office -------------------------------------------------------------------------------------


@office_required
def office_home(request: HttpRequest) -> TemplateResponse:
    memberships = list(org_selectors.memberships_for(request.user))
    return TemplateResponse(
        request,
        "catalog/office_home.html",
        {"memberships": memberships, "roles": {m.role for m in memberships}},
    )


@office_required
def office_services(request: HttpRequest) -> TemplateResponse:
    agencies = org_selectors.admin_agencies(request.user)
    return TemplateResponse(
        request,
        "catalog/office_service_list.html",
        {
            "agencies": agencies,
            "services": Service.objects.filter(agency__in=agencies).select_related(
                "agency", "category"
            ),
        },
    )


@office_required
def office_service_create(request: HttpRequest) -> HttpResponse:
    agencies = org_selectors.admin_agencies(request.user)
    if not agencies.exists():
        raise DjangoPermissionDenied
    form = ServiceForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_create(
                actor=request.user, agency=form.cleaned_data["agency"], data=form.service_data()
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Layanan disimpan sebagai draf."))
            return redirect("office:service_edit", service_id=service.pk)
    return TemplateResponse(
        request, "catalog/office_service_form.html", {"form": form, "service": None}
    )


def _save_documents(request: HttpRequest, service: Service, formset: Any) -> None:
    for form in formset.forms:
        document = form.instance
        if not form.has_changed() and not formset._should_delete_form(form):
            continue
        if formset._should_delete_form(form):
            if document.pk:
                services.required_document_remove(actor=request.user, document=document)
            continue
        data = {k: form.cleaned_data[k] for k in form.Meta.fields}
        if document.pk:
            services.required_document_update(actor=request.user, document=document, data=data)
        else:
            services.required_document_add(actor=request.user, service=service, data=data)


@office_required
def office_service_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    service = service_for_admin(request.user, service_id)
    data = request.POST if request.method == "POST" else None
    form = ServiceForm(data, instance=service)
    formset = RequiredDocumentFormSet(data, queryset=service.documents.all(), prefix="dokumen")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                services.service_update(
                    actor=request.user, service=service, data=form.service_data()
                )
                _save_documents(request, service, formset)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Perubahan layanan disimpan."))
            return redirect("office:service_edit", service_id=service.pk)
    elif request.method == "POST":
        messages.error(request, _("Periksa kembali isian yang ditandai."))
    return TemplateResponse(
        request,
        "catalog/office_service_form.html",
        {"form": form, "formset": formset, "service": service},
    )


@office_required
@require_POST
def office_service_status(request: HttpRequest, service_id: int) -> HttpResponse:
    service = service_for_admin(request.user, service_id)
    status = request.POST.get("status", "")
    try:
        services.service_set_status(actor=request.user, service=service, status=status)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        if service.is_active:
            messages.success(request, _("Layanan diterbitkan."))
        else:
            messages.success(request, _("Layanan dikembalikan ke draf."))
    return redirect("office:service_edit", service_id=service.pk)
