"""The application wizard: one question group per page, documents, check, submit, receipt.

The same step functions serve the citizen online (`views`) and the assisted channel at the
counter (`views_office`): a `Flow` says whose application it is and which URL names lead on, so
the templates are shared and the rules too. Each step parses the input, calls a service and
renders; the reads it needs come from `selectors`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.contrib import messages
from django.core.files.storage import default_storage
from django.forms import FileField
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from satupintu.applications import access, receipts, selectors, services, snapshot
from satupintu.applications import documents as files
from satupintu.applications.forms import DocumentUploadForm, MessageForm, SubmitForm
from satupintu.applications.models import Application, Document, Status
from satupintu.applications.selectors import document_slots
from satupintu.applications.services import EDITABLE
from satupintu.catalog import formdef
from satupintu.catalog.models import FormField, Service, localized
from satupintu.core.errors import ServiceError

# --- the flow ----------------------------------------------------------------------------


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


def service_groups(service: Service) -> list[formdef.Group]:
    """The question groups (pages) of the service's form."""
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


def _shown_before(request: HttpRequest, form: formdef.GroupForm) -> set[str]:
    """The fields the person saw when they sent the page (the hidden list the page carries)."""
    if "shown" not in request.POST:
        # A client that does not send the list (a script) is taken to have seen everything.
        return set(form.shown_keys())
    return {key for key in request.POST.getlist("shown") if key in form.fields}


def _fields_response(
    request: HttpRequest, flow: Flow, group_key: str, typed: dict[str, Any]
) -> HttpResponse:
    """htmx: the page's fields again, after an answer others depend on changed (no errors)."""
    application = flow.application
    form = formdef.build_group_form(
        snapshot.service_for(application),
        group_key,
        initial=typed,
        answers=application.answers,
        include_files=False,
    )
    response = TemplateResponse(
        request, "applications/_fill_fields.html", {"form": form, "flow": flow}
    )
    # The form autosaves with hx-swap="none"; this answer replaces the fields instead.
    response["HX-Retarget"] = "#isian"
    response["HX-Reswap"] = "outerHTML"
    return response


def fill_page(request: HttpRequest, flow: Flow, group_key: str) -> HttpResponse:
    """One question group: GET shows saved answers, POST saves them (valid or not) and moves on.

    A conditional question appears only when it applies. When an answer on this page makes one
    appear, the page is shown again with it (without JavaScript, after the POST; with htmx, as
    soon as the answer changes) instead of moving on.
    """
    if (redirect := _not_editable(flow)) is not None:
        return redirect
    application = flow.application
    service = snapshot.service_for(application)
    groups = service_groups(service)
    keys = [g.key for g in groups]
    if group_key not in keys:
        raise Http404
    index = keys.index(group_key)
    answers = application.answers
    notice = ""

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
        typed = _typed_answers(form)
        try:
            errors = services.application_save_answers(
                actor=request.user,
                application=application,
                answers=typed,
                step=index,
                group=group_key,
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
            errors = {}
        seen = _shown_before(request, form)
        appeared = [key for key in form.shown_keys() if key not in seen and not form[key].value()]
        if request.headers.get("X-Autosave"):
            if set(form.shown_keys()) != seen:
                return _fields_response(request, flow, group_key, typed)
            return HttpResponse(status=204)
        for key, problems in errors.items():
            if key in form.fields and not form.has_error(key):
                for problem in problems:
                    form.add_error(key, problem)
        if "later" in request.POST:
            messages.success(request, _("Permohonan disimpan sebagai draf. Lanjutkan kapan saja."))
            return HttpResponseRedirect(reverse(_later_url_name(flow)))
        if appeared:
            # New questions are not mistakes: show them, without errors, before moving on.
            for key in appeared:
                form.errors.pop(key, None)
            notice = _("Jawaban Anda memunculkan pertanyaan tambahan. Lengkapi lalu lanjutkan.")
        if not form.errors and not appeared:
            if index + 1 < len(keys):
                return HttpResponseRedirect(flow.url("fill", keys[index + 1]))
            return HttpResponseRedirect(flow.url("documents"))
        status = 400 if form.errors else 200
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
            "notice": notice,
            "correction": correction_note(application),
            "step": index + 1,
            "steps": len(keys) + 2,
            "previous": flow.url("fill", keys[index - 1]) if index else None,
        },
        status=status,
    )


