"""Back office: agency admins edit a service's application form and preview it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.catalog import formdef, services
from satupintu.catalog.access import service_for_admin
from satupintu.catalog.models import FormField, Service
from satupintu.core.errors import ServiceError
from satupintu.core.security import office_required

PREFIX = "kolom"
PREFILL_CHOICES = [
    ("", gettext_lazy("Tidak diisi otomatis")),
    ("full_name", gettext_lazy("Nama lengkap")),
    ("nik", gettext_lazy("NIK")),
    ("phone", gettext_lazy("Nomor ponsel")),
    ("email", gettext_lazy("Email")),
    ("address", gettext_lazy("Alamat")),
]


def choices_to_text(choices: list[dict[str, Any]]) -> str:
    return "\n".join(
        " | ".join(p for p in (c.get("value", ""), c.get("label", ""), c.get("label_en", "")) if p)
        if c.get("label_en") or c.get("label") != c.get("value")
        else str(c.get("value", ""))
        for c in choices
    )


class FieldRowForm(forms.Form):
    """One row of the form editor: every attribute of a FormField."""

    key = forms.CharField(
        label=gettext_lazy("Kunci"),
        max_length=60,
        help_text=gettext_lazy("Huruf kecil, angka, tanda hubung; tempat jawaban disimpan."),
    )
    label = forms.CharField(label=gettext_lazy("Pertanyaan"), max_length=200)
    label_en = forms.CharField(
        label=gettext_lazy("Pertanyaan (English)"), max_length=200, required=False
    )
    help_text = forms.CharField(label=gettext_lazy("Bantuan"), max_length=300, required=False)
    help_text_en = forms.CharField(
        label=gettext_lazy("Bantuan (English)"), max_length=300, required=False
    )
    field_type = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=FormField.Type.choices)
    required = forms.BooleanField(label=gettext_lazy("Wajib diisi"), required=False)
    choices = forms.CharField(
        label=gettext_lazy("Pilihan"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Untuk jenis Pilihan: satu per baris, 'nilai | Label | Label (English)'."
        ),
    )
    group = forms.CharField(
        label=gettext_lazy("Bagian"), max_length=100, initial=formdef.DEFAULT_GROUP
    )
    group_en = forms.CharField(
        label=gettext_lazy("Bagian (English)"), max_length=100, required=False
    )
    condition_key = forms.CharField(
        label=gettext_lazy("Tampil jika kolom (kunci)"), max_length=60, required=False
    )
    condition_value = forms.CharField(
        label=gettext_lazy("bernilai"), max_length=100, required=False
    )
    max_length = forms.IntegerField(
        label=gettext_lazy("Panjang maksimal (teks)"),
        required=False,
        min_value=1,
        max_value=formdef.MAX_TEXT_MAX_LENGTH,
    )
    min_value = forms.DecimalField(
        label=gettext_lazy("Nilai terkecil (angka)"),
        required=False,
        max_digits=14,
        decimal_places=2,
    )
    max_value = forms.DecimalField(
        label=gettext_lazy("Nilai terbesar (angka)"),
        required=False,
        max_digits=14,
        decimal_places=2,
    )
    prefill_from = forms.ChoiceField(
        label=gettext_lazy("Isi otomatis dari profil"), choices=PREFILL_CHOICES, required=False
    )

    # A blank new row still posts a type (the select's first option) and the default group and
    # prefill; those alone are not an edit, or every save would validate the blank rows.
    DEFAULTED = frozenset({"field_type", "group", "prefill_from", "ORDER", "DELETE"})

    def has_changed(self) -> bool:
        if self.initial:
            return super().has_changed()
        return any(name not in self.DEFAULTED for name in self.changed_data)

    def clean_choices(self) -> list[dict[str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data.get("choices", "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) > 3 or not parts[0]:
                raise forms.ValidationError(
                    _("Baris %(n)s: tulis 'nilai | Label | Label (English)'.") % {"n": number}
                )
            value = parts[0]
            label = parts[1] if len(parts) > 1 and parts[1] else value
            label_en = parts[2] if len(parts) > 2 else ""
            rows.append({"value": value, "label": label, "label_en": label_en})
        return rows

    def definition(self) -> dict[str, Any]:
        data = {k: self.cleaned_data.get(k) for k in formdef.DEFINITION_KEYS}
        data["key"] = str(data["key"] or "").strip().lower()
        return data


class BaseFieldFormSet(forms.BaseFormSet[FieldRowForm]):
    def definition(self) -> list[dict[str, Any]]:
        """The kept rows in the admin's order (empty new rows ignored)."""
        return [form.definition() for form in self.ordered_forms]


FieldFormSet = forms.formset_factory(
    FieldRowForm,
    formset=BaseFieldFormSet,
    extra=2,
    can_delete=True,
    can_order=True,
    max_num=formdef.MAX_FIELDS,
    validate_max=True,
    absolute_max=formdef.MAX_FIELDS + 20,
)


def _initial(service: Service) -> list[dict[str, Any]]:
    rows = formdef.definition_of(service)
    for number, row in enumerate(rows, start=1):
        row["choices"] = choices_to_text(row["choices"])
        row["ORDER"] = number
    return rows


@office_required
def form_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    """Edit the questions of a service's application form (agency admins of its agency)."""
    service = service_for_admin(request.user, service_id)
    problems: list[str] = []
    if request.method == "POST":
        formset = cast(BaseFieldFormSet, FieldFormSet(request.POST, prefix=PREFIX))
        if formset.is_valid():
            rows = formset.definition()
            problems = formdef.validate_definition(rows)
            if not problems:
                try:
                    services.form_definition_replace(
                        actor=request.user, service=service, fields=rows
                    )
                except ServiceError as exc:
                    problems = [exc.message]
                else:
                    messages.success(request, _("Formulir permohonan disimpan."))
                    return redirect("office:form_edit", service_id=service.pk)
        if not problems:
            problems = [_("Periksa kembali isian yang ditandai.")]
        messages.error(request, _("Formulir belum disimpan."))
    else:
        formset = cast(BaseFieldFormSet, FieldFormSet(initial=_initial(service), prefix=PREFIX))
    return TemplateResponse(
        request,
        "catalog/form_edit.html",
        {"service": service, "formset": formset, "problems": problems},
    )


@office_required
def form_preview(request: HttpRequest, service_id: int) -> HttpResponse:
    """Every group of the form as a citizen sees it; posting shows the checks. Saves nothing."""
    service = service_for_admin(request.user, service_id)
    bound = request.method == "POST"
    answers: dict[str, Any] = {}
    pages = []
    for group in formdef.form_groups(service):
        form = formdef.build_group_form(
            service,
            group.key,
            data=request.POST if bound else None,
            files=request.FILES if bound else None,
            answers=answers,
            # The admin sees every question, each conditional one with when it is shown.
            show_all=True,
        )
        if bound:
            form.is_valid()
            answers.update(formdef.answers_from_form(form))
        pages.append((group, form))
    valid = bound and all(form.is_valid() for _group, form in pages)
    return TemplateResponse(
        request,
        "catalog/form_preview.html",
        {
            "service": service,
            "pages": pages,
            "bound": bound,
            "valid": valid,
            "summary": formdef.summary(service, answers) if valid else [],
        },
    )
