"""The development SMS outbox holds codes and links: 0600 in a 0700 folder (finding 8.11)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from satupintu.notifications.channels import FileGateway


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_outbox_file_and_folder_are_created_private(data_dir: Path) -> None:
    FileGateway().send("+6281234567890", "Kode masuk: 123456", "kunci-1")
    outbox = data_dir / "outbox"
    assert _mode(outbox) == 0o700
    assert _mode(outbox / "sms.jsonl") == 0o600
    FileGateway().send("+6281234567890", "Kode masuk: 654321", "kunci-2")
    lines = (outbox / "sms.jsonl").read_text().splitlines()
    assert [json.loads(line)["idempotency_key"] for line in lines] == ["kunci-1", "kunci-2"]


def test_an_outbox_left_world_readable_by_an_older_version_is_tightened(data_dir: Any) -> None:
    outbox = data_dir / "outbox"
    outbox.mkdir(mode=0o755)
    path = outbox / "sms.jsonl"
    path.write_text(json.dumps({"idempotency_key": "lama"}) + "\n")
    path.chmod(0o644)
    assert FileGateway().send("+6281234567890", "halo", "lama") == "file-lama"  # still once
    assert _mode(path) == 0o600
    assert _mode(outbox) == 0o700
