"""Every write of the learning app: one transaction, one ledger entry, side effects on commit."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from satupintu.applications import outputs
from satupintu.applications.models import Application, Event, Output
from satupintu.core import dates
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ServiceError
from satupintu.learning import access, selectors
from satupintu.learning.models import (
    Appreciation,
    Assessment,
    Attempt,
    Choice,
    Course,
    Dimension,
    Enrolment,
    ExternalTraining,
    Module,
    ModuleDone,
    OnboardingDone,
    OnboardingItem,
    Proposal,
    ProposalComment,
    ProposalSupport,
    Value,
)
from satupintu.ledger import services as ledger
from satupintu.notifications.models import Message
from satupintu.notifications.services import notify
from satupintu.organizations.selectors import (
    agency_ids_for,
    memberships_for,
    supervises_officer,
)

JUSTIFICATION_MAX = 500
TEXT_MAX = 2000


def _text(value: Any, *, field: str, label: str, limit: int, required: bool = True) -> str:
    text = " ".join(str(value or "").split()) if limit <= 500 else str(value or "").strip()
    if required and not text:
        raise ServiceError(_("%(label)s wajib diisi.") % {"label": label}, field=field)
    if len(text) > limit:
        raise ServiceError(
            _("%(label)s paling banyak %(n)d karakter.") % {"label": label, "n": limit},
            field=field,
        )
    return text


# --- assessments -----------------------------------------------------------------------------


@transaction.atomic
def assessment_record(
    *, actor: Any, subject: Any, dimension: Dimension, level: int, justification: str
) -> Assessment:
    """Record a self-assessment (actor is subject) or a supervisor's assessment of a team member,
    level 1–4 with a short justification. History is kept: nothing is overwritten."""
    access.require_officer(actor)
    if actor.pk == subject.pk:
        kind = Assessment.Kind.SELF
    elif supervises_officer(actor, subject):
        kind = Assessment.Kind.SUPERVISOR
    else:
        raise NotFound(_("Pegawai tidak ditemukan."))
    if not isinstance(level, int) or not 1 <= level <= 4:
        raise ServiceError(_("Pilih level 1 sampai 4."), field="level")
    text = _text(justification, field="justification", label=_("Alasan"), limit=JUSTIFICATION_MAX)
    row = Assessment.objects.create(
        subject=subject,
        assessor=actor,
        kind=kind,
        dimension=dimension,
        level=level,
        justification=text,
    )
    ledger.record(
        actor,
        "learning.assessment.create",
        row,
        {"subject": subject.pk, "kind": kind, "dimension": dimension.pk, "level": level},
    )
    return row


# --- courses, progress and quizzes -----------------------------------------------------------


@transaction.atomic
def enrolment_create(*, actor: Any, course: Course) -> Enrolment:
    """Enrol `actor` in a published course (idempotent: the existing enrolment is returned)."""
    access.require_officer(actor)
    if not course.is_published:
        raise NotFound(_("Kursus tidak ditemukan."))
    existing = Enrolment.objects.filter(user=actor, course=course).first()
    if existing is not None:
        return existing
    row = Enrolment.objects.create(user=actor, course=course)
    ledger.record(actor, "learning.enrolment.create", row, {"course": course.pk})
    return row


def _own(actor: Any, enrolment: Enrolment) -> None:
    if enrolment.user_id != actor.pk:
        raise NotFound(_("Data kursus tidak ditemukan."))


@transaction.atomic
def module_complete(*, actor: Any, enrolment: Enrolment, module: Module) -> bool:
    """Mark one module read; False when it already was."""
    _own(actor, enrolment)
    if module.course_id != enrolment.course_id:
        raise NotFound(_("Modul tidak ditemukan."))
    _row, created = ModuleDone.objects.get_or_create(enrolment=enrolment, module=module)
    if created:
        ledger.record(actor, "learning.module.complete", enrolment, {"module": module.pk})
    return created


def attempts_used(enrolment: Enrolment) -> int:
    """Submitted attempts since the last pass (a new round starts when a pass is renewed)."""
    rows = enrolment.attempts.filter(submitted_at__isnull=False)
    if enrolment.passed_at is not None:
        rows = rows.filter(submitted_at__gt=enrolment.passed_at)
    return rows.count()


def may_take_quiz(enrolment: Enrolment, now: dt.datetime | None = None) -> bool:
    """A quiz is open while attempts remain and the course is not passed (or its pass expired)."""
    if enrolment.passed_at is not None and not _pass_expired(enrolment, now):
        return False
    return attempts_used(enrolment) < enrolment.course.max_attempts


def _pass_expired(enrolment: Enrolment, now: dt.datetime | None = None) -> bool:
    gate = enrolment.course.gates.filter(is_active=True).first()
    return gate is not None and not selectors.gate_open(enrolment.user, gate, now)


@transaction.atomic
def attempt_start(*, actor: Any, enrolment: Enrolment) -> Attempt:
    """Draw the questions of a new attempt from the course's bank (or return the open one)."""
    _own(actor, enrolment)
    locked = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
    open_attempt = locked.attempts.filter(submitted_at__isnull=True).first()
    if open_attempt is not None:
        return open_attempt
    if not may_take_quiz(locked):
        raise Conflict(_("Tidak ada kesempatan kuis tersisa untuk kursus ini."))
    bank = list(locked.course.questions.values_list("pk", flat=True))
    if not bank:
        raise ServiceError(_("Kursus ini belum memiliki soal."))
    count = min(locked.course.questions_per_attempt, len(bank))
    drawn = random.sample(bank, count)
    row = Attempt.objects.create(enrolment=locked, question_ids=drawn)
    ledger.record(actor, "learning.attempt.start", locked, {"attempt": row.pk, "n": count})
    return row


