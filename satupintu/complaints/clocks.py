"""The two clocks of a complaint (DOMAIN.md "Complaints").

Statutory (UU 25/2009, calendar days): first response 14 days after filing (Pasal 44(3)); the
complainant completes missing material within 30 days or the complaint is deemed withdrawn
(44(4)-(5)); decision 60 days after the file is complete (50(1)).
Operational (SP4N-LAPOR!, working days of the handling agency's calendar): verify and forward 3;
follow-up planned 5 after verification; closed 10 after the answer when the reporter is silent.

Every number is per agency (ClockPolicy), defaulting to the settings. Deadlines are computed once,
when their clock starts, with the shared core.calendar arithmetic (holidays, cuti bersama and the
admin-edited calendar included), and stored so the queue can sort by them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from satupintu.complaints.models import ClockPolicy, Complaint, Status
from satupintu.core.calendar import WorkingCalendar, add_calendar_days
from satupintu.organizations.models import Agency


@dataclass(frozen=True)
class Policy:
    first_response_days: int
    decision_days: int
    completion_days: int
    verify_working_days: int
    followup_working_days: int
    autoclose_working_days: int
    reminder_working_days: int


def default_policy() -> Policy:
    return Policy(
        first_response_days=settings.COMPLAINT_FIRST_RESPONSE_DAYS,
        decision_days=settings.COMPLAINT_DECISION_DAYS,
        completion_days=settings.COMPLAINT_COMPLETION_DAYS,
        verify_working_days=settings.COMPLAINT_VERIFY_WORKING_DAYS,
        followup_working_days=settings.COMPLAINT_FOLLOWUP_WORKING_DAYS,
        autoclose_working_days=settings.COMPLAINT_AUTOCLOSE_WORKING_DAYS,
        reminder_working_days=settings.COMPLAINT_REMINDER_WORKING_DAYS,
    )


def policy_for(agency_id: int | None) -> Policy:
    row = ClockPolicy.objects.filter(agency_id=agency_id).first() if agency_id else None
    return _policy(row)


def policy_of(complaint: Complaint) -> Policy:
    """`policy_for(complaint.agency_id)`, without a query when the agency's policy was loaded
    with the complaint (`select_related("agency__complaint_clocks")`, as the services lock it)."""
    if complaint.agency_id is not None and Complaint.agency.is_cached(complaint):
        agency = complaint.agency
        related = Agency.complaint_clocks.related
        if agency is not None and related.is_cached(agency):
            row = related.get_cached_value(agency)
            return _policy(row if isinstance(row, ClockPolicy) else None)
    return policy_for(complaint.agency_id)


def _policy(row: ClockPolicy | None) -> Policy:
    if row is None:
        return default_policy()
    return Policy(
        first_response_days=row.first_response_days,
        decision_days=row.decision_days,
        completion_days=row.completion_days,
        verify_working_days=row.verify_working_days,
        followup_working_days=row.followup_working_days,
        autoclose_working_days=row.autoclose_working_days,
        reminder_working_days=row.reminder_working_days,
    )


def calendar_for(complaint: Complaint) -> WorkingCalendar:
    """The working days of the handling unit (or agency; national Mon–Fri in the coordinator's
    queue)."""
    if complaint.unit_id is not None:
        return WorkingCalendar(unit=complaint.unit)
    return WorkingCalendar(agency=complaint.agency)


def start_filed(complaint: Complaint, now: dt.datetime) -> None:
    """Filing starts both clocks: the statutory first response and decision, and verification."""
    policy = policy_of(complaint)
    complaint.filed_at = now
    complaint.first_response_due = add_calendar_days(now, policy.first_response_days)
    complaint.file_complete_at = now
    complaint.decision_due = add_calendar_days(now, policy.decision_days)
    complaint.verify_due = calendar_for(complaint).add_working_days(now, policy.verify_working_days)
    refresh_due(complaint)


def restart_verify(complaint: Complaint, now: dt.datetime) -> None:
    """A complaint forwarded to another agency: that agency has its own days to verify."""
    policy = policy_of(complaint)
    complaint.verified_at = None
    complaint.followup_due = None
    complaint.verify_due = calendar_for(complaint).add_working_days(now, policy.verify_working_days)
    refresh_due(complaint)


def start_followup(complaint: Complaint, now: dt.datetime) -> None:
    """Verified (disposed, claimed or answered first): the follow-up plan is due."""
    if complaint.verified_at is None:
        complaint.verified_at = now
    policy = policy_of(complaint)
    complaint.followup_due = calendar_for(complaint).add_working_days(
        now, policy.followup_working_days
    )
    refresh_due(complaint)


def start_waiting(complaint: Complaint, now: dt.datetime) -> None:
    """More information asked for: the file is incomplete and the complainant's 30 days run."""
    policy = policy_of(complaint)
    complaint.file_complete_at = None
    complaint.decision_due = None
    complaint.completion_due = add_calendar_days(now, policy.completion_days)
    refresh_due(complaint)


def file_completed(complaint: Complaint, now: dt.datetime) -> None:
    """The complainant sent what was missing: the 60-day decision clock starts again."""
    policy = policy_of(complaint)
    complaint.file_complete_at = now
    complaint.completion_due = None
    complaint.decision_due = add_calendar_days(now, policy.decision_days)
    refresh_due(complaint)


def start_autoclose(complaint: Complaint, now: dt.datetime) -> None:
    """Answered: the reporter confirms or reopens within the window, else it closes."""
    policy = policy_of(complaint)
    complaint.answered_at = now
    complaint.autoclose_due = calendar_for(complaint).add_working_days(
        now, policy.autoclose_working_days
    )
    refresh_due(complaint)


def reopened(complaint: Complaint, now: dt.datetime) -> None:
    complaint.autoclose_due = None
    complaint.answered_at = None
    start_followup(complaint, now)


def running(complaint: Complaint) -> dict[str, dt.datetime]:
    """The deadlines running now, by name."""
    found: dict[str, Any] = {}
    status = complaint.status
    if status in (Status.RECEIVED, Status.IN_PROGRESS):
        if complaint.first_response_at is None:
            found["first_response"] = complaint.first_response_due
        found["decision"] = complaint.decision_due
        if complaint.verified_at is None:
            found["verify"] = complaint.verify_due
        else:
            found["followup"] = complaint.followup_due
    elif status == Status.WAITING:
        found["completion"] = complaint.completion_due
    elif status == Status.ANSWERED:
        found["autoclose"] = complaint.autoclose_due
    return {key: value for key, value in found.items() if value is not None}


def refresh_due(complaint: Complaint) -> None:
    """`due_at` is the earliest running deadline (what the queue sorts by)."""
    deadlines = running(complaint)
    due = min(deadlines.values()) if deadlines else None
    if due != complaint.due_at:
        # A new deadline: its reminder, overdue mark and escalation are still to come.
        complaint.reminded_at = complaint.overdue_since = complaint.escalated_at = None
    complaint.due_at = due


def officer_clock(complaint: Complaint) -> bool:
    """Whether the running deadline is the agency's (not the reporter's)."""
    return complaint.status in (Status.RECEIVED, Status.IN_PROGRESS)
