"""View decorators for citizen pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from satupintu.accounts.services import require_verified_contact

View = Callable[..., HttpResponse]


def verified_citizen_required(view: View) -> View:
    """Signed in (else the login page) with a confirmed contact (else the confirm page).

    For pages that act in the person's name, such as applying: a browsing citizen whose code
    is still unconfirmed is sent to type it, and brought back here afterwards.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not require_verified_contact(request.user):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('accounts:confirm')}?{query}")
        return view(request, *args, **kwargs)

    return login_required(wrapped)
