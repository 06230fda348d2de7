"""The platform operator edits the framework, courses and gates here; every save is ledgered
through `services.framework_save` / `framework_delete`."""

from __future__ import annotations

from django.contrib import admin

from satupintu.core import admin as core_admin
from satupintu.learning import models, services


class LedgeredAdmin(core_admin.LedgeredAdmin):
    save_service = services.framework_save
    delete_service = services.framework_delete


class IndicatorInline(admin.TabularInline):
    model = models.Indicator
    extra = 0


@admin.register(models.Dimension)
class DimensionAdmin(LedgeredAdmin):
    list_display = ("name", "code", "order")
    inlines = [IndicatorInline]


@admin.register(models.Requirement)
class RequirementAdmin(LedgeredAdmin):
    list_display = ("agency", "unit", "role", "dimension", "level")
    list_filter = ("agency", "role")


class ModuleInline(admin.StackedInline):
    model = models.Module
    extra = 0


class QuestionInline(admin.TabularInline):
    model = models.Question
    extra = 0
    show_change_link = True


@admin.register(models.Course)
class CourseAdmin(LedgeredAdmin):
    list_display = ("title", "dimension", "level", "jp", "is_published")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [ModuleInline, QuestionInline]


class ChoiceInline(admin.TabularInline):
    model = models.Choice
    extra = 2


@admin.register(models.Question)
class QuestionAdmin(LedgeredAdmin):
    list_display = ("text", "course")
    inlines = [ChoiceInline]


@admin.register(models.MandatoryCourse)
class MandatoryCourseAdmin(LedgeredAdmin):
    list_display = ("course", "role", "agency")


@admin.register(models.CourseGate)
class CourseGateAdmin(LedgeredAdmin):
    list_display = ("permission", "course", "valid_days", "is_active")


@admin.register(models.OnboardingItem)
class OnboardingItemAdmin(LedgeredAdmin):
    list_display = ("title", "role", "order", "url_name")
