"""Sign-in, two-factor enrolment and verification; citizen sign-up, contact confirmation and
the citizen's own profile.

Order matters at sign-in: the throttle is checked before the password, so a locked account or
address costs an attacker nothing to learn and us nothing to hash.
"""

from __future__ import annotations

import functools
from base64 import b32encode
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from satupintu.accounts import services, throttle
from satupintu.accounts.forms import (
    ContactCodeForm,
    LoginForm,
    OTPCodeForm,
    ProfileForm,
    RegistrationForm,
    ResetCodeForm,
    ResetRequestForm,
)
from satupintu.accounts.models import User
from satupintu.core import throttle as core_throttle
from satupintu.core.errors import ServiceError
from satupintu.core.fields import masked, masked_field
from satupintu.core.security import (
    is_verified,
    needs_second_factor,
    safe_next,
    second_factor_url,
)
from satupintu.core.views import set_language_cookie

RECOVERY_SESSION_KEY = "satupintu_recovery_codes"


def _next_url(request: HttpRequest, default: str | None = None) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    return safe_next(request, candidate, default or resolve_url(settings.LOGIN_REDIRECT_URL))


def _given_next(request: HttpRequest) -> str:
    """The `next` the request came with, when it is safe (url_has_allowed_host_and_scheme);
    "" when none was given or it points elsewhere."""
    candidate = request.POST.get("next") or request.GET.get("next")
    return safe_next(request, candidate, "") if candidate else ""


def _next_query(request: HttpRequest) -> str:
    """The query "?next=…" carrying on a validated `next` the request came with ("" if none)."""
    given = _given_next(request)
    return f"?{_query(given)}" if given else ""


def _throttled_message(seconds: int) -> str:
    minutes = throttle.minutes(seconds)
    return ngettext(
        "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(n)d menit.",
        "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(n)d menit.",
        minutes,
    ) % {"n": minutes}


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"form": form, "next": next_url, "throttled": None}
    if request.method != "POST":
        return TemplateResponse(request, "accounts/login.html", context)

    username = request.POST.get("username", "")[:254]
    wait = throttle.locked_for_seconds(request, username)
    if wait:
        context["form"] = LoginForm(request, initial={"username": username})
        context["throttled"] = _throttled_message(wait)
        return TemplateResponse(request, "accounts/login.html", context, status=429)

    if not form.is_valid():
        throttle.register_failure(request, username)
        return TemplateResponse(request, "accounts/login.html", context)

    user = form.get_user()
    throttle.reset_account(request, username)
    # login() rotates the session key, so a session id planted before sign-in is worthless.
    auth_login(request, user)
    if needs_second_factor(user):
        response = HttpResponseRedirect(
            second_factor_url(user, _office_next(request, user, next_url))
        )
    else:
        response = HttpResponseRedirect(next_url)
    # The account's language wins over whatever the browser used before signing in.
    return _set_language(response, user.language)


def _work_home(user: Any) -> str:
    """Where an officer (the back office) or a non-officer admin (the admin site) starts."""
    if getattr(user, "is_officer", False):
        return reverse("office:home")
    if getattr(user, "is_staff", False):
        return reverse("admin:index")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _office_next(request: HttpRequest, user: Any, next_url: str) -> str:
    # Someone who came to the plain login page and needs two-factor is going to work.
    if not (request.POST.get("next") or request.GET.get("next")):
        return _work_home(user)
    return next_url


_View = TypeVar("_View", bound=Callable[..., HttpResponse])


def _own_form_page(view: _View) -> _View:
    """A page with a form for the signed-in person: never cached, GET, HEAD and POST only."""
    return cast(
        _View, never_cache(login_required(require_http_methods(["GET", "HEAD", "POST"])(view)))
    )


TwoFactorView = Callable[[HttpRequest, str], HttpResponse]


def _second_factor_page(
    *, for_enrolled: bool
) -> Callable[[TwoFactorView], Callable[[HttpRequest], HttpResponse]]:
    """Makes a two-factor page of ``view(request, next_url)`` for the users it is for: those who
    need no second factor are sent on; enrolling is for those without an authenticator (adding
    one needs the existing one: otherwise a stolen password would be enough), verifying for
    those with one. Everyone else goes to the page that is theirs."""

    def decorate(view: TwoFactorView) -> Callable[[HttpRequest], HttpResponse]:
        @_own_form_page
        @functools.wraps(view)
        def page(request: HttpRequest) -> HttpResponse:
            if not needs_second_factor(request.user):
                return HttpResponseRedirect(_next_url(request))
            next_url = _next_url(request, _work_home(request.user))
            if user_has_device(request.user, confirmed=True) != for_enrolled:
                return HttpResponseRedirect(second_factor_url(request.user, next_url))
            return view(request, next_url)

        return page

    return decorate


