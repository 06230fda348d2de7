"""Delivery over real SMTP, the file gateway and an HTTP gateway; retries and crash points."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from satupintu.notifications import delivery
from satupintu.notifications.models import Attempt, Message
from satupintu.notifications.services import notify
from satupintu.notifications.tasks import deliver_pending


def sms(code: str = "482913", **kwargs: Any) -> Message:
    return notify(
        channel="sms",
        address="081234567890",
        template="contact_code",
        context={"code": code},
        **kwargs,
    )


# --- channels ---------------------------------------------------------------------------------


def test_email_is_delivered_over_real_smtp_with_a_fixed_message_id(
    world: Any, smtp_server: Any
) -> None:
    world.siti.email = "siti@example.id"
    world.siti.save(update_fields=["email"])
    message = notify(
        user=world.siti,
        channel="email",
        template="application_received",
        context={"reference": "PMH-2026-000123", "service": "Akta Kelahiran"},
    )

    report = delivery.deliver_pending()

    assert report.sent == 1
    assert len(smtp_server.mails) == 1
    mail = smtp_server.mails[0]
    assert smtp_server.envelopes[0].rcpt_tos == ["siti@example.id"]
    assert mail["Subject"] == "Permohonan PMH-2026-000123 diterima"
    assert mail["Message-ID"] == f"<{message.uuid}@satupintu.example>"
    assert "Akta Kelahiran" in mail.get_payload(decode=True).decode()
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.provider_message_id == mail["Message-ID"]
    assert len(message.body_digest) == 64


def test_email_in_english_for_an_english_speaker(world: Any, smtp_server: Any) -> None:
    notify(
        channel="email",
        address="budi@example.id",
        template="contact_code",
        context={"code": "771204"},
        language="en",
    )
    delivery.deliver_pending()
    mail = smtp_server.mails[0]
    assert mail["Subject"] == "SatuPintu verification code"
    assert "Your SatuPintu verification code: 771204." in mail.get_payload(decode=True).decode()


def test_smtp_temporary_refusal_is_retried_and_permanent_refusal_is_dead(
    db: Any, smtp_server: Any
) -> None:
    smtp_server.replies = ["451 4.3.0 Try again later", "550 5.1.1 No such user"]
    first = notify(channel="email", address="a@example.id", template="contact_code", context={})
    delivery.deliver_pending()
    first.refresh_from_db()
    assert (first.status, first.last_error) == (Message.Status.FAILED, "smtp_451")

    second = notify(channel="email", address="b@example.id", template="contact_code", context={})
    delivery.deliver_pending()
    second.refresh_from_db()
    assert (second.status, second.last_error) == (Message.Status.DEAD, "smtp_550")

    delivery.deliver_pending(now=timezone.now() + timedelta(hours=1))
    first.refresh_from_db()
    assert first.status == Message.Status.SENT
    assert [m["Message-ID"] for m in smtp_server.mails] == [f"<{first.uuid}@satupintu.example>"]


def test_file_gateway_writes_one_masked_line(db: Any, data_dir: Any) -> None:
    message = sms()

    delivery.deliver_pending()

    lines = (data_dir / "outbox" / "sms.jsonl").read_text().splitlines()
    record = json.loads(lines[0])
    assert len(lines) == 1
    assert record["idempotency_key"] == str(message.uuid)
    assert record["to"] == "+628********90"
    assert "482913" in record["body"]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_http_gateway_gets_token_idempotency_key_and_e164_number(db: Any, gateway: Any) -> None:
    message = notify(
        channel="whatsapp",
        address="0812 3456 7890",
        template="contact_code",
        context={"code": "1"},
    )
    delivery.deliver_pending()
    (request,) = gateway.requests
    assert request["key"] == str(message.uuid)
    assert request["auth"] == "Bearer gateway-token"
    assert request["json"]["to"] == "+6281234567890"
    assert request["json"]["channel"] == "whatsapp"
    message.refresh_from_db()
    assert (message.status, message.provider_message_id) == (Message.Status.SENT, "gw-1")


# --- retries ----------------------------------------------------------------------------------


def test_server_errors_are_retried_with_growing_backoff_then_delivered(
    db: Any, gateway: Any
) -> None:
    gateway.script = [500, 503, 429]
    with time_machine.travel(timezone.now(), tick=False) as clock:
        message = sms()
        gaps = []
        for _ in range(3):
            delivery.deliver_pending()
            message.refresh_from_db()
            assert message.status == Message.Status.FAILED
            gap = message.next_attempt_at - timezone.now()
            gaps.append(gap.total_seconds())
            # Not yet due: nothing is sent before the backoff has passed.
            clock.shift(gap - timedelta(seconds=1))
            assert delivery.deliver_pending().claimed == 0
            clock.shift(timedelta(seconds=1))
        delivery.deliver_pending()

    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.attempts == 4
    assert 24 <= gaps[0] <= 36 and 48 <= gaps[1] <= 72 and 96 <= gaps[2] <= 144
    assert [a.outcome for a in message.attempt_set.order_by("number")] == [
        "retry",
        "retry",
        "retry",
        "sent",
    ]
    assert len(gateway.requests) == 4 and len(gateway.delivered) == 1


def test_backoff_is_capped_at_an_hour() -> None:
    assert delivery.backoff(1) <= timedelta(seconds=36)
    assert all(delivery.backoff(n) <= timedelta(hours=1) for n in range(1, 30))
    assert delivery.backoff(12) >= timedelta(minutes=48)


def test_client_error_is_permanent_at_once(db: Any, gateway: Any) -> None:
    gateway.script = [400]
    message = sms()
    delivery.deliver_pending()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        Message.Status.DEAD,
        1,
        "http_400",
    )
    assert delivery.deliver_pending(now=timezone.now() + timedelta(days=1)).claimed == 0


def test_message_is_dead_after_the_maximum_attempts(db: Any, gateway: Any, settings: Any) -> None:
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    gateway.script = [502] * 10
    message = sms()
    now = timezone.now()
    for hour in range(5):
        delivery.deliver_pending(now=now + timedelta(hours=hour))
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        Message.Status.DEAD,
        3,
        "http_502",
    )
    assert len(gateway.requests) == 3


def test_unreachable_gateway_is_a_temporary_error(db: Any, settings: Any) -> None:
    from satupintu.notifications.tests.conftest import free_port

    settings.SMS_GATEWAY = "http"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/v1/messages"
    message = sms()
    delivery.deliver_pending()
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.last_error.startswith("http_")
    assert "0812" not in message.last_error


def test_the_task_delivers_and_reports(db: Any, data_dir: Any) -> None:
    sms()
    result = deliver_pending.enqueue()
    assert result.return_value == {"claimed": 1, "sent": 1, "retried": 0, "dead": 0, "lost": 0}


# --- crash points -----------------------------------------------------------------------------


def test_worker_dying_after_claim_before_send_delivers_once_after_the_lease(
    db: Any, gateway: Any
) -> None:
    message = sms()
    now = timezone.now()
    (claimed,) = delivery.claim_batch(now=now, worker="worker-a")  # ...and worker-a dies here
    assert claimed.status == Message.Status.SENDING

    # While the lease holds, nobody else takes it.
    assert delivery.deliver_pending(now=now + timedelta(seconds=60), worker="worker-b").claimed == 0
    report = delivery.deliver_pending(now=now + timedelta(minutes=6), worker="worker-b")

    assert report.sent == 1
    assert len(gateway.requests) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 2)
    assert list(message.attempt_set.order_by("number").values_list("outcome", flat=True)) == [
        Attempt.Outcome.LEASE_EXPIRED,
        Attempt.Outcome.SENT,
    ]


def test_lost_gateway_reply_is_retried_and_the_gateway_delivers_once(
    db: Any, gateway: Any, settings: Any
) -> None:
    settings.SMS_GATEWAY_TIMEOUT = 0.3
    gateway.accept_then_hang = 1.0  # the provider takes the message, the reply never comes
    message = sms()

    delivery.deliver_pending()
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.last_error in {"http_TimeoutError", "http_URLError"}

    assert gateway.hang_over.wait(5)
    delivery.deliver_pending(now=timezone.now() + timedelta(minutes=5))
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert [r["key"] for r in gateway.requests] == [str(message.uuid)] * 2
    assert list(gateway.delivered) == [str(message.uuid)]


def test_late_worker_cannot_overwrite_the_new_owners_outcome(db: Any, gateway: Any) -> None:
    message = sms()
    now = timezone.now()
    (stale,) = delivery.claim_batch(now=now, worker="slow")
    later = now + timedelta(minutes=6)
    delivery.deliver_pending(now=later, worker="fast")  # lease expired; "fast" delivers

    from satupintu.notifications.channels import TemporaryError

    status, _ = delivery.record_failure(stale, error=TemporaryError("http_500"), now=later)
    message.refresh_from_db()
    assert status == Message.Status.SENDING  # i.e. "not mine any more"
    assert message.status == Message.Status.SENT


def test_file_gateway_is_exactly_once_when_a_worker_dies_after_writing(
    db: Any, data_dir: Any
) -> None:
    from satupintu.notifications.channels import FileGateway

    message = sms()
    now = timezone.now()
    (claimed,) = delivery.claim_batch(now=now, worker="worker-a")
    FileGateway().send("+6281234567890", "kode", str(claimed.uuid))  # ...then worker-a dies
    delivery.deliver_pending(now=now + timedelta(minutes=6), worker="worker-b")

    lines = (data_dir / "outbox" / "sms.jsonl").read_text().splitlines()
    assert [json.loads(line)["idempotency_key"] for line in lines] == [str(message.uuid)]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_worker_that_keeps_dying_ends_dead_not_looping(db: Any, settings: Any) -> None:
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    message = sms()
    now = timezone.now()
    delivery.claim_batch(now=now, worker="a")
    delivery.claim_batch(now=now + timedelta(minutes=6), worker="b")
    delivery.claim_batch(now=now + timedelta(minutes=12), worker="c")
    message.refresh_from_db()
    assert (message.status, message.last_error) == (Message.Status.DEAD, "lease_expired")


@pytest.mark.parametrize("channel", ["console", "file"])
def test_development_gateways_deliver(db: Any, settings: Any, tmp_path: Any, channel: str) -> None:
    settings.DATA_DIR = tmp_path
    settings.SMS_GATEWAY = channel
    message = sms()
    delivery.deliver_pending()
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_a_postponed_message_gets_a_deferred_run_on_the_database_queue(
    db: Any, gateway: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    gateway.script = [503]
    with django_capture_on_commit_callbacks(execute=True):
        message = sms()
    (queued,) = DBTaskResult.objects.all()  # notify() enqueued one run on commit

    task: Any = queued.task  # typed by its unknown parameters; deliver_pending takes none
    task.call()  # what db_worker does with it

    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    deferred = DBTaskResult.objects.exclude(pk=queued.pk).get()
    assert deferred.task_path.endswith("tasks.deliver_pending")
    assert deferred.run_after == message.next_attempt_at
