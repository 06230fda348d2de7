"""System check: a message's lease must outlast the slowest single send.

The deliverer renews a message's lease just before sending it (``delivery.renew_lease``), so a
slow batch cannot cause a second send; but a single send that takes longer than the lease can
still be reclaimed and sent by another worker while it is in flight.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register


@register()
def lease_outlasts_sends_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    lease = int(settings.NOTIFICATIONS_LEASE_SECONDS)
    # The timeouts bound each socket operation (connect, then each read), not the whole send.
    slowest = max(int(settings.SMS_GATEWAY_TIMEOUT), int(settings.EMAIL_TIMEOUT))
    if lease > 2 * slowest:
        return []
    return [
        Warning(
            f"NOTIFICATIONS_LEASE_SECONDS ({lease}) must be more than twice the slowest send "
            f"timeout (SMS_GATEWAY_TIMEOUT / EMAIL_TIMEOUT, {slowest} s).",
            hint="A send slower than the lease can be taken over and sent a second time.",
            id="notifications.W001",
        )
    ]
