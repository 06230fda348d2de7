"""Citizen pages: apply one question group at a time, attach documents, check, submit, track.

The same step functions also serve the assisted channel (`views_office`): a `Flow` says whose
application it is and which URL names lead on, so the templates are shared and the rules too.
Views stay thin: every write is a service call, every permission question goes to `access`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.forms import FileField
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from satupintu.accounts.decorators import verified_citizen_required
from satupintu.applications import access, receipts, selectors, services, tracking
from satupintu.applications import documents as files
from satupintu.applications.forms import (
    DocumentUploadForm,
    MessageForm,
    StatusCheckForm,
    SubmitForm,
)
from satupintu.applications.models import Application, Document, Status
from satupintu.applications.services import EDITABLE
from satupintu.catalog import formdef
from satupintu.catalog.models import FormField, Service, localized
from satupintu.core.errors import ServiceError
from satupintu.core.throttle import client_ip

# Applying acts in the person's name: their contact must be confirmed first.
citizen_required = verified_citizen_required

NO_MATCH = gettext_lazy("Nomor registrasi atau kode rahasia tidak cocok.")


# --- the shared flow ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Flow:
    """Which side is filling in an application: the citizen online, or an officer at the counter.

    `names` maps a step ("fill", "documents", "remove", "review", "receipt", "receipt_pdf",
    "download") to the URL name on this side; templates use `{% url flow.names.fill ... %}`.
    """

    application: Application
    counter: bool
    names: dict[str, str] = field(default_factory=dict)

    def url(self, step: str, *args: Any) -> str:
        return reverse(self.names[step], args=[self.application.public_id, *args])

    @property
    def urls(self) -> dict[str, str]:
        """The step pages that take only the application, for templates."""
        return {step: self.url(step) for step in ("documents", "review", "receipt", "receipt_pdf")}


CITIZEN_NAMES = {
    "fill": "applications:fill",
    "documents": "applications:documents",
    "remove": "applications:document_remove",
    "review": "applications:review",
    "receipt": "applications:receipt",
    "receipt_pdf": "applications:receipt_pdf",
    "download": "applications:document",
}


def _citizen_flow(request: HttpRequest, public_id: uuid.UUID) -> Flow:
    return Flow(
        access.application_for_citizen(request.user, public_id), counter=False, names=CITIZEN_NAMES
    )


def _groups(service: Service) -> list[formdef.Group]:
    return formdef.form_groups(service)


def _is_editable(application: Application) -> bool:
    return application.status in EDITABLE


def _not_editable(flow: Flow) -> HttpResponse | None:
    """Once submitted the answers are frozen: the form pages lead to the receipt instead."""
    if _is_editable(flow.application):
        return None
    return HttpResponseRedirect(flow.url("receipt"))


def _typed_answers(form: Any) -> dict[str, Any]:
    """What the person typed, clean where it validates and raw where it does not yet, so an
    invalid answer is kept (and shown again) rather than lost."""
    typed: dict[str, Any] = {}
    for name, bound in form.fields.items():
        if isinstance(bound, FileField):
            continue
        typed[name] = bound.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    typed.update(formdef.answers_from_form(form))
    return typed


def _later_url_name(flow: Flow) -> str:
    return "applications_office:loket" if flow.counter else "applications:list"


# --- step pages, shared by both sides -----------------------------------------------------------


def fill_page(request: HttpRequest, flow: Flow, group_key: str) -> HttpResponse:
    """One question group: GET shows saved answers, POST saves them (valid or not) and moves on."""
    if (redirect := _not_editable(flow)) is not None:
        return redirect
    application = flow.application
    service = application.service
    groups = _groups(service)
    keys = [g.key for g in groups]
    if group_key not in keys:
        raise Http404
    index = keys.index(group_key)
    answers = application.answers

    if request.method == "POST":
        form = formdef.build_group_form(
            service,
            group_key,
            data=request.POST,
            files=request.FILES,
            answers=answers,
            include_files=False,
        )
        form.is_valid()
        try:
            errors = services.application_save_answers(
                actor=request.user,
                application=application,
                answers=_typed_answers(form),
                step=index,
                group=group_key,
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
            errors = {}
        if request.headers.get("X-Autosave"):
            return HttpResponse(status=204)
        for key, problems in errors.items():
            if key in form.fields and not form.has_error(key):
                for problem in problems:
                    form.add_error(key, problem)
        if "later" in request.POST:
            messages.success(request, _("Permohonan disimpan sebagai draf. Lanjutkan kapan saja."))
            return HttpResponseRedirect(reverse(_later_url_name(flow)))
        if not form.errors:
            if index + 1 < len(keys):
                return HttpResponseRedirect(flow.url("fill", keys[index + 1]))
            return HttpResponseRedirect(flow.url("documents"))
        status = 400
    else:
        initial = {**services.prefill_for(application), **answers}
        form = formdef.build_group_form(
            service, group_key, initial=initial, answers=answers, include_files=False
        )
        status = 200

    return TemplateResponse(
        request,
        "applications/fill.html",
        {
            "flow": flow,
            "application": application,
            "group": groups[index],
            "form": form,
            "step": index + 1,
            "steps": len(keys) + 2,
            "previous": flow.url("fill", keys[index - 1]) if index else None,
        },
        status=status,
    )


@dataclass
class Slot:
    """One file the application asks for: a required document or a file question."""

    key: str
    name: str
    description: str
    required: bool
    required_document_id: int | None = None
    field_key: str = ""
    document: Document | None = None
    errors: list[str] = field(default_factory=list)


def document_slots(application: Application) -> list[Slot]:
    """Each file the service asks for, with the document attached for it, if any."""
    by_doc: dict[int, Document] = {}
    by_field: dict[str, Document] = {}
    for doc in application.documents.all():
        if doc.required_document_id:
            by_doc[doc.required_document_id] = doc
        elif doc.field_key:
            by_field[doc.field_key] = doc
    slots = [
        Slot(
            key=f"d{rd.pk}",
            name=rd.localized_name,
            description=rd.description,
            required=rd.is_required,
            required_document_id=rd.pk,
            document=by_doc.get(rd.pk),
        )
        for rd in application.service.documents.all().order_by("order", "id")
    ]
    for row in application.service.form_fields.filter(field_type=FormField.Type.FILE):
        slots.append(
            Slot(
                key=f"f{row.key}",
                name=localized(row, "label"),
                description=localized(row, "help_text"),
                required=row.required,
                field_key=row.key,
                document=by_field.get(row.key),
            )
        )
    return slots


def documents_page(request: HttpRequest, flow: Flow) -> HttpResponse:
    """Upload (or replace) one file per POST; a rejected file's reason is shown beside it."""
    if (redirect := _not_editable(flow)) is not None:
        return redirect
    application = flow.application
    slots = document_slots(application)
    status = 200
    if request.method == "POST":
        slot = next((s for s in slots if s.key == request.POST.get("slot")), None)
        if slot is None:
            raise Http404
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.application_attach_document(
                    actor=request.user,
                    application=application,
                    upload=form.cleaned_data["file"],
                    required_document_id=slot.required_document_id,
                    field_key=slot.field_key,
                )
            except ServiceError as exc:
                slot.errors = [exc.message]
            else:
                messages.success(request, _("Berkas %(name)s diterima.") % {"name": slot.name})
                return HttpResponseRedirect(flow.url("documents"))
        else:
            slot.errors = [str(e) for e in form.errors.get("file", [])]
        status = 400
    groups = _groups(application.service)
    return TemplateResponse(
        request,
        "applications/documents.html",
        {
            "flow": flow,
            "application": application,
            "slots": slots,
            "max_mb": max(1, files.max_upload_bytes() // (1024 * 1024)),
            "step": len(groups) + 1,
            "steps": len(groups) + 2,
            "previous": flow.url("fill", groups[-1].key) if groups else None,
        },
        status=status,
    )


def document_remove_page(request: HttpRequest, flow: Flow, doc_id: uuid.UUID) -> HttpResponse:
    if (redirect := _not_editable(flow)) is not None:
        return redirect
    document = get_object_or_404(Document, public_id=doc_id, application=flow.application)
    try:
        services.application_remove_document(actor=request.user, document=document)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Berkas dihapus."))
    return HttpResponseRedirect(flow.url("documents"))


def _summary_sections(application: Application) -> list[dict[str, Any]]:
    """Check-your-answers sections: each group's answers, its problems and its key (for "Ubah")."""
    service = application.service
    answers = application.answers
    groups = _groups(service)
    _clean, errors = formdef.validate_answers(service, answers)
    sections = []
    for group, (title, lines) in zip(groups, formdef.summary(service, answers), strict=False):
        labels = {row.key: localized(row, "label") for row in group.fields}
        problems = [
            f"{labels[key]}: {' '.join(found)}" for key, found in errors.items() if key in labels
        ]
        sections.append({"key": group.key, "title": title, "lines": lines, "problems": problems})
    return sections


def review_page(request: HttpRequest, flow: Flow) -> HttpResponse:
    """Check your answers, accept the declaration, submit once (an idempotency key per render)."""
    application = flow.application
    if not _is_editable(application):
        # A retry of a submission that already went through: the same receipt, not an error.
        return HttpResponseRedirect(flow.url("receipt"))
    status = 200
    problem = ""
    if request.method == "POST":
        data = request.POST.copy()
        if not data.get("idempotency_key") or len(data["idempotency_key"]) > 64:
            data["idempotency_key"] = uuid.uuid4().hex
        form = SubmitForm(data)
        if form.is_valid():
            try:
                result = services.application_submit(
                    actor=request.user,
                    application=application,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    declaration=True,
                )
            except ServiceError as exc:
                problem = exc.message
            else:
                return HttpResponseRedirect(
                    reverse(flow.names["receipt"], args=[result.application.public_id])
                )
        status = 400
    else:
        form = SubmitForm(initial={"idempotency_key": uuid.uuid4().hex})
    groups = _groups(application.service)
    return TemplateResponse(
        request,
        "applications/review.html",
        {
            "flow": flow,
            "application": application,
            "sections": _summary_sections(application),
            "slots": document_slots(application),
            "form": form,
            "problem": problem,
            "step": len(groups) + 2,
            "steps": len(groups) + 2,
        },
        status=status,
    )


def receipt_page(request: HttpRequest, flow: Flow) -> HttpResponse:
    application = flow.application
    if not application.tracking_code:
        return HttpResponseRedirect(flow.url("review"))
    return TemplateResponse(
        request,
        "applications/receipt.html",
        {
            "flow": flow,
            "application": application,
            "secret": application.status_secret,
            "slots": document_slots(application),
        },
    )


def receipt_pdf_response(request: HttpRequest, flow: Flow) -> HttpResponse:
    application = flow.application
    if not application.tracking_code:
        raise Http404
    response = HttpResponse(receipts.receipt_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="tanda-terima-{application.tracking_code}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def document_response(request: HttpRequest, doc_id: uuid.UUID) -> FileResponse:
    """Serve a private file to someone allowed to see it; everyone else gets a 404."""
    document = access.document_for_user(request.user, doc_id)
    try:
        handle = default_storage.open(document.storage_name, "rb")
    except OSError as exc:
        raise Http404 from exc
    extension = files.EXTENSIONS.get(document.content_type, ".bin")
    response = FileResponse(
        handle,
        as_attachment=True,
        # A neutral name: the person's own file name can carry personal data into logs/caches.
        filename=f"dokumen-{document.public_id}{extension}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- citizen URLs ------------------------------------------------------------------------------


@citizen_required
@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest, service_slug: str) -> HttpResponse:
    """GET: what the application will ask for (the service page links here, and sign-in comes
    back here); POST: open a draft and go to the first question group."""
    service = get_object_or_404(Service, slug=service_slug, status=Service.Status.ACTIVE)
    if request.method != "POST":
        return TemplateResponse(
            request,
            "applications/start.html",
            {
                "service": service,
                "groups": _groups(service),
                "documents": service.documents.all().order_by("order", "id"),
            },
        )
    try:
        application = services.application_start(actor=request.user, service=service)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("applications:start", args=[service.slug]))
    flow = Flow(application, counter=False, names=CITIZEN_NAMES)
    return HttpResponseRedirect(resume_url(flow))


def resume_url(flow: Flow) -> str:
    """Where a draft continues: the group last saved, else the first; submitted → receipt."""
    application = flow.application
    if not _is_editable(application):
        return flow.url("receipt")
    keys = [g.key for g in _groups(application.service)]
    step = application.current_step or 0
    if step < len(keys):
        return flow.url("fill", keys[step])
    return flow.url("documents")


@citizen_required
def resume(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return HttpResponseRedirect(resume_url(_citizen_flow(request, public_id)))


def public_events(application: Application, *, public_only: bool = True) -> list[Any]:
    """The timeline with each status's label (officers appear by role)."""
    labels = dict(Status.choices)
    events = list(selectors.timeline(application, public_only=public_only))
    for event in events:
        setattr(event, "status_to_label", labels.get(event.status_to, event.status_to))  # noqa: B010
    return events


@citizen_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def fill(request: HttpRequest, public_id: uuid.UUID, group_key: str) -> HttpResponse:
    return fill_page(request, _citizen_flow(request, public_id), group_key)


@citizen_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def documents(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return documents_page(request, _citizen_flow(request, public_id))


@citizen_required
@require_POST
def document_remove(request: HttpRequest, public_id: uuid.UUID, doc_id: uuid.UUID) -> HttpResponse:
    return document_remove_page(request, _citizen_flow(request, public_id), doc_id)


@citizen_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def review(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return review_page(request, _citizen_flow(request, public_id))


@citizen_required
@never_cache
def receipt(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return receipt_page(request, _citizen_flow(request, public_id))


@citizen_required
def receipt_pdf(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return receipt_pdf_response(request, _citizen_flow(request, public_id))


@login_required
def document(request: HttpRequest, doc_id: uuid.UUID) -> FileResponse:
    return document_response(request, doc_id)


@login_required
@never_cache
def my_applications(request: HttpRequest) -> TemplateResponse:
    applications = selectors.applications_for_citizen(request.user)
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
    form, status = message_form(request, application)
    if form is None:
        return HttpResponseRedirect(
            reverse("applications:detail", args=[application.public_id]) + "#pesan"
        )
    return TemplateResponse(
        request,
        "applications/detail.html",
        {
            "application": application,
            "events": public_events(application),
            "documents": application.documents.filter(required_document__isnull=False),
            "thread": application.messages.select_related("attachment"),
            "message_form": form,
            "download": "applications:document",
        },
        status=status,
    )


def message_form(request: HttpRequest, application: Application) -> tuple[MessageForm | None, int]:
    """The message form for a page; (None, 302) once a POSTed message has been sent."""
    if request.method != "POST":
        return MessageForm(), 200
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.message_post(
                actor=request.user,
                application=application,
                body=form.cleaned_data["body"],
                upload=form.cleaned_data.get("attachment") or None,
            )
        except ServiceError as exc:
            form.add_error(
                "attachment" if exc.field in ("upload", "attachment") else None, exc.message
            )
        else:
            messages.success(request, _("Pesan terkirim."))
            return None, 302
    return form, 400


# --- public status check ------------------------------------------------------------------------


@never_cache
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
        return TemplateResponse(request, "applications/_status.html", context)
    return TemplateResponse(request, "applications/status_check.html", context, status=status)
