"""Security headers every response carries."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

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
