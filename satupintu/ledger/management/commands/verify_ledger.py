"""Check every ledger entry, Merkle root, chain link and signature; exit 1 on the first harm.

With `--checkpoint FILE` (the JSON of /api/v1/ledger/checkpoint that someone saved) or
`--checkpoint-url URL` (that JSON, or the transparency page, which links to it), the ledger must
also contain that published seal: this is what catches the newest seals and entries deleted.
Without one the command says that truncation cannot be detected.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from satupintu.ledger.models import Entry
from satupintu.ledger.verification import CheckpointError, checkpoint_seal, verify_ledger

PROGRESS_FROM = 10_000
FETCH_TIMEOUT = 15
MAX_DOCUMENT_BYTES = 1_000_000


class _AlternateJson(HTMLParser):
    """Finds `<link rel="alternate" type="application/json" href=...>` in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if (
            tag == "link"
            and self.href is None
            and "alternate" in (values.get("rel") or "").split()
            and values.get("type") == "application/json"
        ):
            self.href = values.get("href")


def _get(url: str) -> tuple[str, bytes]:
    if not url.startswith(("http://", "https://")):
        raise CommandError(_("--checkpoint-url harus berupa alamat http(s)://."))
    request = urllib.request.Request(url, headers={"Accept": "application/json, text/html"})  # noqa: S310 - http(s) only, checked above
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310
            return response.headers.get_content_type(), response.read(MAX_DOCUMENT_BYTES)
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        raise CommandError(
            _("Checkpoint tidak dapat diambil dari %(url)s: %(error)s") % {"url": url, "error": exc}
        ) from exc


def fetch_checkpoint(url: str) -> Any:
    """The checkpoint JSON at `url`, following the transparency page's link to it."""
    content_type, body = _get(url)
    if content_type == "text/html":
        finder = _AlternateJson()
        finder.feed(body.decode("utf-8", "replace"))
        if not finder.href:
            raise CommandError(_("Halaman %(url)s tidak menautkan checkpoint JSON.") % {"url": url})
        url = urljoin(url, finder.href)
        content_type, body = _get(url)
    return _parse(body.decode("utf-8", "replace"), url)


def _parse(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(
            _("Checkpoint dari %(source)s bukan JSON: %(error)s") % {"source": source, "error": exc}
        ) from exc


def read_checkpoint(path: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(
            _("Berkas checkpoint %(path)s tidak dapat dibaca: %(error)s")
            % {"path": path, "error": exc}
        ) from exc
    return _parse(text, path)


class Command(BaseCommand):
    help = (
        "Re-check every ledger entry hash, seal root, chain link and signature. Exits 1 and "
        "names the first bad entry and seal when anything was changed. With --checkpoint or "
        "--checkpoint-url, also exits 1 when the ledger does not contain that published seal "
        "(newest seals and entries deleted)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument("--chunk-size", type=int, default=10_000)
        source = parser.add_mutually_exclusive_group()
        source.add_argument(
            "--checkpoint",
            metavar="FILE",
            help="a saved /api/v1/ledger/checkpoint JSON (or - for standard input)",
        )
        source.add_argument(
            "--checkpoint-url",
            metavar="URL",
            help="where the checkpoint is published: its JSON or the transparency page",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        document = None
        if options["checkpoint"]:
            document = read_checkpoint(options["checkpoint"])
        elif options["checkpoint_url"]:
            document = fetch_checkpoint(options["checkpoint_url"])
        if document is not None:
            try:
                checkpoint_seal(document)
            except CheckpointError as exc:
                raise CommandError(_("Checkpoint tidak sah: %(error)s") % {"error": exc}) from exc
        total = Entry.objects.count()
        bar = tqdm(
            total=total,
            unit=" entri",
            unit_scale=True,
            file=sys.stderr,
            disable=options["no_progress"] or total < PROGRESS_FROM,
        )
        with bar:
            report = verify_ledger(
                progress=bar.update, chunk_size=options["chunk_size"], checkpoint=document
            )
        if not report.ok:
            raise CommandError(f"{report.summary()}\n{report.checkpoint_line()}", returncode=1)
        self.stdout.write(report.summary())
        self.stdout.write(report.checkpoint_line())
