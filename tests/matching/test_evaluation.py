"""The benchmark metrics, on rankings small enough to check by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from matching.evaluation import evaluate, in_split, mrr_at_k, recall_at_1, recall_at_k, reliability, split_of

RANKINGS = {"a": ["x", "y", "z"], "b": ["y", "x"], "c": ["q"] * 10 + ["w"], "n": ["x"]}
GOLD = {"a": {"x"}, "b": {"x", "z"}, "c": {"w"}}


def test_metrics_follow_the_readme() -> None:
    assert recall_at_1(RANKINGS, GOLD) == pytest.approx(1 / 3)
    assert recall_at_k(RANKINGS, GOLD, 10) == pytest.approx((1 + 0.5 + 0) / 3)  # w is 11th
    assert recall_at_k(RANKINGS, GOLD, 50) == pytest.approx((1 + 0.5 + 1) / 3)
    assert mrr_at_k(RANKINGS, GOLD, 10) == pytest.approx((1 + 0.5 + 0) / 3)
    assert evaluate(RANKINGS, GOLD)["queries"] == 3


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_eval_command_on_a_small_folder(tmp_path: Path) -> None:
    _write(tmp_path / "supply.jsonl", [
        {"id": "s1", "name": "英飞凌 IGBT功率模块", "model": "FF450R12-ME4", "brand": "英飞凌"},
        {"id": "s2", "name": "深沟球轴承", "model": ["6205-2RS"], "category": "关键零部件"},
        {"id": "s3", "name": "MES 制造执行系统", "category": "software"},
    ])
    _write(tmp_path / "demand.jsonl", [
        {"id": "d1", "name": "IGBT模块 FF450R12ME4"},
        {"id": "d2", "name": "轴承 6205 2RS", "unknown_key": 1},
        {"id": "d3", "name": "生产执行系统 MES", "category": "关键软件"},
        {"id": "d4", "name": "没有标注的需求"},
    ])
    _write(tmp_path / "gold.jsonl", [
        {"demand_id": "d1", "supply_id": "s1"},
        {"demand_id": "d2", "supply_id": "s2"},
        {"demand_id": "d3", "supply_id": "s3"},
    ])
    rankings = tmp_path / "out" / "rankings.jsonl"
    rankings.parent.mkdir()
    result = CliRunner().invoke(main, ["eval", str(tmp_path), "--top", "2", "--rankings", str(rankings)])
    assert result.exit_code == 0, result.output
    assert "Recall@1:  100.0" in result.output
    assert "MRR@10:  100.0" in result.output
    assert "建索引用时 fit" in result.output
    assert "dev " in result.output and "test " in result.output  # both parts, side by side
    lines = [json.loads(line) for line in rankings.read_text(encoding="utf-8").splitlines()]
    assert [line["demand_id"] for line in lines] == ["d1", "d2", "d3", "d4"]
    assert lines[0]["supply_ids"][0] == "s1" and len(lines[0]["supply_ids"]) <= 2

    # Weights estimated on the folder's own candidate pairs (never its gold) rank the same obvious pairs first.
    result = CliRunner().invoke(main, ["eval", str(tmp_path), "--weights", "em_levels"])
    assert result.exit_code == 0, result.output
    assert "Recall@1:  100.0" in result.output
    assert "权重 weights: em_levels" in result.output

    (tmp_path / "gold.jsonl").unlink()
    result = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Recall@1" not in result.output and "无 gold.jsonl" in result.output


def test_eval_command_names_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code != 0
    assert "supply.jsonl" in result.output


def test_split_is_fixed_and_covers_every_row() -> None:
    ids = [f"d{i}" for i in range(400)]
    parts = [split_of(i) for i in ids]
    assert set(parts) == {"dev", "test"}
    assert 150 < parts.count("test") < 250
    assert parts == [split_of(i) for i in ids]  # a rule, not a draw: the same every run
    assert all(in_split(i, "all") for i in ids)
    assert [in_split(i, "test") for i in ids] == [p == "test" for p in parts]


def test_reliability_of_probabilities() -> None:
    rankings = {"a": ["x", "y"], "b": ["y", "x"]}
    gold = {"a": {"x"}, "b": {"x"}}
    perfect = {"a": [0.95, 0.05], "b": [0.05, 0.95]}
    ece, brier, table = reliability(perfect, rankings, gold)
    assert ece == pytest.approx(0.05) and brier == pytest.approx(0.0025)
    overconfident = {"a": [0.95, 0.95], "b": [0.95, 0.95]}
    ece, _, table = reliability(overconfident, rankings, gold)
    assert ece == pytest.approx(0.45)
    assert table == [(0.9, pytest.approx(0.95), 0.5, 4)]
