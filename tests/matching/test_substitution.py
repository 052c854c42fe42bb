"""国产替代 rules of the engine, without a database: the brand registry, what a demand asks, whose product a supply
row is, and when a row is an equivalent (and on what basis)."""

from __future__ import annotations

import pytest

from matching import ItemRecord, SupplyMatcher
from matching.brands import BrandRegistry, brand, load_brands, parse_brands
from matching.substitution import (
    COMPATIBLE,
    CROSS_REFERENCE,
    DOMESTIC_BRAND,
    FOREIGN_BRAND,
    LEARNED,
    UNBRANDED,
    assess,
    substitution_need,
    supply_origin,
)


@pytest.fixture(scope="module")
def registry() -> BrandRegistry:
    return BrandRegistry(load_brands()).fit()


def test_the_packaged_registry_parses_and_every_brand_says_whether_it_is_domestic():
    brands = load_brands()
    assert len(brands) >= 80
    names = {b.name for b in brands}
    assert len(names) == len(brands)
    assert {b.domestic for b in brands} == {True, False}


@pytest.mark.parametrize(("text", "found"), [
    ("IGBT模块 英飞凌 FF450R12ME4 或同等", ["英飞凌"]),
    ("替代进口 SKF 6205-2RS", ["SKF"]),
    ("國產 PLM 替代 Teamcenter", ["西门子工业软件"]),  # traditional characters, a product name as spelling
    ("Allen-Bradley 1756-L73", ["罗克韦尔"]),
    ("skfx 轴承", []),  # a Latin spelling only as a whole word
    ("ＳＫＦ深沟球轴承", ["SKF"]),  # full-width
])
def test_brands_are_found_in_text_as_people_write_them(registry, text, found):
    assert [b.name for b in registry.find(text)] == found


def test_an_operator_row_replaces_the_packaged_brand_and_a_bad_line_is_named():
    extra = brand("英飞凌", maker="测试", country="中国", domestic=True)
    registry = BrandRegistry([*load_brands(), extra]).fit()
    assert registry.get("infineon").domestic  # the spelling follows the replacing row
    with pytest.raises(ValueError, match="line 2"):
        parse_brands("# comment\n英飞凌\t英飞凌科技\t德国\t也许\tinfineon\n")


def test_a_demand_asks_for_equivalents_by_brand_words_or_a_cross_referenced_number(registry):
    named = substitution_need("IGBT模块 英飞凌 FF450R12ME4 或同等", ("FF450R12ME4",), registry)
    assert [b.name for b in named.foreign_brands] == ["英飞凌"] and named.seeks_equivalents()
    assert named.reference == "英飞凌 FF450R12ME4"
    plain = substitution_need("IGBT模块 1200V 450A", ("FF450R12ME4",), registry)
    assert not plain.seeks_equivalents()
    assert plain.seeks_equivalents({"FF450R12ME4": {"GD450": CROSS_REFERENCE}})
    # a foreign system named as something to integrate with is no reference
    integration = substitution_need("MES系统，需与SAP/用友ERP集成，支持私有化部署", (), registry)
    assert not integration.seeks_equivalents()
    # 对标算例 (a benchmark case) is not a request for a substitute
    assert not substitution_need("仿真软件，需提供与商业软件的对标算例", (), registry).seeks_equivalents()


@pytest.mark.parametrize(("text", "own", "origin"), [
    ("英飞凌 IGBT模块 代理 原装进口", (), FOREIGN_BRAND),
    ("IGBT模块 可替代英飞凌 FF450R12ME4，pin to pin 兼容", (), UNBRANDED),
    ("斯达半导 IGBT模块", (), DOMESTIC_BRAND),
    ("IGBT模块", ("Infineon",), FOREIGN_BRAND),
    ("IGBT模块", ("宏微",), DOMESTIC_BRAND),
    ("IGBT模块", ("某某自有品牌",), UNBRANDED),
])
def test_whose_product_a_supply_row_is(registry, text, own, origin):
    assert supply_origin(text, own, registry) == origin


@pytest.fixture(scope="module")
def matcher() -> SupplyMatcher:
    rows = [
        ItemRecord(id="compatible", name="IGBT模块 GD450HFY120C2S", description="斯达半导 1200V 450A 半桥",
                   category="component"),
        ItemRecord(id="competitor", name="IGBT模块 MMG300S170B6", description="国产 1700V 300A 半桥", category="component"),
        ItemRecord(id="xref", name="功率模块 MMG450HB120", description="宏微科技 车规级", category="component"),
        ItemRecord(id="resold", name="IGBT模块 FF450R12ME4", description="1200V 450A 现货", category="component"),
        *(ItemRecord(id=f"bg{i}", name=f"铝合金型材 {i}", category="raw_material") for i in range(20)),
    ]
    return SupplyMatcher().fit(rows)


def _assessed(matcher, registry, equivalents=None, learned=None, branded=()):
    demand = ItemRecord(id="d", name="IGBT模块 英飞凌 FF450R12ME4 或同等", description="1200V 450A 半桥",
                        category="component")
    codes = matcher.part_numbers_of([demand])[0]
    need = substitution_need(f"{demand.name} {demand.description}", codes, registry)
    equivalents = equivalents or {}
    also = matcher.ids_with_part_numbers({c for v in equivalents.values() for c in v})
    out = {}
    for match in matcher.query_many([demand], top_k=30, also=[also])[0]:
        row = matcher.row_of_[match.supply_id]
        out[match.supply_id] = assess(need, supply_domestic=True, supply_branded_domestic=match.supply_id in branded,
                                      supply_codes=set(matcher.part_numbers_[row]), equivalents=equivalents,
                                      learned_for_row="FF450R12ME4" if match.supply_id == learned else None,
                                      engine=match.contributions), match
    return out


def test_compatible_ratings_make_an_equivalent_and_forgive_the_number_differing(matcher, registry):
    found = _assessed(matcher, registry)
    substitute, match = found["compatible"]
    assert substitute.level == COMPATIBLE and substitute.demand_value == "英飞凌 FF450R12ME4"
    penalty = sum(c.value for c in match.contributions if c.comparison == "part_number")
    assert penalty < 0 and substitute.value == pytest.approx(substitute.weight - penalty)
    assert found["competitor"][0] is None  # 1700V 300A contradicts the demanded ratings
    assert found["resold"][0] is None  # the foreign number itself, no domestic brand: the part resold
    assert found.get("xref", (None,))[0] is None  # nothing ties its own number to the demanded one yet


def test_a_cross_reference_brings_its_row_in_and_names_the_basis(matcher, registry):
    found = _assessed(matcher, registry, equivalents={"FF450R12ME4": {"MMG450HB120": CROSS_REFERENCE}})
    substitute, _ = found["xref"]
    assert (substitute.level, substitute.supply_value) == (CROSS_REFERENCE, "MMG450HB120")


def test_a_learned_equivalence_names_the_leader_as_basis(matcher, registry):
    found = _assessed(matcher, registry, learned="competitor")
    assert found["competitor"][0].level == LEARNED


def test_a_domestic_brand_keeps_a_standard_number_a_substitute(matcher, registry):
    # bearing numbers are a standard: a domestic brand carrying the foreign row's number is still domestic
    found = _assessed(matcher, registry, branded=("resold",))
    assert found["resold"][0] is not None
