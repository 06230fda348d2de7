"""The learning API: catalog, enrolments, assessments and proposals, with the same access rules."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import signed_in
from satupintu.learning.models import Assessment, Enrolment, Proposal

pytestmark = pytest.mark.django_db
BASE = "/api/v1/learning"


def test_catalog_and_enrolment(team: Any) -> None:
    client = signed_in(team.member)
    courses = client.get(f"{BASE}/courses").json()
    assert [c["slug"] for c in courses] == [team.course.slug]
    assert courses[0]["jp"] == 4
    made = client.post(
        f"{BASE}/enrolments", {"course": team.course.slug}, content_type="application/json"
    )
    assert made.status_code == 201
    assert client.get(f"{BASE}/enrolments").json()[0]["course"] == team.course.slug
    missing = client.post(
        f"{BASE}/enrolments", {"course": "tidak-ada"}, content_type="application/json"
    )
    assert missing.status_code == 404
    assert Enrolment.objects.count() == 1


def test_citizens_get_nothing(world: Any, team: Any) -> None:
    client = signed_in(world.siti)
    assert client.get(f"{BASE}/courses").status_code == 403
    assert client.get(f"{BASE}/assessments").status_code == 403


def test_assessments_of_self_and_team_only(world: Any, team: Any) -> None:
    own = signed_in(team.member).post(
        f"{BASE}/assessments",
        {"dimension": "keamanan-pdp", "level": 2, "justification": "Paham dasar."},
        content_type="application/json",
    )
    assert own.status_code == 201
    assert own.json()["kind"] == "self"
    boss = signed_in(team.supervisor)
    judged = boss.post(
        f"{BASE}/assessments",
        {
            "dimension": "keamanan-pdp",
            "level": 3,
            "justification": "Terbukti.",
            "officer": team.member.pk,
        },
        content_type="application/json",
    )
    assert judged.status_code == 201
    assert judged.json()["kind"] == "supervisor"
    listed = boss.get(f"{BASE}/assessments", {"officer": team.member.pk}).json()
    assert [a["level"] for a in listed] == [3, 2]
    stranger = signed_in(world.reviewer)
    assert stranger.get(f"{BASE}/assessments", {"officer": team.member.pk}).status_code == 404
    bad = signed_in(team.member).post(
        f"{BASE}/assessments",
        {"dimension": "keamanan-pdp", "level": 9, "justification": "x"},
        content_type="application/json",
    )
    assert bad.status_code in (400, 422)
    assert Assessment.objects.count() == 2


def test_proposals(world: Any) -> None:
    client = signed_in(world.verifier)
    made = client.post(
        f"{BASE}/proposals",
        {"title": "Ide", "problem": "Masalah.", "idea": "Gagasan.", "metric": "applications_30d"},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["status"] == "open"
    assert len(signed_in(world.reviewer).get(f"{BASE}/proposals").json()) == 1
    assert signed_in(world.admin_b).get(f"{BASE}/proposals").json() == []
    bad = client.post(
        f"{BASE}/proposals",
        {"title": "Ide", "problem": "M.", "idea": "G.", "metric": "peringkat"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert Proposal.objects.count() == 1
