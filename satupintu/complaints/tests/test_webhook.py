"""The inbound SMS/WhatsApp webhook: signed, fresh, never twice; a text becomes a complaint,
the reply carries the number, later keywords confirm or reopen."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from satupintu.complaints import services, webhook
from satupintu.complaints.models import Complaint, Status

pytestmark = pytest.mark.django_db
SECRET = "rahasia-gateway-uji"
URL = "/pengaduan/masuk/sms/"


def _send(payload: dict[str, Any], *, stamp: int | None = None, secret: str = SECRET) -> Any:
    body = json.dumps(payload).encode()
    ts = str(stamp if stamp is not None else int(time.time()))
    return Client().post(
        URL,
        body,
        content_type="application/json",
        HTTP_X_SATUPINTU_TIMESTAMP=ts,
        HTTP_X_SATUPINTU_SIGNATURE=webhook.signature(secret, ts, body),
    )


@pytest.fixture
def gateway(settings: Any) -> None:
    settings.COMPLAINT_INBOUND_SECRET = SECRET


def test_an_sms_becomes_a_complaint_and_gets_its_number(world: Any, gateway: None) -> None:
    response = _send(
        {
            "id": "m1",
            "from": "+62 812 1111 2222",
            "text": "Jalan desa rusak parah di RT 03, mohon diperbaiki.",
        }
    )
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.tracking_code in response.json()["reply"]
    assert complaint.channel == "sms" and complaint.privacy == "rahasia"
    assert complaint.reporter is not None and complaint.reporter.phone == "081211112222"


def test_forged_and_replayed_calls_change_nothing(world: Any, gateway: None) -> None:
    payload = {"id": "m2", "from": "081211112222", "text": "Laporan palsu yang tidak boleh masuk."}
    assert _send(payload, secret="bukan-rahasianya").status_code == 401
    assert _send(payload, stamp=int(time.time()) - 3600).status_code == 401
    body = json.dumps(payload).encode()
    unsigned = Client().post(URL, body, content_type="application/json")
    assert unsigned.status_code == 401
    assert Complaint.objects.count() == 0
    assert _send(payload).status_code == 200
    assert _send(payload).status_code == 409  # the same message again
    assert Complaint.objects.count() == 1


def test_the_webhook_is_off_without_a_secret(world: Any, settings: Any) -> None:
    settings.COMPLAINT_INBOUND_SECRET = ""
    assert (
        _send({"id": "m3", "from": "081211112222", "text": "Halo semuanya di sini."}).status_code
        == 404
    )


def test_replies_add_information_reopen_and_confirm(world: Any, health: Any, gateway: None) -> None:
    _send({"id": "a", "from": "081211112222", "text": "ANONIM Puskesmas tutup jam sepuluh pagi."})
    complaint = Complaint.objects.get()
    assert complaint.privacy == "anonim"
    Complaint.objects.filter(pk=complaint.pk).update(agency=health.dinkes)
    complaint.refresh_from_db()
    _send(
        {"id": "b", "from": "081211112222", "text": f"{complaint.tracking_code} Puskesmas Cibiru."}
    )
    assert complaint.events.filter(kind="info_reply").count() == 1
    services.complaint_respond(
        actor=health.liaison,
        complaint=complaint,
        body="Jam buka sudah diperbaiki.",
        public=False,
        kind="resolved",
    )
    from satupintu.notifications.models import Message

    # The officer's answer goes back to the phone.
    assert Message.objects.filter(
        user=complaint.reporter, template="complaint_update", channel="sms"
    ).exists()
    assert (
        "dibuka kembali"
        in _send({"id": "c", "from": "081211112222", "text": "BUKA masih tutup pagi"}).json()[
            "reply"
        ]
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    services.complaint_respond(
        actor=health.liaison,
        complaint=complaint,
        body="Petugas jaga ditambah.",
        public=False,
        kind="resolved",
    )
    assert "selesai" in _send({"id": "d", "from": "081211112222", "text": "ya"}).json()["reply"]
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


def test_bad_payloads_are_refused(world: Any, gateway: None) -> None:
    assert _send({"id": "", "from": "081211112222", "text": "x"}).status_code == 400
    assert _send({"id": "z", "from": "bukan nomor", "text": "x"}).status_code == 400
    short = _send({"id": "y", "from": "081211112222", "text": "tolong"})
    assert short.status_code == 200 and Complaint.objects.count() == 0