@transaction.atomic
def attempt_submit(*, actor: Any, attempt: Attempt, answers: dict[str, Any]) -> Attempt:
    """Score an attempt (`answers`: question id → choice id); passing issues the certificate.

    Every drawn question needs an answer; the score is the percentage right, compared with the
    course's pass mark.
    """
    locked = (
        Attempt.objects.select_for_update()
        .select_related("enrolment__course", "enrolment__user")
        .get(pk=attempt.pk)
    )
    enrolment = locked.enrolment
    _own(actor, enrolment)
    if locked.submitted_at is not None:
        raise Conflict(_("Percobaan ini sudah dikirim."))
    ids = [int(i) for i in locked.question_ids]
    missing = [i for i in ids if not str(answers.get(str(i), "")).strip()]
    if missing:
        raise ServiceError(_("Jawab semua soal sebelum mengirim."), field=f"q{missing[0]}")
    correct = set(
        Choice.objects.filter(question_id__in=ids, is_correct=True).values_list("pk", flat=True)
    )
    right = 0
    for qid in ids:
        try:
            chosen = int(answers.get(str(qid)))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            chosen = 0
        right += chosen in correct and Choice.objects.filter(pk=chosen, question_id=qid).exists()
    score = round(100 * right / len(ids)) if ids else 0
    now = timezone.now()
    locked.submitted_at = now
    locked.score = score
    locked.passed = score >= enrolment.course.pass_mark
    locked.save(update_fields=["submitted_at", "score", "passed"])
    ledger.record(
        actor,
        "learning.attempt.submit",
        enrolment,
        {"attempt": locked.pk, "score": score, "passed": locked.passed},
    )
    if locked.passed:
        _pass(actor, enrolment, now)
    return locked


def _certificate_agency(user: Any) -> Any:
    membership = memberships_for(user).first()
    if membership is None:
        raise ServiceError(_("Sertifikat memerlukan keanggotaan pada sebuah instansi."))
    return membership.agency


