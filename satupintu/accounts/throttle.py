"""Sign-in throttling: failed sign-ins counted by the one throttle (satupintu.core.throttle).

Three counters, each stopping a different attack without letting one person lock out many:

- per account, from any address (``LOGIN_FAILURES_PER_ACCOUNT``): guessing one officer's
  password from many addresses;
- per (address, account) pair (``LOGIN_FAILURES_PER_IP_ACCOUNT``): one client guessing one
  account is stopped without touching anyone else behind the same address, so a school, an
  office or a mobile carrier's shared NAT is not locked out by one person's typos or abuse;
- per address, over all accounts (``LOGIN_FAILURES_PER_IP``): a ceiling, much higher than the
  pair limit, against trying a common password across many accounts from one address.

Counters live in the shared cache and hold across every web process; the throttle hashes the
keys with the keyed blind index, so the cache never holds a sign-in name or an address. An
unknown name is counted exactly like a known one: the answer never tells whether it exists.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest

from satupintu.core import throttle
from satupintu.core.throttle import client_ip

__all__ = [
    "client_ip",
    "locked_for_seconds",
    "minutes",
    "normalise_username",
    "register_failure",
    "reset_account",
]

ACCOUNT = "login.account"
PAIR = "login.address-account"
ADDRESS = "login.address"


def normalise_username(username: str) -> str:
    return username.strip().casefold()


def _counters(request: HttpRequest, username: str) -> list[tuple[str, str, int]]:
    account = normalise_username(username)
    address = client_ip(request)
    return [
        (ACCOUNT, account, settings.LOGIN_FAILURES_PER_ACCOUNT),
        (PAIR, f"{address}\x00{account}", settings.LOGIN_FAILURES_PER_IP_ACCOUNT),
        (ADDRESS, address, settings.LOGIN_FAILURES_PER_IP),
    ]


def locked_for_seconds(request: HttpRequest, username: str) -> int:
    """Seconds until this sign-in may be tried again; 0 when it is not throttled."""
    window = settings.LOGIN_LOCKOUT_SECONDS
    return max(
        throttle.retry_after(scope, key, limit=limit, window=window)
        for scope, key, limit in _counters(request, username)
    )


def register_failure(request: HttpRequest, username: str) -> None:
    """Count one failed sign-in against the account, the address-account pair and the address."""
    window = settings.LOGIN_LOCKOUT_SECONDS
    for scope, key, limit in _counters(request, username):
        throttle.hit(scope, key, limit=limit, window=window)


def reset_account(request: HttpRequest, username: str) -> None:
    """Forget an account's failures after it signs in. The address ceiling is left alone."""
    for scope, key, _limit in _counters(request, username)[:2]:
        throttle.reset(scope, key)


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))
