from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from satupintu.accounts.models import User
from satupintu.accounts.services import (
    nik_taken_message,
    normalise_contact,
    password_reset_set,
)
from satupintu.core.errors import ServiceError
from satupintu.core.fields import lookup_value
from satupintu.core.identifiers import validate_nik
from satupintu.regions import villages
from satupintu.regions.models import Region
from satupintu.regions.names import normalize_name

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A one-time code: digits on phones, no correction or capitals, the cursor already there.
CODE_ATTRS = {
    "autocomplete": "one-time-code",
    "inputmode": "numeric",
    "autocapitalize": "off",
    "spellcheck": "false",
    "autofocus": True,
}


def six_digit_code(value: str) -> str:
    """The code as typed, without spaces or dashes; refused unless it is six digits."""
    code = "".join(value.split()).replace("-", "")
    if not (code.isdigit() and len(code) == 6):
        raise forms.ValidationError(_("Kode harus terdiri dari enam angka."))
    return code


def new_password_field(
    label: StrOrPromise, *, help_text: StrOrPromise = "", required: StrOrPromise
) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        max_length=128,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": required},
    )


PASSWORD_RULE = _("Paling sedikit 10 karakter; jangan hanya angka atau kata yang umum.")


def passwords_differ(form: forms.Form, cleaned: dict[str, Any], first: str, second: str) -> bool:
    """Marks ``second`` when both were typed and differ; True then."""
    if cleaned.get(first) and cleaned.get(second) and cleaned[first] != cleaned[second]:
        form.add_error(second, _("Kedua kata sandi tidak sama."))
        return True
    return False


class ContactFieldMixin:
    """``contact`` as an email or a mobile number under the one rule, normalised."""

    cleaned_data: dict[str, Any]

    def clean_contact(self) -> str:
        try:
            _channel, address = normalise_contact(self.cleaned_data["contact"])
        except ServiceError as exc:
            raise forms.ValidationError(exc.message) from None
        return address


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
        widget=forms.TextInput(attrs=dict(CODE_ATTRS)),
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


