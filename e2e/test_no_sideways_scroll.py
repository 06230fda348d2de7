"""No page scrolls sideways on a phone, signed in or not, and the signed-in header stays compact.

Every page an anonymous visitor, a citizen and an officer (signed in with an authenticator code)
can reach is opened at 360 and 390 CSS pixels wide. Each must fit the viewport
(`scrollWidth <= innerWidth`), its header must take at most two rows, and axe-core must find no
serious issue. A screenshot of each is left in /tmp/layout-<width>-<page>.png to look at.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import axe_check, open_menu, transfer_size, user_for_contact

pytestmark = pytest.mark.browser

WIDTHS = (360, 390)
NIKS = ("3204014101900001", "3204010101850003")


@dataclass
class Site:
    base: str
    citizen: str
    officer: str
    password: str
    application_id: str
    service_slug: str
    service_id: int
    agency_slug: str


def _pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Surat pengantar RT/RW")
    return bytes(pdf.output())


@pytest.fixture
def site(demo: Any, settings: Any, tmp_path: Any) -> Site:
    """The demo, plus one submitted application of Siti with two NIKs, a consent she may
    withdraw, and one Disdukcapil officer holding every office role and the DPO permission."""
    from django.contrib.auth.models import Permission
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from satupintu.applications import services as applications
    from satupintu.catalog import demo_data
    from satupintu.catalog import services as catalog
    from satupintu.catalog.models import INTERNAL_COMPONENTS, PUBLIC_COMPONENTS, Category
    from satupintu.organizations import services as organizations
    from satupintu.organizations.models import Agency
    from satupintu.privacy import services as privacy

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    agency = Agency.objects.get(slug=demo_data.DISDUKCAPIL)
    citizen = user_for_contact(f"siti@{demo_data.DEMO_DOMAIN}")
    officer = user_for_contact(f"admin.disdukcapil@{demo_data.DEMO_DOMAIN}")
    for role in ("verifier", "front_desk"):
        organizations.membership_grant(actor=None, user=officer, agency=agency, role=role)
    officer.user_permissions.add(Permission.objects.get(codename="handle_requests"))
    TOTPDevice.objects.create(user=officer, name="ponsel", confirmed=True)

    privacy.consent_grant(
        actor=citizen,
        user=citizen,
        purpose="sms-status",
        purpose_label="Kabar status permohonan melalui SMS ke nomor ponsel yang terdaftar",
        legal_basis="persetujuan",
        notice_text="Kami mengirim kabar status permohonan melalui SMS.",
        notice_version="2026-12",
    )
    service = catalog.service_create(
        actor=None,
        agency=agency,
        data={
            **{name: "Sesuai ketentuan." for name in (*PUBLIC_COMPONENTS, *INTERNAL_COMPONENTS)},
            "name": "Surat Keterangan Pindah Datang Antarkabupaten",
            "summary": "Surat keterangan bagi penduduk yang pindah datang dari kabupaten lain.",
            "category": Category.objects.first(),
            "status": "active",
            "sla_working_days": 3,
            "output_product": "Surat keterangan pindah datang",
            "documents": [{"name": "Surat pengantar RT/RW"}],
        },
    )
    catalog.form_definition_replace(
        actor=None,
        service=service,
        fields=[
            {"key": "nama-kepala-keluarga", "label": "Nama kepala keluarga", "field_type": "text"},
            {"key": "nik-kepala-keluarga", "label": "NIK kepala keluarga", "field_type": "nik"},
            {"key": "nik-pasangan", "label": "NIK pasangan", "field_type": "nik"},
            {"key": "alasan-pindah", "label": "Alasan pindah", "field_type": "text"},
        ],
    )
    draft = applications.application_start(actor=citizen, service=service)
    applications.application_save_answers(
        actor=citizen,
        application=draft,
        answers={
            "nama-kepala-keluarga": "Siti Rahayu",
            "nik-kepala-keluarga": NIKS[0],
            "nik-pasangan": NIKS[1],
            "alasan-pindah": "Pekerjaan",
        },
    )
    applications.application_attach_document(
        actor=citizen,
        application=draft,
        upload=SimpleUploadedFile("pengantar.pdf", _pdf(), content_type="application/pdf"),
        required_document_id=service.documents.get().pk,
    )
    submitted = applications.application_submit(
        actor=citizen, application=draft, idempotency_key="tata-letak-1", declaration=True
    )
    return Site(
        base=demo.url,
        citizen=f"siti@{demo_data.DEMO_DOMAIN}",
        officer=f"admin.disdukcapil@{demo_data.DEMO_DOMAIN}",
        password=demo_data.demo_password(),
        application_id=str(submitted.application.public_id),
        service_slug=service.slug,
        service_id=service.pk,
        agency_slug=agency.slug,
    )


def sign_in(page: Page, site: Site, username: str, *, officer: bool = False) -> None:
    page.goto(site.base + "/akun/masuk/")
    page.get_by_label("Email atau nomor ponsel").fill(username)
    page.get_by_label("Kata sandi").fill(site.password)
    page.get_by_role("main").get_by_role("button", name="Masuk").click()
    if officer:
        from django_otp.oath import totp
        from django_otp.plugins.otp_totp.models import TOTPDevice

        expect(page.get_by_role("heading", level=1)).to_have_text("Verifikasi dua langkah")
        device = TOTPDevice.objects.get(user=user_for_contact(username), confirmed=True)
        token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        page.get_by_label("Kode verifikasi").fill(f"{token:0{device.digits}d}")
        page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Masuk")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Verifikasi dua langkah")


def sign_out(page: Page) -> None:
    open_menu(page)
    page.get_by_role("banner").get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Masuk")).to_be_visible()


HEADER_ROWS = """() => {
    const header = document.querySelector('header.site');
    const items = header.querySelectorAll('.brand, .menu > summary, .nav > li, .lang');
    const tops = [];
    for (const el of items) {
        const r = el.getBoundingClientRect();
        if (!el.checkVisibility() || r.width === 0 || r.height === 0) continue;
        if (!tops.some(t => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
    }
    return {rows: tops.length, height: header.getBoundingClientRect().height};
}"""

WIDEST = """() => {
    let widest = null, right = 0;
    for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > right) { right = r.right; widest = el; }
    }
    return widest ? `${widest.tagName.toLowerCase()}.${widest.className} ends at ${right}px` : '';
}"""


def check_fits(page: Page, name: str, width: int, *, menu_open: bool = False) -> None:
    """The current page fits `width` pixels; its header takes at most two rows (with the
    signed-in menu closed; opened, it drops down over the page)."""
    page.screenshot(path=f"/tmp/layout-{width}-{name}.png", full_page=True)  # noqa: S108
    sizes = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert sizes["scroll"] <= sizes["inner"], (
        f"{name} ({page.url}) is {sizes['scroll']} px wide at {width} px: {page.evaluate(WIDEST)}"
    )
    if menu_open:
        return
    header = page.evaluate(HEADER_ROWS)
    assert header["rows"] <= 2, f"{name}: the header takes {header['rows']} rows at {width} px"


def visit(page: Page, site: Site, width: int, pages: list[tuple[str, str]]) -> None:
    for name, path in pages:
        response = page.goto(site.base + path)
        assert response is not None and response.status == 200, f"{name}: {path}"
        check_fits(page, name, width)
        if width == WIDTHS[-1]:
            axe_check(page)


def anonymous_pages(site: Site) -> list[tuple[str, str]]:
    return [
        ("home", "/"),
        ("search", "/layanan/?q=akta+lahir"),
        ("service", f"/layanan/{site.service_slug}/"),
        ("agencies", "/instansi/"),
        ("agency", f"/instansi/{site.agency_slug}/"),
        ("status", "/cek-status/"),
        ("sign-in", "/akun/masuk/"),
        ("register", "/akun/daftar/"),
        ("ledger", "/transparansi/ledger/"),
    ]


def citizen_pages(site: Site) -> list[tuple[str, str]]:
    return [
        ("citizen-home", "/"),
        ("profile", "/akun/profil/"),
        ("applications", "/permohonan/"),
        ("application", f"/permohonan/{site.application_id}/"),
        ("privacy", "/privasi/"),
        ("citizen-service", f"/layanan/{site.service_slug}/"),
    ]


def officer_pages(site: Site) -> list[tuple[str, str]]:
    return [
        ("office-home", "/kantor/"),
        ("inbox", "/kantor/permohonan/"),
        ("case", f"/kantor/permohonan/{site.application_id}/"),
        ("counter", "/kantor/permohonan/loket/"),
        ("office-services", "/kantor/layanan/"),
        ("service-editor", f"/kantor/layanan/{site.service_id}/ubah/"),
        ("form-builder", f"/kantor/layanan/{site.service_id}/formulir/"),
        ("dpo-queue", "/kantor/privasi/"),
        ("officer-profile", "/akun/profil/"),
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways_on_a_phone(site: Site, page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    visit(page, site, width, anonymous_pages(site))

    sign_in(page, site, site.citizen)
    visit(page, site, width, citizen_pages(site))
    if width == WIDTHS[-1]:
        for path in ("/permohonan/", "/privasi/", f"/permohonan/{site.application_id}/"):
            transfer_size(page, path)
    # The closed menu keeps the header one row; opened, it lists every link over the page.
    banner = page.get_by_role("banner")
    expect(banner.get_by_role("link", name="Profil saya")).to_be_hidden()
    open_menu(page)
    for name in ("Layanan", "Instansi", "Permohonan saya", "Profil saya"):
        expect(banner.get_by_role("link", name=name)).to_be_in_viewport(ratio=1)
    expect(banner.get_by_role("button", name="Keluar")).to_be_in_viewport(ratio=1)
    check_fits(page, "citizen-menu-open", width, menu_open=True)
    # Withdrawing leads to a page that says what stops before anything is withdrawn.
    withdraws = page.get_by_role("link", name="Tarik persetujuan…")
    page.goto(site.base + "/privasi/")
    assert withdraws.count() >= 1
    for index in range(withdraws.count()):
        withdraw = withdraws.nth(index)
        withdraw.scroll_into_view_if_needed()
        expect(withdraw).to_be_in_viewport(ratio=1)

    # English words are longer ("Bahasa Indonesia", "My applications"): the same must hold.
    page.goto(site.base + "/")
    page.get_by_role("banner").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    visit(page, site, width, [(f"en-{name}", path) for name, path in citizen_pages(site)])
    page.get_by_role("banner").get_by_role("link", name="Bahasa Indonesia").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    sign_out(page)

    sign_in(page, site, site.officer, officer=True)
    visit(page, site, width, officer_pages(site))
    page.goto(site.base + f"/kantor/permohonan/{site.application_id}/")
    expect_niks_on_one_line(page, width)
    sign_out(page)


def expect_niks_on_one_line(page: Page, width: int) -> None:
    for nik in NIKS:
        masked = page.get_by_role("main").get_by_text(f"{nik[:4]}{'*' * 8}{nik[-4:]}", exact=True)
        expect(masked).to_be_visible()
        # One line of text: a NIK is never broken across lines.
        height, line = masked.evaluate(
            "el => [el.getBoundingClientRect().height, parseFloat(getComputedStyle(el).lineHeight)]"
        )
        assert height <= line * 1.5, f"a NIK wraps on the case page at {width} px"


def test_desktop_shows_the_signed_in_links_in_one_row_and_niks_whole(
    site: Site, page: Page
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, site, site.officer, officer=True)
    page.goto(site.base + f"/kantor/permohonan/{site.application_id}/")
    banner = page.get_by_role("banner")
    expect(banner.locator("details.menu summary")).to_be_hidden()
    for name in ("Layanan", "Instansi", "Kantor", "Profil saya"):
        expect(banner.get_by_role("link", name=name)).to_be_visible()
    assert page.evaluate(HEADER_ROWS)["rows"] == 1
    check_fits(page, "desktop-case", 1280)
    expect_niks_on_one_line(page, 1280)
    axe_check(page)
    sign_out(page)
