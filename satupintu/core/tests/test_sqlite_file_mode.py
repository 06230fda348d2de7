"""The SQLite database and its WAL files are readable by the service user only (finding 8.11)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db.utils import ConnectionHandler


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_sqlite(django_db_blocker: Any) -> Iterator[Any]:
    """open_sqlite(path) -> a fresh Django connection to a SQLite file in WAL mode."""
    opened: list[Any] = []

    def connect(path: Path) -> Any:
        settings_dict = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;"},
        }
        connection = ConnectionHandler({"default": settings_dict})["default"]
        opened.append(connection)
        return connection

    with django_db_blocker.unblock():
        yield connect
        for connection in opened:
            connection.close()


def test_a_new_sqlite_database_and_its_wal_files_are_0600(tmp_path: Path, open_sqlite: Any) -> None:
    path = tmp_path / "satupintu.sqlite3"
    with open_sqlite(path).cursor() as cursor:
        cursor.execute("CREATE TABLE t (x integer)")
        cursor.execute("INSERT INTO t VALUES (1)")
    assert _mode(path) == 0o600
    for suffix in ("-wal", "-shm"):
        assert _mode(Path(f"{path}{suffix}")) == 0o600, suffix


def test_an_existing_world_readable_database_is_tightened_when_opened(
    tmp_path: Path, open_sqlite: Any
) -> None:
    path = tmp_path / "lama.sqlite3"
    path.touch()
    path.chmod(0o644)
    open_sqlite(path).ensure_connection()
    assert _mode(path) == 0o600
