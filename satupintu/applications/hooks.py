"""The engine's one completion point: what runs when a case reaches a terminal step.

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
