"""The DPO's pages that act on a right after it was granted: ending a restriction or an upheld
objection (with a reason the person reads), and the moves on a breach after it is recorded —
notifying the affected people, the authority, a public announcement, updates and closure
(UU 27/2022 Pasal 11, 41 and 46)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from satupintu.ledger.models import Entry
from satupintu.notifications.models import Message
from satupintu.privacy import selectors, services
from satupintu.privacy.models import Breach, DataSubjectRequest
from satupintu.privacy.tests.conftest import citizen_client, office_client
from satupintu.privacy.tests.test_breaches_retention import _breach
from satupintu.tests.htmlforms import duplicate_ids

pytestmark = pytest.mark.django_db

LIFT_REASON = "Pemohon datang ke loket dan meminta pembatasan diakhiri."


def _granted(world: Any, dpo: Any, kind: str, **extra: Any) -> DataSubjectRequest:
    dsr = services.dsr_submit(actor=world.siti, kind=kind, details="Mohon dihentikan.")
    return services.dsr_complete(actor=dpo, request=dsr, **extra)


def _request_url(dsr: DataSubjectRequest, name: str = "request") -> str:
    return reverse(f"privacy_office:{name}", args=[dsr.pk])


# --- ending a restriction or an objection ---------------------------------------------------


def test_the_dpo_ends_a_restriction_with_a_reason_and_the_person_is_told(
    world: Any, dpo: Any
) -> None:
    dsr = _granted(world, dpo, DataSubjectRequest.Kind.RESTRICTION)
    client = office_client(dpo)
    page = client.get(_request_url(dsr)).content.decode()
    assert "Akhiri pembatasan" in page
    assert duplicate_ids(page) == []

    refused = client.post(_request_url(dsr, "restriction_lift"), {"reason": " "})
    assert refused.status_code == 400
    assert "wajib diisi" in refused.content.decode()
    assert selectors.processing_restricted(world.siti)

    done = client.post(_request_url(dsr, "restriction_lift"), {"reason": LIFT_REASON})
    assert done.status_code == 302
    assert not selectors.processing_restricted(world.siti)
    entry = Entry.objects.get(action="privacy.restriction.lift")
    assert entry.data["by"] == "restriction"
    assert entry.data["request"] == dsr.pk
    assert LIFT_REASON not in str(entry.data)  # a digest only
    told = Message.objects.get(template="privacy_restriction_lifted")
    assert told.user_id == world.siti.pk
    assert told.status != Message.Status.DEAD
    page = client.get(_request_url(dsr)).content.decode()
    assert "Pembatasan diakhiri" in page and LIFT_REASON in page
    assert 'action="' + _request_url(dsr, "restriction_lift") not in page
    # The citizen reads it on her request, and her privacy page no longer says "restricted".
    siti = citizen_client(world.siti)
    mine = siti.get(reverse("privacy:request", args=[dsr.pk])).content.decode()
    assert LIFT_REASON in mine
    assert "sedang dibatasi" not in siti.get(reverse("privacy:overview")).content.decode()
    # A second lift is refused: nothing holds any more.
    again = client.post(_request_url(dsr, "restriction_lift"), {"reason": LIFT_REASON})
    assert again.status_code == 400
    assert "tidak sedang dibatasi" in again.content.decode()
    assert Entry.objects.filter(action="privacy.restriction.lift").count() == 1


def test_an_upheld_objection_is_ended_the_same_way(world: Any, dpo: Any) -> None:
    dsr = _granted(world, dpo, DataSubjectRequest.Kind.OBJECTION, response="Diterima.", uphold=True)
    client = office_client(dpo)
    assert "Akhiri keberatan" in client.get(_request_url(dsr)).content.decode()
    client.post(_request_url(dsr, "restriction_lift"), {"reason": "Dasar keberatan berakhir."})
    assert not selectors.processing_restricted(world.siti)
    assert Entry.objects.get(action="privacy.restriction.lift").data["by"] == "objection"


def test_only_the_dpo_ends_a_restriction(world: Any, dpo: Any) -> None:
    dsr = _granted(world, dpo, DataSubjectRequest.Kind.RESTRICTION)
    for officer in (world.verifier, world.admin_a):
        response = office_client(officer).post(
            _request_url(dsr, "restriction_lift"), {"reason": LIFT_REASON}
        )
        assert response.status_code == 403
    assert selectors.processing_restricted(world.siti)
    with pytest.raises(services.PermissionDenied):
        services.restriction_lift(actor=world.admin_a, user=world.siti, reason=LIFT_REASON)


# --- acting on a breach ---------------------------------------------------------------------


def _breach_url(breach: Breach, name: str = "breach") -> str:
    return reverse(f"privacy_office:{name}", args=[breach.pk])


def test_the_dpo_notifies_the_affected_people_from_the_breach_page(world: Any, dpo: Any) -> None:
    world.siti.nik = "3204014101900001"
    world.siti.save(update_fields=["nik", "nik_index"])
    breach = _breach(dpo)
    client = office_client(dpo)
    page = client.get(_breach_url(breach)).content.decode()
    assert duplicate_ids(page) == []
    assert "Untuk subjek data" in page and "Untuk lembaga pelindungan data pribadi" in page
    lines = "\n".join(["3204.0141.0190.0001", world.budi.email.upper(), "0899-0000-0000", ""])
    done = client.post(
        _breach_url(breach, "breach_notify_subjects"), {"notify_subjects-identifiers": lines}
    )
    assert done.status_code == 302
    rows = Message.objects.filter(template="privacy_breach_notice")
    assert sorted(rows.values_list("user_id", flat=True)) == sorted([world.siti.pk, world.budi.pk])
    flashed = client.get(_breach_url(breach)).content.decode()
    assert "2 subjek data" in flashed and "1 baris tidak cocok" in flashed
    breach.refresh_from_db()
    assert breach.subjects_notified_at is not None
    nobody = client.post(
        _breach_url(breach, "breach_notify_subjects"), {"notify_subjects-identifiers": "x\ny"}
    )
    assert nobody.status_code == 400
    assert "Tidak satu pun baris" in nobody.content.decode()


def test_announce_update_then_close_once_both_notices_went_out(world: Any, dpo: Any) -> None:
    breach = _breach(dpo)
    client = office_client(dpo)

    def act(name: str, **data: str) -> Any:
        return client.post(_breach_url(breach, f"breach_{name}"), data)

    assert act("announce", **{"announce-announcement": ""}).status_code == 400
    moves = [
        ("announce", {"announce-announcement": "Tautan ekspor sempat terbuka dua hari."}),
        ("update", {"update-text": "Semua tautan dicabut."}),
    ]
    for name, data in moves:
        assert act(name, **data).status_code == 302
    public = citizen_client(world.budi).get(reverse("privacy:breaches")).content.decode()
    assert "Tautan ekspor sempat terbuka dua hari." in public
    assert "Semua tautan dicabut." in public

    early = act("close", **{"close-text": ""})
    assert early.status_code == 400
    assert "sebelum menutup" in early.content.decode()
    for name, data in [
        ("notified", {"notified-subjects": "on", "notified-authority": "on"}),
        ("close", {"close-text": "Selesai ditangani."}),
    ]:
        assert act(name, **data).status_code == 302
    breach.refresh_from_db()
    assert breach.status == Breach.Status.CLOSED
    assert [u["text"] for u in breach.updates] == ["Semua tautan dicabut.", "Selesai ditangani."]
    assert {e.action for e in Entry.objects.filter(action__startswith="privacy.breach.")} >= {
        "privacy.breach.announce",
        "privacy.breach.update",
        "privacy.breach.notify",
        "privacy.breach.close",
    }
    closed = client.get(_breach_url(breach)).content.decode()
    assert "Tutup insiden</button>" not in closed
    late = act("update", **{"update-text": "Lagi."})
    assert late.status_code == 400
    assert "sudah ditutup" in late.content.decode()


def test_only_the_dpo_acts_on_a_breach(world: Any, dpo: Any) -> None:
    breach = _breach(dpo)
    for name, data in (
        ("breach_announce", {"announce-announcement": "Uji."}),
        ("breach_notify_subjects", {"notify_subjects-identifiers": world.siti.email}),
        ("breach_close", {}),
    ):
        assert office_client(world.admin_a).post(_breach_url(breach, name), data).status_code == 403
    breach.refresh_from_db()
    assert breach.announced_at is None and breach.subjects_notified_at is None
