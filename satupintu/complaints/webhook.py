"""The inbound SMS/WhatsApp gateway webhook: a message becomes a complaint, or answers one.

Contract (docs/api.md, "Inbound SMS/WhatsApp"): POST JSON ``{"id", "from", "text", "channel"}``
with headers ``X-SatuPintu-Timestamp`` (Unix seconds) and ``X-SatuPintu-Signature``
(``sha256=`` + hex HMAC-SHA256 over ``"<timestamp>.<raw body>"`` with
``COMPLAINT_INBOUND_SECRET``). A bad signature, a timestamp outside
``COMPLAINT_INBOUND_MAX_SKEW_SECONDS`` or a message id already taken is refused (401/409) and
changes nothing. The answer is ``{"reply": "..."}``, the text the gateway sends back.

What a text does, in order: ``YA`` confirms the sender's answered complaint; ``BUKA <reason>``
reopens it; ``AD-XXXXXXXXC <text>`` adds to that complaint; a text while a complaint waits for
the sender's information completes it; anything else is a new complaint (rahasia unless it starts
with ``ANONIM`` or ``PUBLIK``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from satupintu.accounts import services as accounts_services
from satupintu.applications import tracking
from satupintu.complaints import services
from satupintu.complaints.models import Channel, Complaint, InboundNonce, Kind, Privacy, Status
from satupintu.core import throttle
from satupintu.core.errors import ServiceError
from satupintu.core.identifiers import is_phone

MAX_BODY = 8192
SENDER_SCOPE = "complaints.inbound.sender"
_CODE = re.compile(r"^\s*(AD[\s\-]?[0-9A-Z]{9})\b\s*(.*)$", re.IGNORECASE | re.DOTALL)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def _refuse(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def _verified(request: HttpRequest) -> str | None:
    """Why the call is refused, or None when it is signed, fresh and not seen before."""
    secret = settings.COMPLAINT_INBOUND_SECRET
    if not secret:
        return "disabled"
    stamp = request.headers.get("X-SatuPintu-Timestamp", "")
    given = request.headers.get("X-SatuPintu-Signature", "")
    if not stamp.isdigit() or len(stamp) > 12:
        return "bad timestamp"
    if not hmac.compare_digest(signature(secret, stamp, request.body), given):
        return "bad signature"
    if abs(time.time() - int(stamp)) > settings.COMPLAINT_INBOUND_MAX_SKEW_SECONDS:
        return "stale timestamp"
    return None


@csrf_exempt
@require_POST
def inbound(request: HttpRequest) -> JsonResponse:
    if len(request.body) > MAX_BODY:
        return _refuse(413, "too large")
    problem = _verified(request)
    if problem == "disabled":
        return _refuse(404, "not enabled")
    if problem:
        return _refuse(401, problem)
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _refuse(400, "not JSON")
    if not isinstance(payload, dict):
        return _refuse(400, "not an object")
    message_id = str(payload.get("id") or "")[:100]
    sender = str(payload.get("from") or "")
    text = str(payload.get("text") or "")
    channel = Channel.WHATSAPP if payload.get("channel") == "whatsapp" else Channel.SMS
    if not message_id or not is_phone(sender):
        return _refuse(400, "id and from (a mobile number) are required")
    nonce = hashlib.sha256(f"{channel}:{message_id}".encode()).hexdigest()
    try:
        with transaction.atomic():
            InboundNonce.objects.create(key=nonce)
            if throttle.hit(SENDER_SCOPE, sender, limit=30, window=3600):
                raise _Refused(_("Terlalu banyak pesan. Coba lagi nanti."))
            reply = handle(sender=sender, text=text, channel=channel)
    except IntegrityError:
        return _refuse(409, "replayed message")
    except _Refused as exc:
        return JsonResponse({"reply": str(exc)}, status=429)
    return JsonResponse({"reply": reply})


class _Refused(Exception):
    pass


def handle(*, sender: str, text: str, channel: str) -> str:
    """What a message from `sender` does; returns the reply text."""
    reporter = accounts_services.guest_account_for_phone(phone=sender)
    words = text.strip()
    upper = words.upper()
    own = Complaint.objects.filter(reporter=reporter).exclude(status=Status.DRAFT)
    answered = own.filter(status=Status.ANSWERED).order_by("-answered_at").first()
    try:
        if answered is not None and upper in ("YA", "YES", "SELESAI"):
            services.complaint_confirm(actor=reporter, complaint=answered)
            return _("Terima kasih. Laporan %(code)s selesai.") % {"code": answered.tracking_code}
        if answered is not None and upper.startswith("BUKA"):
            services.complaint_reopen(actor=reporter, complaint=answered, reason=words[4:] or "-")
            return _("Laporan %(code)s dibuka kembali.") % {"code": answered.tracking_code}
        match = _CODE.match(words)
        if match:
            code = tracking.validate_tracking_code(match.group(1), services.PREFIX)
            target = own.filter(tracking_code=code).first() if code else None
            if target is not None and target.is_open:
                services.complaint_reply(actor=reporter, complaint=target, body=match.group(2))
                return _("Keterangan untuk %(code)s diterima.") % {"code": target.tracking_code}
        waiting = own.filter(status=Status.WAITING).order_by("-updated_at").first()
        if waiting is not None:
            services.complaint_reply(actor=reporter, complaint=waiting, body=words)
            return _("Keterangan untuk %(code)s diterima.") % {"code": waiting.tracking_code}
        privacy = Privacy.SECRET
        for keyword, level in (("ANONIM", Privacy.ANONYMOUS), ("PUBLIK", Privacy.PUBLIC)):
            if upper.startswith(keyword):
                privacy, words = level, words[len(keyword) :].strip()
        filed = services.complaint_file_system(
            reporter=reporter,
            filing=services.Filing(
                kind=Kind.COMPLAINT,
                privacy=privacy,
                subject=_subject(words),
                description=words,
                channel=channel,
            ),
            actor_label="gateway",
        )
    except ServiceError as exc:
        return exc.message
    return _(
        "Laporan diterima, nomor %(code)s. Balas dengan %(code)s lalu keterangan untuk menambah; "
        "YA bila tanggapan menyelesaikan masalah; BUKA dan alasan untuk membuka kembali."
    ) % {"code": filed.complaint.tracking_code}


def _subject(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= 60 else line[:57].rsplit(" ", 1)[0] + "…"
