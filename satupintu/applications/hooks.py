"""Points where higher apps plug into the back office: the engine's one completion point (what
runs when a case reaches a terminal step), and the other queues the officer's inbox page shows.

`application_act` (and withdrawal) calls `run_terminal` exactly once per case, when it enters a
step with an outcome ("completed", "rejected" or "withdrawn"), inside the move's transaction,
after the event and the ledger entry are written and with the case row still locked. A hook that
raises rolls the whole move back, so a case is never completed without what the hooks produce.

Higher apps register from their `AppConfig.ready()` (applications imports none of them):

    from satupintu.applications import hooks

    @hooks.on_terminal
    def _issue(*, application, actor, outcome):
        if outcome in ("completed", "rejected"):
            outputs.issue_for(application, actor)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

TerminalHook = Callable[..., None]
_terminal_hooks: list[TerminalHook] = []


def on_terminal(hook: TerminalHook) -> TerminalHook:
    """Register `hook(*, application, actor, outcome)`; returns it (usable as a decorator)."""
    if hook not in _terminal_hooks:
        _terminal_hooks.append(hook)
    return hook


def remove_terminal(hook: TerminalHook) -> None:
    if hook in _terminal_hooks:
        _terminal_hooks.remove(hook)


def run_terminal(*, application: Any, actor: Any, outcome: str) -> None:
    for hook in list(_terminal_hooks):
        hook(application=application, actor=actor, outcome=outcome)


# --- other queues on the officer's inbox page --------------------------------------------------
# One inbox: the page an officer opens first also says what waits for them elsewhere (complaints
# register theirs). A panel gets the officer and their roles per agency (already read for the
# inbox, so an officer without the panel's roles costs no query) and returns None or
# {"label", "count", "overdue", "url"}.

InboxPanel = Callable[[Any, dict[int, set[str]]], dict[str, Any] | None]
_inbox_panels: list[InboxPanel] = []


def on_inbox(panel: InboxPanel) -> InboxPanel:
    if panel not in _inbox_panels:
        _inbox_panels.append(panel)
    return panel


def inbox_panels(user: Any, roles_by_agency: dict[int, set[str]]) -> list[dict[str, Any]]:
    found = (panel(user, roles_by_agency) for panel in list(_inbox_panels))
    return [item for item in found if item]
