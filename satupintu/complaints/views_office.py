"""The back office of complaints: the queue (deadline first), one complaint with every action,
and the CSV export.

The queue is its own list (complaints have no workflow steps for the inbox's step-role scope),
but holds cases through the inbox's holder write (`applications.assignment.set_holder`), and the
officer's main inbox page counts what waits here (`selectors.inbox_panel`); docs/architecture.md,
"Complaints".
"""

from __future__ import annotations

import csv
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from satupintu.applications import tracking
from satupintu.complaints import access, clocks, selectors, services
from satupintu.complaints.forms import DisposeForm, ForwardForm, MergeForm, PublishForm, RespondForm
from satupintu.complaints.models import Complaint, Privacy
from satupintu.core.errors import ServiceError
from satupintu.core.security import office_required
from satupintu.organizations.selectors import agency_ids_for

SCOPES = ("all", "mine", "pool", "coordinator")
DEADLINE_LABELS = {
    "first_response": gettext_lazy("tanggapan pertama (UU 25/2009, 14 hari)"),
    "decision": gettext_lazy("keputusan (UU 25/2009, 60 hari)"),
    "completion": gettext_lazy("kelengkapan dari pelapor (30 hari)"),
    "verify": gettext_lazy("verifikasi (hari kerja)"),
    "followup": gettext_lazy("rencana tindak lanjut (hari kerja)"),
    "autoclose": gettext_lazy("konfirmasi pelapor, lalu ditutup otomatis (hari kerja)"),
}


def _officer_may_queue(user: Any) -> bool:
    return bool(agency_ids_for(user, access.READER_ROLES)) or access.is_coordinator(user)


@office_required
@never_cache
def queue(request: HttpRequest) -> HttpResponse:
    if not _officer_may_queue(request.user):
        raise DjangoPermissionDenied
    scope = request.GET.get("lihat", "all")
    if scope not in SCOPES:
        scope = "all"
    page = Paginator(selectors.queue_for_officer(request.user, scope=scope), 25).get_page(
        request.GET.get("halaman")
    )
    now = timezone.now()
    for item in page:
        item.overdue = selectors.is_overdue(item, now)  # type: ignore[attr-defined]
    return TemplateResponse(
        request,
        "complaints/office_queue.html",
        {
            "page": page,
            "scope": scope,
            "scopes": SCOPES,
            "coordinator": access.is_coordinator(request.user),
            "export_agencies": agency_ids_for(request.user, access.EXPORT_ROLES),
        },
    )


ACTIONS = ("claim", "release", "respond", "forward", "dispose", "merge", "publish")


def _run(request: HttpRequest, complaint: Complaint, action: str) -> tuple[str, Any]:
    """Do `action`; returns (error message or "", the bound form to show again)."""
    user = request.user
    if action == "claim":
        services.complaint_claim(actor=user, complaint=complaint)
        return "", None
    if action == "release":
        services.complaint_release(actor=user, complaint=complaint)
        return "", None
    form_class = {
        "respond": RespondForm,
        "forward": ForwardForm,
        "merge": MergeForm,
        "publish": PublishForm,
    }.get(action)
    form = (
        DisposeForm(request.POST, agency_id=complaint.agency_id)
        if action == "dispose"
        else form_class(request.POST)  # type: ignore[misc]
    )
    if not form.is_valid():
        return _("Periksa isian formulir."), form
    data = form.cleaned_data
    if action == "respond":
        services.complaint_respond(
            actor=user,
            complaint=complaint,
            body=data["body"],
            public=data["public"],
            kind=data["kind"],
        )
    elif action == "forward":
        services.complaint_forward(
            actor=user, complaint=complaint, to_agency=data["agency"], reason=data["reason"]
        )
    elif action == "dispose":
        services.complaint_dispose(
            actor=user, complaint=complaint, unit=data.get("unit"), officer=data.get("officer")
        )
    elif action == "merge":
        code = tracking.validate_tracking_code(data["into"], services.PREFIX)
        into = access.for_officer(user).filter(tracking_code=code).first() if code else None
        if into is None:
            return _("Laporan utama tidak ditemukan."), form
        services.complaint_merge(actor=user, complaint=complaint, into=into)
    else:
        services.complaint_publish(
            actor=user,
            complaint=complaint,
            subject=data["public_subject"],
            description=data["public_description"],
        )
    return "", None


