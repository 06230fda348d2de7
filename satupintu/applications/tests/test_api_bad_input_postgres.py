"""PostgreSQL refuses NUL in text: bad input that SQLite stores must stop at the API's validation.

Run in the PostgreSQL pass (`-m postgres`, DATABASE_URL pointing at PostgreSQL).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from satupintu.applications.models import Document
from satupintu.applications.tests.test_api_bad_input import upload_with_field_key

pytestmark = pytest.mark.postgres


def test_a_nul_in_an_upload_field_key_is_unprocessable_not_a_server_error_on_postgresql(
    world: Any, draft: Any, pdf_bytes: bytes
) -> None:
    assert connection.vendor == "postgresql", "this module needs DATABASE_URL=postgres://…"
    response = upload_with_field_key(world, draft, pdf_bytes, "surat\x00lahir")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert not Document.objects.exists()
