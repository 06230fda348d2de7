"""Rendered public pages kept per process, so a catalog page costs what serving bytes costs.

Most public pages (the home page, a service standard, search results, an agency) change only
when the catalog changes, yet each request used to run its queries and render its templates
again: about 10 ms of CPU for bytes that were the same as the last request's. Here a view marked
`@public_page` is rendered once per (path with query, language) and kept in the memory of the
process that rendered it; later requests are answered from there, through the same middleware
(security headers, CSRF cookie, compression) as a rendered page.

What may be kept, and what never is:
- Only GET/HEAD of a view marked `@public_page`, for a visitor who is not signed in and carries no
  session or messages cookie (the page can then depend on nothing personal), answered 200 with a
  rendered body that set no cookie and said nothing about `Cache-Control: private/no-store`.
- A kept page with a POST form (the status check) carries a CSRF token: it is replaced by a
  placeholder when kept, and by the visitor's own token when served. A page without one (the
  language switch is a link: core.views.set_language) is the same bytes for every visitor, so it
  is also kept gzipped and served so to a browser that accepts gzip, without compressing it again
  (no secret in it, so nothing for a compression side channel to find).

Freshness, across processes: every kept page is stamped with the **catalog version**, a value in
the shared cache (the database table by default, Redis at scale). Whatever changes what public
pages show calls `bump()` (the catalog and organizations apps do it on every save and delete of
their models); each process reads the version at most every `PAGE_CACHE_CHECK_SECONDS` (2 s), so
a change shows everywhere within that time, and in the process that made it at once. A kept page
is also dropped after `PAGE_CACHE_SECONDS` (300 s) whatever happens, and the store holds at most
`PAGE_CACHE_ENTRIES` pages (least recently used dropped first). `PAGE_CACHE_SECONDS=0` turns the
whole thing off.

This is a cache of rendered output, never of limits or state: losing it costs only CPU, which is
why a per-process store is right here while throttles must live in the shared cache
(`core.checks` E010).
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from satupintu.core.shelf import Token

VERSION_KEY = "satupintu:pagecache:version"
CSRF_PLACEHOLDER = "__satupintu_csrf_token__"
_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# GZipMiddleware's own floor: a shorter body is served as it is.
_GZIP_MIN_BYTES = 200
# Headers a kept page is served with again; everything else is set anew on the way out.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options")

View = TypeVar("View", bound=Callable[..., Any])
# Public read-only API paths (django-ninja serves a path's methods from one view, so these are
# named by path rather than marked): registered by the app that owns them.
_public_api_paths: set[str] = set()


def register_public_api_path(path: str) -> None:
    """A GET API path whose answer, for a caller without credentials, depends only on its URL,
    the language and the catalog (e.g. "/api/v1/services")."""
    _public_api_paths.add(path.rstrip("/"))


def public_page(view: View) -> View:
    """Mark a view whose page, for a visitor without a session, depends only on its URL, the
    language and the catalog."""
    view.public_page = True  # type: ignore[attr-defined]
    return view


class Kept:
    """A kept page: its body (with the CSRF placeholder, if it has a form), the body gzipped when
    it is the same for everyone, and the headers it is served with."""

    __slots__ = ("body", "gzipped", "headers")

    def __init__(self, body: bytes, headers: list[tuple[str, str]]) -> None:
        self.body = body
        self.headers = headers
        self.gzipped = (
            compress_string(body)
            if CSRF_PLACEHOLDER.encode() not in body and len(body) >= _GZIP_MIN_BYTES
            else None
        )


class _Store:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pages: OrderedDict[tuple[str, str], tuple[float, str, Kept]] = OrderedDict()
        self.token = Token(VERSION_KEY, lambda: settings.PAGE_CACHE_CHECK_SECONDS)

    def current_version(self) -> str:
        version, changed = self.token.current()  # the cache read outside the lock
        if changed:
            with self.lock:
                self.pages.clear()
        return version

    def get(self, key: tuple[str, str]) -> Kept | None:
        version = self.current_version()
        with self.lock:
            entry = self.pages.get(key)
            if entry is None:
                return None
            stored_at, stamp, kept = entry
            if stamp != version or time.monotonic() - stored_at > settings.PAGE_CACHE_SECONDS:
                del self.pages[key]
                return None
            self.pages.move_to_end(key)
            return kept

    def put(self, key: tuple[str, str], kept: Kept) -> None:
        with self.lock:
            self.pages[key] = (time.monotonic(), self.token.value, kept)
            self.pages.move_to_end(key)
            while len(self.pages) > settings.PAGE_CACHE_ENTRIES:
                self.pages.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.token.checked = 0.0


_store = _Store()


def bump(**_: Any) -> None:
    """The catalog changed: every process drops its kept pages (this one at once). Usable as a
    signal receiver."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    _store.clear()


def connect_app(app_config: Any) -> None:
    """Bump the version whenever a row of one of the app's models is saved or deleted, or a
    many-to-many link of one changes (call from the app's `ready()`)."""
    for model in app_config.get_models():
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(bump, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(bump, sender=through, dispatch_uid=f"{uid}:{field.name}")


def clear_local() -> None:
    """Forget this process's kept pages (tests start each case from a cold store)."""
    _store.clear()


def _eligible(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
        and "HX-Request" not in request.headers
        and "Authorization" not in request.headers
    )


class PublicPageCacheMiddleware:
    """Serves and keeps `@public_page` pages (see the module's docstring). Sits after the CSRF,
    authentication and messages middleware, so a kept page still leaves through them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "_public_page_key", None)
        if key is not None and self._keepable(request, response):
            body = _TOKEN.sub(
                b'name="csrfmiddlewaretoken" value="' + CSRF_PLACEHOLDER.encode() + b'"',
                response.content,
            )
            headers = [(h, response.headers[h]) for h in _KEPT_HEADERS if h in response.headers]
            _store.put(key, Kept(body, headers))
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        marked = getattr(view_func, "public_page", False) or (
            request.path.rstrip("/") in _public_api_paths
        )
        if not marked or not _eligible(request):
            return None
        key = (request.get_full_path(), getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE))
        kept = _store.get(key)
        if kept is None:
            request._public_page_key = key  # type: ignore[attr-defined]
            return None
        gzipped = kept.gzipped is not None and bool(
            _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        )
        if gzipped:
            response = HttpResponse(kept.gzipped)
        elif CSRF_PLACEHOLDER.encode() in kept.body:
            token = get_token(request).encode()
            response = HttpResponse(kept.body.replace(CSRF_PLACEHOLDER.encode(), token))
        else:
            response = HttpResponse(kept.body)
        for name, value in kept.headers:
            response.headers[name] = value
        if gzipped:
            # GZipMiddleware leaves an encoded body alone and so adds no Vary: say it here.
            response.headers["Content-Encoding"] = "gzip"
            patch_vary_headers(response, ("Accept-Encoding",))
        return response

    @staticmethod
    def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        session = getattr(request, "session", None)
        messages = getattr(request, "_messages", None)
        if (session is not None and session.modified) or getattr(messages, "added_new", False):
            return False
        if getattr(response, "is_rendered", True) is False:
            return False
        control = response.headers.get("Cache-Control", "")
        return "private" not in control and "no-store" not in control
