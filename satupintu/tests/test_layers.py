"""The import-linter contracts in pyproject.toml hold on the tree and catch a back-up arrow."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy_tree(target: Path) -> Path:
    skip = shutil.ignore_patterns("__pycache__", "static", "templates", "locale", "*.pyc")
    for package in ("satupintu", "config"):
        shutil.copytree(ROOT / package, target / package, ignore=skip)
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_contracts_hold_on_the_real_tree(tmp_path: Path) -> None:
    result = _lint(_copy_tree(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _lint_with_import(tmp_path: Path, module: str, imported: str) -> str:
    """lint-imports' report on a copy of the tree where `module` (a file) also imports `imported`."""
    tree = _copy_tree(tmp_path)
    path = tree / module
    path.parent.mkdir(exist_ok=True)
    path.write_text((path.read_text() if path.exists() else "") + f"\nimport {imported}  # noqa\n")
    result = _lint(tree)
    assert result.returncode != 0
    return result.stdout


def test_core_importing_a_domain_app_breaks_the_layers(tmp_path: Path) -> None:
    report = _lint_with_import(
        tmp_path, "satupintu/core/errors.py", "satupintu.organizations.models"
    )
    assert "satupintu.core is not allowed to import satupintu.organizations" in report
    assert "satupintu.core.errors -> satupintu.organizations.models" in report


def test_an_app_importing_another_apps_views_is_refused(tmp_path: Path) -> None:
    report = _lint_with_import(
        tmp_path, "satupintu/applications/selectors.py", "satupintu.catalog.views"
    )
    assert "satupintu.applications.selectors -> satupintu.catalog.views" in report


def test_the_ledger_importing_a_domain_app_is_refused(tmp_path: Path) -> None:
    report = _lint_with_import(tmp_path, "satupintu/ledger/formats.py", "satupintu.accounts.models")
    assert "The ledger and the outbox import no domain app BROKEN" in report


def test_a_new_app_missing_from_the_layers_is_refused(tmp_path: Path) -> None:
    report = _lint_with_import(tmp_path, "satupintu/complaints_draft/__init__.py", "satupintu.core")
    assert "complaints_draft" in report
