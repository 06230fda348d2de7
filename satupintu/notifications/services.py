"""Write path of the notifications app: put a message in the outbox."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from satupintu.core.identifiers import is_phone, normalize_phone
from satupintu.notifications import sealing
from satupintu.notifications.models import Channel, Message
from satupintu.notifications.rendering import pick_language, template_exists

# Checks a higher app registers (privacy, from its AppConfig.ready()): given the recipients and
# the template, a reason code by user id for each one a message must not be sent to (the person
# restricted processing or was erased). One call answers for a whole batch of recipients (one
# query, not two per message). The outbox cannot import privacy, so privacy tells it.
RecipientCheck = Callable[[Sequence[Any], str], Mapping[Any, str]]
_recipient_checks: list[RecipientCheck] = []


def register_recipient_check(check: RecipientCheck) -> None:
    if check not in _recipient_checks:
        _recipient_checks.append(check)


def refusals_for(users: Sequence[Any], template: str) -> dict[Any, str]:
    """Why a message with `template` must not go to each of `users`, by user id (the refused
    ones only)."""
    users = [user for user in users if user is not None and getattr(user, "pk", None)]
    refused: dict[Any, str] = {}
    for check in _recipient_checks:
        if not users:
            break
        for pk, reason in check(users, template).items():
            refused.setdefault(pk, reason)
        users = [user for user in users if user.pk not in refused]
    return refused


def refusal_for(user: Any, template: str) -> str | None:
    return refusals_for([user], template).get(getattr(user, "pk", None))


def channel_for(user: Any) -> str:
    """The channel that reaches `user`: their preference when it has an address, else e-mail,
    SMS, or in-app (a walk-in citizen may have no contact at all)."""
    email = bool(getattr(user, "email", ""))
    phone = bool(getattr(user, "phone", ""))
    preferred = str(getattr(user, "preferred_channel", "") or "")
    if (preferred == "email" and email) or (preferred in ("sms", "whatsapp") and phone):
        return preferred
    if email:
        return "email"
    if phone:
        return "sms"
    return "inapp"


# A context key: the address is wiped once the message is sent (the last message to a person
# whose contact is being erased).
FORGET_ADDRESS = "forget_address"


def messages_forget(*, user: Any) -> int:
    """Erase what the outbox holds about `user` (privacy erasure): addresses and contexts of
    their messages are blanked and the rows unlinked; the row itself stays as a count."""
    return Message.objects.filter(user=user).update(address="", context={}, user=None)


def messages_retain(*, cutoff: Any, delete: bool) -> int:
    """Apply a retention rule to finished messages created before `cutoff`: delete them, or
    blank their address and context (the row stays as a count). Returns rows changed."""
    done = Message.objects.filter(
        created_at__lt=cutoff, status__in=(Message.Status.SENT, Message.Status.DEAD)
    )
    if delete:
        deleted, _by_model = done.delete()
        return deleted
    # Blank rows are skipped by their context; an address alone cannot be filtered (sealed).
    rows = done.exclude(context={})
    return rows.update(address="", context={})


def dedupe_exists(prefix: str) -> bool:
    """Whether a message whose idempotency key starts with `prefix` was already queued."""
    return Message.objects.filter(dedupe_key__startswith=prefix).exists()


def messages_for(user: Any) -> list[Message]:
    """The messages sent to `user`, oldest first (their data export)."""
    return list(Message.objects.filter(user=user).order_by("created_at", "id"))


def _address_for(user: Any, channel: str) -> str:
    if user is None:
        return ""
    if channel == Channel.EMAIL:
        return str(getattr(user, "email", "") or "")
    if channel in (Channel.SMS, Channel.WHATSAPP):
        return str(getattr(user, "phone", "") or "")
    return ""


def _clean_address(address: str, channel: str) -> str:
    address = address.strip()
    if not address:
        return ""
    if channel == Channel.EMAIL:
        try:
            validate_email(address)
        except ValidationError:
            raise ValueError("Not an e-mail address.") from None
        return address
    if not is_phone(address):
        raise ValueError("Not a phone number.")
    return normalize_phone(address)


def _check(channel: str, template: str, context: dict[str, Any] | None) -> dict[str, Any]:
    if channel not in Channel.values:
        raise ValueError(f"Unknown notification channel {channel!r}.")
    if not template_exists(template):
        raise ValueError(f"Unknown notification template {template!r}.")
    context = dict(context or {})
    try:
        json.dumps(context)
    except (TypeError, ValueError):
        raise ValueError("The notification context must be JSON-serialisable.") from None
    return context


def _fields(
    *,
    user: Any,
    channel: str,
    address: str | None,
    template: str,
    context: dict[str, Any],
    language: str | None,
    dedupe_key: str | None,
    refused: str | None,
) -> dict[str, Any]:
    """The new message's row: a refused recipient's is kept dead, with no address or context,
    so the caller's change stands and the refusal shows."""
    if channel == Channel.INAPP and user is None:
        raise ValueError("An in-app notification needs a user.")
    if refused:
        address = ""
    clean = _clean_address(address if address is not None else _address_for(user, channel), channel)
    now = timezone.now()
    fields: dict[str, Any] = {
        "user": user,
        "channel": channel,
        "address": clean,
        "template": template,
        "language": pick_language(language, getattr(user, "language", None)),
        "context": sealing.seal(context),
        "dedupe_key": dedupe_key or None,
        "next_attempt_at": now,
    }
    if refused:
        fields.update(status=Message.Status.DEAD, last_error=refused, context={})
    elif channel == Channel.INAPP:
        fields.update(status=Message.Status.SENT, sent_at=now)
    elif not clean:
        fields.update(status=Message.Status.DEAD, last_error="no_address")
    return fields


