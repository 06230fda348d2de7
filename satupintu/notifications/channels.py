"""Delivery channels: e-mail through Django's mail, SMS and WhatsApp through a gateway.

Every channel takes the message's idempotency key (its uuid) and passes it on, so that a retry
after a crash is recognisably the same message to whoever receives it. Errors are raised as
``TemporaryError`` (try again later) or ``PermanentError`` (give up now); their text is a short
code such as ``http_503`` and never contains an address or the message body, because it is
stored in ``Message.last_error``.

Adding a channel: subclass ``Gateway`` (or write another ``send_*`` function), return the
provider's id for the message, raise the two errors above, and register it in ``GATEWAYS``.
"""

from __future__ import annotations

import fcntl
import json
import logging
import smtplib
import urllib.error
import urllib.request
import uuid as uuid_module
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from satupintu.core.fields import masked
from satupintu.core.files import open_private

logger = logging.getLogger("satupintu.notifications")


class DeliveryError(Exception):
    """Base for channel errors; ``code`` is safe to store and log."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code[:200]


class TemporaryError(DeliveryError):
    """The provider may accept the message later: retry with backoff."""


class PermanentError(DeliveryError):
    """The provider will never accept this message (bad address, rejected request)."""


# --- e-mail ----------------------------------------------------------------------------------


def message_id_for(key: uuid_module.UUID) -> str:
    """A fixed RFC 5322 Message-ID for the outbox row, the same on every retry."""
    domain = settings.NOTIFICATIONS_MESSAGE_ID_DOMAIN or _from_domain()
    return f"<{key}@{domain}>"


def _from_domain() -> str:
    sender = str(settings.DEFAULT_FROM_EMAIL)
    domain = sender.rsplit("@", 1)[-1].strip(" >") if "@" in sender else ""
    return domain or "satupintu.local"


def send_email(*, to: str, subject: str, body: str, idempotency_key: uuid_module.UUID) -> str:
    """Send one plain-text e-mail; returns its Message-ID."""
    message_id = message_id_for(idempotency_key)
    email = EmailMessage(
        subject=subject,
        body=body,
        to=[to],
        headers={"Message-ID": message_id},
        connection=get_connection(fail_silently=False),
    )
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentError("smtp_recipient_refused") from exc
    except smtplib.SMTPResponseException as exc:
        kind = PermanentError if 500 <= exc.smtp_code < 600 else TemporaryError
        raise kind(f"smtp_{exc.smtp_code}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TemporaryError(f"smtp_{type(exc).__name__}") from exc
    return message_id


# --- SMS / WhatsApp gateways -----------------------------------------------------------------


class Gateway:
    """Hands a short text to an SMS/WhatsApp provider."""

    name: ClassVar[str] = ""

    def send(self, to: str, body: str, idempotency_key: str, *, channel: str = "sms") -> str:
        """Deliver ``body`` to ``to``; return the provider's message id.

        Calling it twice with the same ``idempotency_key`` must not deliver twice where the
        provider can prevent it.
        """
        raise NotImplementedError


class ConsoleGateway(Gateway):
    """Development: log the message with the number masked. At least once, no deduplication."""

    name = "console"

    def send(self, to: str, body: str, idempotency_key: str, *, channel: str = "sms") -> str:
        logger.info("%s to %s [%s]: %s", channel, masked(to, "phone"), idempotency_key, body)
        return f"console-{idempotency_key}"


class FileGateway(Gateway):
    """Development default: append one JSON line per message to DATA_DIR/outbox/sms.jsonl
    (mode 0600, in a 0700 folder).

    The number is masked. Under an exclusive file lock the file is searched for the key first,
    so a retried message is written once: this gateway is exactly-once.
    """

    name = "file"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(settings.DATA_DIR) / "outbox" / "sms.jsonl"

    def send(self, to: str, body: str, idempotency_key: str, *, channel: str = "sms") -> str:
        provider_id = f"file-{idempotency_key}"
        try:
            # The outbox holds message bodies (codes, links): 0600 in a 0700 folder.
            with open_private(self.path) as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                handle.seek(0)
                for line in handle:
                    if json.loads(line).get("idempotency_key") == idempotency_key:
                        return provider_id
                record = {
                    "id": provider_id,
                    "idempotency_key": idempotency_key,
                    "channel": channel,
                    "to": masked(to, "phone"),
                    "body": body,
                    "at": timezone.now().isoformat(),
                }
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                handle.flush()
        except OSError as exc:
            raise TemporaryError(f"file_{type(exc).__name__}") from exc
        return provider_id


class HttpGateway(Gateway):
    """Production: POST JSON to ``SMS_GATEWAY_URL`` with a bearer token.

    Request: ``{"channel": "sms"|"whatsapp", "to": "+62812...", "body": "..."}`` with headers
    ``Authorization: Bearer <SMS_GATEWAY_TOKEN>`` and ``Idempotency-Key: <message uuid>``.
    Response: 2xx with ``{"id": "<provider id>"}``. 408, 409, 425, 429 and 5xx are retried;
    any other 4xx is permanent. The provider must honour the idempotency key for
    exactly-once delivery.
    """

    name = "http"
    RETRYABLE_4XX: ClassVar[frozenset[int]] = frozenset({408, 409, 425, 429})

    def __init__(self, url: str | None = None, token: str | None = None) -> None:
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.token = token if token is not None else settings.SMS_GATEWAY_TOKEN
        self.timeout = float(settings.SMS_GATEWAY_TIMEOUT)
        if not self.url.startswith(("http://", "https://")):
            raise ImproperlyConfigured("SMS_GATEWAY=http needs SMS_GATEWAY_URL (http[s]://...).")

    def send(self, to: str, body: str, idempotency_key: str, *, channel: str = "sms") -> str:
        payload = json.dumps({"channel": channel, "to": to, "body": body}).encode()
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Idempotency-Key": idempotency_key,
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=payload, headers=headers, method="POST")  # noqa: S310 - URL is operator configuration, scheme checked above
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as exc:
            code = exc.code
            if 400 <= code < 500 and code not in self.RETRYABLE_4XX:
                raise PermanentError(f"http_{code}") from exc
            raise TemporaryError(f"http_{code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise TemporaryError(f"http_{type(exc).__name__}") from exc
        return _provider_id(raw, idempotency_key)


def _provider_id(raw: bytes, fallback: str) -> str:
    try:
        data: Any = json.loads(raw or b"{}")
    except ValueError:
        return fallback
    if isinstance(data, dict) and data.get("id"):
        return str(data["id"])[:200]
    return fallback


GATEWAYS: dict[str, type[Gateway]] = {
    "console": ConsoleGateway,
    "file": FileGateway,
    "http": HttpGateway,
}


def get_gateway() -> Gateway:
    """The gateway chosen by ``SMS_GATEWAY`` ("file" by default)."""
    name = settings.SMS_GATEWAY
    try:
        return GATEWAYS[name]()
    except KeyError:
        raise ImproperlyConfigured(
            f"SMS_GATEWAY must be one of {', '.join(GATEWAYS)}; got {name!r}."
        ) from None
