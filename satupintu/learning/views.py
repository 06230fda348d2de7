"""The learning pages of the back office (/kantor/belajar/) and the two public ones."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from satupintu.applications import access as applications_access
from satupintu.applications import outputs
from satupintu.catalog.models import Service
from satupintu.core.errors import ServiceError
from satupintu.core.security import office_required
from satupintu.learning import access, selectors, services
from satupintu.learning import help as page_help
from satupintu.learning.forms import AppreciationForm, ProposalForm, ThanksForm, TrainingForm
from satupintu.learning.models import (
    Assessment,
    Enrolment,
    OnboardingItem,
    Proposal,
)
from satupintu.organizations.selectors import colleagues_of, memberships_for

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _back(request: HttpRequest, name: str, *args: Any, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(name, args=args) + anchor)


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    then: Callable[[Any], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """GET shows `form`; a valid POST calls `save` (a service), says `done` and redirects to
    `then(result)`. Bad input or a refused service keeps the form with its message (400)."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = save(form.cleaned_data)
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, done)
                return HttpResponseRedirect(then(result))
        status = 400
    return TemplateResponse(request, template, {"form": form, **context}, status=status)


# --- my record -------------------------------------------------------------------------------


@office_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return TemplateResponse(
        request,
        "learning/home.html",
        {
            "plan": selectors.development_plan(user),
            "gaps": selectors.gaps(user),
            "hours": selectors.lesson_hours(user),
            "mandatory": selectors.mandatory_for(user),
            "missing": {c.pk for c in selectors.mandatory_missing(user)},
            "enrolments": Enrolment.objects.filter(user=user).select_related("course"),
            "onboarding": selectors.onboarding(user),
            "appreciations": selectors.appreciations_for(user)[:10],
            "is_supervisor": access.is_supervisor(user),
        },
    )


def _assessment_rows(request: HttpRequest) -> tuple[list[dict[str, Any]], list[str]]:
    rows, errors = [], []
    for dimension in selectors.dimensions():
        raw_level = request.POST.get(f"level_{dimension.pk}", "")
        text = request.POST.get(f"justification_{dimension.pk}", "")
        rows.append({"dimension": dimension, "level": raw_level, "justification": text})
        if not raw_level and not text.strip():
            continue
        if raw_level not in ("1", "2", "3", "4"):
            errors.append(
                _("%(dimension)s: pilih level 1 sampai 4.") % {"dimension": dimension.name}
            )
        elif not text.strip():
            errors.append(_("%(dimension)s: tulis alasan singkat.") % {"dimension": dimension.name})
        elif len(text) > services.JUSTIFICATION_MAX:
            errors.append(
                _("%(dimension)s: alasan paling banyak 500 karakter.")
                % {"dimension": dimension.name}
            )
    return rows, errors


def _save_assessments(request: HttpRequest, subject: Any) -> tuple[list[dict[str, Any]], list[str]]:
    rows, errors = _assessment_rows(request)
    chosen = [r for r in rows if r["level"]]
    if not errors and not chosen:
        errors.append(_("Isi sedikitnya satu dimensi."))
    if not errors:
        for row in chosen:
            services.assessment_record(
                actor=request.user,
                subject=subject,
                dimension=row["dimension"],
                level=int(row["level"]),
                justification=row["justification"],
            )
    return rows, errors


@office_required
@GET_POST
def assess(request: HttpRequest) -> HttpResponse:
    """The self-assessment: one level and a justification per dimension."""
    user = request.user
    latest = selectors.latest_assessments(user)
    rows = [
        {
            "dimension": d,
            "level": str(getattr(latest.get(d.pk, {}).get("self"), "level", "")),
            "justification": "",
        }
        for d in selectors.dimensions()
    ]
    errors: list[str] = []
    if request.method == "POST":
        rows, errors = _save_assessments(request, user)
        if not errors:
            messages.success(request, _("Penilaian diri tersimpan."))
            return _back(request, "learning:home", anchor="#rencana")
    return TemplateResponse(
        request,
        "learning/assess.html",
        {"rows": rows, "errors": errors, "subject": user, "action": reverse("learning:assess")},
        status=400 if errors else 200,
    )


