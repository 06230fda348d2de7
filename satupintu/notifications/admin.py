from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from satupintu.core.fields import masked
from satupintu.notifications.models import Attempt, Message


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    fields = ("number", "claim", "started_at", "finished_at", "outcome", "error")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only view of the outbox for operators; the address is shown masked."""

    list_display = ("id", "channel", "template", "status", "attempts", "next_attempt_at")
    list_filter = ("status", "channel", "template")
    fields = (
        "uuid",
        "channel",
        "masked_address",
        "template",
        "language",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_by",
        "claimed_until",
        "last_error",
        "provider_message_id",
        "body_digest",
        "created_at",
        "sent_at",
    )
    readonly_fields = fields
    inlines = [AttemptInline]

    @admin.display(description=_("alamat tujuan"))
    def masked_address(self, obj: Message) -> str:
        return masked(obj.address)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
