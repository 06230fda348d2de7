"""Run pieces of work at the same moment in threads, each with its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection


def race(works: Sequence[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    """Start every work in its own thread behind one barrier; return (results, errors).

    Each thread closes its connection when done; errors are returned for the test to assert on.
    """
    barrier = threading.Barrier(len(works))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(work: Callable[[], Any]) -> None:
        try:
            barrier.wait(10)
            results.append(work())
        except BaseException as exc:  # surfaced by the test after join()
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results, errors
