from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from satupintu.regions.models import Region
from satupintu.regions.selectors import normalize_code


class RegionSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Nama wilayah, kode wilayah, atau kode pos"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("Kata pencarian paling banyak 100 karakter.")},
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    level = forms.TypedChoiceField(
        label=_("Tingkat"),
        choices=[("", _("Semua tingkat")), *Region.Level.choices],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Pilih tingkat wilayah dari daftar.")},
    )
    dalam = forms.CharField(
        label=_("Di dalam wilayah (kode)"),
        max_length=13,
        required=False,
        widget=forms.HiddenInput,
        error_messages={"max_length": _("Kode wilayah tidak valid.")},
    )

    def clean_dalam(self) -> str:
        value: str = self.cleaned_data["dalam"].strip()
        if not value:
            return ""
        code = normalize_code(value)
        if code is None or not Region.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Wilayah induk dengan kode itu tidak ditemukan."))
        return code
