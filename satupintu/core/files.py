"""Files the platform writes on local disk are private to the service user.

Stored uploads get FILE_UPLOAD_PERMISSIONS (0600) in folders of FILE_UPLOAD_DIRECTORY_PERMISSIONS
(0700) from Django's storage; this module covers the rest: the SQLite database and its WAL
files (tightened when a connection opens), uploads that outgrow memory (streamed into a private
FILE_UPLOAD_TEMP_DIR under the data directory, created on demand), the development outbox files,
and the sweep of temporary uploads a killed worker left behind.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: Path | str) -> Path:
    """`path` as a directory only the service user can enter (created when missing)."""
    folder = Path(path)
    folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if stat.S_IMODE(folder.stat().st_mode) != PRIVATE_DIR:
        folder.chmod(PRIVATE_DIR)
    return folder


def open_private(path: Path, mode: str = "a+", *, encoding: str = "utf-8") -> Any:
    """Open a text file for appending, created 0600 (an older, wider file is tightened)."""
    private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
    try:
        if stat.S_IMODE(os.fstat(fd).st_mode) != PRIVATE_FILE:
            os.fchmod(fd, PRIVATE_FILE)
        return os.fdopen(fd, mode, encoding=encoding)
    except BaseException:
        os.close(fd)
        raise


def tighten_sqlite_file(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: the SQLite file and its -wal/-shm files are 0600.

    SQLite creates the WAL and shared-memory files with the database file's mode, so one
    chmod of the database keeps them private from then on.
    """
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for path in (name, f"{name}-wal", f"{name}-shm", f"{name}-journal"):
        try:
            if stat.S_IMODE(os.stat(path).st_mode) != PRIVATE_FILE:
                os.chmod(path, PRIVATE_FILE)
        except FileNotFoundError:
            continue


class PrivateTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's stream-to-disk handler, into FILE_UPLOAD_TEMP_DIR made private on demand.

    The temporary files themselves are created 0600 by tempfile; what a killed worker leaves
    there is removed by `manage.py sweep_uploads`.
    """

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        private_dir(settings.FILE_UPLOAD_TEMP_DIR)
        super().new_file(*args, **kwargs)


def sweep_upload_temp(*, max_age: int, now: float | None = None) -> int:
    """Delete temporary uploads older than `max_age` seconds; returns how many were removed.

    A file still being received is written to continually, so its modification time stays
    fresh; an hour-old one belongs to a request that died.
    """
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    if not folder.is_dir():
        return 0
    cutoff = (time.time() if now is None else now) - max_age
    removed = 0
    for entry in os.scandir(folder):
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except FileNotFoundError:  # finished (and removed) by its request meanwhile
            continue
    return removed