def correction_note(application: Application) -> str:
    """What the officer asked to fix, while the application waits on its applicant."""
    if application.status != Status.NEEDS_CORRECTION:
        return ""
    return selectors.latest_decision_note(application, Status.NEEDS_CORRECTION)


def documents_page(request: HttpRequest, flow: Flow) -> HttpResponse:
    """Upload (or replace) one file per POST; a rejected file's reason is shown beside it."""
    if (redirect := _not_editable(flow)) is not None:
        return redirect
    application = flow.application
    slots = document_slots(application)
    flags = services.correction_flags(application)
    if flags is not None:
        # Correcting: only the files the officer flagged may change; the others are shown kept.
        for one in slots:
            one.locked = not (
                one.required_document_id in flags[1]
                or (one.field_key and one.field_key in flags[0])
            )
    status = 200
    if request.method == "POST":
        wanted = request.POST.get("slot")
        slot = next((s for s in slots if s.key == wanted and s.applies), None)
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
    groups = service_groups(snapshot.service_for(application))
    return TemplateResponse(
        request,
        "applications/documents.html",
        {
            "flow": flow,
            "application": application,
            "correction": correction_note(application),
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


@dataclass(frozen=True)
class Problem:
    """One thing that stops the submission, named as the person knows it, linked to where it
    is fixed."""

    label: str
    message: str
    url: str


def _own_nik_keys(flow: Flow, service: Service) -> frozenset[str]:
    """NIK questions holding the applicant's own NIK, shown in full to them on their own check
    page so a typo can be caught (never at the counter: that page is an officer's)."""
    if flow.counter:
        return frozenset()
    application = flow.application
    own = str(getattr(application.applicant, "nik", "") or "")
    answers = application.answers
    return frozenset(
        row.key
        for group in service_groups(service)
        for row in group.fields
        if row.field_type == FormField.Type.NIK
        and (row.prefill_from == "nik" or (own and str(answers.get(row.key) or "") == own))
    )


def _summary_sections(flow: Flow) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Check-your-answers sections (each group's answers, its problems and its key for "Ubah")
    and every problem in form order, each linked to its question."""
    application = flow.application
    service = snapshot.service_for(application)
    answers = application.answers
    groups = service_groups(service)
    _clean, errors = formdef.validate_answers(service, answers)
    summary = formdef.summary(service, answers, unmasked=_own_nik_keys(flow, service))
    sections = []
    problems: list[Problem] = []
    for group, (title, lines) in zip(groups, summary, strict=False):
        found = [
            Problem(
                label=localized(row, "label"),
                message=" ".join(errors[row.key]),
                url=flow.url("fill", group.key) + "#" + formdef.field_anchor(row),
            )
            for row in group.fields
            if row.key in errors
        ]
        problems.extend(found)
        sections.append({"key": group.key, "title": title, "lines": lines, "problems": found})
    return sections, problems


def _document_problems(flow: Flow, slots: list[selectors.Slot]) -> list[Problem]:
    return [
        Problem(
            label=slot.name,
            message=_("Dokumen wajib belum diunggah."),
            url=flow.url("documents") + "#" + slot.key,
        )
        for slot in slots
        if slot.required and slot.document is None
    ]


def review_page(request: HttpRequest, flow: Flow) -> HttpResponse:
    """Check your answers, accept the declaration, submit once (an idempotency key per render).

    After a correction request the same page resubmits; the application goes back to the
    officers and the applicant lands on its page.
    """
    application = flow.application
    if not _is_editable(application):
        # A retry of a submission that already went through: the same receipt, not an error.
        return HttpResponseRedirect(flow.url("receipt"))
    resubmission = application.status == Status.NEEDS_CORRECTION
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
                if resubmission and not flow.counter:
                    messages.success(
                        request,
                        _("Perbaikan terkirim. Permohonan kembali diperiksa petugas."),
                    )
                    return HttpResponseRedirect(
                        reverse("applications:detail", args=[result.application.public_id])
                    )
                return HttpResponseRedirect(
                    reverse(flow.names["receipt"], args=[result.application.public_id])
                )
        status = 400
    else:
        form = SubmitForm(initial={"idempotency_key": uuid.uuid4().hex})
    groups = service_groups(snapshot.service_for(application))
    sections, problems = _summary_sections(flow)
    slots = document_slots(application)
    response = TemplateResponse(
        request,
        "applications/review.html",
        {
            "flow": flow,
            "application": application,
            "sections": sections,
            "problems": [*problems, *_document_problems(flow, slots)] if problem else [],
            "slots": slots,
            "form": form,
            "privacy_notice": services.APPLICATION_NOTICE,
            "problem": problem,
            "resubmission": resubmission,
            "correction": correction_note(application),
            "step": len(groups) + 2,
            "steps": len(groups) + 2,
        },
        status=status,
    )
    # The page may show the applicant's own NIK in full: never keep it in any cache.
    response["Cache-Control"] = "private, no-store"
    return response


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


# The inline copy may be framed by our own pages (the case page's viewer) and load nothing.
INLINE_CSP = "default-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"


def document_response(
    request: HttpRequest, doc_id: uuid.UUID, *, inline: bool = False
) -> FileResponse:
    """Serve a private file to someone allowed to see it; everyone else gets a 404.

    `inline` serves it to be shown in place (the case page frames a PDF, shows an image): the
    only response our own pages may frame (`X-Frame-Options: SAMEORIGIN`); every other page
    keeps `frame-ancestors 'none'`. Only the types `documents.prepare` accepts (checked PDF,
    re-encoded images) are ever stored, so no stored file is HTML or script.
    """
    document = access.document_for_user(request.user, doc_id)
    try:
        handle = default_storage.open(document.storage_name, "rb")
    except OSError as exc:
        raise Http404 from exc
    extension = files.EXTENSIONS.get(document.content_type, ".bin")
    response = FileResponse(
        handle,
        as_attachment=not inline,
        # A neutral name: the person's own file name can carry personal data into logs/caches.
        filename=f"dokumen-{document.public_id}{extension}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["X-Frame-Options"] = "SAMEORIGIN"
        response["Content-Security-Policy"] = INLINE_CSP
    return response


def resume_url(flow: Flow) -> str:
    """Where a draft continues: the group last saved, else the first; submitted → receipt."""
    application = flow.application
    if not _is_editable(application):
        return flow.url("receipt")
    if application.status == Status.NEEDS_CORRECTION:
        # A correction starts where everything can be seen and changed, the officer's note on top.
        return flow.url("review")
    keys = [g.key for g in service_groups(snapshot.service_for(application))]
    step = application.current_step or 0
    if step < len(keys):
        return flow.url("fill", keys[step])
    return flow.url("documents")


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


# --- the step views, once for both sides --------------------------------------------------------

View = Callable[..., HttpResponse]


class StepViews(NamedTuple):
    fill: View
    documents: View
    document_remove: View
    review: View
    receipt: View
    receipt_pdf: View


def step_views(guard: Callable[[View], View], flow_for: Callable[..., Flow]) -> StepViews:
    """The wizard's views for one side: ``guard`` says who may use them, ``flow_for(request,
    public_id)`` finds that person's application (404 otherwise)."""

    def view(page: View, *decorators: Callable[[View], View]) -> View:
        def step(request: HttpRequest, public_id: uuid.UUID, *args: Any, **kwargs: Any) -> Any:
            return page(request, flow_for(request, public_id), *args, **kwargs)

        for decorate in reversed(decorators):
            step = decorate(step)
        return guard(step)

    form = (never_cache, require_http_methods(["GET", "HEAD", "POST"]))
    return StepViews(
        fill=view(fill_page, *form),
        documents=view(documents_page, *form),
        document_remove=view(document_remove_page, require_POST),
        review=view(review_page, *form),
        receipt=view(receipt_page, never_cache),
        receipt_pdf=view(receipt_pdf_response),
    )
