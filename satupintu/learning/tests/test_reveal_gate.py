"""The reveal permission gated by the data-protection course (issue 12, item 4), frozen time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from conftest import signed_in
from satupintu.applications import reveal
from satupintu.core.errors import PermissionDenied
from satupintu.learning import services
from satupintu.learning.models import CourseGate
from satupintu.learning.tests.conftest import answers

pytestmark = pytest.mark.django_db

REASON = "Mencocokkan NIK dengan KK yang diunggah pemohon."
START = dt.datetime(2026, 3, 2, 2, tzinfo=dt.UTC)


@pytest.fixture
def case(world: Any, submitted: Any) -> Any:
    world.siti.nik = "3204014101900001"
    world.siti.save(update_fields=["nik", "nik_index"])
    application = submitted.application
    application.applicant.refresh_from_db()
    return application


def _reveal(officer: Any, application: Any) -> str:
    return reveal.identifier_reveal(
        actor=officer, application=application, field="applicant.nik", reason=REASON
    )


def _pass(team: Any) -> None:
    enrolment = services.enrolment_create(actor=team.member, course=team.course)
    attempt = services.attempt_start(actor=team.member, enrolment=enrolment)
    services.attempt_submit(actor=team.member, attempt=attempt, answers=answers(attempt))


def test_without_a_gate_the_reveal_works_as_before(team: Any, case: Any) -> None:
    assert _reveal(team.member, case) == "3204014101900001"


def test_refused_before_the_course_works_after_it_and_refused_again_after_expiry(
    team: Any, case: Any
) -> None:
    CourseGate.objects.create(
        permission=CourseGate.Permission.REVEAL_IDENTIFIER, course=team.course, valid_days=365
    )
    with time_machine.travel(START, tick=False):
        with pytest.raises(PermissionDenied) as refused:
            _reveal(team.member, case)
        assert team.course.title in refused.value.message
        page = signed_in(team.member).get(
            reverse("applications_office:detail", args=[case.public_id])
        )
        assert team.course.title in page.content.decode()
        post = signed_in(team.member).post(
            reverse("applications_office:reveal", args=[case.public_id]),
            {"field": "applicant.nik", "reason": REASON},
        )
        assert post.status_code == 403
        assert "3204014101900001" not in post.content.decode()
        _pass(team)
        assert _reveal(team.member, case) == "3204014101900001"
    with time_machine.travel(START + dt.timedelta(days=364), tick=False):
        assert _reveal(team.member, case) == "3204014101900001"
    with time_machine.travel(START + dt.timedelta(days=366), tick=False):
        with pytest.raises(PermissionDenied) as expired:
            _reveal(team.member, case)
        assert "kedaluwarsa" in expired.value.message
        assert team.course.title in expired.value.message
        # Passing again renews it.
        _pass(team)
        assert _reveal(team.member, case) == "3204014101900001"


def test_an_inactive_gate_refuses_nothing(team: Any, case: Any) -> None:
    CourseGate.objects.create(
        permission=CourseGate.Permission.REVEAL_IDENTIFIER, course=team.course, is_active=False
    )
    assert _reveal(team.member, case) == "3204014101900001"


def test_an_officer_whose_role_may_not_reveal_is_still_told_why_by_role(
    world: Any, team: Any, case: Any
) -> None:
    CourseGate.objects.create(
        permission=CourseGate.Permission.REVEAL_IDENTIFIER, course=team.course
    )
    refusal = reveal.reveal_refusal(world.front_desk, case)
    assert "tidak berwenang" in refusal
