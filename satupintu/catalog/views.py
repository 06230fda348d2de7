from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.template.response import TemplateResponse


def home(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(request, "catalog/home.html", {})


def service_list(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(request, "catalog/service_list.html", {})


@login_required
def office_home(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(request, "catalog/office_home.html", {})
