"""Citizen pages: apply one question group at a time, attach documents, check, submit, track.

The step logic lives in `wizard` (shared with the counter); these views only find the citizen's
own application and hand it on. Every write is a service call, every permission question goes
to `access`, and reads come from `selectors`.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from satupintu.accounts.decorators import verified_citizen_required
from satupintu.applications import access, selectors, services, tracking, wizard
from satupintu.applications.forms import StatusCheckForm
from satupintu.applications.models import Status
from satupintu.applications.wizard import CITIZEN_NAMES, Flow
from satupintu.catalog import selectors as catalog_selectors
from satupintu.core.errors import ServiceError
from satupintu.core.pagecache import public_page
from satupintu.core.throttle import client_ip

# Applying acts in the person's name: their contact must be confirmed first.
citizen_required = verified_citizen_required

NO_MATCH = gettext_lazy("Nomor registrasi atau kode rahasia tidak cocok.")


def _citizen_flow(request: HttpRequest, public_id: uuid.UUID) -> Flow:
    return Flow(
        access.application_for_citizen(request.user, public_id), counter=False, names=CITIZEN_NAMES
    )


# --- citizen URLs ------------------------------------------------------------------------------


@citizen_required
@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest, service_slug: str) -> HttpResponse:
    """GET: what the application will ask for (the service page links here, and sign-in comes
    back here); POST: open a draft and go to the first question group."""
    service = get_object_or_404(catalog_selectors.public_services(), slug=service_slug)
    if request.method != "POST":
        return TemplateResponse(
            request,
            "applications/start.html",
            {
                "service": service,
                "groups": wizard.service_groups(service),
                "documents": selectors.documents_to_prepare(service),
            },
        )
    try:
        application = services.application_start(actor=request.user, service=service)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("applications:start", args=[service.slug]))
    flow = Flow(application, counter=False, names=CITIZEN_NAMES)
    return HttpResponseRedirect(wizard.resume_url(flow))


@citizen_required
def resume(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return HttpResponseRedirect(wizard.resume_url(_citizen_flow(request, public_id)))


fill, documents, document_remove, review, receipt, receipt_pdf = wizard.step_views(
    citizen_required, _citizen_flow
)


@login_required
def document(request: HttpRequest, doc_id: uuid.UUID) -> FileResponse:
    return wizard.document_response(request, doc_id)


@login_required
@never_cache
def my_applications(request: HttpRequest) -> TemplateResponse:
    applications = list(selectors.applications_for_citizen(request.user))
    for application in applications:
        application.expected_finish = selectors.expected_finish(application)  # type: ignore[attr-defined]
    return TemplateResponse(
        request,
        "applications/list.html",
        {
            "drafts": [a for a in applications if a.status == Status.DRAFT],
            "applications": [a for a in applications if a.status != Status.DRAFT],
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Status, deadline, timeline, documents and the message thread; POST sends a message."""
    application = access.application_for_citizen(request.user, public_id)
    form, status = wizard.message_form(request, application)
    if form is None:
        return HttpResponseRedirect(
            reverse("applications:detail", args=[application.public_id]) + "#pesan"
        )
    return TemplateResponse(
        request,
        "applications/detail.html",
        {
            "application": application,
            "correction": wizard.correction_note(application),
            "rejection": selectors.latest_decision_note(application, Status.REJECTED)
            if application.status == Status.REJECTED
            else "",
            "expected_finish": selectors.expected_finish(application),
            "can_withdraw": application.status in services.WITHDRAWABLE,
            "events": selectors.timeline_with_labels(application),
            "documents": selectors.labelled_documents(application, required_only=True),
            "thread": selectors.thread(application),
            "message_form": form,
            "download": "applications:document",
            "outputs": selectors.outputs_of(application),
        },
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The applicant withdraws a case before it is decided: a page that asks to confirm (and an
    optional reason), then the withdrawal (works without JavaScript)."""
    application = access.application_for_citizen(request.user, public_id)
    here = reverse("applications:detail", args=[application.public_id])
    if application.status not in services.WITHDRAWABLE:
        messages.error(request, _("Permohonan ini tidak dapat dibatalkan lagi."))
        return HttpResponseRedirect(here)
    error = ""
    status = 200
    if request.method == "POST":
        try:
            services.application_withdraw(
                actor=request.user, application=application, reason=request.POST.get("reason", "")
            )
        except ServiceError as exc:
            error, status = exc.message, 409 if exc.status == 409 else 400
        else:
            messages.success(request, _("Permohonan dibatalkan."))
            return HttpResponseRedirect(here)
    return TemplateResponse(
        request,
        "applications/withdraw.html",
        {"application": application, "error": error, "reason": request.POST.get("reason", "")},
        status=status,
    )


# --- public status check ------------------------------------------------------------------------


@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def status_check(request: HttpRequest) -> HttpResponse:
    """Public: status only, by tracking number and secret (POSTed, so the secret stays out of
    logs). The QR code on the receipt links here with ?kode= to fill in the number."""
    result = None
    problem = ""
    status = 200
    if request.method == "POST":
        form = StatusCheckForm(request.POST)
        address = client_ip(request)
        if tracking.status_check_blocked(address):
            problem = _("Terlalu banyak percobaan. Coba lagi dalam 15 menit.")
            status = 429
        elif form.is_valid():
            result = selectors.status_by_tracking(
                form.cleaned_data["kode"], form.cleaned_data["rahasia"]
            )
            if result is None:
                tracking.status_check_failed(address)
                problem = str(NO_MATCH)
                status = 404
        else:
            status = 400
    else:
        form = StatusCheckForm(initial={"kode": str(request.GET.get("kode", ""))[:24]})
    context = {"form": form, "result": result, "problem": problem}
    if request.headers.get("HX-Request") and result is not None:
        response = TemplateResponse(request, "applications/_status.html", context)
    else:
        response = TemplateResponse(
            request, "applications/status_check.html", context, status=status
        )
    if request.method == "POST":
        # A status is never kept by a browser or proxy; the empty form is a public page.
        add_never_cache_headers(response)
    return response
