"""Suggestions through the API: each business factor moves a supplier the right way and says so; filters,
grouping, opportunities, search and the enterprise view; who may see what."""

from __future__ import annotations

import math

import pytest

from app.models import ApiRole, DemandItem, EnterpriseRole, QualificationKind
from app.services.ranking.business_factors import certification_key
from tests.app.test_suggestions_support import LEADER_PLACE, World, by_id, contribution


@pytest.fixture
def world(client, db_session, make_enterprise, make_key) -> World:
    return World(client, db_session, make_enterprise, make_key)


def _assert_explained(suggestion: dict) -> None:
    assert math.isclose(sum(c["value"] for c in suggestion["contributions"]), suggestion["score"], abs_tol=1e-6)
    assert math.isclose(suggestion["text_score"] + suggestion["business_score"], suggestion["score"], abs_tol=1e-6)


@pytest.mark.parametrize(
    ("factor", "better", "worse", "better_level", "worse_level", "label"),
    [
        ("capacity", {"capacity": "50万件/年"}, {"capacity": "5万件/年"}, "sufficient", "insufficient",
         "产能满足：年产 50 万件 ≥ 需求 20 万件"),
        ("capacity", {"capacity": "1.5万件/月"}, {"capacity": "3万件/年"}, "partial", "insufficient", "产能部分满足"),
        ("capacity", {}, {"capacity": "5万件/年"}, "unknown", "insufficient", None),
        ("certification", {"certifications": ["IATF16949:2016", "ISO 9001"]}, {"certifications": ["ISO 9001"]},
         "all", "none", "认证满足：IATF 16949"),
        ("certification", {}, {"certifications": ["ISO 14001"]}, "unknown", "none", None),
        ("intended_customer", {"intended_customers": ["重庆长嘉汽车股份有限公司"]}, {"intended_customers": ["某外地主机厂"]},
         "named", "not_named", "拟配套本企业"),
    ],
    ids=["capacity-sufficient", "capacity-partial", "capacity-unknown-is-no-penalty", "certification-all",
         "certification-unknown-is-no-penalty", "intended-customer"],
)
def test_each_item_factor_moves_the_supplier_that_has_it_up(world, factor, better, worse, better_level, worse_level,
                                                             label):
    # created worse first: the tie-break (lower id first) would favour it, so only the factor can lift the other
    worse_id = world.supplier(**worse)
    better_id = world.supplier(**better)
    ranked = world.suggestions()
    assert [s["supply_item"]["id"] for s in ranked[:2]] == [better_id, worse_id]
    good, bad = by_id(ranked, better_id), by_id(ranked, worse_id)
    assert contribution(good, factor)["level"] == better_level
    assert contribution(bad, factor)["level"] == worse_level
    assert contribution(good, factor)["value"] > contribution(bad, factor)["value"]
    assert good["text_score"] == pytest.approx(bad["text_score"])
    if label:
        assert label in good["explanation"]
    for suggestion in (good, bad):
        _assert_explained(suggestion)


def test_unknown_and_incomparable_capacity_are_worth_nothing(world):
    unknown = world.supplier()
    other_dimension = world.supplier(capacity="300吨/年")
    ranked = world.suggestions()
    assert contribution(by_id(ranked, unknown), "capacity")["value"] == 0
    incomparable = contribution(by_id(ranked, other_dimension), "capacity")
    assert (incomparable["level"], incomparable["value"]) == ("incomparable", 0)


def test_region_orders_district_city_chengyu_elsewhere(world):
    elsewhere = world.supplier(place={"province": "广东省", "city": "深圳市", "district": "南山区"})
    chengyu = world.supplier(place={"province": "四川省", "city": "成都市", "district": "郫都区"})
    same_city = world.supplier(place={"province": "重庆市", "city": "重庆市", "district": "璧山区"})
    same_district = world.supplier(place=dict(LEADER_PLACE))
    unknown = world.supplier(place={})
    ranked = world.suggestions()
    assert [s["supply_item"]["id"] for s in ranked[:3]] == [same_district, same_city, chengyu]
    levels = {i: contribution(by_id(ranked, i), "region")["level"]
              for i in (same_district, same_city, chengyu, elsewhere, unknown)}
    assert levels == {same_district: "same_district", same_city: "same_city", chengyu: "chengyu",
                      elsewhere: "elsewhere", unknown: "unknown"}
    assert contribution(by_id(ranked, unknown), "region")["value"] == 0
    assert "同区县：两江新区" in by_id(ranked, same_district)["explanation"]


