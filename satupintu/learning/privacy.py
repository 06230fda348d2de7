"""The learning part of a person's data (UU 27/2022): an officer's competency record.

Assessments, course results, external trainings and appreciations received are exported. On
erasure they are kept with the legal reason: the competency-development record is a personnel
record the agency must keep (PP 11/2017 Pasal 203–206). Citizens' thanks never hold the citizen.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.learning.models import Appreciation, Assessment, Enrolment, ExternalTraining
from satupintu.privacy import registry


def export_learning(user: Any) -> dict[str, Any]:
    return {
        "assessments": [
            {
                "dimension": a.dimension.code,
                "kind": a.kind,
                "level": a.level,
                "justification": a.justification,
                "at": a.created_at.isoformat(),
            }
            for a in Assessment.objects.filter(subject=user).select_related("dimension")
        ],
        "courses": [
            {
                "course": e.course.slug,
                "enrolled_at": e.enrolled_at.isoformat(),
                "passed_at": e.passed_at.isoformat() if e.passed_at else None,
                "certificate": e.certificate.number if e.certificate else None,
            }
            for e in Enrolment.objects.filter(user=user).select_related("course", "certificate")
        ],
        "external_trainings": [
            {
                "title": t.title,
                "organiser": t.organiser,
                "finished_on": str(t.finished_on),
                "jp": t.jp,
            }
            for t in ExternalTraining.objects.filter(user=user)
        ],
        "appreciations_received": [
            {"value": a.value, "message": a.message, "at": a.created_at.isoformat()}
            for a in Appreciation.objects.filter(receiver=user)
        ],
    }


def erase_learning(user: Any) -> registry.ErasureReport:
    held = (
        Assessment.objects.filter(subject=user).exists()
        or Enrolment.objects.filter(user=user).exists()
        or ExternalTraining.objects.filter(user=user).exists()
    )
    if not held:
        return registry.ErasureReport()
    return registry.ErasureReport(
        retained=[
            (
                _("Rekam pengembangan kompetensi pegawai"),
                _("data kepegawaian yang wajib disimpan instansi (PP 11/2017)"),
            )
        ]
    )


def register() -> None:
    registry.register(
        "learning",
        label=gettext_lazy("Rekam kompetensi dan pembelajaran"),
        export=export_learning,
        erase=erase_learning,
    )
