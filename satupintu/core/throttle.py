"""The one throttle: count events per (scope, key) in the shared cache, refuse past a limit.

Every limit in SatuPintu (sign-in failures, sign-ups, status-check guesses, password resets)
goes through :func:`hit` and :func:`blocked`, so they all hold across processes: the cache is the
database (``DatabaseCache``) on the embedded default and Redis when ``REDIS_URL`` is set, never
one process's memory. A counter is one cache entry created with ``add`` (atomic: only one process
opens a window) and raised with ``incr`` (atomic on Redis; made atomic on the database by
:class:`satupintu.core.cache.DatabaseCache`). Windows are fixed: they open at the first event and
close ``window`` seconds later, whatever happens in between.

Keys are passed through the keyed blind-index HMAC (``FIELD_HASH_KEY``), namespaced by the scope,
so callers may pass a contact or an address: the cache holds no personal data, and nobody who
reads it can test a guess without the key.
"""

from __future__ import annotations

import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from satupintu.core.crypto import get_keyring

_PREFIX = "satupintu:throttle"


def _keys(scope: str, key: str) -> tuple[str, str]:
    digest = get_keyring().blind_index(key, context=f"throttle:{scope}")
    base = f"{_PREFIX}:{scope}:{digest}"
    return f"{base}:n", f"{base}:until"


def _count(count_key: str) -> int:
    value = cache.get(count_key)
    return int(value) if value is not None else 0


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one event for (scope, key); True when it is over ``limit`` (the caller refuses it).

    The first ``limit`` events of a window return False; every later one in the window True.
    """
    count_key, until_key = _keys(scope, key)
    if cache.add(count_key, 0, timeout=window):
        cache.set(until_key, time.time() + window, timeout=window)
    try:
        count = cache.incr(count_key)
    except ValueError:
        # The window closed between add() and incr(): this event opens the next one.
        if cache.add(count_key, 1, timeout=window):
            cache.set(until_key, time.time() + window, timeout=window)
            count = 1
        else:
            count = cache.incr(count_key)
    return count > limit


def blocked(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Look without counting: True when the next :func:`hit` would be over the limit."""
    count_key, _until_key = _keys(scope, key)
    return _count(count_key) >= limit


def retry_after(scope: str, key: str, *, limit: int, window: int) -> int:
    """Whole seconds until (scope, key) may try again; 0 when it is not blocked."""
    if not blocked(scope, key, limit=limit, window=window):
        return 0
    _count_key, until_key = _keys(scope, key)
    until = cache.get(until_key)
    remaining = float(until) - time.time() if until is not None else float(window)
    return max(1, math.ceil(min(remaining, float(window))))


def reset(scope: str, key: str) -> None:
    """Forget the events of (scope, key), e.g. an account's failures once it signs in."""
    cache.delete_many(list(_keys(scope, key)))


def client_ip(request: HttpRequest) -> str:
    """The address to count events against.

    X-Forwarded-For is only believed behind our own proxy (SECURE_PROXY_SSL_HEADER set), and then
    only its last entry: that is the one our proxy appended; anything left of it the client wrote.
    IPv6 clients are grouped by /64, since one host usually holds the whole prefix.
    """
    raw = request.META.get("REMOTE_ADDR", "") or ""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            raw = forwarded.split(",")[-1].strip() or raw
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
