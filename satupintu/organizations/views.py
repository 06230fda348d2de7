"""Public agency pages: the list, and each agency's profile, maklumat and services."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse

from satupintu.core.pagecache import public_page
from satupintu.organizations import selectors


@public_page
def agency_list(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(
        request, "organizations/agency_list.html", {"agencies": selectors.active_agencies()}
    )


@public_page
def agency_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    agency = selectors.active_agencies().filter(slug=slug).first()
    if agency is None:
        raise Http404
    services = agency.services.filter(status="active").select_related("category").order_by("name")
    return TemplateResponse(
        request, "organizations/agency_detail.html", {"agency": agency, "services": services}
    )
