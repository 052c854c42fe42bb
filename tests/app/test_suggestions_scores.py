"""Scores a procurement engineer can read: 匹配度 in percent beside the raw score (monotone in the score, within
0–100, decided in one place), explanations in each side's own words, and SME opportunities with a default 匹配度
threshold and the same filters as suggestions."""

from __future__ import annotations

import io
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.domain.match_percent import match_percent, score_for_percent
from app.models import ApiRole, EnterpriseRole, IndustryChain
from app.services.ranking.reasons import Wording, yearly
from tests.app.test_suggestions_support import BACKGROUND, World, contribution

# ── the mapping ──────────────────────────────────────────────────────────────────────────────────────────────


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.floats(min_value=0, max_value=50))
def test_match_percent_is_monotone_in_the_score_and_within_0_to_100(score, step) -> None:
    low, high = match_percent(score), match_percent(score + step)
    assert 0.0 <= low <= 100.0 and 0.0 <= high <= 100.0
    assert high >= low


def test_match_percent_reads_as_a_share_and_the_engine_probability_wins() -> None:
    assert match_percent(0.5) < 5 < match_percent(6.0) < 50 < match_percent(9.0) < match_percent(15.0) <= 100
    assert match_percent(None) is None and match_percent(float("nan")) is None
    for percent in (5, 15, 50, 90):
        assert math.isclose(match_percent(score_for_percent(percent)), percent, abs_tol=0.1)


# ── the supplier's own words ─────────────────────────────────────────────────────────────────────────────────


def test_a_normalised_part_number_is_shown_as_the_supplier_wrote_it() -> None:
    typed = Wording(name="副车架总成", part_numbers=("fcJ-hF-fR",))
    in_name = Wording(name="钢制副车架 FCJ-HF-FR", part_numbers=())
    spaced = Wording(name="前副车架总成", part_numbers=("BKR6E-11；FCJ HF FR",))
    in_description = Wording(name="副车架", description="适用车型：长安，型号 Fcj-Hf-Fr，年产5万件")
    assert typed.spelling("FCJHFFR") == "fcJ-hF-fR"
    assert in_name.spelling("FCJHFFR") == "FCJ-HF-FR"
    assert spaced.spelling("FCJHFFR") == "FCJ HF FR"
    assert in_description.spelling("FCJHFFR") == "Fcj-Hf-Fr"
    assert Wording(name="无关").spelling("FCJHFFR") == "FCJHFFR"  # never invents a spelling


def test_capacities_read_as_yearly_figures() -> None:
    assert yearly(50_000, "count") == "5 万件"
    assert yearly(2_400, "count") == "2400 件"
    assert yearly(1_200_000, "mass") == "1200 吨"


@pytest.fixture
def world(client, db_session, make_enterprise, make_key) -> World:
    return World(client, db_session, make_enterprise, make_key, part_numbers=["FCJ HF FR"],
                 product_name="前副车架总成 FCJ-HF-FR", specification="钢制 焊接", annual_quantity="3万件")


def test_explanations_carry_the_suppliers_spelling_and_readable_reasons(world) -> None:
    own = world.supplier(product_name="钢制副车架", description="前副车架总成，焊接", part_numbers=["fcJ-hF-fR"],
                         capacity="年产5万件", place={"province": "重庆市", "city": "重庆市", "district": "两江新区"})
    suggestion = next(s for s in world.suggestions() if s["supply_item"]["id"] == own)
    reasons = suggestion["explanation"]
    assert "型号一致：fcJ-hF-fR" in reasons
    assert "产能满足：年产 5 万件 ≥ 需求 3 万件" in reasons
    assert "同区县：两江新区" in reasons
    assert "FCJHFFR" not in reasons and not re.search(r"\b0\.\d\d\b", reasons)  # no similarity numbers
    # The contributions keep the exact account (normalised values, similarities) for whoever needs it.
    assert contribution(suggestion, "part_number")["supply_value"] == "FCJHFFR"
    assert contribution(suggestion, "text")["similarity"] is not None
    assert suggestion["match_percent"] == match_percent(suggestion["score"])


