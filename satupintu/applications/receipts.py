"""The receipt (tanda terima) given on submission, as a PDF with a QR code to the status page.

Core PDF fonts only cover Latin-1, so text is transliterated ("Ş" → "S", "—" → "-") rather than
embedding a font: the receipt stays small and its text stays extractable.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from typing import Any

import segno
from django.utils.translation import gettext as _

from satupintu.applications import snapshot
from satupintu.applications.models import Application, Channel
from satupintu.core import dates
from satupintu.core.fields import masked

_REPLACEMENTS = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "•": "-",
        "\u00a0": " ",
    }
)


def latin1(text: object) -> str:
    """`text` in characters the core PDF fonts can show."""
    value = str(text or "").translate(_REPLACEMENTS)
    value = "".join(
        ch for ch in unicodedata.normalize("NFKD", value) if not unicodedata.combining(ch)
    )
    return value.encode("latin-1", "replace").decode("latin-1")


def text_writer(pdf: Any) -> Callable[..., None]:
    """A function writing one left-aligned paragraph of `pdf` across the page, in a core font."""
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def write(text: str, *, size: int = 11, style: str = "", height: float = 6) -> None:
        pdf.set_font("Helvetica", style=style, size=size)
        # Left-aligned: fpdf2 justifies multi_cell by default, which opens wide gaps in a URL line.
        pdf.multi_cell(width, height, latin1(text), align="L", new_x="LMARGIN", new_y="NEXT")

    return write


def draw_qr(pdf: Any, url: str, *, scale: int, size: float) -> None:
    """A QR code of `url`, `size` mm square, in the top right corner of the current page."""
    qr = segno.make(url, error="m")
    image = io.BytesIO()
    qr.save(image, kind="png", scale=scale, border=2)
    image.seek(0)
    pdf.image(image, x=pdf.w - pdf.r_margin - size, y=pdf.t_margin, w=size, h=size)


def counter_label(application: Application) -> str:
    """Where a counter application was received: the officer's unit, else the agency's counter."""
    from satupintu.organizations.models import Role
    from satupintu.organizations.selectors import memberships_for

    membership = (
        memberships_for(application.submitted_by)
        .filter(agency_id=application.agency_id, role=Role.FRONT_DESK)
        .exclude(unit=None)
        .first()
        if application.submitted_by is not None
        else None
    )
    place = membership.unit.name if membership is not None and membership.unit else ""
    if place:
        return _("Loket %(unit)s, %(agency)s") % {"unit": place, "agency": application.agency.name}
    return _("Loket %(agency)s") % {"agency": application.agency.name}


def receipt_document(
    *,
    title: str,
    issuer: str,
    heading: str,
    code_label: str,
    code: str,
    secret: str,
    url: str,
    rows: list[tuple[str, str]],
    items_title: str,
    items: list[str],
    footer: str,
) -> bytes:
    """The one receipt layout (applications, complaints): who received it, the tracking number
    large, the status secret, a QR code of `url`, the facts as label/value rows, what was
    handed in, and what to do with the receipt."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(latin1(title))
    pdf.set_author("SatuPintu")
    pdf.set_creator("SatuPintu")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    line = text_writer(pdf)

    def row(label: str, value: str) -> None:
        pdf.set_font("Helvetica", style="B", size=10)
        pdf.cell(55, 6, latin1(label), new_x="RIGHT", new_y="TOP")
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(width - 55, 6, latin1(value), align="L", new_x="LMARGIN", new_y="NEXT")

    line(issuer, size=10)
    line(heading, size=16, style="B", height=9)
    pdf.ln(2)
    line(code_label, size=10)
    line(code, size=26, style="B", height=12)
    if secret:
        line(
            _("Kode rahasia cek status: %(secret)s") % {"secret": secret.upper()},
            size=13,
            style="B",
            height=8,
        )
    pdf.ln(3)

    draw_qr(pdf, url, scale=5, size=38)

    for label, value in rows:
        row(label, value)
    pdf.ln(3)
    line(items_title, size=11, style="B")
    if not items:
        line("-", size=10)
    for number, item in enumerate(items, start=1):
        line(f"{number}. {item}", size=10)
    pdf.ln(4)
    line(footer, size=9, height=5)
    return bytes(pdf.output())


FILE_KINDS = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def file_label(name: str, content_type: str, size: int) -> str:
    """One handed-in file on a receipt: "Name (PDF, 12 KB)"."""
    kind = FILE_KINDS.get(content_type, content_type)
    return f"{name} ({kind}, {max(1, size // 1024)} KB)"


def receipt_pdf(application: Application) -> bytes:
    """The receipt of a submitted application (ValueError for a draft: it has no receipt)."""
    from satupintu.applications.services import status_url

    if not application.tracking_code or application.submitted_at is None:
        raise ValueError("Only a submitted application has a receipt.")
    # The service and its documents as the application was submitted under: a receipt never
    # changes when the catalog is edited later.
    service = snapshot.service_for(application)
    submitted_documents = snapshot.document_names(application)
    agency = application.agency
    applicant = application.applicant
    url = status_url(application.tracking_code)

    rows = [
        (_("Layanan"), service.name),
        (_("Instansi"), agency.name),
        (_("Pemohon"), str(applicant.full_name or applicant)),
    ]
    nik = str(getattr(applicant, "nik", "") or "")
    if nik:
        rows.append((_("NIK"), masked(nik, "nik")))
    rows.append((_("Diajukan"), dates.long_datetime(application.submitted_at)))
    rows.append((_("Kanal"), str(application.get_channel_display())))
    if application.channel == Channel.COUNTER:
        rows.append((_("Diterima di"), counter_label(application)))
    if application.due_at is not None:
        rows.append(
            (
                _("Tenggat penyelesaian"),
                _("%(date)s (%(days)d hari kerja)")
                % {"date": dates.long_date(application.due_at), "days": service.sla_working_days},
            )
        )
    items = []
    for document in application.documents.all():
        spec = submitted_documents.get(document.required_document_id or 0)
        name = spec.name if spec is not None else _("Berkas tambahan")
        items.append(file_label(name, document.content_type, document.size))
    return receipt_document(
        title=_("Tanda terima permohonan %(code)s") % {"code": application.tracking_code},
        issuer=agency.name,
        heading=_("TANDA TERIMA PERMOHONAN"),
        code_label=_("Nomor registrasi"),
        code=application.tracking_code,
        # Always printed on an application's receipt ("-" keeps the line for an old case).
        secret=application.status_secret or "-",
        url=url,
        rows=rows,
        items_title=_("Dokumen yang diterima:"),
        items=items,
        footer=_(
            "Simpan tanda terima ini. Cek status permohonan dengan nomor registrasi dan kode "
            "rahasia di %(url)s atau pindai kode QR. Jangan bagikan kode rahasia kepada orang lain."
        )
        % {"url": url},
    )
