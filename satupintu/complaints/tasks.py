"""Complaint background work: the periodic clock (reminders, overdue marks, escalation,
automatic closing) and the signed response letter after a resolution."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def run_clocks() -> dict[str, Any]:
    from satupintu.complaints.services import clocks_run

    return clocks_run()


@task()
def issue_letter(complaint_id: int) -> str:
    """The signed response letter of a resolved complaint (queued when it is resolved)."""
    from satupintu.complaints.models import Complaint
    from satupintu.complaints.services import complaint_letter_issue

    complaint = Complaint.objects.filter(pk=complaint_id).first()
    letter = complaint_letter_issue(complaint=complaint) if complaint is not None else None
    return letter.number if letter is not None else ""
