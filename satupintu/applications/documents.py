"""Checking and storing uploaded documents (PDF, JPEG, PNG).

The type is decided from the content, never from the name or the browser's claim. PDFs with
active content (scripts, launch actions, embedded files, rich media, XFA forms) or encryption are
refused. Images are decoded and written out again by Pillow: that strips EXIF/XMP/ICC metadata
(GPS position, device names) and anything appended after the image data, turns the picture
upright as its EXIF orientation says, and refuses decompression bombs. Files are stored privately
under random names; when `CLAMAV_SOCKET` is set every file is also scanned by clamd first.

`prepare()` validates and never writes; `store()` writes the prepared bytes. Nothing is stored for
a rejected file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import socket
import struct
import threading
import unicodedata
import uuid
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.core.errors import ServiceError

MAX_NAME_LENGTH = 200
# How much decompressed stream data one PDF may expand to while we look for active content.
MAX_INFLATED_BYTES = 64 * 1024 * 1024
FIELD = "upload"

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}

# PDF names that make a document do something when opened or clicked.
_ACTIVE_NAMES = (
    b"JavaScript",
    b"JS",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
    b"XFA",
    b"SubmitForm",
    b"ImportData",
    b"GoToE",
)
_NAME_TOKEN = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# An object header is `<number> <generation> obj`: (?<![0-9])([0-9]{1,10})\s+([0-9]{1,5})\s+obj\b.
# Searched for in the reversed bytes, where the pattern starts with a literal ("jbo") that the
# regex engine finds at memchr speed instead of trying every byte of a 5 MB file (15x faster).
_OBJECT_HEADER_REVERSED = re.compile(rb"jbo\s+([0-9]{1,5})\s+([0-9]{1,10})(?![0-9])")
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


@dataclass(frozen=True)
class Prepared:
    """A checked upload, ready to store."""

    data: bytes
    content_type: str
    extension: str
    original_name: str
    sha256: str
    scanned: bool


def max_upload_bytes() -> int:
    return int(settings.APPLICATION_MAX_UPLOAD_BYTES)


def _reject(message: str) -> ServiceError:
    return ServiceError(message, field=FIELD)


def clean_filename(name: str) -> str:
    """The file's own name only, without folders, control characters or `..`, at most 200 chars."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = text.replace("..", "").strip(" .")
    if len(text) > MAX_NAME_LENGTH:
        stem, ext = os.path.splitext(text)
        ext = ext if len(ext) <= 10 else ""
        text = stem[: MAX_NAME_LENGTH - len(ext)] + ext
    return text or "berkas"


