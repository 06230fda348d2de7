"""Reads of the learning app shared by its pages, its API and its tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satupintu.applications.models import Application, Status
from satupintu.learning.models import (
    Appreciation,
    Assessment,
    Attempt,
    Course,
    CourseGate,
    Dimension,
    Enrolment,
    ExternalTraining,
    MandatoryCourse,
    OnboardingDone,
    OnboardingItem,
    Requirement,
    Value,
)
from satupintu.organizations.selectors import memberships_for, supervised_memberships

# --- the framework and levels ----------------------------------------------------------------


def dimensions() -> list[Dimension]:
    return list(Dimension.objects.prefetch_related("indicators"))


def latest_assessments(user: Any) -> dict[int, dict[str, Assessment]]:
    """{dimension id: {kind: newest assessment of that kind}}."""
    found: dict[int, dict[str, Assessment]] = {}
    for row in Assessment.objects.filter(subject=user).order_by("created_at", "id"):
        found.setdefault(row.dimension_id, {})[row.kind] = row
    return found


def passed_courses(user: Any) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(user=user, passed_at__isnull=False).select_related("course")
    )


def held_levels(user: Any) -> dict[int, int]:
    """The level `user` holds per dimension: the supervisor's newest judgement, else their own,
    raised to the level of any course of that dimension they have passed."""
    held: dict[int, int] = {}
    for dimension_id, kinds in latest_assessments(user).items():
        row = kinds.get(Assessment.Kind.SUPERVISOR) or kinds.get(Assessment.Kind.SELF)
        if row is not None:
            held[dimension_id] = row.level
    for enrolment in passed_courses(user):
        course = enrolment.course
        if course.dimension_id is not None:
            held[course.dimension_id] = max(held.get(course.dimension_id, 0), course.level)
    return held


def required_levels(user: Any) -> dict[int, int]:
    """The level each dimension needs, the highest over the roles `user` holds (a unit's own
    requirement, else the agency-wide one for that role)."""
    needed: dict[int, int] = {}
    for membership in memberships_for(user):
        rows = Requirement.objects.filter(
            Q(unit_id=membership.unit_id) | Q(unit__isnull=True),
            agency_id=membership.agency_id,
            role=membership.role,
        )
        per_dimension: dict[int, int] = {}
        for r in rows:  # the unit's own row wins over the agency-wide one, in any order
            if r.unit_id is None:
                per_dimension.setdefault(r.dimension_id, r.level)
            else:
                per_dimension[r.dimension_id] = r.level
        for dimension_id, level in per_dimension.items():
            needed[dimension_id] = max(needed.get(dimension_id, 0), level)
    return needed


@dataclass
class Gap:
    dimension: Dimension
    held: int
    required: int
    courses: list[Course] = field(default_factory=list)

    @property
    def size(self) -> int:
        return max(self.required - self.held, 0)


def gaps(user: Any) -> list[Gap]:
    """Every dimension with its held and required level, and the courses that close a gap."""
    held = held_levels(user)
    required = required_levels(user)
    result = []
    for dimension in Dimension.objects.all():
        gap = Gap(dimension, held.get(dimension.pk, 0), required.get(dimension.pk, 0))
        result.append(gap)
    return result


def development_plan(user: Any) -> list[Gap]:
    """The gaps of `user` with the published courses (not passed yet) that reach the level."""
    passed = {e.course_id for e in passed_courses(user)}
    plan = []
    for gap in gaps(user):
        if gap.size == 0:
            continue
        gap.courses = list(
            Course.objects.filter(
                is_published=True, dimension=gap.dimension, level__gte=gap.required
            )
            .exclude(pk__in=passed)
            .order_by("level", "title")
        )
        plan.append(gap)
    return plan


# --- the team and its heat map ---------------------------------------------------------------


def team(supervisor: Any) -> list[Any]:
    """The officers `supervisor` supervises, each once, by name."""
    seen: dict[int, Any] = {}
    for membership in supervised_memberships(supervisor):
        seen.setdefault(membership.user_id, membership.user)
    return list(seen.values())


@dataclass
class HeatRow:
    officer: Any
    cells: list[Gap]
    hours: Any = None


def heat_map(supervisor: Any) -> tuple[list[Dimension], list[HeatRow]]:
    """Per supervised officer and dimension: held, required and the gap between them."""
    columns = list(Dimension.objects.all())
    rows = [HeatRow(o, gaps(o), lesson_hours(o)) for o in team(supervisor)]
    return columns, rows


# --- lesson hours (JP) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Hours:
    year: int
    internal: int
    external: int
    target: int

    @property
    def total(self) -> int:
        return self.internal + self.external

    @property
    def reached(self) -> bool:
        return self.total >= self.target

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.total / self.target)) if self.target else 100


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_default_timezone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def lesson_hours(user: Any, year: int | None = None) -> Hours:
    """JP reached in `year` (local calendar): courses passed that year (once each, on the first
    passing attempt of the year) plus external trainings finished that year."""
    year = year or timezone.localdate().year
    start, end = _year_bounds(year)
    passed_course_ids = (
        Attempt.objects.filter(
            enrolment__user=user, passed=True, submitted_at__gte=start, submitted_at__lt=end
        )
        .values_list("enrolment__course_id", flat=True)
        .distinct()
    )
    internal = (
        Course.objects.filter(pk__in=list(passed_course_ids)).aggregate(n=Sum("jp"))["n"] or 0
    )
    external = (
        ExternalTraining.objects.filter(user=user, finished_on__year=year).aggregate(n=Sum("jp"))[
            "n"
        ]
        or 0
    )
    return Hours(year, int(internal), int(external), settings.LEARNING_JP_TARGET)


def external_trainings(user: Any) -> QuerySet[ExternalTraining]:
    return ExternalTraining.objects.filter(user=user)


# --- mandatory courses, gates, onboarding ----------------------------------------------------


def mandatory_for(user: Any) -> list[Course]:
    """The courses the roles `user` holds make mandatory (any agency, or theirs)."""
    rows = memberships_for(user)
    query = Q(pk__in=[])
    for membership in rows:
        query |= Q(role=membership.role) & (
            Q(agency__isnull=True) | Q(agency_id=membership.agency_id)
        )
    ids = MandatoryCourse.objects.filter(query).values_list("course_id", flat=True)
    return list(Course.objects.filter(pk__in=list(ids)).order_by("title"))


def mandatory_missing(user: Any) -> list[Course]:
    passed = {e.course_id for e in passed_courses(user)}
    return [c for c in mandatory_for(user) if c.pk not in passed]


def gate_for(permission: str) -> CourseGate | None:
    return (
        CourseGate.objects.filter(permission=permission, is_active=True)
        .select_related("course")
        .first()
    )


def gate_passed_at(user: Any, gate: CourseGate) -> dt.datetime | None:
    value: dt.datetime | None = (
        Enrolment.objects.filter(user=user, course_id=gate.course_id)
        .values_list("passed_at", flat=True)
        .first()
    )
    return value


def gate_open(user: Any, gate: CourseGate, now: dt.datetime | None = None) -> bool:
    """Whether `user` passed the gate's course and the pass is still current."""
    now = now or timezone.now()
    passed_at = gate_passed_at(user, gate)
    return passed_at is not None and passed_at + dt.timedelta(days=gate.valid_days) > now


