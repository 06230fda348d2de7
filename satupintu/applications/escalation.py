"""SLA escalation of overdue workflow steps, run by the scheduled job (`escalate_overdue`, the
`escalate_overdue_steps` task, `manage.py backoffice_jobs`).

A step is overdue once its deadline (`Application.step_due_at`, computed in working days by the
engine when the step started) has passed; a case waiting on the applicant has no step deadline
(its clock is paused), so it is never overdue. Two levels, each once per visit of the step
(`Escalation` is unique per case, step, step start and level, so running the job twice tells
nobody twice):

1. at the deadline, the officers who can act on the step: the case's assignee when it has one
   (`assignee_id`, set by the inbox's claim), else every active officer of the agency holding
   one of the step's action roles (`organizations.selectors.holders_of`);
2. `escalate_after_days` working days later (the workflow's own rule, else
   settings.WORKFLOW_ESCALATE_AFTER_DAYS), the supervisors of the unit, else of the agency
   (`organizations.selectors.supervisors_of`).

Each escalation is an internal timeline event (never shown to the applicant), a ledger entry
(`applications.application.escalate`) and one outbox message per recipient.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from satupintu.applications.models import OPEN_STATUSES, Application, Escalation, Event
from satupintu.applications.services import _event, current_step, definition_for
from satupintu.core import dates
from satupintu.core.calendar import add_working_days
from satupintu.ledger import services as ledger
from satupintu.notifications.services import channel_for, notify
from satupintu.organizations.selectors import holders_of, supervisors_of

SYSTEM_LABEL = "Sistem"


def overdue(now: dt.datetime) -> QuerySet[Application]:
    """Open cases whose current step's deadline has passed (paused cases have none)."""
    return (
        Application.objects.filter(
            status__in=OPEN_STATUSES, step_due_at__lt=now, paused_at__isnull=True
        )
        .select_related("agency", "workflow_version")
        .order_by("step_due_at", "pk")
    )


def escalate_after_days(application: Application) -> int:
    definition = definition_for(application)
    own = definition.escalate_after_days if definition is not None else None
    return settings.WORKFLOW_ESCALATE_AFTER_DAYS if own is None else own


def acting_officers(application: Application) -> list[Any]:
    """Who can act on the case's step now: its assignee if any, else the holders of the step's
    roles in the agency (in the case's unit, when it has one)."""
    # `assignee` comes with the inbox's claim; an assignee who can no longer sign in leaves the
    # case to everyone holding the step's roles.
    if getattr(application, "assignee_id", None):
        assignee = getattr(application, "assignee", None)
        if assignee is not None and assignee.is_active:
            return [assignee]
    definition = definition_for(application)
    if definition is None:
        return []
    roles = {r for a in definition.actions_from(application.workflow_step) for r in a.roles}
    return holders_of(application.agency_id, roles, getattr(application, "unit_id", None))


def _recipients(application: Application, level: int) -> list[Any]:
    if level == Escalation.Level.OFFICERS:
        return acting_officers(application)
    return supervisors_of(application.agency_id, getattr(application, "unit_id", None))


def _escalate(application: Application, level: int, now: dt.datetime) -> Escalation | None:
    """Record and send one level, once: None when it was already done."""
    assert application.step_started_at is not None and application.step_due_at is not None
    with transaction.atomic():
        locked = Application.objects.select_for_update().filter(pk=application.pk).first()
        if (
            locked is None
            or locked.step_started_at != application.step_started_at
            or locked.step_due_at is None
            or locked.paused_at is not None
        ):
            return None  # the case moved on since it was read
        try:
            with transaction.atomic():
                escalation = Escalation.objects.create(
                    application=locked,
                    step=locked.workflow_step,
                    step_started_at=locked.step_started_at,
                    step_due_at=locked.step_due_at,
                    level=level,
                    at=now,
                )
        except IntegrityError:
            return None
        recipients = _recipients(locked, level)
        escalation.recipients = len(recipients)
        escalation.save(update_fields=["recipients"])
        _event(
            locked,
            kind=Event.Kind.ESCALATED,
            actor=None,
            label=SYSTEM_LABEL,
            step_from=locked.workflow_step,
            is_public=False,
        )
        ledger.record(
            None,
            "applications.application.escalate",
            locked,
            {
                "step": locked.workflow_step,
                "level": level,
                "step_due_at": locked.step_due_at.isoformat(),
                "recipients": sorted(u.pk for u in recipients),
            },
        )
        step = current_step(locked)
        context = {
            "reference": locked.tracking_code or "",
            "step": (step.label_internal or step.label) if step else locked.workflow_step,
            "deadline": locked.step_due_at.isoformat(),
            "supervisor": level == Escalation.Level.SUPERVISORS,
            "url": settings.SITE_URL.rstrip("/")
            + reverse("applications_office:detail", args=[locked.public_id]),
            "time_zone": dates.zone_for_region(locked.agency.region_id).key,
        }
        for user in recipients:
            notify(
                user=user,
                channel=channel_for(user),
                template="application_escalation",
                context=context,
                dedupe_key=f"escalation-{escalation.pk}-{user.pk}",
            )
    return escalation


def escalate_overdue(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Escalate every overdue step that is due for a level (the scheduled job; idempotent)."""
    now = now or timezone.now()
    counts = {"overdue": 0, "officers": 0, "supervisors": 0}
    for application in overdue(now).iterator(chunk_size=500):
        counts["overdue"] += 1
        assert application.step_due_at is not None
        if _escalate(application, Escalation.Level.OFFICERS, now):
            counts["officers"] += 1
        second = add_working_days(
            application.step_due_at, escalate_after_days(application), agency=application.agency
        )
        if now >= second and _escalate(application, Escalation.Level.SUPERVISORS, now):
            counts["supervisors"] += 1
    return counts


def escalations_for(application: Application) -> QuerySet[Escalation]:
    return Escalation.objects.filter(application=application).order_by("at", "level")
