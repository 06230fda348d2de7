from __future__ import annotations

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from satupintu.core.errors import NotFound
from satupintu.regions import selectors
from satupintu.regions.forms import RegionSearchForm
from satupintu.regions.selectors import region_ancestors, region_children, region_get

RESULT_LIMIT = 30


def region_search(request: HttpRequest) -> TemplateResponse:
    """Address-picker search: a plain GET form; htmx gets only the result list."""
    form = RegionSearchForm(request.GET or None)
    results: list = []
    query = ""
    showing_provinces = False
    status = 200
    if form.is_bound and not form.is_valid():
        # htmx leaves 4xx responses unswapped, so it gets the error inside a 200 partial.
        status = 200 if request.headers.get("HX-Request") else 400
    else:
        data = form.cleaned_data if form.is_bound else {}
        query = data.get("q", "").strip()
        if query:
            results = selectors.region_search(
                query,
                level=data.get("level"),
                parent_code=data.get("dalam") or None,
                limit=RESULT_LIMIT,
            )
        else:
            results = list(region_children(data.get("dalam") or None))
            showing_provinces = not data.get("dalam")
    template = (
        "regions/_results.html" if request.headers.get("HX-Request") else "regions/search.html"
    )
    return TemplateResponse(
        request,
        template,
        {
            "form": form,
            "results": results,
            "query": query,
            "showing_provinces": showing_provinces,
        },
        status=status,
    )


def region_detail(request: HttpRequest, code: str) -> TemplateResponse:
    try:
        region = region_get(code)
    except NotFound:
        return TemplateResponse(
            request,
            "regions/not_found.html",
            {"code": code[:20], "message": _("Wilayah dengan kode itu tidak ditemukan.")},
            status=404,
        )
    return TemplateResponse(
        request,
        "regions/detail.html",
        {
            "region": region,
            "ancestors": region_ancestors(region),
            "children": region_children(region.code),
        },
    )
