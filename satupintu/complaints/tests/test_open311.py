"""Open311 GeoReport v2: the field lists of the specification, JSON and XML, POST then GET."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client

from satupintu.complaints import open311, services
from satupintu.complaints.tests.conftest import filing

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"
KEY = "kunci-open311-uji"


def test_services_in_json_and_xml(world: Any, health: Any) -> None:
    rows = Client().get(f"{BASE}/services.json").json()
    assert {row["service_code"] for row in rows} >= {"kesehatan", "kependudukan"}
    for row in rows:
        assert set(row) == set(open311.SERVICE_FIELDS)
        assert row["metadata"] is False and row["type"] in ("realtime", "batch", "blackbox")
    root = ET.fromstring(Client().get(f"{BASE}/services.xml").content)  # noqa: S314
    assert root.tag == "services"
    assert {child.tag for child in root[0]} == set(open311.SERVICE_FIELDS)
    definition = Client().get(f"{BASE}/services/kesehatan.json").json()
    assert definition == {"service_code": "kesehatan", "attributes": []}
    assert Client().get(f"{BASE}/services/tidak-ada.json").status_code == 404
    assert Client().get(f"{BASE}/services.yaml").status_code == 404


def test_post_needs_a_key_and_then_round_trips(world: Any, health: Any, settings: Any) -> None:
    settings.OPEN311_API_KEYS = [KEY]
    post = {
        "service_code": "kesehatan",
        "lat": "-6.914744",
        "long": "107.609810",
        "description": "Lampu jalan depan puskesmas mati sejak seminggu.",
    }
    refused = Client().post(f"{BASE}/requests.json", {**post, "api_key": "salah"})
    assert refused.status_code == 403
    assert refused.json()[0].keys() == {"code", "description"}
    assert (
        Client()
        .post(f"{BASE}/requests.json", {"api_key": KEY, "service_code": "kesehatan"})
        .status_code
        == 400
    )
    created = Client().post(f"{BASE}/requests.json", {**post, "api_key": KEY})
    assert created.status_code == 201
    request_id = created.json()[0]["service_request_id"]
    got = Client().get(f"{BASE}/requests/{request_id}.json").json()
    assert len(got) == 1
    row = got[0]
    assert set(row) == set(open311.REQUEST_FIELDS)
    assert row["service_request_id"] == request_id and row["service_code"] == "kesehatan"
    assert row["status"] == "open" and row["lat"] == -6.9147 and row["long"] == 107.6098
    assert row["agency_responsible"] == health.dinkes.name
    assert "+07:00" in row["requested_datetime"]
    listed = (
        Client()
        .get(f"{BASE}/requests.json", {"service_code": "kesehatan", "status": "open"})
        .json()
    )
    assert [r["service_request_id"] for r in listed] == [request_id]
    assert Client().get(f"{BASE}/requests.json", {"status": "closed"}).json() == []
    xml = ET.fromstring(Client().get(f"{BASE}/requests/{request_id}.xml").content)  # noqa: S314
    assert xml.tag == "service_requests" and xml[0].tag == "request"
    assert xml[0].find("service_request_id").text == request_id  # type: ignore[union-attr]
    assert {child.tag for child in xml[0]} == set(open311.REQUEST_FIELDS)


def test_rahasia_complaints_are_never_listed_and_bad_filters_are_errors(
    world: Any, health: Any
) -> None:
    secret = services.complaint_file(
        actor=world.siti, filing=filing(category=health.category, privacy="rahasia")
    ).complaint
    shown = services.complaint_file(
        actor=world.budi, filing=filing(category=health.category)
    ).complaint
    ids = [r["service_request_id"] for r in Client().get(f"{BASE}/requests.json").json()]
    assert shown.tracking_code in ids and secret.tracking_code not in ids
    assert Client().get(f"{BASE}/requests/{secret.tracking_code}.json").status_code == 404
    row = Client().get(f"{BASE}/requests/{shown.tracking_code}.json").json()[0]
    assert row["description"] == ""  # nothing before a moderator published it
    assert Client().get(f"{BASE}/requests.json", {"start_date": "kemarin"}).status_code == 400
    assert Client().get(f"{BASE}/requests.json", {"status": "pending"}).status_code == 400
    error = ET.fromstring(Client().get(f"{BASE}/requests.xml", {"status": "x"}).content)  # noqa: S314
    assert error.tag == "errors" and error[0].find("code").text == "400"  # type: ignore[union-attr]
