"""Forms of the officer-management pages: shape only; the services decide meaning."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from satupintu.core.identifiers import NipFormField
from satupintu.organizations.models import Agency, Role, Unit

# Roles an agency admin hands out (every role; listed in the order of the Role table).
ROLE_CHOICES = Role.choices


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _unit_field(agency: Agency) -> UnitChoiceField:
    return UnitChoiceField(
        label=_("Unit kerja"),
        queryset=Unit.objects.filter(agency=agency).order_by("name"),
        required=False,
        empty_label=_("Seluruh instansi"),
        help_text=_("Kosongkan bila peran berlaku di seluruh instansi."),
    )


class OfficerAddForm(forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    nip = NipFormField(help_text=_("18 angka, boleh dengan spasi: 19850312 201001 2 001."))
    contact = forms.CharField(
        label=_("Email atau nomor ponsel dinas"),
        max_length=254,
        help_text=_("Undangan untuk mengatur kata sandi dikirim ke sini."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Peran"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field(agency)
        self.order_fields(["full_name", "nip", "contact", "unit", "roles"])


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Peran"), choices=ROLE_CHOICES)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field(agency)


class OfficerFilterForm(forms.Form):
    """The list's search and filters, from the query string; bad values are simply ignored."""

    q = forms.CharField(label=_("Cari nama atau NIP"), max_length=100, required=False)
    peran = forms.ChoiceField(
        label=_("Peran"), choices=[("", _("Semua peran")), *ROLE_CHOICES], required=False
    )
    aktif = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Semua")), ("1", _("Aktif")), ("0", _("Nonaktif"))],
        required=False,
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = _unit_field(agency)
        unit.empty_label = _("Semua unit")
        unit.help_text = ""
        self.fields["unit"] = unit
        self.order_fields(["q", "unit", "peran", "aktif"])
