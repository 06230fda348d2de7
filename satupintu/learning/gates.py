"""Course gates: a permission that works only after a course is passed and while it is current.

Learning sits above applications, so applications offers the hook (`reveal.register_gate`) and
this module registers into it from `LearningConfig.ready()`. With no active `CourseGate` row for
a permission, nothing changes.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from satupintu.learning import selectors
from satupintu.learning.models import CourseGate


def reveal_gate(user: Any, application: Any) -> str:
    """Why `user` may not reveal identifiers yet (naming the course), or ""."""
    gate = selectors.gate_for(CourseGate.Permission.REVEAL_IDENTIFIER)
    if gate is None or selectors.gate_open(user, gate):
        return ""
    passed = selectors.gate_passed_at(user, gate)
    if passed is not None:
        return _(
            "Kelulusan kursus “%(course)s” Anda sudah kedaluwarsa. Ulangi kursus itu "
            "untuk dapat menampilkan data pribadi lagi."
        ) % {"course": gate.course.title}
    return _(
        "Menampilkan data pribadi memerlukan kelulusan kursus “%(course)s”. Ikuti "
        "kursus itu di menu Belajar."
    ) % {"course": gate.course.title}


def register() -> None:
    from satupintu.applications import reveal

    reveal.register_gate(reveal_gate)
