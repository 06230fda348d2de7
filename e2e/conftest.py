"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

bin/test sets SATUPINTU_BROWSER=1 when /usr/bin/chromium exists. Without it the browser tests
are skipped with a hint, except under CI=true, where a missing browser is a failure: a CI run
that silently skipped the only end-to-end check would be worse than a red one.
"""

from __future__ import annotations

import io
import os

# The sync Playwright API keeps an event loop running in this thread, and Django refuses ORM
# calls from a thread with a running loop unless told the caller knows what it is doing.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from collections.abc import Iterator
from typing import Any

import pytest

from e2e.helpers import CHROMIUM, CHROMIUM_ARGS, MOBILE_VIEWPORT

MISSING_BROWSER = (
    f"Chromium not found at {CHROMIUM}; install it with apt-get install -y chromium "
    "(the test runner bin/test sets SATUPINTU_BROWSER=1 when it is there)."
)


def pytest_runtest_setup(item: pytest.Item) -> None:
    # A setup hook rather than a collection hook: `-m "not browser"` deselects these tests
    # before setup, so the PostgreSQL pass (SATUPINTU_BROWSER=0, maybe CI=true) never gets here.
    if item.get_closest_marker("browser") is None:
        return
    if os.environ.get("SATUPINTU_BROWSER") == "1":
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and the browser tests cannot run. {MISSING_BROWSER}", pytrace=False)
    pytest.skip(MISSING_BROWSER)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "viewport": MOBILE_VIEWPORT,
        "locale": "id-ID",
        "timezone_id": "Asia/Jakarta",
        # Test-only: the site's CSP (script-src 'self') would block the injected axe-core script.
        # The JavaScript-off test uses a context with the real CSP enforced.
        "bypass_csp": True,
    }


@pytest.fixture
def demo(transactional_db: Any, live_server: Any) -> Iterator[Any]:
    """The live server with `manage.py seed_demo` loaded, committed so its thread can see it."""
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    yield live_server
