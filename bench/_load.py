"""What every HTTP benchmark shares: fetching, closed-loop load (wrk or Python threads), the
CPU the server's processes spent, and percentiles.

The callers set the knobs (seconds, connections, wrk path) per call; nothing here reads the
environment or imports Django.
"""

from __future__ import annotations

import gzip
import http.client
import io
import json
import os
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


def fetch(port: int, path: str, *, gzip_ok: bool = False) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def page_size(port: int, path: str) -> dict[str, Any]:
    """Bytes of the response body as served to a browser (gzip) and uncompressed."""
    status, headers, body = fetch(port, path, gzip_ok=True)
    encoded = headers.get("content-encoding", "")
    raw = gzip.decompress(body) if encoded == "gzip" else body
    return {
        "status": status,
        "bytes_raw": len(raw),
        "bytes_gzip": len(body) if encoded == "gzip" else len(gzip.compress(raw, compresslevel=6)),
        "served_compressed": encoded == "gzip",
    }


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def load_python(
    port: int, path: str, *, seconds: float, concurrency: int, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """concurrency keep-alive connections, each sending requests back to back for seconds."""
    sent = {"Accept-Encoding": "gzip", **(headers or {})}
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    transport = [0] * concurrency
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    start_gate = threading.Event()
    deadline = 0.0

    def worker(slot: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        mine = latencies[slot]
        start_gate.wait()
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers=sent)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                errors[slot] += 1
                transport[slot] += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
                continue
            mine.append((time.perf_counter() - began) * 1000)
            if status != 200:
                errors[slot] += 1
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline = began + seconds
    start_gate.set()
    for thread in threads:
        thread.join(seconds + 30)
    elapsed = time.perf_counter() - began
    values = sorted(v for per_thread in latencies for v in per_thread)
    return {
        "requests": len(values),
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(values) / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {
            "p50": round(percentile(values, 0.50), 2),
            "p95": round(percentile(values, 0.95), 2),
            "p99": round(percentile(values, 0.99), 2),
            "max": round(values[-1], 2) if values else 0.0,
        },
        "errors": sum(errors),
        "non_200_statuses": {str(k): v for k, v in sorted(statuses.items())},
        "socket_errors": sum(transport),
    }


def load_wrk(
    port: int,
    path: str,
    *,
    seconds: float,
    concurrency: int,
    wrk: str = "/usr/bin/wrk",
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The same measurement with wrk (C, event loop), which the Python client cannot bottleneck."""
    script = Path(tempfile.mkdtemp(prefix="satupintu-wrk-")) / "report.lua"
    script.write_text(
        "done = function(summary, latency, requests)\n"
        '  io.write(string.format(\'JSON{"requests":%d,"seconds":%.3f,"p50":%.3f,'
        '"p95":%.3f,"p99":%.3f,"max":%.3f,"non2xx":%d,"socket":%d}\\n\',\n'
        "    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,\n"
        "    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,\n"
        "    summary.errors.status, summary.errors.connect + summary.errors.read +\n"
        "    summary.errors.write + summary.errors.timeout))\n"
        "end\n"
    )
    threads = min(concurrency, os.cpu_count() or 2)
    out = subprocess.run(
        [
            wrk,
            f"-t{threads}",
            f"-c{concurrency}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            *[
                arg
                for name, value in {"Accept-Encoding": "gzip", **(headers or {})}.items()
                for arg in ("-H", f"{name}: {value}")
            ],
            "-s",
            str(script),
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("JSON"))
    data = json.loads(line[4:])
    return {
        "requests": data["requests"],
        "seconds": round(data["seconds"], 2),
        "requests_per_second": round(data["requests"] / data["seconds"], 1),
        "latency_ms": {k: round(data[k], 2) for k in ("p50", "p95", "p99", "max")},
        "errors": data["non2xx"] + data["socket"],
        "non_200_statuses": {"non-2xx": data["non2xx"]} if data["non2xx"] else {},
        "socket_errors": data["socket"],
    }


def cpu_seconds(root_pid: int) -> float:
    """User + system CPU of gunicorn's master and workers so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        if pid == root_pid or ppid == root_pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def measure(
    port: int,
    path: str,
    server_pid: int,
    *,
    seconds: float,
    concurrency: int,
    wrk: str = "/usr/bin/wrk",
    warm: int = 8,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Size, then closed-loop load on `path`, with the server's CPU ms per completed request."""
    size = page_size(port, path)
    for _ in range(warm):
        fetch(port, path)  # warm every worker's caches before timing
    cpu_before = cpu_seconds(server_pid)
    if os.path.exists(wrk):
        measured = load_wrk(
            port, path, seconds=seconds, concurrency=concurrency, wrk=wrk, headers=headers
        )
        measured["tool"] = "wrk"
    else:
        measured = load_python(
            port, path, seconds=seconds, concurrency=concurrency, headers=headers
        )
        measured["tool"] = "python-threads"
    cpu = cpu_seconds(server_pid) - cpu_before
    measured["cpu_ms_per_request"] = round(1000 * cpu / max(1, measured["requests"]), 2)
    return {"path": path, **size, **measured}


def process_tree(root_pid: int) -> list[int]:
    """`root_pid` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def memory_mb(pids: list[int]) -> dict[str, float]:
    """Resident memory of the processes: RSS summed (counts shared pages once per process) and
    PSS summed (shared pages split between the processes sharing them: what they really hold)."""
    rss = pss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return {"rss_mb": round(rss / 1024, 1), "pss_mb": round(pss / 1024, 1), "processes": len(pids)}


def make_jpeg(size: int) -> bytes:
    """A noisy JPEG (noise does not compress) of at least `size` bytes, as a phone photo is."""
    from PIL import Image

    side = 200
    while True:
        image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=75)
        if out.tell() >= size:
            return out.getvalue()
        side += 40


def make_pdf(size: int) -> bytes:
    """A real PDF of about `size` bytes: one page holding a photo-like JPEG (a scanned letter)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Surat keterangan kelahiran (bench)")
    pdf.image(io.BytesIO(make_jpeg(size - 3000)), x=10, y=30, w=180)
    return bytes(pdf.output())


def multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body with `fields` and one file (`file`); (body, Content-Type)."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
