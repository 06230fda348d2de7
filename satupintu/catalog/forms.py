from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from satupintu.catalog.models import (
    INTERNAL_COMPONENTS,
    PUBLIC_COMPONENTS,
    TRANSLATED_COMPONENTS,
    LifeEvent,
    RequiredDocument,
    Service,
)
from satupintu.catalog.services import DOCUMENT_FIELDS, SERVICE_FIELDS
from satupintu.organizations.models import Agency
from satupintu.organizations.services import unique_slug

ENGLISH_HELP = _("Opsional. Bila kosong, halaman berbahasa Inggris menampilkan teks Indonesia.")


def _explain_english(fields: dict[str, Any]) -> None:
    for name, field in fields.items():
        if name.endswith("_en") and not field.help_text:
            field.help_text = ENGLISH_HELP


STANDARD_FIELDS = (*PUBLIC_COMPONENTS, *TRANSLATED_COMPONENTS, *INTERNAL_COMPONENTS)
GENERAL_FIELDS = tuple(f for f in SERVICE_FIELDS if f not in STANDARD_FIELDS)
# Each public component followed by its English version, as the editor shows them.
PUBLIC_WITH_ENGLISH = tuple(f for name in PUBLIC_COMPONENTS for f in (name, f"{name}_en"))


class ServiceForm(forms.ModelForm[Service]):
    """All of a service's fields, including the 14 standard components (UU 25/2009 Pasal 21)."""

    life_events = forms.ModelMultipleChoiceField(
        queryset=LifeEvent.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Peristiwa hidup"),
    )

    class Meta:
        model = Service
        fields = [*GENERAL_FIELDS, "life_events", *PUBLIC_WITH_ENGLISH, *INTERNAL_COMPONENTS]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in STANDARD_FIELDS}
        help_texts = {
            "slug": _("Alamat halaman layanan: huruf kecil, angka dan tanda hubung."),
            "fee_amount": _("Isi 0 untuk layanan gratis."),
        }

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        _explain_english(self.fields)
        if agencies is not None:
            # Creating: the admin picks one of the agencies they administer.
            self.fields = {
                "agency": forms.ModelChoiceField(
                    queryset=agencies, label=pgettext_lazy("singular", "Instansi"), empty_label=None
                ),
                **self.fields,
            }

    def sections(self) -> list[tuple[str, list[Any]]]:
        """Fields grouped the way the standard is read: general, public, internal."""
        general = [self[f] for f in self.fields if f not in STANDARD_FIELDS]
        return [
            (str(_("Data layanan")), general),
            (str(_("Komponen pelayanan (publik)")), [self[f] for f in PUBLIC_WITH_ENGLISH]),
            (str(_("Komponen pengelolaan (internal)")), [self[f] for f in INTERNAL_COMPONENTS]),
        ]

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "agency"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("slug") and data.get("name"):
            # A new page address from the name, unless this service already had one.
            data["slug"] = self.instance.slug or unique_slug(data["name"], Service, max_length=100)
        return data


class RequiredDocumentForm(forms.ModelForm[RequiredDocument]):
    class Meta:
        model = RequiredDocument
        fields = list(DOCUMENT_FIELDS)
        help_texts = {
            "condition_key": _("Kunci kolom formulir; kosongkan bila dokumen selalu diminta."),
        }


RequiredDocumentFormSet = forms.modelformset_factory(
    RequiredDocument, form=RequiredDocumentForm, extra=2, can_delete=True
)


class AgencyMaklumatForm(forms.ModelForm[Agency]):
    """The service pledge of the service's agency, edited beside the service (UU 25/2009 Pasal 22)."""

    class Meta:
        model = Agency
        fields = ["maklumat", "maklumat_en"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _explain_english(self.fields)


class SearchSynonymForm(forms.Form):
    """A word citizens type and the catalog's word for it, for one of the admin's agencies."""

    agency: forms.ModelChoiceField[Agency] = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label=_("Instansi"), required=False
    )
    term = forms.CharField(label=_("Kata yang diketik warga"), max_length=60)
    replacement = forms.CharField(label=_("Kata dalam katalog"), max_length=120)
    note = forms.CharField(label=_("Keterangan"), max_length=200, required=False)

    def __init__(self, *args: Any, agencies: Any, platform: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = agencies  # type: ignore[attr-defined]
        field.required = not platform
        field.empty_label = _("Seluruh platform") if platform else None  # type: ignore[attr-defined]
