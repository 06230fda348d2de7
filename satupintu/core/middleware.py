"""Middleware of the whole site: security headers, the first language, service errors, and the
second-factor gate on every route."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import Any, cast

import django_otp.middleware
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import BadRequest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve
from django.utils.functional import LazyObject, SimpleLazyObject, empty
from django_otp.models import Device

from satupintu.core.errors import NotFound, PermissionDenied, ServiceError
from satupintu.core.rows import RowReader
from satupintu.core.security import is_verified, needs_second_factor, second_factor_url

# No inline script or style anywhere: CSP is the last line of defence against injected markup.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class HealthCheckMiddleware:
    """`/healthz` answered first, before sessions, languages, CSRF and the rest: a load balancer
    asks every few seconds and needs only to know that the process and the database answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            from satupintu.core.views import healthz

            return healthz(request)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path.startswith(("/akun/", "/accounts/", "/kantor/", "/api/v1/me")) or (
            _carries_session(request, response)
        ):
            # Pages for a signed-in person are never stored by shared caches. Any request or
            # response carrying a session counts as one: asking the user would read the account
            # on every public call that never needed it.
            response.headers.setdefault("Cache-Control", "private, no-store")
        if settings.DEBUG:
            response.headers.setdefault("X-SatuPintu-Debug", "1")
        return response


def _carries_session(request: HttpRequest, response: HttpResponse) -> bool:
    name = settings.SESSION_COOKIE_NAME
    if name in request.COOKIES or name in response.cookies:
        return True
    # A user signed in without a session cookie (already read because a view asked): never left
    # to a shared cache either. One nobody asked about is not read for this.
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, LazyObject) and user._wrapped is empty):
        return False
    return bool(user.is_authenticated)


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


# What a half-signed-in user (password passed, second factor not yet) may still open: the pages
# that finish signing in, or abandon it, and nothing that shows an officer anything.
SECOND_FACTOR_EXEMPT = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:otp_enrol",
        "accounts:otp_verify",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "set_language",
        "healthz",
    }
)
API_PREFIX = "/api/"


class OTPMiddleware(django_otp.middleware.OTPMiddleware):
    """django-otp's middleware (the session's verified device on `request.user.otp_device`),
    reading the device by its id with the SQL compiled once (core.rows), as the account is."""

    def _device_from_persistent_id(self, persistent_id: str) -> Any:
        persistent_id = self._normalize_persistent_id(persistent_id)
        with contextlib.suppress(ValueError, LookupError):
            model_label, device_id = persistent_id.rsplit("/", 1)
            model = apps.get_model(model_label)
            if issubclass(model, Device):
                return _device_reader(model).get(int(device_id))
        return None


_DEVICE_READERS: dict[type[Device], RowReader[Device]] = {}


def _device_reader(model: type[Device]) -> RowReader[Device]:
    reader = _DEVICE_READERS.get(model)
    return reader or _DEVICE_READERS.setdefault(model, RowReader(model, "id"))


class SecondFactorMiddleware:
    """Every route that serves an officer anything needs the verified second factor.

    One gate for every route, present and future, instead of a decorator someone can forget:
    an officer or staff member whose session has a password but no verified second factor is
    sent to verify (or enrol) from every page except those in ``SECOND_FACTOR_EXEMPT``, and is
    anonymous to the JSON API. A citizen, who needs no second factor, is not affected. Runs after
    django-otp's middleware, which tells whether the session passed the second factor.
    ``office_required`` still guards the back office as a second line.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None:
            return self.get_response(request)
        if request.path_info.startswith(API_PREFIX):
            # Decided when an endpoint first asks who is calling: a public endpoint (the board,
            # the catalog) then reads neither the session's user nor the two-factor device.
            request.user = cast(Any, SimpleLazyObject(functools.partial(_api_user, user)))
        elif (
            needs_second_factor(user)
            and not is_verified(user)
            and _route_name(request) not in SECOND_FACTOR_EXEMPT
        ):
            return HttpResponseRedirect(second_factor_url(user, request.get_full_path()))
        return self.get_response(request)


def _api_user(user: Any) -> Any:
    """Who the JSON API sees: a half-signed-in officer (no second factor yet) is anonymous."""
    if needs_second_factor(user) and not is_verified(user):
        return AnonymousUser()
    return user


def _route_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None
