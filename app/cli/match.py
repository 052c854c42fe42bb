"""``chainmatch match --all``: compute and store the suggestions of every open demand item (for reports and fast
reads), with a progress bar on stderr."""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from app.cli.database import open_database
from app.core.config import get_settings
from app.core.db import create_session_factory
from app.services.batch import run_batch
from app.services.matching_index import MatchingIndexes


@click.command("match", help="批量匹配：为每个开放需求条目计算并保存供应商推荐（替换上一批）")
@click.option("--all", "all_items", is_flag=True, required=True, help="所有开放的需求条目")
@click.option("--per-item", default=10, show_default=True, type=click.IntRange(1, 100), help="每个需求保存的推荐数")
@click.option("--progress/--no-progress", default=None, help="显示进度条（默认：在终端中显示）")
def match_command(all_items: bool, per_item: int, progress: bool | None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
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
        with session_factory() as session:
            batch = run_batch(db_session=session, index=indexes, per_item=per_item, progress=report)
            session.commit()
            summary = (batch.id, batch.demand_items, batch.suggestions, batch.elapsed_seconds or 0.0)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
        indexes.close()
        engine.dispose()
    batch_id, items, suggestions, elapsed = summary
    click.echo(f"批量匹配完成（第 {batch_id} 批）：{items} 个开放需求条目，保存推荐 {suggestions} 条，用时 {elapsed:.1f} 秒")
