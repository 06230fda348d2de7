from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from satupintu.regions.models import Region, RegionDataset


class _ReadOnly(admin.ModelAdmin):
    """Regions come from the decree via `manage.py load_regions`, never from hand edits."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(_ReadOnly):
    list_display = ["code", "name", "kind", "postal_code", "path"]
    list_filter = ["level", "kind"]
    search_fields = ["=code", "name", "=postal_code"]
    show_full_result_count = False
    list_select_related = False
    raw_id_fields = ["parent"]


@admin.register(RegionDataset)
class RegionDatasetAdmin(_ReadOnly):
    list_display = [
        "decree",
        "source",
        "provinces",
        "regencies",
        "districts",
        "villages",
        "loaded_at",
    ]
