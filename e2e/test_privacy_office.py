"""The office side of Siti's data rights, walked on a phone (360 px) and a desk (1280 px) with axe:
the verifier meets her restriction on the reveal form (legal basis asked), the DPO ends it with
a reason, the verifier corrects an answer at her request (old and new shown first), the DPO
notifies, announces, updates and closes a breach, and the front desk files a request for her at
the counter (UU 27/2022 Pasal 6, 11, 30, 41, 46)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.helpers import axe_check, user_for_contact
from e2e.test_apply import regions  # noqa: F401 - a fixture
from e2e.test_decisions import _fits, _sign_in, _submitted_ktp_application
from e2e.test_journey_360 import PHONE, screenshot_path

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 900}
SITI_NIK = "3204015507900002"
LIFT_REASON = "Pemohon meminta pembatasan diakhiri melalui surat tanggal 1 Desember."
REQUEST_NOTE = "Permintaan perbaikan melalui pesan tanggal 1 Desember: nama tanpa nama keluarga."


def _look(page: Page, name: str) -> None:
    """axe, no sideways scroll and a picture at 360 px, then the same at 1280 px."""
    axe_check(page)
    _fits(page)
    page.screenshot(path=screenshot_path(f"{name}-360"), full_page=True)
    page.set_viewport_size(DESK)
    _fits(page)
    page.screenshot(path=screenshot_path(f"{name}-1280"), full_page=True)
    page.set_viewport_size(PHONE)


def _officer(browser: Browser, base: str, who: str) -> Page:
    from satupintu.catalog import demo_data

    page = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    _sign_in(page, base, f"{who}@{demo_data.DEMO_DOMAIN}", officer=True)
    return page


@pytest.mark.usefixtures("regions")
def test_the_office_handles_restriction_correction_breach_and_a_counter_request(
    demo: Any, browser: Browser
) -> None:
    from satupintu.catalog import demo_data
    from satupintu.privacy import selectors, services
    from satupintu.privacy.models import Breach, DataSubjectRequest

    base = demo.url
    siti = user_for_contact(f"siti@{demo_data.DEMO_DOMAIN}")
    siti.nik = SITI_NIK
    siti.save(update_fields=["nik", "nik_index"])
    application = _submitted_ktp_application()
    dpo_user = user_for_contact(f"ppdp.disdukcapil@{demo_data.DEMO_DOMAIN}")
    restriction = services.dsr_submit(actor=siti, kind=DataSubjectRequest.Kind.RESTRICTION)
    services.dsr_complete(actor=dpo_user, request=restriction)

    # --- the verifier meets the restriction on the reveal form ----------------------------
    verifier = _officer(browser, base, "verifikator.disdukcapil")
    case_url = f"{base}/kantor/permohonan/{application.public_id}/"
    verifier.goto(case_url)
    slot = verifier.locator("#ungkap-applicant-nik")
    slot.locator("summary").click()
    expect(slot).to_contain_text("Dasar pemrosesan: Pelaksanaan tugas kepentingan umum")
    expect(slot.get_by_label("Dasar hukum (kewajiban penyelenggaraan negara)")).to_be_visible()
    _look(verifier, "privasi-ungkap-dibatasi")

    # --- the DPO ends the restriction with a reason -----------------------------------------
    dpo = _officer(browser, base, "ppdp.disdukcapil")
    dpo.goto(f"{base}/kantor/privasi/permintaan/{restriction.pk}/")
    dpo.get_by_label("Alasan mengakhiri pembatasan (dibaca pemohon)").fill(LIFT_REASON)
    _look(dpo, "privasi-akhiri-pembatasan")
    dpo.get_by_role("button", name="Akhiri pembatasan").click()
    expect(dpo.get_by_role("main")).to_contain_text("Pembatasan diakhiri")
    assert not selectors.processing_restricted(siti)
    verifier.goto(case_url)
    slot = verifier.locator("#ungkap-applicant-nik")
    slot.locator("summary").click()
    expect(slot).to_contain_text("Dasar pemrosesan")
    expect(slot.get_by_label("Dasar hukum (kewajiban penyelenggaraan negara)")).to_have_count(0)

    # --- the verifier corrects an answer at Siti's request ----------------------------------
    verifier.get_by_role("link", name="Perbaiki jawaban atas permintaan pemohon").click()
    main = verifier.get_by_role("main")
    _look(verifier, "privasi-perbaiki-jawaban")
    main.get_by_label("Nama lengkap", exact=False).first.fill("Siti Rahayu Putri")
    main.get_by_label("Permintaan pemohon").fill(REQUEST_NOTE)
    main.get_by_role("button", name="Periksa perubahan").click()
    main = verifier.get_by_role("main")
    expect(main.get_by_role("table")).to_contain_text("Siti Rahayu Putri")
    expect(main.get_by_role("table")).to_contain_text("Siti Rahayu")
    _look(verifier, "privasi-perbaiki-jawaban-periksa")
    main.get_by_role("button", name="Simpan perbaikan").click()
    expect(verifier.get_by_role("main")).to_contain_text(
        "Jawaban diperbaiki dan pemohon diberi tahu"
    )
    application.refresh_from_db()
    assert "Siti Rahayu Putri" in application.answers.values()

    # --- the DPO acts on a breach -----------------------------------------------------------
    from satupintu.privacy.tests.test_breaches_retention import _breach

    breach = _breach(dpo_user, affected_subjects_estimate=1)
    dpo.goto(f"{base}/kantor/privasi/insiden/{breach.pk}/")
    dpo.get_by_text("Untuk lembaga pelindungan data pribadi").click()
    _look(dpo, "privasi-insiden")
    dpo.get_by_label("Subjek data terdampak").fill(f"siti@{demo_data.DEMO_DOMAIN}\ntidak-ada")
    dpo.get_by_role("button", name="Kirim pemberitahuan").click()
    expect(dpo.get_by_role("main")).to_contain_text("1 subjek data")
    dpo.get_by_label("Lembaga PDP sudah diberi tahu").check()
    dpo.get_by_role("button", name="Simpan").click()
    dpo.get_by_label("Isi pengumuman publik").fill("Tautan ekspor sempat terbuka dua jam.")
    dpo.get_by_role("button", name="Terbitkan pengumuman").click()
    dpo.get_by_label("Perkembangan penanganan").fill("Tautan dicabut dan kunci diganti.")
    dpo.get_by_role("button", name="Catat perkembangan").click()
    expect(dpo.get_by_role("main")).to_contain_text("Tautan dicabut dan kunci diganti.")
    dpo.get_by_role("button", name="Tutup insiden").click()
    expect(dpo.get_by_role("main")).to_contain_text("Insiden ditutup.")
    _look(dpo, "privasi-insiden-ditutup")
    breach.refresh_from_db()
    assert breach.status == Breach.Status.CLOSED and breach.announced_at is not None
    dpo.goto(f"{base}/privasi/insiden/")
    expect(dpo.get_by_role("main")).to_contain_text("Tautan ekspor sempat terbuka dua jam.")

    # --- the front desk files a request for Siti, who came in person ------------------------
    desk = _officer(browser, base, "loket.disdukcapil")
    desk.goto(f"{base}/kantor/permohonan/loket/")
    desk.get_by_role("main").get_by_label("NIK pemohon").fill(SITI_NIK)
    desk.get_by_role("main").get_by_role("button", name="Cari").click()
    desk.get_by_role("link", name="Catat permintaan data pribadi").click()
    main = desk.get_by_role("main")
    main.get_by_label("Perbaikan data").check()
    main.get_by_label("Alamat jalan yang benar").fill("Jl. Kenanga No. 3")
    _look(desk, "privasi-loket")
    main.get_by_role("button", name="Catat permintaan").click()
    expect(desk.get_by_role("main")).to_contain_text("Periksa KTP-el asli pemohon")
    desk.get_by_role("main").get_by_label(
        "Saya telah mencocokkan KTP-el asli pemohon dengan akun ini"
    ).check()
    desk.get_by_role("main").get_by_role("button", name="Catat permintaan").click()
    expect(desk.get_by_role("main")).to_contain_text("dicatat dan akan ditangani")
    filed = DataSubjectRequest.objects.filter(kind="correction").latest("id")
    assert (filed.user_id, filed.channel) == (siti.pk, "counter")
    dpo.goto(f"{base}/kantor/privasi/permintaan/{filed.pk}/")
    expect(dpo.get_by_role("main")).to_contain_text("Loket")
