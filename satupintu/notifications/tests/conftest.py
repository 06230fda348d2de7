"""Real outside-world stand-ins: an SMTP server (aiosmtpd) and an SMS gateway (pytest-httpserver).

Both run on 127.0.0.1 on free ports; nothing of our own code is mocked.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message as EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from werkzeug import Request, Response


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SmtpHandler:
    """Accepts mail and keeps it; ``replies`` scripts failures ("451 ...", "550 ...") first."""

    def __init__(self) -> None:
        self.mails: list[EmailMessage] = []
        self.envelopes: list[Any] = []
        self.replies: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.replies:
            return self.replies.pop(0)
        self.envelopes.append(envelope)
        self.mails.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings: Any):
    handler = SmtpHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "SatuPintu <noreply@satupintu.example>"
    try:
        yield handler
    finally:
        controller.stop()


@dataclass
class FakeGateway:
    """An SMS provider that honours Idempotency-Key: one delivery per key, however often asked.

    ``script`` is a list of status codes answered (without delivering) before it works;
    ``accept_then_hang`` delivers, then holds the response for that many seconds, like a
    provider whose reply is lost.
    """

    requests: list[dict[str, Any]] = field(default_factory=list)
    delivered: dict[str, dict[str, Any]] = field(default_factory=dict)
    script: list[int] = field(default_factory=list)
    accept_then_hang: float = 0.0
    arrived: threading.Event = field(default_factory=threading.Event)
    hang_over: threading.Event = field(default_factory=threading.Event)
    # hold_first: deliver the first message, then keep the caller waiting until ``release``.
    hold_first: bool = False
    release: threading.Event = field(default_factory=threading.Event)
    # delay: seconds every request takes, like a slow provider (after delivering).
    delay: float = 0.0

    def handle(self, request: Request) -> Response:
        key = request.headers.get("Idempotency-Key", "")
        body = json.loads(request.get_data() or b"{}")
        self.requests.append(
            {"key": key, "auth": request.headers.get("Authorization", ""), "json": body}
        )
        self.arrived.set()
        if self.script:
            return Response(json.dumps({"error": "scripted"}), status=self.script.pop(0))
        if key not in self.delivered:
            self.delivered[key] = {**body, "id": f"gw-{len(self.delivered) + 1}"}
        if self.hold_first:
            self.hold_first = False
            self.release.wait(60)
        if self.delay:
            time.sleep(self.delay)
        if self.accept_then_hang:
            hang, self.accept_then_hang = self.accept_then_hang, 0.0
            time.sleep(hang)
            self.hang_over.set()
        return Response(
            json.dumps({"id": self.delivered[key]["id"]}),
            status=200,
            content_type="application/json",
        )


@pytest.fixture
def gateway(httpserver: Any, settings: Any) -> FakeGateway:
    fake = FakeGateway()
    httpserver.expect_request("/v1/messages", method="POST").respond_with_handler(fake.handle)
    settings.SMS_GATEWAY = "http"
    settings.SMS_GATEWAY_URL = httpserver.url_for("/v1/messages")
    settings.SMS_GATEWAY_TOKEN = "gateway-token"
    settings.SMS_GATEWAY_TIMEOUT = 2
    return fake


@pytest.fixture
def data_dir(settings: Any, tmp_path: Any) -> Any:
    settings.DATA_DIR = tmp_path
    settings.SMS_GATEWAY = "file"
    return tmp_path
