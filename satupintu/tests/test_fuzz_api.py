"""Property-based fuzzing of the JSON API with schemathesis, in-process over WSGI.

Every operation in /api/v1/openapi.json is called with generated valid and invalid input, once
anonymously and once as Siti (session cookie plus a CSRF token, as a browser would send them),
against a database with real rows: agencies, officers, an active service, Siti's submitted
application and a draft, a small region tree and a sealed ledger. Half of the generated calls have
their path parameters swapped for ids of those real rows, so the fuzzing reaches past the 404s.

Each response must not be a server error, must use a documented status code and content type, and
must match the documented response schema. Hypothesis is derandomized so CI runs are repeatable.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from satupintu.tests.fuzzing import fuzz_settings

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
schema.config.generation.update(
    modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
    deterministic=True,
)

# The WSGI test client does not decompress, and GZipMiddleware would answer the default
# `Accept-Encoding: gzip` that schemathesis sends.
PLAIN = {"Accept-Encoding": "identity"}

FUZZ_SETTINGS = fuzz_settings(25)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    # Django closes a connection it finds inside a transaction at the end of each request; the
    # test client switches that off, and so must this WSGI path, or PostgreSQL loses the test's
    # transaction after the first call.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@dataclass
class Realistic:
    """Values of real rows, by the name of the parameter (path, query or body) that takes them."""

    values: dict[str, list[Any]]
    session_cookie: str


def _regions() -> None:
    from satupintu.tests.places import add_region

    rows = [
        ("32", "Jawa Barat", 1, "provinsi", "jawa barat", "Jawa Barat"),
        ("32.76", "Kota Depok", 2, "kota", "depok", "Kota Depok, Jawa Barat"),
        ("32.76.06", "Beji", 3, "kecamatan", "beji", "Beji, Kota Depok, Jawa Barat"),
        (
            "32.76.06.1004",
            "Kemiri Muka",
            4,
            "kelurahan",
            "kemiri muka",
            "Kemiri Muka, Beji, Kota Depok, Jawa Barat",
        ),
        ("35", "Jawa Timur", 1, "provinsi", "jawa timur", "Jawa Timur"),
    ]
    for code, name, level, kind, search_name, path in rows:
        add_region(code, name, level, kind, search_name=search_name, path=path)


@pytest.fixture
def realistic(world: Any, submitted: Any) -> Realistic:
    from satupintu.applications import services
    from satupintu.ledger import services as ledger_services
    from satupintu.ledger.models import Entry

    _regions()
    service = submitted.application.service
    draft = services.application_start(actor=world.siti, service=service)
    budi_draft = services.application_start(actor=world.budi, service=service)
    # Seals what it can: everything on SQLite; on PostgreSQL the test's own open transaction
    # holds entries back, so proofs there answer 409 (which is documented too).
    ledger_services.seal_pending()
    entry_ids = list(Entry.objects.order_by("id").values_list("id", flat=True)[:3])
    client = Client()
    client.force_login(world.siti)
    tracking_code = submitted.application.tracking_code
    complaint = _complaint(world, service)
    return Realistic(
        values={
            "public_id": [
                str(submitted.application.public_id),
                str(draft.public_id),
                str(budi_draft.public_id),
                str(complaint.public_id),
            ],
            "slug": [service.slug, world.agency_a.slug, world.agency_b.slug],
            "service": [service.slug],
            "agency": [world.agency_a.slug, world.agency_b.slug],
            "category": [service.category.slug],
            "code": [tracking_code, "32", "3276", "32.76.06.1004"],
            "secret": [submitted.status_secret, submitted.status_secret.lower(), "SALAH"],
            "parent": ["32", "32.76", "3276"],
            "entry_id": entry_ids or [1],
        },
        session_cookie=client.cookies["sessionid"].value,
    )


def _complaint(world: Any, service: Any) -> Any:
    """Siti's complaint about agency A's service, so complaint routes reach past their 404s."""
    from satupintu.complaints import services as complaints

    return complaints.complaint_file(
        actor=world.siti,
        filing=complaints.Filing(
            kind="pengaduan",
            privacy="anonim",
            subject="Antrean akta kelahiran lama",
            description="Sudah dua minggu belum ada kabar tentang akta anak saya.",
            service=service,
        ),
    ).complaint


def _containers(case: Any) -> list[Any]:
    """The generated path parameters, query and (a JSON object) body of `case`."""
    containers = [case.path_parameters, case.query]
    if isinstance(case.body, dict):
        containers.append(case.body)
    return [container for container in containers if container]


def _use_real_rows(case: Any, realistic: Realistic, pick: int | None) -> None:
    """Put values of real rows into the generated parameters that name them."""
    if pick is None:
        return
    for container in _containers(case):
        for name in list(container):
            values = realistic.values.get(name)
            if values:
                container[name] = values[pick % len(values)]


PICK = st.none() | st.integers(min_value=0, max_value=11)
# Where to put a NUL character into the generated strings: schemathesis rarely sends one, and
# PostgreSQL refuses text containing it, a classic source of 500s.
POISON = st.sampled_from(["", "\x00", "a\x00b"])


def _poison(case: Any, poison: str) -> None:
    if not poison:
        return
    for container in _containers(case):
        for name, value in list(container.items()):
            if isinstance(value, str):
                container[name] = value + poison


def _call(
    case: Any, realistic: Realistic, *, pick: int | None, poison: str, cookies: dict[str, str]
) -> None:
    _use_real_rows(case, realistic, pick)
    _poison(case, poison)
    # A browser sends the CSRF cookie and header whether or not it is signed in, so anonymous
    # writes reach the authentication check (401) instead of stopping at CSRF (403).
    token = _get_new_csrf_string()
    case.call_and_validate(
        checks=CHECKS,
        cookies={**cookies, "csrftoken": token},
        headers={**PLAIN, "X-CSRFToken": token},
    )


@schema.parametrize()
@schema.given(pick=PICK, poison=POISON)
@FUZZ_SETTINGS
@pytest.mark.django_db
def test_api_anonymous(case: Any, pick: int | None, poison: str, realistic: Realistic) -> None:
    _call(case, realistic, pick=pick, poison=poison, cookies={})


@schema.parametrize()
@schema.given(pick=PICK, poison=POISON)
@FUZZ_SETTINGS
@pytest.mark.django_db
def test_api_as_citizen(case: Any, pick: int | None, poison: str, realistic: Realistic) -> None:
    _call(
        case, realistic, pick=pick, poison=poison, cookies={"sessionid": realistic.session_cookie}
    )
