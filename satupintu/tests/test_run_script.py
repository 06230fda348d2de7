"""bin/run keeps its files in the data dir, and `make stop` stops what it started.

Starting the whole platform (migrations, 83k regions, demo data) is too heavy for a unit test,
so bin/run is run only up to its "already running" refusal, which comes after it has set up the
secret key and the keys; `make stop` is run against a pid file of dummy processes.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    shutil.which("make") is None or sys.platform == "win32", reason="needs make and a POSIX shell"
)


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SATUPINTU_"))}
    env.pop("MAKEFLAGS", None)
    return {**env, "SATUPINTU_DATA_DIR": str(data_dir), **extra}


def _sleeper(*, ignore_term: bool = False) -> subprocess.Popen[bytes]:
    script = "trap '' TERM; " if ignore_term else ""
    return subprocess.Popen(
        ["bash", "-c", f"{script}while sleep 0.1; do :; done"], start_new_session=True
    )


def _make_stop(data_dir: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "stop"],
        cwd=ROOT,
        env=_env(data_dir, **extra),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_make_stop_stops_every_process_in_the_pid_file(tmp_path: Path) -> None:
    shell, web, worker = _sleeper(), _sleeper(), _sleeper()
    try:
        (tmp_path / "run.pid").write_text(f"{shell.pid}\n{web.pid}\n{worker.pid}\n")
        result = _make_stop(tmp_path)
        assert result.returncode == 0, result.stderr
        for process in (shell, web, worker):
            assert process.wait(timeout=5) == -15
        assert not (tmp_path / "run.pid").exists()
        assert "stopped" in result.stdout
    finally:
        for process in (shell, web, worker):
            process.kill()


def test_make_stop_kills_a_process_that_ignores_term(tmp_path: Path) -> None:
    stubborn = _sleeper(ignore_term=True)
    try:
        (tmp_path / "run.pid").write_text(f"{stubborn.pid}\n")
        result = _make_stop(tmp_path, STOP_TIMEOUT="1")
        assert result.returncode == 0, result.stderr
        assert stubborn.wait(timeout=5) == -9
    finally:
        stubborn.kill()


def test_make_stop_without_a_pid_file_says_nothing_runs(tmp_path: Path) -> None:
    result = _make_stop(tmp_path)
    assert result.returncode == 0
    assert "not running" in result.stdout


def test_make_stop_removes_a_stale_pid_file(tmp_path: Path) -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()
    (tmp_path / "run.pid").write_text(f"{gone.pid}\n")
    result = _make_stop(tmp_path)
    assert result.returncode == 0 and "not running" in result.stdout
    assert not (tmp_path / "run.pid").exists()


def test_bin_run_keeps_its_keys_in_the_data_dir_and_runs_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    default_var = ROOT / "var"
    before = {p.name: p.stat().st_mtime_ns for p in default_var.glob("*")}
    running = _sleeper()
    try:
        (data_dir / "run.pid").write_text(f"{running.pid}\n")
        result = subprocess.run(
            [str(ROOT / "bin" / "run")],
            cwd=tmp_path,
            env=_env(data_dir),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 1, result.stdout + result.stderr
        assert "already runs" in result.stderr and "make stop" in result.stderr
        for name in ("secret_key", "keys.env"):
            path = data_dir / name
            assert path.stat().st_size > 0
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert "FIELD_ENCRYPTION_KEYS=" in (data_dir / "keys.env").read_text()
        # Nothing was read from or written to ./var, and the running copy's pid file is kept.
        assert {p.name: p.stat().st_mtime_ns for p in default_var.glob("*")} == before
        assert (data_dir / "run.pid").read_text() == f"{running.pid}\n"
        assert running.poll() is None
    finally:
        running.kill()
