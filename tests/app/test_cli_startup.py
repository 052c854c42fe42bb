"""The command line starts light and refuses a database it cannot use: ``chainmatch --help`` imports none of the
heavy libraries (checked in a fresh interpreter, not timed), every listed command resolves, and ``chainmatch
import`` run where there is no database — or on one never migrated — says so in Chinese, naming DATABASE_URL,
exits non-zero without a traceback, and creates no empty database file."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import COMMANDS, main
from app.cli.imports import LIST_KINDS
from app.services.imports import ListKind

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["numpy", "scipy", "sklearn", "numba", "jieba", "openpyxl", "reportlab", "fastapi", "sqlalchemy", "alembic",
         "uvicorn", "matching", "app.main", "app.models", "app.services"]


def _modules_after(*args: str) -> set[str]:
    script = ("import json, sys, runpy; sys.argv = ['chainmatch', *json.loads(sys.argv[1])]\n"
              "try:\n    runpy.run_module('app', run_name='__main__')\nexcept SystemExit:\n    pass\n"
              "sys.stderr.write(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", script, json.dumps(list(args))], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert "Usage" in done.stdout, done.stdout + done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_imports_no_heavy_module() -> None:
    loaded = _modules_after("--help")
    assert not {name for name in loaded if name.split(".")[0] in HEAVY or name in HEAVY
                or any(name.startswith(h + ".") for h in HEAVY)}
    assert "click" in loaded  # the check itself sees what was imported


def test_every_listed_command_resolves_to_itself() -> None:
    for name in COMMANDS:
        command = main.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None and command.name == name


def test_import_kinds_spelled_out_are_the_list_kinds() -> None:
    assert set(LIST_KINDS) == {kind.value for kind in ListKind}


@pytest.fixture
def elsewhere(tmp_path, monkeypatch) -> Path:
    """An empty folder as the working directory and no DATABASE_URL: the default ./chainmatch.db."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("TEST_DATABASE_URL", raising=False)
    from app.core.config import get_settings

    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


def _import_in(folder: Path) -> subprocess.CompletedProcess:
    source = folder / "供给清单.csv"
    source.write_text("企业名称,统一社会信用代码,产品名称\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    return subprocess.run([sys.executable, "-m", "app", "import", "supply", str(source)], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120)


def test_import_without_a_database_says_so_and_creates_none(elsewhere) -> None:
    done = _import_in(elsewhere)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "数据库文件不存在" in done.stderr and "DATABASE_URL=sqlite:///./chainmatch.db" in done.stderr
    assert str(elsewhere / "chainmatch.db") in done.stderr
    assert not (elsewhere / "chainmatch.db").exists()


def test_import_on_an_unmigrated_database_says_to_migrate(elsewhere) -> None:
    sqlite3.connect(elsewhere / "chainmatch.db").close()  # an empty file, as an earlier version left behind
    done = _import_in(elsewhere)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "数据库尚未初始化" in done.stderr and "chainmatch migrate" in done.stderr
    assert "DATABASE_URL=sqlite:///./chainmatch.db" in done.stderr


def test_match_on_a_missing_database_says_so(elsewhere) -> None:
    result = CliRunner().invoke(main, ["match", "--all", "--no-progress"])
    assert result.exit_code == 2
    assert "数据库文件不存在" in result.output and "DATABASE_URL=" in result.output
    assert not (elsewhere / "chainmatch.db").exists()