def _pass(actor: Any, enrolment: Enrolment, now: dt.datetime) -> None:
    """Record the pass and issue a signed certificate for it (a renewed pass gets a new one)."""
    course = enrolment.course
    holder = enrolment.user
    with translation.override(getattr(holder, "language", None) or settings.LANGUAGE_CODE):
        title = _("Sertifikat Penyelesaian Kursus")

        def body(pdf: Any, draft: Any, write: Any) -> None:
            write(_("Diberikan kepada:"))
            write(holder.full_name or str(holder), size=14, style="B")
            if holder.nip:
                write(_("NIP: %(nip)s") % {"nip": holder.nip})
            pdf.ln(2)
            write(
                _(
                    "yang telah menyelesaikan kursus %(course)s dan lulus kuisnya pada "
                    "%(date)s, setara %(jp)d jam pelajaran (JP) pengembangan kompetensi."
                )
                % {"course": course.title, "date": dates.long_date(now), "jp": course.jp}
            )

        certificate = outputs.issue_document(
            agency=_certificate_agency(holder),
            kind=Output.Kind.CERTIFICATE,
            title=title,
            actor=actor,
            holder=holder,
            body=body,
        )
    enrolment.passed_at = now
    enrolment.certificate = certificate
    enrolment.save(update_fields=["passed_at", "certificate"])
    ledger.record(
        actor,
        "learning.enrolment.pass",
        enrolment,
        {"course": course.pk, "certificate": certificate.number, "jp": course.jp},
    )


@transaction.atomic
def external_training_record(
    *, actor: Any, title: str, organiser: str, finished_on: dt.date, jp: int, evidence: str = ""
) -> ExternalTraining:
    """Record a training taken outside SatuPintu, with its JP, for the yearly total."""
    access.require_officer(actor)
    if not isinstance(jp, int) or not 1 <= jp <= 200:
        raise ServiceError(_("JP harus antara 1 dan 200."), field="jp")
    if finished_on > timezone.localdate():
        raise ServiceError(_("Tanggal selesai tidak boleh di masa depan."), field="finished_on")
    row = ExternalTraining.objects.create(
        user=actor,
        title=_text(title, field="title", label=_("Nama pelatihan"), limit=200),
        organiser=_text(organiser, field="organiser", label=_("Penyelenggara"), limit=200),
        finished_on=finished_on,
        jp=jp,
        evidence=_text(evidence, field="evidence", label=_("Bukti"), limit=200, required=False),
    )
    ledger.record(actor, "learning.training.create", row, {"jp": jp, "year": finished_on.year})
    return row


