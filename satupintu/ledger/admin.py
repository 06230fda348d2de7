"""The operator's registry of witness keys (the only ledger table edited by people).

Writes go through `services.witness_key_register` / `services.witness_key_retire`, so every
change is ledgered; keys are never deleted (their old co-signatures must stay checkable).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from satupintu.core.errors import ServiceError
from satupintu.ledger import services, verify_proof
from satupintu.ledger.models import WitnessKey


class WitnessKeyForm(forms.ModelForm[WitnessKey]):
    contact_url = forms.URLField(label=_("tautan saksi"), required=False, assume_scheme="https")

    class Meta:
        model = WitnessKey
        fields = ["name", "public_key", "contact_url", "active"]

    def clean_public_key(self) -> str:
        value = str(self.cleaned_data["public_key"]).strip()
        try:
            verify_proof.load_public_key(value)
        except verify_proof.ProofError as exc:
            raise forms.ValidationError(
                _("Kunci publik saksi harus base64 dari 32 bita kunci Ed25519.")
            ) from exc
        return value


@admin.register(WitnessKey)
class WitnessKeyAdmin(admin.ModelAdmin[WitnessKey]):
    form = WitnessKeyForm
    list_display = ["name", "key_id", "active", "created_at"]
    readonly_fields = ["key_id", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: WitnessKey | None = None) -> Any:
        # A registered key is never edited: register a new one and retire the old.
        if obj is not None:
            return ["name", "public_key", "contact_url", "key_id", "created_at"]
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: WitnessKey | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: WitnessKey, form: Any, change: bool) -> None:
        try:
            if not change:
                saved = services.witness_key_register(
                    actor=request.user,
                    name=obj.name,
                    public_key=obj.public_key,
                    contact_url=obj.contact_url,
                )
                obj.pk, obj.key_id, obj.created_at = saved.pk, saved.key_id, saved.created_at
                obj._state.adding = False
            elif not obj.active and WitnessKey.objects.filter(pk=obj.pk, active=True).exists():
                services.witness_key_retire(
                    actor=request.user, witness=WitnessKey.objects.get(pk=obj.pk)
                )
        except ServiceError as exc:
            messages.error(request, exc.message)