def onboarding(user: Any) -> list[tuple[OnboardingItem, bool]]:
    """The checklist for the roles `user` holds (and for everyone), each with done or not."""
    roles = {m.role for m in memberships_for(user)}
    items = OnboardingItem.objects.filter(Q(role="") | Q(role__in=roles))
    done = set(OnboardingDone.objects.filter(user=user).values_list("item_id", flat=True))
    return [(item, item.pk in done) for item in items]


# --- recognition -----------------------------------------------------------------------------


def appreciations_for(user: Any) -> QuerySet[Appreciation]:
    return Appreciation.objects.filter(receiver=user).select_related("giver", "application")


def monthly_summary(supervisor: Any, year: int, month: int) -> list[dict[str, Any]]:
    """Per supervised officer: appreciations received that month, by value and citizens' thanks.
    For the supervisor only; never published, never ranked (ordered by name)."""
    zone = timezone.get_default_timezone()
    start = dt.datetime(year, month, 1, tzinfo=zone)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)
    result = []
    for officer in team(supervisor):
        rows = Appreciation.objects.filter(
            receiver=officer, created_at__gte=start, created_at__lt=end
        )
        counts = dict(
            rows.exclude(value="").values_list("value").annotate(n=Count("id")).order_by()
        )
        values = [(label, counts[key]) for key, label in Value.choices if key in counts]
        thanks = rows.filter(application__isnull=False).count()
        result.append({"officer": officer, "values": values, "thanks": thanks})
    return result


# --- figures an innovation can be measured by ------------------------------------------------

METRICS = {
    "applications_30d": _("Jumlah permohonan 30 hari terakhir"),
    "on_time_rate": _("Persentase permohonan selesai tepat waktu (30 hari terakhir)"),
    "mean_days": _("Rata-rata hari penyelesaian (30 hari terakhir)"),
}


def service_figure(metric: str, *, agency_id: int, service_id: int | None) -> float | None:
    """The value of one figure for a service (or the whole agency) over the last 30 days.

    These are the figures that exist before the insights app: counts and on-time completion
    computed from applications; None when there is nothing to measure yet.
    """
    since = timezone.now() - dt.timedelta(days=30)
    rows = Application.objects.filter(agency_id=agency_id, submitted_at__gte=since)
    if service_id is not None:
        rows = rows.filter(service_id=service_id)
    if metric == "applications_30d":
        return float(rows.count())
    completed: list[tuple[dt.datetime, dt.datetime, dt.datetime | None]] = list(
        rows.filter(status=Status.COMPLETED, completed_at__isnull=False).values_list(
            "submitted_at", "completed_at", "due_at"
        )  # type: ignore[arg-type]
    )
    if not completed:
        return None
    if metric == "on_time_rate":
        on_time = sum(1 for _s, done, due in completed if due is None or done <= due)
        return round(100 * on_time / len(completed), 1)
    if metric == "mean_days":
        days = [(done - submitted).total_seconds() / 86400 for submitted, done, _d in completed]
        return round(sum(days) / len(days), 1)
    return None
