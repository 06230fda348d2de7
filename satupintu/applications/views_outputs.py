"""Signed outputs on the web: the citizen's download, the officer's revocation, and the public
verification page (no sign-in; throttled per address; works without JavaScript)."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from satupintu.applications import access, outputs
from satupintu.applications.forms import LookupForm, RevokeForm, UploadForm
from satupintu.core import throttle
from satupintu.core.errors import ServiceError
from satupintu.core.security import office_required


def _throttled(request: HttpRequest) -> bool:
    return outputs.verify_throttled(throttle.client_ip(request))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """GET ?nomor=: the document's public facts and status; POST a file: is it that document?"""
    status = 200
    problem = ""
    output = None
    verdict = None
    searched = False
    raw_number = request.POST.get("nomor", "") if request.method == "POST" else ""
    raw_number = raw_number or str(request.GET.get("nomor", ""))
    lookup = LookupForm(initial={"nomor": raw_number[: outputs.MAX_NUMBER_CHARS]})
    upload = UploadForm(initial={"nomor": raw_number[:200]})
    if request.method == "POST" or raw_number:
        if _throttled(request):
            problem = _("Terlalu banyak pemeriksaan dari alamat Anda. Coba lagi nanti.")
            status = 429
        elif request.method == "POST":
            upload = UploadForm(request.POST, request.FILES)
            try:
                data = outputs.read_pdf_upload(request.FILES.get("berkas"))
            except ServiceError as exc:
                upload.is_valid()
                upload.add_error("berkas", exc.message)
                status = 400
            else:
                verdict = outputs.verify_bytes(data, number=outputs.clean_number(raw_number))
                output = verdict.output
                status = 200 if verdict.genuine else 404
        else:
            searched = True
            lookup = LookupForm({"nomor": raw_number[:200]})
            if lookup.is_valid():
                output = outputs.by_number(lookup.cleaned_data["nomor"])
            if output is None:
                problem = _("Tidak ada dokumen terbit dengan nomor itu. Periksa kembali nomornya.")
                status = 404
    response = TemplateResponse(
        request,
        "applications/verify.html",
        {
            "lookup": lookup,
            "upload": upload,
            "output": output,
            "verdict": verdict,
            "searched": searched,
            "problem": problem,
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def output_pdf(request: HttpRequest, output_id: uuid.UUID) -> FileResponse:
    """The signed file, to its applicant and the issuing agency's officers; 404 to anyone else."""
    return _file_response(access.output_for_user(request.user, output_id))


@office_required
def office_output_pdf(request: HttpRequest, output_id: uuid.UUID) -> HttpResponse:
    """The signed file, from the back office (officer with two-factor, issuing agency)."""
    # office_required is typed for HttpResponse; a streamed file passes through it unchanged.
    return cast(HttpResponse, _file_response(access.output_for_officer(request.user, output_id)))


def _file_response(output: Any) -> FileResponse:
    return outputs.file_response(output)


@office_required
@require_POST
def output_revoke(request: HttpRequest, output_id: uuid.UUID) -> HttpResponse:
    output = access.output_for_officer(request.user, output_id)
    if output.application is None:  # a certificate is not revoked from a case page
        raise Http404
    here = reverse("applications_office:detail", args=[output.application.public_id])
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan alasan pencabutan (paling banyak 500 karakter)."))
        return HttpResponseRedirect(here + "#hasil")
    try:
        outputs.output_revoke(actor=request.user, output=output, reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Dokumen %(number)s dicabut.") % {"number": output.number})
    return HttpResponseRedirect(here + "#hasil")
