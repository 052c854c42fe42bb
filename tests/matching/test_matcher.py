"""Ranking behaviour a procurement engineer relies on, and the estimator contract."""

from __future__ import annotations

import io
import math
import sys
import threading

import numpy as np
import pytest

from matching import IndexFormatError, ItemRecord, Match, NotFittedError, SupplyMatcher
from matching.comparisons import part_number_level


def _top(matcher: SupplyMatcher, name: str, **fields) -> list[Match]:
    return matcher.query(ItemRecord(id="d", name=name, **fields), top_k=5)


def test_messy_spelling_finds_the_right_part(matcher: SupplyMatcher) -> None:
    # Full-width, traditional characters, a hyphen inside the part number, other word order.
    matches = _top(matcher, "ＩＧＢＴ模塊 ＦＦ４５０Ｒ１２ＭＥ４")
    assert matches[0].supply_id == "s-igbt"
    assert any(c.text == "型号完全一致 FF450R12ME4" for c in matches[0].contributions)


def test_exact_part_number_outranks_a_near_miss(matcher: SupplyMatcher) -> None:
    for wanted, other in (("6205-2RS-0XB0", "s-bearing-b1"), ("6205 2RS 0XB1", "s-bearing-b0")):
        matches = _top(matcher, f"轴承 {wanted}")
        expected = "s-bearing-b0" if wanted.endswith("0") else "s-bearing-b1"
        assert matches[0].supply_id == expected
        assert matches[1].supply_id == other
        assert matches[0].score > matches[1].score
        levels = {m.supply_id: {c.comparison: c.level for c in m.contributions} for m in matches}
        assert levels[expected]["part_number"] == "exact"
        assert levels[other]["part_number"] in {"near", "family"}


def test_part_number_levels_are_ordered() -> None:
    assert part_number_level(["FF450R12ME4"], ["FF450R12ME4"])[0] == "exact"
    assert part_number_level(["STM32F103"], ["STM32F103C8T6"])[0] == "family"
    assert part_number_level(["6205RS0XB0"], ["6205RS0XB1"])[0] in {"family", "near"}
    assert part_number_level(["ABCDE1"], ["ABCDF1"])[0] == "near"
    assert part_number_level(["FF450R12ME4"], ["2MBI450VN120"])[0] == "different"
    assert part_number_level([], ["2MBI450VN120"])[0] == "missing"


def test_missing_part_number_is_worth_nothing(matcher: SupplyMatcher) -> None:
    matches = _top(matcher, "铝合金型材 6061")
    for match in matches:
        part = next(c for c in match.contributions if c.comparison == "part_number")
        if part.level == "missing":
            assert part.value == 0.0


def test_explanations_add_up_to_the_score(matcher: SupplyMatcher, supply) -> None:
    for record in supply:
        for match in matcher.query(record, top_k=5):
            assert math.isclose(sum(c.value for c in match.contributions), match.score, rel_tol=1e-9, abs_tol=1e-9)
            assert all(c.text for c in match.contributions)
            assert match.explanation


def test_every_supply_row_finds_itself_first(matcher: SupplyMatcher, supply) -> None:
    for record in supply:
        assert matcher.query(record, top_k=1)[0].supply_id == record.id


def test_category_mismatch_is_penalised(matcher: SupplyMatcher) -> None:
    matches = _top(matcher, "MES系统", category="software")
    assert matches[0].supply_id == "s-mes"
    by_id = {m.supply_id: m for m in matches}
    category = next(c for c in by_id["s-mes-hw"].contributions if c.comparison == "category")
    assert category.level == "different" and category.value < 0
    assert category.text == "类别不符 关键软件/关键零部件"
    same = next(c for c in by_id["s-mes"].contributions if c.comparison == "category")
    assert same.text == "类别一致 关键软件"


def test_query_many_agrees_with_query(matcher: SupplyMatcher, supply) -> None:
    many = matcher.query_many(list(supply[:6]), top_k=3)
    for record, matches in zip(supply[:6], many, strict=True):
        single = matcher.query(record, top_k=3)
        assert [m.supply_id for m in matches] == [m.supply_id for m in single]
        assert np.allclose([m.score for m in matches], [m.score for m in single])


def test_unfitted_matcher_says_so() -> None:
    with pytest.raises(NotFittedError, match="fit"):
        SupplyMatcher().query(ItemRecord(id="d", name="轴承"))
    with pytest.raises(NotFittedError):
        SupplyMatcher().add([ItemRecord(id="x", name="轴承")])


def test_init_only_stores_parameters() -> None:
    matcher = SupplyMatcher(n_candidates=7, max_df=0.5)
    assert matcher.get_params()["n_candidates"] == 7
    assert not [name for name in vars(matcher) if name.endswith("_")]


def _ranking(matcher: SupplyMatcher, queries) -> list[list[tuple[str, float]]]:
    return [[(m.supply_id, m.score) for m in ms] for ms in matcher.query_many(queries, top_k=5)]


