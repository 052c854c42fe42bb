"""Demand and supply items through the API and the import's upserts: round trips, validation naming the field,
filters, sorting, pagination, identity on re-upload and 拟配套对象 linking."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import ApiRole, DemandItem, EnterpriseRole, IntendedCustomer, SupplyItem, SupplyStatus
from app.schemas.items import DemandItemCreate, SupplyItemCreate
from app.services.items.demand_items import DEMAND_ITEMS
from app.services.items.lookups import Lookups
from app.services.items.supply_items import SUPPLY_ITEMS

DEMAND = "/api/v1/demand-items"
SUPPLY = "/api/v1/supply-items"


@pytest.fixture
def leader(make_enterprise):
    return make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name="重庆长风汽车股份有限公司", district="两江新区")


@pytest.fixture
def sme(make_enterprise):
    return make_enterprise(role=EnterpriseRole.SME, name="重庆精铸机械有限公司", district="九龙坡区")


def _demand(**overrides) -> dict:
    body = {"category": "关键零部件", "product_name": "IGBT模块", "specification": "1200V/450A，工作结温175℃",
            "part_numbers": ["FF450R12ME4"], "annual_quantity": 12, "quantity_unit": "万件",
            "price_min": 800, "price_max": 1200, "price_unit": "元/件", "certifications": "IATF 16949；ISO 9001",
            "preferred_region": "成渝地区", "chain": "功率半导体", "valid_until": "2027-06-30"}
    body.update(overrides)
    return body


def _supply(**overrides) -> dict:
    body = {"category": "原材料", "product_name": "6061-T6铝型材", "description": "挤压成型，表面阳极氧化",
            "part_numbers": "6061-T6；6063-T5", "capacity": "2000吨/年", "certifications": ["ISO 9001"],
            "intended_customers": "长风汽车有限公司、某不存在的集团", "chain": "light_alloy"}
    body.update(overrides)
    return body


def _named(response) -> dict[str, str]:
    return {d["field"]: d["reason"] for d in response.json()["detail"]}


def test_demand_item_round_trip(client, operator_headers, leader) -> None:
    created = client.post(DEMAND, json=_demand(enterprise_id=leader.id), headers=operator_headers)
    assert created.status_code == 201, created.text
    item = created.json()
    assert (item["annual_quantity"], item["quantity_unit"], item["quantity_per_year"]) == (120_000, "件", 120_000)
    assert item["certifications"] == ["IATF 16949", "ISO 9001"]
    assert item["chain"]["code"] == "power_semi" and item["enterprise_name"] == leader.name
    assert item["status"] == "open" and item["valid_until"] == "2027-06-30"

    patched = client.patch(f"{DEMAND}/{item['id']}", headers=operator_headers,
                           json={"annual_quantity": 3, "quantity_unit": "吨/月", "status": "暂停"})
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert (body["quantity_unit"], body["quantity_per_year"], body["quantity_dimension"]) == ("t/月", 36_000, "mass")
    assert body["status"] == "paused" and body["product_name"] == "IGBT模块"

    assert client.get(f"{DEMAND}/{item['id']}", headers=operator_headers).json() == body
    assert client.delete(f"{DEMAND}/{item['id']}", headers=operator_headers).status_code == 204
    assert client.get(f"{DEMAND}/{item['id']}", headers=operator_headers).status_code == 404


def test_supply_item_round_trip_links_intended_customers(client, make_key, sme, leader) -> None:
    # The leader publishes open demand, so the SME may read it and sees the link's id (test_intended_customer_ids).
    assert client.post(DEMAND, json=_demand(), headers=make_key(ApiRole.CHAIN_LEADER, leader)).status_code == 201
    headers = make_key(ApiRole.SME, sme)
    created = client.post(SUPPLY, json=_supply(), headers=headers)
    assert created.status_code == 201, created.text
    item = created.json()
    assert item["enterprise_id"] == sme.id
    assert item["part_numbers"] == ["6061-T6", "6063-T5"]
    assert (item["capacity"], item["capacity_unit"], item["capacity_period"]) == ("2000吨/年", "t", "year")
    assert item["capacity_per_year"] == 2_000_000 and item["capacity_dimension"] == "mass"
    # "长风汽车有限公司" is how an SME writes "重庆长风汽车股份有限公司": the place name and legal form carry no
    # identity, so it links; a name no leader carries stays unlinked.
    assert item["intended_customers"] == [
        {"name": "长风汽车有限公司", "enterprise_id": leader.id}, {"name": "某不存在的集团", "enterprise_id": None}]

    patched = client.patch(f"{SUPPLY}/{item['id']}", headers=headers,
                           json={"intended_customers": ["重庆长风汽车有限公司"], "capacity": "3000套/月"})
    assert patched.status_code == 200, patched.text
    assert patched.json()["intended_customers"] == [{"name": "重庆长风汽车有限公司", "enterprise_id": leader.id}]
    assert patched.json()["capacity_per_year"] == 36_000

    cleared = client.patch(f"{SUPPLY}/{item['id']}", headers=headers, json={"capacity": None})
    assert cleared.json()["capacity"] is None and cleared.json()["capacity_per_year"] is None
    assert client.delete(f"{SUPPLY}/{item['id']}", headers=headers).status_code == 204


@pytest.mark.parametrize(
    ("override", "field", "reason"),
    [
        ({"annual_quantity": -5}, "annual_quantity", "负数"),
        ({"quantity_unit": "箱"}, "quantity_unit", "箱"),
        ({"annual_quantity": "20万箱", "quantity_unit": None}, "annual_quantity", "箱"),
        ({"quantity_unit": None}, "quantity_unit", "计量单位"),
        ({"price_min": 100, "price_max": 50}, "price_max", "最低价"),
        ({"category": "服务"}, "category", "服务"),
        ({"product_name": ""}, "product_name", "不能为空"),
        ({"valid_until": "明年"}, "valid_until", ""),
        ({"confidential": "也许"}, "confidential", "是"),
        ({"chain": "不存在的链"}, "chain", "不存在的链"),
    ],
)
def test_bad_demand_fields_are_422_naming_the_field(client, operator_headers, leader, override, field, reason) -> None:
    response = client.post(DEMAND, json=_demand(enterprise_id=leader.id, **override), headers=operator_headers)
    assert response.status_code == 422, response.text
    named = _named(response)
    assert field in named and reason in named[field]


@pytest.mark.parametrize(
    ("override", "field", "reason"),
    [({"capacity": "50万箱/年"}, "capacity", "箱"), ({"capacity": "-3吨/年"}, "capacity", "负数"),
     ({"part_numbers": ["x" * 101]}, "part_numbers", "超过"), ({"status": "maybe"}, "status", "maybe")],
)
def test_bad_supply_fields_are_422_naming_the_field(client, make_key, sme, override, field, reason) -> None:
    response = client.post(SUPPLY, json=_supply(**override), headers=make_key(ApiRole.SME, sme))
    assert response.status_code == 422
    named = _named(response)
    assert field in named and reason in named[field]


def test_patch_refuses_a_unit_that_does_not_parse(client, operator_headers, leader, db_session) -> None:
    item = client.post(DEMAND, json=_demand(enterprise_id=leader.id), headers=operator_headers).json()
    response = client.patch(f"{DEMAND}/{item['id']}", json={"quantity_unit": "桶"}, headers=operator_headers)
    assert response.status_code == 422 and "quantity_unit" in _named(response)
    db_session.expire_all()
    assert db_session.get(DemandItem, item["id"]).quantity_unit == "件"


def test_same_item_twice_is_a_conflict_not_a_duplicate(client, operator_headers, leader) -> None:
    assert client.post(DEMAND, json=_demand(enterprise_id=leader.id), headers=operator_headers).status_code == 201
    # Same name and model once normalised (full-width, separators, case): the same line of the list.
    again = client.post(DEMAND, headers=operator_headers,
                        json=_demand(enterprise_id=leader.id, product_name="ＩＧＢＴ模块", part_numbers=["ff450r12-me4"]))
    assert again.status_code == 409
    assert "product_name" in _named(again)


def test_demand_filters_sort_and_pagination(client, operator_headers, make_enterprise, leader) -> None:
    other = make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name="重庆渝电电子有限公司", district="沙坪坝区")
    rows = [
        (leader, _demand(product_name="IGBT模块", part_numbers=["FF450R12ME4"], annual_quantity=5)),
        (leader, _demand(product_name="铝合金压铸件", category="component", part_numbers=[], chain="light_alloy",
                         annual_quantity=50)),
        (leader, _demand(product_name="MES系统", category="关键软件", part_numbers=[], annual_quantity=1,
                         quantity_unit="套", status="closed", chain=None)),
        (other, _demand(product_name="MLCC电容", part_numbers=["GRM188R71H104KA93D"], annual_quantity=3000,
                        chain="pcb_components")),
    ]
    for owner, body in rows:
        assert client.post(DEMAND, json={**body, "enterprise_id": owner.id}, headers=operator_headers).status_code == 201

    def names(**params) -> list[str]:
        response = client.get(DEMAND, params=params, headers=operator_headers)
        assert response.status_code == 200, response.text
        return [i["product_name"] for i in response.json()["items"]]

    assert names(category="关键软件") == ["MES系统"]
    assert names(status="closed") == ["MES系统"]
    assert names(chain="功率半导体", sort="product_name") == ["IGBT模块"]
    assert names(district="沙坪坝区") == ["MLCC电容"]
    assert names(owner=other.id) == ["MLCC电容"]
    assert names(q="grm188r71h104") == ["MLCC电容"]         # part number, case folded
    assert names(q="ＦＦ450Ｒ12-ME4") == ["IGBT模块"]          # full-width and separators
    assert names(q="长风汽车", sort="product_name") == ["IGBT模块", "MES系统", "铝合金压铸件"]  # enterprise name
    assert names(q="结温175", sort="-annual_quantity", limit=2) == ["MLCC电容", "铝合金压铸件"]
    assert names(sort="-annual_quantity,product_name", limit=2, offset=1) == ["铝合金压铸件", "IGBT模块"]

    page = client.get(DEMAND, params={"limit": 3}, headers=operator_headers).json()
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (4, 3, 0, 3)
    bad = client.get(DEMAND, params={"sort": "-secret"}, headers=operator_headers)
    assert bad.status_code == 422 and set(_named(bad)) == {"sort"}
    bad_chain = client.get(DEMAND, params={"chain": "火星产业链"}, headers=operator_headers)
    assert bad_chain.status_code == 422 and set(_named(bad_chain)) == {"chain"}


def test_supply_filters_by_qualification_and_status(client, operator_headers, make_enterprise, db_session) -> None:
    from app.models import Qualification, QualificationKind

    giant = make_enterprise(name="小巨人精密有限公司")
    giant.qualifications.append(Qualification(kind=QualificationKind.NATIONAL_LITTLE_GIANT, year=2023))
    plain = make_enterprise(name="普通机械有限公司")
    db_session.commit()
    for owner, name, state in [(giant, "精密轴承", "active"), (plain, "普通轴承", "active"), (plain, "旧款轴承", "停用")]:
        response = client.post(SUPPLY, headers=operator_headers, json=_supply(
            enterprise_id=owner.id, product_name=name, part_numbers=[], status=state, intended_customers=[]))
        assert response.status_code == 201, response.text
    listed = client.get(SUPPLY, params={"qualification": "national_little_giant"}, headers=operator_headers).json()
    assert [i["product_name"] for i in listed["items"]] == ["精密轴承"]
    inactive = client.get(SUPPLY, params={"status": "inactive"}, headers=operator_headers).json()
    assert [i["product_name"] for i in inactive["items"]] == ["旧款轴承"]
    by_capacity = client.get(SUPPLY, params={"sort": "capacity,product_name", "q": "轴承"}, headers=operator_headers)
    assert by_capacity.json()["total"] == 3


def test_upsert_reupload_updates_in_place(db_session, leader) -> None:
    first, created = DEMAND_ITEMS.upsert(db_session=db_session, owner=leader, data=DemandItemCreate(
        category="关键零部件", product_name="IGBT模块", part_numbers=["FF450R12ME4"], annual_quantity="10万件"))
    assert created
    first.status = first.status.PAUSED  # paused through the API in between
    db_session.commit()
    again, created = DEMAND_ITEMS.upsert(db_session=db_session, owner=leader, data=DemandItemCreate(
        category="关键零部件", product_name=" igbt模块 ", part_numbers=["FF450R12-ME4"], annual_quantity="12万件",
        specification="新增：车规级"))
    assert not created and again.id == first.id
    assert again.quantity_per_year == 120_000 and again.specification == "新增：车规级"
    assert again.status.value == "paused"  # a row without 状态 does not reopen it
    assert db_session.scalar(select(func.count()).select_from(DemandItem)) == 1


def test_upsert_by_item_code_follows_renames(db_session, leader) -> None:
    lookups = Lookups()
    item, _ = DEMAND_ITEMS.upsert(db_session=db_session, owner=leader, lookups=lookups, data=DemandItemCreate(
        category="原材料", product_name="冷轧钢板", part_numbers=["DC01"]))
    # The sheet gains a code column: the uncoded row is updated, not duplicated.
    coded, created = DEMAND_ITEMS.upsert(db_session=db_session, owner=leader, lookups=lookups, data=DemandItemCreate(
        item_code="M-001", category="原材料", product_name="冷轧钢板", part_numbers=["DC01"]))
    assert not created and coded.id == item.id and coded.item_code == "M-001"
    # Renamed and re-modelled, same code: still the same row.
    renamed, created = DEMAND_ITEMS.upsert(db_session=db_session, owner=leader, data=DemandItemCreate(
        item_code="M-001", category="原材料", product_name="冷轧低碳钢板", part_numbers=["DC03"]))
    assert not created and renamed.id == item.id and renamed.product_name == "冷轧低碳钢板"
    assert db_session.scalar(select(func.count()).select_from(DemandItem)) == 1


def test_upsert_supply_with_lookups_in_bulk(db_session, make_enterprise, leader) -> None:
    owners = [make_enterprise() for _ in range(3)]
    lookups = Lookups()
    lookups.preload_items(db_session=db_session, model=SupplyItem, owner_ids=[o.id for o in owners])

    def upload(capacity: str) -> list[bool]:
        flags = []
        for owner in owners:
            for n in range(20):
                _, created = SUPPLY_ITEMS.upsert(
                    db_session=db_session, owner=owner, lookups=lookups, flush=False, data=SupplyItemCreate(
                        category="关键零部件", product_name=f"齿轮{n}", part_numbers=[f"G-{n}"], capacity=capacity,
                        intended_customers=["重庆长风汽车有限公司"], status="有效"))
                flags.append(created)
        db_session.commit()
        return flags

    assert all(upload("10万件/年"))
    assert not any(upload("20万件/年"))
    assert db_session.scalar(select(func.count()).select_from(SupplyItem)) == 60
    assert db_session.scalar(select(func.count()).select_from(IntendedCustomer)) == 60
    linked = db_session.scalars(select(IntendedCustomer.enterprise_id).distinct()).all()
    assert linked == [leader.id]
    assert set(db_session.scalars(select(SupplyItem.capacity_per_year)).all()) == {200_000}
    assert set(db_session.scalars(select(SupplyItem.status)).all()) == {SupplyStatus.ACTIVE}


def test_chains_are_reference_data_operators_edit(client, operator_headers, make_key, sme) -> None:
    listed = client.get("/api/v1/industry-chains", params={"limit": 500}, headers=make_key(ApiRole.SME, sme))
    assert listed.status_code == 200 and listed.json()["total"] == 33
    body = {"code": "low_altitude", "name": "低空经济", "cluster": "智能装备及智能制造"}
    assert client.post("/api/v1/industry-chains", json=body, headers=make_key(ApiRole.SME, sme)).status_code == 403
    created = client.post("/api/v1/industry-chains", json=body, headers=operator_headers)
    assert created.status_code == 201
    assert client.post("/api/v1/industry-chains", json=body, headers=operator_headers).status_code == 409
    renamed = client.patch(f"/api/v1/industry-chains/{created.json()['id']}", json={"name": "低空经济产业"},
                           headers=operator_headers)
    assert renamed.json()["name"] == "低空经济产业"
    # Items can now refer to it by name.
    item = client.post(SUPPLY, json=_supply(enterprise_id=sme.id, chain="低空经济产业"), headers=operator_headers)
    assert item.status_code == 201 and item.json()["chain"]["code"] == "low_altitude"
    assert client.delete(f"/api/v1/industry-chains/{created.json()['id']}", headers=operator_headers).status_code == 204


def test_item_written_earlier_in_the_same_import_is_updated_by_a_later_row(db_session, sme) -> None:
    lookups = Lookups()
    row = {"category": "关键零部件", "product_name": "液压阀块", "part_numbers": ["HVB-20"],
           "intended_customers": ["某链主"]}
    first, created = SUPPLY_ITEMS.upsert(db_session=db_session, owner=sme, lookups=lookups, flush=False,
                                        data=SupplyItemCreate(**row, capacity="1万件/年"))
    db_session.commit()
    assert created and first.id is not None
    again, created = SUPPLY_ITEMS.upsert(db_session=db_session, owner=sme, lookups=lookups, flush=False,
                                        data=SupplyItemCreate(**row, capacity="3万件/年", status="停用"))
    db_session.commit()
    assert not created and again.id == first.id
    db_session.expire_all()
    stored = db_session.scalars(select(SupplyItem).where(SupplyItem.enterprise_id == sme.id)).all()
    assert [(s.capacity_per_year, s.status) for s in stored] == [(30_000, SupplyStatus.INACTIVE)]
    assert [c.name for c in stored[0].intended_customers] == ["某链主"]


@pytest.mark.parametrize(("cell", "expected"), [
    ("30206/30205/33205", ["30206", "30205", "33205"]),
    ("FF450R17ME4/FF200R12KT4", ["FF450R17ME4", "FF200R12KT4"]),
    ("M8/M10", ["M8", "M10"]),
    ("R-2000iD/165F4", ["R-2000iD/165F4"]),      # one FANUC robot model
    ("6205-2RS/ZZ", ["6205-2RS/ZZ"]),            # a bearing and its seal suffix
    ("R-2000iD/165F4；LR Mate 200iD", ["R-2000iD/165F4", "LR Mate 200iD"]),
])
def test_a_slash_separates_part_numbers_only_between_codes_of_one_shape(client, operator_headers, make_enterprise,
                                                                       cell, expected):
    sme = make_enterprise(role=EnterpriseRole.SME)
    response = client.post("/api/v1/supply-items", headers=operator_headers, json={
        "enterprise_id": sme.id, "category": "component", "product_name": "工业机器人", "part_numbers": cell})
    assert response.status_code == 201, response.text
    assert response.json()["part_numbers"] == expected



def test_the_database_refuses_an_inverted_price_range_written_directly(db_session, leader) -> None:
    # The service checks the merged range of a PATCH; the CHECK constraint (0007) holds for writes that bypass
    # it — a script, the shell, two partial updates racing — so no reader ever sees min above max.
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    item = DemandItem(enterprise_id=leader.id, category="component", product_name="轴承", identity_key="price-check",
                      price_min=800, price_max=1200)
    db_session.add(item)
    db_session.flush()
    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.execute(update(DemandItem).where(DemandItem.id == item.id).values(price_min=1500))
