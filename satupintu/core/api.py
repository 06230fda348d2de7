"""Shared pieces of the JSON API: RFC 9457 problem responses and cursor pagination."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from satupintu.core.errors import ServiceError

PROBLEM_CONTENT_TYPE = "application/problem+json"
# What a slug parameter may hold (Django's SlugField). Checking it before the lookup keeps
# characters PostgreSQL refuses in text (NUL) away from the database.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def problem(
    request: HttpRequest,
    *,
    status: int,
    title: str,
    detail: str = "",
    type_: str = "about:blank",
    **extra: Any,
) -> HttpResponse:
    body: dict[str, Any] = {"type": type_, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body["instance"] = request.path
    body.update(extra)
    return HttpResponse(
        json.dumps(body, default=str), status=status, content_type=PROBLEM_CONTENT_TYPE
    )


_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    422: "Unprocessable Content",
    429: "Too Many Requests",
}


def install_problem_handlers(api: NinjaAPI) -> None:
    """Every error the API returns is application/problem+json (RFC 9457), and the OpenAPI
    document says so."""
    _document_problem_content_type(api)

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {
                "loc": [str(p) for p in e.get("loc", ())],
                "msg": str(e.get("msg", "")),
                "type": e.get("type", ""),
            }
            for e in exc.errors
        ]
        return problem(
            request,
            status=422,
            title=_TITLES[422],
            detail=_("Data yang dikirim tidak valid."),
            errors=errors,
        )

    @api.exception_handler(ServiceError)
    def _service(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        extra = {"field": exc.field} if exc.field else {}
        return problem(
            request,
            status=exc.status,
            title=_TITLES.get(exc.status, "Error"),
            detail=exc.message,
            code=exc.code,
            **extra,
        )

    @api.exception_handler(AuthenticationError)
    def _auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem(request, status=401, title=_TITLES[401], detail=_("Autentikasi diperlukan."))

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(
            request,
            status=exc.status_code,
            title=_TITLES.get(exc.status_code, "Error"),
            detail=str(exc),
        )

    @api.exception_handler(MultiPartParserError)
    @api.exception_handler(BadRequest)
    @api.exception_handler(SuspiciousOperation)
    def _unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A body Django cannot parse (multipart without a boundary, too many fields) is raised
        # wherever request.POST/FILES is first read, including the CSRF check: the client's
        # mistake, as Django's own handler treats it, not a server error.
        if isinstance(exc, SuspiciousOperation):
            import logging

            logging.getLogger(f"django.security.{type(exc).__name__}").warning("%s", exc)
        return problem(
            request,
            status=400,
            title=_TITLES[400],
            detail=_("Isi permintaan tidak dapat dibaca. Periksa format data yang dikirim."),
        )

    @api.exception_handler(Exception)
    def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        import logging

        logging.getLogger("satupintu.api").exception("Unhandled API error on %s", request.path)
        return problem(
            request,
            status=500,
            title="Internal Server Error",
            detail=_("Terjadi kesalahan pada server."),
        )


def _document_problem_content_type(api: NinjaAPI) -> None:
    # django-ninja documents every response with the renderer's media type (application/json);
    # clients that trust the document would otherwise reject the problem documents we send.
    build = api.get_openapi_schema

    def get_openapi_schema(**kwargs: Any) -> Any:
        document = build(**kwargs)
        for operations in document.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content") or {}
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
        return document

    api.get_openapi_schema = get_openapi_schema  # type: ignore[method-assign]


# --- Cursor pagination --------------------------------------------------------------------------


class Page(Schema):
    next_cursor: str | None = None


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps(list(values), default=str, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, length: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise ServiceError(_("Kursor halaman tidak valid."), field="cursor") from exc
    # Only what encode_cursor writes for our keys: text without NUL (PostgreSQL refuses it) and
    # whole numbers; anything else is a forged cursor, not a database error.
    if (
        not isinstance(values, list)
        or len(values) != length
        or not all(_cursor_value(v) for v in values)
    ):
        raise ServiceError(_("Kursor halaman tidak valid."), field="cursor")
    return values


def _cursor_value(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" not in value
    return isinstance(value, int) and not isinstance(value, bool)


def paginate_by_key(
    queryset: QuerySet[Any],
    *,
    key: str,
    cursor: str | None,
    limit: int,
    serialize: Callable[[Any], Any],
) -> dict[str, Any]:
    """Keyset pagination on one unique, ordered column: stable under inserts, O(limit) per page."""
    qs = queryset.order_by(key)
    if cursor:
        (after,) = decode_cursor(cursor, 1)
        qs = qs.filter(**{f"{key}__gt": after})
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor([getattr(rows[-1], key)]) if more and rows else None
    return {"items": [serialize(r) for r in rows], "next_cursor": next_cursor}
