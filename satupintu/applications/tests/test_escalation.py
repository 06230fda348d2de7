"""SLA escalation of overdue steps with frozen time: deadlines in working days across a weekend
and a holiday week with cuti bersama, the clock paused while the case waits on the applicant,
the acting officers told at the deadline and the supervisors later, each exactly once however
often the job runs; and deadlines shown in the agency's local zone."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from conftest import make_officer, signed_in
from satupintu.applications import services
from satupintu.applications.escalation import escalate_overdue
from satupintu.applications.models import Escalation, Event
from satupintu.catalog import services as catalog_services
from satupintu.catalog import workflow
from satupintu.core import dates
from satupintu.ledger.models import Entry
from satupintu.notifications.models import Message as Outbox
from satupintu.organizations.models import Role

WIB = ZoneInfo("Asia/Jakarta")
CHECKS = ["Identitas pemohon sesuai dokumen", "Semua dokumen terbaca"]


@pytest.fixture(autouse=True)
def _indonesian() -> Any:
    from django.utils import translation

    with translation.override("id"):
        yield


def _at(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=WIB)


def _publish(world: Any, service: Any, *, verify_days: int, escalate: int | None = None) -> None:
    spec = workflow.template_full(4)
    for step in spec["steps"]:
        if step["key"] == "verify":
            step["sla_days"] = verify_days
    if escalate is not None:
        spec["escalate_after_days"] = escalate
    catalog_services.workflow_draft_save(actor=world.admin_a, service=service, spec=spec)
    catalog_services.workflow_publish(actor=world.admin_a, service=service)


def _submit(world: Any, draft: Any, when: dt.datetime, key: str = "k-1") -> Any:
    with time_machine.travel(when, tick=False):
        return services.application_submit(
            actor=world.siti, application=draft, idempotency_key=key, declaration=True
        ).application


def _told(template: str = "application_escalation") -> list[tuple[Any, bool]]:
    return sorted(
        (m.user_id, bool(m.context.get("supervisor")))
        for m in Outbox.objects.filter(template=template)
    )


@pytest.fixture
def supervisor(world: Any) -> Any:
    return make_officer("kabid@a.go.id", world.agency_a, Role.SUPERVISOR, "197001012000011001")


def test_weekend_then_officers_then_supervisor_each_once(
    world: Any, complete_draft: Any, supervisor: Any
) -> None:
    _publish(world, complete_draft.service, verify_days=1, escalate=1)
    # Friday 27 November 2026: one working day to verify, so due at the close of Monday 30th.
    application = _submit(world, complete_draft, _at(2026, 11, 27, 9, 0))
    assert dates.long_datetime(application.step_due_at) == "30 November 2026, 23.59 WIB"
    # Saturday, Sunday and Monday evening: not overdue yet (the weekend does not count).
    for now in (_at(2026, 11, 28, 12, 0), _at(2026, 11, 30, 20, 0)):
        assert escalate_overdue(now=now)["overdue"] == 0
    assert _told() == []

    # Tuesday morning: the verifier (the step's role) is told, the supervisor not yet.
    tuesday = _at(2026, 12, 1, 9, 0)
    assert escalate_overdue(now=tuesday) == {"overdue": 1, "officers": 1, "supervisors": 0}
    assert escalate_overdue(now=tuesday)["officers"] == 0  # the job ran twice
    assert _told() == [(world.verifier.pk, False)]

    # One working day after the deadline (close of Tuesday): Wednesday, the supervisor.
    wednesday = _at(2026, 12, 2, 9, 0)
    assert escalate_overdue(now=wednesday) == {"overdue": 1, "officers": 0, "supervisors": 1}
    call_command("backoffice_jobs")  # the scheduled command, once more: nobody told twice
    assert _told() == sorted([(world.verifier.pk, False), (supervisor.pk, True)])
    assert Escalation.objects.filter(application=application).count() == 2
    assert Entry.objects.filter(action="applications.application.escalate").count() == 2
    events = Event.objects.filter(application=application, kind=Event.Kind.ESCALATED)
    assert events.count() == 2 and not events.filter(is_public=True).exists()


def test_holiday_week_with_cuti_bersama_and_the_default_rule(
    world: Any, complete_draft: Any, supervisor: Any, settings: Any
) -> None:
    settings.WORKFLOW_ESCALATE_AFTER_DAYS = 2
    _publish(world, complete_draft.service, verify_days=2)
    # Tuesday 17 March 2026: Nyepi (19th) and Idul Fitri with cuti bersama (18, 20, 23, 24):
    # day 1 is Wednesday 25th, day 2 Thursday 26th.
    application = _submit(world, complete_draft, _at(2026, 3, 17, 10, 0))
    assert application.step_due_at.astimezone(WIB).date() == dt.date(2026, 3, 26)
    # Eight calendar days later, still inside the deadline.
    assert escalate_overdue(now=_at(2026, 3, 25, 12, 0))["overdue"] == 0
    assert escalate_overdue(now=_at(2026, 3, 27, 8, 0))["officers"] == 1
    # Two working days after Thursday: Friday 27th and Monday 30th; supervisors on Tuesday.
    assert escalate_overdue(now=_at(2026, 3, 30, 12, 0))["supervisors"] == 0
    assert escalate_overdue(now=_at(2026, 3, 31, 8, 0))["supervisors"] == 1
    assert escalate_overdue(now=_at(2026, 3, 31, 9, 0)) == {
        "overdue": 1,
        "officers": 0,
        "supervisors": 0,
    }
    assert _told() == sorted([(world.verifier.pk, False), (supervisor.pk, True)])


def test_no_escalation_while_waiting_on_the_applicant(
    world: Any, complete_draft: Any, supervisor: Any
) -> None:
    catalog_services.workflow_draft_save(
        actor=world.admin_a, service=complete_draft.service, spec=workflow.template_standard(9)
    )
    catalog_services.workflow_publish(actor=world.admin_a, service=complete_draft.service)
    application = _submit(world, complete_draft, _at(2026, 11, 2, 9, 0))  # Monday
    with time_machine.travel(_at(2026, 11, 2, 10, 0), tick=False):
        services.application_act(
            actor=world.verifier, application=application, action="start_review"
        )
    with time_machine.travel(_at(2026, 11, 3, 14, 0), tick=False):
        services.application_act(
            actor=world.verifier,
            application=application,
            action="request_correction",
            note="KK buram.",
        )
    # The step would have been due on Thursday 5th; the case waits on Siti, the clock stands.
    assert escalate_overdue(now=_at(2026, 11, 9, 12, 0))["overdue"] == 0
    with time_machine.travel(_at(2026, 11, 10, 8, 0), tick=False):
        back = services.application_submit(
            actor=world.siti, application=application, idempotency_key="k-2", declaration=True
        ).application
    assert back.step_due_at is not None
    assert back.step_due_at.astimezone(WIB).date() == dt.date(2026, 11, 12)
    assert escalate_overdue(now=_at(2026, 11, 12, 20, 0))["overdue"] == 0
    assert escalate_overdue(now=_at(2026, 11, 13, 9, 0))["officers"] == 1
    # The standard flow's review step is for verifiers (and reviewers): only they are told.
    told = {user for user, _supervisor in _told()}
    assert world.verifier.pk in told and supervisor.pk not in told
    assert world.siti.pk not in told and world.admin_b.pk not in told


def test_a_new_visit_of_the_step_is_escalated_again_but_a_moved_case_is_not(
    world: Any, complete_draft: Any
) -> None:
    _publish(world, complete_draft.service, verify_days=1)
    application = _submit(world, complete_draft, _at(2026, 11, 27, 9, 0))
    with time_machine.travel(_at(2026, 11, 30, 10, 0), tick=False):
        services.application_act(
            actor=world.verifier, application=application, action="verify_ok", checklist=CHECKS
        )
    # Moved on to review before its verify deadline: review is due Tuesday 1st; on Wednesday the
    # reviewer is told about review, nobody about verify.
    escalate_overdue(now=_at(2026, 12, 2, 9, 0))
    assert [e.step for e in Escalation.objects.all()] == ["review"]
    assert _told() == [(world.reviewer.pk, False)]


def test_escalations_are_internal_on_the_citizen_page(world: Any, complete_draft: Any) -> None:
    _publish(world, complete_draft.service, verify_days=1)
    application = _submit(world, complete_draft, _at(2026, 11, 27, 9, 0))
    escalate_overdue(now=_at(2026, 12, 1, 9, 0))
    citizen = signed_in(world.siti).get(
        reverse("applications:detail", args=[application.public_id])
    )
    assert "Eskalasi" not in citizen.content.decode()
    office = signed_in(world.verifier).get(
        reverse("applications_office:detail", args=[application.public_id])
    )
    assert "Eskalasi tenggat" in office.content.decode()


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("32.04", "WIB"),  # Jawa Barat
        ("61.71", "WIB"),  # Kalimantan Barat (Pontianak)
        ("51", "WITA"),  # Bali
        ("64.72", "WITA"),  # Kalimantan Timur
        ("73.71", "WITA"),  # Sulawesi Selatan
        ("75", "WITA"),  # Gorontalo
        ("81.71", "WIT"),  # Maluku
        ("82", "WIT"),  # Maluku Utara
        ("94", "WIT"),  # Papua Tengah
        ("96", "WIT"),  # Papua Barat Daya
        ("", "WIB"),  # no region: the platform zone
    ],
)
def test_zone_for_region(code: str, label: str) -> None:
    assert dates.zone_label(dates.zone_for_region(code)) == label


def test_a_wita_agency_shows_the_step_deadline_in_wita(world: Any, complete_draft: Any) -> None:
    from satupintu.regions.models import Region

    makassar = Region.objects.create(
        code="73", name="Sulawesi Selatan", level=1, kind="provinsi", search_name="sulawesi selatan"
    )
    world.agency_a.region = makassar
    world.agency_a.save(update_fields=["region"])
    _publish(world, complete_draft.service, verify_days=1)
    application = _submit(world, complete_draft, _at(2026, 11, 27, 9, 0))
    # Due at the close of Monday 30th (23.59 WIB) is 00.59 WITA on Tuesday in Makassar.
    shown = "1 Des 2026, 00.59 WITA"
    citizen = signed_in(world.siti).get(
        reverse("applications:detail", args=[application.public_id])
    )
    assert shown in citizen.content.decode()
    office = signed_in(world.verifier).get(
        reverse("applications_office:detail", args=[application.public_id])
    )
    assert shown in office.content.decode()
    # The escalation message says it in WITA too.
    escalate_overdue(now=_at(2026, 12, 2, 9, 0))
    message = Outbox.objects.get(template="application_escalation", user=world.verifier)
    assert message.context["time_zone"] == "Asia/Makassar"
