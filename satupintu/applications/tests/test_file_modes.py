"""Private files are private on disk (probing finding 8.11): stored uploads 0600 in 0700
folders, uploads that outgrow memory streamed into a private folder under the data directory,
and what an interrupted upload leaves behind swept by `manage.py sweep_uploads`."""

from __future__ import annotations

import json
import os
import stat
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.core.management import call_command

from conftest import signed_in
from satupintu.applications.models import Document
from satupintu.applications.tests.conftest import make_pdf


def _mode(path: Path | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def temp_dir(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "tmp" / "uploads"  # not there yet: made on demand
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def test_the_defaults_keep_files_private_and_temporary_uploads_under_the_data_dir() -> None:
    assert django_settings.FILE_UPLOAD_PERMISSIONS == 0o600
    assert django_settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o700
    assert Path(django_settings.FILE_UPLOAD_TEMP_DIR).is_relative_to(django_settings.DATA_DIR)


def test_a_stored_document_is_0600_in_0700_folders(world: Any, draft: Any, upload: Any) -> None:
    from satupintu.applications import services

    document = services.application_attach_document(
        actor=world.siti, application=draft, upload=upload(make_pdf(), "surat.pdf")
    )
    path = Path(default_storage.path(document.storage_name))
    assert _mode(path) == 0o600
    root = Path(default_storage.location)  # type: ignore[attr-defined]
    folder = path.parent
    while folder != root.parent:
        assert _mode(folder) == 0o700, folder
        folder = folder.parent


def test_an_upload_that_outgrows_memory_goes_through_a_private_temporary_folder(
    world: Any, draft: Any, settings: Any, temp_dir: Path
) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100
    data = make_pdf("x" * 500)
    assert len(data) > 100
    response = signed_in(world.siti).post(
        f"/api/v1/applications/{draft.public_id}/documents",
        {"file": SimpleUploadedFile("surat.pdf", data)},
    )
    assert response.status_code == 201, response.content
    assert Document.objects.count() == 1
    assert _mode(temp_dir) == 0o700
    assert list(temp_dir.iterdir()) == []  # the request removed its temporary copy


def test_a_temporary_upload_file_is_0600(temp_dir: Path) -> None:
    from satupintu.core.files import PrivateTemporaryFileUploadHandler

    handler = PrivateTemporaryFileUploadHandler()
    handler.new_file("file", "surat.pdf", "application/pdf", 10)
    handler.receive_data_chunk(b"%PDF-1.7\n", 0)
    uploaded = handler.file_complete(9)
    assert isinstance(uploaded, TemporaryUploadedFile)
    try:
        path = Path(uploaded.temporary_file_path())
        assert path.parent == temp_dir
        assert _mode(path) == 0o600
    finally:
        uploaded.close()


def test_sweep_uploads_removes_abandoned_temporary_files_and_unowned_stored_files(
    world: Any, draft: Any, temp_dir: Path
) -> None:
    from django.core.files.base import ContentFile

    temp_dir.mkdir(parents=True)
    abandoned, in_flight = temp_dir / "tmpa.upload.pdf", temp_dir / "tmpb.upload.pdf"
    abandoned.write_bytes(b"%PDF-1.7 half")
    in_flight.write_bytes(b"%PDF-1.7 still coming")
    two_hours_ago = time.time() - 7200
    os.utime(abandoned, (two_hours_ago, two_hours_ago))
    from django.utils import timezone

    month = f"{timezone.now():%Y/%m}"
    orphan = default_storage.save(f"applications/{month}/orphan.pdf", ContentFile(b"x"))
    three_days_ago = time.time() - 3 * 86400
    os.utime(default_storage.path(orphan), (three_days_ago, three_days_ago))

    out = StringIO()
    call_command("sweep_uploads", stdout=out)

    assert json.loads(out.getvalue()) == {"stored": 1, "temporary": 1}
    assert not abandoned.exists()
    assert in_flight.exists()
    assert not default_storage.exists(orphan)


def test_sweep_uploads_without_a_temporary_folder_does_nothing(temp_dir: Path, db: Any) -> None:
    out = StringIO()
    call_command("sweep_uploads", stdout=out)
    assert json.loads(out.getvalue())["temporary"] == 0
