"""The platform operator sets where complaints go (routing rules: category, optionally a region
prefix, to an agency and unit) and each agency's own deadlines (clock policy) here; every save
is ledgered through `services.setting_save` / `setting_delete`."""

from __future__ import annotations

from django.contrib import admin

from satupintu.complaints import models, services
from satupintu.core import admin as core_admin


class SettingAdmin(core_admin.LedgeredAdmin):
    save_service = services.setting_save
    delete_service = services.setting_delete


@admin.register(models.RoutingRule)
class RoutingRuleAdmin(SettingAdmin):
    list_display = ("category", "region_prefix", "agency", "unit")
    list_filter = ("agency",)


@admin.register(models.ClockPolicy)
class ClockPolicyAdmin(SettingAdmin):
    list_display = (
        "agency",
        "first_response_days",
        "decision_days",
        "completion_days",
        "verify_working_days",
    )
