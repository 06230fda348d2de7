"""Back-office pages: the inbox by deadline, an application's file, and the counter (loket).

Every view is behind `office_required` (officer, two-factor) and asks `access` for the
application, so another agency's application is a 404. The counter reuses the citizen's step
pages (`wizard.fill_page` and friends) with a counter `Flow`.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from satupintu.accounts.models import User
from satupintu.applications import access, casework, outputs, selectors, services, wizard
from satupintu.applications import reveal as identifier
from satupintu.applications.forms import (
    CitizenLookupForm,
    MessageForm,
    RejectForm,
    RevokeForm,
    ServiceChoiceForm,
    TransitionForm,
    WalkInForm,
)
from satupintu.applications.models import Application, Channel, Document, Status
from satupintu.catalog import formdef
from satupintu.catalog.models import Service
from satupintu.core.errors import PermissionDenied, ServiceError
from satupintu.core.fields import masked
from satupintu.core.security import office_required
from satupintu.organizations.models import Role
from satupintu.organizations.selectors import agency_ids_for, has_role, roles_in
from satupintu.privacy import selectors as privacy_selectors

PAGE_SIZE = 50
APPLICANT_SESSION_KEY = "satupintu_loket_applicant"
# Read aloud (or shown) to the walk-in citizen before their data is entered; its text is
# recorded with the consent, so it must say what happens to the data.
CONSENT_NOTICE = gettext_lazy(
    "Data pribadi Anda (nama, NIK, nomor ponsel) dan dokumen yang Anda serahkan dicatat di "
    "SatuPintu untuk memproses permohonan ini oleh instansi yang berwenang, disimpan dengan "
    "aman sesuai UU 27/2022 tentang Pelindungan Data Pribadi, dan tidak diberikan kepada pihak "
    "lain kecuali diwajibkan undang-undang. Anda dapat meminta salinan, perbaikan, atau "
    "penghapusan data Anda melalui akun SatuPintu atau di loket ini."
)


def _indonesian(text: Any) -> str:
    """A notice as the citizen hears it: in Indonesian, whatever the officer's UI language."""
    with translation.override("id"):
        return str(text)


COUNTER_NAMES = {
    "fill": "applications_office:loket_fill",
    "documents": "applications_office:loket_documents",
    "remove": "applications_office:loket_document_remove",
    "review": "applications_office:loket_review",
    "receipt": "applications_office:loket_receipt",
    "receipt_pdf": "applications_office:loket_receipt_pdf",
    "download": "applications_office:document",
}


def _require_front_desk(request: HttpRequest) -> list[int]:
    agencies = agency_ids_for(request.user, Role.FRONT_DESK)
    if not agencies:
        raise DjangoPermissionDenied
    return agencies


def _counter_flow(request: HttpRequest, public_id: uuid.UUID) -> wizard.Flow:
    """A counter application of one of the officer's front-desk agencies, else 404."""
    agencies = _require_front_desk(request)
    application = access.application_for_officer(request.user, public_id)
    if application.channel != Channel.COUNTER or application.agency_id not in agencies:
        raise Http404
    return wizard.Flow(application, counter=True, names=COUNTER_NAMES)


# --- inbox and an application's file ------------------------------------------------------------


def _transition_choices(request: HttpRequest, application: Application) -> list[tuple[str, str]]:
    return [
        (value, str(label))
        for value, label in Status.choices
        if access.can_act(request.user, application, value)
        # An action with a checklist has its own form with the checks (_workflow_context).
        and services.status_button_applies(application, value)
    ]


