"""The location of a complaint: always the typed address with the region picker; a map pin only
where a tile server is configured (the script is loaded then and only then); the coordinates are
range-checked, stored, and served by Open311 as lat/long."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from conftest import signed_in
from satupintu.complaints.models import Complaint
from satupintu.complaints.tests.test_pages import FORM

pytestmark = pytest.mark.django_db

TILES = "https://{s}.tiles.example.go.id/{z}/{x}/{y}.png"


def test_without_a_tile_server_there_is_no_map_code_and_the_page_stays_light(
    world: Any, health: Any, settings: Any
) -> None:
    settings.COMPLAINT_MAP_TILE_URL = ""
    response = signed_in(world.siti).get(reverse("complaints:file"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "complaint-map.js" not in html and "peta-pin" not in html
    # The typed address (region picker) and two plain number fields.
    assert 'name="address_0"' in html
    assert 'name="latitude"' in html and 'type="number"' in html
    assert "img-src 'self' data:;" in response["Content-Security-Policy"]
    assert len(response.content) < 50_000


def test_with_a_tile_server_the_page_loads_the_vendored_script_and_allows_its_tiles(
    world: Any, health: Any, settings: Any
) -> None:
    settings.COMPLAINT_MAP_TILE_URL = TILES
    settings.COMPLAINT_MAP_ATTRIBUTION = "© Kontributor OpenStreetMap"
    response = signed_in(world.siti).get(reverse("complaints:file"))
    html = response.content.decode()
    assert "/static/js/complaint-map.js" in html
    assert 'data-tiles="https://{s}.tiles.example.go.id/{z}/{x}/{y}.png"' in html
    assert "Kontributor OpenStreetMap" in html
    policy = response["Content-Security-Policy"]
    assert "img-src 'self' data: https://*.tiles.example.go.id;" in policy
    assert "script-src 'self';" in policy  # nothing from elsewhere
    script = finders.find("js/complaint-map.js")
    assert script is not None
    with open(script, "rb") as handle:
        size = len(handle.read())
    # Page and script together stay within the citizen page budget (before compression).
    assert len(response.content) + size < 50_000


def test_a_pin_is_stored_and_open311_serves_it_as_lat_long(world: Any, health: Any) -> None:
    client = signed_in(world.siti)
    response = client.post(
        reverse("complaints:file"),
        {**FORM, "privacy": "publik", "latitude": "-6.914744", "longitude": "107.609810"},
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.latitude == Decimal("-6.914744")
    assert complaint.longitude == Decimal("107.609810")
    data = client.get(
        reverse("open311:request", args=[complaint.tracking_code, "json"])
    ).content.decode()
    (row,) = json.loads(data)
    assert (row["lat"], row["long"]) == (-6.9147, 107.6098)


@pytest.mark.parametrize(
    "bad",
    [
        {"latitude": "90.5", "longitude": "100"},
        {"latitude": "-6.9", "longitude": "180.01"},
        {"latitude": "-6.9", "longitude": ""},
        {"latitude": "", "longitude": "107.6"},
        {"latitude": "utara", "longitude": "107.6"},
    ],
)
def test_coordinates_out_of_range_or_alone_are_refused_and_nothing_is_filed(
    world: Any, health: Any, bad: dict[str, str]
) -> None:
    response = signed_in(world.siti).post(reverse("complaints:file"), {**FORM, **bad})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("https://tiles.example.go.id/{z}/{x}/{y}.png", True),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", True),
        ("https://tiles.example.go.id/tiles.png", False),  # no {z}/{x}/{y}
        ("javascript:alert(1)//{z}{x}{y}", False),
        ('https://tiles.example.go.id/{z}/{x}/{y}.png" onload="x', False),
    ],
)
def test_the_tile_setting_fails_loudly_on_a_bad_value(value: str, ok: bool) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "COMPLAINT_MAP_TILE_URL": value, "DJANGO_DEBUG": "true"}
    done = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode == 0) is ok, done.stderr[-300:]
    if not ok:
        assert "COMPLAINT_MAP_TILE_URL must be" in done.stderr
