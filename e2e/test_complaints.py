"""Issue 11's first acceptance item, on a 360 px phone: a citizen files an anonim complaint with
a photo about a health service; the rule routes it to Dinas Kesehatan; its liaison forwards it
to Disdukcapil as not their authority; Disdukcapil answers; the citizen reopens, then confirms
and rates; the public board shows it without the reporter's identity. Every page is axe-checked,
fits the screen, and is photographed (/tmp/journey-pengaduan-*.png).

Along the way (no tile server configured): the location is the typed address with the region
picker and no map code is loaded; the PDF receipt downloads from the receipt page; after the
answer the citizen downloads the signed response letter, which names nobody and which the
public verification page accepts.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.helpers import axe_check, user_for_contact
from e2e.test_decisions import _fits, _sign_in
from e2e.test_journey_360 import PHONE, screenshot_path
from e2e.test_outputs import verify_in_public

pytestmark = pytest.mark.browser

SUBJECT = "Antrean puskesmas lima jam"
DESCRIPTION = (
    "Saya menunggu lima jam di Puskesmas Cileunyi tanpa kepastian jadwal dokter. "
    "Hubungi saya di 081234567890 bila perlu."
)
REASON = "Keluhan ini tentang pencetakan KTP-el di puskesmas keliling, kewenangan Disdukcapil."


def _photo(tmp_path: Any) -> str:
    from PIL import Image

    path = tmp_path / "antrean.png"
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 200)).save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return str(path)


def _health_desk() -> str:
    """Dinas Kesehatan's complaint liaison and the rule that sends health complaints there."""
    from satupintu.accounts.models import User
    from satupintu.catalog import demo_data
    from satupintu.catalog.models import Category
    from satupintu.complaints.models import RoutingRule
    from satupintu.organizations.models import Agency, Membership, Role

    dinkes = Agency.objects.get(slug=demo_data.DINKES)
    username = f"pengaduan.dinkes@{demo_data.DEMO_DOMAIN}"
    user = User.objects.create_user(
        username=username, email=username, password=demo_data.demo_password()
    )
    user.kind, user.full_name, user.nip = "officer", "Nina Herlina", "199203032016022004"
    user.save(update_fields=["kind", "full_name", "nip"])
    Membership.objects.create(user=user, agency=dinkes, role=Role.COMPLAINT_LIAISON)
    RoutingRule.objects.create(category=Category.objects.get(slug="kesehatan"), agency=dinkes)
    return username


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _village() -> Any:
    """A village for the typed address (the test database has no region table loaded)."""
    from satupintu.regions.models import Region
    from satupintu.regions.names import search_key

    chain = (
        ("32", "Jawa Barat", 1, "provinsi"),
        ("32.04", "Kabupaten Bandung", 2, "kabupaten"),
        ("32.04.20", "Cileunyi", 3, "kecamatan"),
        ("32.04.20.2001", "Cileunyi Wetan", 4, "desa"),
    )
    parent = None
    for code, name, level, kind in chain:
        parent, _created = Region.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "kind": kind,
                "parent": parent,
                "path": ", ".join(n for _c, n, lv, _k in reversed(chain) if lv <= level),
                "search_name": search_key(name, level),
            },
        )
    return parent


def _check(page: Page, name: str) -> None:
    axe_check(page)
    _fits(page)
    page.screenshot(path=screenshot_path(f"pengaduan-{name}"), full_page=True)


