"""``chainmatch match --all``: compute and store the suggestions of every open demand item (for reports and fast
reads), with a progress bar on stderr."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from app.cli.database import cli_session, open_database
from app.core.config import get_settings
from app.core.db import create_session_factory
from app.services.ranking.batch import run_batch
from app.services.ranking.matching_index import MatchingIndexes


@click.command("match", help="批量匹配：为每个开放需求条目计算并保存供应商推荐（替换上一批）")
@click.option("--all", "all_items", is_flag=True, required=True, help="所有开放的需求条目")
@click.option("--per-item", default=10, show_default=True, type=click.IntRange(1, 100), help="每个需求保存的推荐数")
@click.option("--progress/--no-progress", default=None, help="显示进度条（默认：在终端中显示）")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local：本进程计算；spark：在 Spark 上计算（需安装 chainmatch[spark] 与 Java 17）")
@click.option("--master", default=None, help="Spark master，如 local[2]、spark://主机:7077、yarn（默认 local[全部核]）")
@click.option("--shards", type=click.IntRange(1, 100_000), default=None, help="供给分片数（默认：Spark 的并行度）")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Parquet 交换目录（默认：临时目录，用后删除）")
@click.option("--export-only", is_flag=True, help="只导出 Parquet 清单到 --workdir（在别处用 spark-submit 运行）")
@click.option("--import-only", is_flag=True, help="只从 --workdir 导入 Spark 作业的结果")
def match_command(all_items: bool, per_item: int, progress: bool | None, engine: str, master: str | None,
                  shards: int | None, workdir: Path | None, export_only: bool, import_only: bool) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if engine == "spark" or export_only or import_only:
        _spark_batch(per_item=per_item, progress=progress, master=master, shards=shards, workdir=workdir,
                     export_only=export_only, import_only=import_only)
        return
    settings = get_settings()
    engine = open_database(settings)
    session_factory = create_session_factory(engine)
    indexes = MatchingIndexes(session_factory=session_factory, settings=settings)
    show = sys.stderr.isatty() if progress is None else progress
    bar: Any = None
    shown = 0

    def report(done: int, total: int) -> None:
        nonlocal bar, shown
        if not show:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="匹配", file=sys.stderr, show_pos=True, show_percent=True)
            bar.__enter__()
        bar.update(done - shown)
        shown = done

    try:
        indexes.start()
        with cli_session(session_factory) as session:
            batch = run_batch(db_session=session, index=indexes, per_item=per_item, progress=report)
            summary = (batch.id, batch.demand_items, batch.suggestions, batch.elapsed_seconds or 0.0)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
        indexes.close()
        engine.dispose()
    _done(*summary)


def _done(batch_id: int, items: int, suggestions: int, elapsed: float) -> None:
    click.echo(f"批量匹配完成（第 {batch_id} 批）：{items} 个开放需求条目，保存推荐 {suggestions} 条，用时 {elapsed:.1f} 秒")


def _spark_batch(*, per_item: int, progress: bool | None, master: str | None, shards: int | None,
                 workdir: Path | None, export_only: bool, import_only: bool) -> None:
    """Export the lists to Parquet, run the Spark job, import its matches (or one of the three alone)."""
    from app.services.ranking import spark_batch

    if export_only and import_only:
        raise click.UsageError("--export-only 与 --import-only 不能同时使用")
    if (export_only or import_only) and workdir is None:
        raise click.UsageError("--export-only / --import-only 需要 --workdir")
    settings = get_settings()
    engine = open_database(settings)
    session_factory = create_session_factory(engine)
    folder = workdir or Path(tempfile.mkdtemp(prefix="chainmatch-spark-"))
    try:
        if not import_only:
            with session_factory() as session:
                exported = spark_batch.export_lists(db_session=session, settings=settings, folder=folder,
                                                    per_item=per_item)
            click.echo(f"已导出：供给 {exported.supply} 条，需求 {exported.demand} 条 → {folder}", err=True)
            if export_only:
                click.echo(f"导出完成：{folder}\n在集群上运行：spark-submit app/jobs/spark_match.py "
                           f"--supply {folder / spark_batch.SUPPLY_FILE} --demand {folder / spark_batch.DEMAND_FILE} "
                           f"--job {folder / spark_batch.JOB_FILE} --out {folder / spark_batch.RESULTS_DIR}\n"
                           f"再导入：chainmatch match --all --import-only --workdir {folder}")
                return
            summary = spark_batch.run_job(folder, master=master or f"local[{os.cpu_count() or 1}]", shards=shards)
            click.echo(f"Spark 作业完成：{summary['shards']} 片，用时 {summary['seconds']:.1f} 秒", err=True)
        indexes = MatchingIndexes(session_factory=session_factory, settings=settings)  # settings only: never fitted
        show = sys.stderr.isatty() if progress is None else progress
        with session_factory() as session, click.progressbar(
                length=1, label="保存推荐", file=sys.stderr if show else open(os.devnull, "w")) as bar:
            def report(done: int, total: int) -> None:
                bar.length = total
                bar.update(done - bar.pos)

            batch = spark_batch.import_results(db_session=session, index=indexes, folder=folder, progress=report)
            session.commit()
            summary_row = (batch.id, batch.demand_items, batch.suggestions, batch.elapsed_seconds or 0.0)
    finally:
        engine.dispose()
        if workdir is None:
            shutil.rmtree(folder, ignore_errors=True)
    _done(*summary_row)
