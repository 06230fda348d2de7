"""A fresh machine: `manage.py check` passes on a data dir that does not exist yet.

`make run` runs `migrate` on a new checkout before anything has been uploaded; the upload temp
dir that Django's files.E001 check requires must be made at start-up, private.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_check_passes_on_a_new_data_dir_and_the_upload_dir_is_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "true",
        "SATUPINTU_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'db.sqlite3'}",
    }
    env.pop("SATUPINTU_UPLOAD_TEMP_DIR", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    upload_dir = data_dir / "tmp" / "uploads"
    assert stat.S_IMODE(upload_dir.stat().st_mode) == 0o700
