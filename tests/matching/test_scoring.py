"""Evidence the ranking relies on beyond text similarity: which part numbers count, specifications by unit."""

from __future__ import annotations

import math
import random

from matching import ItemRecord, SupplyMatcher
from matching.comparisons import PART_NUMBER_LEVELS, likely_typo, part_number_level, spec_comparison, spec_values
from matching.features import extract_specs
from matching.normalize import normalize_text
from tests.matching.conftest import SUPPLY


def _levels(match) -> dict[str, str]:
    return {c.comparison: c.level for c in match.contributions}


def test_head_of_a_longer_code_is_only_a_shared_head() -> None:
    # The demand asks for 428H-118L; a sibling offers 428H-132L: sharing the head 428H is not an exact match.
    assert part_number_level(["428H118L", "428H"], ["428H132L", "428H"])[0] == "head"
    assert part_number_level(["428H118L", "428H"], ["428H118L", "428H"]) == ("exact", "428H118L", "428H118L")
    # A short code typed alone, with words joined onto it (cs3 13 mac / cs3 for mac), is still an exact match.
    assert part_number_level(["CS3", "CS313", "CS313MAC"], ["CS3", "CS3FOR", "CS3FORMAC"])[0] == "exact"
    # The most specific shared code is the one reported.
    assert part_number_level(["VMC850", "BT40"], ["BT40", "VMC850"], 2, 2) == ("exact", "VMC850", "VMC850")


def test_codes_only_mentioned_in_a_description_are_weak_evidence() -> None:
    # The demand mentions MP620 only as a compatible printer; the supply row *is* an MP620.
    assert part_number_level(["CLI221GRY", "MP620"], ["MP620"], 1, 1) == ("in_description", "MP620", "MP620")
    # A description-only code never makes a "different part number" penalty.
    assert part_number_level(["CLI221GRY"], ["DTS9624"], 1, 0)[0] == "missing"
    assert part_number_level(["CLI221GRY"], ["CLI221"], 1, 1)[0] == "family"


def test_specifications_compare_per_value_and_unit() -> None:
    demand = spec_values(["6um", "25.0", "5x50mm", "104节"])
    same = spec_comparison(demand, spec_values(["6um", "25", "104节"]))
    assert (same.agree, same.conflict, same.number_conflict) == (3, 0, 0)  # 25.0 and 25 are one value
    other = spec_comparison(demand, spec_values(["8um", "200w", "5x50mm", "118节", "30"]))
    assert (other.agree, other.conflict, other.number_conflict) == (1, 2, 1)  # 200w says nothing (no common unit)
    assert (other.demand_conflict, other.supply_conflict) == ("6um 104节", "8um 118节")
    assert (other.demand_number, other.supply_number) == ("25", "30")
    assert spec_comparison(demand, spec_values([])) == spec_comparison({}, demand)
    assert spec_comparison(demand, spec_values([])).agree == 0


def test_measure_words_make_chinese_specifications() -> None:
    assert extract_specs(normalize_text("标准型/104节/弯梁车 10層板 1200万像素")) == ["104节", "10层", "1200万"]
    # Specifications typed together with a slash or a cross after a unit are still found.
    # (and the thickness is also named as one: 厚 1.2)
    assert extract_specs(normalize_text("Φ30mm/GB/T4423 厚1.2mmX1250mm")) == ["30mm", "1.2mm", "1250mm", "1.2厚度"]
    # Order quantities and lead times are not specifications of the product.
    assert extract_specs(normalize_text("年需求量约2支，分3批交付，48小时内响应")) == ["2", "3", "48"]


def test_a_conflicting_thickness_demotes_the_sibling() -> None:
    supply = [
        ItemRecord("foil-8", "锂电铜箔", "8μm 双面光 锂电用，现货供应", brand="诺德", category="raw_material"),
        ItemRecord("foil-6", "锂电铜箔 双面光", "6μm、抗拉≥300MPa", category="raw_material"),
    ]
    matcher = SupplyMatcher().fit([*supply, *SUPPLY])  # in a pool of other products, as in a real supply list
    demand = ItemRecord("d", "锂电铜箔", "规格：锂电用 6μm 双面光", category="raw_material")
    matches = matcher.query(demand, top_k=2)
    assert matches[0].supply_id == "foil-6"
    by_id = {m.supply_id: m for m in matches}
    conflict = next(c for c in by_id["foil-8"].contributions if c.comparison == "spec_conflict")
    assert conflict.level == "different" and conflict.value < 0
    assert conflict.text == "规格不同 6um/8um"
    for match in matches:
        assert math.isclose(sum(c.value for c in match.contributions), match.score, abs_tol=1e-9)


def test_exact_code_in_a_description_does_not_beat_the_named_family() -> None:
    supply = [
        ItemRecord("receiver", "yamaha rx-v663 home theater receiver", "dolby pro logic iix, dts 96/24, dts neo 6"),
        ItemRecord("projector", "yamaha ysp-3050 digital sound projector ysp-3050bl"),
    ]
    matcher = SupplyMatcher().fit(supply)
    demand = ItemRecord("d", "yamaha black digital sound projector ysp3050bk", "dolby pro logic iix dts 96/24")
    matches = matcher.query(demand, top_k=2)
    assert matches[0].supply_id == "projector"
    assert _levels(matches[1])["part_number"] in {"in_description", "missing"}


def test_look_alike_characters_and_swapped_digits_are_typos_not_other_parts() -> None:
    assert likely_typo("8202120WO1", "8202120W01")  # letter O for zero
    assert likely_typo("TZ108XS80", "TZ180XS80")  # two digits swapped
    assert not likely_typo("FF450R17ME4", "FF450R12ME4")  # one substituted digit: another rating
    assert not likely_typo("6205", "6250")  # too short to tell
    assert part_number_level(["8202120WO1"], ["8202120W01"])[0] == "typo"
    assert part_number_level(["8202120WO1"], ["8202120W02"])[0] == "head"  # a long common start, then two edits


