"""Every ledger entry the code writes goes through the one facade with a grep-able action name.

One spelling: `app.object.verb` (`catalog.service.create`), a literal string (or a module constant
holding one) at the call, so `grep -rn '"catalog.service.create"'` finds the code that writes it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.apps import apps

PACKAGE = Path(__file__).resolve().parents[1]
ACTION = re.compile(r"^([a-z][a-z0-9_]*)\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def _sources() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and path.parts[len(PACKAGE.parts)] != "ledger"
    ]


def _constants(tree: ast.Module) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def _ledger_calls(tree: ast.Module) -> list[ast.Call]:
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "record":
            owner = func.value
            if isinstance(owner, ast.Name) and owner.id in {"ledger", "ledger_services"}:
                calls.append(node)
        elif isinstance(func, ast.Name) and func.id == "record":
            calls.append(node)
    return calls


def _private_recorders(tree: ast.Module) -> list[str]:
    return [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "_record"
    ]


def test_every_ledger_action_is_a_literal_app_object_verb() -> None:
    labels = {config.label for config in apps.get_app_configs()}
    problems: list[str] = []
    seen = 0
    for path in _sources():
        tree = ast.parse(path.read_text(), filename=str(path))
        where = path.relative_to(PACKAGE.parent)
        problems += [
            f"{where}: private {name}(); call ledger.record" for name in _private_recorders(tree)
        ]
        constants = _constants(tree)
        for call in _ledger_calls(tree):
            seen += 1
            arg = call.args[1] if len(call.args) > 1 else None
            action = None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                action = arg.value
            elif isinstance(arg, ast.Name):
                action = constants.get(arg.id)
            match = ACTION.match(action or "")
            if match is None or match.group(1) not in labels:
                problems.append(
                    f"{where}:{call.lineno}: action {ast.unparse(arg) if arg else None}"
                )
    assert seen > 30  # the scan finds the writers (it would pass vacuously otherwise)
    assert problems == []
