from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from satupintu.core.models import CalendarEntry
from satupintu.organizations import services


class YearFilter(admin.SimpleListFilter):
    title = _("tahun")
    parameter_name = "tahun"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = CalendarEntry.objects.dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(CalendarEntry)
class CalendarEntryAdmin(admin.ModelAdmin[CalendarEntry]):
    list_display = ["date", "weekday", "kind", "name", "agency", "source"]
    list_filter = ["kind", YearFilter, ("agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "source"]
    date_hierarchy = "date"
    ordering = ["date"]
    list_select_related = ["agency"]
    fields = ["date", "kind", "name", "agency", "source"]

    @admin.display(description=_("hari"))
    def weekday(self, obj: CalendarEntry) -> str:
        return date_format(obj.date, "l")

    # Writes go through the services, the single write path for calendar entries.
    def save_model(self, request: HttpRequest, obj: CalendarEntry, form: Any, change: bool) -> None:
        with transaction.atomic():
            if change and obj.pk:
                old = CalendarEntry.objects.get(pk=obj.pk)
                if (old.date, old.agency_id) != (obj.date, obj.agency_id):
                    services.calendar_entry_delete(
                        actor=request.user, date=old.date, agency=old.agency
                    )
            saved = services.calendar_entry_set(
                actor=request.user,
                date=obj.date,
                kind=obj.kind,
                name=obj.name,
                agency=obj.agency,
                source=obj.source,
            )
        obj.pk = saved.pk
        obj.updated_at = saved.updated_at

    def delete_model(self, request: HttpRequest, obj: CalendarEntry) -> None:
        services.calendar_entry_delete(actor=request.user, date=obj.date, agency=obj.agency)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarEntry]) -> None:
        with transaction.atomic():
            for entry in queryset.select_related("agency"):
                services.calendar_entry_delete(
                    actor=request.user, date=entry.date, agency=entry.agency
                )