def test_add_and_remove_agree_with_a_refit(supply) -> None:
    initial, later = list(supply[:14]), list(supply[14:])
    replaced = ItemRecord("s-lead", "铅酸蓄电池 12V 200Ah 启停电池", category="component")
    incremental = SupplyMatcher().fit(initial)
    incremental.add(later)
    incremental.add([replaced])
    incremental.remove(["s-stepper", "s-mes-hw", "no-such-id"])
    final = [r for r in supply if r.id not in {"s-stepper", "s-mes-hw", "s-lead"}] + [replaced]
    refit = SupplyMatcher().fit(final)
    assert incremental.n_supply_ == refit.n_supply_ == len(final)

    queries = [*supply, ItemRecord("q", "启停电池 200Ah")]
    inc, ref = _ranking(incremental, queries), _ranking(refit, queries)
    for a, b in zip(inc, ref, strict=True):
        assert a[0][0] == b[0][0]  # the same best supplier
        assert math.isclose(a[0][1], b[0][1], rel_tol=0.15)  # up to IDF / length drift
        if len(b) > 2 and b[1][1] - b[2][1] > 0.1 * b[1][1]:
            assert a[1][0] == b[1][0]  # and the same runner-up where the refit separates it clearly
    assert "s-stepper" not in {i for row in inc for i, _ in row}
    assert _ranking(incremental, [queries[-1]])[0][0][0] == "s-lead"

    incremental.compact()  # merging the added rows must not change what is found
    assert [row[0][0] for row in _ranking(incremental, queries)] == [row[0][0] for row in ref]


def test_dump_and_load_round_trip(supply) -> None:
    matcher = SupplyMatcher(synonyms=[("滚动轴承", "轴承总成")]).fit(supply[:15])
    matcher.add(supply[15:])
    matcher.remove(["s-alu-7075"])
    buffer = io.BytesIO()
    matcher.dump(buffer)
    buffer.seek(0)
    loaded = SupplyMatcher.load(buffer)
    assert loaded.get_params() == matcher.get_params()
    assert _ranking(loaded, list(supply)) == _ranking(matcher, list(supply))
    loaded.add([ItemRecord("new", "深沟球轴承 6206")])  # a loaded matcher still takes updates
    assert loaded.query(ItemRecord("d", "6206 轴承"), top_k=1)[0].supply_id == "new"


def test_load_refuses_another_version(supply, monkeypatch) -> None:
    from matching import matcher as matcher_module

    buffer = io.BytesIO()
    SupplyMatcher().fit(supply[:3]).dump(buffer)
    monkeypatch.setattr(matcher_module, "FORMAT_VERSION", matcher_module.FORMAT_VERSION + 1)
    buffer.seek(0)
    with pytest.raises(IndexFormatError, match="版本"):
        SupplyMatcher.load(buffer)
    with pytest.raises(IndexFormatError):
        SupplyMatcher.load(io.BytesIO(b"not an index"))


def test_a_small_catalogue_still_finds_suppliers_whose_words_every_row_shares() -> None:
    # Two of four rows offer the same product: each of its features is in half the catalogue, which the
    # large-catalogue pruning would skip, leaving no candidate at all.
    catalogue = [
        ItemRecord(id="a", name="交流伺服电机 400W"),
        ItemRecord(id="b", name="交流伺服电机 400W"),
        ItemRecord(id="c", name="6061-T6铝合金型材"),
        ItemRecord(id="d", name="MES制造执行系统软件"),
    ]
    matches = SupplyMatcher().fit(catalogue).query(ItemRecord(id="q", name="伺服电机 400W"), top_k=4)
    assert {m.supply_id for m in matches[:2]} == {"a", "b"}


def test_concurrent_queries_after_adds_agree_with_one_query_at_a_time(supply) -> None:
    """Queries may run in parallel (the service answers them under a shared lock); the rows added since the fit
    are stacked lazily on the first query, and parallel first queries must not stack them twice."""
    matcher = SupplyMatcher().fit(supply[:5])
    queries = [ItemRecord("q1", "IGBT模块 FF450R12ME4"), ItemRecord("q2", "伺服电机 750W"), ItemRecord("q3", "轴承")]
    failures: list[str] = []
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, so an unguarded cache update is caught
    try:
        for round_ in range(120):
            matcher.add([ItemRecord(f"added-{round_}", f"伺服马达 {round_}00W 编码器", category="component")])
            answers = _ask_in_parallel(matcher, queries, n_threads=6)
            expected = _ranked(matcher.query_many(queries, top_k=10))
            failures.extend(f"round {round_}: {answer}" for answer in answers if answer != expected)
    finally:
        sys.setswitchinterval(switch_interval)
    assert failures == []


def _ranked(found: list[list[Match]]) -> list[list[tuple[str, float]]]:
    return [[(m.supply_id, round(m.score, 9)) for m in ms] for ms in found]


def _ask_in_parallel(matcher: SupplyMatcher, queries: list[ItemRecord], *, n_threads: int) -> list[object]:
    """Each thread's answer (or the exception it raised), all threads released at once."""
    start = threading.Barrier(n_threads)
    answers: list[object] = []

    def ask() -> None:
        start.wait()
        try:
            answers.append(_ranked(matcher.query_many(queries, top_k=10)))
        except Exception as exc:  # noqa: BLE001 - the caller reports it as a wrong answer
            answers.append(repr(exc))

    threads = [threading.Thread(target=ask) for _ in range(n_threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers
