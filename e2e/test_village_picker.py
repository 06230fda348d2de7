"""A citizen types a common village name: the matching villages are offered to pick from, with
JavaScript (as soon as the name is typed) and without it (after pressing "Simpan dan lanjutkan")."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

SOREANG = (
    ("73", "Sulawesi Selatan", 1, "provinsi", None),
    ("73.05", "Kabupaten Takalar", 2, "kabupaten", "73"),
    ("73.05.01", "Mappakasunggu", 3, "kecamatan", "73.05"),
    ("73.05.01.2001", "Soreang", 4, "desa", "73.05.01"),
    ("73.09", "Kabupaten Maros", 2, "kabupaten", "73"),
    ("73.09.02", "Lau", 3, "kecamatan", "73.09"),
    ("73.09.02.2001", "Soreang", 4, "desa", "73.09.02"),
    ("32", "Jawa Barat", 1, "provinsi", None),
    ("32.04", "Kabupaten Bandung", 2, "kabupaten", "32"),
    ("32.04.05", "Soreang", 3, "kecamatan", "32.04"),
    ("32.04.05.1001", "Soreang", 4, "kelurahan", "32.04.05"),
)
MAROS = "Soreang, Lau, Kabupaten Maros, Sulawesi Selatan"


@pytest.fixture
def draft(demo: Any) -> Any:
    from conftest import make_user
    from satupintu.applications import services
    from satupintu.catalog.models import Service
    from satupintu.regions.models import Region
    from satupintu.regions.names import search_key

    made: dict[str, Any] = {}
    for code, name, level, kind, parent in SOREANG:
        region = Region(code=code, name=name, level=level, kind=kind, parent=made.get(parent or ""))
        names = [name]
        up = region.parent
        while up is not None:
            names.append(up.name)
            up = up.parent
        region.path = ", ".join(names)
        region.search_name = search_key(name, level)
        region.save()
        made[code] = region
    citizen = make_user("warga.soreang@example.id", full_name="Warga Soreang")
    service = Service.objects.get(slug="akta-kelahiran")
    return services.application_start(actor=citizen, service=service)


def _signed_in_page(browser: Browser, draft: Any, live_server: Any, **context: Any) -> Page:
    from django.test import Client

    client = Client()
    client.force_login(draft.applicant)
    page = browser.new_context(base_url=live_server.url, **context).new_page()
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"/permohonan/{draft.public_id}/isi/data-pelapor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data pelapor")
    return page


def _fill_reporter(page: Page) -> None:
    main = page.get_by_role("main")
    main.get_by_label("NIK pelapor").fill("3204014101900001")
    main.get_by_label("Nomor ponsel").fill("081234567890")
    main.get_by_label("Jalan, nomor rumah, RT/RW").fill("Jl. Poros No. 1 RT 01/RW 01")


def _village_saved(draft: Any) -> str:
    draft.refresh_from_db()
    return str(draft.answers.get("alamat", {}).get("region_code", ""))


def test_with_javascript_the_matches_appear_as_the_name_is_typed(
    browser: Browser, draft: Any, live_server: Any
) -> None:
    page = _signed_in_page(browser, draft, live_server)
    _fill_reporter(page)
    main = page.get_by_role("main")
    main.get_by_label("Kelurahan/desa", exact=True).fill("Soreang")
    main.get_by_label("Kelurahan/desa", exact=True).blur()
    picks = main.get_by_role("group", name="Pilih kelurahan/desa Anda").get_by_role("radio")
    expect(picks).to_have_count(3)
    expect(main).to_contain_text("Ada 3 kelurahan/desa bernama Soreang")
    main.get_by_label(MAROS).check()
    main.get_by_role("button", name="Simpan dan lanjutkan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Data pelapor")
    assert _village_saved(draft) == "73.09.02.2001"


def test_without_javascript_the_matches_are_offered_after_saving(
    browser: Browser, draft: Any, live_server: Any
) -> None:
    page = _signed_in_page(browser, draft, live_server, java_script_enabled=False)
    _fill_reporter(page)
    main = page.get_by_role("main")
    main.get_by_label("Kelurahan/desa", exact=True).fill("Soreang")
    main.get_by_role("button", name="Simpan dan lanjutkan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data pelapor")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Ada 3 kelurahan/desa bernama Soreang")
    expect(main.get_by_role("radio")).to_have_count(3)
    main.get_by_label(MAROS).check()
    main.get_by_role("button", name="Simpan dan lanjutkan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Data pelapor")
    assert _village_saved(draft) == "73.09.02.2001"