def sniff(data: bytes) -> str | None:
    """The content type from the file's first bytes, or None when it is not PDF/JPEG/PNG."""
    if data[:1024].lstrip(b"\x00\t\n\r\x0c ").startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def _read(upload: Any, limit: int) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_big(limit)
    chunks = []
    total = 0
    upload.seek(0)
    for chunk in upload.chunks():
        total += len(chunk)
        if total > limit:
            raise _too_big(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(limit: int) -> ServiceError:
    megabytes = limit / (1024 * 1024)
    return _reject(
        _("Berkas terlalu besar: ukuran paling besar %(size)s MB.") % {"size": f"{megabytes:g}"}
    )


# --- PDF ------------------------------------------------------------------------------------


def _names_in(blob: bytes) -> set[bytes]:
    names = set()
    for match in _NAME_TOKEN.finditer(blob):
        raw = match.group(1)
        # `/J#61vaScript` is `/JavaScript`: decode hex escapes before comparing.
        if b"#" in raw:
            raw = _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
        names.add(raw)
    return names


def _streams(data: bytes) -> Iterator[bytes]:
    """The raw bytes of each `stream\\r?\\n … endstream`, in order, as the regex
    `stream\\r?\\n(.*?)endstream` (DOTALL) finds them, with bytes.find: a regex's lazy scan
    steps through every byte, and restarts at every `stream` that has no end."""
    position = 0
    while True:
        start = data.find(b"stream", position)
        if start < 0:
            return
        body = start + 6
        if data[body : body + 1] == b"\r":
            body += 1
        if data[body : body + 1] != b"\n":
            position = start + 1
            continue
        end = data.find(b"endstream", body + 1)
        if end < 0:
            return  # no later `stream` has an end either
        yield data[body + 1 : end]
        position = end + 9


def _object_headers(data: bytes) -> set[tuple[int, int]]:
    """(number, generation) of every object header in the bytes (`_OBJECT_HEADER_REVERSED`)."""
    reversed_data = data[::-1]
    found = set()
    for match in _OBJECT_HEADER_REVERSED.finditer(reversed_data):
        # `obj\b`: the byte after "obj" (before "jbo" here) is no word character.
        at = match.start()
        if at > 0 and reversed_data[at - 1] in _WORD_BYTES:
            continue
        found.add((int(match[2][::-1]), int(match[1][::-1])))
    return found


def _inflated_streams(data: bytes) -> list[bytes]:
    """The decompressed content of Flate streams (object streams can hide dictionaries)."""
    out: list[bytes] = []
    budget = MAX_INFLATED_BYTES
    for raw in _streams(data):
        try:
            inflater = zlib.decompressobj()
            chunk = inflater.decompress(raw, budget)
        except zlib.error:
            continue
        budget -= len(chunk)
        out.append(chunk)
        if budget <= 0:
            raise _reject(_("PDF tidak dapat diperiksa: isinya terlalu besar setelah dibuka."))
    return out


# Actions a document may carry: move within the document, open a web or mail link, page
# navigation. Every other action type (JavaScript, Launch, SubmitForm, ImportData, GoToR, GoToE,
# Sound, Movie, Rendition, RichMediaExecute, SetOCGState, Hide, ...) is refused.
_SAFE_ACTIONS = frozenset({"/GoTo", "/URI", "/Named"})
# Action types refused wherever a dictionary names them, even outside an action position.
_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/Sound",
        "/Movie",
        "/Rendition",
        "/RichMediaExecute",
        "/GoTo3DView",
    }
)
# Keys that carry scripts, forms that run code, or other files.
_ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent", "/RichMedia"}
)
# /Type or /Subtype values of embedded files and of annotations that play or run something.
_ACTIVE_TYPES = frozenset(
    {"/EmbeddedFile", "/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"}
)
# Keys whose value is an action (for /Next: an action or an array of them).
_ACTION_KEYS = frozenset({"/A", "/OpenAction", "/Next", "/PA"})
_SAFE_URI_SCHEMES = ("http", "https", "mailto", "tel")
_URI_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# Dictionaries and arrays one PDF may hold, and objects found only by their header.
MAX_PDF_OBJECTS = 500_000
MAX_UNDECLARED_OBJECTS = 1000
# How a value is reached: as plain data, as an action, or as an additional-actions dictionary
# (whose every value is an action).
_PLAIN, _ACTION, _ADDITIONAL_ACTIONS = 0, 1, 2


class _Unreadable(Exception):
    """The PDF cannot be parsed or decoded completely, so it cannot be judged."""


def _uri_is_safe(value: Any) -> bool:
    # A URI is ASCII; pypdf keeps a string it cannot decode as bytes, and str() of those
    # bytes would hide the scheme.
    raw = bytes(value).decode("latin-1") if isinstance(value, bytes) else str(value or "")
    # Readers skip blanks and control characters: " java\tscript:" is a script.
    text = "".join(ch for ch in raw if ch > " ")
    match = _URI_SCHEME.match(text)
    return match is None or match.group(1).lower() in _SAFE_URI_SCHEMES


def _judge_dictionary(obj: Any, mode: int) -> set[str]:
    found = {str(name).lstrip("/") for name in obj if name in _ACTIVE_KEYS}
    for key in ("/Type", "/Subtype"):
        value = obj.get(key)
        if isinstance(value, str) and value in _ACTIVE_TYPES:
            found.add(value.lstrip("/"))
    kind = obj.get("/S")
    kind = str(kind) if isinstance(kind, str) else None
    if kind in _ACTIVE_ACTIONS:
        found.add(kind.lstrip("/"))
    if mode == _ACTION and (kind is not None or obj.get("/Type") == "/Action"):
        if kind not in _SAFE_ACTIONS:
            found.add((kind or "/Action").lstrip("/"))
        elif kind == "/URI" and not _uri_is_safe(obj.get("/URI")):
            found.add("URI")
    return found


def _child_mode(name: str, mode: int) -> int:
    if name in _ACTION_KEYS or mode == _ADDITIONAL_ACTIONS:
        return _ACTION
    return _ADDITIONAL_ACTIONS if name == "/AA" else _PLAIN


