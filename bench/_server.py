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
    deadline = time.monotonic() + 120  # a shared, busy machine can take a while to boot it
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode} before serving.")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/healthz")
            healthy = conn.getresponse().status == 200
            conn.close()
            if healthy:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /healthz within 120 s.")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
