"""Forms as data: the one place a service's FormField rows become Django forms and validation.

A service's form is a list of FormField rows. Rows are grouped into pages by their `group` title
(one group per page on small screens, in the order the groups first appear) and ordered by
`order`. Answers are stored as JSON: strings for text, choices ("ya"/"tidak" for yes/no), NIK
and phone numbers (normalised), ISO dates, decimals as strings, and a dict for addresses
(`{"region_code", "region_path", "street"}`). File fields travel as UploadedFiles in the forms;
their content is the document service's business, so stored-answer validation skips them.

A field with `condition_key` applies only when the answer to that (earlier) field equals
`condition_value`: only then is it shown, validated and required; otherwise its value is dropped.
Required documents take the same condition (`condition_holds`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.catalog.models import FormField, Service, localized
from satupintu.core.crypto import normalize
from satupintu.core.errors import NotFound
from satupintu.core.identifiers import NikFormField, is_phone, mask_identifier, phone_message
from satupintu.regions import villages

Type = FormField.Type

YES, NO = "ya", "tidak"
DEFAULT_TEXT_MAX_LENGTH = 200
# Longer texts get a textarea: a one-line box for a paragraph hides what was typed.
TEXTAREA_FROM = 300
MAX_TEXT_MAX_LENGTH = 10_000
MAX_FIELDS = 100
RADIO_UP_TO = 5
PREFILL_SOURCES: tuple[str, ...] = ("full_name", "nik", "phone", "email", "address")
DEFAULT_GROUP = "Data pemohon"
# Stored answers for the editor and the seeder: every FormField attribute but service/order.
DEFINITION_KEYS: tuple[str, ...] = (
    "key",
    "label",
    "label_en",
    "help_text",
    "help_text_en",
    "field_type",
    "required",
    "choices",
    "group",
    "group_en",
    "condition_key",
    "condition_value",
    "max_length",
    "min_value",
    "max_value",
    "prefill_from",
)

_KEY_RE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_EARLIEST_YEAR, _LATEST_YEAR = 1800, 2200
_FIELD_TEMPLATE = "catalog/fields/_field.html"

MSG_MAX_LENGTH = gettext_lazy("Maksimal %(limit_value)d karakter (Anda mengisi %(show_value)d).")
MSG_BAD_DATE = gettext_lazy("Tanggal tidak valid.")
MSG_NIK_FORMAT = gettext_lazy("NIK harus terdiri dari 16 angka (tanpa huruf atau tanda lain).")
MSG_NOT_FOUND = villages.MSG_NOT_FOUND


# --- Groups -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """One page of a service's form."""

    key: str
    title: str
    fields: tuple[FormField, ...]


def group_key(title: str) -> str:
    """The URL-safe key of a group title ("Data anak" → "data-anak")."""
    return slugify(title) or "kelompok"


def _rows(service: Service) -> list[FormField]:
    # Cached on the instance, and read from the process's shelf of the catalog
    # (selectors.kept_form_rows) rather than the database; `prefetch_related("form_fields")` is
    # honoured. The rows are shared with other callers: read them, never change them.
    cached: list[FormField] | None = getattr(service, "_formdef_rows", None)
    if cached is None:
        prefetched = getattr(service, "_prefetched_objects_cache", {})
        if service.pk is None or "form_fields" in prefetched:
            cached = list(service.form_fields.all())
        else:
            from satupintu.catalog.selectors import kept_form_rows

            cached = kept_form_rows(service.pk)
        service._formdef_rows = cached  # type: ignore[attr-defined]
    return cached


def form_rows(service: Service) -> list[FormField]:
    """The service's form rows in their order (shared: read them, never change them)."""
    return _rows(service)


def clear_cache(service: Service) -> None:
    """Forget the cached rows of `service` (after the definition changed)."""
    service.__dict__.pop("_formdef_rows", None)


def form_groups(service: Service) -> list[Group]:
    """The service's question groups in page order, titles in the active language."""
    grouped: dict[str, list[FormField]] = {}
    for row in _rows(service):
        grouped.setdefault(group_key(row.group), []).append(row)
    return [
        Group(key=key, title=localized(rows[0], "group"), fields=tuple(rows))
        for key, rows in grouped.items()
    ]


def _group(service: Service, key: str) -> Group:
    for group in form_groups(service):
        if group.key == key:
            return group
    raise NotFound(_("Bagian formulir tidak ditemukan."), field="group")


