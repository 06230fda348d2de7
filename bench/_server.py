"""The gunicorn server the HTTP benchmarks drive, started the way `bin/run` starts it."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_server(
    port: int, *, workers: int, threads: int, app: str = "config.wsgi:application"
) -> subprocess.Popen[bytes]:
    """gunicorn on 127.0.0.1:`port` with the current environment; returns once /healthz is 200."""
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        app,
        "-c",
        str(ROOT / "config" / "gunicorn.py"),
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]
    env = {"MALLOC_ARENA_MAX": "2", **os.environ}  # as bin/run
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        wait_healthy(port, server)  # a shared, busy machine can take a while to boot it
    except SystemExit:
        stop_server(server)
        raise
    return server


def wait_healthy(
    port: int, process: subprocess.Popen[bytes], *, seconds: float = 120, name: str = "gunicorn"
) -> None:
    """Return once GET /healthz on `port` answers 200; SystemExit if `process` ends first or
    `seconds` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode} before serving.")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/healthz")
            healthy = conn.getresponse().status == 200
            conn.close()
            if healthy:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{name} did not answer /healthz within {seconds:g} s.")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
