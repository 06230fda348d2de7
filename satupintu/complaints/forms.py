"""Forms for the complaint pages: shape only; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from satupintu.catalog import formdef
from satupintu.catalog import selectors as catalog_selectors
from satupintu.catalog.models import Category
from satupintu.complaints.models import Kind, Privacy
from satupintu.organizations.models import Agency


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class FilingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis laporan"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih jenis laporan.")},
    )
    subject = forms.CharField(label=_("Judul laporan"), max_length=200)
    description = forms.CharField(
        label=_("Uraian"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Apa yang terjadi, kapan, di mana. Jangan tulis NIK atau nomor telepon."),
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"),
        queryset=Category.objects.order_by("order", "name"),
        required=False,
        empty_label=_("— pilih kategori —"),
        to_field_name="slug",
    )
    service = forms.ModelChoiceField(
        label=_("Layanan yang dilaporkan (opsional)"),
        queryset=catalog_selectors.public_services().order_by("name"),
        required=False,
        empty_label=_("— tidak terkait layanan tertentu —"),
        to_field_name="slug",
    )
    application_code = forms.CharField(
        label=_("Nomor registrasi permohonan terkait (opsional)"), max_length=24, required=False
    )
    address = formdef.AddressField(label=_("Lokasi kejadian"), required=False)
    # Filled by the map pin where there is one (complaint-map.js hides them); typed otherwise.
    latitude = forms.DecimalField(
        label=_("Lintang (opsional, mis. -6.914744)"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
    )
    longitude = forms.DecimalField(
        label=_("Bujur (opsional, mis. 107.609810)"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
    )
    attachments = MultipleFileField(
        label=_("Foto atau dokumen (opsional)"),
        required=False,
        help_text=_("PDF, JPEG, atau PNG; paling banyak 5 berkas."),
    )
    privacy = forms.ChoiceField(
        label=_("Kerahasiaan"),
        choices=Privacy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih tingkat kerahasiaan laporan.")},
    )
    identity_shared = forms.BooleanField(
        label=_("Untuk laporan anonim: petugas penerima boleh melihat identitas saya"),
        required=False,
    )
    # Honeypot: hidden from people, filled by bots.
    website = forms.CharField(label=_("Jangan diisi"), required=False)

    def __init__(self, *args: Any, guest: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(
            ["kind", "subject", "description", "category", "service", "application_code"]
        )
        if guest:
            self.fields["full_name"] = forms.CharField(
                label=_("Nama (tidak ditampilkan pada laporan anonim atau rahasia)"),
                max_length=200,
                required=False,
            )
            self.fields["contact"] = forms.CharField(
                label=_("Nomor ponsel atau email"),
                max_length=254,
                help_text=_("Kami kirim kode 6 angka untuk memastikan kontak ini milik Anda."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("latitude"), data.get("longitude")
        alone = (lat is None) != (lon is None)
        if alone and not self.has_error("latitude") and not self.has_error("longitude"):
            self.add_error(
                "latitude" if lat is None else "longitude",
                _("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya."),
            )
        return data


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Kode 6 angka"), max_length=12)


class StatusForm(forms.Form):
    kode = forms.CharField(label=_("Nomor laporan"), max_length=24)
    rahasia = forms.CharField(label=_("Kode rahasia"), max_length=32)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Keterangan tambahan"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Mengapa belum selesai?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Nilai penanganan (1 = sangat buruk, 5 = sangat baik)"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Komentar (opsional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RespondForm(forms.Form):
    KINDS = (
        ("response", _("Tanggapan kepada pelapor")),
        ("info_request", _("Minta keterangan tambahan")),
        ("resolved", _("Tindak lanjut selesai")),
        ("note", _("Catatan internal (hanya petugas)")),
    )
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=KINDS, widget=forms.RadioSelect, initial="response"
    )
    body = forms.CharField(
        label=_("Isi"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    public = forms.BooleanField(label=_("Tampilkan juga di papan publik"), required=False)


class ForwardForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Instansi yang berwenang"),
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        to_field_name="slug",
    )
    reason = forms.CharField(
        label=_("Alasan (bukan kewenangan kami karena …)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DisposeForm(forms.Form):
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=None, required=False
    )
    officer: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Petugas"), queryset=None, required=False
    )

    def __init__(self, *args: Any, agency_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        from satupintu.organizations.models import Unit

        agency = agency_id or 0
        self.fields["unit"].queryset = Unit.objects.filter(agency_id=agency)  # type: ignore[attr-defined]
        self.fields["officer"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            ._default_manager.filter(
                memberships__agency_id=agency, memberships__is_active=True, is_active=True
            )
            .distinct()
            .order_by("full_name")
        )
        self.fields["officer"].label_from_instance = lambda u: u.full_name or u.username  # type: ignore[attr-defined]


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Nomor laporan utama"), max_length=24)


class PublishForm(forms.Form):
    public_subject = forms.CharField(label=_("Judul untuk papan publik"), max_length=200)
    public_description = forms.CharField(
        label=_("Uraian untuk papan publik"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class BoardFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Instansi"),
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("Semua"),
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"),
        queryset=Category.objects.order_by("order", "name"),
        required=False,
        to_field_name="slug",
        empty_label=_("Semua"),
    )
    region = forms.CharField(label=_("Kode wilayah"), max_length=13, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=(("", _("Semua")), ("open", _("Sedang ditangani")), ("closed", _("Selesai"))),
    )

    def clean_region(self) -> str:
        import re

        value = self.cleaned_data.get("region", "").strip()
        if value and not re.fullmatch(r"\d{2}(\.\d{2}){0,2}(\.\d{4})?", value):
            raise forms.ValidationError(_("Kode wilayah seperti 32 atau 32.76."))
        return value
