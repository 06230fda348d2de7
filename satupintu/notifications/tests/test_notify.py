"""notify(): the outbox row belongs to the caller's transaction."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from satupintu.notifications.models import Message
from satupintu.notifications.rendering import render
from satupintu.notifications.services import notify


def test_message_is_gone_when_the_callers_transaction_rolls_back(world: Any) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        notify(user=world.siti, channel="email", template="contact_code", context={"code": "1"})
        raise Boom

    assert Message.objects.count() == 0


def test_delivery_is_enqueued_only_after_commit(
    world: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    world.siti.email = "siti@example.id"
    world.siti.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = notify(
            user=world.siti, channel="email", template="contact_code", context={"code": "1"}
        )
    assert len(callbacks) == 1
    assert smtp_server.mails == []
    callbacks[0]()
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert len(smtp_server.mails) == 1


def test_same_dedupe_key_gives_the_same_message_and_one_delivery(
    world: Any, data_dir: Any, django_capture_on_commit_callbacks: Any
) -> None:
    world.siti.phone = "0812-3456-7890"
    world.siti.save(update_fields=["phone"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first, second = (
            notify(
                user=world.siti,
                channel="sms",
                template="application_received",
                context={"reference": "PMH-2026-000123"},
                dedupe_key="application:123:received",
            )
            for _ in range(2)
        )
    assert first.pk == second.pk
    assert len(callbacks) == 1
    assert Message.objects.count() == 1
    lines = (data_dir / "outbox" / "sms.jsonl").read_text().splitlines()
    assert len(lines) == 1


def test_address_is_encrypted_in_the_database(world: Any) -> None:
    message = notify(
        channel="sms",
        address="+62 812-3456-7890",
        template="contact_code",
        context={"code": "482913"},
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM notifications_message WHERE id = %s", [message.pk])
        (raw,) = cursor.fetchone()
    assert raw.startswith("v1:")
    assert "3456" not in raw and "812" not in raw
    assert Message.objects.get(pk=message.pk).address == "081234567890"


def test_language_follows_the_user_then_falls_back_to_indonesian(world: Any) -> None:
    world.budi.language = "en"
    world.budi.save(update_fields=["language"])
    english = notify(user=world.budi, channel="inapp", template="contact_code", context={})
    indonesian = notify(user=world.siti, channel="inapp", template="contact_code", context={})
    unknown = notify(
        user=world.siti, channel="inapp", template="contact_code", context={}, language="jv"
    )
    assert (english.language, indonesian.language, unknown.language) == ("en", "id", "id")


def test_templates_exist_in_both_languages() -> None:
    for key in ("contact_code", "application_received", "application_status", "message_new"):
        context = {"code": "123456", "reference": "PMH-1", "status": "Selesai", "url": "u"}
        indonesian, english = render(key, "id", context), render(key, "en", context)
        assert indonesian.subject and indonesian.body
        assert english.subject and english.body
        assert indonesian.body != english.body
    assert render("contact_code", "id", {"code": "482913"}).body == (
        "Kode verifikasi SatuPintu Anda: 482913. Berlaku 10 menit. "
        "Jangan berikan kode ini kepada siapa pun."
    )


def test_an_officers_note_ends_its_sentence_once_whatever_it_ends_with() -> None:
    # "Yang perlu diperbaiki: “Foto KK buram.”." read as a typo in every correction message.
    base = {"reference": "SP-1", "status": "Perlu perbaikan", "url": "u"}
    for language, fix, note_label in (
        ("id", "Perbaiki", "Catatan petugas:"),
        ("en", "Correct", "Officer's note:"),
    ):
        ended = render(
            language=language,
            key="application_status",
            context={**base, "note": "Foto KK buram.", "correction": True},
        ).body
        assert f"“Foto KK buram.” {fix}" in ended
        bare = render(
            language=language,
            key="application_status",
            context={**base, "note": "Foto KK buram", "correction": True},
        ).body
        assert f"“Foto KK buram”. {fix}" in bare
        for note in ("Data tidak sesuai.", "Data tidak sesuai"):
            body = render("application_status", language, {**base, "note": note}).body
            assert f"{note_label} Data tidak sesuai. " in body


def test_inapp_message_is_stored_as_delivered(world: Any) -> None:
    message = notify(
        user=world.siti, channel="inapp", template="message_new", context={"reference": "X"}
    )
    assert message.status == Message.Status.SENT
    assert message.sent_at is not None


def test_channel_without_address_is_dead_not_an_error(world: Any) -> None:
    message = notify(user=world.budi, channel="sms", template="contact_code", context={})
    assert (message.status, message.last_error) == (Message.Status.DEAD, "no_address")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"channel": "pigeon", "template": "contact_code", "address": "siti@example.id"},
        {"channel": "email", "template": "no_such_template", "address": "siti@example.id"},
        {"channel": "email", "template": "../secret", "address": "siti@example.id"},
        {"channel": "email", "template": "contact_code", "address": "not-an-address"},
        {"channel": "sms", "template": "contact_code", "address": "call me"},
        {"channel": "inapp", "template": "contact_code"},
        {
            "channel": "email",
            "template": "contact_code",
            "address": "siti@example.id",
            "context": {"when": object()},
        },
    ],
)
def test_programming_errors_are_refused(db: Any, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        notify(**kwargs)
    assert Message.objects.count() == 0


def test_an_officers_note_is_sealed_in_the_outbox_and_readable_in_the_message(world: Any) -> None:
    note = "NIK pada KK 3204011201900003 berbeda dengan KTP; unggah KK terbaru."
    message = notify(
        user=world.siti,
        channel="sms",
        address="081234567890",
        template="application_status",
        context={
            "reference": "SP-TEST",
            "status": "Perlu perbaikan",
            "note": note,
            "correction": True,
        },
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT context FROM notifications_message WHERE id = %s", [message.pk])
        (raw,) = cursor.fetchone()
    assert "3204011201900003" not in str(raw) and "unggah KK" not in str(raw)
    stored = Message.objects.get(pk=message.pk)
    assert note in render(stored.template, "id", stored.context).body
