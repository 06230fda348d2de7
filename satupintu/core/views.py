from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods


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


def set_language_cookie(response: HttpResponse, language: str) -> HttpResponse:
    """Remember the language chosen (the language cookie, as Django's LocaleMiddleware reads it)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """The header's language switch: `?language=en&next=/path` sets the language cookie and goes
    back to `next`. A link (GET), so a page for a visitor without a session carries nothing of
    theirs and one rendering serves everyone (core.pagecache); POST with the same fields works
    too (with its CSRF token, as every POST).

    Choosing a language changes nothing but that cookie (no account, no session), so a link
    someone else made can at most show the pages in the other language: not a change that needs
    CSRF protection. `next` is followed only within this site (else the page the visitor came
    from, else the home page), so the switch cannot send anyone elsewhere."""
    data = request.POST if request.method == "POST" else request.GET
    target = "/"
    for candidate in (data.get("next"), request.META.get("HTTP_REFERER")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = candidate
            break
    response = HttpResponseRedirect(target)
    language = data.get("language", "")
    if language in dict(settings.LANGUAGES):
        set_language_cookie(response, language)
    return response


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
