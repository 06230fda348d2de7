"""The PDF active-content filter against a generated corpus (probing finding 8.2).

Every combination of placement × action chain × payload × encoding from hostile_pdfs is
refused with the Indonesian message and leaves no Document row and no file; benign documents in
every encoding are stored; files whose filter chains do not decode are refused as unreadable.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from satupintu.applications import services
from satupintu.applications.models import Document
from satupintu.applications.tests import hostile_pdfs as corpus
from satupintu.core.errors import ServiceError

ACTIVE = "PDF ditolak karena berisi konten aktif ("
ACTIVE_END = (
    "). Simpan ulang dokumen sebagai PDF biasa (misalnya dengan Cetak ke PDF), lalu unggah kembali."
)
UNREADABLE = "Berkas PDF rusak atau tidak dapat dibaca."


def _stored_files() -> list[Path]:
    root = Path(str(default_storage.location))  # type: ignore[attr-defined]
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _attach(world: Any, draft: Any, data: bytes) -> Document:
    return services.application_attach_document(
        actor=world.siti,
        application=draft,
        upload=SimpleUploadedFile("surat.pdf", data, content_type="application/pdf"),
    )


def _refusal(world: Any, draft: Any, data: bytes) -> str:
    """The message a refused upload gives; fails the test if it is stored or leaves a file."""
    try:
        _attach(world, draft, data)
    except ServiceError as exc:
        assert exc.field == "upload"
        message = exc.message
    else:
        message = "STORED"
    assert not Document.objects.exists()
    assert _stored_files() == []
    return message


def test_the_generated_corpus_parses_with_pypdf_in_strict_mode() -> None:
    from pypdf import PdfReader

    names = []
    for name, data in corpus.corpus():
        reader = PdfReader(io.BytesIO(data), strict=True)
        assert len(reader.pages) == 1, name
        assert reader.root_object["/Type"] == "/Catalog", name
        for number in [*reader.xref_objStm, *reader.xref.get(0, {})]:
            assert reader.get_object(number) is not None, name
        if "/objstm" in name:
            assert reader.xref_objStm, name  # the catalog really sits in an object stream
        names.append(name)
    assert (
        len(names)
        == len(set(names))
        == (
            len(corpus.PLACEMENTS)
            * len(corpus.CHAINS)
            * len(corpus.PAYLOADS)
            * len(corpus.ENCODINGS)
            + len(corpus.FEATURES) * len(corpus.ENCODINGS)
        )
    )


@pytest.mark.parametrize("encoding", corpus.ENCODINGS)
@pytest.mark.parametrize("placement", corpus.PLACEMENTS)
def test_every_action_chain_in_every_placement_and_encoding_is_refused(
    world: Any, draft: Any, placement: str, encoding: str
) -> None:
    wrong = {}
    for chain in corpus.CHAINS:
        for payload in corpus.PAYLOADS:
            data = corpus.hostile(placement, chain, payload, encoding)
            message = _refusal(world, draft, data)
            if not (message.startswith(ACTIVE) and message.endswith(ACTIVE_END)):
                wrong[f"{chain}/{payload}"] = message
    assert wrong == {}


@pytest.mark.parametrize("encoding", corpus.ENCODINGS)
@pytest.mark.parametrize("feature", corpus.FEATURES)
def test_embedded_files_forms_and_media_are_refused_in_every_encoding(
    world: Any, draft: Any, feature: str, encoding: str
) -> None:
    message = _refusal(world, draft, corpus.with_feature(feature, encoding))
    assert message.startswith(ACTIVE) and message.endswith(ACTIVE_END)


def test_the_refusal_names_what_was_found(world: Any, draft: Any) -> None:
    data = corpus.hostile("open-action", "goto-next", "launch", "objstm-flate-flate")
    assert _refusal(world, draft, data) == ACTIVE + "Launch" + ACTIVE_END
    data = corpus.hostile("link", "uri-next", "javascript", "objstm-asciihex")
    assert "JavaScript" in _refusal(world, draft, data)


@pytest.mark.parametrize("encoding", corpus.BROKEN_ENCODINGS)
def test_a_pdf_whose_filters_do_not_decode_is_refused_as_unreadable(
    world: Any, draft: Any, encoding: str
) -> None:
    assert _refusal(world, draft, corpus.benign("text-page", encoding)) == UNREADABLE


@pytest.mark.parametrize("encoding", corpus.ENCODINGS)
@pytest.mark.parametrize("kind", corpus.BENIGN)
def test_benign_documents_are_stored_in_every_encoding(
    world: Any, draft: Any, kind: str, encoding: str
) -> None:
    data = corpus.benign(kind, encoding)
    document = _attach(world, draft, data)
    assert document.content_type == "application/pdf"
    with default_storage.open(document.storage_name, "rb") as stored:
        assert stored.read() == data
