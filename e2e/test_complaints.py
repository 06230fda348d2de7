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
from e2e.test_apply import VILLAGE, regions  # noqa: F401 - a fixture
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


def _check(page: Page, name: str) -> None:
    axe_check(page)
    _fits(page)
    page.screenshot(path=screenshot_path(f"pengaduan-{name}"), full_page=True)


def _open_office(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    _sign_in(page, base, username, officer=True)
    return page


@pytest.mark.usefixtures("regions")
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
    from satupintu.regions.models import Region

    village = Region.objects.get(level=4, name=VILLAGE)
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


def test_with_a_tile_server_a_pin_dropped_on_the_map_fills_the_coordinates(
    demo: Any, browser: Browser, settings: Any
) -> None:
    """The map pin, by pointer and by keyboard: the script turns the coordinate fields into
    hidden inputs and fills them; the complaint keeps the point (and the typed address path
    stays beside it)."""
    from satupintu.catalog import demo_data
    from satupintu.complaints.models import Complaint

    base = demo.url
    settings.COMPLAINT_MAP_TILE_URL = base + "/ubin/{z}/{x}/{y}.png"  # answers 404: blank tiles
    settings.COMPLAINT_MAP_ATTRIBUTION = "Peta uji"
    # axe-core is injected as an inline script, so this look runs with the CSP bypassed ...
    looker = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True).new_page()
    _sign_in(looker, base, f"siti@{demo_data.DEMO_DOMAIN}", officer=False)
    looker.goto(base + "/pengaduan/lapor/")
    expect(looker.get_by_role("application", name="Peta lokasi kejadian")).to_be_visible()
    _check(looker, "peta")
    # ... and the citizen's own page with it enforced: the script and the tiles still load.
    citizen = browser.new_context(viewport=PHONE, locale="id-ID").new_page()
    _sign_in(citizen, base, f"siti@{demo_data.DEMO_DOMAIN}", officer=False)
    citizen.goto(base + "/pengaduan/lapor/")
    view = citizen.get_by_role("application", name="Peta lokasi kejadian")
    expect(view).to_be_visible()
    expect(citizen.get_by_label(re.compile("^Lintang"))).to_have_count(0)  # now hidden inputs
    view.click(position={"x": 120, "y": 90})
    status = citizen.locator("#peta-pin [aria-live]")
    expect(status).to_contain_text("Pin lokasi:")
    first = citizen.locator("#id_latitude").input_value()
    assert first and -90 <= float(first) <= 90
    # Keyboard: move the map, pin its centre.
    view.focus()
    citizen.keyboard.press("ArrowRight")
    citizen.keyboard.press("Enter")
    lat = float(citizen.locator("#id_latitude").input_value())
    lon = float(citizen.locator("#id_longitude").input_value())
    assert -11 < lat < 6 and 95 < lon < 141  # around Indonesia, where the map opens
    citizen.get_by_role("radio", name="Aspirasi", exact=True).check()
    citizen.get_by_label("Judul laporan").fill("Lampu jalan di tikungan mati")
    citizen.get_by_label(re.compile("^Uraian")).fill("Sudah sebulan lampu jalan di tikungan mati.")
    citizen.get_by_role("radio", name=re.compile("^Publik")).check()
    citizen.get_by_role("button", name="Kirim laporan").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Laporan diterima")
    complaint = Complaint.objects.get()
    assert complaint.latitude is not None and complaint.longitude is not None
    assert abs(float(complaint.latitude) - lat) < 1e-5
    assert abs(float(complaint.longitude) - lon) < 1e-5
