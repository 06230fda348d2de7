"""Template helpers for the catalog: Indonesian money, English variants of content."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from satupintu.catalog.models import fallback_lang, localized

register = template.Library()


def format_rupiah(amount: int) -> str:
    """50000 → "Rp 50.000" (Indonesian thousands separator, whatever the active language)."""
    return "Rp " + f"{int(amount):,}".replace(",", ".")


@register.filter
def full_stop(text: Any) -> str:
    """The period that ends a sentence after `text`, unless `text` already ends with one
    (a name with a degree such as "A.Md." would otherwise read "A.Md..")."""
    return "" if str(text or "").rstrip().endswith((".", "!", "?")) else "."


@register.filter
def rupiah(amount: Any) -> str:
    try:
        return format_rupiah(int(amount))
    except (TypeError, ValueError):
        return ""


@register.filter
def fee(service: Any) -> str:
    """ "Gratis" for a free service, otherwise the amount in rupiah."""
    return _("Gratis") if not service.fee_amount else format_rupiah(service.fee_amount)


@register.filter
def working_days(days: Any) -> str:
    n = int(days or 0)
    return ngettext("%(n)d hari kerja", "%(n)d hari kerja", n) % {"n": n}


@register.filter
def loc(obj: Any, field: str) -> str:
    """`{{ service|loc:"summary" }}`: the English variant when English is active and filled in."""
    return localized(obj, field)


@register.filter
def langattr(obj: Any, field: str) -> SafeString | str:
    """`<p{{ service|langattr:"summary" }}>`: ` lang="id"` when an English page shows this field
    in Indonesian (no English version entered), so readers and screen readers know."""
    lang = fallback_lang(obj, field)
    return format_html(' lang="{}"', lang) if lang else ""
