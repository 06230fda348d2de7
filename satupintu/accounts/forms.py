from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's sign-in form with Indonesian labels and one message for every failure.

    The same message for "no such account", "wrong password" and "inactive account" keeps the
    form from telling anyone which accounts exist.
    """

    username = forms.CharField(
        label=_("Email atau nomor ponsel"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "Email/nomor ponsel atau kata sandi salah. Periksa kembali lalu coba lagi."
        ),
        "inactive": _("Email/nomor ponsel atau kata sandi salah. Periksa kembali lalu coba lagi."),
    }


class OTPCodeForm(forms.Form):
    """A code from the authenticator app (six digits) or, at verification, a recovery code."""

    code = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
        error_messages={"required": _("Masukkan kode verifikasi.")},
    )

    def __init__(self, *args: Any, allow_recovery: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allow_recovery = allow_recovery
        if allow_recovery:
            self.fields["code"].help_text = _(
                "Enam angka dari aplikasi autentikator, atau salah satu kode cadangan Anda."
            )
            self.fields["code"].widget.attrs["inputmode"] = "text"
        else:
            self.fields["code"].help_text = _("Enam angka dari aplikasi autentikator.")

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).replace("-", "").lower()
        if code.isdigit() and len(code) == 6:
            return code
        if self.allow_recovery and code.isalnum() and 6 <= len(code) <= 16:
            return code
        raise forms.ValidationError(_("Kode harus terdiri dari enam angka."))

    @property
    def is_totp(self) -> bool:
        code = self.cleaned_data.get("code", "")
        return code.isdigit() and len(code) == 6


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ResetSetPasswordForm(SetPasswordForm):
    error_messages = {"password_mismatch": _("Kedua kata sandi tidak sama.")}