@_second_factor_page(for_enrolled=False)
def otp_enrol(request: HttpRequest, next_url: str) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret), confirm a code."""
    user = request.user

    device = services.totp_device_start(user=user)  # type: ignore[arg-type]
    form = OTPCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        throttled = _is_throttled(device)
        result = services.totp_device_confirm(user=user, token=form.cleaned_data["code"])  # type: ignore[arg-type]
        if result is not None:
            confirmed, codes = result
            _mark_verified(request, confirmed)
            request.session[RECOVERY_SESSION_KEY] = codes
            return HttpResponseRedirect(f"{reverse('accounts:recovery_codes')}?{_query(next_url)}")
        form.add_error("code", _wrong_code_message(throttled=throttled))

    uri = device.config_url
    context = {
        "form": form,
        "next": next_url,
        "qr_data_uri": segno.make(uri, error="m").svg_data_uri(scale=5, border=2),
        "secret": _group(b32encode(device.bin_key).decode()),
    }
    return TemplateResponse(request, "accounts/otp_enrol.html", context)


@_second_factor_page(for_enrolled=True)
def otp_verify(request: HttpRequest, next_url: str) -> HttpResponse:
    """Second step of sign-in: a code from the authenticator app, or one recovery code."""
    user = request.user
    if is_verified(user):
        return HttpResponseRedirect(next_url)

    form = OTPCodeForm(request.POST if request.method == "POST" else None, allow_recovery=True)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        device_class = TOTPDevice if form.is_totp else StaticDevice
        devices = [d for d in devices_for_user(user) if isinstance(d, device_class)]
        throttled = any(_is_throttled(device) for device in devices)
        accepted = None
        if form.is_totp:
            for device in devices:
                accepted = django_otp.verify_token(user, device.persistent_id, code)
                if accepted is not None:
                    break
        else:
            # A recovery code is used up: a write, so a service call with its ledger entry.
            accepted = services.recovery_code_use(user=user, code=code)  # type: ignore[arg-type]
        if accepted is not None:
            _mark_verified(request, accepted)
            return HttpResponseRedirect(next_url)
        form.add_error("code", _wrong_code_message(throttled=throttled))

    return TemplateResponse(request, "accounts/otp_verify.html", {"form": form, "next": next_url})


@_own_form_page
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Show freshly issued recovery codes once; a verified user may replace them (POST)."""
    user = request.user
    next_url = _next_url(request, _work_home(user))
    if not is_verified(user):
        if needs_second_factor(user):
            return HttpResponseRedirect(second_factor_url(user, request.get_full_path()))
        return HttpResponseRedirect(next_url)
    if request.method == "POST":
        request.session[RECOVERY_SESSION_KEY] = services.recovery_codes_issue(user=user)  # type: ignore[arg-type]
        return HttpResponseRedirect(f"{reverse('accounts:recovery_codes')}?{_query(next_url)}")
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    return TemplateResponse(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url}
    )


def _mark_verified(request: HttpRequest, device: Any) -> None:
    # Passing two-factor raises the session's privilege: give it a new key, as login() does.
    request.session.cycle_key()
    django_otp.login(request, device)


def _is_throttled(device: Any) -> bool:
    # django-otp doubles the wait after each wrong code (1 s, 2 s, 4 s, ...) per device.
    allowed, _info = device.verify_is_allowed()
    return not allowed


def _wrong_code_message(*, throttled: bool) -> str:
    if throttled:
        return _("Terlalu banyak kode yang salah. Tunggu sebentar, lalu coba lagi.")
    return _("Kode tidak cocok atau sudah dipakai. Periksa kembali lalu coba lagi.")


