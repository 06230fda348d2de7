"""The complaint API fuzzed as the officer who handles the complaint (the shared fuzz test in
satupintu/tests/test_fuzz_api.py covers anonymous callers and the reporter): generated valid and
invalid input never gives a 500, an undocumented status or a response off its schema, and a
refused call writes nothing half."""

from __future__ import annotations

from typing import Any

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from satupintu.tests.test_fuzz_api import (
    CHECKS,
    FUZZ_SETTINGS,
    PICK,
    PLAIN,
    POISON,
    Realistic,
    _keep_the_test_connection,  # noqa: F401 - a fixture (autouse): PostgreSQL keeps the test's transaction
    _poison,
    _use_real_rows,
    schema,
)

complaint_operations = schema.include(path_regex="^/api/v1/complaints")


@pytest.fixture
def officer_world(world: Any, submitted: Any) -> Realistic:
    from satupintu.complaints.models import Complaint
    from satupintu.tests.test_fuzz_api import _complaint

    complaint = _complaint(world, submitted.application.service)
    from conftest import signed_in

    client: Client = signed_in(world.liaison)
    assert Complaint.objects.filter(pk=complaint.pk, agency=world.agency_a).exists()
    return Realistic(
        values={
            "public_id": [str(complaint.public_id), str(submitted.application.public_id)],
            "agency": [world.agency_a.slug, world.agency_b.slug],
            "category": [submitted.application.service.category.slug],
            "service": [submitted.application.service.slug],
        },
        session_cookie=client.cookies["sessionid"].value,
    )


@complaint_operations.parametrize()
@schema.given(pick=PICK, poison=POISON)
@FUZZ_SETTINGS
@pytest.mark.django_db
def test_complaints_api_as_the_handling_officer(
    case: Any, pick: int | None, poison: str, officer_world: Realistic
) -> None:
    from satupintu.complaints.models import Complaint, Event

    _use_real_rows(case, officer_world, pick)
    _poison(case, poison)
    events_before = Event.objects.count()
    complaints_before = Complaint.objects.count()
    token = _get_new_csrf_string()
    response = case.call_and_validate(
        checks=CHECKS,
        cookies={"sessionid": officer_world.session_cookie, "csrftoken": token},
        headers={**PLAIN, "X-CSRFToken": token},
    )
    if response.status_code >= 400:
        assert Event.objects.count() == events_before
        assert Complaint.objects.count() == complaints_before
