"""Back-office pages for a person's data rights that live with the case and the counter
(UU 27/2022): correcting the answers of a submitted application at the applicant's request
(Pasal 6 and 30), and filing a data-subject request for a citizen who came to the counter.

Both sit behind `office_required`; the case is found through `access` (another agency's case
is a 404) and the counter citizen through the loket's NIK lookup (`services.counter_citizen_lookup`,
ledgered and throttled), whose choice the loket keeps in the session.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from satupintu.applications import access, services
from satupintu.applications import reveal as identifier
from satupintu.applications.forms import AnswerCorrectionForm
from satupintu.applications.models import Application, Status
from satupintu.applications.views_office import APPLICANT_SESSION_KEY, chosen_citizen
from satupintu.catalog import formdef
from satupintu.core.crypto import Kind as CryptoKind
from satupintu.core.errors import ServiceError
from satupintu.core.fields import masked
from satupintu.core.security import office_required
from satupintu.organizations.selectors import has_role
from satupintu.privacy import services as privacy
from satupintu.privacy.forms import CounterRequestForm
from satupintu.privacy.models import DataSubjectRequest

# --- correcting answers at the applicant's request ----------------------------------------------


def _kind(row: Any) -> CryptoKind:
    return cast(CryptoKind, row.field_type)  # "nik" or "phone": identifier.ANSWER_KINDS


def _identifier_keys(application: Application) -> set[str]:
    """Answers that hold a NIK or phone number: never put in a page whole (only the ledgered
    reveal shows them), so they are typed anew, with the masked current value as the hint."""
    return {
        row.key
        for group in formdef.form_groups(application.service)
        for row in group.fields
        if row.field_type in identifier.ANSWER_KINDS
    }


def _correction_forms(application: Application, data: Any) -> list[formdef.GroupForm]:
    """One form per question group of the form the case was submitted under, holding the
    stored answers (files are corrected by a correction round, not here)."""
    answers = application.answers or {}
    hidden = _identifier_keys(application)
    shown = {k: v for k, v in answers.items() if k not in hidden}
    forms = [
        formdef.build_group_form(
            application.service,
            group.key,
            data=data,
            initial=shown,
            answers=answers,
            include_files=False,
            prefix=f"g{index}",
        )
        for index, group in enumerate(formdef.form_groups(application.service))
    ]
    for form in forms:
        for row in form.rows:
            if row.key in hidden:
                field = form.fields[row.key]
                field.required = False
                field.help_text = _("Sekarang: %(value)s. Kosongkan bila tidak diubah.") % {
                    "value": masked(str(answers.get(row.key) or ""), _kind(row)) or _("tidak diisi")
                }
    return forms


def _changes(
    application: Application, forms: list[formdef.GroupForm]
) -> tuple[dict[str, Any], bool]:
    """The answers the officer changed, as stored values, and whether all of them are valid.

    Only the questions shown count; an error on a question left as it was is not the officer's
    to fix here, so it is dropped."""
    stored = application.answers or {}
    hidden = _identifier_keys(application)
    changed: dict[str, Any] = {}
    valid = True
    for form in forms:
        form.is_valid()
        values = formdef.answers_from_form(form)
        for key in form.shown_keys():
            if key in hidden and not str(form[key].data or "").strip():
                form.errors.pop(key, None)  # left empty: kept as it is
                continue
            if key in form.errors:
                # Typed over (the posted text differs from what is stored) but not valid.
                if str(form[key].data or "") != str(stored.get(key) or ""):
                    valid = False
                else:
                    del form.errors[key]
            elif key in values and values[key] != stored.get(key, ""):
                changed[key] = values[key]
    return changed, valid


def _shown(row: Any, value: Any) -> str:
    """An answer as the officer reads it here: identifiers masked, phone numbers included."""
    if row.field_type in identifier.ANSWER_KINDS:
        return masked(str(value or ""), _kind(row)) or formdef.display_value(row, None)
    return formdef.display_value(row, value)


def _old_and_new(application: Application, changed: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(question, old value, new value) as the officer reads them (identifiers masked)."""
    from satupintu.catalog.models import localized

    answers = application.answers or {}
    return [
        (localized(row, "label"), _shown(row, answers.get(row.key)), _shown(row, changed[row.key]))
        for group in formdef.form_groups(application.service)
        for row in group.fields
        if row.key in changed
    ]


