from __future__ import annotations

from typing import Any

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from satupintu.regions.tests.conftest import Loaded


@pytest.fixture
def admin_client(client: Any, admin_user: Any) -> Any:
    # The admin wants a staff user who passed two-factor; a confirmed device in the session is
    # exactly what django-otp checks after a successful verification.
    device = StaticDevice.objects.create(user=admin_user, name="uji", confirmed=True)
    client.force_login(admin_user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_admin_lists_and_searches_regions_read_only(regions: Loaded, admin_client: Any) -> None:
    response = admin_client.get("/kantor/sistem/regions/region/", {"q": "Depok"})
    assert response.status_code == 200
    assert "Kota Depok" in response.content.decode()
    assert admin_client.get("/kantor/sistem/regions/region/add/").status_code == 403
    page = admin_client.get("/kantor/sistem/regions/region/32.76/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


def test_admin_shows_the_recorded_decree(regions: Loaded, admin_client: Any) -> None:
    response = admin_client.get("/kantor/sistem/regions/regiondataset/")
    assert "Kepmendagri 300.2.2-2138 Tahun 2025" in response.content.decode()
