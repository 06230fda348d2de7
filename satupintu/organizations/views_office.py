"""The agency admin's officer pages under /kantor/petugas/: the list (search and filters), adding
an officer, and one officer's roles, supervisor roles and deactivation. Plain forms; no
JavaScript needed. Access: `organizations.access`; writes: `organizations.services`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satupintu.core.errors import ServiceError
from satupintu.core.fields import masked_field
from satupintu.core.security import office_required
from satupintu.organizations import access, selectors, services
from satupintu.organizations.forms import OfficerAddForm, OfficerFilterForm, RoleGrantForm
from satupintu.organizations.models import Agency, Membership

PAGE_SIZE = 25


def _agency(request: HttpRequest, agencies: list[Agency]) -> Agency:
    slug = request.GET.get("instansi", "")
    return next((a for a in agencies if a.slug == slug), agencies[0])


def _officer_rows(officers: Any) -> list[dict[str, Any]]:
    return [
        {
            "officer": o,
            "nip": masked_field(o, "nip"),
            "active": [m for m in o.agency_memberships if m.is_active],
        }
        for o in officers
    ]


@office_required
def officer_list(request: HttpRequest) -> TemplateResponse:
    """The list; its search form is POSTed, so a NIP typed into it never sits in an address (a
    URL ends up in logs and histories). Pages of a name search carry the name."""
    agencies = access.admin_agencies(request.user)
    agency = _agency(request, agencies)
    data = request.POST if request.method == "POST" else request.GET
    form = OfficerFilterForm(data or None, agency=agency)
    clean: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # a bad value in one filter (an unknown role) drops that filter only
        clean = form.cleaned_data
    unit = clean.get("unit")
    filters: dict[str, Any] = {
        "query": clean.get("q", ""),
        "unit_id": unit.pk if unit else None,
        "role": clean.get("peran", ""),
        "active": {"1": True, "0": False}.get(clean.get("aktif", "")),
    }
    page = Paginator(selectors.officers_of(agency.pk, **filters), PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    kept = {name: data.get(name, "") for name in ("q", "unit", "peran", "aktif")}
    if selectors.looks_like_nip(kept["q"]):
        kept["q"] = ""
    query = urlencode({"instansi": agency.slug, **{k: v for k, v in kept.items() if v}})
    return TemplateResponse(
        request,
        "organizations/office/officer_list.html",
        {
            "agency": agency,
            "agencies": agencies,
            "form": form,
            "page": page,
            "rows": _officer_rows(page.object_list),
            "query": query,
        },
    )


@office_required
def officer_add(request: HttpRequest) -> HttpResponse:
    agencies = access.admin_agencies(request.user)
    agency = _agency(request, agencies)
    form = OfficerAddForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            officer, _memberships = services.officer_add(
                actor=request.user,
                agency=agency,
                full_name=data["full_name"],
                nip=data["nip"],
                contact=data["contact"],
                roles=data["roles"],
                unit=data["unit"],
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Petugas ditambahkan; undangan dikirim bila akunnya baru."))
            return redirect("officers:detail", agency_id=agency.pk, officer_id=officer.pk)
    return TemplateResponse(
        request,
        "organizations/office/officer_add.html",
        {"agency": agency, "agencies": agencies, "form": form},
    )


def _detail(
    request: HttpRequest, agency: Agency, officer: Any, grant_form: RoleGrantForm | None = None
) -> TemplateResponse:
    memberships = officer.agency_memberships
    return TemplateResponse(
        request,
        "organizations/office/officer_detail.html",
        {
            "agency": agency,
            "officer": officer,
            "nip": masked_field(officer, "nip"),
            "memberships": memberships,
            "suspended": any(m.suspended_at for m in memberships),
            "grant_form": grant_form or RoleGrantForm(agency=agency),
        },
    )


def _target(request: HttpRequest, agency_id: int, officer_id: int) -> tuple[Agency, Any]:
    agency = access.agency_for_admin(request.user, agency_id=agency_id)
    return agency, access.officer_for_admin(request.user, agency, officer_id)


def _back(agency: Agency, officer: Any) -> HttpResponse:
    return redirect("officers:detail", agency_id=agency.pk, officer_id=officer.pk)


@office_required
def officer_detail(request: HttpRequest, agency_id: int, officer_id: int) -> TemplateResponse:
    agency, officer = _target(request, agency_id, officer_id)
    return _detail(request, agency, officer)


@office_required
@require_POST
def officer_role_grant(request: HttpRequest, agency_id: int, officer_id: int) -> HttpResponse:
    agency, officer = _target(request, agency_id, officer_id)
    form = RoleGrantForm(request.POST, agency=agency)
    if form.is_valid():
        try:
            services.membership_grant(
                actor=request.user,
                user=officer,
                agency=agency,
                role=form.cleaned_data["role"],
                unit=form.cleaned_data["unit"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Peran diberikan."))
            return _back(agency, officer)
    return _detail(request, agency, officer, form)


@office_required
@require_POST
def officer_role_revoke(
    request: HttpRequest, agency_id: int, officer_id: int, membership_id: int
) -> HttpResponse:
    agency, officer = _target(request, agency_id, officer_id)
    membership = next((m for m in officer.agency_memberships if m.pk == membership_id), None)
    if membership is None:
        return _back(agency, officer)
    membership = Membership.objects.select_related("agency").get(pk=membership.pk)
    try:
        services.membership_revoke(actor=request.user, membership=membership)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Peran dicabut."))
    return _back(agency, officer)


@office_required
@require_POST
def officer_deactivate(request: HttpRequest, agency_id: int, officer_id: int) -> HttpResponse:
    agency, officer = _target(request, agency_id, officer_id)
    reactivate = request.POST.get("aksi") == "aktifkan"
    change = services.officer_reactivate if reactivate else services.officer_deactivate
    try:
        change(actor=request.user, agency=agency, user=officer)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Petugas diaktifkan kembali.")
            if reactivate
            else _("Petugas dinonaktifkan; permohonan yang ditanganinya kembali ke antrean."),
        )
    return _back(agency, officer)
