from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from satupintu.organizations.models import Agency


def agency_list(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(
        request,
        "organizations/agency_list.html",
        {"agencies": Agency.objects.filter(is_active=True)},
    )


def agency_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    agency = get_object_or_404(Agency, slug=slug, is_active=True)
    return TemplateResponse(request, "organizations/agency_detail.html", {"agency": agency})
