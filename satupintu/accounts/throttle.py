"""Login throttling: failed sign-ins counted per account and per client address, in the cache.

State lives in the cache (local memory on one machine, Redis when several web processes run), so
it is shared by every process and expires by itself. Two counters are kept because they stop two
different attacks: guessing one officer's password from many addresses (per account), and trying
a common password against many accounts from one address (per address).

The account key is a digest of the normalised sign-in name, so the cache never holds personal
data, and an unknown name is counted exactly like a known one: the answer never tells an attacker
whether an account exists.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

_PREFIX = "satupintu:login"


def normalise_username(username: str) -> str:
    return username.strip().casefold()


def client_ip(request: HttpRequest) -> str:
    """The address to count failures against.

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


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Scope:
    """One counter: its cache keys and how many failures it allows per window."""

    name: str
    limit: int

    @property
    def count_key(self) -> str:
        return f"{_PREFIX}:count:{self.name}"

    @property
    def lock_key(self) -> str:
        return f"{_PREFIX}:lock:{self.name}"


def scopes_for(request: HttpRequest, username: str) -> list[Scope]:
    return [
        Scope(f"user:{_digest(normalise_username(username))}", settings.LOGIN_FAILURES_PER_ACCOUNT),
        Scope(f"ip:{_digest(client_ip(request))}", settings.LOGIN_FAILURES_PER_IP),
    ]


def locked_for_seconds(request: HttpRequest, username: str) -> int:
    """Seconds until this sign-in may be tried again; 0 when it is not throttled."""
    now = time.time()
    remaining = 0.0
    for scope in scopes_for(request, username):
        until = cache.get(scope.lock_key)
        if until is not None:
            remaining = max(remaining, float(until) - now, 1.0)
    return math.ceil(remaining)


def register_failure(request: HttpRequest, username: str) -> None:
    """Count one failed sign-in; lock a scope once it reaches its limit within the window."""
    window = settings.LOGIN_LOCKOUT_SECONDS
    for scope in scopes_for(request, username):
        cache.add(scope.count_key, 0, timeout=window)
        try:
            count = cache.incr(scope.count_key)
        except ValueError:
            # The window expired between add() and incr(): this failure opens a new one.
            cache.set(scope.count_key, 1, timeout=window)
            count = 1
        if count >= scope.limit:
            cache.set(scope.lock_key, time.time() + window, timeout=window)
            cache.delete(scope.count_key)


def reset_account(request: HttpRequest, username: str) -> None:
    """Forget an account's failures after it signs in. The address counter is left alone."""
    account = scopes_for(request, username)[0]
    cache.delete_many([account.count_key, account.lock_key])


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))
