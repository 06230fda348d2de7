"""The data protection officer per agency (UU 27/2022 Pasal 53-54): a role in organizations,
alerted to new requests, reminded at 48 and 66 hours, escalated to when late."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from conftest import make_officer, make_user
from satupintu.ledger.models import Entry
from satupintu.notifications.models import Message
from satupintu.organizations.models import Role
from satupintu.privacy import services
from satupintu.privacy.tests.conftest import office_client

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def dpo_a(world: Any) -> Any:
    return make_officer("ppdp@a.go.id", world.agency_a, Role.DPO, "198804122014022009")


def test_the_dpo_role_handles_requests_and_the_superuser_does_not(world: Any, dpo_a: Any) -> None:
    operator = make_user("operator@satupintu.go.id", kind="officer")
    operator.is_staff = operator.is_superuser = True
    operator.save(update_fields=["is_staff", "is_superuser"])
    assert services.is_dpo(dpo_a)
    assert not services.is_dpo(operator)
    assert office_client(dpo_a).get(reverse("privacy_office:queue")).status_code == 200
    assert office_client(operator).get(reverse("privacy_office:queue")).status_code == 403


def test_a_new_request_alerts_the_dpo_and_tells_the_citizen(world: Any, dpo_a: Any) -> None:
    services.dsr_submit(actor=world.siti, kind="restriction")
    alert = Message.objects.get(template="privacy_request_new")
    assert alert.user_id == dpo_a.pk
    told = Message.objects.get(template="privacy_request_received")
    assert told.user_id == world.siti.pk


def test_reminders_at_48_and_66_hours_then_escalation(world: Any, dpo_a: Any) -> None:
    with time_machine.travel(START, tick=False):
        dsr = services.dsr_submit(actor=world.siti, kind="restriction")

    def reminders() -> list[int]:
        rows = Message.objects.filter(template="privacy_request_reminder", user=dpo_a)
        return sorted(int(m.context["hours"]) for m in rows)

    with time_machine.travel(START + dt.timedelta(hours=47, minutes=59), tick=False):
        services.dsr_reminders()
    assert reminders() == []
    with time_machine.travel(START + dt.timedelta(hours=48), tick=False):
        services.dsr_reminders()
        services.dsr_reminders()  # a second run sends nothing more
    assert reminders() == [48]
    with time_machine.travel(START + dt.timedelta(hours=66, minutes=1), tick=False):
        services.dsr_reminders()
    assert reminders() == [48, 66]
    assert not Message.objects.filter(template="privacy_request_late").exists()
    with time_machine.travel(START + dt.timedelta(hours=72, minutes=1), tick=False):
        services.dsr_reminders()
        services.dsr_reminders()
    assert Message.objects.filter(template="privacy_request_late", user=dpo_a).count() == 1
    assert Entry.objects.filter(action="privacy.request.escalate").count() == 1
    # A completed request is not chased.
    services.dsr_complete(actor=dpo_a, request=dsr)
    with time_machine.travel(START + dt.timedelta(hours=80), tick=False):
        assert services.dsr_reminders() == {"reminders": 0, "escalations": 0}


def test_a_request_can_be_filed_at_the_counter(world: Any, dpo_a: Any) -> None:
    with pytest.raises(services.ServiceError, match="KTP-el"):
        services.dsr_submit(actor=world.front_desk, kind="access", subject=world.siti)
    dsr = services.dsr_submit(
        actor=world.front_desk, kind="access", subject=world.siti, identity_checked=True
    )
    assert (dsr.user_id, dsr.channel) == (world.siti.pk, "counter")
    entry = Entry.objects.get(action="privacy.request.submit")
    assert entry.actor_id == world.front_desk.pk
    assert entry.data["identity_checked"] is True
    assert Message.objects.filter(template="privacy_request_received", user=world.siti).exists()
    with pytest.raises(services.PermissionDenied):
        services.dsr_submit(
            actor=world.budi, kind="access", subject=world.siti, identity_checked=True
        )


def test_a_breach_names_the_recording_dpos_agency_as_controller(world: Any, dpo_a: Any) -> None:
    from satupintu.privacy.tests.test_breaches_retention import _breach

    # Agency B's DPO records it: B is the controller, though A comes first by name.
    dpo_b = make_officer("ppdp@b.go.id", world.agency_b, Role.DPO, "199001012015031002")
    world.agency_b.dpo_contact = "ppdp@b.go.id"
    world.agency_b.save(update_fields=["dpo_contact"])
    breach = _breach(dpo_b)
    assert sorted([world.agency_a.name, world.agency_b.name])[0] == world.agency_a.name
    assert breach.controller == world.agency_b.name
    assert breach.dpo_contact == "ppdp@b.go.id"