def test_part_number_near_levels_are_ordered_by_closeness() -> None:
    assert part_number_level(["STM32F407"], ["STM32F407VET6"])[0] == "family"  # the base of the number
    assert part_number_level(["IRF443N14XW3A"], ["IRF443N14XW3"])[0] == "family"
    assert part_number_level(["FF450R17ME4"], ["FF450R12ME4"])[0] == "near"  # one character off
    assert part_number_level(["SOLIDWORKS2024"], ["SOLIDWORKS2023SP6"])[0] == "head"
    weights = {lv.code: lv.weight for lv in PART_NUMBER_LEVELS}
    assert weights["exact"] > weights["family"] > weights["near"] > weights["head"] > 0 > weights["different"]
    # A head cut from the demanded number is not a number of its own: siblings sharing only it are not family.
    assert part_number_level(["ZY6801HR65T36", "ZY6801"], ["ZY6801FL75DU0", "ZY6801"])[0] == "head"
    assert part_number_level(["ZY6801HR65T36", "ZY6801"], ["ZY6801FL75DU0"])[0] == "different"
    assert part_number_level(["ZY6801HR65T36", "ZY6801"], ["ZY6801RR65T36"])[0] == "near"


def test_an_exact_part_number_outranks_a_typo_match() -> None:
    supply = [
        ItemRecord("exact", "驱动电机 TZ108XS-80", category="component"),
        ItemRecord("swapped", "新能源汽车驱动电机 永磁同步 TZ180XS-80", category="component"),
    ]
    matcher = SupplyMatcher().fit(supply)
    matches = matcher.query(ItemRecord("d", "新能源汽车驱动电机 永磁同步", part_numbers=("TZ108XS-80",)), top_k=2)
    assert [m.supply_id for m in matches] == ["exact", "swapped"]
    assert _levels(matches[1])["part_number"] == "typo"


def test_counting_for_the_ranking_agrees_with_the_explained_comparison(supply) -> None:
    from matching import comparisons as cmp

    specs = [spec_values(s) for s in (["6um", "25", "5x50mm"], ["8um", "25.0"], ["104节", "30", "200w"], [])]
    specs += [spec_values(cmp_specs) for cmp_specs in (["m8x20", "8.8级"], ["2007"], ["2008", "16gb"])]
    for d in specs:
        for s in specs:
            full = cmp.spec_comparison(d, s)
            assert cmp.spec_counts(d, s) == (full.agree, full.conflict, full.number_conflict)
    matcher = SupplyMatcher().fit(supply)
    for record in supply:
        for match in matcher.query(record, top_k=3):
            conflict = next(c for c in match.contributions if c.comparison == "spec_conflict")
            assert (conflict.level == "different") == bool(conflict.demand_value)


def test_a_labelled_number_in_the_description_tells_siblings_apart() -> None:
    """公称直径16 in the demand: the SFU1605 screw (公称直径16) outranks the SFU2005 one whose name is closer."""
    supply = [
        ItemRecord("screw-20", "滚珠丝杠", "主营滚珠丝杠，公称直径20 导程5 单螺母 C7级", category="component"),
        ItemRecord("screw-16", "滚珠丝杠 SFU1605", "导程5公称直径16 C7级", category="component"),
    ]
    matches = SupplyMatcher().fit(supply).query(
        ItemRecord("d", "丝杠", "公称直径16 导程5 单螺母 C7级", category="component"), top_k=2)
    assert [m.supply_id for m in matches] == ["screw-16", "screw-20"]
    conflict = next(c for c in matches[1].contributions if c.comparison == "spec_conflict")
    assert conflict.level == "different" and conflict.demand_value == "16直径"


def test_a_demands_technical_requirements_count_and_a_long_text_cannot_drown_its_name() -> None:
    supply = [
        ItemRecord("body", "线束", "主营线束，左侧，车身线束", category="component"),
        ItemRecord("hv", "线缆总成", "高压线束 PDU至电机控制器 橙色屏蔽 35mm²", category="component"),
    ]
    demand = ItemRecord("d", "线束", "高压线束PDU至电机控制器橙色屏蔽35mm²", category="component")
    assert [m.supply_id for m in SupplyMatcher().fit(supply).query(demand, top_k=2)] == ["hv", "body"]

    # How much a requirement text adds to a demand's query: a 600-character one adds less than a 60-character one
    # (its weight is capped), where weighting it like a supplier's sales text would let the longer one add more.
    rng = random.Random(1)
    chars = "高压线束电机控制器橙色屏蔽铜芯绝缘耐温阻燃护套端子连接器插件总成装配检测标准认证交付批量定制"

    def text(n: int) -> str:
        return "".join(rng.choice(chars) for _ in range(n))

    catalogue = [ItemRecord("a", "线束", text(80)), ItemRecord("b", "线缆总成", text(80))]
    queries = [ItemRecord("short", "线束", text(60)), ItemRecord("long", "线束", text(600)), ItemRecord("none", "线束")]
    added = {}
    for name, params in (("capped", {}), ("plain", {"query_description_weight": 0.15,
                                                    "query_description_chars": 10**6})):
        matcher = SupplyMatcher(max_description_chars=1000, **params).fit(catalogue)
        _, norms = matcher._query_vectors(matcher._prepare_many(queries))
        added[name] = (norms[0] - norms[2], norms[1] - norms[2])
    assert added["capped"][1] < added["capped"][0]
    assert added["plain"][1] > added["plain"][0]
