from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import get_default_renderer
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from satupintu.core.errors import NotFound
from satupintu.regions import selectors, villages
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


_FIELD_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")


def village_pick(request: HttpRequest) -> HttpResponse:
    """htmx, for an address field: the villages matching the typed name, as the same pick list
    the form shows after a POST without JavaScript; empty when the name is unique or unknown."""
    field = request.GET.get("field", "")
    text = request.GET.get(f"{field}_0", "")[:150] if _FIELD_NAME.match(field) else ""
    pick = None
    message = ""
    try:
        villages.resolve_village(text)
    except villages.AmbiguousVillage as exc:
        name = f"{field}_2"
        widget = villages.pick_widget(exc.candidates)
        pick = widget.get_context(name, None, {"id": f"id_{name}"})["widget"]
        pick.update(
            sublabel=_("Pilih kelurahan/desa Anda"),
            radios=isinstance(widget, forms.RadioSelect),
        )
        message = exc.messages[0]
    except ValidationError:
        pass
    # The form renderer, as inside the form: it knows the widgets' own templates.
    html = get_default_renderer().render(
        "regions/_village_pick.html", {"pick": pick, "message": message}, request
    )
    return HttpResponse(html)
