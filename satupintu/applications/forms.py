"""Forms of the application pages: they check the shape of the input; the services decide.

The question groups themselves are built from the service's form definition
(`satupintu.catalog.formdef`); the forms here are the fixed parts around them.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from satupintu.applications.models import Channel, Status
from satupintu.applications.outputs import MAX_NUMBER_CHARS, MAX_REASON_CHARS
from satupintu.core.identifiers import NikFormField
from satupintu.privacy.models import LegalBasis
from satupintu.privacy.services import EXEMPT_BASES

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
MAX_MESSAGE_LENGTH = 2000
MAX_NAME_LENGTH = 150


class DocumentUploadForm(forms.Form):
    """One file for one required document. The content is judged by the service, not here."""

    file = forms.FileField(
        label=_("Pilih berkas"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": _("Pilih berkas yang akan diunggah."),
            "empty": _("Berkas kosong (0 byte). Pilih berkas yang berisi dokumen."),
            "invalid": _("Berkas tidak terbaca. Pilih berkas lain."),
        },
    )


class SubmitForm(forms.Form):
    declaration = forms.BooleanField(
        label=_(
            "Saya menyatakan data yang saya isi benar dan dokumen yang saya unggah asli. "
            "Saya memahami bahwa keterangan palsu dapat dikenai sanksi."
        ),
        error_messages={"required": _("Centang pernyataan ini untuk mengajukan permohonan.")},
    )
    idempotency_key = forms.CharField(max_length=64, widget=forms.HiddenInput)


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Pesan"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tulis pesan terlebih dahulu.")},
    )
    attachment = forms.FileField(
        label=_("Lampiran (opsional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "empty": _("Berkas kosong (0 byte). Pilih berkas yang berisi dokumen."),
        },
    )


class StatusCheckForm(forms.Form):
    kode = forms.CharField(
        label=_("Nomor registrasi"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Isi nomor registrasi dari tanda terima.")},
    )
    rahasia = forms.CharField(
        label=_("Kode rahasia"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Isi kode rahasia dari tanda terima.")},
    )

    def clean_kode(self) -> str:
        return str(self.cleaned_data["kode"]).strip().upper()

    def clean_rahasia(self) -> str:
        return str(self.cleaned_data["rahasia"]).strip()


class InboxFilterForm(forms.Form):
    """The inbox's filters; the choices of service, step and region are the officer's own
    (`applications.inbox.Scope`), so a value from elsewhere is simply not valid."""

    q = forms.CharField(
        label=_("Cari nomor registrasi atau nama pemohon"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    service = forms.TypedChoiceField(
        label=_("Layanan"), required=False, coerce=int, empty_value=None
    )
    step = forms.ChoiceField(label=_("Langkah"), required=False)
    channel = forms.ChoiceField(
        label=_("Kanal"), required=False, choices=[("", _("Semua kanal")), *Channel.choices]
    )
    region = forms.ChoiceField(label=_("Wilayah pemohon"), required=False)
    holder = forms.ChoiceField(
        label=_("Dipegang"),
        required=False,
        choices=[
            ("", _("Semua")),
            ("mine", _("Yang saya pegang")),
            ("pool", _("Belum diambil")),
        ],
    )
    submitted_from = forms.DateField(
        label=_("Diajukan sejak"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    submitted_to = forms.DateField(
        label=_("Diajukan sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self,
        data: Any = None,
        *,
        services: list[tuple[int, str]],
        steps: list[tuple[str, str]],
        regions: list[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        for name, empty, choices in (
            ("service", _("Semua layanan"), services),
            ("step", _("Semua langkah"), steps),
            ("region", _("Semua wilayah"), regions),
        ):
            cast(forms.ChoiceField, self.fields[name]).choices = [("", empty), *choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data


class AssignForm(forms.Form):
    officer = forms.TypedChoiceField(label=_("Alihkan kepada"), coerce=int)

    def __init__(self, data: Any = None, *, officers: list[Any]) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["officer"]).choices = [
            (u.pk, u.full_name or u.username) for u in officers
        ]


class TransitionForm(forms.Form):
    """An officer's move. The note is read by the applicant: required when asking for a
    correction (what to fix) and, on the confirmation step, when rejecting (why)."""

    to_status = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Catatan untuk pemohon"),
        help_text=_("Wajib bila meminta perbaikan: tulis apa yang perlu diperbaiki pemohon."),
        required=False,
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Only while the applicant has restricted processing: the move is a state-administration
    # duty, and this is its legal basis (recorded in the ledger).
    legal_basis = forms.ChoiceField(
        label=_("Dasar hukum bila pemrosesan dibatasi"),
        help_text=_(
            "Isi hanya bila pemohon membatasi pemrosesan dan langkah ini kewajiban "
            "penyelenggaraan negara."
        ),
        required=False,
        choices=[("", "—"), *[(b, LegalBasis(b).label) for b in EXEMPT_BASES]],
    )
    # Set by the confirmation step of a rejection.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        to_status = data.get("to_status")
        note = str(data.get("note") or "").strip()
        if note:
            return data
        if to_status == Status.NEEDS_CORRECTION:
            self.add_error("note", _("Tuliskan apa yang perlu diperbaiki pemohon."))
        elif to_status == Status.REJECTED and data.get("confirm"):
            self.add_error("note", _("Tuliskan alasan penolakan; pemohon akan membacanya."))
        return data


class RejectForm(forms.Form):
    """The confirmation step of a rejection: the reason the applicant will read."""

    note = forms.CharField(
        label=_("Alasan penolakan"),
        help_text=_("Wajib. Pemohon membaca alasan ini di halaman permohonannya."),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tuliskan alasan penolakan; pemohon akan membacanya.")},
    )


class CitizenLookupForm(forms.Form):
    nik = NikFormField(label=_("NIK pemohon"))


class WalkInForm(forms.Form):
    full_name = forms.CharField(
        label=_("Nama lengkap (sesuai KTP)"),
        max_length=MAX_NAME_LENGTH,
        error_messages={
            "required": _("Isi nama lengkap pemohon."),
            "max_length": _("Nama terlalu panjang (paling banyak %(limit_value)d karakter)."),
        },
    )
    nik = NikFormField(label=_("NIK"))
    phone = forms.CharField(
        label=_("Nomor ponsel (opsional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    consent = forms.BooleanField(
        label=_(
            "Pemohon telah mendengar atau membaca pemberitahuan di atas dan menyetujui "
            "pemrosesan data pribadinya untuk permohonan ini."
        ),
        error_messages={"required": _("Persetujuan pemohon wajib dicatat sebelum melanjutkan.")},
    )


class ServiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.localized_name)


class ServiceChoiceForm(forms.Form):
    service = ServiceField(
        label=pgettext_lazy("singular", "Layanan"),
        queryset=None,
        empty_label=_("— pilih layanan —"),
        error_messages={
            "required": _("Pilih layanan yang dimohon."),
            "invalid_choice": _("Pilih layanan yang tersedia di loket ini."),
        },
    )

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services


class LookupForm(forms.Form):
    nomor = forms.CharField(
        label=_("Nomor dokumen"),
        max_length=MAX_NUMBER_CHARS,
        help_text=_("Tercetak di bawah judul dokumen, mis. DUKCAPIL/2026/000123."),
    )


class UploadForm(forms.Form):
    nomor = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    berkas = forms.FileField(
        label=_("Berkas PDF yang akan diperiksa"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        max_length=MAX_REASON_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tampil di halaman verifikasi publik: jangan tulis data pribadi."),
    )


class AnswerCorrectionForm(forms.Form):
    """Around the question groups of an answer correction: the applicant's request as recorded,
    and the confirmation after the officer has seen the old and new values side by side."""

    request_note = forms.CharField(
        label=_("Permintaan pemohon"),
        help_text=_(
            "Wajib: kapan dan bagaimana pemohon meminta perbaikan ini (misalnya nomor permintaan "
            "data pribadi, pesan, atau datang ke loket). Dicatat pada riwayat internal."
        ),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Catat permintaan pemohon: kapan dan bagaimana ia meminta perbaikan ini.")
        },
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
