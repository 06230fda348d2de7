"""Service errors that escape an HTML view become the site's 404, 403 or 400 page (one mapping,
core.middleware.ServiceErrorMiddleware), never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ServiceError

ERRORS: dict[str, type[ServiceError]] = {
    "not_found": NotFound,
    "denied": PermissionDenied,
    "conflict": Conflict,
    "invalid": ServiceError,
}


def _raise(request: HttpRequest, kind: str) -> HttpResponse:
    raise ERRORS[kind]("Pesan rahasia layanan")


urlpatterns = [path("uji-galat/<str:kind>/", _raise), path("", include("config.urls"))]
handler400 = "satupintu.core.views.bad_request"
handler403 = "satupintu.core.views.permission_denied"
handler404 = "satupintu.core.views.page_not_found"


@pytest.fixture(autouse=True)
def _urls(settings: Any) -> None:
    settings.ROOT_URLCONF = __name__


@pytest.mark.parametrize(
    ("kind", "status", "heading"),
    [
        ("not_found", 404, "Halaman tidak ditemukan"),
        ("denied", 403, "Akses ditolak"),
        ("conflict", 400, "Permintaan tidak valid"),
        ("invalid", 400, "Permintaan tidak valid"),
    ],
)
@pytest.mark.django_db
def test_service_error_becomes_the_error_page(client: Any, kind: str, status: int, heading: str):
    response = client.get(f"/uji-galat/{kind}/")
    assert response.status_code == status
    body = response.content.decode()
    assert heading in body
    assert response["Content-Type"].startswith("text/html")
