"""Middleware of the whole site: security headers, the first language, service errors."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse

from satupintu.core.errors import NotFound, PermissionDenied, ServiceError

# No inline script or style anywhere: CSP is the last line of defence against injected markup.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path.startswith(("/akun/", "/accounts/", "/kantor/", "/api/v1/me")) or (
            getattr(request, "user", None) is not None and request.user.is_authenticated
        ):
            # Pages for a signed-in person are never stored by shared caches.
            response.headers.setdefault("Cache-Control", "private, no-store")
        if settings.DEBUG:
            response.headers.setdefault("X-SatuPintu-Debug", "1")
        return response


class IndonesianFirstMiddleware:
    """Pages are in Bahasa Indonesia until the person chooses English.

    Many phones in Indonesia run their browser in English, so the browser's Accept-Language says
    little about the language a citizen wants; the header's language switch (a cookie) and the
    account's preference decide instead. The JSON API still honours Accept-Language, as API
    clients set it on purpose.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class ServiceErrorMiddleware:
    """The one mapping of service errors to HTML error pages.

    An HTML view calls an access helper or a service and lets NotFound, PermissionDenied or any
    other ServiceError it does not handle itself escape: NotFound becomes the 404 page,
    PermissionDenied the 403 page and anything else the 400 page, never a 500. Views catch a
    ServiceError only to show its message on a form. (The JSON API maps the same errors to
    problem+json in `core.api`; django-ninja handles them before they reach middleware.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ServiceError):
            return None
        django_exception: Exception
        if isinstance(exception, NotFound):
            django_exception = Http404(exception.message)
        elif isinstance(exception, PermissionDenied):
            django_exception = DjangoPermissionDenied(exception.message)
        else:
            django_exception = BadRequest(exception.message)
        return response_for_exception(request, django_exception)
