"""A new citizen applies for a birth certificate online; a front-desk officer does the same for a
walk-in citizen. Both download the receipt PDF and find the tracking number in it."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import axe_check, open_menu, transfer_size
from e2e.test_portal import open_akta_kelahiran, search_form

pytestmark = pytest.mark.browser

PASSWORD = "Sandi-Warga-Baru-2026"
CITIZEN_EMAIL = "rina.wulandari@example.id"
CITIZEN_NIK = "3204015507900002"
WALK_IN_NIK = "3204012505800003"
VILLAGE = "Cibiru Wetan"


@pytest.fixture
def regions(demo: Any) -> None:
    """One village and its parents: enough for the address question of the demo form."""
    from satupintu.regions.models import Region
    from satupintu.regions.names import normalize_name

    chain = [
        ("32", "Jawa Barat", 1, "provinsi", "Jawa Barat"),
        ("32.04", "Kabupaten Bandung", 2, "kabupaten", "Kabupaten Bandung, Jawa Barat"),
        ("32.04.01", "Cileunyi", 3, "kecamatan", "Cileunyi, Kabupaten Bandung, Jawa Barat"),
        (
            "32.04.01.2001",
            VILLAGE,
            4,
            "desa",
            f"{VILLAGE}, Cileunyi, Kabupaten Bandung, Jawa Barat",
        ),
    ]
    parent = None
    for code, name, level, kind, path in chain:
        parent, _ = Region.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "kind": kind,
                "parent": parent,
                "search_name": normalize_name(name.replace("Kabupaten ", "")),
                "path": path,
            },
        )


def make_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Surat keterangan kelahiran")
    pdf.output(str(path))
    return path


def make_photo(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (120, 90), (180, 60, 40)).save(path, format="JPEG")
    return path


def pdf_text(path: str | Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(Path(path).read_bytes()))
    return "".join(p.extract_text() for p in reader.pages).replace(" ", "")


def next_step(page: Page) -> None:
    page.get_by_role("button", name="Simpan dan lanjutkan", exact=True).click()


def fill_akta_form(page: Page, *, reporter_nik: str | None) -> None:
    """The three groups of the demo Akta Kelahiran form."""
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data anak")
    expect(main).to_contain_text(re.compile(r"Langkah 1 dari \d+"))
    main.get_by_label("Nama anak").fill("Ahmad Fauzi")
    main.get_by_label("Tanggal lahir").fill("2026-01-15")
    main.get_by_label("Laki-laki").check()
    main.get_by_label("Tempat lahir").fill("RSUD Contoh")
    main.get_by_label("Anak ke").fill("1")
    next_step(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Data orang tua")
    main.get_by_label("NIK ibu").fill("3204014101900001")
    main.get_by_label("Nama ibu").fill("Rina Wulandari")
    main.get_by_label("Belum kawin").check()
    next_step(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Data pelapor")
    if reporter_nik:
        main.get_by_label("NIK pelapor").fill(reporter_nik)
    main.get_by_label("Nomor ponsel").fill("081234567890")
    main.get_by_label("Kelurahan/desa").fill(VILLAGE)
    main.get_by_label("Jalan, nomor rumah, RT/RW").fill("Jl. Melati No. 5 RT 02/RW 03")
    next_step(page)


def upload_documents(page: Page, pdf: Path, photo: Path) -> None:
    """A PDF for the first document, the photo for the second, the PDF for any others."""
    expect(page.get_by_role("heading", level=1)).to_contain_text("dokumen")
    cards = page.get_by_role("main").locator("li.card")
    count = cards.count()
    assert count >= 2
    for index in range(count):
        card = page.get_by_role("main").locator("li.card").nth(index)
        card.locator("input[type=file]").set_input_files(str(photo if index == 1 else pdf))
        card.get_by_role("button", name=re.compile("^Unggah")).click()
        expect(page.get_by_role("main").locator("li.card").nth(index)).to_contain_text(
            "Sudah diunggah"
        )


def check_and_submit(page: Page, button: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Periksa jawaban Anda")
    expect(page.get_by_role("main")).to_contain_text("Ahmad Fauzi")
    expect(page.get_by_role("main")).not_to_contain_text("3204014101900001")  # NIK masked
    axe_check(page)
    page.get_by_label(re.compile("Saya menyatakan data yang saya isi benar")).check()
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Permohonan diterima")


def download_receipt(page: Page, link: str) -> str:
    code = page.locator("#nomor-registrasi").inner_text().strip()
    assert re.fullmatch(r"SP-[0-9A-Z]{9}", code)
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    assert code in pdf_text(info.value.path())
    return code


def register_and_confirm(page: Page, base: str) -> None:
    from satupintu.notifications.models import Message

    page.goto(base + "/akun/daftar/")
    main = page.get_by_role("main")
    # The accounts form puts its hints inside the labels, so the inputs are found by id.
    main.locator("#id_contact").fill(CITIZEN_EMAIL)
    main.locator("#id_full_name").fill("Rina Wulandari")
    main.locator("#id_password1").fill(PASSWORD)
    main.locator("#id_password2").fill(PASSWORD)
    main.get_by_label(re.compile("menyetujui pemberitahuan privasi")).check()
    main.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Konfirmasi kontak")

    message = Message.objects.filter(template="contact_code").latest("created_at")
    page.get_by_label("Kode verifikasi").fill(str(message.context["code"]))
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_role("main")).not_to_contain_text("Kode verifikasi salah")


def test_new_citizen_applies_online_and_front_desk_applies_for_a_walk_in(
    demo: Any, regions: None, page: Page, tmp_path: Path
) -> None:
    from satupintu.applications.models import Application, Channel, Status

    base = demo.url
    pdf = make_pdf(tmp_path / "surat-lahir.pdf")
    photo = make_photo(tmp_path / "foto-kk.jpg")

    # --- a new citizen, online --------------------------------------------------------------
    register_and_confirm(page, base)
    page.goto(base + "/")
    box, submit = search_form(page)
    box.fill("Akta Kelahiran")
    submit.click()
    open_akta_kelahiran(page)
    page.get_by_role("main").get_by_role("link", name="Ajukan permohonan").click()
    page.get_by_role("button", name="Mulai mengisi").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Data anak")
    page.wait_for_load_state("networkidle")
    transfer_size(page, page.url)
    axe_check(page)
    fill_akta_form(page, reporter_nik=CITIZEN_NIK)
    upload_documents(page, pdf, photo)
    page.get_by_role("link", name="Lanjut ke pemeriksaan").click()
    check_and_submit(page, "Ajukan permohonan")
    axe_check(page)
    code = download_receipt(page, "Unduh tanda terima (PDF)")

    open_menu(page)
    page.get_by_role("banner").get_by_role("link", name="Permohonan saya").click()
    expect(page.get_by_role("main")).to_contain_text(code)
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("main")).to_contain_text("Permohonan diajukan")
    expect(page.get_by_role("main")).to_contain_text("Diterima")
    online = Application.objects.get(tracking_code=code)
    assert online.channel == Channel.ONLINE and online.status == Status.SUBMITTED

    # --- the front desk, for a walk-in citizen ----------------------------------------------
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from satupintu.accounts.selectors import user_for_contact
    from satupintu.catalog import demo_data

    open_menu(page)
    page.get_by_role("banner").get_by_role("button", name="Keluar").click()
    page.goto(base + "/akun/masuk/")
    page.get_by_label("Email atau nomor ponsel").fill(f"loket.disdukcapil@{demo_data.DEMO_DOMAIN}")
    page.get_by_label("Kata sandi").fill(demo_data.demo_password())
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktifkan verifikasi dua langkah")
    device = TOTPDevice.objects.get(
        user=user_for_contact(f"loket.disdukcapil@{demo_data.DEMO_DOMAIN}"), confirmed=False
    )
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Kode verifikasi").fill(f"{token:0{device.digits}d}")
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Aktifkan verifikasi dua langkah")

    page.goto(base + "/kantor/permohonan/loket/")
    main = page.get_by_role("main")
    main.get_by_label("NIK pemohon").fill(WALK_IN_NIK)
    main.get_by_role("button", name="Cari").click()
    expect(page.get_by_role("main")).to_contain_text("Belum ada akun warga")
    main = page.get_by_role("main")
    main.get_by_label("Nama lengkap (sesuai KTP)").fill("Darmo Sutrisno")
    expect(main.get_by_label("NIK", exact=True)).to_have_value(WALK_IN_NIK)
    main.get_by_label(re.compile("menyetujui pemrosesan data pribadinya")).check()
    main.get_by_role("button", name="Daftarkan dan lanjutkan").click()
    page.get_by_label("Layanan").select_option(label="Penerbitan Akta Kelahiran")
    page.get_by_role("button", name="Mulai permohonan").click()

    fill_akta_form(page, reporter_nik=None)  # the walk-in's NIK is pre-filled from the account
    upload_documents(page, pdf, photo)
    page.get_by_role("link", name="Lanjut ke pemeriksaan").click()
    check_and_submit(page, "Ajukan atas nama pemohon")
    walk_in_code = download_receipt(page, "Cetak tanda terima (PDF)")

    walk_in = Application.objects.get(tracking_code=walk_in_code)
    assert walk_in.channel == Channel.COUNTER
    assert walk_in.applicant.full_name == "Darmo Sutrisno"
    assert walk_in.submitted_by is not None and walk_in.submitted_by.is_officer
    from satupintu.privacy.models import Consent

    assert Consent.objects.filter(user=walk_in.applicant).exists()