@office_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The application's answers (NIK masked), documents, timeline and thread; POST sends a
    reply (action=message) or moves the application on (action=transition)."""
    application = access.application_for_officer(request.user, public_id)
    action = request.POST.get("action") if request.method == "POST" else None
    here = reverse("applications_office:detail", args=[application.public_id])
    message_form = MessageForm()
    transition_form = TransitionForm()
    status = 200
    act_error = ""
    review_error: dict[str, str] | None = None
    if action == "review":
        review_error, status = _review(request, application)
        if review_error is None:
            return HttpResponseRedirect(here + f"#dokumen-{request.POST.get('document', '')}")
    elif action == "message":
        message_form_or_none, status = wizard.message_form(request, application)
        if message_form_or_none is None:
            return HttpResponseRedirect(here + "#pesan")
        message_form = message_form_or_none
    elif action == "act":
        try:
            services.application_act(
                actor=request.user,
                application=application,
                action=request.POST.get("wf_action", ""),
                note=request.POST.get("note", ""),
                seen_step=request.POST.get("seen_step") or None,
                checklist=request.POST.getlist("checklist"),
                fields=request.POST.getlist("flag_field"),
                documents=request.POST.getlist("flag_document"),
            )
        except ServiceError as exc:
            act_error = exc.message
            status = exc.status if exc.status in (400, 409) else 400
        else:
            messages.success(request, _("Status permohonan diperbarui."))
            return HttpResponseRedirect(here)
    elif action == "transition":
        transition_form = TransitionForm(request.POST)
        if transition_form.is_valid():
            to_status = transition_form.cleaned_data["to_status"]
            if to_status == Status.REJECTED and not transition_form.cleaned_data["confirm"]:
                return _reject_confirmation(request, application, transition_form)
            try:
                services.application_transition(
                    actor=request.user,
                    application=application,
                    to_status=to_status,
                    note=transition_form.cleaned_data["note"],
                    seen_step=request.POST.get("seen_step") or None,
                    legal_basis=transition_form.cleaned_data["legal_basis"],
                )
            except ServiceError as exc:
                transition_form.add_error("note" if exc.field == "note" else None, exc.message)
            else:
                messages.success(request, _("Status permohonan diperbarui."))
                return HttpResponseRedirect(here)
        if (
            transition_form.data.get("to_status") == Status.REJECTED
            and transition_form.data.get("confirm")
            and access.can_act(request.user, application, Status.REJECTED)
        ):
            # A rejection without its reason goes back to its own step, not the case page.
            return _reject_confirmation(request, application, transition_form, status=400)
        status = 400
    return TemplateResponse(
        request,
        "applications/office_detail.html",
        _detail_context(
            request,
            application,
            message_form=message_form,
            transition_form=transition_form,
            act_error=act_error,
            review_error=review_error,
        ),
        status=status,
    )


def _review(request: HttpRequest, application: Application) -> tuple[dict[str, str] | None, int]:
    """A document's check from the case page: (None, 302) when recorded, else the error shown
    at that document."""
    key = request.POST.get("document", "")
    document = next(
        (d for d in application.documents.all() if str(d.public_id) == key),
        None,
    )
    if document is None:
        message = _("Dokumen ini sudah diganti. Muat ulang halaman.")
        return {"document": key, "message": message, "general": "1"}, 409
    decision = request.POST.get("decision", "")
    reason = request.POST.get("reason", "")
    try:
        services.document_review(
            actor=request.user, document=document, decision=decision, reason=reason
        )
    except PermissionDenied:
        raise
    except ServiceError as exc:
        return {"document": key, "message": exc.message, "reason": reason}, (
            exc.status if exc.status in (400, 409) else 400
        )
    if decision == Document.Review.REJECTED:
        messages.success(
            request,
            _(
                "Dokumen ditolak. Minta perbaikan agar pemohon menggantinya; dokumen ini sudah dicentang."
            ),
        )
    else:
        messages.success(request, _("Dokumen ditandai sesuai."))
    return None, 302


def _reject_confirmation(
    request: HttpRequest, application: Application, form: TransitionForm, *, status: int = 200
) -> HttpResponse:
    """The step between "Tolak" and the rejection: are you sure, and why (works without JS)."""
    if not access.can_act(request.user, application, Status.REJECTED):
        raise DjangoPermissionDenied
    reject = RejectForm(
        {"note": form.data.get("note", "")} if form.data.get("confirm") else None,
        initial={"note": form.data.get("note", "")},
    )
    if form.data.get("confirm"):
        reject.is_valid()
        for message in form.errors.get("note", []):
            if not reject.has_error("note"):
                reject.add_error("note", message)
        for message in form.non_field_errors():
            reject.add_error(None, message)
    return TemplateResponse(
        request,
        "applications/office_reject.html",
        {"application": application, "form": reject},
        status=status,
    )


def _workflow_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    """The case's step and the actions that need more than a status button: a checklist to
    tick, or a correction that flags what goes back to the applicant."""
    from satupintu.applications import snapshot
    from satupintu.catalog.models import localized

    step = services.current_step(application)
    held = roles_in(request.user, application.agency_id)
    detailed = [
        a
        for a in services.actions_available(application, held)
        if a.checklist or a.returns_for_correction
    ]
    documents = casework.review_documents(application)
    flag_fields: list[tuple[str, str, bool]] = []
    flag_documents: list[tuple[int, str, bool]] = []
    prefill: dict[str, Any] = {"note": ""}
    if any(a.returns_for_correction for a in detailed):
        prefill = casework.correction_prefill(application, documents)
        service = snapshot.service_for(application)
        flag_fields = [
            (row.key, localized(row, "label"), row.key in prefill["fields"])
            for group in formdef.form_groups(service)
            for row in group.fields
        ]
        flag_documents = [
            (d.pk, d.localized_name, d.pk in prefill["documents"])
            for d in snapshot.applicable_documents(application)
        ]
    return {
        "step": step,
        "step_actions": detailed,
        "flag_fields": flag_fields,
        "flag_documents": flag_documents,
        "correction_note": prefill["note"],
        "review_documents": documents,
        "can_review": casework.can_review(held, application),
        "todo": casework.officer_todo(application, held, documents),
    }


def _detail_context(request: HttpRequest, application: Application, **extra: Any) -> dict[str, Any]:
    revealable = identifier.revealable_fields(application)
    return {
        "application": application,
        "answer_lines": identifier.answer_lines(application, revealable),
        "applicant_reveals": [
            revealable[name] for name in identifier.APPLICANT_FIELDS if name in revealable
        ],
        "can_reveal": identifier.can_reveal(request.user, application),
        # Set only for an officer whose role may reveal but who has not opened a gate yet.
        "reveal_gate": identifier.gate_refusal(request.user, application)
        if identifier.has_reveal_role(request.user, application)
        else "",
        "can_correct_answers": has_role(
            request.user, services.ANSWER_CORRECTION_ROLES, agency_id=application.agency_id
        ),
        **identifier.basis_context(application),
        "events": selectors.timeline_with_labels(application, public_only=False),
        "thread": selectors.thread(application),
        "message_form": MessageForm(),
        "transition_form": TransitionForm(),
        "transitions": _transition_choices(request, application),
        **_workflow_context(request, application),
        "restricted": privacy_selectors.processing_restricted(application.applicant),
        "applicant_erased": privacy_selectors.is_erased(application.applicant),
        "download": "applications_office:document",
        "outputs": selectors.outputs_of(application),
        "revoke_form": RevokeForm() if outputs.may_revoke(request.user, application) else None,
        **extra,
    }


@office_required
@never_cache
@require_POST
def reveal(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Show one identifier of the application in full, once, for a reason (POST field, reason).

    The value goes into this response only: never into a URL, a message or a cache. htmx gets
    just the `_reveal.html` slot of that field; without JavaScript the whole file is rendered.
    """
    application = access.application_for_officer(request.user, public_id)
    refusal = identifier.reveal_refusal(request.user, application)
    if refusal:
        raise PermissionDenied(refusal)
    field = request.POST.get("field", "")
    reason = request.POST.get("reason", "")
    basis = request.POST.get("legal_basis", "")
    revealed: dict[str, str] | None = None
    error: dict[str, Any] | None = None
    try:
        value = identifier.identifier_reveal(
            actor=request.user,
            application=application,
            field=field,
            reason=reason,
            legal_basis=basis,
        )
    except PermissionDenied:
        raise  # the 403 page (core.middleware.ServiceErrorMiddleware)
    except ServiceError as exc:
        known = field in identifier.revealable_fields(application)
        # A refused reason is shown at its form; anything else (an unknown field) at the top.
        error = {
            "field": field,
            "message": exc.message,
            "reason": reason,
            "legal_basis": basis,
            "general": not known,
        }
    else:
        revealed = {"field": field, "value": value}
    if request.headers.get("HX-Request"):
        item = identifier.revealable_fields(application).get(field)
        if item is None:
            return HttpResponse(escape(error["message"] if error else ""), status=400)
        # htmx swaps only 2xx answers, so a refused reason comes back as a 200 slot.
        return TemplateResponse(
            request,
            "applications/_reveal.html",
            {
                "application": application,
                "item": item,
                "can_reveal": True,
                "revealed": revealed,
                "reveal_error": error,
                **identifier.basis_context(application),
            },
        )
    context = _detail_context(request, application, revealed=revealed, reveal_error=error)
    return TemplateResponse(
        request, "applications/office_detail.html", context, status=400 if error else 200
    )


