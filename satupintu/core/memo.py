"""Values kept for the length of one request, and no longer.

Some reads repeat within a request (an officer's roles: the access scope, the handler check and
the actor's role label each asked for them). `RequestScopeMiddleware` opens a scope per request
(a ContextVar, so each thread and task has its own); `request_memo()` is its dict, or None
outside a request (a management command, a background job, a test calling a service), where
nothing is kept and every read goes to the database as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_scope: ContextVar[dict[Any, Any] | None] = ContextVar("satupintu_request_memo", default=None)


def request_memo() -> dict[Any, Any] | None:
    """This request's memo (None outside a request)."""
    return _scope.get()


@contextmanager
def request_scope() -> Iterator[dict[Any, Any]]:
    token = _scope.set({})
    try:
        yield _scope.get() or {}
    finally:
        _scope.reset(token)


class RequestScopeMiddleware:
    """Opens the request's memo (first in the list, after the health check)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_scope():
            return self.get_response(request)