def test_qualification_orders_champion_little_giant_specialized(world):
    none = world.supplier()
    specialized = world.supplier(qualifications=(QualificationKind.MUNICIPAL_SPECIALIZED,))
    giant = world.supplier(qualifications=(QualificationKind.MUNICIPAL_SPECIALIZED,
                                           QualificationKind.NATIONAL_LITTLE_GIANT))
    champion = world.supplier(qualifications=(QualificationKind.MANUFACTURING_CHAMPION,))
    ranked = world.suggestions()
    assert [s["supply_item"]["id"] for s in ranked[:4]] == [champion, giant, specialized, none]
    assert contribution(by_id(ranked, giant), "qualification")["level"] == "little_giant"
    assert by_id(ranked, champion)["enterprise"]["qualifications"][0]["label"] == "制造业单项冠军"


def test_business_factors_rerank_but_never_lift_a_poor_text_match_over_an_exact_one(world):
    exact = world.supplier()
    # every factor in its favour, but another product with a different model
    near = world.supplier(product_name="IGBT功率模块", part_numbers=["FF300R12ME4"], capacity="100万件/年",
                          certifications=["IATF 16949"], intended_customers=["重庆长嘉汽车有限公司"],
                          place=dict(LEADER_PLACE), qualifications=(QualificationKind.MANUFACTURING_CHAMPION,))
    ranked = world.suggestions()
    assert ranked[0]["supply_item"]["id"] == exact
    assert by_id(ranked, near)["business_score"] > by_id(ranked, exact)["business_score"]


def test_filters_and_limit_and_min_score(world):
    plain = world.supplier()
    certified = world.supplier(certifications=["IATF 16949"], capacity="50万件/年",
                               place={"province": "重庆市", "city": "重庆市", "district": "璧山区"},
                               qualifications=(QualificationKind.NATIONAL_LITTLE_GIANT,))
    assert world.ranked_ids(certification="iatf16949") == [certified]
    assert world.ranked_ids(district="璧山区") == [certified]
    assert world.ranked_ids(qualification="小巨人") == [certified]
    assert world.ranked_ids(capacity_sufficient_only=True) == [certified]
    assert set(world.ranked_ids()) == {plain, certified}
    assert len(world.ranked_ids(limit=1)) == 1
    top = world.suggestions()[0]["score"]
    assert world.ranked_ids(min_score=top - 1e-6) == [certified]


def test_group_by_enterprise(world, client):
    first = world.supplier()
    sme_id = client.get(f"/api/v1/supply-items/{first}", headers=world.operator).json()["enterprise_id"]
    second = client.post("/api/v1/supply-items", headers=world.operator, json={
        "enterprise_id": sme_id, "category": "component", "product_name": "IGBT模块 FF450R12ME4 增强型",
        "part_numbers": ["FF450R12ME4-E"]}).json()["id"]
    other = world.supplier(place=dict(LEADER_PLACE))
    body = client.get(f"/api/v1/demand-items/{world.demand_id}/suggestions", headers=world.leader_key,
                      params={"group_by": "enterprise"}).json()
    groups = {g["enterprise"]["id"]: [s["supply_item"]["id"] for s in g["suggestions"]] for g in body["groups"]}
    assert set(groups[sme_id]) == {first, second}
    assert len(groups) == 2 and other in sum(groups.values(), [])
    assert [g["best_score"] for g in body["groups"]] == sorted((g["best_score"] for g in body["groups"]), reverse=True)
    assert all(g["best_match_percent"] == g["suggestions"][0]["match_percent"] for g in body["groups"])