def _active_in_pdf(data: bytes) -> list[str]:
    """Active content anywhere in the PDF's object graph, after every stream is decoded.

    Every object the cross-reference lists (including those inside object streams), every
    object header in the bytes, and the trailer are walked. Actions are judged by position
    (/A, /OpenAction, /Next chains as dictionaries or arrays, the values of /AA) against an
    allow-list, so outlines, annotations, names trees, form fields, pages and the catalog are
    covered without being listed. Raises _Unreadable when pypdf cannot read all of it.
    """
    from pypdf import PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                return ["Encrypt"]
            findings = _walk(reader, _object_numbers(reader, data))
            if len(reader.pages) < 1:
                raise _Unreadable
    except ServiceError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on hostile files: fail closed
        raise _Unreadable from exc
    return sorted(findings)


def _object_numbers(reader: Any, data: bytes) -> list[tuple[int, int]]:
    """Every object the file has: those its cross-reference declares (each must resolve) and
    those only an object header in the bytes shows (a repairing reader would find them)."""
    from pypdf.generic import IndirectObject, NullObject

    free = reader.xref_free_entry
    declared = {
        (n, g) for g, table in reader.xref.items() for n in table if not free.get(g, {}).get(n)
    }
    declared |= {(n, 0) for n in reader.xref_objStm}
    for n, g in declared:
        obj = reader.get_object(IndirectObject(n, g, reader))
        # pypdf, when not strict, answers null for an object stream that does not decode whole.
        if obj is None or (n in reader.xref_objStm and isinstance(obj, NullObject)):
            raise _Unreadable
    undeclared = _object_headers(data) - declared
    if len(undeclared) > MAX_UNDECLARED_OBJECTS:  # each one is a search through the whole file
        raise _Unreadable
    return sorted(declared | undeclared)


def _walk(reader: Any, numbers: list[tuple[int, int]]) -> set[str]:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    def containers(pairs: Any) -> list[tuple[Any, int]]:
        return [
            (value, mode)
            for value, mode in pairs
            if isinstance(value, (IndirectObject, ArrayObject, DictionaryObject))
        ]

    findings: set[str] = set()
    stack = containers([(reader.trailer, _PLAIN)])
    stack += [(IndirectObject(n, g, reader), _PLAIN) for n, g in numbers]
    seen: set[tuple[int, int, int]] = set()
    budget, visited = MAX_INFLATED_BYTES, 0
    while stack:
        obj, mode = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation, mode)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise _Unreadable
        if isinstance(obj, ArrayObject):
            # In an action position an array is a /Next list, or a destination whose page
            # dictionaries are no actions and are judged as such.
            stack += containers((item, mode) for item in obj)
        elif isinstance(obj, DictionaryObject):
            findings |= _judge_dictionary(obj, mode)
            stack += containers((value, _child_mode(name, mode)) for name, value in obj.items())
            if isinstance(obj, StreamObject):
                budget -= _decode_stream(obj, findings)
                if budget < 0:
                    raise _reject(
                        _("PDF tidak dapat diperiksa: isinya terlalu besar setelah dibuka.")
                    )
    return findings


def _decode_stream(stream: Any, findings: set[str]) -> int:
    """Decode the stream through its whole filter chain (an error means the file is not whole);
    search an object stream's text for active names no cross-reference may list. Returns the
    decoded size. Image pixels are never parsed as PDF, so images are left encoded."""
    is_object_stream = stream.get("/Type") == "/ObjStm"
    if stream.get("/Subtype") == "/Image" and not is_object_stream:
        return 0
    decoded = stream.get_data()
    if is_object_stream:
        for name in _names_in(decoded):
            text = "/" + name.decode("latin-1")
            if text in _ACTIVE_KEYS or text in _ACTIVE_ACTIONS:
                findings.add(text.lstrip("/"))
    return len(decoded)


