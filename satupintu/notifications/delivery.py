"""Claim due outbox rows under a lease, hand them to their channel, record the outcome.

One delivery run (``deliver_pending``) repeats three short steps, none of which holds a
transaction open while talking to a provider:

1. **Claim** (one transaction). Pick rows that are due: ``pending``/``failed`` with
   ``next_attempt_at <= now``, or ``sending`` whose lease (``claimed_until``) has run out because
   their worker died. On PostgreSQL the pick is ``SELECT ... FOR UPDATE SKIP LOCKED``, so
   concurrent workers take disjoint rows; on SQLite the transaction begins IMMEDIATE and the
   database's single write lock serialises claims. Each row becomes ``sending`` with a fresh
   claim token and lease, its ``attempts`` goes up by one, and an ``Attempt`` row is written
   with no outcome yet. A stale attempt of a reclaimed row is closed as ``lease_expired``.
2. **Send** (no transaction), one message at a time. Immediately before each send, the lease of
   that message is renewed by compare-and-set in the database (``renew_lease``: an UPDATE that
   only matches while the row is still ``sending`` under *our* claim token, and moves
   ``claimed_until`` to now + lease). If it no longer matches, another worker reclaimed the row
   after our lease ran out (a slow gateway made the batch outlast the lease) and may have sent
   it: we skip it. Ownership, not the clock, decides: a row whose lease ran out but that nobody
   reclaimed yet has been sent by nobody, so renewing it is safe, and a reclaim and a renewal
   are serialised by the database (row lock on PostgreSQL, the write lock on SQLite). So each
   message gets a full lease for its own send, however long the batch before it took, and
   only a single send slower than the whole lease (keep the gateway and SMTP timeouts below
   ``NOTIFICATIONS_LEASE_SECONDS``; a system check says so) can still overlap a reclaim. Then
   render the template and call the channel with the row's uuid as idempotency key.
3. **Record** (one transaction). Success marks the row ``sent`` whoever holds the lease (a
   delivery is a fact); a failure is recorded only if our claim still holds it, as ``failed``
   with an exponential backoff, or ``dead`` once the attempts are used up or the error is
   permanent.
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone

from satupintu.notifications import channels
from satupintu.notifications.models import Attempt, Channel, Message
from satupintu.notifications.rendering import render

logger = logging.getLogger("satupintu.notifications")

Status = Message.Status

BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 3600


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after ``attempts`` tries: 30 s·2^(n-1), ±20 % jitter, ≤ 1 h."""
    base = min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS)
    return timedelta(seconds=min(base * random.uniform(0.8, 1.2), BACKOFF_CAP_SECONDS))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


@dataclass
class Report:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0
    # Claimed, but reclaimed by another worker before we got to it: not sent by us.
    lost: int = 0
    next_retry_at: datetime | None = None
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "claimed": self.claimed,
            "sent": self.sent,
            "retried": self.retried,
            "dead": self.dead,
            "lost": self.lost,
        }


def claim_batch(
    *, now: datetime | None = None, limit: int | None = None, worker: str | None = None
) -> list[Message]:
    """Lease up to ``limit`` due messages to this worker and return them (status ``sending``)."""
    now = now or timezone.now()
    limit = limit or settings.NOTIFICATIONS_BATCH_SIZE
    claim = f"{worker or worker_name()}/{secrets.token_hex(4)}"
    lease_end = now + timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    due = Q(status__in=[Status.PENDING, Status.FAILED], next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_until__lt=now
    )
    with transaction.atomic():
        candidates = Message.objects.filter(due).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        rows = list(candidates.values_list("id", "status", "attempts")[:limit])
        if not rows:
            return []
        stale = [pk for pk, status, _ in rows if status == Status.SENDING]
        if stale:
            Attempt.objects.filter(message_id__in=stale, finished_at__isnull=True).update(
                outcome=Attempt.Outcome.LEASE_EXPIRED, finished_at=now
            )
        exhausted = [
            pk
            for pk, status, n in rows
            if status == Status.SENDING and n >= settings.NOTIFICATIONS_MAX_ATTEMPTS
        ]
        if exhausted:
            # Its workers keep dying mid-send; stop, visibly, rather than loop forever.
            Message.objects.filter(pk__in=exhausted).update(
                status=Status.DEAD, last_error="lease_expired", claimed_by="", claimed_until=None
            )
        ids = [pk for pk, _, _ in rows if pk not in exhausted]
        # The due condition again: a row another worker claimed meanwhile is no longer due.
        Message.objects.filter(due, pk__in=ids).update(
            status=Status.SENDING,
            claimed_by=claim,
            claimed_until=lease_end,
            attempts=F("attempts") + 1,
        )
        messages = list(Message.objects.filter(pk__in=ids, claimed_by=claim).order_by("id"))
        Attempt.objects.bulk_create(
            [Attempt(message=m, number=m.attempts, claim=claim, started_at=now) for m in messages]
        )
    return messages