# --- Field types --------------------------------------------------------------------------------


def _choice_label(choice: Mapping[str, Any]) -> str:
    label = str(choice.get("label") or choice.get("value") or "")
    if (translation.get_language() or "").startswith("en") and choice.get("label_en"):
        return str(choice["label_en"])
    return label


def _choices(row: FormField) -> list[tuple[str, str]]:
    if row.field_type == Type.YES_NO:
        return [(YES, _("Ya")), (NO, _("Tidak"))]
    return [
        (str(c.get("value", "")), _choice_label(c))
        for c in (row.choices or [])
        if isinstance(c, Mapping)
    ]


def _plain_decimal(value: Decimal) -> str:
    """'100' rather than '1E+2' or '100.00'."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


class PhoneField(forms.CharField):
    """An Indonesian mobile number, typed any common way, cleaned to 08… (core.identifiers)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return normalize(text, "phone") if text else text

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not is_phone(value):
            raise ValidationError(phone_message(), code="invalid")


class NumberField(forms.DecimalField):
    """A number; the Indonesian decimal comma ("2,5") is accepted."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if "," in value and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)


class DateField(forms.DateField):
    """A date from `<input type=date>` (YYYY-MM-DD) or typed as DD-MM-YYYY or DD/MM/YYYY."""

    input_formats = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
    default_error_messages = {"invalid": MSG_BAD_DATE}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(input_formats=self.input_formats, **kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        date = super().to_python(value)
        if date is not None and not _EARLIEST_YEAR <= date.year <= _LATEST_YEAR:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return date


# --- Address ------------------------------------------------------------------------------------


_region_path = villages.region_path
resolve_village = villages.resolve_village


class AddressWidget(forms.MultiWidget):
    """Two text boxes, each with its own label: the village, and the street with RT/RW; when the
    village name is ambiguous, a third part offers the matching villages (`offer`)."""

    template_name = "catalog/fields/address_widget.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            [
                forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
                forms.TextInput(attrs={"autocomplete": "street-address"}),
                # The villages of the typed name, offered once the name is ambiguous.
                forms.RadioSelect(),
            ],
            attrs,
        )

    def offer(self, candidates: list[Any]) -> None:
        """Offer `candidates` to pick from (see `villages.pick_widget`)."""
        widgets = list(self.widgets)
        widgets[2] = villages.pick_widget(candidates)
        self.widgets = widgets

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, Mapping):
            # The full path resolves back to the same village without showing a code.
            place = value.get("region_path") or value.get("region_code") or ""
            return [place, value.get("street", ""), ""]
        if isinstance(value, list | tuple):
            return list(value) + [""] * (3 - len(value))
        return [value or "", "", ""]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        labels = (
            (
                _("Kelurahan/desa"),
                _(
                    "Nama kelurahan/desa; bila ada yang sama, tambahkan kecamatan: Cibiru Wetan, Cileunyi."
                ),
            ),
            (_("Jalan, nomor rumah, RT/RW"), ""),
        )
        subwidgets = context["widget"]["subwidgets"]
        for sub, (label, hint) in zip(subwidgets, labels, strict=False):
            sub["sublabel"], sub["subhint"] = label, hint
            if hint:
                sub["attrs"]["aria-describedby"] = f"{sub['attrs'].get('id', name)}_hint"
        pick = subwidgets.pop(2)
        if getattr(self.widgets[2], "choices", None):
            pick["sublabel"] = _("Pilih kelurahan/desa Anda")
            pick["radios"] = isinstance(self.widgets[2], forms.RadioSelect)
            context["widget"]["pick"] = pick
        # With JavaScript, the matches appear as soon as the name is typed (the same markup).
        village = subwidgets[0]
        village["pickbox"] = f"{village['attrs'].get('id', name)}_pilihan"
        village["attrs"].update(
            {
                "hx-get": f"{reverse('regions:village_pick')}?{urlencode({'field': name})}",
                "hx-trigger": "change",
                "hx-include": "this",
                "hx-target": f"#{village['pickbox']}",
                "hx-swap": "innerHTML",
            }
        )
        return context


class AddressField(forms.MultiValueField):
    """A village resolved with the regions table plus a street line; cleans to a dict."""

    widget = AddressWidget

    def __init__(self, *, required: bool = True, **kwargs: Any) -> None:
        fields = (
            forms.CharField(
                max_length=150,
                error_messages={
                    "incomplete": gettext_lazy("Isi nama kelurahan/desa."),
                    "max_length": MSG_MAX_LENGTH,
                },
            ),
            forms.CharField(
                max_length=200,
                required=required,
                error_messages={
                    "incomplete": gettext_lazy("Isi jalan, nomor rumah, dan RT/RW."),
                    "max_length": MSG_MAX_LENGTH,
                },
            ),
            # The code of the village picked among several of the typed name.
            forms.CharField(max_length=20, required=False),
        )
        super().__init__(fields, required=required, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> dict[str, str] | None:
        if not data_list or not data_list[0]:
            return None
        picked = str(data_list[2] or "") if len(data_list) > 2 else ""
        try:
            region = resolve_village(data_list[0], picked)
        except villages.AmbiguousVillage as exc:
            assert isinstance(self.widget, AddressWidget)
            self.widget.offer(exc.candidates)
            raise
        street = " ".join(str(data_list[1] or "").split()) if len(data_list) > 1 else ""
        return {"region_code": region.code, "region_path": _region_path(region), "street": street}


# --- Building forms -----------------------------------------------------------------------------


def condition_text(row: Any, rows_by_key: Mapping[str, FormField]) -> str:
    """ "only when <question>: <answer>" for a conditional row (fields and documents)."""
    source = rows_by_key.get(row.condition_key)
    label = localized(source, "label") if source else row.condition_key
    shown = (
        dict(_choices(source)).get(row.condition_value, row.condition_value)
        if source
        else row.condition_value
    )
    return _("hanya jika %(label)s: %(value)s") % {"label": label, "value": shown}


def _help_text(
    row: FormField, rows_by_key: Mapping[str, FormField], *, with_condition: bool = False
) -> str:
    text = localized(row, "help_text")
    if row.condition_key and with_condition:
        condition = _("Ditampilkan %(condition)s.") % {
            "condition": condition_text(row, rows_by_key)
        }
        text = f"{text} {condition}".strip()
    return text


def _text_field(row: FormField, common: dict[str, Any]) -> forms.Field:
    limit = row.max_length or DEFAULT_TEXT_MAX_LENGTH
    widget: Any = forms.Textarea(attrs={"rows": 4}) if limit > TEXTAREA_FROM else forms.TextInput
    return forms.CharField(
        max_length=limit, widget=widget, error_messages={"max_length": MSG_MAX_LENGTH}, **common
    )


def _number_field(row: FormField, common: dict[str, Any]) -> forms.Field:
    lowest = Decimal(_plain_decimal(row.min_value)) if row.min_value is not None else None
    highest = Decimal(_plain_decimal(row.max_value)) if row.max_value is not None else None
    too_long = gettext_lazy("Angka terlalu panjang.")
    field = NumberField(
        min_value=lowest,
        max_value=highest,
        max_digits=20,
        decimal_places=6,
        error_messages={
            "invalid": gettext_lazy("Isi dengan angka, misalnya 3 atau 2,5."),
            "min_value": gettext_lazy("Paling kecil %(limit_value)s."),
            "max_value": gettext_lazy("Paling besar %(limit_value)s."),
            "max_digits": too_long,
            "max_decimal_places": too_long,
            "max_whole_digits": too_long,
        },
        **common,
    )
    field.widget.attrs["step"] = "any"
    return field


def _choice_field(row: FormField, common: dict[str, Any]) -> forms.Field:
    choices = _choices(row)
    widget: Any
    if len(choices) <= RADIO_UP_TO:
        widget = forms.RadioSelect
    else:
        widget = forms.Select
        choices = [("", _("— Pilih —")), *choices]
    return forms.ChoiceField(
        choices=choices,
        widget=widget,
        error_messages={"invalid_choice": gettext_lazy("Pilih salah satu pilihan yang tersedia.")},
        **common,
    )


def build_field(
    row: FormField,
    rows_by_key: Mapping[str, FormField] | None = None,
    *,
    with_condition: bool = False,
) -> forms.Field:
    """The Django form field for one FormField row (labels in the active language).

    `with_condition` adds "shown only when …" to the hint (for the editor's preview, which
    shows every field; a citizen sees a conditional field only when it applies)."""
    common: dict[str, Any] = {
        "label": localized(row, "label"),
        "help_text": _help_text(row, rows_by_key or {}, with_condition=with_condition),
        # A conditional field's requiredness depends on other answers: decided in the form.
        "required": row.required and not row.condition_key,
    }
    kind = row.field_type
    field: forms.Field
    if kind == Type.TEXT:
        field = _text_field(row, common)
    elif kind == Type.NUMBER:
        field = _number_field(row, common)
    elif kind == Type.DATE:
        field = DateField(**common)
    elif kind in (Type.CHOICE, Type.YES_NO):
        field = _choice_field(row, common)
    elif kind == Type.NIK:
        field = NikFormField(error_messages={"max_length": MSG_NIK_FORMAT}, **common)
    elif kind == Type.ADDRESS:
        field = AddressField(**common)
    elif kind == Type.PHONE:
        field = PhoneField(**common)
    elif kind == Type.EMAIL:
        field = forms.EmailField(
            max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            error_messages={"max_length": MSG_MAX_LENGTH},
            **common,
        )
    elif kind == Type.FILE:
        field = forms.FileField(widget=forms.FileInput, **common)
    else:
        # A type this code does not know yet: ask for text rather than fail the page.
        field = _text_field(row, common)
    field.template_name = _FIELD_TEMPLATE  # type: ignore[attr-defined]
    return field


def field_anchor(row: FormField) -> str:
    """The id of the first input of `row` on its page, for links to the question (radio
    buttons and the address boxes have no single input: their first one)."""
    base = f"id_{row.key}"
    return str(build_field(row).widget.id_for_label(base) or f"{base}_0")


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _as_text(value: Any) -> str:
    if value is True:
        return YES
    if value is False:
        return NO
    return "" if value is None else str(value)


def condition_holds(condition_key: str, condition_value: str, answers: Mapping[str, Any]) -> bool:
    """Whether a row (field or document) with this condition applies to `answers`."""
    if not condition_key:
        return True
    return _as_text(answers.get(condition_key)) == condition_value


class GroupForm(forms.Form):
    """One group (page) of a service's application form.

    A conditional field is validated only when its condition holds, and rendered only then
    (`visible_fields`): on the answers so far, with this page's submitted values over them.
    `show_all` renders every field, each conditional one with its condition in the hint.
    """

    template_name = "catalog/fields/_form.html"

    def __init__(
        self,
        *args: Any,
        service: Service,
        group: Group,
        answers: Mapping[str, Any] | None = None,
        include_files: bool = True,
        show_all: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.group = group
        self.answers = dict(answers or {})
        self.show_all = show_all
        rows_by_key = {row.key: row for row in _rows(service)}
        self.rows = [r for r in group.fields if include_files or r.field_type != Type.FILE]
        for row in self.rows:
            self.fields[row.key] = build_field(row, rows_by_key, with_condition=show_all)

    def current_answers(self) -> dict[str, Any]:
        """The answers so far with this page's values over them (as submitted, if bound)."""
        current = dict(self.answers)
        for row in self.rows:
            if self.is_bound:
                value = self[row.key].value()
                if value not in (None, "", []):
                    current[row.key] = value
                else:
                    current.pop(row.key, None)
            elif row.key in self.initial:
                current[row.key] = self.initial[row.key]
        return current

    def shown_keys(self) -> list[str]:
        """The keys of this page's fields that apply now, in order."""
        current = self.current_answers()
        return [
            row.key
            for row in self.rows
            if self.show_all or condition_holds(row.condition_key, row.condition_value, current)
        ]

    def visible_fields(self) -> list[Any]:
        shown = set(self.shown_keys())
        return [bound for bound in super().visible_fields() if bound.name in shown]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # What is known so far: earlier groups' answers, then this page's clean values.
        known = {k: v for k, v in self.answers.items() if k not in self.fields}
        for row in self.rows:
            key = row.key
            if row.condition_key:
                if not condition_holds(row.condition_key, row.condition_value, known):
                    cleaned.pop(key, None)
                    self.errors.pop(key, None)
                    continue
                if row.required and key not in self.errors and _is_empty(cleaned.get(key)):
                    self.add_error(key, self.fields[key].error_messages["required"])
            if key in cleaned and key not in self.errors:
                known[key] = _to_json(cleaned[key])
        return cleaned