def test_suggestions_show_match_percent_in_the_order_of_the_score(world) -> None:
    world.supplier(product_name="钢制副车架", part_numbers=["FCJ-HF-FR"])
    world.supplier(product_name="副车架", part_numbers=["FCJ-HF-RR"])
    world.supplier(product_name="铝合金副车架 后", part_numbers=["HCJ-01"])
    ranked = world.suggestions(min_score=-100)
    assert len(ranked) >= 3
    percents = [s["match_percent"] for s in ranked]
    assert percents == sorted(percents, reverse=True)
    assert all(0 <= p <= 100 for p in percents)
    cut = world.suggestions(min_score=-100, min_match_percent=percents[1])
    assert [s["match_percent"] for s in cut] == [p for p in percents if p >= percents[1]]


# ── opportunities: a default threshold and filters ───────────────────────────────────────────────────────────


@pytest.fixture
def market(client, db_session, make_enterprise, make_key):
    """An SME making IGBT modules, and open demand from leaders in two districts and two chains: two for its
    module (one more than it can make), one unrelated item that shares a few characters, and background demand."""
    operator = make_key(ApiRole.OPERATOR)
    chains = [IndustryChain(code=f"OPP-{n}", name=f"机会测试产业链{n}") for n in range(2)]
    db_session.add_all(chains)
    db_session.commit()
    lj = make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name="两江链主有限公司", province="重庆市", city="重庆市",
                         district="两江新区")
    bs = make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name="璧山链主有限公司", province="重庆市", city="重庆市",
                         district="璧山区")

    def demand(leader, **body) -> int:
        response = client.post("/api/v1/demand-items", headers=operator, json={"enterprise_id": leader.id, **body})
        assert response.status_code == 201, response.text
        return response.json()["id"]

    for name, description, part in BACKGROUND:
        demand(lj, category="component", product_name=name, specification=description, part_numbers=[part])
    ids = {
        "fits": demand(lj, category="component", product_name="IGBT模块", part_numbers=["FF450R12ME4"],
                       specification="1200V 450A 半桥", annual_quantity="20万件", chain=chains[0].name),
        "too_big": demand(bs, category="component", product_name="IGBT功率模块", part_numbers=["FF450R12ME4"],
                          specification="1200V 450A", annual_quantity="100万件", chain=chains[1].name),
        "unrelated": demand(bs, category="raw_material", product_name="铝型材挤压模具",
                            specification="用于IGBT模块散热器型材挤压", chain=chains[1].name),
        # another product for IGBTs, lifted by the business factors (same district, the SME's intended customer)
        "weak": demand(bs, category="component", product_name="IGBT驱动板", part_numbers=["2SP0115T"],
                       specification="双通道 适配1200V IGBT模块", chain=chains[1].name),
    }
    sme = make_enterprise(role=EnterpriseRole.SME, name="功率半导体有限公司", province="重庆市", city="重庆市",
                          district="璧山区")
    response = client.post("/api/v1/supply-items", headers=operator, json={
        "enterprise_id": sme.id, "category": "component", "product_name": "IGBT功率模块", "description": "1200V 450A 半桥",
        "part_numbers": ["FF450R12ME4"], "capacity": "50万件/年", "intended_customers": ["璧山链主有限公司"]})
    assert response.status_code == 201, response.text
    return {"ids": ids, "chains": chains, "path": f"/api/v1/supply-items/{response.json()['id']}/opportunities",
            "headers": make_key(ApiRole.SME, sme)}


def _opportunities(client, market, **params) -> dict[int, dict]:
    response = client.get(market["path"], headers=market["headers"], params={"limit": 50, **params})
    assert response.status_code == 200, response.text
    return {o["demand_item"]["id"]: o for o in response.json()}


