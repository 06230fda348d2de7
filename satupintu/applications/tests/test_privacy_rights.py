"""Personal-data rights taking effect on cases (UU 27/2022): restriction and objection stop case
actions, identifier reveals and notifications; a state-administration duty goes ahead only with
its legal basis recorded."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import signed_in
from satupintu.applications import reveal, services
from satupintu.applications.models import Status
from satupintu.ledger.models import Entry
from satupintu.notifications.models import Message
from satupintu.privacy import selectors
from satupintu.privacy import services as privacy
from satupintu.privacy.models import DataSubjectRequest
from satupintu.privacy.tests.conftest import grant_dpo

SITI_NIK = "3204014101900001"
REASON = "Mencocokkan NIK dengan KK yang diunggah pemohon."
RESTRICTED = "Pemrosesan data pribadi pemohon sedang dibatasi"

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(siti_case: Any) -> Any:
    return siti_case


def _complete(world: Any, kind: str, **extra: Any) -> DataSubjectRequest:
    dpo = grant_dpo(world.auditor)
    dsr = privacy.dsr_submit(actor=world.siti, kind=kind, details="Saya keberatan.")
    return privacy.dsr_complete(actor=dpo, request=dsr, **extra)


@pytest.fixture
def restricted(world: Any, application: Any) -> Any:
    _complete(world, DataSubjectRequest.Kind.RESTRICTION)
    assert selectors.processing_restricted(world.siti)
    return application


def test_after_restriction_a_case_action_is_refused_naming_the_restriction(
    world: Any, restricted: Any
) -> None:
    with pytest.raises(privacy.ProcessingRestricted, match=RESTRICTED):
        services.application_transition(
            actor=world.verifier, application=restricted, to_status=Status.IN_REVIEW
        )
    restricted.refresh_from_db()
    assert restricted.status == Status.SUBMITTED


def test_the_officer_page_shows_the_refusal(world: Any, restricted: Any) -> None:
    url = reverse("applications_office:detail", args=[restricted.public_id])
    page = signed_in(world.verifier).post(
        url, {"action": "transition", "to_status": Status.IN_REVIEW, "note": ""}
    )
    assert page.status_code == 400
    assert RESTRICTED in page.content.decode()


def test_after_restriction_a_reveal_is_refused(world: Any, restricted: Any) -> None:
    with pytest.raises(privacy.ProcessingRestricted, match=RESTRICTED):
        reveal.identifier_reveal(
            actor=world.verifier, application=restricted, field="applicant.nik", reason=REASON
        )
    assert not Entry.objects.filter(action=reveal.ACTION).exists()
    url = reverse("applications_office:reveal", args=[restricted.public_id])
    page = signed_in(world.verifier).post(url, {"field": "applicant.nik", "reason": REASON})
    html = page.content.decode()
    assert page.status_code == 400
    assert RESTRICTED in html
    assert SITI_NIK not in html


def test_an_upheld_objection_restricts_too(world: Any, application: Any) -> None:
    _complete(world, DataSubjectRequest.Kind.OBJECTION, response="Diterima.", uphold=True)
    with pytest.raises(privacy.ProcessingRestricted):
        services.application_transition(
            actor=world.verifier, application=application, to_status=Status.IN_REVIEW
        )


def test_a_rejected_objection_does_not_restrict(world: Any, application: Any) -> None:
    _complete(world, DataSubjectRequest.Kind.OBJECTION, response="Tidak beralasan.")
    services.application_transition(
        actor=world.verifier, application=application, to_status=Status.IN_REVIEW
    )


def test_a_state_duty_goes_ahead_with_its_legal_basis_recorded(world: Any, restricted: Any) -> None:
    services.application_transition(
        actor=world.verifier,
        application=restricted,
        to_status=Status.IN_REVIEW,
        legal_basis="kewajiban_hukum",
    )
    restricted.refresh_from_db()
    assert restricted.status == Status.IN_REVIEW
    entry = Entry.objects.get(action="privacy.restriction.exempt")
    assert entry.data["legal_basis"] == "kewajiban_hukum"
    assert entry.data["step"] == "applications.application.transition"


def test_consent_is_not_a_basis_that_lifts_a_restriction(world: Any, restricted: Any) -> None:
    with pytest.raises(privacy.ServiceError):
        services.application_transition(
            actor=world.verifier,
            application=restricted,
            to_status=Status.IN_REVIEW,
            legal_basis="persetujuan",
        )


def test_officer_messages_are_refused_and_notifications_not_sent(
    world: Any, restricted: Any
) -> None:
    with pytest.raises(privacy.ProcessingRestricted):
        services.message_post(actor=world.verifier, application=restricted, body="Halo.")
    # A state duty's status change still reaches the outbox as a refused (dead) row.
    services.application_transition(
        actor=world.verifier,
        application=restricted,
        to_status=Status.IN_REVIEW,
        legal_basis="tugas_publik",
    )
    row = Message.objects.filter(template="application_status").latest("id")
    assert row.status == Message.Status.DEAD
    assert row.last_error == "processing_restricted"
    assert row.address == ""


def test_lifting_the_restriction_lets_the_case_move_again(world: Any, restricted: Any) -> None:
    privacy.restriction_lift(
        actor=grant_dpo(world.auditor), user=world.siti, reason="Pembatasan selesai."
    )
    services.application_transition(
        actor=world.verifier, application=restricted, to_status=Status.IN_REVIEW
    )


# --- consent withdrawal (Pasal 9, 40) ---------------------------------------------------------


def _account_consent(user: Any, **overrides: Any) -> Any:
    from satupintu.accounts.services import ACCOUNT_PURPOSE

    data = {
        "actor": user,
        "user": user,
        "purpose": ACCOUNT_PURPOSE,
        "purpose_label": "Akun SatuPintu",
        "legal_basis": "persetujuan",
        "notice_text": "Kami memproses nama dan kontak Anda untuk akun SatuPintu.",
        "notice_version": "2026-01",
        **overrides,
    }
    return privacy.consent_grant(**data)


def test_the_citizen_is_told_the_consequences_before_confirming(
    world: Any,
    akta_service: Any,
) -> None:
    consent = _account_consent(world.siti)
    client = signed_in(world.siti)
    url = reverse("privacy:consent_withdraw", args=[consent.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "tidak dapat lagi mengajukan permohonan daring baru" in html
    assert 'name="confirm" value="1"' in html
    # A POST without the confirmation (a stale form, a crawler) only shows the page again.
    client.post(url)
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert client.post(url, {"confirm": "1"}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_after_withdrawal_processing_on_that_consent_stops(
    world: Any,
    akta_service: Any,
) -> None:
    consent = _account_consent(world.siti)
    services.application_start(actor=world.siti, service=akta_service)
    privacy.consent_withdraw(actor=world.siti, consent=consent)
    with pytest.raises(privacy.ConsentWithdrawn, match="Akun SatuPintu"):
        services.application_start(actor=world.siti, service=akta_service)


def test_processing_on_another_basis_says_which(world: Any) -> None:
    consent = _account_consent(world.siti, purpose="pelayanan", legal_basis="tugas_publik")
    html = signed_in(world.siti).get(reverse("privacy:consent_withdraw", args=[consent.pk]))
    text = html.content.decode()
    assert "tidak berdasarkan persetujuan" in text
    assert "Pelaksanaan tugas kepentingan umum" in text
    assert 'name="confirm"' not in text
    overview = signed_in(world.siti).get(reverse("privacy:overview")).content.decode()
    assert "Berlaku atas dasar: Pelaksanaan tugas kepentingan umum" in overview


# --- erasure (Pasal 8) ------------------------------------------------------------------------

SITI_NAME = "Siti Aminah"
SITI_PHONE = "081234567890"
SITI_EMAIL = "siti@example.id"
SITI_STREET = "Jl. Melati No. 7 RT 02/RW 05"
NEW_PHONE = "081298765432"


def _literal_identifiers() -> tuple[str, ...]:
    return (SITI_NAME, SITI_NIK, SITI_PHONE, "+6281234567890", SITI_EMAIL, SITI_STREET, NEW_PHONE)


def _raw_rows(table: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return repr(cursor.fetchall())


@pytest.fixture
def erased(
    world: Any, application: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> Any:
    siti = world.siti
    siti.phone = SITI_PHONE
    siti.address_street = SITI_STREET
    siti.save(update_fields=["phone", "phone_index", "address_street"])
    # Her identifiers copied into the case: an answer, a message, an officer's note.
    application.answers = {**application.answers, "child_name": f"Anak {SITI_NAME}"}
    application.save(update_fields=["answers_sealed"])
    services.message_post(
        actor=siti, application=application, body=f"Hubungi saya di {SITI_PHONE}."
    )
    services.application_transition(
        actor=world.verifier, application=application, to_status=Status.IN_REVIEW
    )
    services.application_transition(
        actor=world.verifier,
        application=application,
        to_status=Status.NEEDS_CORRECTION,
        note=f"Nama {SITI_NAME} pada KK berbeda.",
    )
    dpo = grant_dpo(world.auditor)
    correction = privacy.dsr_submit(
        actor=siti, kind=DataSubjectRequest.Kind.CORRECTION, changes={"phone": NEW_PHONE}
    )
    privacy.dsr_reject(
        actor=dpo, request=correction, reason=f"Nomor {NEW_PHONE} belum terverifikasi."
    )
    erasure = privacy.dsr_submit(actor=siti, kind=DataSubjectRequest.Kind.ERASURE)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        privacy.dsr_complete(actor=dpo, request=erasure)
    return application


def test_the_person_is_told_the_result_on_their_channel_before_the_contact_goes(
    world: Any, erased: Any, mailoutbox: Any
) -> None:
    (mail,) = [m for m in mailoutbox if m.to == [SITI_EMAIL]]
    assert "Permintaan data pribadi selesai" in mail.subject
    assert "Data yang tetap disimpan" in mail.body
    row = Message.objects.get(template="privacy_request_done", status=Message.Status.SENT)
    assert row.address == ""
    assert row.context == {}


def test_after_erasure_her_identifiers_appear_nowhere(
    world: Any,
    erased: Any,
    submitted: Any,
) -> None:
    from django.test import Client

    from satupintu.ledger import services as ledger_services
    from satupintu.ledger import tree

    officer = signed_in(world.verifier)
    dpo = signed_in(grant_dpo(world.auditor))
    pages = {
        "case page": officer.get(reverse("applications_office:detail", args=[erased.public_id])),
        "inbox": officer.get(reverse("applications_office:inbox")),
        "dpo queue": dpo.get(reverse("privacy_office:queue") + "?semua=1"),
    }
    for dsr in DataSubjectRequest.objects.filter(user=world.siti):
        pages[f"dpo request {dsr.pk}"] = dpo.get(reverse("privacy_office:request", args=[dsr.pk]))
    siti = type(world.siti).objects.get(pk=world.siti.pk)
    import json

    from satupintu.privacy import registry

    # The API responses anyone may get about her case: its public status, the public log.
    ledger_services.seal_pending()
    pages["status api"] = Client().post(
        "/api/v1/status",
        {"code": erased.tracking_code, "secret": submitted.status_secret},
        content_type="application/json",
    )
    pages["ledger entries api"] = Client().get(
        f"/api/v1/ledger/tree/entries?start=0&end={max(tree.size() or 1, 1)}"
    )
    texts = {name: page.content.decode() for name, page in pages.items()}
    texts["export"] = json.dumps(registry.export_for(siti), ensure_ascii=False)
    texts["notification rows"] = _raw_rows("notifications_message")
    texts["privacy request rows"] = _raw_rows("privacy_datasubjectrequest")
    texts["decrypted case"] = json.dumps(
        [
            type(erased).objects.get(pk=erased.pk).answers,
            [m.body for m in erased.messages.all()],
            [e.note for e in erased.events.all()],
            [(r.details, r.changes, r.response) for r in DataSubjectRequest.objects.all()],
        ],
        ensure_ascii=False,
    )
    for name, text in texts.items():
        for value in _literal_identifiers():
            assert value not in text, (name, value)
    assert pages["case page"].status_code == 200
    assert pages["status api"].status_code == 200
    assert pages["ledger entries api"].status_code == 200
    assert "Data pribadi dihapus atas permintaan pemohon" in texts["case page"]


def test_messages_to_an_erased_person_are_refused(world: Any, erased: Any) -> None:
    with pytest.raises(privacy.Conflict, match="telah dihapus"):
        services.message_post(actor=world.verifier, application=erased, body="Halo.")
    from satupintu.notifications.services import notify

    row = notify(
        user=type(world.siti).objects.get(pk=world.siti.pk),
        channel="email",
        address=SITI_EMAIL,
        template="application_status",
        context={"reference": "X"},
    )
    assert (row.status, row.last_error, row.address) == ("dead", "subject_erased", "")


# --- correction of answers (Pasal 6, 30) ------------------------------------------------------


def test_the_handling_officer_corrects_an_answer_with_the_request_recorded(
    world: Any, application: Any
) -> None:
    from satupintu.applications.models import Event

    changed = services.application_answers_correct(
        actor=world.verifier,
        application=application,
        answers={"child_name": "Putri Aminah"},
        request_note="Pemohon meminta lewat pesan tanggal 1 Desember: ejaan nama anak salah.",
    )
    assert changed == ["child_name"]
    application.refresh_from_db()
    assert application.answers["child_name"] == "Putri Aminah"
    event = Event.objects.filter(application=application, is_public=False).latest("id")
    assert "atas permintaan pemohon" in event.note
    assert "ejaan nama anak salah" in event.note
    entry = Entry.objects.get(action="applications.answers.correct")
    assert entry.data["fields"] == ["child_name"]
    # The same value again changes nothing and records nothing.
    assert (
        services.application_answers_correct(
            actor=world.verifier,
            application=application,
            answers={"child_name": "Putri Aminah"},
            request_note="Lagi.",
        )
        == []
    )
    assert Entry.objects.filter(action="applications.answers.correct").count() == 1


def test_answer_correction_needs_the_request_and_a_handling_role(
    world: Any, application: Any
) -> None:
    with pytest.raises(privacy.ServiceError, match="Catat permintaan pemohon"):
        services.application_answers_correct(
            actor=world.verifier,
            application=application,
            answers={"child_name": "Putri"},
            request_note=" ",
        )
    with pytest.raises(privacy.PermissionDenied):
        services.application_answers_correct(
            actor=world.front_desk,
            application=application,
            answers={"child_name": "Putri"},
            request_note="Diminta di loket.",
        )


# --- access covers everything (Pasal 7, 32) ---------------------------------------------------


def test_the_export_has_notice_texts_documents_reveals_and_notifications(
    world: Any, application: Any
) -> None:
    import io
    import json

    from pypdf import PdfReader

    from satupintu.privacy.tests.conftest import NOTICE, give_consent

    give_consent(world.siti)
    reveal.identifier_reveal(
        actor=world.verifier, application=application, field="applicant.nik", reason=REASON
    )
    services.application_transition(
        actor=world.verifier, application=application, to_status=Status.IN_REVIEW
    )
    client = signed_in(world.siti)
    data = json.loads(client.get(reverse("privacy:export_json")).content)
    parts = data["parts"]
    by_purpose = {c["purpose"]: c for c in parts["consents"]["consents"]}
    assert by_purpose["notifikasi-sms"]["notice_text"] == NOTICE
    # The submitted application recorded its notice, on the public-task basis.
    submitted_notice = by_purpose[services.APPLICATION_PURPOSE]
    assert submitted_notice["legal_basis"] == "tugas_publik"
    assert "pelayanan publik" in submitted_notice["notice_text"]
    case = parts["applications"]["applications"][0]
    assert {d["name"] for d in case["documents"]} == {"surat-lahir.pdf", "kk.jpg"}
    (seen,) = case["identifier_reveals"]
    assert seen["field"] == "applicant.nik"
    assert seen["officer"] == f"#{world.verifier.pk}"
    assert seen["roles"] == ["Verifikator"]
    assert seen["at"]
    templates = [n["template"] for n in parts["notifications"]["notifications"]]
    assert "application_status" in templates

    pdf = client.get(reverse("privacy:export_pdf"))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Isi pemberitahuan yang disetujui" in text
    assert "Penampilan NIK/nomor Anda oleh petugas" in text
    assert "WIB" in text  # dates as read, in the zone, not ISO
    assert "T0" not in text.replace("TO", "")


def test_the_review_page_shows_the_privacy_notice(world: Any, complete_draft: Any) -> None:
    page = signed_in(world.siti).get(
        reverse("applications:review", args=[complete_draft.public_id])
    )
    html = page.content.decode()
    assert "Pemberitahuan privasi" in html
    assert str(services.APPLICATION_NOTICE)[:60] in html
    assert reverse("privacy:policy") in html


def test_counter_consent_is_the_indonesian_text_whatever_the_officer_language(
    world: Any,
) -> None:
    from django.utils import translation

    from satupintu.applications.views_office import CONSENT_NOTICE
    from satupintu.privacy.models import Consent

    with translation.override("en"):
        citizen = services.assisted_register_citizen(
            actor=world.front_desk,
            full_name="Wati",
            nik="3204014101900002",
            consent_notice=CONSENT_NOTICE,
        )
    with translation.override("id"):
        expected = privacy.digest_text(str(CONSENT_NOTICE))
    assert Consent.objects.get(user=citizen).notice_digest == expected


def test_retention_anonymises_decided_applications_after_their_period(
    world: Any, application: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    from satupintu.applications.models import Application

    Application.objects.filter(pk=application.pk).update(
        status=Status.COMPLETED, decided_at=timezone.now() - dt.timedelta(days=11 * 365)
    )
    counts = privacy.retention_apply()
    assert counts["decided_applications"] >= 1
    kept = Application.objects.get(pk=application.pk)
    assert kept.answers == {}
    assert kept.tracking_code == application.tracking_code
    assert not kept.documents.exists()
