"""What a logger writes once it has passed the log mask, as it does in production."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from satupintu.core.logging import RedactFilter


@contextmanager
def masked_log(name: str) -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """Yields the logger ``name`` and the buffer its records reach through ``RedactFilter``."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.addFilter(RedactFilter())
    log = logging.getLogger(name)
    log.addHandler(handler)
    try:
        yield log, buffer
    finally:
        log.removeHandler(handler)
