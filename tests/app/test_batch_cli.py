"""``chainmatch match --all`` on its own database: a summary in Chinese, and a second run replaces the first."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from app.cli import main
from app.core import migrate
from app.core.config import Settings, get_settings
from app.models.decisions import StoredSuggestion, SuggestionBatch
from app.services.imports import ListKind, import_list
from tests.app.test_imports_support import (
    DEMAND_HEADERS,
    SUPPLY_HEADERS,
    demand_row,
    many_supply_rows,
    supply_row,
    xlsx,
)


def test_match_all_stores_a_batch_and_replaces_it(tmp_path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'match.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        migrate.upgrade(url)
        engine = create_engine(url)
        with Session(engine) as session:
            supply = [supply_row(产品名称="IGBT模块", 规格型号="FF450R12ME4", 拟配套对象=None),
                      *many_supply_rows(30, enterprises=5)]
            import_list(db_session=session, kind=ListKind.SUPPLY, content=xlsx(SUPPLY_HEADERS, supply),
                        filename="s.xlsx", settings=Settings(DATABASE_URL=url))
            import_list(db_session=session, kind=ListKind.DEMAND, content=xlsx(DEMAND_HEADERS, [
                demand_row(), demand_row(产品名称="精密零件7", 规格型号="JM-00007")], sheet="需求清单"),
                filename="d.xlsx", settings=Settings(DATABASE_URL=url))
            session.commit()

        first = CliRunner().invoke(main, ["match", "--all", "--per-item", "3", "--no-progress"])
        assert first.exit_code == 0, first.output
        assert "批量匹配完成" in first.output and "2 个开放需求条目" in first.output
        second = CliRunner().invoke(main, ["match", "--all", "--per-item", "3", "--no-progress"])
        assert second.exit_code == 0, second.output

        with Session(engine) as session:
            batches = session.scalars(select(SuggestionBatch)).all()
            assert len(batches) == 1 and batches[0].demand_items == 2
            rows = session.scalar(select(func.count()).select_from(StoredSuggestion))
            assert rows == batches[0].suggestions and 2 <= rows <= 6
        engine.dispose()
        assert CliRunner().invoke(main, ["match"]).exit_code != 0  # --all is required
    finally:
        get_settings.cache_clear()
