"""Public portal (home, service list and pages) and the back office for agency admins."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satupintu.catalog import selectors, services
from satupintu.catalog.access import service_for_admin
from satupintu.catalog.forms import (
    AgencyMaklumatForm,
    RequiredDocumentFormSet,
    SearchSynonymForm,
    ServiceForm,
)
from satupintu.catalog.models import (
    INTERNAL_COMPONENTS,
    PUBLIC_COMPONENTS,
    RequiredDocument,
    Service,
    fallback_lang,
    localized,
)
from satupintu.catalog.search import MAX_QUERY_LENGTH
from satupintu.core.errors import ServiceError
from satupintu.core.pagecache import public_page
from satupintu.core.security import office_required
from satupintu.organizations import selectors as org_selectors

PAGE_SIZE = 20


# --- Portal -------------------------------------------------------------------------------------


@public_page
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


WILAYAH_SESSION_KEY = "catalog_wilayah"


def _near_region(request: HttpRequest) -> Any:
    """The citizen's regency: `?wilayah=<code>` (kept in the session; `?wilayah=` forgets it),
    else the one kept earlier, else the regency of the signed-in citizen's address."""
    if "wilayah" in request.GET:
        region = selectors.regency_for(request.GET["wilayah"][:20])
        # Write the session only when the choice changes: a repeated ?wilayah= costs nothing.
        kept = request.session.get(WILAYAH_SESSION_KEY)
        if region is None and kept is not None:
            request.session.pop(WILAYAH_SESSION_KEY, None)
        elif region is not None and kept != region.code:
            request.session[WILAYAH_SESSION_KEY] = region.code
        return region
    kept = request.session.get(WILAYAH_SESSION_KEY)
    if isinstance(kept, str):
        return selectors.regency_for(kept)
    village = getattr(request.user, "address_region_id", None)
    return selectors.regency_for(village) if village else None


@public_page
def service_list(
    request: HttpRequest, *, category_slug: str = "", life_event_slug: str = ""
) -> TemplateResponse:
    """Search and browse: /layanan/?q=&kategori=&peristiwa=&instansi=&wilayah=&cakupan=&halaman=.

    With a regency known, only its, its province's and national services are listed, nearest
    first; `cakupan=semua` widens to the whole country (still nearest first).
    """
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    category = selectors.category_by_slug(category_slug or request.GET.get("kategori", ""))
    life_event = selectors.life_event_by_slug(life_event_slug or request.GET.get("peristiwa", ""))
    if (category_slug and category is None) or (life_event_slug and life_event is None):
        raise Http404
    agency = selectors.active_agency_by_slug(request.GET.get("instansi", ""))
    near = _near_region(request)
    widened = request.GET.get("cakupan") == "semua"
    found = selectors.search_page(
        selectors.ServiceFilters(
            query=query,
            category=category,
            life_event=life_event,
            agency=agency,
            near=near,
            nearby_only=near is not None and not widened,
        ),
        page_number=request.GET.get("halaman"),
        per_page=PAGE_SIZE,
    )
    facets = found.facets
    return TemplateResponse(
        request,
        "catalog/service_list.html",
        {
            "query": query,
            "category": category,
            "life_event": life_event,
            "agency": agency,
            "browse": category_slug or life_event_slug,
            "page": found.page,
            "near": near,
            "widened": widened,
            "corrections": sorted(found.plan.corrections.items()),
            "facets": facets,
            "agencies": _agency_options(facets, agency),
            "categories": selectors.categories_all(),
            "life_events": selectors.life_events_all(),
        },
    )


def _agency_options(facets: Any, chosen: Any) -> list[Any]:
    """The agency filter's choices: with a query, the agencies among the results (most first)
    and the chosen one; without, every active agency."""
    if facets is None:
        return list(selectors.agencies_for_filter())
    options = [row.obj for row in facets.agencies]
    if chosen is not None and chosen not in options:
        options.insert(0, chosen)
    return options


@public_page
def category_services(request: HttpRequest, slug: str) -> TemplateResponse:
    return service_list(request, category_slug=slug)


@public_page
def life_event_services(request: HttpRequest, slug: str) -> TemplateResponse:
    return service_list(request, life_event_slug=slug)


def _components(service: Service, names: tuple[str, ...]) -> list[tuple[str, str, str, str]]:
    """(field, label, text in the active language, "id" when that text fell back to Indonesian)."""
    return [
        (
            name,
            str(getattr(Service._meta.get_field(name), "verbose_name", name)),
            localized(service, name),
            fallback_lang(service, name),
        )
        for name in names
    ]


@public_page
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
            "services": selectors.services_of_agencies(agencies),
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


def _document_edits(formset: Any) -> services.DocumentEdits:
    """The formset's rows as additions, changes and removals (unchanged blank rows are none)."""
    add: list[dict[str, Any]] = []
    update: list[tuple[RequiredDocument, dict[str, Any]]] = []
    remove: list[RequiredDocument] = []
    for form in formset.forms:
        document = form.instance
        if formset._should_delete_form(form):
            if document.pk:
                remove.append(document)
            continue
        if not form.has_changed():
            continue
        data = {k: form.cleaned_data[k] for k in form.Meta.fields}
        if document.pk:
            update.append((document, data))
        else:
            add.append(data)
    return services.DocumentEdits(add=add, update=update, remove=remove)


@office_required
def office_service_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    service = service_for_admin(request.user, service_id)
    data = request.POST if request.method == "POST" else None
    # The forms validate into their own copy: a rejected post must not change the title,
    # links or slug of the page shown again with its errors.
    draft = service_for_admin(request.user, service_id) if data is not None else service
    form = ServiceForm(data, instance=draft)
    formset = RequiredDocumentFormSet(
        data, queryset=selectors.documents_of(service), prefix="dokumen"
    )
    agency_form = AgencyMaklumatForm(data, instance=draft.agency, prefix="instansi")
    forms_valid = [f.is_valid() for f in (form, formset, agency_form)]
    if request.method == "POST" and all(forms_valid):
        try:
            services.service_edit(
                actor=request.user,
                service=service,
                data=form.service_data(),
                documents=_document_edits(formset),
                agency_data={k: agency_form.cleaned_data[k] for k in agency_form.changed_data},
            )
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
        {"form": form, "formset": formset, "agency_form": agency_form, "service": service},
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


@office_required
def office_synonyms(request: HttpRequest) -> HttpResponse:
    """Search synonyms: agency admins add their regional words; platform admins the rest."""
    agencies = org_selectors.admin_agencies(request.user)
    platform = bool(request.user.is_superuser)
    if not platform and not agencies.exists():
        raise DjangoPermissionDenied
    form = SearchSynonymForm(request.POST or None, agencies=agencies, platform=platform)
    if request.method == "POST" and form.is_valid():
        try:
            services.search_synonym_add(
                actor=request.user,
                agency=form.cleaned_data["agency"],
                term=form.cleaned_data["term"],
                replacement=form.cleaned_data["replacement"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Sinonim ditambahkan."))
            return redirect("office:synonyms")
    return TemplateResponse(
        request,
        "catalog/office_synonyms.html",
        {
            "form": form,
            "synonyms": selectors.search_synonyms(),
            "removable": selectors.removable_synonym_ids(request.user),
        },
    )


@office_required
@require_POST
def office_synonym_remove(request: HttpRequest) -> HttpResponse:
    synonym = selectors.search_synonym_by_id(request.POST.get("synonym", ""))
    if synonym is None:
        raise Http404
    services.search_synonym_remove(actor=request.user, synonym=synonym)
    messages.success(request, _("Sinonim dihapus."))
    return redirect("office:synonyms")