def _group(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _query(next_url: str) -> str:
    return urlencode({"next": next_url})


# --- citizen accounts -----------------------------------------------------------------------

REGISTRATION_WINDOW_SECONDS = 60 * 60


consent_notice = services.account_consent_notice


def _set_language(response: HttpResponse, language: str) -> HttpResponse:
    return set_language_cookie(response, language)


def _add_service_error(form: Any, exc: ServiceError, fields: dict[str, str]) -> None:
    field = fields.get(exc.field or "", exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Create a citizen account, sign the person in, and send them to type their code.

    A `next` (validated) is carried through the code confirmation, so a person who started an
    application lands back on it. A number or address that a counter officer already registered
    is offered for claiming instead of being refused as taken.
    """
    next_url = _given_next(request)
    if request.user.is_authenticated:
        return HttpResponseRedirect(next_url or reverse("accounts:profile"))
    notice = consent_notice()
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {
        "form": form,
        "notice": notice,
        "throttled": None,
        "next": next_url,
        "claim": None,
    }
    if request.method != "POST":
        return TemplateResponse(request, "accounts/register.html", context)
    # Every attempt counts, not only failures: it is account creation itself that is limited.
    if core_throttle.hit(
        "register.address",
        throttle.client_ip(request),
        limit=settings.REGISTRATIONS_PER_IP,
        window=REGISTRATION_WINDOW_SECONDS,
    ):
        context["form"] = RegistrationForm(
            initial={"contact": request.POST.get("contact", "")[:254]}
        )
        context["throttled"] = _(
            "Terlalu banyak pendaftaran dari jaringan ini. Coba lagi dalam satu jam, atau minta "
            "bantuan di loket layanan."
        )
        return TemplateResponse(request, "accounts/register.html", context, status=429)
    if form.is_valid():
        try:
            user = services.citizen_register(
                contact=form.cleaned_data["contact"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                consent_notice=notice,
                consent_label=_("Akun SatuPintu"),
                language=translation.get_language() or User.Language.INDONESIAN,
            )
        except services.ClaimableAccount as exc:
            contact = form.cleaned_data["contact"]
            context["claim"] = {
                "message": exc.message,
                "contact": contact,
                "masked": _mask_contact(contact),
            }
        except ServiceError as exc:
            _add_service_error(form, exc, {})
        else:
            auth_login(request, user)
            _channel, address = services.sign_in_contact(user)
            messages.success(
                request,
                _("Akun dibuat. Kami mengirim kode verifikasi ke %(contact)s.")
                % {"contact": _mask_contact(address)},
            )
            return HttpResponseRedirect(reverse("accounts:confirm") + _next_query(request))
    return TemplateResponse(request, "accounts/register.html", context)


def _mask_contact(address: str) -> str:
    if "@" in address:
        local, _sep, domain = address.partition("@")
        return f"{local[:2]}***@{domain}"
    return masked(address, "phone")


@_own_form_page
def confirm(request: HttpRequest) -> HttpResponse:
    """Type the code sent to the contact; or ask for a new one (rate-limited)."""
    user = request.user
    assert isinstance(user, User)
    next_url = _next_url(request, reverse("accounts:profile"))
    form = ContactCodeForm(
        request.POST if request.method == "POST" and "resend" not in request.POST else None
    )
    status = 200
    resend_error = ""
    if request.method == "POST" and "resend" in request.POST:
        try:
            services.contact_code_send(actor=user, user=user)
        except services.TooManyCodes as exc:
            resend_error = exc.message
            status = 429
        else:
            messages.success(request, _("Kode baru sudah dikirim."))
            return HttpResponseRedirect(reverse("accounts:confirm") + _next_query(request))
    elif request.method == "POST" and form.is_valid():
        try:
            services.contact_confirm(actor=user, user=user, code=form.cleaned_data["code"])
        except ServiceError as exc:
            form.add_error("code", exc.message)
        else:
            messages.success(request, _("Terima kasih, kontak Anda sudah dikonfirmasi."))
            return HttpResponseRedirect(next_url)
    pending = services.pending_verification(user)
    context = {
        "form": form,
        "next": next_url,
        "pending": pending,
        "pending_contact": _mask_contact(pending.address) if pending else "",
        "confirmed": services.require_verified_contact(user),
        "resend_error": resend_error,
    }
    return TemplateResponse(request, "accounts/confirm.html", context, status=status)


_PROFILE_FIELDS = {"address_region": "village"}


@_own_form_page
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own profile; there is no way to name another account here."""
    user = request.user
    assert isinstance(user, User)
    edit_nik = request.GET.get("ubah") == "nik" or request.POST.get("ubah") == "nik"
    form = ProfileForm(
        request.POST if request.method == "POST" else None, user=user, edit_nik=edit_nik
    )
    if request.method == "POST" and form.is_valid():
        before = services.pending_verification(user)
        try:
            user = services.profile_update(actor=user, user=user, data=form.service_data())
        except ServiceError as exc:
            _add_service_error(form, exc, _PROFILE_FIELDS)
        else:
            translation.activate(user.language)
            after = services.pending_verification(user)
            if after is not None and (before is None or after.pk != before.pk):
                messages.success(
                    request,
                    _("Profil disimpan. Masukkan kode yang kami kirim ke %(contact)s.")
                    % {"contact": _mask_contact(after.address)},
                )
                target = f"{reverse('accounts:confirm')}?{_query(reverse('accounts:profile'))}"
            else:
                messages.success(request, _("Profil disimpan."))
                target = reverse("accounts:profile")
            return _set_language(HttpResponseRedirect(target), user.language)
    pending = services.pending_verification(user)
    context = {
        "form": form,
        "profile_user": user,
        "nik_masked": masked_field(user, "nik") if user.nik else "",
        "region": user.address_region,
        "pending": pending,
        "pending_contact": _mask_contact(pending.address) if pending else "",
        "confirmed": services.require_verified_contact(user),
    }
    return TemplateResponse(request, "accounts/profile.html", context)


# --- password reset and claiming a counter account -------------------------------------------

RESET_SESSION_KEY = "satupintu_reset"


def _reset_title(claim: bool) -> str:
    return _("Klaim akun") if claim else _("Lupa kata sandi")


@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link (e-mail account) or code (phone account); also claims a counter
    account. Sends nothing itself: the service puts one message in the outbox."""
    claim = request.POST.get("claim") == "1" or request.GET.get("klaim") == "1"
    next_url = _given_next(request)
    form = ResetRequestForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {
        "form": form,
        "claim": claim,
        "title": _reset_title(claim),
        "next": next_url,
        "throttled": None,
    }
    if request.method != "POST" or not form.is_valid():
        return TemplateResponse(request, "accounts/password_reset_form.html", context)
    contact = form.cleaned_data["contact"]
    try:
        channel = services.password_reset_request(
            contact=contact, client_address=core_throttle.client_ip(request)
        )
    except services.TooManyCodes as exc:
        context["throttled"] = exc.message
        response = TemplateResponse(
            request, "accounts/password_reset_form.html", context, status=429
        )
        response["Retry-After"] = str(exc.retry_after)
        return response
    except ServiceError as exc:
        _add_service_error(form, exc, {})
        return TemplateResponse(request, "accounts/password_reset_form.html", context)
    if channel == services.SMS:
        request.session[RESET_SESSION_KEY] = {"contact": contact, "claim": claim}
        return HttpResponseRedirect(reverse("accounts:password_reset_code") + _next_query(request))
    return HttpResponseRedirect(reverse("accounts:password_reset_done"))


@sensitive_post_parameters("new_password1", "new_password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def password_reset_code(request: HttpRequest) -> HttpResponse:
    """Type the SMS code and a new password (phone accounts, and claiming a counter account).

    The number is kept in the session, never in the URL; whether an account holds it is not
    told here either: an unknown number simply never gets a code that matches.
    """
    pending = request.session.get(RESET_SESSION_KEY)
    if not isinstance(pending, dict) or not pending.get("contact"):
        return HttpResponseRedirect(reverse("accounts:password_reset"))
    contact, claim = str(pending["contact"]), bool(pending.get("claim"))
    next_url = _given_next(request)
    resend = request.method == "POST" and "resend" in request.POST
    form = ResetCodeForm(request.POST if request.method == "POST" and not resend else None)
    context: dict[str, Any] = {
        "form": form,
        "claim": claim,
        "title": _reset_title(claim),
        "contact": _mask_contact(contact),
        "next": next_url,
        "resend_error": "",
    }
    status = 200
    if resend:
        try:
            services.password_reset_request(
                contact=contact, client_address=core_throttle.client_ip(request)
            )
        except services.TooManyCodes as exc:
            context["resend_error"] = exc.message
            status = 429
        else:
            messages.success(
                request,
                _(
                    "Jika nomor itu terdaftar, kode baru sudah dikirim. Kode dapat diminta "
                    "paling banyak sekali semenit."
                ),
            )
            return HttpResponseRedirect(
                reverse("accounts:password_reset_code") + _next_query(request)
            )
    elif request.method == "POST" and form.is_valid():
        try:
            services.password_reset_with_code(
                contact=contact,
                code=form.cleaned_data["code"],
                password=form.cleaned_data["new_password1"],
            )
        except ServiceError as exc:
            _add_service_error(form, exc, {"password1": "new_password1"})
        else:
            request.session.pop(RESET_SESSION_KEY, None)
            messages.success(
                request, _("Kata sandi sudah disimpan. Silakan masuk dengan kata sandi baru.")
            )
            return HttpResponseRedirect(reverse("accounts:login") + _next_query(request))
    return TemplateResponse(request, "accounts/password_reset_code.html", context, status=status)
