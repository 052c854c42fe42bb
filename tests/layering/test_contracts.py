"""The layering contracts in pyproject.toml hold, and they do fail when a module breaks one: a copy of the source
tree gets one forbidden import and ``lint-imports`` must refuse it, naming the contract."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _copy_tree(target: Path) -> None:
    for package in ("app", "matching", "migrations"):
        shutil.copytree(ROOT / package, target / package,
                        ignore=shutil.ignore_patterns("__pycache__", "data", "templates", "static", "*.xlsx"))
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")


def _lint(cwd: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    args = [str(LINT_IMPORTS), "--no-cache"] + [a for c in contracts for a in ("--contract", c)]
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_contracts_hold() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_forbidden_import_breaks_its_contract(tmp_path: Path) -> None:
    _copy_tree(tmp_path)
    units = tmp_path / "app" / "domain" / "units.py"
    units.write_text(units.read_text(encoding="utf-8") + "\nfrom app.models import DemandItem  # noqa: E402,F401\n",
                     encoding="utf-8")
    schemas = tmp_path / "app" / "schemas" / "items.py"
    schemas.write_text(schemas.read_text(encoding="utf-8")
                       + "\nfrom app.services.ranking import suggestions  # noqa: E402,F401\n", encoding="utf-8")

    result = _lint(tmp_path, "domain-pure", "lower-layers-no-services")

    assert result.returncode != 0
    assert "app.domain holds pure rules: no database, no web, no services BROKEN" in result.stdout
    assert "app.domain.units -> app.models" in result.stdout
    assert "schemas, models, core and migrations import no service BROKEN" in result.stdout
    assert "app.schemas.items -> app.services.ranking.suggestions" in result.stdout
