"""``chainmatch match --all --engine spark`` on its own SQLite database: the suggestions it stores are those of
``chainmatch match --all``, and the export / import halves work alone (for a cluster that cannot reach the
database)."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

pytest.importorskip("pyspark", reason="the spark extra is not installed: pip install -e '.[spark]'")

from app.cli import main  # noqa: E402
from app.core import migrate  # noqa: E402
from app.core.config import Settings, get_settings  # noqa: E402
from app.models.decisions import StoredSuggestion  # noqa: E402
from app.services.imports import ListKind, import_list  # noqa: E402
from tests.app.test_imports_support import (  # noqa: E402
    DEMAND_HEADERS,
    SUPPLY_HEADERS,
    demand_row,
    many_supply_rows,
    supply_row,
    xlsx,
)

ON_POSTGRESQL = "postgresql" in (os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or "")


def _stored(engine) -> list[tuple]:
    with Session(engine) as session:
        return [(r.demand_item_id, r.rank, r.supply_item_id, r.score, [c["label"] for c in r.explanation])
                for r in session.scalars(select(StoredSuggestion).order_by(StoredSuggestion.demand_item_id,
                                                                           StoredSuggestion.rank))]


@pytest.mark.skipif(ON_POSTGRESQL, reason="runs on its own SQLite file; runs in the SQLite pass")
def test_match_all_on_spark_stores_what_match_all_stores(tmp_path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'match.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        migrate.upgrade(url)
        engine = create_engine(url)
        with Session(engine) as session:
            supply = [supply_row(产品名称="IGBT模块", 规格型号="FF450R12ME4", 拟配套对象=None),
                      *many_supply_rows(60, enterprises=6)]
            import_list(db_session=session, kind=ListKind.SUPPLY, content=xlsx(SUPPLY_HEADERS, supply),
                        filename="s.xlsx", settings=Settings(DATABASE_URL=url))
            import_list(db_session=session, kind=ListKind.DEMAND, content=xlsx(DEMAND_HEADERS, [
                demand_row(), demand_row(产品名称="精密零件7", 规格型号="JM-00007"),
                demand_row(产品名称="精密零件12")], sheet="需求清单"),
                filename="d.xlsx", settings=Settings(DATABASE_URL=url))
            session.commit()

        local = CliRunner().invoke(main, ["match", "--all", "--per-item", "3", "--no-progress"])
        assert local.exit_code == 0, local.output
        expected = _stored(engine)
        assert len(expected) >= 6

        work = tmp_path / "work"  # kept, so that its results can be imported again below
        on_spark = CliRunner().invoke(main, ["match", "--all", "--per-item", "3", "--no-progress", "--engine",
                                             "spark", "--master", "local[2]", "--shards", "2", "--workdir", str(work)])
        assert on_spark.exit_code == 0, on_spark.output
        assert "批量匹配完成" in on_spark.output and "3 个开放需求条目" in on_spark.output
        found = _stored(engine)
        assert [f[:3] + (f[4],) for f in found] == [e[:3] + (e[4],) for e in expected]
        assert all(abs(f[3] - e[3]) <= 1e-6 for f, e in zip(found, expected, strict=True))

        # The halves alone, as with a cluster that cannot reach the database: the export says how to run the job
        # there, and a job's results are imported from the folder.
        elsewhere = tmp_path / "elsewhere"
        exported = CliRunner().invoke(main, ["match", "--all", "--per-item", "3", "--export-only", "--workdir",
                                             str(elsewhere)])
        assert exported.exit_code == 0, exported.output
        assert "spark-submit" in exported.output and f"--job {elsewhere / 'job.json'}" in exported.output
        assert (elsewhere / "supply.parquet").exists() and (elsewhere / "demand.parquet").exists()
        imported = CliRunner().invoke(main, ["match", "--all", "--no-progress", "--import-only", "--workdir",
                                             str(work)])
        assert imported.exit_code == 0, imported.output
        assert _stored(engine) == found
        assert CliRunner().invoke(main, ["match", "--all", "--import-only"]).exit_code != 0  # needs --workdir
        engine.dispose()
    finally:
        get_settings.cache_clear()
