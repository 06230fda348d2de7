"""The officer's inbox (`/kantor/permohonan/`): cases waiting on their roles by step deadline,
with filters, search, claim and release, a supervisor's reassignment and bulk actions.

Every write is a plain form post (no JavaScript needed): the claim and release buttons of a row
post the page's one form to their own address (`formaction`), the bulk button posts the ticked
cases. Reads come from `applications.inbox`, writes from `applications.assignment`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from satupintu.applications import access, assignment, hooks
from satupintu.applications import inbox as inbox_reader
from satupintu.applications.forms import AssignForm, InboxFilterForm
from satupintu.applications.models import Channel
from satupintu.core import dates
from satupintu.core.errors import ServiceError
from satupintu.core.security import office_required, safe_next
from satupintu.organizations.models import Role
from satupintu.organizations.selectors import has_role
from satupintu.regions.selectors import region_children

FILTER_KEYS = (
    "q",
    "service",
    "step",
    "channel",
    "region",
    "holder",
    "submitted_from",
    "submitted_to",
)


def _regions(scope: inbox_reader.Scope) -> list[tuple[str, str]]:
    """The areas under the officer's agencies' regions (the provinces for a national agency)."""
    codes = sorted({code or "" for code in scope.agency_regions.values()})
    found: dict[str, str] = {}
    for code in codes:
        for region in region_children(code or None).only("code", "name"):
            found.setdefault(region.code, region.name)
    return sorted(found.items(), key=lambda item: item[1])


@dataclass
class Line:
    """One row of the page with its links (reversed once a page, not four times a row)."""

    row: inbox_reader.Row
    detail: str
    claim: str
    release: str
    assign: str
    service: str
    channel: str
    # The step deadline as `<time datetime>` and as read in the agency's zone, or "".
    due_iso: str = ""
    due_local: str = ""


_BLANK = uuid.UUID(int=0)


def _lines(page: inbox_reader.Page, here: str) -> list[Line]:
    links = {
        name: reverse(f"applications_office:{name}", args=[_BLANK])
        for name in ("detail", "claim", "release", "assign")
    }
    back = "?kembali=" + quote(here, safe="/")
    channels = {value: str(label) for value, label in Channel.choices}
    lines = []
    for row in page.rows:
        application = row.application
        public_id = str(application.public_id)
        link = {name: url.replace(str(_BLANK), public_id) for name, url in links.items()}
        link["assign"] += back
        due = application.step_due_at
        lines.append(
            Line(
                row=row,
                **link,
                service=application.service.localized_name,
                channel=channels.get(application.channel, application.channel),
                due_iso=timezone.localtime(due).isoformat() if due else "",
                due_local=dates.long_datetime(due, tz=row.zone, month="M") if due else "",
            )
        )
    return lines


def _holds(scope: inbox_reader.Scope, role: str) -> bool:
    return any(role in roles for roles in scope.roles_by_agency.values())


def _filters(form: InboxFilterForm) -> inbox_reader.Filters:
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    return inbox_reader.Filters(
        service=data.get("service") or None,
        step=data.get("step") or "",
        channel=data.get("channel") or "",
        region=data.get("region") or "",
        submitted_from=data.get("submitted_from"),
        submitted_to=data.get("submitted_to"),
        q=data.get("q") or "",
        holder=data.get("holder") or "",
    )


def _query(request: HttpRequest, **extra: str) -> str:
    pairs = [(k, request.GET[k]) for k in FILTER_KEYS if request.GET.get(k)]
    pairs += [(k, v) for k, v in extra.items() if v]
    return urlencode(pairs)


@office_required
@never_cache
def inbox(request: HttpRequest) -> TemplateResponse:
    """The cases waiting on the officer's roles, nearest step deadline first."""
    scope = inbox_reader.scope_for(request.user)
    form = InboxFilterForm(
        request.GET if any(k in request.GET for k in FILTER_KEYS) else None,
        services=scope.services,
        steps=scope.steps,
        regions=_regions(scope) if not scope.is_empty else [],
    )
    filters = _filters(form)
    status = 200
    try:
        page = inbox_reader.inbox_for_officer(
            request.user, filters, cursor=request.GET.get("setelah", ""), scope=scope
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        page = inbox_reader.inbox_for_officer(request.user, filters, scope=scope)
        status = 400
    here = request.get_full_path()
    return TemplateResponse(
        request,
        "applications/office_inbox.html",
        {
            "form": form,
            "page": page,
            "lines": _lines(page, here),
            "here": here,
            "filtered": any(request.GET.get(k) for k in FILTER_KEYS),
            "next_query": _query(request, setelah=page.next_cursor or ""),
            "first_query": _query(request),
            "is_paged": bool(request.GET.get("setelah")),
            "is_front_desk": _holds(scope, Role.FRONT_DESK),
            "is_supervisor": _holds(scope, Role.SUPERVISOR),
            "other_queues": hooks.inbox_panels(request.user, scope.roles_by_agency),
        },
        status=status,
    )


def _back(request: HttpRequest) -> HttpResponseRedirect:
    default = reverse("applications_office:inbox")
    return HttpResponseRedirect(safe_next(request, request.POST.get("kembali"), default))


def _write(request: HttpRequest, public_id: uuid.UUID, write: Any, done: str) -> HttpResponse:
    application = access.application_for_officer(request.user, public_id)
    try:
        write(actor=request.user, application=application)
    except ServiceError as exc:
        if exc.status == 404:
            raise
        messages.error(request, f"{application.tracking_code}: {exc.message}")
    else:
        messages.success(request, done % {"code": application.tracking_code})
    return _back(request)


@office_required
@require_POST
def claim(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Take the case from the pool."""
    return _write(
        request, public_id, assignment.application_claim, _("%(code)s sekarang Anda pegang.")
    )


@office_required
@require_POST
def release(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Return the case to the pool (its holder, or a supervisor)."""
    return _write(
        request,
        public_id,
        assignment.application_release,
        _("%(code)s dikembalikan ke antrean bersama."),
    )


@office_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def assign(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A supervisor gives the case to an officer holding a role of its current step."""
    application = access.application_for_officer(request.user, public_id)
    if not has_role(request.user, Role.SUPERVISOR, agency_id=application.agency_id):
        raise DjangoPermissionDenied
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        officers=assignment.eligible_officers(application),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                assignment.application_assign(
                    actor=request.user,
                    application=application,
                    officer_id=form.cleaned_data["officer"],
                )
            except ServiceError as exc:
                if exc.status == 404:
                    raise
                form.add_error("officer", exc.message)
            else:
                messages.success(
                    request,
                    _("%(code)s dialihkan.") % {"code": application.tracking_code},
                )
                return _back(request)
        status = 400
    return TemplateResponse(
        request,
        "applications/office_assign.html",
        {
            "application": application,
            "form": form,
            "kembali": safe_next(
                request,
                request.POST.get("kembali") or request.GET.get("kembali"),
                reverse("applications_office:inbox"),
            ),
        },
        status=status,
    )


@office_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Take one bulk-able action on every ticked case; say how many were done and why the
    others were refused."""
    ids = assignment.parse_ids(request.POST.getlist("kasus"))
    try:
        result = assignment.application_bulk_act(
            actor=request.user, public_ids=ids, action=request.POST.get("tindakan", "")
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _back(request)
    summary = ngettext(
        "%(done)d permohonan diproses", "%(done)d permohonan diproses", len(result.done)
    ) % {"done": len(result.done)}
    if result.refused:
        reasons = "; ".join(f"{code}: {why}" for code, why in result.refused)
        summary += ", " + ngettext(
            "%(n)d ditolak (%(why)s).", "%(n)d ditolak (%(why)s).", len(result.refused)
        ) % {"n": len(result.refused), "why": reasons}
        messages.warning(request, summary)
    else:
        messages.success(request, summary + ".")
    return _back(request)
