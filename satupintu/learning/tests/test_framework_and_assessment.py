"""The seeded framework, assessments with history, gaps, the plan and the team heat map."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import signed_in
from satupintu.core.errors import NotFound, ServiceError
from satupintu.learning import selectors, services
from satupintu.learning.models import Assessment, Dimension, Indicator
from satupintu.ledger.models import Entry

pytestmark = pytest.mark.django_db


def _assess(team: Any, actor: Any, level: int, text: str = "Penilaian.") -> Any:
    return services.assessment_record(
        actor=actor, subject=team.member, dimension=team.dimension, level=level, justification=text
    )


def test_the_six_dimensions_are_seeded_with_four_levels_in_two_languages() -> None:
    codes = list(Dimension.objects.values_list("code", flat=True))
    assert codes == [
        "literasi-digital",
        "layanan-daring",
        "data",
        "keamanan-pdp",
        "kolaborasi",
        "inovasi",
    ]
    assert Indicator.objects.count() == 24
    assert not Indicator.objects.filter(text_en="").exists()


def test_self_assessment_shows_a_gap_and_proposes_the_course(team: Any) -> None:
    _assess(team, team.member, 1, "Baru mengenal UU PDP.")
    plan = selectors.development_plan(team.member)
    assert [(g.dimension.code, g.held, g.required) for g in plan] == [("keamanan-pdp", 1, 3)]
    assert plan[0].courses == [team.course]
    assert Entry.objects.filter(action="learning.assessment.create").count() == 1


def test_history_is_kept_and_the_supervisor_judgement_counts(team: Any) -> None:
    for level in (1, 2):
        _assess(team, team.member, level, "Penilaian diri.")
    _assess(team, team.supervisor, 3, "Sudah menangani permintaan data dengan benar.")
    assert Assessment.objects.filter(subject=team.member).count() == 3
    assert selectors.held_levels(team.member)[team.dimension.pk] == 3
    kinds = set(Assessment.objects.values_list("kind", flat=True))
    assert kinds == {"self", "supervisor"}


def test_a_colleague_who_does_not_supervise_cannot_assess(world: Any, team: Any) -> None:
    with pytest.raises(NotFound):
        _assess(team, world.reviewer, 4, "Bukan atasannya.")


def test_bad_level_or_missing_justification_changes_nothing(team: Any) -> None:
    for level, text in ((5, "Alasan."), (2, "   ")):
        with pytest.raises(ServiceError):
            services.assessment_record(
                actor=team.member,
                subject=team.member,
                dimension=team.dimension,
                level=level,
                justification=text,
            )
    assert not Assessment.objects.exists()


def test_the_heat_map_shows_the_gap_to_the_supervisor(team: Any) -> None:
    _columns, rows = selectors.heat_map(team.supervisor)
    assert [r.officer for r in rows] == [team.member]
    cell = next(c for c in rows[0].cells if c.dimension == team.dimension)
    assert (cell.held, cell.required, cell.size) == (0, 3, 3)
    html = signed_in(team.supervisor).get(reverse("learning:team")).content.decode()
    assert 'data-dimension="keamanan-pdp">— / 3 <strong>(−3)</strong>' in html


def test_self_assessment_page_saves_each_filled_dimension(team: Any) -> None:
    client = signed_in(team.member)
    page = client.get(reverse("learning:assess"))
    assert page.status_code == 200
    assert "Level 4" in page.content.decode()
    bad = client.post(reverse("learning:assess"), {f"level_{team.dimension.pk}": "2"})
    assert bad.status_code == 400
    assert "tulis alasan singkat" in bad.content.decode()
    assert not Assessment.objects.exists()
    good = client.post(
        reverse("learning:assess"),
        {f"level_{team.dimension.pk}": "2", f"justification_{team.dimension.pk}": "Paham dasar."},
    )
    assert good.status_code == 302
    assert Assessment.objects.get().level == 2


def test_an_officer_sees_own_and_team_records_only(world: Any, team: Any) -> None:
    url = reverse("learning:officer", args=[team.member.pk])
    assert signed_in(team.member).get(url).status_code == 200
    assert signed_in(team.supervisor).get(url).status_code == 200
    assert signed_in(world.reviewer).get(url).status_code == 404
    assert signed_in(world.admin_b).get(url).status_code == 404
    own = reverse("learning:officer", args=[team.supervisor.pk])
    assert signed_in(team.member).get(own).status_code == 404
    assert signed_in(world.reviewer).get(reverse("learning:team")).status_code == 404


def test_the_officer_export_holds_their_competency_record_and_erasure_keeps_it(team: Any) -> None:
    from satupintu.privacy import registry

    _assess(team, team.member, 2, "Paham dasar.")
    exported = registry.export_for(team.member)
    assert "Paham dasar." in str(exported)
    from satupintu.learning.privacy import erase_learning

    assert erase_learning(team.member).retained
    assert Assessment.objects.filter(subject=team.member).exists()
