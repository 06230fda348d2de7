"""Template helpers for the receipt page (the PDF and the page say the same)."""

from __future__ import annotations

from django import template

from satupintu.applications import receipts
from satupintu.applications.models import Application, Channel

register = template.Library()


@register.filter
def received_at(application: Application) -> str:
    """The counter that received a counter application ("" for an online one)."""
    if application.channel != Channel.COUNTER:
        return ""
    return receipts.counter_label(application)
