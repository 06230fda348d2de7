from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from satupintu.learning import selectors
from satupintu.learning.models import Value


class TrainingForm(forms.Form):
    title = forms.CharField(label=_("Nama pelatihan"), max_length=200)
    organiser = forms.CharField(label=_("Penyelenggara"), max_length=200)
    finished_on = forms.DateField(
        label=_("Tanggal selesai"), widget=forms.DateInput(attrs={"type": "date"})
    )
    jp = forms.IntegerField(label=_("Jam pelajaran (JP)"), min_value=1, max_value=200)
    evidence = forms.CharField(label=_("Bukti (nomor sertifikat)"), max_length=200, required=False)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    service = forms.ChoiceField(label=_("Layanan"), required=False)
    problem = forms.CharField(label=_("Masalah"), max_length=2000, widget=forms.Textarea)
    idea = forms.CharField(label=_("Gagasan"), max_length=2000, widget=forms.Textarea)
    metric = forms.ChoiceField(label=_("Ukuran yang diharapkan berubah"))

    def __init__(self, *args: Any, services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service: Any = self.fields["service"]
        service.choices = [("", _("Seluruh instansi")), *services]
        metric: Any = self.fields["metric"]
        metric.choices = list(selectors.METRICS.items())


class AppreciationForm(forms.Form):
    receiver = forms.ChoiceField(label=_("Rekan"))
    value = forms.ChoiceField(label=_("Nilai BerAKHLAK"), choices=Value.choices)
    message = forms.CharField(label=_("Pesan"), max_length=500, widget=forms.Textarea)

    def __init__(self, *args: Any, colleagues: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        receiver: Any = self.fields["receiver"]
        receiver.choices = colleagues


class ThanksForm(forms.Form):
    message = forms.CharField(label=_("Pesan terima kasih"), max_length=500, widget=forms.Textarea)