def notify(
    *,
    user: Any = None,
    channel: str,
    address: str | None = None,
    template: str,
    context: dict[str, Any] | None = None,
    language: str | None = None,
    dedupe_key: str | None = None,
) -> Message:
    """Put one message in the outbox, inside the caller's transaction, and schedule delivery.

    Call it from within the service whose change the message reports: if that transaction
    rolls back, the message is gone too; once it commits, a delivery task is enqueued. The
    address defaults to the user's e-mail or phone for the channel and is stored encrypted.
    ``context`` must be JSON and hold ids and non-personal values (reference numbers, codes,
    status labels); free text that may quote personal data goes under a key of
    ``sealing.SEALED_KEYS`` (``note``, ``reason``), which is stored encrypted. The language is ``language``, else the
    user's, else Indonesian.

    With ``dedupe_key`` the call is idempotent: a second call with the same key returns the
    first message and sends nothing more. A channel without an address is stored as ``dead``
    (``last_error="no_address"``) rather than raising, so a missing phone number never undoes
    the caller's change. ``inapp`` messages are delivered by being stored.

    Raises ``ValueError`` for an unknown channel or template, a malformed address, a context that
    is not JSON, or an in-app message without a user: those are programming errors.
    """
    context = _check(channel, template, context)
    refused = refusal_for(user, template) if user is not None else None
    fields = _fields(
        user=user,
        channel=channel,
        address=address,
        template=template,
        context=context,
        language=language,
        dedupe_key=dedupe_key,
        refused=refused,
    )
    if dedupe_key:
        # INSERT … ON CONFLICT DO NOTHING, then the row with the key: the new one, or the first
        # call's (two statements; a race between two callers cannot fail either transaction).
        candidate = Message(**fields)
        Message.objects.bulk_create([candidate], ignore_conflicts=True)
        message = Message.objects.get(dedupe_key=dedupe_key)
        if message.uuid != candidate.uuid:
            return message  # the first call's: sent or scheduled then
    else:
        message = Message.objects.create(**fields)

    if message.status == Message.Status.PENDING and settings.NOTIFICATIONS_TASK_DELIVERY:
        transaction.on_commit(_enqueue_delivery)
    return message


def notify_many(
    *,
    users: Sequence[Any],
    channel: str,
    template: str,
    context: dict[str, Any] | None = None,
) -> list[Message]:
    """The same message to each of `users` (their own address and language), as `notify()`
    would put them one by one, in one recipient check and one INSERT. For what the caller's
    transaction just created (a new complaint to its liaisons): no idempotency key, since no
    earlier message can be about it; use `notify()` with ``dedupe_key`` for anything that may
    be told twice."""
    context = _check(channel, template, context)
    people = [user for user in users if user is not None]
    if not people:
        return []
    refused = refusals_for(people, template)
    messages = [
        Message(
            **_fields(
                user=user,
                channel=channel,
                address=None,
                template=template,
                context=context,
                language=None,
                dedupe_key=None,
                refused=refused.get(user.pk),
            )
        )
        for user in people
    ]
    Message.objects.bulk_create(messages)
    if settings.NOTIFICATIONS_TASK_DELIVERY and any(
        message.status == Message.Status.PENDING for message in messages
    ):
        transaction.on_commit(_enqueue_delivery)
    return messages


def _enqueue_delivery() -> None:
    from satupintu.notifications.tasks import deliver_pending

    deliver_pending.enqueue()
