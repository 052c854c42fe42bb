"""The engine split into shards gives the results of one engine fitted on the whole supply (``matching.sharded``):
the part-number candidates merged from shards are the whole index's, and matches, contributions and probabilities
are the same at any number of shards."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import numpy as np
import pytest

from matching import ItemRecord, SupplyMatcher
from matching.code_index import MAX_CANDIDATES, CodeIndex
from matching.sharded import code_groups, match_sharded, merge_code_groups, shard_of

BENCH = Path(__file__).resolve().parents[2] / "bench"


def generated(n_supply: int, n_demand: int) -> tuple[list[ItemRecord], list[ItemRecord]]:
    """bench/gen_records.py's supply list and the demand queries derived from it (fixed seed)."""
    spec = importlib.util.spec_from_file_location("gen_records", BENCH / "gen_records.py")
    gen = sys.modules.get("gen_records")
    if gen is None:
        gen = importlib.util.module_from_spec(spec)
        sys.modules["gen_records"] = gen  # its dataclasses look their module up while being defined
        spec.loader.exec_module(gen)
    supply = list(gen.iter_records(n_supply, factory=ItemRecord))
    demand = [query for query, _, _ in gen.make_queries(n_supply, n_demand, factory=ItemRecord)]
    return supply, demand


def _codes_where_every_limit_binds(rng: random.Random) -> list[tuple[str, ...]]:
    """Rows whose codes make groups larger than MAX_RANGE, ties in size, prefixes, heads and one-edit variants."""
    rows: list[tuple[str, ...]] = []
    rows += [("ABC12345",)] * 300  # one exact code in more rows than MAX_RANGE: left to the text search
    for i in range(200):
        rows.append((f"ABC1234{i % 10}X{i}", "SER12"))  # longer codes beginning with the demanded head
    for i in range(120):
        rows.append((f"XYZ9{i:03d}K",))  # many one-edit neighbours
    for i in range(40):
        rows.append((f"QRS77{i % 4}", f"QRS7{i % 7}0"))
    rows += [(), ("ABC1234",), ("ABC12346",), ("XYZ9001K", "XYZ9001K")]
    rng.shuffle(rows)
    return rows


@pytest.mark.parametrize("n_shards", [2, 3, 7])
def test_part_number_candidates_merged_from_shards_are_the_whole_index_candidates(n_shards: int) -> None:
    rng = random.Random(n_shards)
    rows = _codes_where_every_limit_binds(rng)
    whole = CodeIndex().build(rows)
    alive = np.ones(len(rows), dtype=bool)
    shard = np.array([rng.randrange(n_shards) for _ in rows])
    indexes = []
    for s in range(n_shards):
        members = np.flatnonzero(shard == s)
        indexes.append((CodeIndex().build([rows[r] for r in members]), members))
    demands = [("ABC12345",), ("ABC1234",), ("ABC12340X7",), ("XYZ9001K",), ("XYZ9000K", "QRS773"), ("QRS70",),
               ("SER12", "ABC12346"), ("NOPE999",)]
    capped = 0
    for codes in demands:
        expected = whole.candidates(codes, alive)
        capped += len(expected) == MAX_CANDIDATES
        merged = merge_code_groups(code_groups(index, codes, members) for index, members in indexes)
        assert merged == expected, codes
    assert capped >= 3  # the cap and the size limits were exercised, not only the easy case


@pytest.fixture(scope="module")
def lists() -> tuple[list[ItemRecord], list[ItemRecord], list]:
    supply, demand = generated(4000, 250)
    return supply, demand, SupplyMatcher().fit(supply).query_many(demand, top_k=10)


@pytest.mark.parametrize("n_shards", [1, 4])
def test_sharded_matching_gives_the_single_engines_results(lists, n_shards: int) -> None:
    supply, demand, single = lists
    sharded = match_sharded(supply, demand, n_shards=n_shards, top_k=10)
    assert len(set(shard_of([r.id for r in supply], n_shards).tolist())) == n_shards
    with_part_numbers = 0
    for query, expected, found in zip(demand, single, sharded, strict=True):
        assert [m.supply_id for m in found] == [m.supply_id for m in expected], query
        assert [m.score for m in found] == [m.score for m in expected]
        assert [m.contributions for m in found] == [m.contributions for m in expected]
        assert [m.probability for m in found] == [m.probability for m in expected]
        with_part_numbers += any(c.comparison == "part_number" and c.level == "exact" for c in found[0].contributions)
    assert with_part_numbers >= 50  # the part-number candidates took part