def mandatory_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Put a reminder in the outbox for each officer and mandatory course not yet passed
    (once a month per officer and course, by idempotency key); returns how many were new."""
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    month = timezone.localtime(now).strftime("%Y-%m")
    sent = 0
    officers = get_user_model().objects.filter(kind="officer", is_active=True)
    for officer in officers:
        for course in selectors.mandatory_missing(officer):
            key = f"learning-mandatory-{officer.pk}-{course.pk}-{month}"
            if Message.objects.filter(dedupe_key=key).exists():
                continue
            with transaction.atomic():
                notify(
                    user=officer,
                    channel="inapp",
                    template="learning_mandatory",
                    context={"course": course.title, "slug": course.slug},
                    dedupe_key=key,
                )
                ledger.record(
                    None,
                    "learning.reminder.send",
                    ("user", officer.pk),
                    {"course": course.pk, "month": month},
                )
            sent += 1
    return sent


# --- onboarding ------------------------------------------------------------------------------


@transaction.atomic
def onboarding_complete(*, actor: Any, item: OnboardingItem) -> bool:
    access.require_officer(actor)
    if item not in [i for i, _done in selectors.onboarding(actor)]:
        raise NotFound(_("Langkah tidak ditemukan."))
    _row, created = OnboardingDone.objects.get_or_create(user=actor, item=item)
    if created:
        ledger.record(actor, "learning.onboarding.complete", item, {})
    return created


# --- innovation proposals --------------------------------------------------------------------


@transaction.atomic
def proposal_submit(
    *,
    actor: Any,
    agency_id: int,
    service: Any,
    title: str,
    problem: str,
    idea: str,
    metric: str,
) -> Proposal:
    """An officer proposes an improvement to a service of their agency, with the figure it
    should move (one of `selectors.METRICS`)."""
    access.require_officer(actor)
    if agency_id not in agency_ids_for(actor):
        raise NotFound(_("Instansi tidak ditemukan."))
    if service is not None and service.agency_id != agency_id:
        raise ServiceError(_("Layanan itu bukan layanan instansi Anda."), field="service")
    if metric not in selectors.METRICS:
        raise ServiceError(_("Pilih ukuran keberhasilan dari daftar."), field="metric")
    row = Proposal.objects.create(
        author=actor,
        agency_id=agency_id,
        service=service,
        title=_text(title, field="title", label=_("Judul"), limit=200),
        problem=_text(problem, field="problem", label=_("Masalah"), limit=TEXT_MAX),
        idea=_text(idea, field="idea", label=_("Gagasan"), limit=TEXT_MAX),
        metric=metric,
    )
    ledger.record(actor, "learning.proposal.create", row, {"agency": agency_id, "metric": metric})
    return row


@transaction.atomic
def proposal_comment(*, actor: Any, proposal: Proposal, body: str) -> ProposalComment:
    access.proposal_for_officer(actor, proposal.public_id)
    text = _text(body, field="body", label=_("Komentar"), limit=1000)
    row = ProposalComment.objects.create(proposal=proposal, author=actor, body=text)
    ledger.record(
        actor,
        "learning.proposal.comment",
        proposal,
        {"comment": row.pk, "body_digest": ledger.keyed_digest(text)},
    )
    return row


@transaction.atomic
def proposal_support(*, actor: Any, proposal: Proposal) -> bool:
    """Support a colleague's proposal once (False when already supported)."""
    access.proposal_for_officer(actor, proposal.public_id)
    if proposal.author_id == actor.pk:
        raise ServiceError(_("Anda tidak dapat mendukung usulan sendiri."))
    try:
        with transaction.atomic():
            ProposalSupport.objects.create(proposal=proposal, user=actor)
    except IntegrityError:
        return False
    ledger.record(actor, "learning.proposal.support", proposal, {})
    return True


def _as_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _figure(proposal: Proposal) -> float | None:
    return selectors.service_figure(
        proposal.metric, agency_id=proposal.agency_id, service_id=proposal.service_id
    )


@transaction.atomic
def proposal_review(*, actor: Any, proposal: Proposal, adopt: bool, reason: str) -> Proposal:
    """The agency adopts or declines with a reason; adoption records the metric's value then."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not access.may_review(actor, locked):
        raise PermissionDenied(
            _("Hanya admin instansi atau atasan tingkat instansi yang dapat memutuskan usulan.")
        )
    if locked.status != Proposal.Status.OPEN:
        raise Conflict(_("Usulan ini sudah diputuskan."))
    locked.reason = _text(reason, field="reason", label=_("Alasan"), limit=500)
    locked.status = Proposal.Status.ADOPTED if adopt else Proposal.Status.DECLINED
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.metric_before = _figure(locked) if adopt else None
    locked.save(update_fields=["reason", "status", "reviewed_by", "reviewed_at", "metric_before"])
    ledger.record(
        actor,
        "learning.proposal.review",
        locked,
        {"status": locked.status, "metric_before": _as_text(locked.metric_before)},
    )
    return locked


@transaction.atomic
def proposal_measure(*, actor: Any, proposal: Proposal) -> Proposal:
    """Measure an adopted proposal's metric again (the "after" beside the "before")."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not access.may_review(actor, locked) and locked.author_id != actor.pk:
        raise PermissionDenied(_("Anda tidak berwenang mengukur usulan ini."))
    if locked.status != Proposal.Status.ADOPTED:
        raise Conflict(_("Hanya usulan yang diadopsi yang diukur ulang."))
    locked.metric_after = _figure(locked)
    locked.measured_at = timezone.now()
    locked.save(update_fields=["metric_after", "measured_at"])
    ledger.record(
        actor, "learning.proposal.measure", locked, {"metric_after": _as_text(locked.metric_after)}
    )
    return locked


# --- recognition -----------------------------------------------------------------------------


@transaction.atomic
def appreciation_give(*, actor: Any, receiver: Any, value: str, message: str) -> Appreciation:
    """A colleague in the same agency appreciates an officer for one BerAKHLAK value."""
    access.require_officer(actor)
    if receiver.pk == actor.pk:
        raise ServiceError(_("Apresiasi diberikan kepada rekan, bukan diri sendiri."))
    shared = set(agency_ids_for(actor)) & set(agency_ids_for(receiver))
    if not shared:
        raise NotFound(_("Rekan tidak ditemukan."))
    if value not in Value.values:
        raise ServiceError(_("Pilih salah satu nilai BerAKHLAK."), field="value")
    row = Appreciation.objects.create(
        receiver=receiver,
        giver=actor,
        agency_id=min(shared),
        value=value,
        message=_text(message, field="message", label=_("Pesan"), limit=500),
    )
    ledger.record(actor, "learning.appreciation.create", row, {"value": value})
    return row


@transaction.atomic
def citizen_thanks(*, actor: Any, application: Application, message: str) -> list[Appreciation]:
    """A citizen thanks the officers who worked on their case. Each officer receives it as the
    role they acted in; the citizen's identity is not stored with it or shown."""
    if application.applicant_id != getattr(actor, "pk", None):
        raise NotFound(_("Permohonan tidak ditemukan."))
    if Appreciation.objects.filter(application=application).exists():
        raise Conflict(_("Anda sudah menyampaikan terima kasih untuk permohonan ini."))
    text = _text(message, field="message", label=_("Pesan"), limit=500)
    acted = (
        Event.objects.filter(application=application, actor__kind="officer")
        .exclude(actor_id=actor.pk)
        .values_list("actor_id", "actor_label")
        .order_by("at")
    )
    roles: dict[int, str] = {}
    for officer_id, label in acted:
        roles.setdefault(officer_id, label or "")
    if not roles:
        raise ServiceError(_("Belum ada petugas yang menangani permohonan ini."))
    rows = [
        Appreciation.objects.create(
            receiver_id=officer_id,
            agency_id=application.agency_id,
            message=text,
            application=application,
            role=label,
        )
        for officer_id, label in roles.items()
    ]
    ledger.record(actor, "learning.thanks.create", application, {"officers": len(rows)})
    return rows


# --- the framework (the operator, through the admin) -----------------------------------------

FRAMEWORK_MODELS = frozenset(
    {
        "dimension",
        "indicator",
        "requirement",
        "course",
        "module",
        "question",
        "choice",
        "mandatorycourse",
        "coursegate",
        "onboardingitem",
    }
)


def _framework_check(actor: Any, obj: Any) -> str:
    name = obj._meta.model_name
    if name not in FRAMEWORK_MODELS or obj._meta.app_label != "learning":
        raise ServiceError(_("Data ini tidak dapat diubah di sini."))
    if not (getattr(actor, "is_staff", False) and actor.is_active):
        raise PermissionDenied(_("Hanya operator platform yang mengubah kerangka kompetensi."))
    return str(name)


@transaction.atomic
def framework_save(*, actor: Any, obj: Any) -> Any:
    """Save one row of the framework, the catalog or the gates (operator only), ledgered."""
    name = _framework_check(actor, obj)
    created = obj.pk is None
    obj.save()
    ledger.record(actor, "learning.framework.update", obj, {"model": name, "created": created})
    return obj


@transaction.atomic
def framework_delete(*, actor: Any, obj: Any) -> None:
    name = _framework_check(actor, obj)
    ledger.record(actor, "learning.framework.delete", obj, {"model": name})
    obj.delete()
