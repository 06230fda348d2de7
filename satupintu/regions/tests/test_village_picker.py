"""A common village name in the application form offers the matching villages to pick from,
as plain HTML (no JavaScript needed), against the full Kemendagri list."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import signed_in
from satupintu.applications import services as application_services
from satupintu.applications.tests.conftest import add_question
from satupintu.catalog import formdef
from satupintu.regions.models import Region
from satupintu.tests.htmlforms import duplicate_ids, form_data


@pytest.fixture
def address_draft(world: Any, regions: Any, request: Any) -> Any:
    service = request.getfixturevalue("akta_service")
    add_question(service, "alamat", "Alamat", "address", group="Alamat", order=9)
    return application_services.application_start(actor=world.siti, service=service)


def _fill_url(draft: Any) -> str:
    group = next(g.key for g in formdef.form_groups(draft.service) if g.title == "Alamat")
    return reverse("applications:fill", args=[draft.public_id, group])


def _choose(client: Any, draft: Any, page: str, code: str) -> None:
    """Pick the village `code` on the offered `page` and save: the answer holds that village."""
    data = form_data(page, containing="alamat_0")
    data["alamat_2"] = [code]
    response = client.post(_fill_url(draft), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.answers["alamat"]["region_code"] == code


def _post(client: Any, draft: Any, **data: str) -> str:
    body = {"alamat_0": "", "alamat_1": "Jl. Mawar No. 3 RT 01/RW 02", **data}
    return client.post(_fill_url(draft), body).content.decode()


def test_a_few_villages_of_one_name_are_offered_as_radio_buttons(
    world: Any, address_draft: Any
) -> None:
    client = signed_in(world.siti)
    page = _post(client, address_draft, alamat_0="Soreang")
    assert "Ada 3 kelurahan/desa bernama Soreang" in page
    assert page.count('type="radio"') == 3
    assert "Soreang, Soreang, Kabupaten Bandung, Jawa Barat" in page
    assert "Soreang, Lau, Kabupaten Maros, Sulawesi Selatan" in page
    assert duplicate_ids(page) == []
    bandung = Region.objects.get(level=4, path="Soreang, Soreang, Kabupaten Bandung, Jawa Barat")
    _choose(client, address_draft, page, bandung.code)


def test_many_villages_of_one_name_are_offered_in_a_select_grouped_by_province(
    world: Any, address_draft: Any
) -> None:
    client = signed_in(world.siti)
    page = _post(client, address_draft, alamat_0="Sukamaju")
    count = Region.objects.filter(level=4, search_name="sukamaju").count()
    assert count > 8
    assert f"Ada {count} kelurahan/desa bernama Sukamaju" in page
    assert '<select name="alamat_2"' in page
    assert page.count('<option value="') == count + 1  # and the empty "pick one"
    assert '<optgroup label="Jawa Barat">' in page
    assert '<label for="id_alamat_2">' in page
    chosen = Region.objects.filter(level=4, search_name="sukamaju").order_by("code").last()
    assert chosen is not None
    _choose(client, address_draft, page, chosen.code)


def test_htmx_gets_the_same_pick_list_as_soon_as_the_name_is_typed(
    world: Any, address_draft: Any
) -> None:
    client = signed_in(world.siti)
    page = client.get(_fill_url(address_draft)).content.decode()
    assert 'hx-get="/wilayah/desa/pilih/?field=alamat"' in page
    assert 'id="id_alamat_0_pilihan"' in page
    fragment = client.get(
        reverse("regions:village_pick"), {"field": "alamat", "alamat_0": "Soreang"}
    ).content.decode()
    assert fragment.count('type="radio"') == 3 and 'name="alamat_2"' in fragment
    assert "Soreang, Lau, Kabupaten Maros, Sulawesi Selatan" in fragment
    assert "<html" not in fragment
    for query in (
        {"field": "alamat", "alamat_0": "Soreang, Lau"},
        {"field": "alamat", "alamat_0": "Atlantis"},
        {"field": "<script>", "<script>_0": "Soreang"},
        {},
    ):
        response = client.get(reverse("regions:village_pick"), query)
        assert response.status_code == 200
        assert "radio" not in response.content.decode()
