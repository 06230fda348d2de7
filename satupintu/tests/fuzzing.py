"""What the fuzz tests (test_fuzz_api, test_fuzz_pages) share."""

from __future__ import annotations

from hypothesis import HealthCheck, settings


def fuzz_settings(max_examples: int) -> settings:
    """Reproducible runs (derandomised, no example database) without deadlines or health checks:
    every example goes through the database and the whole request stack, which is slow."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
