"""What the browser tests check on every page: accessibility (axe-core) and page weight."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page, Request, Response

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MOBILE_VIEWPORT = {"width": 390, "height": 844}

AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = ("serious", "critical")

# A citizen on a slow prepaid connection should get any public page in one small bite.
PAGE_BUDGET_BYTES = 50 * 1024


def open_menu(page: Page) -> None:
    """Open the signed-in header's menu when it is closed (phones show it closed)."""
    menu = page.get_by_role("banner").locator("details.menu")
    if menu.count() and menu.locator("summary").is_visible() and not menu.evaluate("d => d.open"):
        menu.locator("summary").click()


def axe_check(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the current page; fail on serious or critical WCAG 2.x A/AA violations.

    Returns every violation (including minor and moderate ones) so a test can report them.
    """
    if not AXE_JS.exists():
        raise AssertionError(f"{AXE_JS} is missing: run `npm install` (or `make test-deps`).")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html,
                                          summary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )
    violations: list[dict[str, Any]] = list(result)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core on {page.url}:\n" + format_violations(blocking)
    return violations


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            summary = (node.get("summary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def _wire_size(response: Response) -> int:
    """Bytes of the body as they would cross the wire from a server that compresses text.

    The live server's static handler does not compress (production's WhiteNoise serves
    pre-compressed files), so an unencoded body is counted at its gzip -6 size.
    """
    if response.status in (204, 304) or 300 <= response.status < 400:
        return 0
    if response.headers.get("content-encoding"):
        return int(response.request.sizes()["responseBodySize"])
    return len(gzip.compress(response.body(), compresslevel=6))


def transfer_size(page: Page, url: str) -> dict[str, int]:
    """Load `url` with an empty cache; return {resource URL: bytes}, checking the page budget.

    Also fails when the page asks any host other than the live server for anything: a public
    page must not leak its visitors to third parties or depend on them to render.
    """
    origin = urlsplit(page.url if url.startswith("/") else url)
    base = f"{origin.scheme}://{origin.netloc}"
    full_url = base + url if url.startswith("/") else url

    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    requests: list[Request] = []
    responses: list[Response] = []

    # Playwright needs plain functions as listeners (it tags them), not bound builtins.
    def on_request(request: Request) -> None:
        requests.append(request)

    def on_response(response: Response) -> None:
        responses.append(response)

    page.on("request", on_request)
    page.on("response", on_response)
    try:
        page.goto(full_url, wait_until="load")
        page.wait_for_load_state("networkidle")
        sizes = {r.url: _wire_size(r) for r in responses}
    finally:
        page.remove_listener("request", on_request)
        page.remove_listener("response", on_response)
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        cdp.detach()

    foreign = [
        r.url
        for r in requests
        if urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
        and urlsplit(r.url).netloc != origin.netloc
    ]
    assert not foreign, f"{full_url} requested other hosts: {foreign}"
    assert responses, f"no responses recorded for {full_url}"
    total = sum(sizes.values())
    detail = ", ".join(f"{u} = {n} B" for u, n in sizes.items())
    assert total < PAGE_BUDGET_BYTES, (
        f"{full_url} transfers {total} bytes (budget {PAGE_BUDGET_BYTES}): {detail}"
    )
    return sizes


def user_for_contact(contact: str) -> Any:
    """The account signed in with this e-mail address or phone number (found by blind index)."""
    from satupintu.accounts.selectors import user_for_contact as lookup

    user = lookup(contact)
    assert user is not None, "no account holds that contact"
    return user