def check_pdf(data: bytes) -> None:
    """Refuse PDFs that can run code or carry other files; raise ServiceError with the reason.

    Two looks: the raw bytes and their Flate streams for active names (cheap, and blind to how
    a reader repairs a broken file), then the whole object graph through pypdf after decoding
    every filter chain. A PDF that pypdf cannot read completely is refused: what cannot be
    judged is not stored.
    """
    if b"%%EOF" not in data[-2048:] and b"%%EOF" not in data:
        raise _reject(_("Berkas PDF rusak atau tidak lengkap."))
    found = _names_in(data)
    for blob in _inflated_streams(data):
        found |= _names_in(blob)
    if b"Encrypt" in found:
        raise _reject(_("PDF yang dikunci dengan kata sandi tidak dapat diterima."))
    active = sorted(name.decode("latin-1") for name in found if name in _ACTIVE_NAMES)
    if active:
        raise _active_pdf(active)
    try:
        findings = _active_in_pdf(data)
    except _Unreadable:
        raise _reject(_("Berkas PDF rusak atau tidak dapat dibaca.")) from None
    if "Encrypt" in findings:
        raise _reject(_("PDF yang dikunci dengan kata sandi tidak dapat diterima."))
    if findings:
        raise _active_pdf(findings)


def _active_pdf(what: list[str]) -> ServiceError:
    return _reject(
        _(
            "PDF ditolak karena berisi konten aktif (%(what)s). Simpan ulang dokumen sebagai "
            "PDF biasa (misalnya dengan Cetak ke PDF), lalu unggah kembali."
        )
        % {"what": ", ".join(what)}
    )


# --- images ---------------------------------------------------------------------------------

# JPEGs are decoded at a reduced scale (draft) down to about this longest side: enough for a
# readable document photo, and decoding a 40-megapixel photo costs a quarter of the memory.
JPEG_DECODE_SIDE = 4096
# One image decode at a time per process: four 40-megapixel uploads at once would otherwise
# hold four decoded copies in one worker. Others wait their turn, up to DECODE_WAIT_SECONDS.
_DECODE_SLOT = threading.BoundedSemaphore(1)
DECODE_WAIT_SECONDS = 30
_IMAGE_MODES = {"JPEG": ("L", "RGB", "CMYK"), "PNG": ("1", "L", "LA", "P", "PA", "RGB", "RGBA")}


def _image_too_big() -> ServiceError:
    return _reject(
        _(
            "Gambar terlalu besar (jumlah piksel melebihi batas %(limit)s megapiksel). Perkecil "
            "ukuran gambar, lalu unggah kembali."
        )
        % {"limit": f"{settings.APPLICATION_MAX_IMAGE_PIXELS / 1_000_000:g}"}
    )


def _check_image_header(opened: Any, data: bytes, content_type: str) -> None:
    """Refuse, from the header alone, what would be costly to decode: too many pixels, 16-bit
    channels, unusual modes. Nothing has been decompressed yet."""
    width, height = opened.size
    if width <= 0 or height <= 0:
        raise _reject(_("Berkas gambar rusak atau tidak dapat dibaca."))
    if width * height > settings.APPLICATION_MAX_IMAGE_PIXELS:
        raise _image_too_big()
    # IHDR is the first chunk of every PNG; byte 24 is its bit depth. Pillow reports 16-bit RGB
    # as "RGB", so the header is read directly.
    if content_type == PNG and (data[12:16] != b"IHDR" or data[24] > 8):
        raise _reject(
            _(
                "Gambar PNG 16-bit tidak didukung. Simpan ulang sebagai PNG 8-bit atau JPEG, "
                "lalu unggah kembali."
            )
        )
    if opened.mode not in _IMAGE_MODES[opened.format]:
        raise _reject(
            _("Jenis warna gambar tidak didukung. Simpan ulang sebagai JPEG atau PNG biasa.")
        )


def reencode_image(data: bytes, content_type: str) -> bytes:
    """The picture decoded and saved again without metadata, upright; ServiceError if broken.

    The header is checked before anything is decoded (pixels, bit depth, mode), large JPEGs are
    decoded at a reduced scale, and a process decodes one image at a time, so neither one
    upload nor several at once can take a worker's memory.
    """
    from PIL import Image, UnidentifiedImageError

    # Pillow's own bomb check (at open) agrees with ours; above twice the limit it raises.
    Image.MAX_IMAGE_PIXELS = settings.APPLICATION_MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Image.open reads the header only; the pixels are decoded by load().
            with Image.open(io.BytesIO(data), formats=["JPEG", "PNG"]) as opened:
                expected = "JPEG" if content_type == JPEG else "PNG"
                if opened.format != expected:
                    raise _reject(_("Isi berkas gambar tidak sesuai dengan jenisnya."))
                _check_image_header(opened, data, content_type)
                if not _DECODE_SLOT.acquire(timeout=DECODE_WAIT_SECONDS):
                    raise _reject(
                        _(
                            "Server sedang sibuk memproses gambar lain. Silakan coba unggah lagi "
                            "sebentar lagi."
                        )
                    )
                try:
                    return _decode_and_save(opened, content_type)
                finally:
                    _DECODE_SLOT.release()
    except ServiceError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _image_too_big() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise _reject(_("Berkas gambar rusak atau tidak dapat dibaca.")) from None


