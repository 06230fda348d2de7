from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return TemplateResponse(request, template, status=status).render()


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "errors/400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "errors/403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        # An API address that matches no route (e.g. a negative id where the route takes a
        # positive integer) answers like every API error: problem+json, not an HTML page.
        from django.utils.translation import gettext as _

        from satupintu.core.api import problem

        return problem(
            request, status=404, title="Not Found", detail=_("Alamat API tidak ditemukan.")
        )
    return _error_page(request, "errors/404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors or request data: the page must render even when they are broken.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render({}), status=500)