@office_required
@GET_POST
def officer(request: HttpRequest, officer_id: int) -> HttpResponse:
    """One officer's competency record: history, gaps, hours; the supervisor assesses here."""
    subject = access.officer_for_viewer(request.user, officer_id)
    supervising = subject.pk != request.user.pk
    errors: list[str] = []
    rows = [{"dimension": d, "level": "", "justification": ""} for d in selectors.dimensions()]
    if request.method == "POST":
        if not supervising:
            return _back(request, "learning:assess")
        rows, errors = _save_assessments(request, subject)
        if not errors:
            messages.success(request, _("Penilaian atasan tersimpan."))
            return _back(request, "learning:officer", subject.pk)
    return TemplateResponse(
        request,
        "learning/officer.html",
        {
            "subject": subject,
            "supervising": supervising,
            "history": Assessment.objects.filter(subject=subject).select_related(
                "dimension", "assessor"
            ),
            "gaps": selectors.gaps(subject),
            "hours": selectors.lesson_hours(subject),
            "trainings": selectors.external_trainings(subject),
            "enrolments": Enrolment.objects.filter(user=subject).select_related("course"),
            "rows": rows,
            "errors": errors,
            "action": reverse("learning:officer", args=[subject.pk]),
        },
        status=400 if errors else 200,
    )


@office_required
def team(request: HttpRequest) -> HttpResponse:
    """The supervisor's heat map of gaps and the month's recognition summary."""
    if not access.is_supervisor(request.user):
        raise Http404
    today = timezone.localdate()
    month = str(request.GET.get("bulan", ""))
    try:
        year_s, month_s = month.split("-")
        year, mon = int(year_s), int(month_s)
        dt.date(year, mon, 1)
    except ValueError:
        year, mon = today.year, today.month
    columns, rows = selectors.heat_map(request.user)
    return TemplateResponse(
        request,
        "learning/team.html",
        {
            "columns": columns,
            "rows": rows,
            "summary": selectors.monthly_summary(request.user, year, mon),
            "month": dt.date(year, mon, 1),
        },
    )


# --- courses ---------------------------------------------------------------------------------


@office_required
def courses(request: HttpRequest) -> HttpResponse:
    from satupintu.learning.models import Course

    return TemplateResponse(
        request,
        "learning/courses.html",
        {"courses": Course.objects.filter(is_published=True).select_related("dimension")},
    )


def _enrolment(user: Any, course: Any) -> Enrolment | None:
    return Enrolment.objects.filter(user=user, course=course).first()