def _decode_and_save(opened: Any, content_type: str) -> bytes:
    from PIL import ImageOps

    if content_type == JPEG and max(opened.size) > 2 * JPEG_DECODE_SIDE:
        width, height = opened.size
        scale = JPEG_DECODE_SIDE / max(width, height)
        opened.draft(opened.mode, (int(width * scale), int(height * scale)))
    opened.load()
    image = ImageOps.exif_transpose(opened) or opened
    out = io.BytesIO()
    if content_type == JPEG:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.info = {}
        image.save(out, format="JPEG", quality=90, optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
            image = image.convert("RGBA")
        image.info = {}
        # No optimize=True: trying every compression level doubles the time of a large image.
        image.save(out, format="PNG")
    return bytes(out.getvalue())


# --- virus scan -----------------------------------------------------------------------------


def clamav_scan(data: bytes, socket_path: str, *, timeout: float = 30.0) -> str | None:
    """Scan with clamd's INSTREAM command; the signature name when infected, None when clean.

    Raises OSError when clamd cannot be reached or answers something unexpected.
    """
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(timeout)
        conn.connect(socket_path)
        conn.sendall(b"zINSTREAM\0")
        view = memoryview(data)
        for start in range(0, len(data), 64 * 1024):
            chunk = view[start : start + 64 * 1024]
            conn.sendall(struct.pack(">I", len(chunk)) + bytes(chunk))
        conn.sendall(struct.pack(">I", 0))
        reply = b""
        while not reply.endswith(b"\0"):
            part = conn.recv(4096)
            if not part:
                break
            reply += part
    text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if text.endswith(" OK"):
        return None
    if text.endswith(" FOUND"):
        return text.split(":", 1)[-1].removesuffix(" FOUND").strip() or "unknown"
    raise OSError(f"clamd answered {text[:100]!r}")


def _scan(data: bytes) -> bool:
    socket_path = str(settings.CLAMAV_SOCKET or "")
    if not socket_path:
        return False
    try:
        signature = clamav_scan(data, socket_path)
    except OSError:
        # Fail closed: when scanning is configured, an unscanned file is not accepted.
        raise _reject(
            _("Pemindaian virus sedang tidak tersedia. Silakan coba unggah lagi nanti.")
        ) from None
    if signature:
        raise _reject(_("Berkas ditolak karena terdeteksi mengandung virus atau malware."))
    return True


# --- the pipeline ---------------------------------------------------------------------------


def prepare(upload: Any) -> Prepared:
    """Check an uploaded file and return what to store; ServiceError with the reason if not."""
    if upload is None:
        raise _reject(_("Pilih berkas yang akan diunggah."))
    limit = max_upload_bytes()
    data = _read(upload, limit)
    if not data:
        raise _reject(_("Berkas kosong (0 byte). Pilih berkas yang berisi dokumen."))
    content_type = sniff(data)
    if content_type is None:
        raise _reject(_("Jenis berkas tidak didukung: hanya PDF, JPEG, atau PNG."))
    scanned = _scan(data)
    if content_type == PDF:
        check_pdf(data)
    else:
        data = reencode_image(data, content_type)
        if len(data) > limit:
            raise _too_big(limit)
    return Prepared(
        data=data,
        content_type=content_type,
        extension=EXTENSIONS[content_type],
        original_name=clean_filename(getattr(upload, "name", "") or ""),
        sha256=hashlib.sha256(data).hexdigest(),
        scanned=scanned,
    )


def store(prepared: Prepared) -> str:
    """Write the file under a random private name; returns the storage name."""
    now = timezone.now()
    name = f"applications/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{prepared.extension}"
    return str(default_storage.save(name, ContentFile(prepared.data)))


def delete_file(storage_name: str) -> None:
    """Remove a stored file; a file already gone is not an error."""
    # The row is gone either way; a leftover file is swept by tasks.sweep_orphan_files.
    with contextlib.suppress(OSError):
        default_storage.delete(storage_name)


def open_file(storage_name: str) -> Any:
    return default_storage.open(storage_name, "rb")