def test_only_the_demand_owner_and_operators_see_its_suggestions(world, make_enterprise, make_key):
    world.supplier()
    sme = make_enterprise(role=EnterpriseRole.SME)
    other_leader = make_enterprise(role=EnterpriseRole.CHAIN_LEADER)
    path = f"/api/v1/demand-items/{world.demand_id}/suggestions"
    assert world.client.get(path, headers=make_key(ApiRole.SME, sme)).status_code == 403  # may read it, not its suppliers
    assert world.client.get(path, headers=make_key(ApiRole.CHAIN_LEADER, other_leader)).status_code == 404
    assert world.client.get(path).status_code == 401
    assert len(world.suggestions(headers=world.operator)) == 1


def test_opportunities_hide_a_confidential_leader_and_what_would_reveal_it(client, db_session, make_enterprise,
                                                                          make_key):
    world = World(client, db_session, make_enterprise, make_key, confidential=True)
    supply_id = world.supplier(place=dict(LEADER_PLACE), intended_customers=["重庆长嘉汽车有限公司"])
    sme_id = client.get(f"/api/v1/supply-items/{supply_id}", headers=world.operator).json()["enterprise_id"]
    sme_key = make_key(ApiRole.SME, db_session.get(type(world.leader), sme_id))
    path = f"/api/v1/supply-items/{supply_id}/opportunities"

    seen_by_sme = client.get(path, headers=sme_key).json()
    # known to the SME by its random public reference, not its row id (which would place it among the leader's)
    public_ref = db_session.get(DemandItem, world.demand_id).public_ref
    assert [o["demand_item"]["id"] for o in seen_by_sme] == [public_ref]
    hidden = seen_by_sme[0]
    assert hidden["demand_item"]["enterprise_id"] is None
    assert hidden["demand_item"]["enterprise_name"] == "某链主企业"
    assert hidden["demand_item"]["district"] is None
    for factor in ("region", "intended_customer"):
        assert contribution(hidden, factor)["level"] == "hidden"
        assert contribution(hidden, factor)["value"] == 0
    assert "长嘉" not in str(hidden["contributions"]) and "两江" not in str(hidden["contributions"])
    _assert_explained(hidden)

    seen_by_operator = client.get(path, headers=world.operator).json()[0]
    assert seen_by_operator["demand_item"]["enterprise_id"] == world.leader.id
    assert contribution(seen_by_operator, "intended_customer")["level"] == "named"
    assert contribution(seen_by_operator, "region")["level"] == "same_district"
    # the engine compared the supply item as its query: values are put back on their own side
    assert contribution(seen_by_operator, "part_number")["demand_value"] == "FF450R12ME4"

    other_sme = make_key(ApiRole.SME, make_enterprise(role=EnterpriseRole.SME))
    assert client.get(path, headers=other_sme).status_code == 404
    assert client.get(path, headers=world.leader_key).status_code == 403


def test_enterprise_view_groups_a_leaders_items_by_category_and_lists_an_smes_opportunities(world, client, make_key,
                                                                                           db_session):
    supply_id = world.supplier()
    client.post("/api/v1/demand-items", headers=world.leader_key, json={
        "category": "software", "product_name": "MES制造执行系统", "specification": "离散制造 排产 质量追溯"})
    body = client.get(f"/api/v1/enterprises/{world.leader.id}/suggestions", headers=world.leader_key).json()
    assert [g["category_label"] for g in body["demand_categories"]] == ["关键零部件", "关键软件"]
    component = body["demand_categories"][0]["items"][0]
    assert component["demand_item"]["id"] == world.demand_id
    assert component["suggestions"][0]["supply_item"]["id"] == supply_id
    assert body["opportunities"] == []

    sme_id = client.get(f"/api/v1/supply-items/{supply_id}", headers=world.operator).json()["enterprise_id"]
    sme_key = make_key(ApiRole.SME, db_session.get(type(world.leader), sme_id))
    mine = client.get(f"/api/v1/enterprises/{sme_id}/suggestions", headers=sme_key).json()
    assert mine["demand_categories"] == []
    assert mine["opportunities"][0]["supply_item"]["id"] == supply_id
    assert mine["opportunities"][0]["opportunities"][0]["demand_item"]["id"] == world.demand_id
    assert client.get(f"/api/v1/enterprises/{world.leader.id}/suggestions", headers=sme_key).status_code == 403


