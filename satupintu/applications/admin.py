"""Read-only admin views of applications: the case, not the person (no names, no answers)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from satupintu.applications.models import Application


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = (
        "tracking_code",
        "status",
        "service",
        "agency",
        "channel",
        "submitted_at",
        "due_at",
    )
    list_filter = ("status", "channel", "agency")
    search_fields = ("tracking_code",)
    list_select_related = ("service", "agency")
    fields = (
        "public_id",
        "tracking_code",
        "status",
        "service",
        "agency",
        "channel",
        "current_step",
        "submitted_at",
        "due_at",
        "decided_at",
        "completed_at",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    show_full_result_count = False