@office_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answers_correct(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Correct answers of a submitted case because its applicant asked: the officer edits the
    answers, sees each old and new value, records the request and confirms; the change is
    ledgered, noted on the internal timeline, and the applicant is told which answers changed."""
    application = access.application_for_officer(request.user, public_id)
    if application.status == Status.DRAFT:
        raise Http404
    if not has_role(
        request.user, services.ANSWER_CORRECTION_ROLES, agency_id=application.agency_id
    ):
        raise DjangoPermissionDenied
    posted = request.POST if request.method == "POST" else None
    forms = _correction_forms(application, posted)
    note_form = AnswerCorrectionForm(posted)
    rows: list[tuple[str, str, str]] = []
    status = 200
    if posted is not None:
        status = 400
        changed, valid = _changes(application, forms)
        note_ok = note_form.is_valid()
        rows = _old_and_new(application, changed)
        if not changed and valid:
            note_form.add_error(None, _("Tidak ada jawaban yang Anda ubah."))
        elif valid and note_ok and note_form.cleaned_data["confirm"]:
            try:
                fields = services.application_answers_correct(
                    actor=request.user,
                    application=application,
                    answers=changed,
                    request_note=note_form.cleaned_data["request_note"],
                )
            except ServiceError as exc:
                note_form.add_error(
                    "request_note" if exc.field == "request_note" else None, exc.message
                )
            else:
                if fields:
                    messages.success(
                        request,
                        _("Jawaban diperbaiki dan pemohon diberi tahu: %(fields)s.")
                        % {"fields": ", ".join(label for label, _old, _new in rows)},
                    )
                else:
                    messages.info(request, _("Tidak ada jawaban yang berubah."))
                return HttpResponseRedirect(
                    reverse("applications_office:detail", args=[application.public_id])
                )
        elif valid and note_ok:
            status = 200  # the old and new values are shown; the officer confirms next
    return TemplateResponse(
        request,
        "applications/office_answers_correct.html",
        {
            "application": application,
            "forms": forms,
            "note_form": note_form,
            "rows": rows,
            "ready": bool(rows) and status == 200,
        },
        status=status,
    )


# --- a data-subject request filed at the counter ------------------------------------------------


@office_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def loket_privacy(request: HttpRequest) -> HttpResponse:
    """File a data-subject request (access, correction, erasure, restriction, objection) for the
    citizen found at the counter, after checking their KTP-el: channel "loket", the officer in
    the ledger, the 3×24-hour clock from now, the citizen and the DPO told as for one filed
    online."""
    if not services.counter_agency_ids(request.user):
        raise DjangoPermissionDenied
    citizen = chosen_citizen(request)
    if citizen is None:
        messages.error(request, _("Cari atau daftarkan pemohon terlebih dahulu."))
        return HttpResponseRedirect(reverse("applications_office:loket"))
    form = CounterRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                dsr = privacy.dsr_submit(
                    actor=request.user,  # type: ignore[arg-type]
                    kind=form.cleaned_data["kind"],
                    details=form.cleaned_data.get("details", ""),
                    changes=form.changes() or None,
                    subject=citizen,
                    identity_checked=form.cleaned_data["identity_checked"],
                )
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                request.session.pop(APPLICANT_SESSION_KEY, None)
                messages.success(
                    request,
                    _(
                        "Permintaan #%(n)s (%(kind)s) dicatat dan akan ditangani paling lambat "
                        "3 × 24 jam. Pemohon diberi tahu melalui kanal pilihannya."
                    )
                    % {"n": dsr.pk, "kind": DataSubjectRequest.Kind(dsr.kind).label},
                )
                return HttpResponseRedirect(reverse("applications_office:loket"))
    return TemplateResponse(
        request,
        "applications/loket_privacy.html",
        {
            "form": form,
            "citizen": citizen,
            "citizen_nik": masked(citizen.nik, "nik"),
        },
        status=status,
    )