def test_search_finds_suppliers_from_free_text_and_a_part_number(world, client, make_key, make_enterprise):
    target = world.supplier(capacity="50万件/年")
    world.supplier(product_name="铝合金电机壳体", description="ADC12 压铸", part_numbers=["YX-MH-220"])
    response = client.post("/api/v1/search", headers=world.leader_key,
                           json={"text": "ＩＧＢＴ 模块 1200V", "part_number": "FF450R12-ME4", "quantity": "30万件"})
    assert response.status_code == 200, response.text
    found = response.json()
    assert found[0]["supply_item"]["id"] == target
    assert contribution(found[0], "part_number")["level"] == "exact"
    assert contribution(found[0], "capacity")["level"] == "sufficient"
    _assert_explained(found[0])
    sme = make_key(ApiRole.SME, make_enterprise(role=EnterpriseRole.SME))
    assert client.post("/api/v1/search", headers=sme, json={"text": "IGBT模块"}).status_code == 403
    assert client.post("/api/v1/search", headers=world.leader_key, json={"text": " "}).status_code == 422
    assert client.post("/api/v1/search", headers=world.leader_key,
                       json={"text": "IGBT", "quantity": "很多"}).status_code == 422


def test_limit_is_bounded(world):
    response = world.client.get(f"/api/v1/demand-items/{world.demand_id}/suggestions", headers=world.leader_key,
                                params={"limit": 10_000})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "limit"


@pytest.mark.parametrize(("typed", "key"), [("ＩＳＯ　９００１", "iso9001"), ("ISO9001:2015", "iso9001"),
                                            ("IATF 16949", "iatf16949"), ("TS16949", "iatf16949"),
                                            ("CMMI 3级", "cmmi3")])
def test_certifications_are_compared_as_typed_in_sheets(typed, key):
    assert certification_key(typed) == key


def test_a_demand_past_its_valid_date_leaves_opportunities_batches_and_reports(world, client, app, db_session,
                                                                             make_key):
    from datetime import timedelta

    from app.models.items import programme_today
    from app.services.ranking.batch import run_batch
    from app.services.reports import summary

    supply_id = world.supplier()
    sme_id = client.get(f"/api/v1/supply-items/{supply_id}", headers=world.operator).json()["enterprise_id"]
    sme_key = make_key(ApiRole.SME, db_session.get(type(world.leader), sme_id))
    opportunities = f"/api/v1/supply-items/{supply_id}/opportunities"

    def seen() -> dict[str, object]:
        batch = run_batch(db_session=db_session, index=app.state.matching)
        db_session.commit()
        return {
            "opportunities": [o["demand_item"]["id"] for o in client.get(opportunities, headers=sme_key).json()],
            "sme_reads_it": client.get(f"/api/v1/demand-items/{world.demand_id}", headers=sme_key).status_code,
            "leader_view": [i["demand_item"]["id"] for g in client.get(
                f"/api/v1/enterprises/{world.leader.id}/suggestions", headers=world.leader_key
            ).json()["demand_categories"] for i in g["items"]],
            "batch_items": batch.demand_items,
            "open_in_report": summary(db_session=db_session).totals.open_demand_items,
        }

    for valid_until, is_open in ((programme_today(), True), (programme_today() - timedelta(days=1), False)):
        response = client.patch(f"/api/v1/demand-items/{world.demand_id}", headers=world.leader_key,
                                json={"valid_until": valid_until.isoformat()})
        assert response.status_code == 200, response.text
        assert seen() == {
            "opportunities": [world.demand_id] if is_open else [],
            "sme_reads_it": 200 if is_open else 404,
            "leader_view": [world.demand_id] if is_open else [],
            "batch_items": 1 if is_open else 0,
            "open_in_report": 1 if is_open else 0,
        }, valid_until
    # the leader still sees and can reopen its own item
    assert client.get(f"/api/v1/demand-items/{world.demand_id}", headers=world.leader_key).status_code == 200
