"""``chainmatch import``: summary, exit codes, the error listing and the annotated workbook, on its own database.

The CLI opens its own engine from settings (DATABASE_URL) and commits, so these tests point it at a fresh
SQLite file rather than at the suite's rolled-back connection.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select

from app.cli import main
from app.core import migrate
from app.core.config import get_settings
from app.models import SupplyItem
from tests.app.test_imports_support import SUPPLY_HEADERS, csv_bytes, many_supply_rows, open_xlsx, supply_row, xlsx


@pytest.fixture
def cli_database(tmp_path, monkeypatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    migrate.upgrade(url)
    yield url
    get_settings.cache_clear()


def items_in(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        total = connection.scalar(select(func.count()).select_from(SupplyItem))
    engine.dispose()
    return total


def test_cli_imports_and_prints_a_chinese_summary(cli_database, tmp_path) -> None:
    path = tmp_path / "供给清单.csv"
    path.write_bytes(csv_bytes(SUPPLY_HEADERS, many_supply_rows(40, enterprises=4), encoding="gbk"))

    result = CliRunner().invoke(main, ["import", "supply", str(path)])

    assert result.exit_code == 0, result.output
    assert "导入完成" in result.output and "企业：新增 4 家" in result.output and "条目：新增 40 条" in result.output
    assert items_in(cli_database) == 40

    again = CliRunner().invoke(main, ["import", "supply", str(path)])
    # The same list again changes nothing, and says so.
    assert "条目：新增 0 条，更新 0 条，未变 40 条" in again.output
    assert items_in(cli_database) == 40


def test_cli_dry_run_writes_nothing(cli_database, tmp_path) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx(SUPPLY_HEADERS, [supply_row()]))
    result = CliRunner().invoke(main, ["import", "supply", str(path), "--dry-run"])
    assert result.exit_code == 0 and "试运行" in result.output
    assert items_in(cli_database) == 0


def test_cli_lists_errors_exits_non_zero_and_writes_the_annotated_workbook(cli_database, tmp_path) -> None:
    rows = many_supply_rows(120)
    for n in range(60):
        rows[n * 2]["产能规模"] = "很多"
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx(SUPPLY_HEADERS, rows))
    out = tmp_path / "errors.xlsx"

    result = CliRunner().invoke(main, ["import", "supply", str(path), "--errors-xlsx", str(out)])

    assert result.exit_code == 1
    assert "发现 60 处错误，未写入任何数据" in result.output
    assert "供给清单!L2（产能规模）" in result.output
    assert result.output.count("（产能规模）") == 50  # the first 50 ...
    assert "另有 10 处错误未列出" in result.output  # ... then a count
    assert items_in(cli_database) == 0
    sheet = open_xlsx(out.read_bytes())["供给清单"]
    assert sheet["L2"].comment is not None and sheet["L3"].comment is None


def test_cli_progress_bar_goes_to_stderr(cli_database, tmp_path) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx(SUPPLY_HEADERS, many_supply_rows(30, enterprises=3)))
    result = CliRunner().invoke(main, ["import", "supply", str(path), "--progress"])
    assert result.exit_code == 0, result.output
    assert "校验" in result.stderr and "写入" in result.stderr
    assert "校验" not in result.stdout and "导入完成" in result.stdout
