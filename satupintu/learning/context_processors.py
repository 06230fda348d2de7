from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from satupintu.learning import help as page_help_registry


def page_help(request: HttpRequest) -> dict[str, Any]:
    """The "how do I" link of the current back-office page, for officers (base.html), and the
    thanks link of a citizen's case page."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is not None and match.view_name == "applications:detail":
        # The citizen's own case page offers the thanks form (access is checked there).
        return {
            "case_thanks_url": reverse(
                "learning_public:thanks", args=match.args, kwargs=match.kwargs
            )
        }
    if match is None or not getattr(user, "is_officer", False):
        return {}
    key = match.view_name
    if page_help_registry.for_page(key) is None:
        return {}
    return {"page_help_url": reverse("learning:help", args=[key])}
