"""``chainmatch eval FOLDER``: fit the matching engine on a benchmark folder and measure its rankings.

The folder holds ``supply.jsonl`` and ``demand.jsonl`` (``id``, ``name``, optional ``description``, ``model``,
``brand``, ``category``) and optionally ``gold.jsonl`` (``demand_id``, ``supply_id``); see the shared benchmarks'
README for the contract.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from matching import CATEGORY_LABELS, ItemRecord, SupplyMatcher
from matching.evaluation import SPLITS, evaluate, in_split, reliability

_CATEGORY_BY_LABEL = {label: code for code, label in CATEGORY_LABELS.items()}
_BATCH = 256


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise click.ClickException(f"{path.name} 第 {number} 行不是合法 JSON: {exc}") from exc


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def record_from_row(row: dict[str, Any]) -> ItemRecord:
    """One benchmark row as an ItemRecord: ``model`` (a string or a list) becomes the part numbers."""
    model = row.get("model")
    if isinstance(model, list):
        part_numbers = tuple(_text(m) for m in model if m)
    else:
        part_numbers = (_text(model),) if model else ()
    category = _text(row.get("category")).strip() or None
    category = _CATEGORY_BY_LABEL.get(category, category) if category else None
    if category not in CATEGORY_LABELS:
        category = None
    return ItemRecord(
        id=_text(row["id"]),
        name=_text(row.get("name")),
        description=_text(row.get("description")),
        part_numbers=part_numbers,
        brand=_text(row.get("brand")),
        category=category,
    )


def read_records(path: Path) -> list[ItemRecord]:
    return [record_from_row(row) for row in _read_jsonl(path)]


def read_gold(path: Path) -> dict[str, set[str]]:
    gold: dict[str, set[str]] = {}
    for row in _read_jsonl(path):
        gold.setdefault(_text(row["demand_id"]), set()).add(_text(row["supply_id"]))
    return gold


@click.command("eval", help="在基准数据目录上评测匹配引擎 (fit on supply.jsonl, rank every demand row)")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--top", "top_k", default=50, show_default=True, type=click.IntRange(min=1), help="每条需求保留的候选数")
@click.option(
    "--rankings",
    "rankings_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="把排序结果写入此 jsonl 文件 (one line per demand row)",
)
@click.option(
    "--split",
    type=click.Choice([*SPLITS, "parts"]),
    default="parts",
    show_default=True,
    help="按需求 id 固定划分的 dev/test 部分 (matching.evaluation.split_of); parts: dev、test、all 三行并列",
)
@click.option(
    "--weights",
    "weighting",
    type=click.Choice(["fixed", "em", "em_levels"]),
    default="fixed",
    show_default=True,
    help="比较级别的权重: fixed 固定; em / em_levels 在本目录上用 EM 估计 (Fellegi–Sunter, 不读 gold)",
)
def evaluate_command(folder: Path, top_k: int, rankings_path: Path | None, split: str, weighting: str) -> None:
    for required in ("supply.jsonl", "demand.jsonl"):
        if not (folder / required).is_file():
            raise click.ClickException(f"目录 {folder} 中缺少 {required}")
    supply = read_records(folder / "supply.jsonl")
    demand = read_records(folder / "demand.jsonl")
    click.echo(f"供给 {len(supply)} 条, 需求 {len(demand)} 条: 正在建立索引…", err=True)

    started = time.perf_counter()
    matcher = SupplyMatcher(weighting=weighting).fit(supply)
    if weighting != "fixed":  # the demand rows' candidate pairs, never their labels
        matcher.estimate_weights(demand)
    fit_seconds = time.perf_counter() - started

    rankings: dict[str, list[str]] = {}
    probabilities: dict[str, list[float]] = {}
    started = time.perf_counter()
    with click.progressbar(length=len(demand), label="排序 ranking", file=sys.stderr) as progress:
        for start in range(0, len(demand), _BATCH):
            batch = demand[start : start + _BATCH]
            for record, matches in zip(batch, matcher.query_many(batch, top_k=top_k), strict=True):
                rankings[record.id] = [m.supply_id for m in matches]
                probabilities[record.id] = [p for m in matches if (p := getattr(m, "probability", None)) is not None]
            progress.update(len(batch))
    rank_seconds = time.perf_counter() - started

    if rankings_path is not None:
        with rankings_path.open("w", encoding="utf-8") as handle:
            for record in demand:
                line = {"demand_id": record.id, "supply_ids": rankings[record.id]}
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")

    click.echo(f"数据目录 folder: {folder}")
    click.echo(f"供给 supply: {len(supply)}  需求 demand: {len(demand)}")
    gold_path = folder / "gold.jsonl"
    if gold_path.is_file():
        gold = read_gold(gold_path)
        gold = {d: s for d, s in gold.items() if d in rankings}
        # The contract's lines first (over the rows of --split, all of them by default), then the parts side by side.
        metrics = evaluate(rankings, {d: s for d, s in gold.items() if in_split(d, "all" if split == "parts" else split)})
        click.echo(f"有标注的需求 queries with gold: {int(metrics['queries'])}")
        click.echo(f"首位命中率 Recall@1:  {100 * metrics['recall_at_1']:.1f}")
        click.echo(f"前10召回率 Recall@10: {100 * metrics['recall_at_10']:.1f}")
        click.echo(f"平均倒数排名 MRR@10:  {100 * metrics['mrr_at_10']:.1f}")
        click.echo(f"前50召回率 Recall@50: {100 * metrics['recall_at_50']:.1f}")
        parts = ("dev", "test", "all") if split == "parts" else (split,)
        click.echo(f"{'部分 part':<10}{'需求 queries':>12}{'R@1':>8}{'R@10':>8}{'MRR@10':>8}{'R@50':>8}")
        for part in parts:
            metrics = evaluate(rankings, {d: s for d, s in gold.items() if in_split(d, part)})
            click.echo(
                f"{part:<10}{int(metrics['queries']):>12}{100 * metrics['recall_at_1']:>8.1f}"
                f"{100 * metrics['recall_at_10']:>8.1f}{100 * metrics['mrr_at_10']:>8.1f}"
                f"{100 * metrics['recall_at_50']:>8.1f}"
            )
        if top_k < 50:
            click.echo(f"(注意: --top {top_k} 小于 50, Recall@50 只计前 {top_k} 名)")
        if any(probabilities.values()):
            _echo_calibration(probabilities, rankings, gold, parts)
    else:
        click.echo("无 gold.jsonl, 不计算指标 (no gold.jsonl: metrics skipped)")
    if weighting != "fixed" and getattr(matcher, "fs_", None) is not None:
        click.echo(f"权重 weights: {weighting}, EM {matcher.fs_.n_iter_} 次迭代 iterations, "
                   f"候选中有真匹配的需求比例 estimated match share {100 * matcher.fs_.match_share_:.1f}%")
    click.echo(f"建索引用时 fit: {fit_seconds:.2f} s")
    per_query = 1000 * rank_seconds / max(len(demand), 1)
    click.echo(f"排序用时 rank: {rank_seconds:.2f} s ({per_query:.2f} ms/条)")
    if rankings_path is not None:
        click.echo(f"排序结果已写入 rankings: {rankings_path}")


def _echo_calibration(
    probabilities: dict[str, list[float]], rankings: dict[str, list[str]], gold: dict[str, set[str]], parts: tuple
) -> None:
    """Expected calibration error and Brier score of the match probabilities (匹配度) of each row's first ten
    results, per part, and the reliability table of the last part."""
    table: list[tuple[float, float, float, int]] = []
    for part in parts:
        part_gold = {d: s for d, s in gold.items() if in_split(d, part)}
        first, _, _ = reliability(probabilities, rankings, part_gold, k=1)
        ece, brier, table = reliability(probabilities, rankings, part_gold)
        click.echo(
            f"匹配度校准 calibration ({part}): ECE {100 * ece:.1f} 点 (top 10), {100 * first:.1f} 点 (top 1); "
            f"Brier {brier:.3f}"
        )
    click.echo(f"{'匹配度区间 bin':<14}{'平均匹配度 mean p':>18}{'实际命中率 share':>18}{'结果数 n':>10}")
    for lower, mean_p, share, count in table:
        click.echo(f"{f'{100 * lower:.0f}–{100 * lower + 10:.0f}%':<14}{100 * mean_p:>18.1f}{100 * share:>18.1f}{count:>10}")
