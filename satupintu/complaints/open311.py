"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) at /open311/v2/.

Services are the complaint categories (service_code = the category slug, metadata false, type
"batch": a person answers, not a machine). Requests are complaints that are not rahasia;
service_request_id is the tracking number. What a request shows is public by design, so:
`description` is the moderator-confirmed public text (empty until published), `address` the
region (never the street), and lat/long rounded to 4 decimals. POST needs an `api_key` from
OPEN311_API_KEYS. JSON and XML as the specification writes them; errors are a list of
{code, description}.
"""

from __future__ import annotations

import datetime as dt
import hmac
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from satupintu.accounts import services as accounts_services
from satupintu.applications import tracking
from satupintu.catalog.models import Category
from satupintu.complaints import services
from satupintu.complaints.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Channel,
    Complaint,
    Kind,
    Privacy,
    Status,
)
from satupintu.complaints.views import throttled
from satupintu.core.errors import ServiceError
from satupintu.core.identifiers import is_phone

FORMATS = ("json", "xml")
MAX_RESULTS = 1000
DEFAULT_WINDOW = dt.timedelta(days=90)
SERVICE_FIELDS = (
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
)
REQUEST_FIELDS = (
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _xml(root: str, item: str, rows: list[dict[str, Any]]) -> HttpResponse:
    top = ET.Element(root)
    for row in rows:
        node = ET.SubElement(top, item)
        for key, value in row.items():
            ET.SubElement(node, key).text = _text(value)
    body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _respond(
    fmt: str, root: str, item: str, rows: list[dict[str, Any]], status: int = 200
) -> HttpResponse:
    if fmt == "xml":
        response = _xml(root, item, rows)
        response.status_code = status
        return response
    return JsonResponse(rows, safe=False, status=status)


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return _respond(
        fmt if fmt in FORMATS else "json",
        "errors",
        "error",
        [{"code": status, "description": description}],
        status=status,
    )


def _iso(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.slug,
        "service_name": category.name,
        "description": category.name_en or category.name,
        "metadata": False,
        "type": "batch",
        "keywords": "",
        "group": "",
    }


def _rounded(value: Decimal | None) -> float | None:
    return float(round(value, 4)) if value is not None else None


def as_request(complaint: Complaint) -> dict[str, Any]:
    """One complaint in the GeoReport v2 request fields, with nothing personal."""
    region = complaint.region
    return {
        "service_request_id": complaint.tracking_code,
        "status": "closed" if complaint.status in CLOSED_STATUSES else "open",
        "status_notes": str(Status(complaint.status).label),
        "service_name": complaint.category.name if complaint.category else "",
        "service_code": complaint.category.slug if complaint.category else "",
        "description": complaint.public_description if complaint.published_at else "",
        "agency_responsible": complaint.agency.name if complaint.agency else "",
        "service_notice": "",
        "requested_datetime": _iso(complaint.filed_at),
        "updated_datetime": _iso(complaint.updated_at),
        "expected_datetime": _iso(complaint.first_response_due),
        "address": region.path if region is not None else "",
        "address_id": region.code if region is not None else "",
        "zipcode": getattr(region, "postal_code", "") or "",
        "lat": _rounded(complaint.latitude),
        "long": _rounded(complaint.longitude),
        "media_url": "",
    }


def _fmt_or_404(fmt: str) -> HttpResponse | None:
    return None if fmt in FORMATS else error("json", 404, "Format must be json or xml.")


def _public() -> Any:
    return (
        Complaint.objects.exclude(privacy=Privacy.SECRET)
        .exclude(status=Status.DRAFT)
        .select_related("category", "agency", "region")
    )


@require_http_methods(["GET", "HEAD"])
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    if (bad := _fmt_or_404(fmt)) is not None:
        return bad
    base = settings.SITE_URL.rstrip("/") + "/open311/v2/"
    endpoint = {
        "specification": "http://wiki.open311.org/GeoReport_v2",
        "url": base,
        "changeset": "2026-01-01T00:00:00+07:00",
        "type": "production",
        "formats": "application/json, text/xml",
    }
    if fmt == "xml":
        return _xml("discovery", "endpoint", [endpoint])
    return JsonResponse(
        {
            "changeset": endpoint["changeset"],
            "contact": "",
            "endpoints": [{**endpoint, "formats": ["application/json", "text/xml"]}],
        }
    )


@require_http_methods(["GET", "HEAD"])
def services_list(request: HttpRequest, fmt: str) -> HttpResponse:
    if (bad := _fmt_or_404(fmt)) is not None:
        return bad
    rows = [_service(c) for c in Category.objects.order_by("order", "name")]
    return _respond(fmt, "services", "service", rows)


@require_http_methods(["GET", "HEAD"])
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if (bad := _fmt_or_404(fmt)) is not None:
        return bad
    category = Category.objects.filter(slug=code).first()
    if category is None:
        return error(fmt, 404, "Unknown service_code.")
    # No service has extra attributes (metadata is false everywhere): the definition is empty.
    if fmt == "xml":
        top = ET.Element("service_definition")
        ET.SubElement(top, "service_code").text = category.slug
        ET.SubElement(top, "attributes")
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")
        return HttpResponse(body, content_type="text/xml; charset=utf-8")
    return JsonResponse({"service_code": category.slug, "attributes": []})


def _date(value: str) -> dt.datetime | bool | None:
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return False
    if parsed is None or timezone.is_naive(parsed):
        return False
    return parsed


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if (bad := _fmt_or_404(fmt)) is not None:
        return bad
    if request.method == "POST":
        return _post(request, fmt)
    query = request.GET
    rows = _public()
    ids = [part.strip() for part in query.get("service_request_id", "").split(",") if part.strip()]
    if ids:
        codes = [
            tracking.validate_tracking_code(part, services.PREFIX) for part in ids[:MAX_RESULTS]
        ]
        rows = rows.filter(tracking_code__in=[c for c in codes if c])
    else:
        start, end = _date(query.get("start_date", "")), _date(query.get("end_date", ""))
        if start is False or end is False:
            return error(fmt, 400, "start_date and end_date must be W3C datetimes with an offset.")
        if query.get("service_code"):
            rows = rows.filter(category__slug__in=query["service_code"].split(","))
        state = query.get("status", "")
        if state:
            wanted = set(state.split(","))
            if not wanted <= {"open", "closed"}:
                return error(fmt, 400, "status must be open or closed.")
            if wanted == {"open"}:
                rows = rows.filter(status__in=OPEN_STATUSES)
            elif wanted == {"closed"}:
                rows = rows.filter(status__in=CLOSED_STATUSES)
        if start is None and end is None:
            start = timezone.now() - DEFAULT_WINDOW
        if start:
            rows = rows.filter(filed_at__gte=start)
        if end:
            rows = rows.filter(filed_at__lte=end)
    found = [as_request(c) for c in rows.order_by("-filed_at")[:MAX_RESULTS]]
    return _respond(fmt, "service_requests", "request", found)


@require_http_methods(["GET", "HEAD"])
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    if (bad := _fmt_or_404(fmt)) is not None:
        return bad
    code = tracking.validate_tracking_code(request_id, services.PREFIX)
    found = _public().filter(tracking_code=code).first() if code else None
    if found is None:
        return error(fmt, 404, "Unknown service_request_id.")
    return _respond(fmt, "service_requests", "request", [as_request(found)])


def _key_ok(given: str) -> bool:
    return bool(given) and any(
        hmac.compare_digest(given.encode(), key.encode()) for key in settings.OPEN311_API_KEYS
    )


def _post(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    if not _key_ok(data.get("api_key", "")):
        return error(fmt, 403, "A valid api_key is required.")
    category = Category.objects.filter(slug=data.get("service_code", "")).first()
    if category is None:
        return error(fmt, 400, "service_code is required and must be one of services.")
    address = " ".join(data.get("address_string", "").split())[:200]
    if not (address or (data.get("lat") and data.get("long")) or data.get("address_id")):
        return error(
            fmt, 400, "A location is required: lat and long, address_string or address_id."
        )
    from satupintu.regions.models import Region

    region = (
        Region.objects.filter(code=data.get("address_id", "")).first()
        if data.get("address_id")
        else None
    )
    description = data.get("description", "")
    if throttled(request):
        return error(fmt, 429, "Too many requests; try again later.")
    phone = data.get("phone", "")
    reporter = accounts_services.guest_account_for_phone(phone=phone) if is_phone(phone) else None
    try:
        filed = services.complaint_file_system(
            reporter=reporter,
            filing=services.Filing(
                kind=Kind.COMPLAINT,
                privacy=Privacy.PUBLIC,
                subject=_first_line(description) or category.name,
                description=description,
                category=category,
                region=region,
                street=address,
                latitude=data.get("lat") or None,
                longitude=data.get("long") or None,
                channel=Channel.OPEN311,
            ),
            actor_label="open311",
        )
    except ServiceError as exc:
        return error(fmt, 400, exc.message)
    row = {
        "service_request_id": filed.complaint.tracking_code,
        "service_notice": "",
        "account_id": "",
    }
    return _respond(fmt, "service_requests", "request", [row], status=201)


def _first_line(text: str) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= 60 else line[:57].rsplit(" ", 1)[0] + "…"
