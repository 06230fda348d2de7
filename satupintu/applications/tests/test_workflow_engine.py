"""The workflow engine: one service moves a case along its own version of the definition."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from satupintu.applications import hooks, services
from satupintu.applications.models import Event, Status
from satupintu.catalog import services as catalog_services
from satupintu.catalog import workflow
from satupintu.core.errors import Conflict, PermissionDenied, ServiceError
from satupintu.ledger.models import Entry
from satupintu.notifications.models import Message as Outbox


@pytest.fixture(autouse=True)
def _indonesian() -> Any:
    """Messages are compared in Indonesian, whatever an earlier test left active."""
    from django.utils import translation

    with translation.override("id"):
        yield


WIB = ZoneInfo("Asia/Jakarta")


def _publish(world: Any, service: Any, spec: dict[str, Any]) -> Any:
    catalog_services.workflow_draft_save(actor=world.admin_a, service=service, spec=spec)
    return catalog_services.workflow_publish(actor=world.admin_a, service=service)


def _submit(world: Any, draft: Any, key: str = "k-1") -> Any:
    return services.application_submit(
        actor=world.siti, application=draft, idempotency_key=key, declaration=True
    ).application


def _full_spec(days: tuple[int, int, int, int] = (1, 1, 1, 1)) -> dict[str, Any]:
    spec = workflow.template_full(4)
    for step in spec["steps"]:
        order = ["verify", "review", "approve", "issue"]
        if step["key"] in order:
            step["sla_days"] = days[order.index(step["key"])]
    return spec


CHECKS = ["Identitas pemohon sesuai dokumen", "Semua dokumen terbaca"]


def test_submission_starts_the_case_on_the_current_version(world: Any, complete_draft: Any) -> None:
    _publish(world, complete_draft.service, _full_spec())
    application = _submit(world, complete_draft)
    assert application.workflow_version.number == 2
    assert application.workflow_step == "verify"
    assert application.status == Status.SUBMITTED
    assert application.step_due_at is not None
    entry = Entry.objects.filter(action="applications.application.submit").latest("id")
    assert entry.data["version"] == application.workflow_version_id


def test_a_case_started_on_version_1_finishes_on_version_1(
    world: Any, submitted: Any, akta_service: Any
) -> None:
    application = submitted.application
    assert application.workflow_version.number == 1
    # Version 2 adds review steps and gives the verifier's first action another key.
    _publish(world, akta_service, _full_spec())
    services.application_act(actor=world.verifier, application=application, action="start_review")
    services.application_act(actor=world.approver, application=application, action="approve")
    services.application_act(actor=world.approver, application=application, action="complete")
    application.refresh_from_db()
    assert application.status == Status.COMPLETED
    assert application.workflow_version.number == 1
    assert application.workflow_step == "completed"
    # Version 2's actions do not apply to it.
    with pytest.raises((ServiceError, Conflict)):
        services.application_act(actor=world.verifier, application=application, action="verify_ok")


def test_full_template_walk_with_checklist_roles_and_reason(
    world: Any, complete_draft: Any
) -> None:
    _publish(world, complete_draft.service, _full_spec())
    application = _submit(world, complete_draft)
    with pytest.raises(PermissionDenied, match="Peran Anda tidak berwenang"):
        services.application_act(
            actor=world.approver, application=application, action="verify_ok", checklist=CHECKS
        )
    with pytest.raises(ServiceError, match="Centang semua pemeriksaan") as caught:
        services.application_act(
            actor=world.verifier, application=application, action="verify_ok", checklist=CHECKS[:1]
        )
    assert caught.value.field == "checklist"
    services.application_act(
        actor=world.verifier, application=application, action="verify_ok", checklist=CHECKS
    )
    assert (application.workflow_step, application.status) == ("review", Status.IN_REVIEW)
    services.application_act(actor=world.reviewer, application=application, action="review_ok")
    with pytest.raises(ServiceError, match="alasan penolakan") as caught:
        services.application_act(actor=world.approver, application=application, action="reject")
    assert caught.value.field == "note"
    services.application_act(
        actor=world.approver, application=application, action="reject", note="Data tidak sesuai."
    )
    application.refresh_from_db()
    assert application.status == Status.REJECTED and application.decided_at is not None
    moves = list(
        Event.objects.filter(application=application, kind=Event.Kind.STATUS).values_list(
            "step_from", "step_to"
        )
    )
    assert moves == [("verify", "review"), ("review", "approve"), ("approve", "rejected")]
    assert (
        Entry.objects.filter(
            action="applications.application.transition", subject_id=str(application.pk)
        ).count()
        == 3
    )


def test_a_stale_action_says_who_handled_it_and_when(world: Any, submitted: Any) -> None:
    application = submitted.application
    other = type(application).objects.get(pk=application.pk)  # the second officer's page
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, 42, tzinfo=WIB), tick=False):
        services.application_act(
            actor=world.verifier, application=application, action="start_review"
        )
        events = Event.objects.count()
        entries = Entry.objects.count()
        with pytest.raises(Conflict) as caught:
            services.application_act(actor=world.verifier, application=other, action="start_review")
        assert caught.value.message == (
            "Permohonan ini sudah ditangani oleh Verifikator pukul 10:42. Muat ulang halaman."
        )
        with pytest.raises(Conflict, match="sudah ditangani oleh Verifikator pukul 10:42"):
            services.application_act(
                actor=world.approver, application=other, action="approve", seen_step="submitted"
            )
    assert (Event.objects.count(), Entry.objects.count()) == (events, entries)


def test_correction_returns_only_the_flagged_fields_and_documents(
    world: Any, submitted: Any, pdf_bytes: bytes, upload: Any
) -> None:
    application = submitted.application
    first_doc, second_doc = list(application.service.documents.order_by("order", "id"))
    services.application_act(actor=world.verifier, application=application, action="start_review")
    with pytest.raises(ServiceError, match="ditandai tetapi tidak ada"):
        services.application_act(
            actor=world.verifier,
            application=application,
            action="request_correction",
            note="Perbaiki nama anak.",
            fields=["tidak_ada"],
        )
    services.application_act(
        actor=world.verifier,
        application=application,
        action="request_correction",
        note="Nama anak salah eja; KK buram.",
        fields=["child_name"],
        documents=[second_doc.pk],
    )
    assert application.status == Status.NEEDS_CORRECTION
    services.application_save_answers(
        actor=world.siti,
        application=application,
        answers={"child_name": "Ahmad Fauzan", "hospital_name": "Diubah diam-diam"},
    )
    application.refresh_from_db()
    assert application.answers["child_name"] == "Ahmad Fauzan"
    assert application.answers["hospital_name"] == "RSUD Contoh"
    with pytest.raises(ServiceError, match="Hanya dokumen yang diminta"):
        services.application_attach_document(
            actor=world.siti,
            application=application,
            upload=upload(pdf_bytes, "lain.pdf"),
            required_document_id=first_doc.pk,
        )
    services.application_attach_document(
        actor=world.siti,
        application=application,
        upload=upload(pdf_bytes, "kk-baru.pdf"),
        required_document_id=second_doc.pk,
    )
    result = services.application_submit(
        actor=world.siti, application=application, idempotency_key="k-2", declaration=True
    )
    back = result.application
    assert (back.workflow_step, back.status) == ("in_review", Status.IN_REVIEW)
    assert back.correction == {} and back.paused_at is None


def test_withdrawal_before_a_decision_only(world: Any, submitted: Any, akta_service: Any) -> None:
    application = submitted.application
    with pytest.raises(Exception, match="tidak ditemukan"):
        services.application_withdraw(actor=world.budi, application=application)
    services.application_withdraw(actor=world.siti, application=application, reason="Salah isi.")
    application.refresh_from_db()
    assert (application.status, application.workflow_step) == (Status.WITHDRAWN, "withdrawn")
    assert Entry.objects.latest("id").action == "applications.application.withdraw"
    with pytest.raises(Conflict, match="tidak dapat dibatalkan"):
        services.application_withdraw(actor=world.siti, application=application)
    # A decided case cannot be withdrawn.
    from satupintu.applications.tests.conftest import fill_in, make_pdf

    other = services.application_start(actor=world.siti, service=akta_service)
    fill_in(world.siti, other, make_pdf(), "x.pdf")
    other = _submit(world, other, "k-other")
    services.application_act(actor=world.verifier, application=other, action="start_review")
    services.application_act(actor=world.approver, application=other, action="approve")
    with pytest.raises(Conflict, match="tidak dapat dibatalkan"):
        services.application_withdraw(actor=world.siti, application=other)


def test_terminal_hook_runs_once_with_the_outcome(world: Any, submitted: Any) -> None:
    calls: list[tuple[int, str]] = []

    def hook(*, application: Any, actor: Any, outcome: str) -> None:
        calls.append((application.pk, outcome))

    hooks.on_terminal(hook)
    try:
        application = submitted.application
        for actor, action in (
            (world.verifier, "start_review"),
            (world.approver, "approve"),
            (world.approver, "complete"),
        ):
            services.application_act(actor=actor, application=application, action=action)
    finally:
        hooks.remove_terminal(hook)
    assert calls == [(application.pk, "completed")]


def test_each_move_tells_the_applicant(world: Any, submitted: Any) -> None:
    application = submitted.application
    before = Outbox.objects.filter(user=world.siti, template="application_status").count()
    services.application_act(actor=world.verifier, application=application, action="start_review")
    assert Outbox.objects.filter(user=world.siti, template="application_status").count() == (
        before + 1
    )


# --- deadlines (frozen time) ----------------------------------------------------------------


def _local(value: Any) -> dt.datetime:
    return timezone.localtime(value, WIB)


def test_step_deadline_skips_the_weekend(world: Any, complete_draft: Any) -> None:
    _publish(world, complete_draft.service, _full_spec(days=(1, 2, 1, 1)))
    # Friday 27 November 2026, 09:00 WIB.
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0, tzinfo=WIB), tick=False):
        application = _submit(world, complete_draft)
        assert _local(application.step_due_at).date() == dt.date(2026, 11, 30)  # Monday
        services.application_act(
            actor=world.verifier, application=application, action="verify_ok", checklist=CHECKS
        )
        assert _local(application.step_due_at).date() == dt.date(2026, 12, 1)  # Tuesday


def test_step_deadline_skips_a_holiday_week_with_cuti_bersama(
    world: Any, complete_draft: Any
) -> None:
    _publish(world, complete_draft.service, _full_spec(days=(2, 1, 1, 1)))
    # Tuesday 17 March 2026: Nyepi (19th) and Idul Fitri with cuti bersama (18, 20, 23, 24).
    with time_machine.travel(dt.datetime(2026, 3, 17, 10, 0, tzinfo=WIB), tick=False):
        application = _submit(world, complete_draft)
    due = _local(application.step_due_at)
    assert due.date() == dt.date(2026, 3, 26)  # Wednesday 25th is day 1, Thursday 26th day 2
    assert (due.hour, due.minute) == (23, 59)


def test_clock_pauses_while_waiting_on_the_applicant(world: Any, complete_draft: Any) -> None:
    # Version 2: 3 working days per step; the service's own SLA is 3 working days.
    _publish(world, complete_draft.service, workflow.template_standard(9))
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=WIB), tick=False):  # Monday
        application = _submit(world, complete_draft)
        assert _local(application.due_at).date() == dt.date(2026, 11, 5)  # Thursday
        services.application_act(
            actor=world.verifier, application=application, action="start_review"
        )
        assert _local(application.step_due_at).date() == dt.date(2026, 11, 5)
    with time_machine.travel(dt.datetime(2026, 11, 3, 14, 0, tzinfo=WIB), tick=False):  # Tuesday
        services.application_act(
            actor=world.verifier,
            application=application,
            action="request_correction",
            note="KK buram.",
        )
        assert application.paused_at is not None and application.step_due_at is None
    # The applicant takes a week; those days do not count against the agency.
    with time_machine.travel(dt.datetime(2026, 11, 10, 8, 0, tzinfo=WIB), tick=False):  # Tuesday
        back = services.application_submit(
            actor=world.siti, application=application, idempotency_key="k-2", declaration=True
        ).application
    assert back.workflow_step == "in_review" and back.paused_at is None
    # Two working days were left on both clocks (Wed 4th, Thu 5th): now Wed 11th and Thu 12th.
    assert _local(back.step_due_at).date() == dt.date(2026, 11, 12)
    assert _local(back.due_at).date() == dt.date(2026, 11, 12)


# --- the case page -------------------------------------------------------------------------


def test_case_page_refuses_a_stale_button_with_who_and_when(world: Any, submitted: Any) -> None:
    from django.urls import reverse

    from conftest import signed_in

    application = submitted.application
    url = reverse("applications_office:detail", args=[application.public_id])
    page = signed_in(world.verifier).get(url).content.decode()
    assert 'name="seen_step" value="submitted"' in page
    services.application_act(actor=world.verifier, application=application, action="start_review")
    response = signed_in(world.verifier).post(
        url, {"action": "transition", "to_status": "in_review", "seen_step": "submitted"}
    )
    assert response.status_code == 400
    assert "sudah ditangani oleh Verifikator pukul" in response.content.decode()


def test_case_page_correction_flags_only_what_the_officer_ticks(world: Any, submitted: Any) -> None:
    from django.urls import reverse

    from conftest import signed_in

    application = submitted.application
    services.application_act(actor=world.verifier, application=application, action="start_review")
    url = reverse("applications_office:detail", args=[application.public_id])
    client = signed_in(world.verifier)
    page = client.get(url).content.decode()
    assert 'name="flag_field" value="child_name"' in page
    response = client.post(
        url,
        {
            "action": "act",
            "wf_action": "request_correction",
            "seen_step": "in_review",
            "note": "",
            "flag_field": ["child_name"],
        },
    )
    assert response.status_code == 400
    assert "Tuliskan apa yang perlu diperbaiki pemohon." in response.content.decode()
    response = client.post(
        url,
        {
            "action": "act",
            "wf_action": "request_correction",
            "seen_step": "in_review",
            "note": "Nama anak salah.",
            "flag_field": ["child_name"],
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.correction["fields"] == ["child_name"]
    assert application.status == Status.NEEDS_CORRECTION


def test_case_page_checklist_must_be_ticked(world: Any, complete_draft: Any) -> None:
    from django.urls import reverse

    from conftest import signed_in

    _publish(world, complete_draft.service, _full_spec())
    application = _submit(world, complete_draft)
    url = reverse("applications_office:detail", args=[application.public_id])
    client = signed_in(world.verifier)
    page = client.get(url).content.decode()
    assert CHECKS[0] in page
    assert 'name="to_status" value="in_review"' not in page  # only the form with the checks
    data = {"action": "act", "wf_action": "verify_ok", "seen_step": "verify", "note": ""}
    response = client.post(url, {**data, "checklist": CHECKS[:1]})
    assert response.status_code == 400
    assert "Centang semua pemeriksaan" in response.content.decode()
    assert client.post(url, {**data, "checklist": CHECKS}).status_code == 302
    application.refresh_from_db()
    assert application.workflow_step == "review"


def test_citizen_withdraws_from_their_page_after_confirming(world: Any, submitted: Any) -> None:
    from django.urls import reverse

    from conftest import signed_in

    application = submitted.application
    client = signed_in(world.siti)
    detail = client.get(reverse("applications:detail", args=[application.public_id]))
    url = reverse("applications:withdraw", args=[application.public_id])
    assert url in detail.content.decode()
    assert "Ya, batalkan permohonan" in client.get(url).content.decode()
    assert signed_in(world.budi).post(url).status_code == 404
    response = client.post(url, {"reason": "Sudah diurus di kecamatan."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    detail = client.get(reverse("applications:detail", args=[application.public_id]))
    assert url not in detail.content.decode()
    assert client.get(url).status_code == 302  # nothing left to withdraw


def test_api_withdraw_needs_confirmation_and_stops_the_case(world: Any, submitted: Any) -> None:
    from conftest import signed_in

    application = submitted.application
    url = f"/api/v1/applications/{application.public_id}/withdraw"
    client = signed_in(world.siti)
    refused = client.post(url, {"confirm": False}, content_type="application/json")
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    other = signed_in(world.budi).post(url, {"confirm": True}, content_type="application/json")
    assert other.status_code == 404
    done = client.post(
        url, {"confirm": True, "reason": "Salah layanan."}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    again = client.post(url, {"confirm": True}, content_type="application/json")
    assert again.status_code == 409
