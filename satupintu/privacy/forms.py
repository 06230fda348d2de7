from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satupintu.privacy.models import DataSubjectRequest
from satupintu.privacy.services import CORRECTABLE, SUBMITTABLE_KINDS

REQUIRED = {"required": _("Bagian ini wajib diisi.")}


class DetailsForm(forms.Form):
    """Erasure, restriction and objection: an explanation (optional except for objection)."""

    details = forms.CharField(
        label=_("Keterangan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Paling banyak 2000 karakter."),
        error_messages={"max_length": _("Keterangan paling banyak 2000 karakter.")},
    )

    def __init__(self, *args: Any, details_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["details"].required = details_required
        self.fields["details"].error_messages.update(REQUIRED)


class CorrectionForm(DetailsForm):
    """One optional field per correctable profile field (services.CORRECTABLE, a table)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, rule in CORRECTABLE.items():
            self.fields[key] = forms.CharField(
                label=_("%(label)s yang benar") % {"label": rule.label},
                required=False,
                max_length=rule.max_length,
                help_text=rule.help_text,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any((data.get(k) or "").strip() for k in CORRECTABLE):
            raise forms.ValidationError(_("Isi sedikitnya satu data yang ingin diperbaiki."))
        return data

    def changes(self) -> dict[str, str]:
        return {
            k: self.cleaned_data[k] for k in CORRECTABLE if (self.cleaned_data.get(k) or "").strip()
        }


class CounterRequestForm(CorrectionForm):
    """A request a front-desk officer files for a citizen who came in person: which right, what
    they said, for a correction the new values, and that their KTP-el was checked."""

    kind = forms.ChoiceField(
        label=_("Permintaan pemohon"),
        choices=[(k, DataSubjectRequest.Kind(k).label) for k in SUBMITTABLE_KINDS],
        widget=forms.RadioSelect,
        error_messages={**REQUIRED, "invalid_choice": _("Pilih salah satu jenis permintaan.")},
    )
    identity_checked = forms.BooleanField(
        label=_("Saya telah mencocokkan KTP-el asli pemohon dengan akun ini"),
        error_messages={"required": _("Periksa KTP-el asli pemohon terlebih dahulu.")},
    )
    field_order = ["kind", "details"]

    def clean(self) -> dict[str, Any]:
        data = forms.Form.clean(self) or {}
        kind = data.get("kind")
        if kind == DataSubjectRequest.Kind.CORRECTION and not self.changes():
            raise forms.ValidationError(_("Isi sedikitnya satu data yang ingin diperbaiki."))
        if kind == DataSubjectRequest.Kind.OBJECTION and not (data.get("details") or "").strip():
            self.add_error("details", _("Jelaskan pemrosesan yang pemohon keberatan."))
        return data

    def changes(self) -> dict[str, str]:
        if self.cleaned_data.get("kind") != DataSubjectRequest.Kind.CORRECTION:
            return {}
        return super().changes()


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Jawaban untuk pemohon"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Jawaban paling banyak 4000 karakter.")},
    )
    response_en = forms.CharField(
        label=_("Jawaban dalam bahasa Inggris (untuk pembaca berbahasa Inggris)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            **REQUIRED,
            "max_length": _("Alasan paling banyak 4000 karakter."),
        },
    )
    reason_en = forms.CharField(
        label=_("Alasan dalam bahasa Inggris (untuk pembaca berbahasa Inggris)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


_DT_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_DT_ERRORS = {**REQUIRED, "invalid": _("Masukkan tanggal dan jam yang benar.")}


class BreachForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200, error_messages=REQUIRED)
    data_categories = forms.CharField(
        label=_("Data pribadi yang terungkap"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages=REQUIRED,
    )
    description = forms.CharField(
        label=_("Kapan dan bagaimana terjadi"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        error_messages=REQUIRED,
    )
    remediation = forms.CharField(
        label=_("Upaya penanganan dan pemulihan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        required=False,
    )
    affected_subjects_estimate = forms.IntegerField(
        label=_("Perkiraan jumlah subjek terdampak"),
        min_value=0,
        max_value=2_000_000_000,
        error_messages={
            **REQUIRED,
            "invalid": _("Masukkan bilangan bulat."),
            "min_value": _("Tidak boleh negatif."),
            "max_value": _("Angka terlalu besar."),
        },
    )
    occurred_at = forms.DateTimeField(
        label=_("Terjadi pada (WIB, bila diketahui)"),
        required=False,
        widget=_DT_WIDGET,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages=_DT_ERRORS,
    )
    discovered_at = forms.DateTimeField(
        label=_("Diketahui pada (WIB)"),
        widget=_DT_WIDGET,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages=_DT_ERRORS,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        discovered, occurred = data.get("discovered_at"), data.get("occurred_at")
        if discovered and discovered > timezone.now():
            self.add_error("discovered_at", _("Waktu diketahui tidak boleh di masa depan."))
        if discovered and occurred and occurred > discovered:
            self.add_error("occurred_at", _("Waktu terjadi tidak boleh setelah waktu diketahui."))
        return data


class NotifiedForm(forms.Form):
    subjects = forms.BooleanField(label=_("Subjek data sudah diberi tahu"), required=False)
    authority = forms.BooleanField(label=_("Lembaga PDP sudah diberi tahu"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("subjects") and not data.get("authority"):
            raise forms.ValidationError(_("Pilih siapa yang sudah diberi tahu."))
        return data


def _text(label: Any, *, required: bool = True, rows: int = 4, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={**REQUIRED, "max_length": _("Paling banyak 4000 karakter.")},
        **kwargs,
    )


class LiftForm(forms.Form):
    """Ending a restriction or an upheld objection: why, as the person will read it."""

    reason = _text(_("Alasan mengakhiri pembatasan (dibaca pemohon)"))
    reason_en = _text(
        _("Alasan dalam bahasa Inggris (untuk pembaca berbahasa Inggris)"), required=False, rows=3
    )


# One breach notice goes to at most this many people per submission of the form.
MAX_SUBJECT_LINES = 1000


class NotifySubjectsForm(forms.Form):
    """Who is affected by a breach, as the DPO knows them: one NIK, e-mail or phone a line."""

    identifiers = forms.CharField(
        label=_("Subjek data terdampak"),
        help_text=_(
            "Satu per baris: NIK, email, atau nomor ponsel akun yang terdampak. Pemberitahuan "
            "dikirim ke kanal pilihan masing-masing."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
        max_length=60 * MAX_SUBJECT_LINES,
        error_messages={**REQUIRED, "max_length": _("Daftar terlalu panjang.")},
    )

    def clean_identifiers(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["identifiers"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError(_("Bagian ini wajib diisi."))
        if len(lines) > MAX_SUBJECT_LINES:
            raise forms.ValidationError(
                _("Paling banyak %(n)d baris sekali kirim.") % {"n": MAX_SUBJECT_LINES}
            )
        return lines


class AnnounceForm(forms.Form):
    announcement = _text(
        _("Isi pengumuman publik"),
        rows=5,
        help_text=_("Ditampilkan di halaman Insiden data pribadi untuk semua orang."),
    )


class BreachUpdateForm(forms.Form):
    text = _text(_("Perkembangan penanganan"))


class BreachCloseForm(forms.Form):
    text = _text(_("Catatan penutupan (opsional)"), required=False, rows=3)