def test_opportunities_below_the_default_threshold_are_not_listed(client, market, settings) -> None:
    ids = market["ids"]
    everything = _opportunities(client, market, min_score=-100, min_match_percent=0)
    assert ids["unrelated"] in everything
    assert everything[ids["unrelated"]]["match_percent"] < settings.opportunity_min_match_percent
    # The other IGBT product clears the raw score cut (the business factors lift it), not the 匹配度 threshold.
    no_threshold = _opportunities(client, market, min_match_percent=0)
    assert ids["weak"] in no_threshold
    assert no_threshold[ids["weak"]]["match_percent"] < settings.opportunity_min_match_percent
    listed = _opportunities(client, market)
    assert ids["fits"] in listed and ids["too_big"] in listed
    assert ids["unrelated"] not in listed and ids["weak"] not in listed
    assert all(o["match_percent"] >= settings.opportunity_min_match_percent for o in listed.values())
    assert len(everything) > len(listed)
    # The threshold is the request's to change.
    strict = _opportunities(client, market, min_match_percent=99.9)
    assert all(o["match_percent"] >= 99.9 for o in strict.values())
    response = client.get(market["path"], headers=market["headers"], params={"min_match_percent": 101})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "min_match_percent"


def test_opportunities_take_the_same_filters_as_suggestions(client, market) -> None:
    ids = market["ids"]
    loose = {"min_score": -100, "min_match_percent": 0}
    in_bishan = {ids["too_big"], ids["unrelated"], ids["weak"]}
    assert set(_opportunities(client, market, district="璧山区", **loose)) == in_bishan
    assert set(_opportunities(client, market, chain=market["chains"][0].name, **loose)) == {ids["fits"]}
    assert set(_opportunities(client, market, chain=market["chains"][1].code, **loose)) == in_bishan
    assert set(_opportunities(client, market, category="raw_material", **loose)) == {ids["unrelated"]}
    sufficient = _opportunities(client, market, capacity_sufficient_only=True)
    assert ids["fits"] in sufficient and ids["too_big"] not in sufficient
    fits = sufficient[ids["fits"]]["explanation"]
    assert "产能满足：年产 50 万件 ≥ 需求 20 万件" in fits and "型号一致：FF450R12ME4" in fits


# ── event shortlists and their exports ───────────────────────────────────────────────────────────────────────


def test_shortlists_and_their_exports_show_match_percent_and_the_suppliers_spelling(client, db_session,
                                                                                   make_enterprise, make_key) -> None:
    from tests.app.test_events import EventWorld

    world = EventWorld(client, db_session, make_enterprise, make_key)
    response = client.patch(f"/api/v1/supply-items/{world.supply['鑫达功率']}", headers=world.operator,
                            json={"part_numbers": ["ff450r12-ME4"]})
    assert response.status_code == 200, response.text
    event_id = world.event()
    shortlists = world.call("POST", f"/{event_id}/shortlists/compute")
    first = next(d for leader in shortlists for d in leader["demand_items"]
                 if d["demand_item_id"] == world.demand["IGBT模块"])["entries"][0]
    assert first["supply_item_id"] == world.supply["鑫达功率"]
    assert "型号一致：ff450r12-ME4" in first["explanation"] and "FF450R12ME4" not in first["explanation"]
    assert first["match_percent"] == match_percent(first["score"])

    workbook = load_workbook(io.BytesIO(world.call("GET", f"/{event_id}/shortlists.xlsx").content))
    rows = list(workbook["重庆长嘉汽车有限公司"].iter_rows(values_only=True))
    line = dict(zip(rows[0], next(r for r in rows[1:] if r[1] == "IGBT模块" and r[5] == 1), strict=True))
    assert line["产品规格型号"] == "ff450r12-ME4"
    assert "型号一致：ff450r12-ME4" in line["推荐理由"]
    assert line["匹配度(%)"] == first["match_percent"] and line["匹配分"] == round(first["score"], 2)
