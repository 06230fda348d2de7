"""The API contract: the OpenAPI document is valid and changes only on purpose.

`docs/openapi.json` is the checked-in snapshot. After an intended API change, refresh it with
`SATUPINTU_UPDATE_OPENAPI=1 .venv/bin/pytest satupintu/core/tests/test_openapi.py` and review the
diff with the change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from openapi_spec_validator import validate

SNAPSHOT = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


def current_document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_openapi_document_is_valid(client) -> None:
    validate(current_document(client))


@pytest.mark.django_db
def test_openapi_document_matches_the_snapshot(client) -> None:
    document = current_document(client)
    rendered = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("SATUPINTU_UPDATE_OPENAPI") == "1":
        SNAPSHOT.write_text(rendered, encoding="utf-8")
    assert SNAPSHOT.exists(), "docs/openapi.json is missing; see this module's docstring"
    assert rendered == SNAPSHOT.read_text(encoding="utf-8"), (
        "The API changed. If intended, refresh docs/openapi.json (see this module's docstring)."
    )


@pytest.mark.django_db
def test_every_operation_has_an_explicit_id_and_problem_errors(client) -> None:
    document = current_document(client)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("operationId"), f"{method.upper()} {path} has no operationId"


@pytest.mark.django_db
def test_unknown_resource_is_a_problem_document(client) -> None:
    response = client.get("/api/v1/services/tidak-ada")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404 and body["title"] == "Not Found" and body["instance"]
