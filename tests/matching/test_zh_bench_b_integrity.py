"""Integrity of the zh_bench_b test-only set (tests/data/zh_bench_b): the committed files are what build.py writes,
ids are unique, gold links resolve, every demand row has gold, categories are valid. The matching engine is not
involved here, and this test does not read rows one by one to judge them."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "data" / "zh_bench_b"
CATEGORIES = {"raw_material", "component", "software"}
FIELDS = {"id", "name", "description", "model", "brand", "category"}


def _load(name: str) -> list[dict]:
    with (BENCH / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def bench() -> dict:
    supply, demand, gold = _load("supply.jsonl"), _load("demand.jsonl"), _load("gold.jsonl")
    return {"supply": supply, "demand": demand, "gold": gold, "supply_by_id": {r["id"]: r for r in supply},
            "demand_by_id": {r["id"]: r for r in demand}}


def _text(row: dict) -> tuple:
    return tuple(row.get(k, "") for k in ("name", "description", "model", "brand"))


def test_committed_files_are_what_the_generator_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(sys, "modules", dict(sys.modules))
    spec = importlib.util.spec_from_file_location("zh_bench_b_build", BENCH / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    builder = module.Builder(module.SEED)
    builder.build()
    builder.write(tmp_path)
    for name in ("supply.jsonl", "demand.jsonl", "gold.jsonl"):
        assert (tmp_path / name).read_bytes() == (BENCH / name).read_bytes(), f"{name} is stale: rerun build.py"


def test_ids_are_unique_and_rows_are_well_formed(bench: dict) -> None:
    for side in ("supply", "demand"):
        ids = [row["id"] for row in bench[side]]
        assert len(ids) == len(set(ids)), f"duplicate ids in {side}"
        for row in bench[side]:
            assert isinstance(row["id"], str) and row["id"]
            assert isinstance(row["name"], str) and row["name"].strip(), row
            assert set(row) <= FIELDS, row
            assert all(isinstance(row[k], str) for k in row), row
            if "category" in row:
                assert row["category"] in CATEGORIES, row
    assert set(bench["supply_by_id"]).isdisjoint(bench["demand_by_id"])


def test_every_gold_link_resolves_and_every_demand_row_has_gold(bench: dict) -> None:
    links = [(g["demand_id"], g["supply_id"]) for g in bench["gold"]]
    assert all(set(g) == {"demand_id", "supply_id"} for g in bench["gold"])
    assert len(links) == len(set(links)), "duplicate gold pairs"
    for demand_id, supply_id in links:
        assert demand_id in bench["demand_by_id"], demand_id
        assert supply_id in bench["supply_by_id"], supply_id
    assert {d for d, _ in links} == set(bench["demand_by_id"]), "a demand row without gold"


def test_sizes(bench: dict) -> None:
    assert 190 <= len(bench["demand"]) <= 230
    assert 2000 <= len(bench["supply"]) <= 3000
    per_row = Counter(g["demand_id"] for g in bench["gold"])
    assert sum(1 for n in per_row.values() if n >= 2) >= 40
    assert Counter(row.get("category") for row in bench["demand"]).keys() >= CATEGORIES


def test_no_demand_row_is_a_copy_of_its_gold_row(bench: dict) -> None:
    for g in bench["gold"]:
        demand, supply = bench["demand_by_id"][g["demand_id"]], bench["supply_by_id"][g["supply_id"]]
        assert _text(demand) != _text(supply), g
        assert demand["name"].strip() != supply["name"].strip() or demand.get("description") != supply.get("description"), g
