"""Issue 12's first acceptance item, in Chromium on a 360 px phone.

The verifier of Disdukcapil assesses themself (level 1 in personal-data protection, where their
role needs 3), sees the gap and the proposed course, enrols, fails the quiz once, passes it on the
second attempt, downloads the signed certificate, and the public verification page accepts that
file. Their supervisor's heat map, open before and reloaded after, shows the gap closed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.helpers import axe_check, user_for_contact
from e2e.test_decisions import _fits, _sign_in
from e2e.test_journey_360 import PHONE

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


def _setup() -> Any:
    from satupintu.catalog import demo_data
    from satupintu.learning.models import Dimension, Requirement
    from satupintu.learning.tests.conftest import make_course
    from satupintu.organizations.models import Membership, Role, Unit

    verifier = user_for_contact(f"verifikator.disdukcapil@{demo_data.DEMO_DOMAIN}")
    supervisor = user_for_contact(f"penyetuju.disdukcapil@{demo_data.DEMO_DOMAIN}")
    membership = Membership.objects.filter(user=verifier).first()
    unit = Unit.objects.create(agency=membership.agency, name="Bidang Pelayanan", slug="bp-uji")
    Membership.objects.filter(user=verifier).update(unit=unit)
    Membership.objects.create(
        user=supervisor, agency=membership.agency, unit=unit, role=Role.SUPERVISOR
    )
    # The framework is seeded by a data migration, which an earlier browser test's flush of the
    # database removed: seed it again as the migration does.
    import importlib

    from django.apps import apps

    importlib.import_module("satupintu.learning.migrations.0002_seed_framework").seed(apps, None)
    dimension = Dimension.objects.get(code="keamanan-pdp")
    Requirement.objects.create(
        agency=membership.agency, unit=unit, role=Role.VERIFIER, dimension=dimension, level=3
    )
    return make_course(dimension)


def _answer_all(page: Page, label: str) -> None:
    options = page.get_by_role("main").get_by_label(label, exact=True)
    for n in range(options.count()):
        options.nth(n).check()


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"learning-{name}.png"), full_page=True)


def test_self_assessment_gap_course_quiz_certificate_and_heat_map(
    demo: Any, browser: Browser, tmp_path: Path
) -> None:
    from satupintu.catalog import demo_data

    base = demo.url
    course = _setup()
    boss = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    _sign_in(boss, base, f"penyetuju.disdukcapil@{demo_data.DEMO_DOMAIN}", officer=True)
    boss.goto(f"{base}/kantor/belajar/tim/")
    cell = boss.locator('#peta-kesenjangan td[data-dimension="keamanan-pdp"]')
    expect(cell).to_have_text("— / 3 (−3)")
    axe_check(boss)
    _fits(boss)
    _shot(boss, "team-before")

    page = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    _sign_in(page, base, f"verifikator.disdukcapil@{demo_data.DEMO_DOMAIN}", officer=True)
    page.goto(f"{base}/kantor/belajar/nilai/")
    axe_check(page)
    _fits(page)
    page.get_by_label(
        "Level 1: Menjaga kata sandi dan perangkat; mengenali surel penipuan."
    ).check()
    page.get_by_label("Alasan singkat (Keamanan siber dan pelindungan data pribadi)").fill(
        "Baru mengenal UU 27/2022."
    )
    page.get_by_role("button", name="Simpan penilaian").click()
    expect(page.get_by_role("status")).to_contain_text("Penilaian diri tersimpan.")
    plan = page.locator("#rencana + ul")
    expect(plan).to_contain_text("level 1, dibutuhkan 3")
    axe_check(page)
    _fits(page)
    _shot(page, "home")
    plan.get_by_role("link", name=course.title).click()

    page.get_by_role("button", name="Ikuti kursus").click()
    axe_check(page)
    _fits(page)
    _shot(page, "course")
    page.get_by_role("link", name="Kerjakan kuis").click()
    page.get_by_role("button", name="Mulai percobaan").click()
    axe_check(page)
    _fits(page)
    _answer_all(page, "Salah")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("status")).to_contain_text("belum mencapai nilai lulus 100")
    expect(page.get_by_role("main")).to_contain_text("Sisa 2 percobaan.")

    page.get_by_role("link", name="Kerjakan kuis").click()
    page.get_by_role("button", name="Mulai percobaan").click()
    _answer_all(page, "Benar")
    _shot(page, "quiz")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("status")).to_contain_text("Lulus dengan nilai 100")
    axe_check(page)
    with page.expect_download() as info:
        page.locator("#kuis ~ p").get_by_role("link", name="Unduh sertifikat").click()
    issued = tmp_path / "sertifikat.pdf"
    issued.write_bytes(Path(info.value.path()).read_bytes())
    assert issued.read_bytes().startswith(b"%PDF-")

    public = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    public.goto(f"{base}/verifikasi/")
    public.get_by_label("Berkas PDF yang akan diperiksa").set_input_files(str(issued))
    public.get_by_role("button", name="Periksa berkas").click()
    expect(public.locator("#hasil-verifikasi")).to_contain_text("Asli dan utuh.")
    expect(public.get_by_role("main")).to_contain_text("Sertifikat Penyelesaian Kursus")
    axe_check(public)
    _shot(public, "verified")

    boss.reload()
    expect(cell).to_have_text("3 / 3")
    axe_check(boss)
    _fits(boss)
    _shot(boss, "team-after")
    boss.set_viewport_size({"width": 1280, "height": 900})
    _fits(boss)
    _shot(boss, "team-after-1280")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/kantor/belajar/")
    _fits(page)
    _shot(page, "home-1280")
