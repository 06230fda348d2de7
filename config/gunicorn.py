"""gunicorn settings for `make run` (bin/run) and the benchmarks (bench/_server.py).

The application is loaded once in the master (`preload_app`), the URL configuration (every view
module and the API) and the page templates are imported there too, and the collector freezes
what exists, so the forked workers share those pages with the master instead of each holding a
copy (copy-on-write pages stay shared while nothing writes to them; `gc.freeze()` keeps the
collector from touching them). The master opens no database connection.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Any

preload_app = True


def pre_fork(server: Any, worker: Any) -> None:
    if not getattr(server, "satupintu_warmed", False):
        from django.template import TemplateDoesNotExist
        from django.template.loader import get_template
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 - imports every view module and the API
        # Absent when another project is served the same way (the benchmark's bare one).
        for name in ("base.html", "catalog/home.html", "catalog/service_detail.html"):
            with contextlib.suppress(TemplateDoesNotExist):
                get_template(name)
        server.satupintu_warmed = True
        gc.collect()
    gc.freeze()
