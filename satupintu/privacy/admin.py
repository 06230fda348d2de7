"""The back office (/kantor/sistem/) for privacy: retention rules are edited here; archived
notice texts are read-only (they are the proof of what was consented to)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from satupintu.privacy import services
from satupintu.privacy.models import Notice, RetentionRule


class RetentionRuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = ("data_type", "label", "retention_days", "action", "legal_basis", "is_active")

    def clean_data_type(self) -> str:
        value = str(self.cleaned_data["data_type"])
        known = services.retention_handlers()
        if value not in known:
            raise forms.ValidationError(
                _("Tidak ada penangan untuk jenis data ini. Pilih salah satu: %(known)s.")
                % {"known": ", ".join(known)}
            )
        return value


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    form = RetentionRuleForm
    list_display = ("label", "data_type", "retention_days", "action", "is_active")
    list_filter = ("action", "is_active")


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("version", "digest", "first_shown_at")
    readonly_fields = ("version", "digest", "text", "first_shown_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
