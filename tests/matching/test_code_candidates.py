"""Stage 1 never loses a supply row that shares a part number, its head or a one-edit variant with the demand."""

from __future__ import annotations

import numpy as np

from matching import ItemRecord, SupplyMatcher
from matching.code_index import CodeIndex

# Siblings whose text is as close to the demands below as the one row carrying the number asked for; stage 1
# keeps a single text candidate, so only the part-number search can bring that row in.
CROWD = [
    ItemRecord(f"s{i}", f"功率MOSFET 场效应管 N沟道 {30 + i % 50}A IRF443N{20 + i % 70}XW{i % 9}", category="component")
    for i in range(600)
]
TARGET = ItemRecord("target", "IRF443N14XW3", category="component")


def _matcher() -> SupplyMatcher:
    return SupplyMatcher(n_candidates=1).fit([*CROWD, TARGET])


def _ids(matcher: SupplyMatcher, name: str) -> list[str]:
    return [m.supply_id for m in matcher.query(ItemRecord("d", name), top_k=50)]


def test_exact_prefix_and_one_edit_are_candidates_whatever_the_text() -> None:
    matcher = _matcher()
    for quoted in ("IRF443N14XW3",  # exact
                   "IRF443N14",  # the series: a head of the number
                   "irf443n14xw3a",  # a longer number that begins with it
                   "IRF443N15XW3"):  # one character off (the text search alone loses this one)
        assert "target" in _ids(matcher, f"功率MOSFET 场效应管 N沟道 30A {quoted}"), quoted


def test_exact_number_ranks_first() -> None:
    assert _ids(_matcher(), "功率MOSFET 场效应管 N沟道 30A IRF443N14XW3")[0] == "target"


def test_added_rows_are_found_by_their_numbers_until_compaction() -> None:
    matcher = _matcher()
    matcher.add([ItemRecord("late", "器件 XQ7Z020CLG400")])
    assert "late" in _ids(matcher, "功率MOSFET 场效应管 N沟道 30A XQ7Z020")
    matcher.remove(["late"])
    assert "late" not in _ids(matcher, "功率MOSFET 场效应管 N沟道 30A XQ7Z020")


def test_code_index_levels() -> None:
    index = CodeIndex().build([("STM32F407VET6",), ("STM32F407",), ("6205",), ("ABCDE1",), ()])
    alive = np.ones(5, dtype=bool)
    assert index.candidates(["STM32F407VET6"], alive)[:1] == [0]  # exact first
    assert set(index.candidates(["STM32F407"], alive)) == {0, 1}  # and the longer number it heads
    assert index.candidates(["6205"], alive) == [2]  # short: exact only
    assert index.candidates(["ABCDF1"], alive) == [3]  # one edit
    alive[3] = False
    assert index.candidates(["ABCDF1"], alive) == []


def test_scores_of_added_candidates_equal_the_search_scores() -> None:
    matcher = _matcher()
    matcher.add([ItemRecord("late", "功率MOSFET IRF443N14XW9")])
    prepared = matcher._prepare_many([ItemRecord("d", "功率MOSFET 场效应管 N沟道 30A IRF443N14")])
    queries, _ = matcher._query_vectors(prepared)
    rows = np.array([0, 7, 599, 600, matcher.row_of_["late"]], dtype=np.int64)
    expected = matcher.index_.scores(queries).toarray()[0][rows]
    assert np.allclose(matcher.index_.row_scores(queries[0], rows), expected, rtol=1e-5)
