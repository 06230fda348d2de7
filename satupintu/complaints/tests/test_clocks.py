"""Both clocks with frozen time, across the 2026 Nyepi and Idul Fitri holiday week
(18–24 March: Nyepi, its cuti bersama, Idul Fitri and its cuti bersama around the weekend)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from satupintu.complaints import services
from satupintu.complaints.models import ClockPolicy, Complaint, Event, Status
from satupintu.complaints.tests.conftest import filing

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
FILED = dt.datetime(2026, 3, 17, 10, 0, tzinfo=WIB)  # Tuesday before the holiday week


def close_of(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime.combine(dt.date(year, month, day), dt.time.max, tzinfo=WIB)


def _file(world: Any, health: Any) -> Complaint:
    with time_machine.travel(FILED, tick=False):
        return services.complaint_file(
            actor=world.siti, filing=filing(category=health.category)
        ).complaint


def test_statutory_days_are_calendar_days_and_operational_ones_skip_the_holiday_week(
    world: Any, health: Any
) -> None:
    complaint = _file(world, health)
    # UU 25/2009: 14 and 60 calendar days, holidays or not.
    assert complaint.first_response_due == close_of(2026, 3, 31)
    assert complaint.decision_due == close_of(2026, 5, 16)
    # LAPOR verify 3 working days: 18–24 March are off, so Wed 25, Thu 26, Fri 27.
    assert complaint.verify_due == close_of(2026, 3, 27)
    assert complaint.due_at == close_of(2026, 3, 27)


def test_follow_up_and_auto_close_count_working_days(world: Any, health: Any) -> None:
    complaint = _file(world, health)
    with time_machine.travel(dt.datetime(2026, 3, 25, 9, 0, tzinfo=WIB), tick=False):
        services.complaint_claim(actor=health.liaison, complaint=complaint)
    assert complaint.verified_at is not None
    assert complaint.followup_due == close_of(2026, 4, 1)  # 26, 27, 30, 31 March, 1 April
    with time_machine.travel(dt.datetime(2026, 3, 27, 9, 0, tzinfo=WIB), tick=False):
        services.complaint_respond(
            actor=health.liaison,
            complaint=complaint,
            body="Sudah ditangani.",
            public=False,
            kind="resolved",
        )
    # 10 working days after Friday 27 March: 30, 31 March, 1, 2, (Good Friday 3 April is a
    # holiday) 6, 7, 8, 9, 10, 13 April.
    assert complaint.autoclose_due == close_of(2026, 4, 13)
    with time_machine.travel(close_of(2026, 4, 13), tick=False):
        assert services.clocks_run()["closed"] == 0
    with time_machine.travel(dt.datetime(2026, 4, 14, 0, 5, tzinfo=WIB), tick=False):
        assert services.clocks_run()["closed"] == 1
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


def test_reminder_then_overdue_and_escalation_to_the_supervisor_once(
    world: Any, health: Any
) -> None:
    from satupintu.notifications.models import Message

    complaint = _file(world, health)
    with time_machine.travel(dt.datetime(2026, 3, 24, 9, 0, tzinfo=WIB), tick=False):
        assert services.clocks_run()["reminded"] == 0  # three working days ahead
    with time_machine.travel(dt.datetime(2026, 3, 26, 9, 0, tzinfo=WIB), tick=False):
        assert services.clocks_run()["reminded"] == 1
        assert services.clocks_run()["reminded"] == 0
    assert Message.objects.filter(user=health.liaison, template="complaint_due").count() == 1
    with time_machine.travel(dt.datetime(2026, 3, 28, 8, 0, tzinfo=WIB), tick=False):
        first = services.clocks_run()
        again = services.clocks_run()
    assert first["overdue"] == 1 and first["escalated"] == 1
    assert again["overdue"] == again["escalated"] == 0
    complaint.refresh_from_db()
    assert complaint.overdue_since is not None and complaint.escalated_at is not None
    assert Message.objects.filter(user=health.supervisor, template="complaint_due").count() == 1
    assert complaint.events.filter(kind=Event.Kind.ESCALATED).count() == 1


def test_the_complainant_has_thirty_calendar_days_to_complete_the_file(
    world: Any, health: Any
) -> None:
    complaint = _file(world, health)
    with time_machine.travel(dt.datetime(2026, 3, 25, 9, 0, tzinfo=WIB), tick=False):
        services.complaint_respond(
            actor=health.liaison,
            complaint=complaint,
            body="Sebutkan nama puskesmas.",
            public=False,
            kind="info_request",
        )
    assert complaint.completion_due == close_of(2026, 4, 24)
    with time_machine.travel(dt.datetime(2026, 4, 25, 0, 1, tzinfo=WIB), tick=False):
        assert services.clocks_run()["withdrawn"] == 1
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


def test_an_agency_sets_its_own_clocks(world: Any, health: Any) -> None:
    ClockPolicy.objects.create(agency=health.dinkes, first_response_days=7, verify_working_days=1)
    complaint = _file(world, health)
    assert complaint.first_response_due == close_of(2026, 3, 24)
    assert complaint.verify_due == close_of(2026, 3, 25)


def test_a_local_day_off_moves_the_operational_clock(world: Any, health: Any) -> None:
    from satupintu.core.models import CalendarEntry

    CalendarEntry.objects.create(
        agency=health.dinkes, date=dt.date(2026, 3, 25), kind="local", name="Hari jadi kabupaten"
    )
    complaint = _file(world, health)
    assert complaint.verify_due == close_of(2026, 3, 30)