@office_required
def document(request: HttpRequest, doc_id: uuid.UUID) -> HttpResponse:
    # office_required is typed for HttpResponse; a streamed file passes through it unchanged.
    return cast(HttpResponse, wizard.document_response(request, doc_id))


@office_required
def document_inline(request: HttpRequest, doc_id: uuid.UUID) -> HttpResponse:
    """The same file for the case page's viewer: shown in place, framed by our own pages only."""
    return cast(HttpResponse, wizard.document_response(request, doc_id, inline=True))


# --- the counter (assisted channel) -------------------------------------------------------------


def _choose(request: HttpRequest, citizen: Any) -> HttpResponse:
    request.session[APPLICANT_SESSION_KEY] = citizen.pk
    return HttpResponseRedirect(reverse("applications_office:loket_service"))


@office_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def loket(request: HttpRequest) -> HttpResponse:
    """Find a walk-in citizen by NIK, or register them, with their consent recorded.

    Only officers serving a counter (front desk at an agency with counter services); each NIK
    lookup is ledgered and throttled per officer by `services.counter_citizen_lookup`. The two
    forms carry prefixes so their fields never share an id.
    """
    if not services.counter_agency_ids(request.user):
        raise DjangoPermissionDenied
    action = request.POST.get("action") if request.method == "POST" else None
    lookup = CitizenLookupForm(request.POST if action == "find" else None, prefix="cari")
    walk_in = WalkInForm(request.POST if action == "register" else None, prefix="daftar")
    not_found = False
    status = 200
    if action == "find":
        status = 400
        if lookup.is_valid():
            try:
                citizen = services.counter_citizen_lookup(
                    actor=request.user, nik=lookup.cleaned_data["nik"]
                )
            except ServiceError as exc:
                lookup.add_error("nik", exc.message)
                status = exc.status
            else:
                if citizen is not None:
                    return _choose(request, citizen)
                not_found = True
                walk_in = WalkInForm(initial={"nik": lookup.cleaned_data["nik"]}, prefix="daftar")
                status = 200
    elif action == "register":
        if walk_in.is_valid():
            try:
                citizen = services.assisted_register_citizen(
                    actor=request.user,
                    full_name=walk_in.cleaned_data["full_name"],
                    nik=walk_in.cleaned_data["nik"],
                    phone=walk_in.cleaned_data["phone"],
                    consent_notice=CONSENT_NOTICE,
                )
            except ServiceError as exc:
                walk_in.add_error(exc.field if exc.field in walk_in.fields else None, exc.message)
            else:
                return _choose(request, citizen)
        status = 400
    return TemplateResponse(
        request,
        "applications/loket.html",
        {
            "lookup": lookup,
            "walk_in": walk_in,
            "not_found": not_found,
            "notice": _indonesian(CONSENT_NOTICE),
        },
        status=status,
    )


