"""One shape for admin pages whose every write goes through an app's ledgered services.

Core knows no app: a subclass names the two services, `save(actor=, obj=)` and
`delete(actor=, obj=)`, and the admin's saves, inline saves and bulk deletes all go through
them (so each leaves its ledger entry and its permission check runs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib import admin


class LedgeredAdmin(admin.ModelAdmin):
    save_service: ClassVar[Callable[..., Any]]
    delete_service: ClassVar[Callable[..., Any]]

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        type(self).save_service(actor=request.user, obj=obj)

    def delete_model(self, request: Any, obj: Any) -> None:
        type(self).delete_service(actor=request.user, obj=obj)

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        for obj in formset.save(commit=False):
            type(self).save_service(actor=request.user, obj=obj)
        for obj in formset.deleted_objects:
            type(self).delete_service(actor=request.user, obj=obj)
        formset.save_m2m()

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for obj in queryset:
            type(self).delete_service(actor=request.user, obj=obj)
