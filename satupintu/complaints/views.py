"""Citizen and public pages: file a complaint (signed in or with a one-time code), the receipt,
the reporter's own page (reply, confirm, reopen, rate), the status check, the public board."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from satupintu.accounts.services import require_verified_contact
from satupintu.applications import documents, outputs, tracking
from satupintu.applications.models import Application
from satupintu.complaints import access, receipts, selectors, services
from satupintu.complaints.forms import (
    BoardFilterForm,
    CodeForm,
    FilingForm,
    RateForm,
    ReopenForm,
    ReplyForm,
    StatusForm,
)
from satupintu.complaints.models import Attachment, Complaint, Status
from satupintu.core import throttle
from satupintu.core.errors import NotFound, ServiceError
from satupintu.core.throttle import client_ip

PENDING_KEY = "complaint_pending"
SECRET_KEY = "complaint_secret"  # noqa: S105 - a session key name
FILING_SCOPE = "complaints.file"


def _filing_from(form: FilingForm, request: HttpRequest) -> services.Filing:
    data = form.cleaned_data
    address = data.get("address") or {}
    region = None
    if address.get("region_code"):
        from satupintu.regions.models import Region

        region = Region.objects.filter(code=address["region_code"]).first()
    application = None
    code = tracking.validate_tracking_code(data.get("application_code") or "")
    if code and request.user.is_authenticated:
        application = Application.objects.filter(tracking_code=code, applicant=request.user).first()
    return services.Filing(
        kind=data["kind"],
        privacy=data["privacy"],
        identity_shared=data.get("identity_shared", False),
        subject=data["subject"],
        description=data["description"],
        category=data.get("category"),
        service=data.get("service"),
        application=application,
        region=region,
        street=address.get("street", ""),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        uploads=data.get("attachments") or [],
    )


def throttled(request: HttpRequest) -> bool:
    """Count one filing from this address; True when it is over the hourly limit."""
    return throttle.hit(
        FILING_SCOPE, client_ip(request), limit=settings.COMPLAINTS_PER_IP, window=3600
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def file(request: HttpRequest) -> HttpResponse:
    """The filing form. Signed in with a confirmed contact: filed at once. Otherwise the person
    gives a phone number or e-mail, gets a code, and the complaint waits for it."""
    member = require_verified_contact(request.user)
    guest = not member
    status = 200
    similar: list[Any] = []
    form = FilingForm(request.POST or None, request.FILES or None, guest=guest)
    if request.method == "POST":
        if request.POST.get("website"):
            # A bot filled the hidden field: answer as if filed, keep nothing.
            return TemplateResponse(request, "complaints/spam.html", {}, status=200)
        if not form.is_valid():
            status = 400
        elif "check" in request.POST:
            text = f"{form.cleaned_data['subject']} {form.cleaned_data['description']}"
            similar = selectors.similar_on_board(text, form.cleaned_data.get("category"))
            if not similar:
                messages.info(request, _("Belum ada laporan serupa di papan publik."))
        elif throttled(request):
            status = 429
            form.add_error(None, _("Terlalu banyak laporan dari alamat ini. Coba lagi nanti."))
        else:
            try:
                filing = _filing_from(form, request)
                if member:
                    filed = services.complaint_file(actor=request.user, filing=filing)
                    return _to_receipt(request, filed)
                complaint = services.complaint_file_guest(
                    contact=form.cleaned_data["contact"],
                    full_name=form.cleaned_data.get("full_name", ""),
                    filing=filing,
                )
            except ServiceError as exc:
                status = exc.status if exc.status in (409, 429) else 400
                target = exc.field if exc.field in form.fields else None
                form.add_error(target, exc.message)
            else:
                request.session[PENDING_KEY] = str(complaint.public_id)
                return HttpResponseRedirect(reverse("complaints:confirm"))
    response = TemplateResponse(
        request,
        "complaints/file.html",
        {
            "form": form,
            "guest": guest,
            "similar": similar,
            "map_tiles": settings.COMPLAINT_MAP_TILE_URL,
            "map_attribution": settings.COMPLAINT_MAP_ATTRIBUTION,
        },
        status=status,
    )
    if settings.COMPLAINT_MAP_TILE_URL:
        response["Content-Security-Policy"] = map_csp(settings.COMPLAINT_MAP_TILE_URL)
    return response


def map_csp(tiles: str) -> str:
    """The site's CSP with images also from the tile server (only on the page with the map)."""
    from urllib.parse import urlsplit

    from satupintu.core.middleware import CONTENT_SECURITY_POLICY

    parts = urlsplit(tiles)
    origin = f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    return CONTENT_SECURITY_POLICY.replace("img-src 'self' data:", f"img-src 'self' data: {origin}")


