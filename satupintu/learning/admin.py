"""The platform operator edits the framework, courses and gates here; every save is ledgered
through `services.framework_save` / `framework_delete`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from satupintu.learning import models, services


class LedgeredAdmin(admin.ModelAdmin):
    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        services.framework_save(actor=request.user, obj=obj)

    def delete_model(self, request: Any, obj: Any) -> None:
        services.framework_delete(actor=request.user, obj=obj)

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        for obj in formset.save(commit=False):
            services.framework_save(actor=request.user, obj=obj)
        for obj in formset.deleted_objects:
            services.framework_delete(actor=request.user, obj=obj)
        formset.save_m2m()

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for obj in queryset:
            services.framework_delete(actor=request.user, obj=obj)


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