def renew_lease(message: Message, *, now: datetime | None = None) -> bool:
    """Extend our lease on ``message`` to now + lease, if the row is still ours; else False.

    One UPDATE compared on status and claim token, so it cannot succeed after another worker's
    reclaim has committed, and a reclaim after it sees a lease that has not run out.
    """
    lease_end = (now or timezone.now()) + timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    updated = Message.objects.filter(
        pk=message.pk, status=Status.SENDING, claimed_by=message.claimed_by
    ).update(claimed_until=lease_end)
    if updated:
        message.claimed_until = lease_end
    return bool(updated)


def _e164(number: str) -> str:
    return "+62" + number[1:] if number.startswith("0") else number


def send(message: Message) -> tuple[str, str]:
    """Render and hand over one message; returns (provider message id, body digest)."""
    if not message.address:
        raise channels.PermanentError("no_address")
    try:
        rendered = render(message.template, message.language, message.context or {})
    except (TemplateDoesNotExist, TemplateSyntaxError) as exc:
        raise channels.PermanentError("template_error") from exc
    key = message.uuid
    if message.channel == Channel.EMAIL:
        provider_id = channels.send_email(
            to=message.address, subject=rendered.subject, body=rendered.body, idempotency_key=key
        )
    elif message.channel in (Channel.SMS, Channel.WHATSAPP):
        provider_id = channels.get_gateway().send(
            _e164(message.address), rendered.body, str(key), channel=message.channel
        )
    else:
        raise channels.PermanentError(f"unknown_channel_{message.channel}")
    return provider_id, rendered.digest


def record_sent(message: Message, *, provider_id: str, digest: str, now: datetime) -> None:
    with transaction.atomic():
        # Recorded whoever holds the lease now: the provider has the message either way.
        forget: dict[str, Any] = {}
        if (message.context or {}).get("forget_address"):
            # The person's contact was erased after this last message; it goes now too.
            forget = {"address": "", "context": {}}
        Message.objects.filter(pk=message.pk).exclude(status=Status.SENT).update(
            status=Status.SENT,
            sent_at=now,
            provider_message_id=provider_id[:200],
            body_digest=digest,
            claimed_by="",
            claimed_until=None,
            last_error="",
            **forget,
        )
        Attempt.objects.filter(message=message, number=message.attempts).update(
            outcome=Attempt.Outcome.SENT, finished_at=now, body_digest=digest
        )


def record_failure(
    message: Message, *, error: channels.DeliveryError, now: datetime
) -> tuple[str, datetime | None]:
    """Schedule a retry or give up; returns (new status, next attempt time)."""
    permanent = isinstance(error, channels.PermanentError)
    give_up = permanent or message.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
    next_at = None if give_up else now + backoff(message.attempts)
    status = Status.DEAD if give_up else Status.FAILED
    with transaction.atomic():
        updated = Message.objects.filter(
            pk=message.pk, status=Status.SENDING, claimed_by=message.claimed_by
        ).update(
            status=status,
            next_attempt_at=next_at or now,
            last_error=error.code,
            claimed_by="",
            claimed_until=None,
        )
        Attempt.objects.filter(message=message, number=message.attempts).update(
            outcome=Attempt.Outcome.DEAD if give_up else Attempt.Outcome.RETRY,
            finished_at=now,
            error=error.code,
        )
    if not updated:
        # Our lease ran out and another worker owns the row now; its outcome wins.
        return Status.SENDING, None
    return status, next_at


def deliver_pending(
    *, now: datetime | None = None, limit: int | None = None, worker: str | None = None
) -> Report:
    """Deliver every message that is due now, batch by batch; returns what happened."""
    report = Report()
    limit = limit or settings.NOTIFICATIONS_BATCH_SIZE
    while True:
        batch = claim_batch(now=now, limit=limit, worker=worker)
        report.claimed += len(batch)
        deliver_claimed(batch, report=report, now=now)
        if len(batch) < limit:
            return report


def deliver_claimed(
    batch: list[Message], *, report: Report | None = None, now: datetime | None = None
) -> Report:
    """Send each claimed message whose lease is still ours, one at a time (step 2 and 3)."""
    report = report or Report()
    for message in batch:
        if not renew_lease(message, now=now):
            report.lost += 1
            logger.info("notification %s: lease taken over by another worker", message.pk)
            continue
        _deliver_one(message, report=report, now=now)
    return report


def _deliver_one(message: Message, *, report: Report, now: datetime | None) -> None:
    try:
        provider_id, digest = send(message)
    except channels.DeliveryError as exc:
        error: channels.DeliveryError = exc
    except Exception as exc:  # an unexpected bug in a channel must not stop the batch
        logger.exception("notification %s: unexpected error", message.pk)
        error = channels.TemporaryError(f"error_{type(exc).__name__}")
    else:
        record_sent(message, provider_id=provider_id, digest=digest, now=now or timezone.now())
        report.sent += 1
        return
    status, next_at = record_failure(message, error=error, now=now or timezone.now())
    report.errors.append(error.code)
    logger.warning(
        "notification %s attempt %s failed (%s): %s",
        message.pk,
        message.attempts,
        error.code,
        status,
    )
    if status == Status.DEAD:
        report.dead += 1
    elif status == Status.FAILED:
        report.retried += 1
        if next_at and (report.next_retry_at is None or next_at < report.next_retry_at):
            report.next_retry_at = next_at