def _to_receipt(request: HttpRequest, filed: services.Filed) -> HttpResponse:
    access.remember(request.session, filed.complaint)
    request.session[SECRET_KEY] = {str(filed.complaint.public_id): filed.status_secret}
    return HttpResponseRedirect(reverse("complaints:receipt", args=[filed.complaint.public_id]))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest) -> HttpResponse:
    """The guest types the code sent to their phone or e-mail; then the complaint is filed."""
    pending = request.session.get(PENDING_KEY)
    complaint = (
        Complaint.objects.filter(public_id=pending, status=Status.DRAFT).first()
        if pending
        else None
    )
    if complaint is None:
        raise NotFound(_("Tidak ada laporan yang menunggu konfirmasi."))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            filed = services.complaint_confirm_contact(
                complaint=complaint, code=form.cleaned_data["code"]
            )
        except ServiceError as exc:
            form.add_error("code", exc.message)
            status = 400
        else:
            request.session.pop(PENDING_KEY, None)
            return _to_receipt(request, filed)
    elif request.method == "POST":
        status = 400
    return TemplateResponse(request, "complaints/confirm.html", {"form": form}, status=status)


@never_cache
def receipt(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    complaint = access.complaint_for_reporter(request, public_id)
    secret = request.session.get(SECRET_KEY, {}).get(str(complaint.public_id), "")
    return TemplateResponse(
        request, "complaints/receipt.html", {"complaint": complaint, "secret": secret}
    )


@never_cache
def receipt_pdf(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The written receipt as a PDF (with the secret only while this browser still holds it,
    as on the receipt page)."""
    complaint = access.complaint_for_reporter(request, public_id)
    secret = request.session.get(SECRET_KEY, {}).get(str(complaint.public_id), "")
    response = HttpResponse(
        receipts.receipt_pdf(complaint, secret=secret), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="tanda-terima-{complaint.tracking_code}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
def letter(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    """The signed response letter: to the reporter (signed in, or opened in this browser with
    the number and secret) and to the officers who may see the complaint. A visitor who has not
    opened it yet is sent to the status check (the link in the notification leads here)."""
    found = access.for_officer(request.user).filter(public_id=public_id).first()
    if found is None:
        if not access.signed_in(request.user) and str(public_id) not in request.session.get(
            access.SESSION_KEY, []
        ):
            return HttpResponseRedirect(reverse("complaints:status"))
        found = access.complaint_for_reporter(request, public_id)
    if found.letter is None:
        raise NotFound(_("Surat tanggapan belum terbit."))
    return outputs.file_response(found.letter)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """Open one's complaint with the number and secret from the receipt (POST: not in logs)."""
    problem = ""
    code = 200
    if request.method == "POST":
        form = StatusForm(request.POST)
        address = client_ip(request)
        if tracking.status_check_blocked(address):
            problem, code = _("Terlalu banyak percobaan. Coba lagi dalam 15 menit."), 429
        elif form.is_valid():
            found = selectors.find_by_tracking(
                form.cleaned_data["kode"], form.cleaned_data["rahasia"]
            )
            if found is not None:
                access.remember(request.session, found)
                return HttpResponseRedirect(reverse("complaints:detail", args=[found.public_id]))
            tracking.status_check_failed(address)
            problem, code = _("Nomor laporan atau kode rahasia tidak cocok."), 404
        else:
            code = 400
    else:
        form = StatusForm(initial={"kode": str(request.GET.get("kode", ""))[:24]})
    return TemplateResponse(
        request, "complaints/status.html", {"form": form, "problem": problem}, status=code
    )


@never_cache
def mine(request: HttpRequest) -> HttpResponse:
    if not access.signed_in(request.user):
        return HttpResponseRedirect(reverse("accounts:login") + "?next=" + request.path)
    rows = (
        Complaint.objects.filter(reporter_id=request.user.pk)
        .exclude(status=Status.DRAFT)
        .select_related("agency")
        .order_by("-filed_at")
    )
    return TemplateResponse(request, "complaints/mine.html", {"complaints": rows[:100]})


REPORTER_ACTIONS = ("reply", "confirm", "reopen", "rate")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The reporter's page: status, deadlines, answers; reply, confirm, reopen, rate."""
    complaint = access.complaint_for_reporter(request, public_id)
    reporter = complaint.reporter
    forms = {"reply": ReplyForm(), "reopen": ReopenForm(), "rate": RateForm()}
    status = 200
    action = request.POST.get("action", "")
    if request.method == "POST":
        if action not in REPORTER_ACTIONS:
            status = 400
            messages.error(request, _("Tindakan tidak dikenal."))
        else:
            form = {"reply": ReplyForm, "reopen": ReopenForm, "rate": RateForm}.get(action)
            bound = form(request.POST) if form else None
            try:
                if bound is not None and not bound.is_valid():
                    raise ServiceError(_("Periksa isian Anda."), field=action)
                data = bound.cleaned_data if bound is not None else {}
                if action == "reply":
                    services.complaint_reply(actor=reporter, complaint=complaint, body=data["body"])
                elif action == "confirm":
                    services.complaint_confirm(actor=reporter, complaint=complaint)
                elif action == "reopen":
                    services.complaint_reopen(
                        actor=reporter, complaint=complaint, reason=data["reason"]
                    )
                else:
                    services.complaint_rate(
                        actor=reporter,
                        complaint=complaint,
                        rating=data["rating"],
                        comment=data["comment"],
                    )
            except ServiceError as exc:
                status = exc.status if exc.status in (409,) else 400
                if bound is not None:
                    forms[action] = bound
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Tersimpan."))
                return HttpResponseRedirect(
                    reverse("complaints:detail", args=[complaint.public_id])
                )
    return TemplateResponse(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "events": selectors.timeline(complaint, officer=False),
            "attachments": complaint.attachments.all(),
            **{f"{key}_form": value for key, value in forms.items()},
        },
        status=status,
    )


def attachment(request: HttpRequest, attachment_id: uuid.UUID) -> FileResponse:
    """A photo or document: for the reporter and the officers who may see the complaint."""
    found = Attachment.objects.select_related("complaint").filter(public_id=attachment_id).first()
    if found is None:
        raise NotFound(_("Berkas tidak ditemukan."))
    complaint = found.complaint
    visible = access.for_officer(request.user).filter(pk=complaint.pk).exists()
    if not visible:
        access.complaint_for_reporter(request, complaint.public_id)
    response = FileResponse(
        documents.open_file(found.storage_name), content_type=found.content_type
    )
    response["Content-Disposition"] = "attachment"
    response["Cache-Control"] = "private, no-store"
    return response


# --- the public board ---------------------------------------------------------------------------


def board(request: HttpRequest) -> HttpResponse:
    form = BoardFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    status = 200
    if request.GET and form.is_valid():
        data = form.cleaned_data
        filters = {
            "agency": data["agency"].slug if data.get("agency") else "",
            "category": data["category"].slug if data.get("category") else "",
            "region": data.get("region", ""),
            "status": data.get("status", ""),
        }
    elif request.GET:
        status = 400
    page = Paginator(selectors.board(filters), 20).get_page(request.GET.get("halaman"))
    for item in page:
        item.reporter_label = selectors.board_reporter(item)  # type: ignore[attr-defined]
    return TemplateResponse(
        request, "complaints/board.html", {"form": form, "page": page}, status=status
    )


def board_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    complaint = selectors.board().filter(public_id=public_id).first()
    if complaint is None:
        raise NotFound(_("Laporan tidak ditemukan."))
    return TemplateResponse(
        request,
        "complaints/board_detail.html",
        {
            "complaint": complaint,
            "reporter_label": selectors.board_reporter(complaint),
            "responses": selectors.board_events(complaint),
        },
    )
