"""The signed response letter (surat tanggapan) of a resolved complaint.

It is issued through the platform's one document path, `applications.outputs.issue_document`
(numbered from the agency's sequence, QR code to /verifikasi/, PAdES-signed with the agency's
key, SHA-256 stored, ledgered), as `Output.Kind.COMPLAINT_LETTER`, the way learning issues its
certificates: no application, the reporter as holder, and a body drawn here.

An anonim complaint's letter names nobody: no addressee, no holder on the row, and the
reporter's name, NIKs, phone numbers and e-mails masked in the quoted subject and the answer
(the letter is a paper that travels). The officer is never named either: the agency signs.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from satupintu.applications import outputs
from satupintu.applications.models import Output
from satupintu.complaints import redaction
from satupintu.complaints.models import Complaint, Privacy
from satupintu.core import dates


def names_hidden(complaint: Complaint) -> bool:
    """Whether the letter must not carry the reporter's identity (anonim, shared or not)."""
    return complaint.privacy == Privacy.ANONYMOUS


def issue(*, actor: Any, complaint: Complaint, answer: str) -> Output:
    """Issue the letter answering `complaint` (locked, resolved) with `answer` (inside the
    caller's transaction)."""
    reporter = complaint.reporter
    hidden = names_hidden(complaint)
    names = [reporter.full_name] if hidden and reporter is not None and reporter.full_name else []

    def shown(text: str) -> str:
        return redaction.mask(text, names=names) if hidden else text

    language = getattr(reporter, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        title = _("Surat Tanggapan Pengaduan")

        def body(pdf: Any, draft: Any, write: Any) -> None:
            if hidden or reporter is None or not reporter.full_name:
                write(
                    _("Kepada Yth. Pelapor (identitas dirahasiakan)")
                    if hidden
                    else _("Kepada Yth. Pelapor")
                )
            else:
                write(_("Kepada Yth. %(name)s") % {"name": reporter.full_name})
            pdf.ln(2)
            write(
                _(
                    "Dengan hormat, menindaklanjuti %(kind)s dengan nomor laporan %(code)s yang "
                    "kami terima pada %(date)s, perihal:"
                )
                % {
                    "kind": str(complaint.get_kind_display()).lower(),
                    "code": complaint.tracking_code or "",
                    "date": dates.long_date(complaint.filed_at) if complaint.filed_at else "-",
                }
            )
            write(shown(complaint.subject), style="B")
            pdf.ln(2)
            write(
                _("%(agency)s menyampaikan tanggapan dan tindak lanjut sebagai berikut:")
                % {"agency": draft.agency.name}
            )
            write(shown(answer))
            pdf.ln(2)
            if complaint.autoclose_due is not None:
                write(
                    _(
                        "Bila tanggapan ini belum menyelesaikan masalah, laporan dapat dibuka "
                        "kembali dari halaman laporan paling lambat %(date)s; setelah itu laporan "
                        "dinyatakan selesai."
                    )
                    % {"date": dates.long_date(complaint.autoclose_due)}
                )

        return outputs.issue_document(
            agency=complaint.agency,
            kind=Output.Kind.COMPLAINT_LETTER,
            title=title,
            actor=actor,
            holder=None if hidden else reporter,
            body=body,
        )
