"""The receipt (tanda terima) given on submission, as a PDF with a QR code to the status page.

Core PDF fonts only cover Latin-1, so text is transliterated ("Ş" → "S", "—" → "-") rather than
embedding a font: the receipt stays small and its text stays extractable.
"""

from __future__ import annotations

import io
import unicodedata
from zoneinfo import ZoneInfo

import segno
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.applications import snapshot
from satupintu.applications.models import Application
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
_ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def latin1(text: object) -> str:
    """`text` in characters the core PDF fonts can show."""
    value = str(text or "").translate(_REPLACEMENTS)
    value = "".join(
        ch for ch in unicodedata.normalize("NFKD", value) if not unicodedata.combining(ch)
    )
    return value.encode("latin-1", "replace").decode("latin-1")


def _zone() -> tuple[ZoneInfo, str]:
    name = str(getattr(settings, "TIME_ZONE", "Asia/Jakarta") or "Asia/Jakarta")
    return ZoneInfo(name), _ZONE_LABELS.get(name, name)


def receipt_pdf(application: Application) -> bytes:
    """The receipt of a submitted application (ValueError for a draft: it has no receipt)."""
    from fpdf import FPDF

    from satupintu.applications.services import status_url

    if not application.tracking_code or application.submitted_at is None:
        raise ValueError("Only a submitted application has a receipt.")
    zone, zone_label = _zone()
    # The service and its documents as the application was submitted under: a receipt never
    # changes when the catalog is edited later.
    service = snapshot.service_for(application)
    submitted_documents = snapshot.document_names(application)
    agency = application.agency
    applicant = application.applicant
    submitted = timezone.localtime(application.submitted_at, zone)
    due = timezone.localtime(application.due_at, zone) if application.due_at else None
    url = status_url(application.tracking_code)

    pdf = FPDF(format="A4")
    pdf.set_title(
        latin1(_("Tanda terima permohonan %(code)s") % {"code": application.tracking_code})
    )
    pdf.set_author("SatuPintu")
    pdf.set_creator("SatuPintu")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text: str, *, size: int = 11, style: str = "", height: float = 6) -> None:
        pdf.set_font("Helvetica", style=style, size=size)
        pdf.multi_cell(width, height, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def row(label: str, value: str) -> None:
        pdf.set_font("Helvetica", style="B", size=10)
        pdf.cell(55, 6, latin1(label), new_x="RIGHT", new_y="TOP")
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(width - 55, 6, latin1(value), new_x="LMARGIN", new_y="NEXT")

    line(agency.name, size=10)
    line(_("TANDA TERIMA PERMOHONAN"), size=16, style="B", height=9)
    pdf.ln(2)
    line(_("Nomor registrasi"), size=10)
    line(application.tracking_code, size=26, style="B", height=12)
    line(
        _("Kode rahasia cek status: %(secret)s")
        % {"secret": (application.status_secret or "").upper()},
        size=13,
        style="B",
        height=8,
    )
    pdf.ln(3)

    qr = segno.make(url, error="m")
    image = io.BytesIO()
    qr.save(image, kind="png", scale=5, border=2)
    image.seek(0)
    qr_size = 38
    pdf.image(image, x=pdf.w - pdf.r_margin - qr_size, y=pdf.t_margin, w=qr_size, h=qr_size)

    row(_("Layanan"), service.name)
    row(_("Instansi"), agency.name)
    row(_("Pemohon"), str(applicant.full_name or applicant))
    nik = str(getattr(applicant, "nik", "") or "")
    if nik:
        row(_("NIK"), masked(nik, "nik"))
    row(_("Diajukan"), f"{submitted:%d-%m-%Y %H:%M} {zone_label}")
    row(_("Kanal"), str(application.get_channel_display()))
    if due is not None:
        row(
            _("Tenggat penyelesaian"),
            _("%(date)s (%(days)d hari kerja)")
            % {"date": f"{due:%d-%m-%Y}", "days": service.sla_working_days},
        )
    pdf.ln(3)
    line(_("Dokumen yang diterima:"), size=11, style="B")
    documents = list(application.documents.all())
    if not documents:
        line("-", size=10)
    for number, document in enumerate(documents, start=1):
        spec = submitted_documents.get(document.required_document_id or 0)
        name = spec.name if spec is not None else _("Berkas tambahan")
        kind = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}.get(
            document.content_type, document.content_type
        )
        line(f"{number}. {name} ({kind}, {max(1, document.size // 1024)} KB)", size=10)
    pdf.ln(4)
    line(
        _(
            "Simpan tanda terima ini. Cek status permohonan dengan nomor registrasi dan kode "
            "rahasia di %(url)s atau pindai kode QR. Jangan bagikan kode rahasia kepada orang lain."
        )
        % {"url": url},
        size=9,
        height=5,
    )
    return bytes(pdf.output())
