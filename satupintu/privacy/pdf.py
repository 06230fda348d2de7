"""A readable PDF of a person's data export (the same content as the JSON export)."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf import FPDF
from fpdf.enums import WrapMode

from satupintu.core import dates

# The export's keys as a citizen reads them (the JSON keeps the codes, for machines).
LABELS: dict[str, Any] = {
    "email": gettext_lazy("Email"),
    "full_name": gettext_lazy("Nama lengkap"),
    "nik": gettext_lazy("NIK"),
    "phone": gettext_lazy("Nomor ponsel"),
    "nip": gettext_lazy("NIP"),
    "kind": gettext_lazy("Jenis"),
    "language": gettext_lazy("Bahasa"),
    "preferred_channel": gettext_lazy("Kanal pilihan"),
    "address_region": gettext_lazy("Kode wilayah"),
    "address_region_name": gettext_lazy("Kelurahan/desa"),
    "address_street": gettext_lazy("Alamat jalan"),
    "email_verified_at": gettext_lazy("Email dikonfirmasi"),
    "phone_verified_at": gettext_lazy("Nomor dikonfirmasi"),
    "is_active": gettext_lazy("Aktif"),
    "date_joined": gettext_lazy("Terdaftar"),
    "last_login": gettext_lazy("Terakhir masuk"),
    "consents": gettext_lazy("Persetujuan"),
    "purpose": gettext_lazy("Kode tujuan"),
    "purpose_label": gettext_lazy("Tujuan"),
    "legal_basis": gettext_lazy("Dasar pemrosesan"),
    "granted_at": gettext_lazy("Diberikan"),
    "withdrawn_at": gettext_lazy("Ditarik"),
    "channel": gettext_lazy("Kanal"),
    "notice_version": gettext_lazy("Versi pemberitahuan"),
    "notice_digest": gettext_lazy("SHA-256 pemberitahuan"),
    "notice_text": gettext_lazy("Isi pemberitahuan yang disetujui"),
    "processing_restricted": gettext_lazy("Pemrosesan dibatasi"),
    "requests": gettext_lazy("Permintaan"),
    "status": gettext_lazy("Status"),
    "received_at": gettext_lazy("Diterima"),
    "due_at": gettext_lazy("Batas waktu"),
    "completed_at": gettext_lazy("Selesai"),
    "details": gettext_lazy("Keterangan"),
    "response": gettext_lazy("Jawaban"),
    "applications": gettext_lazy("Permohonan"),
    "tracking_code": gettext_lazy("Kode pelacakan"),
    "service": gettext_lazy("Layanan"),
    "agency": gettext_lazy("Instansi"),
    "created_at": gettext_lazy("Dibuat"),
    "submitted_at": gettext_lazy("Diajukan"),
    "decided_at": gettext_lazy("Diputuskan"),
    "answers": gettext_lazy("Jawaban formulir"),
    "documents": gettext_lazy("Dokumen"),
    "name": gettext_lazy("Nama"),
    "content_type": gettext_lazy("Jenis berkas"),
    "size": gettext_lazy("Ukuran (bita)"),
    "sha256": gettext_lazy("SHA-256"),
    "uploaded_at": gettext_lazy("Diunggah"),
    "messages": gettext_lazy("Pesan"),
    "author": gettext_lazy("Pengirim"),
    "body": gettext_lazy("Isi"),
    "identifier_reveals": gettext_lazy("Penampilan NIK/nomor Anda oleh petugas"),
    "at": gettext_lazy("Waktu"),
    "field": gettext_lazy("Data"),
    "officer": gettext_lazy("Petugas"),
    "roles": gettext_lazy("Peran"),
    "notifications": gettext_lazy("Notifikasi"),
    "template": gettext_lazy("Jenis pesan"),
    "sent_at": gettext_lazy("Terkirim"),
    "memberships": gettext_lazy("Keanggotaan instansi"),
}


def _label(key: Any) -> str:
    found = LABELS.get(str(key))
    return str(found) if found is not None else str(key).replace("_", " ")


def _shown(value: Any, language: str) -> str:
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, str) and len(value) >= 19 and value[4:5] == "-" and "T" in value:
        when = dates.parse(value)
        if when is not None:
            return dates.long_datetime(when, language=language)
    return str(value)


_REPLACEMENTS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u00a0": " ",
}


def latin1(text: Any) -> str:
    """Text the core Helvetica font can draw: Latin-1, with other characters transliterated."""
    out: list[str] = []
    for char in str(text):
        char = _REPLACEMENTS.get(char, char)
        try:
            char.encode("latin-1")
        except UnicodeEncodeError:
            ascii_form = (
                unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
            )
            char = ascii_form or "?"
        out.append(char)
    return "".join(out)


def _lines(value: Any, indent: int = 0, language: str = "id") -> list[tuple[int, str]]:
    """Flatten a JSON value into (indent, text) lines, keys as labels and dates as read."""
    if isinstance(value, dict):
        rows: list[tuple[int, str]] = []
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                rows.append((indent, f"{_label(key)}:"))
                rows.extend(_lines(item, indent + 1, language))
            else:
                shown = "-" if item in (None, "", [], {}) else _shown(item, language)
                rows.append((indent, f"{_label(key)}: {shown}"))
        return rows
    if isinstance(value, list):
        rows = []
        for number, item in enumerate(value, start=1):
            rows.append((indent, f"#{number}"))
            rows.extend(_lines(item, indent + 1, language))
        return rows
    return [(indent, _shown(value, language))]


def render_export(
    export: dict[str, Any], *, title: str | None = None, language: str | None = None
) -> bytes:
    """The export as a PDF written for its owner: in their language, dates in their zone."""
    code = "en" if (language or "id").startswith("en") else "id"
    with translation.override(code):
        return _render(export, title=title, language=code)


def _render(export: dict[str, Any], *, title: str | None, language: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(latin1(title or _("Data pribadi Anda")))
    pdf.set_author("SatuPintu")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(width, 8, latin1(title or _("Data pribadi Anda di SatuPintu")))
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(
        width,
        5,
        latin1(
            _(
                "Salinan data pribadi sesuai UU 27/2022 Pasal 7. Dibuat: %(when)s. Format mesin "
                "yang sama tersedia sebagai JSON."
            )
            % {"when": _shown(export.get("generated_at", ""), language)}
        ),
    )
    for part in export.get("parts", {}).values():
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(width, 7, latin1(part.get("label", "")))
        pdf.set_font("Helvetica", "", 10)
        body = {k: v for k, v in part.items() if k != "label"}
        for indent, text in _lines(body, language=language):
            pdf.set_x(pdf.l_margin + indent * 5)
            # wrapmode CHAR breaks long unbroken values (digests, addresses) instead of
            # running them off the page.
            pdf.multi_cell(width - indent * 5, 5, latin1(text), wrapmode=WrapMode.CHAR)
    return bytes(pdf.output())
