"""Found by fuzzing the API (satupintu/tests/test_fuzz_api.py): forged page cursors and the
documented content type of error responses."""

from __future__ import annotations

import base64
import json

import pytest

from satupintu.core.api import PROBLEM_CONTENT_TYPE, decode_cursor, encode_cursor
from satupintu.core.errors import ServiceError


def _cursor(values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "values",
    [["a\x00b"], [{}], [[1]], [None], [True], [1.5]],
    ids=["nul", "object", "list", "null", "bool", "float"],
)
def test_a_forged_cursor_value_is_refused_before_any_query(values: object) -> None:
    with pytest.raises(ServiceError) as refused:
        decode_cursor(_cursor(values), 1)
    assert refused.value.field == "cursor"


def test_cursors_we_write_still_read_back() -> None:
    assert decode_cursor(encode_cursor(["disdukcapil-contoh"]), 1) == ["disdukcapil-contoh"]
    assert decode_cursor(encode_cursor([42]), 1) == [42]


@pytest.mark.django_db
@pytest.mark.parametrize("values", [["a\x00b"], [{}]], ids=["nul", "object"])
def test_a_forged_cursor_is_a_bad_request_problem_not_a_server_error(
    client, values: object
) -> None:
    response = client.get("/api/v1/agencies", {"cursor": _cursor(values)})
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response.json()["detail"] == "Kursor halaman tidak valid."


@pytest.mark.django_db
def test_the_openapi_document_declares_errors_as_problem_json(client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    error_responses = [
        response
        for operations in document["paths"].values()
        for operation in operations.values()
        for status, response in operation["responses"].items()
        if int(status) >= 400
    ]
    assert error_responses
    for response in error_responses:
        assert list(response["content"]) == [PROBLEM_CONTENT_TYPE]
