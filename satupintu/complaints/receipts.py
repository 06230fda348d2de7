"""The written receipt of a complaint (UU 25/2009 Pasal 44(1)) as a PDF, in the applications'
receipt layout (`applications.receipts.receipt_document`): the tracking number, the status
secret while this browser still holds it, a QR code to the status check, and what was filed.

An anonim or rahasia complaint's receipt carries no name: the paper may be seen by others.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from satupintu.applications.receipts import file_label, receipt_document
from satupintu.complaints.models import Complaint, Privacy
from satupintu.core import dates


def receipt_pdf(complaint: Complaint, *, secret: str = "") -> bytes:
    """The receipt of a filed complaint (ValueError for a draft: it has no number yet)."""
    from satupintu.complaints.services import reporter_url

    if not complaint.tracking_code or complaint.filed_at is None:
        raise ValueError("Only a filed complaint has a receipt.")
    url = reporter_url(complaint)
    rows = [
        (_("Jenis laporan"), str(complaint.get_kind_display())),
        (_("Kerahasiaan"), str(complaint.get_privacy_display())),
    ]
    reporter = complaint.reporter
    if complaint.privacy == Privacy.PUBLIC and reporter is not None and reporter.full_name:
        rows.append((_("Pelapor"), reporter.full_name))
    if complaint.category is not None:
        rows.append((_("Kategori"), complaint.category.name))
    if complaint.service is not None:
        rows.append((_("Layanan terkait"), complaint.service.name))
    rows.append(
        (
            _("Ditangani oleh"),
            complaint.agency.name
            if complaint.agency is not None
            else _("Koordinator pengaduan (sedang ditentukan instansinya)"),
        )
    )
    rows.append((_("Diajukan"), dates.long_datetime(complaint.filed_at)))
    rows.append((_("Kanal"), str(complaint.get_channel_display())))
    if complaint.first_response_due is not None:
        rows.append(
            (
                _("Tanggapan pertama paling lambat"),
                _("%(date)s (UU 25/2009: 14 hari)")
                % {"date": dates.long_date(complaint.first_response_due)},
            )
        )
    items = [
        file_label(_("Lampiran %(n)d") % {"n": n}, a.content_type, a.size)
        for n, a in enumerate(complaint.attachments.all(), start=1)
    ]
    return receipt_document(
        title=_("Tanda terima laporan %(code)s") % {"code": complaint.tracking_code},
        issuer=_("SatuPintu - Layanan Pengaduan"),
        heading=_("TANDA TERIMA PENGADUAN"),
        code_label=_("Nomor laporan"),
        code=complaint.tracking_code,
        secret=secret,
        url=url,
        rows=rows,
        items_title=_("Lampiran yang diterima:"),
        items=items,
        footer=_(
            "Simpan tanda terima ini. Buka laporan Anda dengan nomor laporan dan kode rahasia di "
            "%(url)s atau pindai kode QR. Jangan bagikan kode rahasia kepada orang lain. Layanan "
            "pengaduan tidak dipungut biaya."
        )
        % {"url": url},
    )
