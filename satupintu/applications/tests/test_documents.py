"""Uploads: type from content, active PDFs refused, images cleaned, names safe, nothing stored
for a rejected file."""

from __future__ import annotations

import io
import os
import socket
import struct
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage

from satupintu.applications import documents, services
from satupintu.applications.models import Document
from satupintu.applications.tests.conftest import make_jpeg, make_pdf
from satupintu.applications.tests.hostile_pdfs import js_open_action_pdf
from satupintu.core.errors import NotFound, ServiceError


def _stored_files() -> list[str]:
    root = Path(str(default_storage.location))  # type: ignore[attr-defined]
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _attach(world: Any, draft: Any, data: bytes, name: str = "berkas.pdf", **kw: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return services.application_attach_document(
        actor=world.siti,
        application=draft,
        upload=SimpleUploadedFile(name, data, content_type="application/pdf"),
        **kw,
    )


def _rejected(world: Any, draft: Any, data: bytes, name: str = "berkas.pdf") -> str:
    with pytest.raises(ServiceError) as exc:
        _attach(world, draft, data, name)
    assert exc.value.field == "upload"
    assert Document.objects.count() == 0
    assert _stored_files() == []
    return exc.value.message


def test_valid_pdf_is_stored_privately_under_a_random_name(
    world: Any, draft: Any, pdf_bytes: bytes
) -> None:
    document = _attach(world, draft, pdf_bytes, "Surat Lahir Siti.pdf")
    assert document.content_type == "application/pdf"
    assert document.size == len(pdf_bytes)
    assert document.storage_name.startswith("applications/")
    assert "Siti" not in document.storage_name
    assert document.original_name == "Surat Lahir Siti.pdf"
    assert len(document.sha256) == 64
    with default_storage.open(document.storage_name, "rb") as fh:
        assert fh.read() == pdf_bytes


def test_empty_file_is_rejected(world: Any, draft: Any) -> None:
    assert "0 byte" in _rejected(world, draft, b"")


def test_oversize_file_is_rejected(world: Any, draft: Any, settings: Any) -> None:
    settings.APPLICATION_MAX_UPLOAD_BYTES = 1024
    assert "terlalu besar" in _rejected(world, draft, make_pdf("x" * 10) + b"\0" * 2000)


def test_exe_renamed_pdf_is_rejected(world: Any, draft: Any) -> None:
    exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200 + b"This program cannot be run in DOS"
    message = _rejected(world, draft, exe, "surat.pdf")
    assert message == "Jenis berkas tidak didukung: hanya PDF, JPEG, atau PNG."


def test_pdf_with_javascript_open_action_is_rejected(world: Any, draft: Any) -> None:
    message = _rejected(world, draft, js_open_action_pdf())
    assert "konten aktif" in message
    assert "JavaScript" in message


def test_pdf_hiding_javascript_behind_hex_escapes_is_rejected(world: Any, draft: Any) -> None:
    sneaky = js_open_action_pdf().replace(b"/S/JavaScript/JS", b"/S/J#61vaScript/J#53")
    assert "konten aktif" in _rejected(world, draft, sneaky)


def test_pdf_hiding_javascript_in_a_compressed_object_stream_is_rejected(
    world: Any, draft: Any
) -> None:
    hidden = zlib.compress(b"<</S/JavaScript/JS(app.alert(1))>>")
    data = (
        b"%PDF-1.5\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"3 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length "
        + str(len(hidden)).encode()
        + b">>stream\n"
        + hidden
        + b"\nendstream\nendobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    assert "konten aktif" in _rejected(world, draft, data)


def test_pdf_with_embedded_file_is_rejected(world: Any, draft: Any) -> None:
    data = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/Names<</EmbeddedFiles 3 0 R>>>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n3 0 obj<</Names[]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    assert "EmbeddedFiles" in _rejected(world, draft, data)


def test_truncated_pdf_is_rejected(world: Any, draft: Any, pdf_bytes: bytes) -> None:
    assert "rusak" in _rejected(world, draft, pdf_bytes[: len(pdf_bytes) // 2])


def test_path_traversal_filename_is_stored_sanitized(
    world: Any, draft: Any, pdf_bytes: bytes
) -> None:
    document = _attach(world, draft, pdf_bytes, "../../etc/passwd\x00.pdf")
    assert document.original_name == "passwd.pdf"
    assert ".." not in document.storage_name
    assert documents.clean_filename("..\\..\\windows\\system32\\x.pdf") == "x.pdf"
    assert documents.clean_filename("....") == "berkas"
    long_name = documents.clean_filename("a" * 10_000 + ".pdf")
    assert len(long_name) == 200 and long_name.endswith(".pdf")


def test_jpeg_is_reencoded_without_exif_and_turned_upright(
    world: Any, draft: Any, jpeg_bytes: bytes
) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(jpeg_bytes)) as original:
        assert original.getexif()  # the fixture does carry EXIF
        assert original.size == (40, 30)
    document = _attach(world, draft, jpeg_bytes, "kk.jpg")
    assert document.content_type == "image/jpeg"
    assert document.storage_name.endswith(".jpg")
    with default_storage.open(document.storage_name, "rb") as fh:
        stored = fh.read()
    assert b"KameraUji" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
        assert "exif" not in image.info
        assert image.size == (30, 40)  # orientation 6 applied: rotated upright


def test_png_is_accepted_and_reencoded(world: Any, draft: Any, png_bytes: bytes) -> None:
    document = _attach(world, draft, png_bytes + b"trailing-junk", "foto.png")
    assert document.content_type == "image/png"
    with default_storage.open(document.storage_name, "rb") as fh:
        assert b"trailing-junk" not in fh.read()


def test_broken_image_is_rejected(world: Any, draft: Any) -> None:
    assert "rusak" in _rejected(world, draft, b"\xff\xd8\xff\xe0" + b"\x00" * 100, "a.jpg")


def test_decompression_bomb_is_rejected(world: Any, draft: Any, settings: Any) -> None:
    settings.APPLICATION_MAX_IMAGE_PIXELS = 100
    assert "piksel" in _rejected(world, draft, make_jpeg(size=(200, 200)), "a.jpg")


# --- image decoding caps (probing finding 8.12) ---------------------------------------------


def _png(width: int, height: int, *, bit_depth: int = 8, colour_type: int = 2) -> bytes:
    """A valid PNG of one flat colour written chunk by chunk: huge dimensions cost a small file
    (the rows are zeros, which deflate to almost nothing)."""
    channels = {0: 1, 2: 3, 6: 4}[colour_type]
    row = b"\0" * (1 + width * channels * bit_depth // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def deep_png() -> bytes:
    """The probe's file: 6000x6600 pixels of 16-bit RGB in a few hundred kilobytes."""
    return _png(6000, 6600, bit_depth=16)


def test_a_small_16_bit_png_of_huge_dimensions_is_refused_quickly_before_decoding(
    world: Any, draft: Any, deep_png: bytes, monkeypatch: Any
) -> None:
    from PIL import Image

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # for this look only
    assert len(deep_png) < 400_000
    with Image.open(io.BytesIO(deep_png)) as image:
        assert image.size == (6000, 6600)  # a real, readable PNG
    started = time.perf_counter()
    message = _rejected(world, draft, deep_png, "scan.png")
    assert time.perf_counter() - started < 1.0  # decoding it took 1.4 s
    assert message == (
        "Gambar PNG 16-bit tidak didukung. Simpan ulang sebagai PNG 8-bit atau JPEG, "
        "lalu unggah kembali."
    )


def test_an_image_over_the_pixel_limit_is_refused_from_its_header(
    world: Any, draft: Any, settings: Any
) -> None:
    settings.APPLICATION_MAX_IMAGE_PIXELS = 1_000_000
    started = time.perf_counter()
    message = _rejected(world, draft, _png(1200, 1000), "foto.png")
    assert time.perf_counter() - started < 1.0
    assert message == (
        "Gambar terlalu besar (jumlah piksel melebihi batas 1 megapiksel). Perkecil ukuran "
        "gambar, lalu unggah kembali."
    )
    # Far over the limit (Pillow's own bomb check fires at open): the same message.
    assert "1 megapiksel" in _rejected(world, draft, _png(20_000, 20_000, colour_type=0))


def test_a_small_png_just_over_the_default_limit_is_refused_quickly(world: Any, draft: Any) -> None:
    data = _png(7000, 6000, colour_type=0)  # 42 MP of 8-bit grey in a few dozen kilobytes
    assert len(data) < 100_000
    started = time.perf_counter()
    message = _rejected(world, draft, data, "scan.png")
    assert time.perf_counter() - started < 1.0
    assert "batas 40 megapiksel" in message


def test_an_image_at_the_pixel_limit_is_accepted(world: Any, draft: Any, settings: Any) -> None:
    settings.APPLICATION_MAX_IMAGE_PIXELS = 1_000_000
    document = _attach(world, draft, _png(1000, 1000), "foto.png")
    assert document.content_type == "image/png"


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(world: Any, draft: Any) -> None:
    from PIL import Image

    document = _attach(world, draft, make_jpeg(size=(9000, 1000), orientation=None), "kk.jpg")
    with default_storage.open(document.storage_name, "rb") as fh, Image.open(fh) as stored:
        assert stored.size == (4500, 500)  # halved by the JPEG decoder, not decoded in full


def test_replacing_a_required_document_removes_the_old_file(
    world: Any, draft: Any, pdf_bytes: bytes, django_capture_on_commit_callbacks: Any
) -> None:
    required = draft.service.documents.first()
    first = _attach(world, draft, pdf_bytes, required_document_id=required.pk)
    with django_capture_on_commit_callbacks(execute=True):
        second = _attach(world, draft, make_pdf("versi 2"), required_document_id=required.pk)
    assert list(Document.objects.values_list("pk", flat=True)) == [second.pk]
    assert not default_storage.exists(first.storage_name)
    assert default_storage.exists(second.storage_name)


def test_unknown_required_document_is_rejected(world: Any, draft: Any, pdf_bytes: bytes) -> None:
    with pytest.raises(ServiceError):
        _attach(world, draft, pdf_bytes, required_document_id=999_999)
    assert _stored_files() == []


def test_remove_document(
    world: Any, draft: Any, pdf_bytes: bytes, django_capture_on_commit_callbacks: Any
) -> None:
    document = _attach(world, draft, pdf_bytes)
    with pytest.raises(NotFound):
        services.application_remove_document(actor=world.budi, document=document)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_remove_document(actor=world.siti, document=document)
    assert not Document.objects.exists()
    assert not default_storage.exists(document.storage_name)


def test_other_citizen_cannot_attach(world: Any, draft: Any, pdf_bytes: bytes) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(NotFound):
        services.application_attach_document(
            actor=world.budi, application=draft, upload=SimpleUploadedFile("a.pdf", pdf_bytes)
        )
    assert _stored_files() == []


class FakeClamd:
    """A clamd stand-in on a unix socket speaking INSTREAM (the outside world, so faked)."""

    def __init__(self, path: str, verdict: bytes) -> None:
        self.path, self.verdict, self.received = path, verdict, b""
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(1)
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            buf = b""
            while not buf.startswith(b"zINSTREAM\0") or not buf.endswith(b"\0\0\0\0"):
                part = conn.recv(65536)
                if not part:
                    break
                buf += part
            self.received = buf
            conn.sendall(b"stream: " + self.verdict + b"\0")
        self.server.close()


@pytest.fixture
def socket_path() -> Iterator[str]:
    # Unix socket paths are limited to ~100 bytes, too short for pytest's tmp_path.
    fd, path = tempfile.mkstemp(suffix=".sock", prefix="clamd-")
    os.close(fd)
    os.unlink(path)
    yield path
    if os.path.exists(path):
        os.unlink(path)


def test_clamav_infected_file_is_rejected(
    world: Any, draft: Any, settings: Any, socket_path: str, pdf_bytes: bytes
) -> None:
    FakeClamd(socket_path, b"Eicar-Test-Signature FOUND")
    settings.CLAMAV_SOCKET = socket_path
    assert "virus" in _rejected(world, draft, pdf_bytes)


def test_clamav_clean_file_is_marked_clean(
    world: Any, draft: Any, settings: Any, socket_path: str, pdf_bytes: bytes
) -> None:
    clamd = FakeClamd(socket_path, b"OK")
    settings.CLAMAV_SOCKET = socket_path
    document = _attach(world, draft, pdf_bytes)
    assert document.scan == Document.Scan.CLEAN
    clamd.thread.join(5)
    assert pdf_bytes in clamd.received


def test_clamav_unreachable_fails_closed(
    world: Any, draft: Any, settings: Any, pdf_bytes: bytes
) -> None:
    settings.CLAMAV_SOCKET = "/nonexistent/clamd.sock"
    assert "tidak tersedia" in _rejected(world, draft, pdf_bytes)


def test_images_are_decoded_one_at_a_time_in_a_process(png_bytes: bytes) -> None:
    results: list[bytes] = []
    documents._DECODE_SLOT.acquire()  # another upload's decode is under way
    try:
        waiting = threading.Thread(
            target=lambda: results.append(documents.reencode_image(png_bytes, documents.PNG))
        )
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive() and results == []
    finally:
        documents._DECODE_SLOT.release()
    waiting.join(10)
    assert not waiting.is_alive() and results and results[0].startswith(b"\x89PNG")


def test_pdf_scanners_find_what_the_plain_regexes_find() -> None:
    # The object headers and Flate streams are found without a regex stepping through every
    # byte; on any bytes they must find exactly what these two regexes find.
    import random
    import re

    from satupintu.applications.tests import hostile_pdfs

    headers = re.compile(rb"(?<![0-9])([0-9]{1,10})\s+([0-9]{1,5})\s+obj\b")
    streams = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
    pieces = [
        *(b"0", b"7", b"12345", b"123456", b"1234567890", b"12345678901"),
        *(b" ", b"\t", b"\n", b"\r", b"\r\n", b"\x0b", b"\x0c", b"x", b"_", b"<<", b"%"),
        *(b"obj", b"o", b"bj", b"objx", b"endobj", b"stream", b"endstream", b"end", b"str"),
    ]
    rng = random.Random(20261201)
    samples = [
        b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 24))) for _ in range(20_000)
    ]
    samples += [make_pdf(), js_open_action_pdf(), *(data for _name, data in hostile_pdfs.corpus())]
    for data in samples:
        expected = {(int(m[1]), int(m[2])) for m in headers.finditer(data)}
        assert documents._object_headers(data) == expected, data
        assert list(documents._streams(data)) == [m[1] for m in streams.finditer(data)], data