def build_group_form(
    service: Service,
    group_key: str,
    *,
    data: Any = None,
    initial: Mapping[str, Any] | None = None,
    files: Any = None,
    answers: Mapping[str, Any] | None = None,
    include_files: bool = True,
    prefix: str | None = None,
    show_all: bool = False,
) -> GroupForm:
    """A form for one group of the service's form (NotFound for an unknown group key).

    `answers` are the answers given so far (all groups), used for conditions on earlier fields;
    `initial` takes stored answer values (ISO dates, address dicts) as they are.
    """
    return GroupForm(
        data,
        files,
        service=service,
        group=_group(service, group_key),
        answers=answers,
        include_files=include_files,
        initial=dict(initial or {}),
        prefix=prefix,
        show_all=show_all,
    )


# --- Answers ------------------------------------------------------------------------------------


def _to_json(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _plain_decimal(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def answers_from_form(form: forms.Form) -> dict[str, Any]:
    """The form's clean values as JSON-serialisable answers (files and dropped fields left out)."""
    cleaned = getattr(form, "cleaned_data", {})
    return {
        key: _to_json(cleaned[key])
        for key in form.fields
        if key in cleaned
        and not isinstance(cleaned[key], UploadedFile)
        and not isinstance(form.fields[key], forms.FileField)
    }


def _form_data(
    rows: Iterable[FormField], answers: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Stored answers as the POST data a person would have sent; malformed values as errors."""
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for row in rows:
        if row.key not in answers:
            continue
        value = answers[row.key]
        if row.field_type == Type.ADDRESS:
            if isinstance(value, Mapping):
                data[f"{row.key}_0"] = _as_text(value.get("region_code"))
                data[f"{row.key}_1"] = _as_text(value.get("street"))
            elif isinstance(value, str):
                data[f"{row.key}_0"] = value
            else:
                errors[row.key] = [_("Alamat tidak valid.")]
        elif isinstance(value, Mapping | list | tuple):
            errors[row.key] = [_("Isian tidak valid.")]
        else:
            data[row.key] = _as_text(value)
    return data, errors


@contextmanager
def _language(language: str | None) -> Iterator[None]:
    if language:
        with translation.override(language):
            yield
    else:
        yield


def validate_answers(
    service: Service,
    answers: Mapping[str, Any],
    *,
    groups: Iterable[str] | None = None,
    language: str | None = None,
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Validate stored answers of the given groups (None = all): (clean answers, errors by key).

    Values are re-checked exactly as the forms check them (an address is resolved again from
    its region code); conditional fields whose condition does not hold are dropped. File fields
    are skipped. Messages are in `language` (default: the active one).
    """
    wanted = set(groups) if groups is not None else None
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    known = dict(answers)
    with _language(language):
        for group in form_groups(service):
            if wanted is not None and group.key not in wanted:
                continue
            rows = [r for r in group.fields if r.field_type != Type.FILE]
            data, bad = _form_data(rows, answers)
            form = GroupForm(data, service=service, group=group, answers=known, include_files=False)
            form.is_valid()
            values = answers_from_form(form)
            for row in rows:
                known.pop(row.key, None)
            known.update(values)
            cleaned.update(values)
            for key, found in form.errors.items():
                errors[key] = [str(m) for m in found]
            for key, malformed in bad.items():
                errors[key] = malformed
                cleaned.pop(key, None)
    return cleaned, errors


# --- Prefill and summary ------------------------------------------------------------------------


def _profile_value(user: Any, source: str) -> Any:
    if source == "address":
        region_id = getattr(user, "address_region_id", None)
        if not region_id:
            return None
        from satupintu.regions.models import Region

        region = Region.objects.filter(pk=region_id).first()
        if region is None:
            return None
        return {
            "region_code": region.code,
            "region_path": _region_path(region),
            "street": str(getattr(user, "address_street", "") or ""),
        }
    value = getattr(user, source, "")
    if source == "phone" and value:
        return normalize(str(value), "phone")
    if source == "nik" and value:
        return normalize(str(value), "nik")
    return str(value or "") or None


def prefill(service: Service, user: Any) -> dict[str, Any]:
    """Answers the platform already knows from the applicant's profile (once-only principle)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    found: dict[str, Any] = {}
    cache: dict[str, Any] = {}
    for row in _rows(service):
        source = row.prefill_from
        if source not in PREFILL_SOURCES:
            continue
        if source not in cache:
            cache[source] = _profile_value(user, source)
        if cache[source]:
            found[row.key] = cache[source]
    return found


def display_value(row: FormField, value: Any, *, unmasked: bool = False) -> str:
    """How an answer reads on the check-your-answers page (active language); a NIK masked
    unless `unmasked` (the applicant's own NIK on their own check page)."""
    if _is_empty(value):
        return _("Tidak diisi")
    kind = row.field_type
    if kind == Type.DATE:
        try:
            return date_format(dt.date.fromisoformat(str(value)), "j F Y")
        except ValueError:
            return str(value)
    if kind in (Type.CHOICE, Type.YES_NO):
        return dict(_choices(row)).get(_as_text(value), _as_text(value))
    if kind == Type.NIK:
        return str(value) if unmasked else mask_identifier(value)
    if kind == Type.NUMBER:
        try:
            return _plain_decimal(Decimal(str(value))).replace(".", ",")
        except (InvalidOperation, ValueError):
            return str(value)
    if kind == Type.ADDRESS and isinstance(value, Mapping):
        return ", ".join(p for p in (value.get("street"), value.get("region_path")) if p)
    if kind == Type.FILE and isinstance(value, Mapping):
        return str(value.get("name") or value.get("filename") or _("Berkas terlampir"))
    return str(value)


def summary(
    service: Service, answers: Mapping[str, Any], *, unmasked: Iterable[str] = ()
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group title, [(label, display value)]) for every group; fields whose condition does
    not hold are left out. NIK answers are masked except those whose keys are in `unmasked`."""
    shown_in_full = set(unmasked)
    result: list[tuple[str, list[tuple[str, str]]]] = []
    for group in form_groups(service):
        lines = []
        for row in group.fields:
            if not condition_holds(row.condition_key, row.condition_value, answers):
                continue
            value = display_value(row, answers.get(row.key), unmasked=row.key in shown_in_full)
            lines.append((localized(row, "label"), value))
        result.append((group.title, lines))
    return result


# --- The definition itself (editor and seeder) --------------------------------------------------


def definition_of(service: Service) -> list[dict[str, Any]]:
    """The service's current form as definition rows (the shape form_definition_replace takes)."""
    return [{k: getattr(row, k) for k in DEFINITION_KEYS} for row in service.form_fields.all()]


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def normalize_definition(fields: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Definition rows with every key present and defaults filled (call validate_definition
    first; values that cannot be read are left as they are)."""
    rows = []
    for field in fields:
        row: dict[str, Any] = {
            "key": str(field.get("key") or "").strip(),
            "label": str(field.get("label") or "").strip(),
            "label_en": str(field.get("label_en") or "").strip(),
            "help_text": str(field.get("help_text") or "").strip(),
            "help_text_en": str(field.get("help_text_en") or "").strip(),
            "field_type": str(field.get("field_type") or ""),
            "required": bool(field.get("required", True)),
            "choices": [
                {
                    "value": str(c.get("value", "")).strip(),
                    "label": str(c.get("label") or c.get("value") or "").strip(),
                    "label_en": str(c.get("label_en") or "").strip(),
                }
                for c in (field.get("choices") or [])
                if isinstance(c, Mapping)
            ]
            if field.get("field_type") == Type.CHOICE
            else [],
            "group": str(field.get("group") or DEFAULT_GROUP).strip(),
            "group_en": str(field.get("group_en") or "").strip(),
            "condition_key": str(field.get("condition_key") or "").strip(),
            "condition_value": str(field.get("condition_value") or "").strip(),
            "max_length": field.get("max_length") or None,
            "min_value": field.get("min_value"),
            "max_value": field.get("max_value"),
            "prefill_from": str(field.get("prefill_from") or ""),
        }
        if not row["condition_key"]:
            row["condition_value"] = ""
        for bound in ("min_value", "max_value"):
            # Unreadable bounds stay as typed; validate_definition reports them.
            with suppress(ValueError):
                row[bound] = _decimal(row[bound])
        rows.append(row)
    return rows


def _row_problems(
    index: int,
    row: Mapping[str, Any],
    earlier: Mapping[str, tuple[int, Mapping[str, Any]]],
    group_order: Mapping[str, int],
) -> list[str]:
    name = row.get("key") or row.get("label") or ""
    where = _("Kolom %(number)s (%(name)s)") % {"number": index + 1, "name": name}
    problems: list[str] = []

    def problem(message: str) -> None:
        problems.append(f"{where}: {message}")

    key = str(row.get("key") or "")
    if not key:
        problem(_("kunci wajib diisi."))
    elif len(key) > 60 or not _KEY_RE.fullmatch(key):
        problem(_("kunci hanya boleh huruf kecil, angka, dan tanda hubung (maksimal 60)."))
    elif key in earlier:
        problem(_("kunci %(key)s sudah dipakai kolom lain.") % {"key": key})
    if not str(row.get("label") or "").strip():
        problem(_("label wajib diisi."))
    kind = row.get("field_type")
    if kind not in Type.values:
        problem(_("jenis kolom tidak dikenal."))
    if kind == Type.CHOICE:
        choices = row.get("choices") or []
        values = [str(c.get("value", "")).strip() for c in choices if isinstance(c, Mapping)]
        if not values or len(values) != len(choices):
            problem(_("kolom pilihan harus punya daftar pilihan."))
        elif any(not v for v in values) or any(len(v) > 100 for v in values):
            problem(_("setiap pilihan harus punya nilai (maksimal 100 karakter)."))
        elif len(set(values)) != len(values):
            problem(_("nilai pilihan tidak boleh sama."))
    if row.get("prefill_from") and row.get("prefill_from") not in PREFILL_SOURCES:
        problem(_("sumber isian otomatis tidak dikenal."))
    max_length = row.get("max_length")
    if max_length not in (None, "") and (
        not isinstance(max_length, int) or not 1 <= max_length <= MAX_TEXT_MAX_LENGTH
    ):
        problem(_("panjang maksimal harus antara 1 dan %(max)s.") % {"max": MAX_TEXT_MAX_LENGTH})
    bounds: list[Decimal | None] = []
    for bound in ("min_value", "max_value"):
        try:
            bounds.append(_decimal(row.get(bound)))
        except ValueError:
            problem(_("batas angka harus berupa angka."))
            bounds.append(None)
    lowest, highest = bounds
    if lowest is not None and highest is not None and lowest > highest:
        problem(_("nilai terkecil tidak boleh lebih besar dari nilai terbesar."))
    condition_key = str(row.get("condition_key") or "")
    if condition_key:
        source = earlier.get(condition_key)
        if source is None:
            problem(
                _("syarat tampil harus merujuk ke kolom sebelumnya (%(key)s tidak ada di atasnya).")
                % {"key": condition_key}
            )
        else:
            source_group = group_order.get(
                group_key(str(source[1].get("group") or DEFAULT_GROUP)), 0
            )
            own_group = group_order.get(group_key(str(row.get("group") or DEFAULT_GROUP)), 0)
            if source_group > own_group:
                problem(
                    _("syarat tampil harus merujuk ke kolom di bagian yang sama atau sebelumnya.")
                )
            value = str(row.get("condition_value") or "")
            source_kind = source[1].get("field_type")
            allowed: list[str] | None = None
            if source_kind == Type.CHOICE:
                allowed = [
                    str(c.get("value", ""))
                    for c in source[1].get("choices") or []
                    if isinstance(c, Mapping)
                ]
            elif source_kind == Type.YES_NO:
                allowed = [YES, NO]
            if not value:
                problem(_("isi nilai syarat tampil."))
            elif allowed is not None and value not in allowed:
                problem(
                    _("nilai syarat tampil harus salah satu dari: %(values)s.")
                    % {"values": ", ".join(allowed)}
                )
    return problems


def validate_definition(fields: list[dict[str, Any]]) -> list[str]:
    """Problems with an admin's form definition, as messages; an empty list means it is valid."""
    if not fields:
        return [_("Formulir harus punya paling sedikit satu kolom.")]
    if len(fields) > MAX_FIELDS:
        return [_("Formulir paling banyak %(max)s kolom.") % {"max": MAX_FIELDS}]
    problems: list[str] = []
    group_order: dict[str, int] = {}
    titles: dict[str, str] = {}
    for field in fields:
        title = str(field.get("group") or DEFAULT_GROUP).strip()
        slug = group_key(title)
        if slug in titles and titles[slug] != title:
            problems.append(
                _("Judul bagian '%(a)s' dan '%(b)s' terlalu mirip; samakan atau bedakan.")
                % {"a": titles[slug], "b": title}
            )
        titles.setdefault(slug, title)
        group_order.setdefault(slug, len(group_order))
    earlier: dict[str, tuple[int, Mapping[str, Any]]] = {}
    for index, field in enumerate(fields):
        problems.extend(_row_problems(index, field, earlier, group_order))
        key = str(field.get("key") or "")
        if key and key not in earlier:
            earlier[key] = (index, field)
    return problems
