"""The notification outbox: one row per message to one person over one channel.

See ``satupintu.notifications`` (the package docstring) for the delivery guarantees.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satupintu.core.fields import EncryptedCharField


class Channel(models.TextChoices):
    EMAIL = "email", _("Surel")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    INAPP = "inapp", _("Di aplikasi")


class Message(models.Model):
    """A message waiting to be delivered, being delivered, or done with.

    ``uuid`` is the idempotency key handed to the provider (HTTP ``Idempotency-Key`` header,
    e-mail ``Message-ID``), so every retry of this row is recognisably the same message.
    ``context`` holds ids and labels, with free text (a note, a reason) sealed by ``sealing``; the
    text is rendered at send time and only its digest is kept.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal, akan dicoba lagi")
        DEAD = "dead", _("Gagal permanen")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    channel = models.CharField(_("kanal"), max_length=16, choices=Channel.choices)
    # Phone numbers and e-mail addresses are personal data: sealed at rest like a NIK.
    address = EncryptedCharField(_("alamat tujuan"), max_length=254, blank=True, default="")
    template = models.CharField(_("templat"), max_length=64)
    language = models.CharField(_("bahasa"), max_length=8, default="id")
    context = models.JSONField(_("konteks"), default=dict, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # Which claim (worker + nonce) holds the row, and until when: the lease.
    claimed_by = models.CharField(max_length=120, blank=True, default="")
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True, default="")
    body_digest = models.CharField(max_length=64, blank=True, default="")
    provider_message_id = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pesan notifikasi")
        verbose_name_plural = _("pesan notifikasi")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notif_due_idx"),
            models.Index(fields=["status", "claimed_until"], name="notif_lease_idx"),
            models.Index(fields=["user", "channel", "-created_at"], name="notif_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.template}#{self.pk}"


class Attempt(models.Model):
    """One try at handing a message to its provider, written *before* the provider is called.

    An attempt with no ``finished_at`` is one whose worker died mid-way; the next claim closes
    it as ``lease_expired``. The trail shows how often a message was handed over.
    """

    class Outcome(models.TextChoices):
        IN_PROGRESS = "", _("Sedang berjalan")
        SENT = "sent", _("Terkirim")
        RETRY = "retry", _("Dicoba lagi")
        DEAD = "dead", _("Gagal permanen")
        LEASE_EXPIRED = "lease_expired", _("Pekerja berhenti")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attempt_set")
    number = models.PositiveIntegerField()
    claim = models.CharField(max_length=120)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True, default="")
    error = models.CharField(max_length=200, blank=True, default="")
    body_digest = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "number"], name="notif_attempt_once")
        ]

    def __str__(self) -> str:
        return f"{self.message_id}#{self.number}"
