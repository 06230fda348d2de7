from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class Team:
    unit: Any
    supervisor: Any
    member: Any
    dimension: Any
    course: Any


def make_course(dimension: Any, *, slug: str = "pelindungan-data", level: int = 3, jp: int = 4):
    """A course of three questions, all drawn each attempt, pass mark 100, three attempts."""
    from satupintu.learning.models import Choice, Course, Module, Question

    course = Course.objects.create(
        slug=slug,
        title="Pelindungan Data Pribadi untuk Petugas",
        summary="UU 27/2022 dalam pekerjaan sehari-hari.",
        dimension=dimension,
        level=level,
        jp=jp,
        pass_mark=100,
        max_attempts=3,
        questions_per_attempt=3,
    )
    Module.objects.create(course=course, order=1, title="Dasar hukum", body="UU 27/2022 …")
    Module.objects.create(
        course=course, order=2, title="Bacaan", kind="link", url="https://example.id/pdp"
    )
    for n in range(3):
        question = Question.objects.create(course=course, text=f"Soal {n + 1}?")
        Choice.objects.create(question=question, text="Benar", is_correct=True)
        Choice.objects.create(question=question, text="Salah", is_correct=False)
    return course


def answers(attempt: Any, *, right: bool = True) -> dict[str, str]:
    from satupintu.learning.models import Choice

    return {
        str(qid): str(
            Choice.objects.filter(question_id=qid, is_correct=right).values_list("pk", flat=True)[0]
        )
        for qid in attempt.question_ids
    }


@pytest.fixture
def team(world: Any) -> Team:
    """The verifier works in the counter unit of agency A; the approver supervises that unit.
    The verifier's role there needs level 3 in personal-data protection."""
    from satupintu.learning.models import Dimension, Requirement
    from satupintu.organizations.models import Membership, Role, Unit

    unit = Unit.objects.create(agency=world.agency_a, name="Bidang Pelayanan", slug="pelayanan")
    Membership.objects.filter(user=world.verifier).update(unit=unit)
    Membership.objects.create(
        user=world.approver, agency=world.agency_a, unit=unit, role=Role.SUPERVISOR
    )
    dimension = Dimension.objects.get(code="keamanan-pdp")
    Requirement.objects.create(
        agency=world.agency_a, unit=unit, role=Role.VERIFIER, dimension=dimension, level=3
    )
    return Team(unit, world.approver, world.verifier, dimension, make_course(dimension))
