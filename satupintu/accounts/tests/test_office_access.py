"""Every back-office URL, walked from the URLconf: nobody reaches one without two-factor.

New /kantor/ pages are picked up automatically, so a view that forgets `office_required` fails
here instead of shipping.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from satupintu.accounts.tests.conftest import sign_in

_CANDIDATES = ("1", "x", "00000000-0000-0000-0000-000000000000")


def _leaf_regexes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        part = entry.pattern.regex.pattern
        part = part.removeprefix("^").removesuffix(r"\Z").removesuffix("$")
        if isinstance(entry, URLResolver):
            yield from _leaf_regexes(entry.url_patterns, prefix + part)
        else:
            yield prefix + part


def _groups(regex: str) -> list[tuple[int, int]]:
    """Spans of the named groups (outermost only) in `regex`."""
    spans, depth, start = [], 0, None
    i = 0
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            i += 2
            continue
        if char == "(":
            if depth == 0 and regex.startswith("(?P<", i):
                start = i
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0 and start is not None:
                spans.append((start, i + 1))
                start = None
        i += 1
    return spans


def _sample(regex: str) -> str | None:
    """A concrete path matching `regex`, with dummy values for its arguments."""
    spans = _groups(regex)
    options = []
    for begin, end in spans:
        body = regex[regex.index(">", begin) + 1 : end - 1]
        first_word = re.match(r"^(\w+)\|", body)
        options.append(((first_word.group(1),) if first_word else ()) + _CANDIDATES)
    for values in itertools.product(*options):
        path, last = "", 0
        for (begin, end), value in zip(spans, values, strict=True):
            path += regex[last:begin] + value
            last = end
        path += regex[last:]
        path = path.replace("\\", "")
        if re.fullmatch(regex, path):
            return "/" + path
    return None


def office_urls() -> list[str]:
    regexes = [r for r in _leaf_regexes(get_resolver().url_patterns) if r.startswith("kantor/")]
    urls = [_sample(r) for r in regexes]
    assert None not in urls, [r for r, u in zip(regexes, urls, strict=True) if u is None]
    return sorted(set(u for u in urls if u))


def test_the_walk_finds_the_office_and_the_admin(db):
    urls = office_urls()
    assert "/kantor/" in urls
    assert reverse("admin:index") in urls
    assert len(urls) > 10


def _final(client, url):
    """Follow redirects while they stay inside the back office; return the last response."""
    response = client.get(url)
    for _ in range(5):
        location = response.get("Location", "")
        if response.status_code != 302 or not urlparse(location).path.startswith("/kantor/"):
            break
        response = client.get(location)
    return response


@pytest.mark.parametrize("persona", ["verifier", "admin_a", "siti"])
def test_no_office_page_opens_without_two_factor(client, world, persona):
    user = world.persona(persona)
    user.is_staff = persona == "admin_a"  # staff too: the admin must also ask for the code
    user.save(update_fields=["is_staff"])
    sign_in(client, user.username)
    allowed_redirects = {reverse("accounts:otp_enrol"), reverse("accounts:otp_verify")}

    leaks = []
    for url in office_urls():
        response = _final(client, url)
        if response.status_code in (403, 404, 405):
            continue
        redirect_to = urlparse(response.get("Location", "")).path
        if response.status_code == 302 and user.is_officer and redirect_to in allowed_redirects:
            continue
        leaks.append((url, response.status_code, response.get("Location")))
    assert leaks == []


def test_anonymous_visitor_reaches_no_office_page(client, db):
    for url in office_urls():
        response = _final(client, url)
        assert response.status_code in (302, 404, 405), url
        if response.status_code == 302:
            assert urlparse(response["Location"]).path == reverse("accounts:login"), url
