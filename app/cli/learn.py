"""``chainmatch learn``: fit the weights of the score contributions from recorded decisions, compare them with the
weights in force by cross-validated MRR on held-out demand items, and adopt them only when they are better."""

from __future__ import annotations

import logging
import sys

import click

from app.cli.database import cli_session, open_database
from app.core.config import get_settings
from app.core.db import create_session_factory
from app.services.ranking.learning import LearningReport, WeightLearner, learn_weights
from app.services.ranking.matching_index import MatchingIndexes


@click.command("learn", help="从决策记录学习评分权重：交叉验证优于现行权重时才采用")
@click.option("--dry-run", is_flag=True, help="只评估，不保存也不采用")
@click.option("--folds", default=5, show_default=True, type=click.IntRange(2, 20), help="交叉验证折数（按需求条目分组）")
@click.option("--min-groups", default=10, show_default=True, type=click.IntRange(2), help="至少需要多少个有决策的需求条目")
@click.option("--min-gain", default=0.01, show_default=True, type=float, help="MRR 至少提高多少才采用")
@click.option("--shown", default=10, show_default=True, type=click.IntRange(1, 100),
              help="每个需求的前几名推荐视为已被看到（未被选中即为负例）")
def learn_command(dry_run: bool, folds: int, min_groups: int, min_gain: float, shown: int) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    settings = get_settings()
    engine = open_database(settings)
    session_factory = create_session_factory(engine)
    indexes = MatchingIndexes(session_factory=session_factory, settings=settings)
    learner = WeightLearner(n_splits=folds, min_groups=min_groups, min_gain=min_gain)
    try:
        indexes.start()
        with cli_session(session_factory) as session:
            report = learn_weights(db_session=session, index=indexes, learner=learner, shown=shown, dry_run=dry_run)
    finally:
        indexes.close()
        engine.dispose()
    _print(report, dry_run=dry_run)


def _print(report: LearningReport, *, dry_run: bool) -> None:
    click.echo(f"有决策的需求条目 {report.groups} 个（可评估 {report.evaluated_groups} 个），正负样本对 {report.pairs} 个，"
               f"交叉验证 {report.folds} 折")
    if report.cv_mrr_current is not None:
        click.echo(f"  交叉验证 MRR：现行权重 {report.cv_mrr_current:.4f}，学习权重 {report.cv_mrr_learned:.4f}"
                   f"（单侧配对检验 p={report.p_value:.3g}）")
    if report.comparisons:
        click.echo("  权重（现行 → 学习）：")
        for name in report.comparisons:
            click.echo(f"    {name:<18} {report.current_weights[name]:.3f} → {report.learned_weights[name]:.3f}")
    click.echo(f"  {report.reason}")
    if dry_run:
        click.echo("  试运行：未保存")
    elif report.version is not None:
        click.echo(f"  已保存为第 {report.version} 版权重" + ("，已采用" if report.adopted else "，未采用"))