@office_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    complaint = access.complaint_for_officer(request.user, public_id)
    handler = access.may_handle(request.user, complaint)
    status = 200
    bound: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if not handler:
            raise DjangoPermissionDenied
        if action not in ACTIONS:
            messages.error(request, _("Tindakan tidak dikenal."))
            status = 400
        else:
            try:
                error, form = _run(request, complaint, action)
            except ServiceError as exc:
                error, form = exc.message, None
                status = exc.status if exc.status in (409,) else 400
            if error:
                messages.error(request, error)
                status = status if status != 200 else 400
                if form is not None:
                    bound[action] = form
            else:
                messages.success(request, _("Tersimpan."))
                return HttpResponseRedirect(
                    reverse("complaints_office:detail", args=[complaint.public_id])
                )
    subject, description = selectors.suggested_masking(complaint)
    return TemplateResponse(
        request,
        "complaints/office_detail.html",
        {
            "complaint": complaint,
            "reporter": selectors.reporter_for_officer(complaint),
            "handler": handler,
            "deadlines": [
                (DEADLINE_LABELS[name], due) for name, due in clocks.running(complaint).items()
            ],
            "overdue": selectors.is_overdue(complaint),
            "events": selectors.timeline(complaint, officer=True),
            "attachments": complaint.attachments.all(),
            "duplicates": selectors.duplicate_candidates(complaint) if complaint.is_open else [],
            "respond_form": bound.get("respond") or RespondForm(),
            "forward_form": bound.get("forward") or ForwardForm(),
            "dispose_form": bound.get("dispose") or DisposeForm(agency_id=complaint.agency_id),
            "merge_form": bound.get("merge") or MergeForm(),
            "publish_form": bound.get("publish")
            or PublishForm(initial={"public_subject": subject, "public_description": description}),
            "may_publish": complaint.privacy != Privacy.SECRET,
        },
        status=status,
    )


EXPORT_COLUMNS = (
    "nomor",
    "jenis",
    "kerahasiaan",
    "status",
    "instansi",
    "unit",
    "kategori",
    "wilayah",
    "diajukan",
    "tenggat",
    "terlambat",
    "pelapor",
    "kontak_pelapor",
    "judul",
    "nilai",
)


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_rows(user: Any, agency_id: int) -> Any:
    """The export's rows; the reporter goes through the same mask as the page."""
    now = timezone.now()
    rows = (
        access.for_officer(user)
        .filter(agency_id=agency_id)
        .select_related("reporter", "category", "region", "unit", "agency")
        .order_by("filed_at", "pk")
    )
    yield EXPORT_COLUMNS
    for complaint in rows.iterator(chunk_size=500):
        reporter = selectors.reporter_for_officer(complaint)
        yield (
            complaint.tracking_code,
            complaint.kind,
            complaint.privacy,
            complaint.status,
            complaint.agency.name if complaint.agency else "",
            complaint.unit.name if complaint.unit else "",
            complaint.category.slug if complaint.category else "",
            complaint.region.code if complaint.region else "",
            complaint.filed_at.isoformat() if complaint.filed_at else "",
            complaint.due_at.isoformat() if complaint.due_at else "",
            "ya" if selectors.is_overdue(complaint, now) else "",
            reporter.name,
            reporter.contact,
            _csv_safe(complaint.subject),
            complaint.rating or "",
        )


def _csv_safe(text: str) -> str:
    # A cell a spreadsheet would run as a formula is quoted.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@office_required
def export(request: HttpRequest) -> Any:
    """CSV of one agency's complaints, for its liaisons, supervisors, admins and auditors."""
    agencies = agency_ids_for(request.user, access.EXPORT_ROLES)
    try:
        agency_id = int(request.GET.get("instansi") or (agencies[0] if agencies else 0))
    except ValueError:
        agency_id = 0
    if not access.may_export(request.user, agency_id):
        raise DjangoPermissionDenied
    from satupintu.ledger import services as ledger

    ledger.record(request.user, "complaints.complaint.export", ("agency", agency_id), {})
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in export_rows(request.user, agency_id)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="pengaduan.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
