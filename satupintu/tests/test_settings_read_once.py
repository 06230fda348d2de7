"""Settings are read once: defined in config/settings.py, documented, read as `settings.X`."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = ROOT / "config" / "settings.py"
ENV_HELPER = re.compile(r"\benv_(?:str|bool|int|list|choice)\(\s*\"([A-Z][A-Z0-9_]*)\"")


def _code() -> list[Path]:
    paths = [*(ROOT / "satupintu").rglob("*.py"), *(ROOT / "config").rglob("*.py")]
    return sorted(p for p in paths if "tests" not in p.parts and "migrations" not in p.parts)


def _settings_reads(tree: ast.AST) -> tuple[list[ast.Call], set[str]]:
    """getattr(settings, ...) calls, and the names read as settings.NAME."""
    getattrs, names = [], set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "hasattr"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "settings"
        ):
            getattrs.append(node)
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "settings"
            and node.attr.isupper()
        ):
            names.add(node.attr)
    return getattrs, names


def test_code_reads_settings_as_attributes_never_with_a_second_default() -> None:
    found = []
    for path in _code():
        calls, _names = _settings_reads(ast.parse(path.read_text()))
        found += [f"{path.relative_to(ROOT)}:{c.lineno}" for c in calls]
    assert found == []


def test_every_setting_the_code_reads_is_defined() -> None:
    missing = set()
    for path in _code():
        _calls, names = _settings_reads(ast.parse(path.read_text()))
        missing |= {f"{path.relative_to(ROOT)}: {n}" for n in names if not hasattr(settings, n)}
    assert missing == set()


def test_every_environment_variable_is_in_the_readme_and_env_example() -> None:
    variables = set(ENV_HELPER.findall(SETTINGS_FILE.read_text()))
    assert len(variables) > 40
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    assert sorted(v for v in variables if f"`{v}`" not in readme) == []
    assert sorted(v for v in variables if not re.search(rf"^#?\s*{v}=", example, re.M)) == []
