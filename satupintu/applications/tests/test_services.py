"""Drafts, answers, submission, the workflow, messages and the assisted channel."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from satupintu.applications import services
from satupintu.applications.models import Application, Channel, Event, Message, Status
from satupintu.applications.tests.conftest import (
    VALID_ANSWERS,
    add_question,
    fill_in,
    register_warsini,
)
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ServiceError
from satupintu.ledger.models import Entry

WIB = ZoneInfo("Asia/Jakarta")


def test_start_opens_a_draft_for_the_citizen_and_ledgers_it(world: Any, akta_service: Any) -> None:
    application = services.application_start(actor=world.siti, service=akta_service)
    assert application.status == Status.DRAFT
    assert application.applicant == world.siti
    assert application.agency == world.agency_a
    assert application.channel == Channel.ONLINE
    assert application.tracking_code is None
    assert Entry.objects.filter(
        action="applications.application.start", subject_id=str(application.pk)
    ).exists()


def test_start_refuses_a_service_that_is_not_active(world: Any, akta_service: Any) -> None:
    akta_service.status = "draft"
    akta_service.save(update_fields=["status"])
    with pytest.raises(ServiceError):
        services.application_start(actor=world.siti, service=akta_service)


def test_start_refuses_online_when_the_service_is_counter_only(
    world: Any, akta_service: Any
) -> None:
    akta_service.channel_online = False
    akta_service.save(update_fields=["channel_online"])
    with pytest.raises(ServiceError):
        services.application_start(actor=world.siti, service=akta_service)


def test_citizen_cannot_start_for_someone_else(world: Any, akta_service: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.application_start(actor=world.siti, service=akta_service, applicant=world.budi)


def test_counter_draft_needs_a_front_desk_officer_of_the_agency(
    world: Any, akta_service: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services.application_start(
            actor=world.verifier, service=akta_service, applicant=world.siti, channel="counter"
        )
    with pytest.raises(PermissionDenied):
        services.application_start(
            actor=world.admin_b, service=akta_service, applicant=world.siti, channel="counter"
        )
    application = services.application_start(
        actor=world.front_desk, service=akta_service, applicant=world.siti, channel="counter"
    )
    assert application.channel == Channel.COUNTER
    assert application.submitted_by == world.front_desk
    assert application.applicant == world.siti


def test_counter_applicant_must_be_a_citizen(world: Any, akta_service: Any) -> None:
    with pytest.raises(ServiceError):
        services.application_start(
            actor=world.front_desk,
            service=akta_service,
            applicant=world.verifier,
            channel="counter",
        )


def test_save_answers_merges_keeps_invalid_values_and_drops_unknown_keys(
    world: Any, draft: Any
) -> None:
    services.application_save_answers(
        actor=world.siti, application=draft, answers={"child_name": "Ahmad", "junk": "x"}, step=1
    )
    services.application_save_answers(
        actor=world.siti, application=draft, answers={"birth_date": "2026-02-31"}, step=2
    )
    draft.refresh_from_db()
    assert draft.answers["child_name"] == "Ahmad"
    assert draft.answers["birth_date"] == "2026-02-31"  # kept so the person can fix it
    assert "junk" not in draft.answers
    assert draft.current_step == 2


def test_save_answers_is_only_for_the_applicant(world: Any, draft: Any) -> None:
    with pytest.raises(NotFound):
        services.application_save_answers(
            actor=world.budi, application=draft, answers={"child_name": "X"}
        )
    with pytest.raises(NotFound):
        services.application_save_answers(
            actor=world.verifier, application=draft, answers={"child_name": "X"}
        )


def test_save_answers_caps_each_value_so_a_huge_paste_cannot_fill_the_database(
    world: Any, draft: Any
) -> None:
    services.application_save_answers(
        actor=world.siti, application=draft, answers={"child_name": "x" * 1_000_000}
    )
    draft.refresh_from_db()
    # One character over the longest allowed answer: enough for validation to say "too long".
    assert len(draft.answers["child_name"]) == services.MAX_ANSWER_CHARS + 1


def test_submit_sets_code_secret_deadline_and_event(world: Any, submitted: Any) -> None:
    application = submitted.application
    assert submitted.created is True
    assert application.status == Status.SUBMITTED
    assert application.tracking_code.startswith("SP-")
    assert len(submitted.status_secret) == 6
    assert application.status_secret_hash
    assert application.submitted_at is not None
    assert application.due_at > application.submitted_at
    assert Event.objects.filter(application=application, kind=Event.Kind.SUBMITTED).exists()
    stored = Application.objects.get(pk=application.pk)
    assert stored.status_secret.upper() == submitted.status_secret


def test_submit_twice_with_the_same_key_gives_one_application(
    world: Any, complete_draft: Any
) -> None:
    first = services.application_submit(
        actor=world.siti, application=complete_draft, idempotency_key="k-1", declaration=True
    )
    again = services.application_submit(
        actor=world.siti,
        application=Application.objects.get(pk=complete_draft.pk),
        idempotency_key="k-1",
        declaration=True,
    )
    assert again.created is False
    assert again.application.pk == first.application.pk
    assert again.application.tracking_code == first.application.tracking_code
    assert again.status_secret == first.status_secret
    assert Application.objects.filter(applicant=world.siti).count() == 1
    assert Entry.objects.filter(action="applications.application.submit").count() == 1


def test_submit_with_a_used_key_on_another_draft_returns_the_first_application(
    world: Any, submitted: Any, akta_service: Any
) -> None:
    other = services.application_start(actor=world.siti, service=akta_service)
    again = services.application_submit(
        actor=world.siti, application=other, idempotency_key="kunci-uji-1", declaration=True
    )
    assert again.created is False
    assert again.application.pk == submitted.application.pk


def test_submit_needs_a_key_and_the_declaration(world: Any, complete_draft: Any) -> None:
    with pytest.raises(ServiceError) as missing_key:
        services.application_submit(
            actor=world.siti, application=complete_draft, idempotency_key="", declaration=True
        )
    assert missing_key.value.field == "idempotency_key"
    with pytest.raises(ServiceError) as no_declaration:
        services.application_submit(
            actor=world.siti, application=complete_draft, idempotency_key="k", declaration=False
        )
    assert no_declaration.value.field == "declaration"
    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.DRAFT


def test_submit_lists_the_missing_required_documents(world: Any, draft: Any) -> None:
    services.application_save_answers(actor=world.siti, application=draft, answers=VALID_ANSWERS)
    with pytest.raises(ServiceError) as exc:
        services.application_submit(
            actor=world.siti, application=draft, idempotency_key="k", declaration=True
        )
    assert exc.value.field == "documents"
    assert "Surat keterangan kelahiran" in exc.value.message
    assert "Kartu Keluarga orang tua" in exc.value.message


def test_other_citizen_cannot_submit(world: Any, complete_draft: Any) -> None:
    with pytest.raises(NotFound):
        services.application_submit(
            actor=world.budi, application=complete_draft, idempotency_key="k", declaration=True
        )


def test_deadline_counts_working_days_from_submission(
    world: Any, complete_draft: Any, monkeypatch: Any
) -> None:
    # Friday 9 January 2026, 10:00 WIB; a 3-working-day SLA ends on Wednesday 14 January.
    friday = dt.datetime(2026, 1, 9, 10, 0, tzinfo=WIB)
    monkeypatch.setattr(services, "_now", lambda: friday)
    result = services.application_submit(
        actor=world.siti, application=complete_draft, idempotency_key="k", declaration=True
    )
    assert result.application.due_at is not None
    due = result.application.due_at.astimezone(WIB)
    assert due.date() == dt.date(2026, 1, 14)


def test_submitting_notifies_the_applicant_once(world: Any, submitted: Any) -> None:
    from satupintu.notifications.models import Message as Outbox

    sent = Outbox.objects.filter(dedupe_key=f"application-received-{submitted.application.pk}")
    assert sent.count() == 1
    assert sent.get().context["reference"] == submitted.application.tracking_code
    assert sent.get().channel == "email"


def test_workflow_moves_by_role(world: Any, submitted: Any) -> None:
    application = submitted.application
    with pytest.raises(PermissionDenied):
        services.application_transition(
            actor=world.approver, application=application, to_status=Status.IN_REVIEW
        )
    services.application_transition(
        actor=world.verifier, application=application, to_status=Status.IN_REVIEW
    )
    with pytest.raises(PermissionDenied):
        services.application_transition(
            actor=world.verifier, application=application, to_status=Status.APPROVED
        )
    services.application_transition(
        actor=world.approver, application=application, to_status=Status.APPROVED, note="Lengkap"
    )
    services.application_transition(
        actor=world.front_desk, application=application, to_status=Status.COMPLETED
    )
    application.refresh_from_db()
    assert application.status == Status.COMPLETED
    assert application.decided_at is not None
    assert application.completed_at is not None
    labels = list(
        Event.objects.filter(application=application, kind=Event.Kind.STATUS).values_list(
            "actor_label", flat=True
        )
    )
    assert labels == ["Verifikator", "Pejabat penyetuju", "Petugas loket"]


def test_transition_that_is_not_in_the_workflow_is_a_conflict(world: Any, submitted: Any) -> None:
    with pytest.raises(Conflict):
        services.application_transition(
            actor=world.approver, application=submitted.application, to_status=Status.COMPLETED
        )


def test_officer_of_another_agency_and_citizens_cannot_transition(
    world: Any, submitted: Any
) -> None:
    for actor in (world.admin_b, world.budi, world.siti):
        with pytest.raises(NotFound):
            services.application_transition(
                actor=actor, application=submitted.application, to_status=Status.IN_REVIEW
            )


def test_correction_round_keeps_tracking_code_and_deadline(world: Any, submitted: Any) -> None:
    application = submitted.application
    code, due = application.tracking_code, application.due_at
    services.application_transition(
        actor=world.verifier, application=application, to_status=Status.IN_REVIEW
    )
    with pytest.raises(ServiceError):  # a correction request must say what to fix
        services.application_transition(
            actor=world.verifier, application=application, to_status=Status.NEEDS_CORRECTION
        )
    services.application_transition(
        actor=world.verifier,
        application=application,
        to_status=Status.NEEDS_CORRECTION,
        note="Foto KK buram",
    )
    services.application_save_answers(
        actor=world.siti, application=application, answers={"child_name": "Ahmad Fauzi Rahman"}
    )
    again = services.application_submit(
        actor=world.siti, application=application, idempotency_key="koreksi-1", declaration=True
    )
    assert again.created is True
    # Back with the officers who asked, not at the start of the queue.
    assert again.application.status == Status.IN_REVIEW
    assert again.application.tracking_code == code
    assert again.application.due_at == due
    assert again.status_secret == submitted.status_secret


def test_status_change_notifies_the_applicant(world: Any, submitted: Any) -> None:
    from satupintu.notifications.models import Message as Outbox

    services.application_transition(
        actor=world.verifier, application=submitted.application, to_status=Status.IN_REVIEW
    )
    sent = Outbox.objects.filter(template="application_status", user=world.siti)
    assert sent.count() == 1
    assert sent.get().context["status"] == "Sedang diproses"


def test_messages_show_the_role_not_the_name(world: Any, submitted: Any) -> None:
    application = submitted.application
    from_siti = services.message_post(actor=world.siti, application=application, body="Halo")
    reply = services.message_post(
        actor=world.verifier, application=application, body="Mohon unggah ulang KK."
    )
    assert from_siti.author_label == "Pemohon"
    assert reply.author_label == "Verifikator"
    assert reply.from_agency is True
    assert Message.objects.get(pk=reply.pk).body == "Mohon unggah ulang KK."


def test_message_with_attachment_is_checked_like_documents(
    world: Any, submitted: Any, pdf_bytes: bytes, upload: Any
) -> None:
    message = services.message_post(
        actor=world.siti,
        application=submitted.application,
        body="Berkas tambahan",
        upload=upload(pdf_bytes, "tambahan.pdf"),
    )
    assert message.attachment is not None
    assert message.attachment.content_type == "application/pdf"
    with pytest.raises(ServiceError):
        services.message_post(
            actor=world.siti,
            application=submitted.application,
            body="exe",
            upload=upload(b"MZ\x90\x00" * 10, "x.pdf"),
        )


def test_message_body_limits_and_strangers(world: Any, submitted: Any) -> None:
    application = submitted.application
    with pytest.raises(ServiceError):
        services.message_post(actor=world.siti, application=application, body="   ")
    with pytest.raises(ServiceError):
        services.message_post(actor=world.siti, application=application, body="a" * 5001)
    services.message_post(actor=world.siti, application=application, body="a" * 5000)
    with pytest.raises(NotFound):
        services.message_post(actor=world.budi, application=application, body="hai")
    with pytest.raises(NotFound):
        services.message_post(actor=world.admin_b, application=application, body="hai")
    with pytest.raises(PermissionDenied):
        services.message_post(actor=world.auditor, application=application, body="hai")


def test_officer_message_notifies_the_applicant(world: Any, submitted: Any) -> None:
    from satupintu.notifications.models import Message as Outbox

    services.message_post(actor=world.verifier, application=submitted.application, body="Halo")
    sent = Outbox.objects.get(template="message_new", user=world.siti)
    assert "Halo" not in str(sent.context)


def test_assisted_registration_creates_a_citizen_with_consent(world: Any) -> None:
    from satupintu.privacy.models import Consent

    citizen = register_warsini(world, phone="0812 3456 7890")
    assert citizen.kind == "citizen"
    assert citizen.nik == "3204014101900002"
    assert citizen.phone == "081234567890"
    assert "081234567890" not in citizen.username  # accounts keeps contacts out of it
    assert not citizen.has_usable_password()
    consent = Consent.objects.get(user=citizen)
    assert consent.channel == "counter"
    assert consent.recorded_by == world.front_desk
    again = register_warsini(world, nik="3204.0141.0190.0002")
    assert again.pk == citizen.pk


def test_assisted_registration_rejects_bad_input_and_non_front_desk(world: Any) -> None:
    notice = "Pemberitahuan"
    with pytest.raises(PermissionDenied):
        services.assisted_register_citizen(
            actor=world.verifier, full_name="A", nik="3204014101900002", consent_notice=notice
        )
    with pytest.raises(ServiceError) as bad_nik:
        services.assisted_register_citizen(
            actor=world.front_desk, full_name="A", nik="1234", consent_notice=notice
        )
    assert bad_nik.value.field == "nik"
    with pytest.raises(ServiceError) as long_name:
        services.assisted_register_citizen(
            actor=world.front_desk,
            full_name="A" * 10_000,
            nik="3204014101900002",
            consent_notice=notice,
        )
    assert long_name.value.field == "full_name"
    with pytest.raises(ServiceError):
        services.assisted_register_citizen(
            actor=world.front_desk,
            full_name="A",
            nik="3204014101900002",
            email="bukan-email",
            consent_notice=notice,
        )


def test_counter_submission_by_front_desk(
    world: Any, akta_service: Any, pdf_bytes: bytes, upload: Any
) -> None:
    citizen = register_warsini(world, consent_notice="N")
    application = services.application_start(
        actor=world.front_desk, service=akta_service, applicant=citizen, channel="counter"
    )
    fill_in(world.front_desk, application, pdf_bytes, "scan.pdf")
    result = services.application_submit(
        actor=world.front_desk, application=application, idempotency_key="loket-1", declaration=True
    )
    assert result.application.channel == Channel.COUNTER
    assert result.application.submitted_by == world.front_desk
    assert result.application.applicant == citizen


def test_save_answers_refuses_a_payload_too_big_to_keep(world: Any, draft: Any) -> None:
    with pytest.raises(ServiceError) as exc:
        services.application_save_answers(
            actor=world.siti, application=draft, answers={"child_name": ["x" * 9000] * 50}
        )
    assert exc.value.field == "answers"
    assert exc.value.message == "Jawaban terlalu panjang."


# --- access helpers -------------------------------------------------------------------------


def test_access_helpers_hide_other_peoples_applications_and_documents(
    world: Any, submitted: Any
) -> None:
    from satupintu.applications import access

    application = submitted.application
    document = application.documents.first()
    assert access.application_for_citizen(world.siti, application.public_id) == application
    assert access.document_for_user(world.siti, document.public_id) == document
    assert access.application_for_officer(world.verifier, application.public_id) == application
    assert access.document_for_user(world.auditor, document.public_id) == document
    for call, user in (
        (access.application_for_citizen, world.budi),
        (access.application_for_citizen, world.verifier),
        (access.application_for_officer, world.admin_b),
        (access.application_for_officer, world.siti),
        (access.document_for_user, world.budi),
        (access.document_for_user, world.admin_b),
    ):
        target = document.public_id if call is access.document_for_user else application.public_id
        with pytest.raises(NotFound):
            call(user, target)
    with pytest.raises(NotFound):
        access.application_for_citizen(world.siti, "../../etc")


def test_officers_do_not_see_online_drafts(world: Any, draft: Any) -> None:
    from satupintu.applications import access

    with pytest.raises(NotFound):
        access.application_for_officer(world.verifier, draft.public_id)


def test_can_act_follows_the_workflow(world: Any, submitted: Any) -> None:
    from satupintu.applications import access

    application = submitted.application
    assert access.can_act(world.verifier, application, Status.IN_REVIEW)
    assert not access.can_act(world.approver, application, Status.IN_REVIEW)
    assert not access.can_act(world.admin_b, application, Status.IN_REVIEW)
    assert not access.can_act(world.siti, application, Status.IN_REVIEW)
    assert not access.can_act(world.verifier, application, Status.COMPLETED)


# --- privacy --------------------------------------------------------------------------------


def test_privacy_export_holds_the_applications(world: Any, submitted: Any) -> None:
    from satupintu.privacy import registry

    part = registry.export_for(world.siti)["parts"]["applications"]
    (row,) = part["applications"]
    assert row["tracking_code"] == submitted.application.tracking_code
    assert row["answers"]["child_name"] == VALID_ANSWERS["child_name"]
    assert registry.export_for(world.budi)["parts"]["applications"]["applications"] == []


def test_privacy_erasure_keeps_submitted_applications_and_deletes_drafts(
    world: Any, submitted: Any, akta_service: Any
) -> None:
    from satupintu.privacy import registry

    services.application_start(actor=world.siti, service=akta_service)
    preview = registry.preview_erasure(world.siti)
    assert Application.objects.filter(applicant=world.siti).count() == 2  # preview changed nothing
    report = registry.erase_for(world.siti)
    assert preview.as_dict() == report.as_dict()
    reasons = " ".join(reason for _, reason in report.retained)
    assert "UU 43/2009" in reasons and "kewajiban hukum" in reasons
    assert list(Application.objects.filter(applicant=world.siti)) == [submitted.application]


# --- tasks ----------------------------------------------------------------------------------


def test_sweep_removes_only_old_files_without_a_document(
    world: Any, submitted: Any, monkeypatch: Any
) -> None:
    import os

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from satupintu.applications import tasks

    now = dt.datetime.now(tz=dt.UTC)
    orphan = default_storage.save(f"applications/{now:%Y/%m}/orphan.pdf", ContentFile(b"x"))
    fresh = default_storage.save(f"applications/{now:%Y/%m}/fresh.pdf", ContentFile(b"x"))
    old = now.timestamp() - 3 * 86400
    os.utime(default_storage.path(orphan), (old, old))
    for document in submitted.application.documents.all():
        os.utime(default_storage.path(document.storage_name), (old, old))
    removed = tasks.sweep_orphan_files.call()
    assert removed == 1
    assert not default_storage.exists(orphan)
    assert default_storage.exists(fresh)
    for document in submitted.application.documents.all():
        assert default_storage.exists(document.storage_name)


# --- answers validated by the form definition -----------------------------------------------


def test_bad_answers_are_kept_but_block_submission_with_clear_messages(
    world: Any, complete_draft: Any
) -> None:
    bad = {"child_name": "A" * 10_000, "mother_nik": "1234", "birth_date": "2026-02-31"}
    errors = services.application_save_answers(
        actor=world.siti, application=complete_draft, answers=bad, group="data-pemohon"
    )
    assert set(errors) == {"child_name", "mother_nik", "birth_date"}
    assert all(messages and all(m.strip() for m in messages) for messages in errors.values())
    complete_draft.refresh_from_db()
    assert complete_draft.answers["mother_nik"] == "1234"  # the rest of the form is kept
    with pytest.raises(ServiceError) as exc:
        services.application_submit(
            actor=world.siti, application=complete_draft, idempotency_key="k", declaration=True
        )
    assert exc.value.field == "answers"
    # The questions as the person read them, never the form's internal keys.
    for label in ("Nama anak", "NIK ibu", "Tanggal lahir"):
        assert label in exc.value.message
    for key in ("child_name", "mother_nik", "birth_date"):
        assert key not in exc.value.message
    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.DRAFT
    assert complete_draft.tracking_code is None


def test_conditional_answer_is_dropped_when_its_condition_does_not_hold(
    world: Any, complete_draft: Any
) -> None:
    services.application_save_answers(
        actor=world.siti, application=complete_draft, answers={"birth_place": "home"}
    )
    result = services.application_submit(
        actor=world.siti, application=complete_draft, idempotency_key="k", declaration=True
    )
    assert "hospital_name" not in result.application.answers


def test_profile_prefills_the_draft(world: Any, akta_service: Any) -> None:
    add_question(
        akta_service, "applicant_name", "Nama pemohon", "text", prefill_from="full_name", order=0
    )
    application = services.application_start(actor=world.siti, service=akta_service)
    assert application.answers == {"applicant_name": "Siti Aminah"}


def test_walk_in_citizen_with_only_a_phone_is_told_by_sms(
    world: Any, akta_service: Any, pdf_bytes: bytes, upload: Any
) -> None:
    from satupintu.notifications.models import Message as Outbox

    citizen = register_warsini(world, phone="081234567890", consent_notice="N")
    assert services.channel_for(citizen) == "sms"
    application = services.application_start(
        actor=world.front_desk, service=akta_service, applicant=citizen, channel="counter"
    )
    fill_in(world.front_desk, application, pdf_bytes, "scan.pdf")
    services.application_submit(
        actor=world.front_desk, application=application, idempotency_key="l", declaration=True
    )
    sent = Outbox.objects.get(template="application_received", user=citizen)
    assert sent.channel == "sms"
    assert sent.address == "081234567890"


def test_applicant_message_tells_the_officers_who_worked_on_the_case_in_app(
    world: Any, submitted: Any
) -> None:
    from satupintu.notifications.models import Message as Outbox

    services.application_transition(
        actor=world.verifier, application=submitted.application, to_status=Status.IN_REVIEW
    )
    services.message_post(actor=world.siti, application=submitted.application, body="Halo")
    sent = Outbox.objects.filter(template="message_new")
    assert [(m.user, m.channel) for m in sent] == [(world.verifier, "inapp")]