class ResetRequestForm(ContactFieldMixin, forms.Form):
    """The e-mail address or mobile number the account signs in with."""

    contact = forms.CharField(
        label=_("Email atau nomor ponsel"),
        max_length=254,
        help_text=_("Yang Anda pakai untuk masuk. Contoh: nama@contoh.id atau 081234567890."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
        error_messages={"required": _("Isi email atau nomor ponsel Anda.")},
    )


class ResetCodeForm(forms.Form):
    """The code sent by SMS and the new password (reset of a phone account, or a claim)."""

    code = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=20,
        help_text=_("Enam angka yang kami kirim lewat SMS. Berlaku 10 menit."),
        widget=forms.TextInput(attrs=dict(CODE_ATTRS)),
        error_messages={"required": _("Masukkan kode verifikasi.")},
    )
    new_password1 = new_password_field(
        _("Kata sandi baru"), help_text=PASSWORD_RULE, required=_("Buat kata sandi.")
    )
    new_password2 = new_password_field(
        _("Ulangi kata sandi baru"), required=_("Ketik kata sandi sekali lagi.")
    )

    def clean_code(self) -> str:
        return six_digit_code(self.cleaned_data["code"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        passwords_differ(self, cleaned, "new_password1", "new_password2")
        return cleaned


class ResetSetPasswordForm(SetPasswordForm):
    error_messages = {"password_mismatch": _("Kedua kata sandi tidak sama.")}

    def save(self, commit: bool = True) -> Any:
        # Through the service, so the reset is ledgered like every other write.
        return password_reset_set(user=self.user, password=self.cleaned_data["new_password1"])


# --- citizen accounts -----------------------------------------------------------------------


class RegistrationForm(ContactFieldMixin, forms.Form):
    """Sign up with one contact (email or mobile number, detected), a name and a password."""

    contact = forms.CharField(
        label=_("Email atau nomor ponsel"),
        max_length=254,
        help_text=_("Contoh: nama@contoh.id atau 081234567890. Kami kirim kode ke sini."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
        error_messages={"required": _("Isi email atau nomor ponsel Anda.")},
    )
    full_name = forms.CharField(
        label=_("Nama lengkap"),
        max_length=200,
        help_text=_("Sesuai KTP."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Nama lengkap wajib diisi.")},
    )
    password1 = new_password_field(
        _("Kata sandi"), help_text=PASSWORD_RULE, required=_("Buat kata sandi.")
    )
    password2 = new_password_field(
        _("Ulangi kata sandi"), required=_("Ketik kata sandi sekali lagi.")
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Untuk membuat akun, Anda perlu menyetujui pemberitahuan privasi.")
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first = cleaned.get("password1")
        if first and not passwords_differ(self, cleaned, "password1", "password2"):
            contact = cleaned.get("contact") or ""
            probe = User(
                username=contact,
                email=contact if "@" in contact else "",
                full_name=cleaned.get("full_name") or "",
            )
            try:
                password_validation.validate_password(first, user=probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ContactCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=20,
        help_text=_("Enam angka yang kami kirim. Berlaku 10 menit."),
        widget=forms.TextInput(attrs=dict(CODE_ATTRS)),
        error_messages={"required": _("Masukkan kode verifikasi.")},
    )

    def clean_code(self) -> str:
        return six_digit_code(self.cleaned_data["code"])


class ProfileForm(forms.Form):
    """The citizen's own profile. The NIK field is there only while it is empty or being
    changed; the village is typed and resolved to a region (a choice appears if ambiguous)."""

    full_name = forms.CharField(
        label=_("Nama lengkap"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Nama lengkap wajib diisi.")},
    )
    nik = forms.CharField(
        label=_("NIK"),
        max_length=40,
        required=False,
        help_text=_("16 angka pada KTP atau Kartu Keluarga."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        required=False,
        help_text=_("Email baru harus dikonfirmasi dengan kode sebelum dipakai."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Nomor ponsel"),
        max_length=30,
        required=False,
        help_text=_("Nomor baru harus dikonfirmasi dengan kode sebelum dipakai."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    village = forms.CharField(
        label=_("Kelurahan/desa"),
        max_length=120,
        required=False,
        help_text=_("Tulis nama kelurahan atau desa, atau kode posnya."),
    )
    # A select of the matching villages, shown only when the typed name is ambiguous.
    # Only a code among the matches of the typed name is taken (see _resolve_region).
    address_region = forms.CharField(
        label=_("Pilih kelurahan/desa"), required=False, widget=forms.Select
    )
    address_street = forms.CharField(
        label=_("Jalan, RT/RW, nomor rumah"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    language = forms.ChoiceField(label=_("Bahasa"), choices=User.Language.choices)
    preferred_channel = forms.ChoiceField(label=_("Kirim pemberitahuan lewat"))

    @staticmethod
    def initial_for(user: User) -> dict[str, str]:
        """What the form shows before any change: the profile as it is saved."""
        return {
            "full_name": user.full_name,
            "email": user.email,
            "phone": user.phone,
            "village": user.address_region.name if user.address_region else "",
            "address_street": user.address_street,
            "language": user.language,
            "preferred_channel": user.preferred_channel,
        }

    def __init__(self, *args: Any, user: User, edit_nik: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("initial", self.initial_for(user))
        super().__init__(*args, **kwargs)
        self.user = user
        self.region: Region | None = user.address_region
        self.nik_editable = edit_nik or not user.nik
        if not self.nik_editable:
            del self.fields["nik"]
        channels = [
            (value, label)
            for value, label in User.PreferredChannel.choices
            if (value == User.PreferredChannel.EMAIL and user.email)
            or (value != User.PreferredChannel.EMAIL and user.phone and user.phone_verified_at)
        ]
        channel_field = self.fields["preferred_channel"]
        assert isinstance(channel_field, forms.ChoiceField)
        channel_field.choices = channels or [
            (user.preferred_channel, user.get_preferred_channel_display())
        ]

    def clean_nik(self) -> str:
        raw = self.cleaned_data.get("nik", "")
        if not raw.strip():
            return ""
        nik = validate_nik(raw).normalized
        if lookup_value(User, "nik", nik).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(nik_taken_message())
        return nik

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._resolve_region(cleaned)
        return cleaned

    def _resolve_region(self, cleaned: dict[str, Any]) -> None:
        text = (cleaned.get("village") or "").strip()
        current = self.user.address_region
        if not text:
            self.region = None
            return
        wanted = normalize_name(text)
        if current is not None and wanted in (current.search_name, normalize_name(current.name)):
            self.region = current
            return
        chosen = (cleaned.get("address_region") or "").strip()
        try:
            self.region = villages.resolve_village(text, chosen)
        except villages.AmbiguousVillage as exc:
            self.fields["address_region"].widget.choices = villages.grouped_choices(
                exc.candidates, empty_label=_("— pilih —")
            )
            self.add_error("address_region", exc)
        except forms.ValidationError:
            self.add_error(
                "village",
                _(
                    "Kelurahan/desa “%(name)s” tidak ditemukan. Periksa ejaannya, atau tulis "
                    "kode posnya."
                )
                % {"name": text[:120]},
            )

    def service_data(self) -> dict[str, Any]:
        """What changed, in the shape `services.profile_update` takes."""
        cleaned = self.cleaned_data
        data: dict[str, Any] = {
            "full_name": cleaned["full_name"],
            "email": cleaned.get("email", ""),
            "phone": cleaned.get("phone", ""),
            "address_region": self.region,
            "address_street": cleaned.get("address_street", ""),
            "language": cleaned["language"],
            "preferred_channel": cleaned["preferred_channel"],
        }
        if cleaned.get("nik"):
            data["nik"] = cleaned["nik"]
        return data