def _counter_services(agencies: list[int]) -> Any:
    return Service.objects.filter(
        agency_id__in=agencies, status=Service.Status.ACTIVE, channel_counter=True
    ).order_by("name")


def chosen_citizen(request: HttpRequest) -> User | None:
    """The active citizen the loket found or registered for this officer (kept in the
    session between the lookup and what the citizen came for), else None."""
    chosen = request.session.get(APPLICANT_SESSION_KEY)
    if not isinstance(chosen, int):
        return None
    return User.objects.filter(pk=chosen, kind=User.Kind.CITIZEN, is_active=True).first()


@office_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def loket_service(request: HttpRequest) -> HttpResponse:
    """Choose the service for the citizen found or registered at the counter; opens a draft."""
    agencies = _require_front_desk(request)
    citizen = chosen_citizen(request)
    if citizen is None:
        messages.error(request, _("Cari atau daftarkan pemohon terlebih dahulu."))
        return HttpResponseRedirect(reverse("applications_office:loket"))
    form = ServiceChoiceForm(
        request.POST if request.method == "POST" else None, services=_counter_services(agencies)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            service = form.cleaned_data["service"]
            try:
                application = services.application_start(
                    actor=request.user,
                    service=service,
                    applicant=citizen,
                    channel=Channel.COUNTER,
                )
            except ServiceError as exc:
                form.add_error("service", exc.message)
            else:
                request.session.pop(APPLICANT_SESSION_KEY, None)
                flow = wizard.Flow(application, counter=True, names=COUNTER_NAMES)
                return HttpResponseRedirect(wizard.resume_url(flow))
        status = 400
    return TemplateResponse(
        request,
        "applications/loket_service.html",
        {
            "form": form,
            "citizen": citizen,
            "citizen_nik": masked(citizen.nik, "nik"),
            "citizen_phone": masked(citizen.phone, "phone"),
            "citizen_email": masked(citizen.email),
        },
        status=status,
    )


(
    loket_fill,
    loket_documents,
    loket_document_remove,
    loket_review,
    loket_receipt,
    loket_receipt_pdf,
) = wizard.step_views(office_required, _counter_flow)
