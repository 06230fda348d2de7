"""Who may enter the back office (/kantor/): a signed-in officer who has passed two-factor.

`office_required` guards every back-office view; `protect_admin_site` puts the Django admin
behind the same door, so there is no second way in with a password alone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import user_has_device

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def needs_second_factor(user: Any) -> bool:
    """Officers and anyone with admin access must use two-factor; citizens need not."""
    return bool(user.is_authenticated and (getattr(user, "is_officer", False) or user.is_staff))


def is_verified(user: Any) -> bool:
    # Without OTPMiddleware (or before it ran) the attribute is missing: treat as not verified.
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def safe_next(request: HttpRequest, candidate: str | None, default: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def second_factor_url(user: Any, next_url: str) -> str:
    """Where a signed-in but unverified user goes next: verify a code, or first enrol a device."""
    name = "accounts:otp_verify" if user_has_device(user, confirmed=True) else "accounts:otp_enrol"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def office_required(view: ViewFunc) -> ViewFunc:
    """Back-office guard: signed in (else login), an officer (else 403), and verified by
    two-factor (else to the enrol or verify page, coming back here afterwards)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not getattr(user, "is_officer", False) or not user.is_active:
            raise PermissionDenied
        if not is_verified(user):
            return HttpResponseRedirect(second_factor_url(user, request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _admin_has_permission(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and is_verified(user))


def _admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The admin has no login form of its own: everyone signs in through /akun/masuk/."""
    next_url = safe_next(request, request.GET.get("next"), reverse("admin:index"))
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(next_url)
    if not (user.is_active and user.is_staff):
        raise PermissionDenied
    if not is_verified(user):
        return HttpResponseRedirect(second_factor_url(user, next_url))
    return HttpResponseRedirect(next_url)


def protect_admin_site(site: admin.AdminSite | None = None) -> None:
    """Require a verified staff user on the admin site and replace its password-only login.

    Must run before the site's URLs are built (`site.urls`); calling it twice is harmless.
    """
    site = site or admin.site
    # Instance attributes win over the AdminSite methods they shadow (the OTPAdminSite idea,
    # without swapping the default site other apps have already registered their models on).
    site.has_permission = _admin_has_permission  # type: ignore[method-assign]
    site.login = _admin_login  # type: ignore[method-assign]
