"""A readable PDF of a person's data export (the same content as the JSON export)."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.utils.translation import gettext as _
from fpdf import FPDF

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


def _lines(value: Any, indent: int = 0) -> list[tuple[int, str]]:
    """Flatten a JSON value into (indent, text) lines."""
    if isinstance(value, dict):
        rows: list[tuple[int, str]] = []
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                rows.append((indent, f"{key}:"))
                rows.extend(_lines(item, indent + 1))
            else:
                shown = "-" if item in (None, "", [], {}) else item
                rows.append((indent, f"{key}: {shown}"))
        return rows
    if isinstance(value, list):
        rows = []
        for number, item in enumerate(value, start=1):
            rows.append((indent, f"#{number}"))
            rows.extend(_lines(item, indent + 1))
        return rows
    return [(indent, str(value))]


def render_export(export: dict[str, Any], *, title: str | None = None) -> bytes:
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
            % {"when": export.get("generated_at", "")}
        ),
    )
    for part in export.get("parts", {}).values():
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(width, 7, latin1(part.get("label", "")))
        pdf.set_font("Helvetica", "", 10)
        body = {k: v for k, v in part.items() if k != "label"}
        for indent, text in _lines(body):
            pdf.set_x(pdf.l_margin + indent * 5)
            pdf.multi_cell(width - indent * 5, 5, latin1(text))
    return bytes(pdf.output())
