"""Citizen privacy pages (/privasi/) and the data protection officer's back office
(/kantor/privasi/)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from satupintu.core.errors import Conflict, ServiceError
from satupintu.core.security import office_required
from satupintu.privacy import registry, selectors, services
from satupintu.privacy.forms import (
    AnnounceForm,
    BreachCloseForm,
    BreachForm,
    BreachUpdateForm,
    CorrectionForm,
    DetailsForm,
    LiftForm,
    NotifiedForm,
    NotifySubjectsForm,
    RejectForm,
    ResponseForm,
)
from satupintu.privacy.models import Breach, DataSubjectRequest
from satupintu.privacy.pdf import render_export

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

Kind = DataSubjectRequest.Kind

# Request kinds a citizen starts from the overview, keyed by the URL word.
FORM_KINDS: dict[str, str] = {
    "perbaikan": Kind.CORRECTION,
    "penghapusan": Kind.ERASURE,
    "pembatasan": Kind.RESTRICTION,
    "keberatan": Kind.OBJECTION,
    "akses": Kind.ACCESS,
}


# --- citizen --------------------------------------------------------------------------------


def _page(request: HttpRequest, name: str, status: int = 200, **context: Any) -> HttpResponse:
    """A privacy page: each one shows deadlines (3×24 hours) against the same ``now``."""
    return TemplateResponse(
        request, f"privacy/{name}.html", {**context, "now": timezone.now()}, status=status
    )


def _flash_outcome(request: HttpRequest, act: Callable[[], object], done: str) -> None:
    """Runs one service call and tells the person how it went: its refusal, or ``done``."""
    try:
        act()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    return _page(
        request,
        "overview",
        consents=selectors.consents_for(user),
        requests=selectors.requests_for(user)[:50],
        flags=selectors.flags_for(user),
        form_kinds=[(slug, Kind(kind).label) for slug, kind in FORM_KINDS.items()],
    )


@require_GET
def policy(request: HttpRequest) -> HttpResponse:
    """The public privacy policy: how long each kind of data is kept and who each agency's data
    protection officer is (UU 27/2022 Pasal 21 and 54). Open to everyone, signed in or not."""
    return TemplateResponse(
        request,
        "privacy/policy.html",
        {"rules": selectors.retention_rules(), "dpos": services.dpo_directory()},
    )


@require_GET
def breach_announcements(request: HttpRequest) -> HttpResponse:
    """Public announcements of personal-data breaches, with their updates (Pasal 46)."""
    return TemplateResponse(
        request, "privacy/breaches_public.html", {"breaches": services.announced_breaches()}
    )


def _export_filename(user: Any, ext: str) -> str:
    return f"data-pribadi-{user.pk}-{timezone.localdate():%Y%m%d}.{ext}"


@login_required
@require_GET
@never_cache
def export_json(request: HttpRequest) -> HttpResponse:
    services.export_deliver(actor=request.user, fmt="json")  # type: ignore[arg-type]
    body = json.dumps(
        registry.export_for(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{_export_filename(request.user, "json")}"'
    )
    return response


@login_required
@require_GET
@never_cache
def export_pdf(request: HttpRequest) -> HttpResponse:
    services.export_deliver(actor=request.user, fmt="pdf")  # type: ignore[arg-type]
    pdf = render_export(
        registry.export_for(request.user), language=getattr(request.user, "language", "id")
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{_export_filename(request.user, "pdf")}"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, kind_slug: str) -> HttpResponse:
    kind = FORM_KINDS.get(kind_slug)
    if kind is None:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form: DetailsForm
    if kind == Kind.CORRECTION:
        form = CorrectionForm(data)
    else:
        form = DetailsForm(data, details_required=kind == Kind.OBJECTION)
    if request.method == "POST":
        if form.is_valid():
            changes = form.changes() if isinstance(form, CorrectionForm) else None
            try:
                dsr = services.dsr_submit(
                    actor=request.user,  # type: ignore[arg-type]
                    kind=kind,
                    details=form.cleaned_data.get("details", ""),
                    changes=changes,
                )
            except ServiceError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, exc.message)
            else:
                messages.success(
                    request,
                    _("Permintaan Anda diterima dan akan ditangani paling lambat 3 × 24 jam."),
                )
                return redirect("privacy:request", request_id=dsr.pk)
        messages.error(request, _("Periksa kembali isian yang ditandai."))
    return TemplateResponse(
        request,
        "privacy/request_form.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": Kind(kind).label,
            "kind_slug": kind_slug,
            "preview": _erasure_preview(request, kind),
        },
        status=400 if request.method == "POST" else 200,
    )


def _erasure_preview(request: HttpRequest, kind: str) -> dict[str, Any] | None:
    if kind != Kind.ERASURE:
        return None
    return registry.preview_erasure(request.user).as_dict()


@login_required
@require_GET
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    dsr = selectors.request_for_subject(request.user, request_id)
    preview = _erasure_preview(request, dsr.kind) if dsr.is_open else None
    return _page(
        request,
        "request_detail",
        dsr=dsr,
        preview=preview,
        response=dsr.response_for(translation.get_language()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, consent_id: int) -> HttpResponse:
    """Withdraw a consent in two steps: this page says what stops and what carries on (on which
    other legal basis) before the citizen confirms; a POST without `confirm` shows it again."""
    consent = selectors.consent_for_subject(request.user, consent_id)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            services.consent_withdraw(actor=request.user, consent=consent)  # type: ignore[arg-type]
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Persetujuan untuk “%(purpose)s” telah ditarik.")
                % {"purpose": consent.purpose_label},
            )
        return redirect("privacy:overview")
    return TemplateResponse(
        request,
        "privacy/consent_withdraw.html",
        {"consent": consent, "consequence": services.withdrawal_consequence(consent)},
    )


# --- data protection officer ----------------------------------------------------------------


def _dpo(request: HttpRequest) -> None:
    selectors.require_dpo(request.user)


@office_required
@require_GET
def office_queue(request: HttpRequest) -> HttpResponse:
    _dpo(request)
    show_closed = request.GET.get("semua") == "1"
    rows = selectors.dpo_queue(include_closed=show_closed)[:200]
    return _page(request, "office_queue", rows=rows, show_closed=show_closed)


@office_required
@require_GET
def office_request(request: HttpRequest, request_id: int) -> HttpResponse:
    dsr = selectors.request_for_dpo(request.user, request_id)
    return _office_request_page(request, dsr)


def _office_request_page(
    request: HttpRequest,
    dsr: DataSubjectRequest,
    *,
    complete_form: ResponseForm | None = None,
    reject_form: RejectForm | None = None,
    lift_form: LiftForm | None = None,
    status: int = 200,
) -> HttpResponse:
    changes: dict[str, str] = {}
    if dsr.changes:
        try:
            wanted = json.loads(dsr.changes)
        except ValueError:
            wanted = {}
        # Shown by the field's label (services.CORRECTABLE), not its code.
        changes = {
            str(services.CORRECTABLE[k].label) if k in services.CORRECTABLE else k: v
            for k, v in wanted.items()
        }
    return _page(
        request,
        "office_request",
        status=status,
        dsr=dsr,
        changes=changes,
        complete_form=complete_form or ResponseForm(),
        reject_form=reject_form or RejectForm(),
        # A completed restriction or upheld objection that still holds can be ended here.
        lift_form=lift_form if lift_form is not None else (LiftForm() if _liftable(dsr) else None),
    )


def _liftable(dsr: DataSubjectRequest) -> bool:
    return (
        dsr.status == DataSubjectRequest.Status.COMPLETED
        and bool(dsr.outcome.get("processing_restricted"))
        and selectors.processing_restricted(dsr.user)
    )


@office_required
@require_POST
def office_request_start(request: HttpRequest, request_id: int) -> HttpResponse:
    dsr = selectors.request_for_dpo(request.user, request_id)
    _flash_outcome(
        request,
        lambda: services.dsr_start(actor=request.user, request=dsr),  # type: ignore[arg-type]
        _("Permintaan sedang Anda proses."),
    )
    return redirect("privacy_office:request", request_id=dsr.pk)


def _lift(*, actor: Any, request: DataSubjectRequest, reason: str, reason_en: str) -> object:
    # Only from the request that set the restriction, while it holds.
    if not _liftable(request):
        raise Conflict(_("Pemrosesan data orang ini tidak sedang dibatasi."))
    return services.restriction_lift(
        actor=actor, user=request.user, reason=reason, reason_en=reason_en
    )


# How a DPO closes a request: the form, the service, the texts it passes (Indonesian and
# English), the notice after.
_CLOSINGS: dict[
    str, tuple[type[forms.Form], Callable[..., object], tuple[str, str], StrPromise]
] = {
    "complete": (
        ResponseForm,
        services.dsr_complete,
        ("response", "response_en"),
        gettext_lazy("Permintaan selesai diproses."),
    ),
    "reject": (
        RejectForm,
        services.dsr_reject,
        ("reason", "reason_en"),
        gettext_lazy("Permintaan ditolak; alasannya ditampilkan ke pemohon."),
    ),
    "lift": (
        LiftForm,
        _lift,
        ("reason", "reason_en"),
        gettext_lazy("Pembatasan diakhiri; pemohon diberi tahu beserta alasannya."),
    ),
}


def _office_request_close(request: HttpRequest, request_id: int, how: str) -> HttpResponse:
    form_class, close, fields, done = _CLOSINGS[how]
    dsr = selectors.request_for_dpo(request.user, request_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            close(actor=request.user, request=dsr, **{f: form.cleaned_data[f] for f in fields})
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, done)
            return redirect("privacy_office:request", request_id=dsr.pk)
    dsr.refresh_from_db()
    kept: dict[str, Any] = {f"{how}_form": form}
    return _office_request_page(request, dsr, status=400, **kept)


@office_required
@require_POST
def office_request_complete(request: HttpRequest, request_id: int) -> HttpResponse:
    return _office_request_close(request, request_id, "complete")


@office_required
@require_POST
def office_request_reject(request: HttpRequest, request_id: int) -> HttpResponse:
    return _office_request_close(request, request_id, "reject")


@office_required
@require_POST
def office_restriction_lift(request: HttpRequest, request_id: int) -> HttpResponse:
    """End the restriction (or upheld objection) this request set, with a reason the person
    is told; the case actions, reveals and messages it stopped then go ahead again."""
    return _office_request_close(request, request_id, "lift")


@office_required
@require_http_methods(["GET", "POST"])
def office_breaches(request: HttpRequest) -> HttpResponse:
    _dpo(request)
    form = BreachForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                breach = services.breach_record(
                    actor=request.user,  # type: ignore[arg-type]
                    title=data["title"],
                    description=data["description"],
                    data_categories=data["data_categories"],
                    affected_subjects_estimate=data["affected_subjects_estimate"],
                    discovered_at=data["discovered_at"],
                    occurred_at=data.get("occurred_at"),
                    remediation=data.get("remediation", ""),
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("Insiden dicatat. Pemberitahuan wajib dikirim sebelum tenggat.")
                )
                return redirect("privacy_office:breach", breach_id=breach.pk)
        messages.error(request, _("Periksa kembali isian yang ditandai."))
    return _page(
        request,
        "office_breaches",
        status=400 if request.method == "POST" else 200,
        breaches=selectors.breaches()[:200],
        form=form,
    )


@office_required
@require_GET
def office_breach(request: HttpRequest, breach_id: int) -> HttpResponse:
    breach = selectors.breach_for_dpo(request.user, breach_id)
    return _breach_page(request, breach)


# The DPO's moves on a breach after it is recorded (Pasal 46): each is a form, the service it
# calls with the form's values, and what the DPO is told after.
def _notify_subjects(actor: Any, breach: Breach, data: dict[str, Any]) -> str:
    users, unmatched = selectors.subjects_for_identifiers(data["identifiers"])
    if not users:
        raise ServiceError(_("Tidak satu pun baris cocok dengan akun di SatuPintu."))
    sent = services.breach_notify_subjects(actor=actor, breach=breach, users=users)
    done = _("Pemberitahuan dikirim kepada %(n)d subjek data melalui kanal pilihan mereka.") % {
        "n": sent
    }
    if unmatched:
        done += " " + _("%(n)d baris tidak cocok dengan akun mana pun.") % {"n": unmatched}
    return done


def _mark_notified(actor: Any, breach: Breach, data: dict[str, Any]) -> None:
    services.breach_mark_notified(
        actor=actor, breach=breach, subjects=data["subjects"], authority=data["authority"]
    )


def _with_text(service: Callable[..., object], field: str) -> Callable[..., None]:
    """A breach move whose only input is one text of the form (announce, update, close)."""

    def act(actor: Any, breach: Breach, data: dict[str, Any]) -> None:
        service(actor=actor, breach=breach, text=data[field])

    return act


# form, the move (its own message or None), the message after it
BREACH_ACTIONS: dict[str, tuple[type[forms.Form], Callable[..., str | None], StrPromise | None]] = {
    "notify_subjects": (NotifySubjectsForm, _notify_subjects, None),
    "notified": (NotifiedForm, _mark_notified, gettext_lazy("Pemberitahuan dicatat.")),
    "announce": (
        AnnounceForm,
        _with_text(services.breach_announce, "announcement"),
        gettext_lazy("Pengumuman diterbitkan di halaman Insiden data pribadi."),
    ),
    "update": (
        BreachUpdateForm,
        _with_text(services.breach_update, "text"),
        gettext_lazy("Perkembangan dicatat."),
    ),
    "close": (
        BreachCloseForm,
        _with_text(services.breach_close, "text"),
        gettext_lazy("Insiden ditutup."),
    ),
}


def _breach_page(
    request: HttpRequest,
    breach: Breach,
    failed: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms_by_action: dict[str, forms.Form] = {
        how: form_class(
            prefix=how,
            initial={"announcement": breach.announcement} if how == "announce" else None,
        )
        for how, (form_class, _act, _done) in BREACH_ACTIONS.items()
    }
    if failed is not None:
        forms_by_action[failed[0]] = failed[1]
    return _page(
        request,
        "office_breach",
        status=status,
        breach=breach,
        forms=forms_by_action,
        pending=breach.subjects_notified_at is None or breach.authority_notified_at is None,
        # A closed breach shows no forms, so a refusal is said at the top of the page.
        refusal=failed[1].non_field_errors()
        if failed is not None and breach.status == Breach.Status.CLOSED
        else None,
        notice=breach.notice_text("subjects"),
        authority_notice=breach.notice_text("authority"),
    )


@office_required
@require_POST
def office_breach_act(request: HttpRequest, breach_id: int, how: str) -> HttpResponse:
    """One of BREACH_ACTIONS on a breach, from its page (works without JavaScript)."""
    breach = selectors.breach_for_dpo(request.user, breach_id)
    form_class, act, done = BREACH_ACTIONS[how]
    form = form_class(request.POST, prefix=how)
    if form.is_valid():
        try:
            said = act(request.user, breach, form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, said or str(done))
            return redirect("privacy_office:breach", breach_id=breach.pk)
    breach.refresh_from_db()
    return _breach_page(request, breach, (how, form), status=400)