def _open_office(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    _sign_in(page, base, username, officer=True)
    return page


def test_anonim_complaint_is_routed_forwarded_answered_reopened_confirmed_and_shown(
    demo: Any, browser: Browser, tmp_path: Any
) -> None:
    from satupintu.catalog import demo_data
    from satupintu.complaints.models import Complaint, Status

    base = demo.url
    dinkes_liaison = _health_desk()
    siti_email = f"siti@{demo_data.DEMO_DOMAIN}"
    siti = user_for_contact(siti_email)

    citizen = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    _sign_in(citizen, base, siti_email, officer=False)
    citizen.goto(base + "/pengaduan/lapor/")
    _check(citizen, "formulir")
    citizen.get_by_role("radio", name="Pengaduan", exact=True).check()
    citizen.get_by_label("Judul laporan").fill(SUBJECT)
    citizen.get_by_label(re.compile("^Uraian")).fill(DESCRIPTION)
    citizen.get_by_label("Kategori").select_option("kesehatan")
    citizen.get_by_label(re.compile("^Foto atau dokumen")).set_input_files(_photo(tmp_path))
    # No tile server here: no map code, the typed address with the region picker instead.
    assert citizen.locator("#peta-pin").count() == 0
    assert citizen.locator("script[src*='complaint-map']").count() == 0
    expect(citizen.get_by_label(re.compile("^Lintang"))).to_be_visible()
    village = _village()
    citizen.get_by_label("Kelurahan/desa").fill(village.name)
    citizen.get_by_label("Jalan, nomor rumah, RT/RW").fill("Jl. Puskesmas No. 3 RT 02/RW 05")
    citizen.get_by_role("radio", name=re.compile("^Anonim")).check()
    citizen.get_by_role("button", name="Kirim laporan").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Laporan diterima")
    complaint = Complaint.objects.get()
    expect(citizen.get_by_role("main")).to_contain_text(complaint.tracking_code or "")
    expect(citizen.get_by_role("main")).to_contain_text("Dinas Kesehatan")
    _check(citizen, "tanda-terima")
    assert complaint.agency is not None and complaint.agency.slug == demo_data.DINKES
    assert complaint.attachments.count() == 1
    assert complaint.region == village and complaint.address_street.startswith("Jl. Puskesmas")
    assert complaint.latitude is None and complaint.longitude is None
    with citizen.expect_download() as receipt:
        citizen.get_by_role("link", name="Unduh tanda terima (PDF)").click()
    receipt_text = _pdf_text(Path(receipt.value.path()).read_bytes())
    assert (complaint.tracking_code or "-") in receipt_text
    assert siti.full_name not in receipt_text

    # Dinas Kesehatan: never sees who reported; not theirs, so forwarded with the reason.
    dinkes = _open_office(browser, base, dinkes_liaison)
    dinkes.goto(f"{base}/kantor/pengaduan/")
    dinkes.get_by_role("link", name=complaint.tracking_code or "").click()
    main = dinkes.get_by_role("main")
    expect(main).to_contain_text("Pelapor anonim")
    expect(main).not_to_contain_text(siti.full_name)
    expect(main).not_to_contain_text("siti@")
    _check(dinkes, "dinkes")
    dinkes.get_by_label("Instansi yang berwenang").select_option(demo_data.DISDUKCAPIL)
    dinkes.get_by_label(re.compile("^Alasan")).fill(REASON)
    dinkes.get_by_role("button", name="Teruskan").click()
    expect(dinkes.get_by_role("main")).to_contain_text("Tersimpan")
    complaint.refresh_from_db()
    assert complaint.agency is not None and complaint.agency.slug == demo_data.DISDUKCAPIL

    # Disdukcapil answers (publicly), then publishes the masked text on the board.
    capil = _open_office(browser, base, f"pengaduan.disdukcapil@{demo_data.DEMO_DOMAIN}")
    capil.goto(f"{base}/kantor/pengaduan/{complaint.public_id}/")
    main = capil.get_by_role("main")
    expect(main).to_contain_text(REASON)
    expect(main).not_to_contain_text(siti.full_name)

    def answer(text: str) -> None:
        capil.get_by_role("radio", name="Tindak lanjut selesai").check()
        capil.get_by_label(re.compile("^Isi")).fill(text)
        capil.get_by_label("Tampilkan juga di papan publik").check()
        capil.get_by_role("button", name="Simpan").click()
        expect(capil.get_by_role("main")).to_contain_text("Tersimpan")

    answer("Jadwal perekaman KTP-el di puskesmas keliling kini diumumkan seminggu sebelumnya.")
    expect(capil.get_by_label("Uraian untuk papan publik")).to_contain_text(
        "[nomor telepon disamarkan]"
    )
    capil.get_by_role("button", name="Konfirmasi dan terbitkan").click()
    expect(capil.get_by_role("main")).to_contain_text("Tersimpan")
    _check(capil, "disdukcapil")

    # The citizen reopens, is answered again, confirms and rates.
    citizen.goto(f"{base}/pengaduan/{complaint.public_id}/")
    expect(citizen.get_by_role("main")).to_contain_text("Jadwal perekaman")
    citizen.get_by_label("Mengapa belum selesai?").fill("Pengumumannya tidak sampai ke desa kami.")
    citizen.get_by_role("button", name="Belum, buka kembali").click()
    expect(citizen.get_by_role("main")).to_contain_text("Sedang ditindaklanjuti")
    answer("Pengumuman kini juga ditempel di balai desa dan dikirim lewat SMS.")
    citizen.reload()
    _check(citizen, "tanggapan")
    # The signed response letter of the latest answer: downloaded, nameless, genuine.
    complaint.refresh_from_db()
    letter = complaint.letter
    assert letter is not None
    main = citizen.get_by_role("main")
    expect(main).to_contain_text(letter.number)
    with citizen.expect_download() as signed:
        main.get_by_role("link", name="Unduh surat tanggapan (PDF)").click()
    issued = Path(signed.value.path()).read_bytes()
    letter_text = _pdf_text(issued)
    assert "balai desa" in letter_text and (complaint.tracking_code or "-") in letter_text
    for hidden in (siti.full_name, "siti@", "081234567890"):
        assert hidden not in letter_text
    verify_in_public(browser, base, letter, issued, tmp_path)
    citizen.get_by_role("button", name="Ya, selesai").click()
    expect(citizen.get_by_role("main")).to_contain_text("Selesai")
    citizen.get_by_role("radio", name="5", exact=True).check()
    citizen.get_by_label("Komentar (opsional)").fill("Terima kasih, sudah jelas.")
    citizen.get_by_role("button", name="Kirim penilaian").click()
    expect(citizen.get_by_role("main")).to_contain_text("Penilaian Anda: 5 dari 5")
    _check(citizen, "dinilai")
    complaint.refresh_from_db()
    assert (
        complaint.status == Status.CLOSED and complaint.rating == 5 and complaint.reopen_count == 1
    )

    # The public board, signed out: the complaint and its answers, no reporter.
    visitor = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    visitor.goto(base + "/pengaduan/")
    expect(visitor.get_by_role("main")).to_contain_text(SUBJECT)
    _check(visitor, "papan")
    visitor.get_by_role("link", name=SUBJECT).click()
    main = visitor.get_by_role("main")
    expect(main).to_contain_text("Anonim")
    expect(main).to_contain_text("balai desa")
    for hidden in (siti.full_name, "siti@", "081234567890"):
        expect(main).not_to_contain_text(hidden)
    _check(visitor, "papan-rinci")
