"""Issue 10's acceptance journey: the back office from the workflow editor to a verified output.

The agency admin adds a review step to the Akta Kelahiran workflow in the editor and publishes it;
a new citizen applies online with four documents; the verifier sees each document in place,
verifies three and rejects one with a reason, and asks for a correction of that one document (the
form starts with it ticked); the citizen replaces only that document and resubmits; the verifier,
the reviewer and the approver act; the citizen downloads the signed output; the public
verification page accepts that PDF and refuses a copy with one byte changed. axe-core finds no
serious issue on the editor, the case page and the verification page; the case page fits a
360 px phone and asks no other host for anything.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.helpers import axe_check
from e2e.test_apply import (
    CITIZEN_NIK,
    check_and_submit,
    fill_akta_form,
    make_pdf,
    make_photo,
    regions,  # noqa: F401 - a fixture
    register_and_confirm,
    upload_documents,
)
from e2e.test_decisions import _fits, _sign_in
from e2e.test_journey_360 import PHONE, screenshot_path
from e2e.test_outputs import verify_in_public

pytestmark = pytest.mark.browser

REJECTED = "Kartu Keluarga orang tua"
REASON = "Halaman KK terpotong; unggah pindaian halaman penuh yang terbaca."


def _officer(browser: Browser, base: str, local: str) -> Page:
    from satupintu.catalog import demo_data

    page = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    _sign_in(page, base, f"{local}@{demo_data.DEMO_DOMAIN}", officer=True)
    return page


def _add_review_step(admin: Page, base: str) -> int:
    """In the editor: a review step between verification and issuing, the reviewer's action
    into it, and the approver allowed to issue; then publish."""
    from satupintu.catalog.models import Service

    service = Service.objects.get(slug="akta-kelahiran")
    admin.goto(f"{base}/kantor/layanan/{service.pk}/alur/")
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Alur kerja")
    axe_check(admin)
    form = admin.get_by_role("main").locator("form", has=admin.locator('[name="do"][value="save"]'))
    steps = int(form.locator('[name="langkah-TOTAL_FORMS"]').input_value())
    actions = int(form.locator('[name="tindakan-TOTAL_FORMS"]').input_value())
    new_step, new_action = steps - 1, actions - 1  # the one empty row of each
    row = f"langkah-{new_step}-"
    form.locator(f'[name="{row}key"]').fill("review")
    form.locator(f'[name="{row}label"]').fill("Sedang diproses")
    form.locator(f'[name="{row}label_internal"]').fill("Pemeriksaan")
    form.locator(f'[name="{row}status"]').select_option("in_review")
    form.locator(f'[name="{row}sla_days"]').fill("1")
    keys = [form.locator(f'[name="tindakan-{i}-key"]').input_value() for i in range(actions - 1)]
    verify_ok, issue = keys.index("verify_ok"), keys.index("issue")
    form.locator(f'[name="tindakan-{verify_ok}-label"]').fill("Berkas lengkap")
    form.locator(f'[name="tindakan-{verify_ok}-target"]').fill("review")
    form.locator(f'[name="tindakan-{issue}-roles"][value="approver"]').check()
    row = f"tindakan-{new_action}-"
    form.locator(f'[name="{row}key"]').fill("review_ok")
    form.locator(f'[name="{row}label"]').fill("Teruskan ke penerbitan")
    form.locator(f'[name="{row}source"]').fill("review")
    form.locator(f'[name="{row}target"]').fill("issue")
    form.locator(f'[name="{row}roles"][value="reviewer"]').check()
    form.get_by_role("button", name="Simpan dan terbitkan").click()
    expect(admin.get_by_role("main")).to_contain_text(re.compile(r"Versi \d+ diterbitkan"))
    expect(admin.get_by_role("main")).to_contain_text("Pemeriksaan")
    axe_check(admin)
    admin.screenshot(path=screenshot_path("alur-terbit"), full_page=True)
    from satupintu.catalog import services as catalog_services

    current = catalog_services.workflow_current(service)
    assert current is not None and current.definition.step("review") is not None
    return current.number


def _apply(citizen: Page, base: str, tmp_path: Path) -> str:
    register_and_confirm(citizen, base)
    citizen.goto(f"{base}/layanan/akta-kelahiran/")
    citizen.get_by_role("main").get_by_role("link", name="Ajukan permohonan").click()
    citizen.get_by_role("button", name="Mulai mengisi").click()
    fill_akta_form(citizen, reporter_nik=CITIZEN_NIK)
    upload_documents(citizen, make_pdf(tmp_path / "surat.pdf"), make_photo(tmp_path / "foto.jpg"))
    citizen.get_by_role("link", name="Lanjut ke pemeriksaan").click()
    check_and_submit(citizen, "Ajukan permohonan")
    return citizen.locator("#nomor-registrasi").inner_text().strip()


def _watch_hosts(page: Page) -> list[str]:
    asked: list[str] = []

    def on_request(request: Any) -> None:
        asked.append(request.url)

    page.on("request", on_request)
    return asked


def _check_case_page(page: Page, label: str) -> None:
    axe_check(page)
    _fits(page)
    page.screenshot(path=screenshot_path(f"berkas-{label}"), full_page=True)


def _verifier_rejects_one_document(verifier: Page, base: str, application: Any) -> None:
    asked = _watch_hosts(verifier)
    verifier.goto(f"{base}/kantor/permohonan/{application.public_id}/")
    main = verifier.get_by_role("main")
    todo = main.locator("#tugas")
    expect(todo).to_contain_text(f"Periksa dokumen: {REJECTED}.")
    # Every document is shown in place from our own inline route, with a download link.
    expect(main.locator("iframe.doc-view")).to_have_count(3)
    expect(main.locator("img.doc-view")).to_have_count(1)
    inline = main.locator("iframe.doc-view").first.get_attribute("src")
    assert inline and inline.endswith("/lihat/")
    answer = verifier.request.get(base + inline)
    assert answer.headers["x-frame-options"] == "SAMEORIGIN"
    assert answer.headers["content-disposition"].startswith("inline")
    assert "frame-ancestors 'self'" in answer.headers["content-security-policy"]
    expect(main.get_by_role("link", name=f"Unduh {REJECTED}")).to_be_visible()
    _check_case_page(verifier, "baru")

    for name in (
        "Surat keterangan kelahiran",
        "Buku nikah atau kutipan akta perkawinan orang tua",
        "KTP-el orang tua atau pelapor",
    ):
        main.get_by_role("button", name=f"Sesuai: {name}").click()
        expect(verifier.get_by_role("main")).to_contain_text("Dokumen ditandai sesuai.")
    card = main.locator("li.doc", has=verifier.get_by_role("heading", name=REJECTED))
    card.locator("summary", has_text="Tolak dokumen ini").click()
    card.get_by_role("button", name=f"Tolak {REJECTED}").click()  # no reason yet
    expect(card).to_contain_text("Tuliskan alasan penolakan dokumen")
    card = main.locator("li.doc", has=verifier.get_by_role("heading", name=REJECTED))
    card.get_by_label(f"Alasan menolak {REJECTED}").fill(REASON)
    card.get_by_role("button", name=f"Tolak {REJECTED}").click()
    expect(main).to_contain_text("Dokumen ditolak.")
    expect(todo).to_contain_text(f"Dokumen {REJECTED} ditolak: minta perbaikan")
    expect(todo).not_to_contain_text("Periksa dokumen")

    correction = main.locator("#tindakan-request_correction")
    ticked = correction.get_by_label(f"Dokumen: {REJECTED} (ditolak)")
    expect(ticked).to_be_checked()
    expect(correction.get_by_label("Dokumen: Surat keterangan kelahiran")).not_to_be_checked()
    expect(correction.get_by_role("textbox")).to_have_value(re.compile(re.escape(REASON)))
    _check_case_page(verifier, "ditolak")
    correction.get_by_role("button", name="Minta perbaikan", exact=True).click()
    expect(verifier.get_by_role("main")).to_contain_text("Status permohonan diperbarui.")
    expect(verifier.locator("#tugas")).to_contain_text("Menunggu pemohon")
    origin = urlsplit(base).netloc
    # Chromium's own PDF viewer (chrome-extension://) draws the framed PDFs; nothing else is
    # fetched from anywhere but this site.
    web = [u for u in asked if urlsplit(u).scheme in ("http", "https", "ws", "wss")]
    assert web and [u for u in web if urlsplit(u).netloc != origin] == []


def _citizen_replaces_only_that_document(
    citizen: Page, base: str, application: Any, tmp_path: Path
) -> None:
    from satupintu.applications.models import Document

    before = {
        d.required_document.name: d.pk
        for d in Document.objects.filter(application=application).select_related(
            "required_document"
        )
    }
    citizen.goto(f"{base}/permohonan/{application.public_id}/")
    main = citizen.get_by_role("main")
    expect(main).to_contain_text(REASON)
    main.get_by_role("link", name="Perbaiki dan kirim ulang").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Periksa jawaban Anda")
    main.locator("#bagian-dokumen").locator("xpath=..").get_by_role("link", name="Ubah").click()
    card = citizen.get_by_role("main").locator("li.card", has_text=REJECTED)
    expect(card).to_contain_text(REASON)
    # Only the rejected document can be replaced; the others are shown kept.
    expect(citizen.get_by_role("main").locator("li.card input[type=file]")).to_have_count(1)
    axe_check(citizen)
    card.locator("input[type=file]").set_input_files(str(make_pdf(tmp_path / "kk-penuh.pdf")))
    card.get_by_role("button", name=re.compile("^Unggah")).click()
    expect(citizen.get_by_role("main").locator("li.card", has_text=REJECTED)).to_contain_text(
        "Sudah diunggah"
    )
    citizen.get_by_role("link", name="Lanjut ke pemeriksaan").click()
    citizen.get_by_label(re.compile("Saya menyatakan data yang saya isi benar")).check()
    citizen.get_by_role("button", name="Kirim ulang permohonan").click()
    expect(citizen.get_by_role("main")).to_contain_text("Perbaikan terkirim")
    after = {
        d.required_document.name: d.pk
        for d in Document.objects.filter(application=application).select_related(
            "required_document"
        )
    }
    assert after[REJECTED] != before[REJECTED]
    assert {k: v for k, v in after.items() if k != REJECTED} == {
        k: v for k, v in before.items() if k != REJECTED
    }


def _move(page: Page, base: str, application: Any, button: str) -> None:
    page.goto(f"{base}/kantor/permohonan/{application.public_id}/")
    page.get_by_role("main").get_by_role("button", name=button).click()
    expect(page.get_by_role("main")).to_contain_text("Status permohonan diperbarui.")


@pytest.mark.usefixtures("regions")
def test_admin_adds_a_review_step_and_a_case_runs_to_a_verified_output(
    demo: Any, browser: Browser, tmp_path: Path
) -> None:
    from satupintu.applications.models import Application, Output, Status

    base = demo.url

    admin = _officer(browser, base, "admin.disdukcapil")
    version = _add_review_step(admin, base)

    citizen = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    code = _apply(citizen, base, tmp_path)
    application = Application.objects.get(tracking_code=code)
    assert application.workflow_version.number == version and application.workflow_step == "verify"

    verifier = _officer(browser, base, "verifikator.disdukcapil")
    _verifier_rejects_one_document(verifier, base, application)
    _citizen_replaces_only_that_document(citizen, base, application, tmp_path)

    verifier.goto(f"{base}/kantor/permohonan/{application.public_id}/")
    todo = verifier.locator("#tugas")
    expect(todo).to_contain_text(f"Periksa dokumen: {REJECTED}.")  # the replacement is new
    verifier.get_by_role("button", name=f"Sesuai: {REJECTED}").click()
    expect(verifier.locator("#tugas")).to_contain_text("Tidak ada yang tertunda")
    verifier.get_by_role("main").get_by_role("button", name="Ubah ke: Sedang diproses").click()
    expect(verifier.get_by_role("main")).to_contain_text("Status permohonan diperbarui.")
    application.refresh_from_db()
    assert application.workflow_step == "review"

    _move(_officer(browser, base, "pemeriksa.disdukcapil"), base, application, "Ubah ke: Disetujui")
    approver = _officer(browser, base, "penyetuju.disdukcapil")
    _move(approver, base, application, "Ubah ke: Selesai")
    application.refresh_from_db()
    assert application.status == Status.COMPLETED
    assert application.workflow_version.number == version
    output = Output.objects.get(application=application, kind=Output.Kind.PRODUCT)
    _check_case_page(approver, "selesai")

    citizen.goto(f"{base}/permohonan/{application.public_id}/")
    with citizen.expect_download() as info:
        citizen.get_by_role("main").get_by_role(
            "link", name=f"Unduh dokumen {output.number}"
        ).click()
    issued = Path(info.value.path()).read_bytes()
    assert issued.startswith(b"%PDF-")
    verify_in_public(browser, base, output, issued, tmp_path)
