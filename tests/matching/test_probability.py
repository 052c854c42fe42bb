"""Every result carries a match probability (匹配度) in [0, 1] that follows the evidence."""

from __future__ import annotations

from matching import ItemRecord, SupplyMatcher
from matching.probability import probability, result_features


def test_results_carry_a_probability(matcher: SupplyMatcher) -> None:
    matches = matcher.query(ItemRecord("d", "英飞凌 IGBT模块 FF450R12ME4 1200V 450A"), top_k=5)
    assert all(m.probability is not None and 0.0 <= m.probability <= 1.0 for m in matches)
    assert matches[0].supply_id == "s-igbt"
    assert matches[0].probability > 0.8  # the exact part, far ahead of the rest
    assert all(m.probability < 0.5 for m in matches[1:])


def test_a_vague_demand_is_less_certain_than_a_precise_one(matcher: SupplyMatcher) -> None:
    vague = matcher.query(ItemRecord("d", "模块"), top_k=3)[0]
    precise = matcher.query(ItemRecord("d", "IGBT模块 FF450R12ME4"), top_k=3)[0]
    assert vague.probability < precise.probability


def test_probability_rises_with_the_evidence() -> None:
    weak = probability(result_features(3.0, 2.9, 0.3, 1, [("part_number", "missing")]))
    strong = probability(result_features(12.0, 5.0, 0.9, 1, [("part_number", "exact")]))
    contradicted = probability(result_features(12.0, 5.0, 0.9, 1, [("part_number", "exact"),
                                                                   ("attribute_conflict", "different")]))
    assert weak < contradicted < strong


def test_a_single_candidate_has_a_probability() -> None:
    matcher = SupplyMatcher().fit([ItemRecord("s", "深沟球轴承 6205-2RS")])
    [match] = matcher.query(ItemRecord("d", "轴承 6205-2RS"))
    assert 0.0 < match.probability <= 1.0