@office_required
@GET_POST
def course(request: HttpRequest, slug: str) -> HttpResponse:
    """A course: its modules; POST `enrol`, or `module` (id) marked read."""
    item = access.course_for_officer(request.user, slug)
    enrolment = _enrolment(request.user, item)
    if request.method == "POST":
        if "enrol" in request.POST:
            services.enrolment_create(actor=request.user, course=item)
            messages.success(request, _("Anda terdaftar di kursus ini."))
        elif enrolment is not None:
            module = item.modules.filter(pk=_int(request.POST.get("module"))).first()
            if module is None:
                raise Http404
            services.module_complete(actor=request.user, enrolment=enrolment, module=module)
        return _back(request, "learning:course", item.slug)
    done = set(enrolment.done.values_list("module_id", flat=True)) if enrolment else set()
    modules = list(item.modules.all())
    return TemplateResponse(
        request,
        "learning/course.html",
        {
            "course": item,
            "enrolment": enrolment,
            "modules": modules,
            "done": done,
            "progress": round(100 * len(done) / len(modules)) if modules else 0,
            "may_quiz": enrolment is not None and services.may_take_quiz(enrolment),
            "attempts_left": item.max_attempts - services.attempts_used(enrolment)
            if enrolment
            else item.max_attempts,
        },
    )


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@office_required
def module_file(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    """A module's image, PDF or video file, to officers (private storage)."""
    from django.http import FileResponse

    item = access.course_for_officer(request.user, slug)
    module = item.modules.filter(pk=module_id).exclude(file="").first()
    if module is None:
        raise Http404
    try:
        handle = module.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(handle, filename=str(module.file.name).rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    return cast(HttpResponse, response)


@office_required
def package(request: HttpRequest, slug: str) -> HttpResponse:
    """The whole course as one zip (an index page, the module files, the links) for reading
    offline on a weak connection."""
    item = access.course_for_officer(request.user, slug)
    modules = list(item.modules.all())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        names: dict[int, str] = {}
        for module in modules:
            if module.file:
                base = str(module.file.name).rsplit("/", 1)[-1]
                names[module.pk] = f"berkas/{module.order:02d}-{module.pk}-{base}"
                try:
                    with module.file.open("rb") as handle:
                        archive.writestr(names[module.pk], handle.read())
                except OSError:
                    names.pop(module.pk)
        index = render_to_string(
            "learning/package_index.html", {"course": item, "modules": modules, "names": names}
        )
        archive.writestr("index.html", index)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{item.slug}.zip"'
    return response


@office_required
@never_cache
@GET_POST
def quiz(request: HttpRequest, slug: str) -> HttpResponse:
    """GET shows the open attempt (POST `start` draws one); POST answers submits it."""
    from satupintu.learning.models import Question

    item = access.course_for_officer(request.user, slug)
    enrolment = _enrolment(request.user, item)
    if enrolment is None:
        return _back(request, "learning:course", item.slug)
    attempt = enrolment.attempts.filter(submitted_at__isnull=True).first()
    error = ""
    status = 200
    if request.method == "POST":
        try:
            if "start" in request.POST or attempt is None:
                services.attempt_start(actor=request.user, enrolment=enrolment)
                return _back(request, "learning:quiz", item.slug)
            answers = {key[1:]: value for key, value in request.POST.items() if key.startswith("q")}
            result = services.attempt_submit(actor=request.user, attempt=attempt, answers=answers)
        except ServiceError as exc:
            error, status = exc.message, exc.status
        else:
            if result.passed:
                messages.success(
                    request,
                    _("Lulus dengan nilai %(score)d. Sertifikat Anda sudah terbit.")
                    % {"score": result.score},
                )
            else:
                messages.error(
                    request,
                    _("Nilai %(score)d, belum mencapai nilai lulus %(mark)d.")
                    % {"score": result.score, "mark": item.pass_mark},
                )
            return _back(request, "learning:course", item.slug, anchor="#kuis")
    questions = []
    if attempt is not None:
        by_id = {
            q.pk: q
            for q in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related(
                "choices"
            )
        }
        questions = [by_id[i] for i in attempt.question_ids if i in by_id]
    return TemplateResponse(
        request,
        "learning/quiz.html",
        {
            "course": item,
            "attempt": attempt,
            "questions": questions,
            "error": error,
            "attempts_left": item.max_attempts - services.attempts_used(enrolment),
        },
        status=status,
    )


@office_required
def certificate(request: HttpRequest, enrolment_id: Any) -> HttpResponse:
    """The signed completion certificate, to its holder and their supervisor."""
    enrolment = access.enrolment_for_viewer(request.user, enrolment_id)
    if enrolment.certificate is None:
        raise Http404
    return cast(HttpResponse, outputs.file_response(enrolment.certificate))


@office_required
@GET_POST
def training(request: HttpRequest) -> HttpResponse:
    """Record an external training and its JP."""
    user: Any = request.user
    return _form_page(
        request,
        TrainingForm(request.POST or None),
        save=lambda data: services.external_training_record(actor=user, **data),
        done=_("Pelatihan tercatat."),
        then=lambda _row: reverse("learning:training"),
        template="learning/training.html",
        context={
            "trainings": selectors.external_trainings(user),
            "hours": selectors.lesson_hours(user),
        },
    )


# --- in the flow of work ---------------------------------------------------------------------


@office_required
def page_help_view(request: HttpRequest, key: str) -> HttpResponse:
    entry = page_help.for_page(key)
    if entry is None:
        raise Http404
    try:
        back = reverse(key) if key != "applications_office:detail" else ""
    except Exception:  # a page that needs arguments has no plain address to go back to
        back = ""
    return TemplateResponse(request, "learning/help.html", {"entry": entry, "back": back})


@office_required
@require_POST
def onboarding_done(request: HttpRequest, item_id: int) -> HttpResponse:
    item = OnboardingItem.objects.filter(pk=item_id).first()
    if item is None:
        raise Http404
    services.onboarding_complete(actor=request.user, item=item)
    return _back(request, "learning:home", anchor="#orientasi")


# --- innovation ------------------------------------------------------------------------------


def _service_choices(user: Any) -> list[tuple[str, str]]:
    agencies = [m.agency_id for m in memberships_for(user)]
    return [
        (str(s.pk), s.name) for s in Service.objects.filter(agency_id__in=agencies).order_by("name")
    ]


@office_required
def proposals(request: HttpRequest) -> HttpResponse:
    from satupintu.organizations.selectors import agency_ids_for

    rows = Proposal.objects.filter(agency_id__in=agency_ids_for(request.user)).select_related(
        "author", "service"
    )
    return TemplateResponse(
        request, "learning/proposals.html", {"proposals": rows, "metrics": selectors.METRICS}
    )


@office_required
@GET_POST
def proposal_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user

    def save(data: dict[str, Any]) -> Proposal:
        service = Service.objects.filter(pk=_int(data["service"])).first()
        membership = memberships_for(user).first()
        return services.proposal_submit(
            actor=user,
            agency_id=service.agency_id if service else getattr(membership, "agency_id", 0),
            service=service,
            title=data["title"],
            problem=data["problem"],
            idea=data["idea"],
            metric=data["metric"],
        )

    return _form_page(
        request,
        ProposalForm(request.POST or None, services=_service_choices(user)),
        save=save,
        done=_("Usulan terkirim."),
        then=lambda row: reverse("learning:proposal", args=[row.public_id]),
        template="learning/proposal_new.html",
        context={},
    )


@office_required
@GET_POST
def proposal(request: HttpRequest, proposal_id: Any) -> HttpResponse:
    """A proposal: comments, support; the agency adopts or declines; an adopted one is measured.
    POST `action` = comment | support | adopt | decline | measure."""
    row = access.proposal_for_officer(request.user, proposal_id)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "comment":
                services.proposal_comment(
                    actor=request.user, proposal=row, body=request.POST.get("body", "")
                )
            elif action == "support":
                services.proposal_support(actor=request.user, proposal=row)
            elif action in ("adopt", "decline"):
                services.proposal_review(
                    actor=request.user,
                    proposal=row,
                    adopt=action == "adopt",
                    reason=request.POST.get("reason", ""),
                )
            elif action == "measure":
                services.proposal_measure(actor=request.user, proposal=row)
            else:
                raise ServiceError(_("Tindakan tidak dikenal."))
        except ServiceError as exc:
            error = exc.message
        else:
            return _back(request, "learning:proposal", row.public_id)
        row = access.proposal_for_officer(request.user, proposal_id)
    return TemplateResponse(
        request,
        "learning/proposal.html",
        {
            "proposal": row,
            "metric_label": selectors.METRICS.get(row.metric, row.metric),
            "comments": row.comments.select_related("author"),
            "supports": row.supports.count(),
            "supported": row.supports.filter(user_id=cast(Any, request.user).pk).exists(),
            "may_review": access.may_review(request.user, row),
            "error": error,
        },
        status=400 if error else 200,
    )


def board(request: HttpRequest) -> HttpResponse:
    """Public: the adopted innovations with their before/after figure (no people ranked)."""
    rows = list(
        Proposal.objects.filter(status=Proposal.Status.ADOPTED).select_related("agency", "service")
    )
    labelled = [(p, selectors.METRICS.get(p.metric, p.metric)) for p in rows]
    return TemplateResponse(request, "learning/board.html", {"proposals": labelled})


# --- recognition -----------------------------------------------------------------------------


@office_required
@GET_POST
def appreciate(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    colleagues = {str(u.pk): u for u in colleagues_of(user)}
    choices = [(key, u.full_name or str(u)) for key, u in colleagues.items()]
    return _form_page(
        request,
        AppreciationForm(request.POST or None, colleagues=choices),
        save=lambda data: services.appreciation_give(
            actor=user,
            receiver=colleagues[data["receiver"]],
            value=data["value"],
            message=data["message"],
        ),
        done=_("Apresiasi terkirim."),
        then=lambda _row: reverse("learning:appreciate"),
        template="learning/appreciate.html",
        context={"received": selectors.appreciations_for(user)},
    )


@login_required
@GET_POST
def thanks(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A citizen thanks the officers of their case (their identity is not passed on)."""
    application = applications_access.application_for_citizen(request.user, public_id)
    return _form_page(
        request,
        ThanksForm(request.POST or None),
        save=lambda data: services.citizen_thanks(
            actor=request.user, application=application, message=data["message"]
        ),
        done=_("Terima kasih Anda sudah disampaikan."),
        then=lambda _rows: reverse("applications:detail", args=[application.public_id]),
        template="learning/thanks.html",
        context={"application": application},
    )
