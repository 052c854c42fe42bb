"""国产替代 through the API: a domestic equivalent of a demand's foreign reference is flagged and says on what basis;
a domestic competitor that is not one is not; cross-references imported or learned change the next request, and a
withdrawn one stops counting; operators alone maintain the registry and the tables."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.models import ApiRole, EnterpriseRole, PartEquivalence
from tests.app.test_suggestions_support import World, by_id

FOREIGN_DEMAND = {"product_name": "IGBT模块 英飞凌 FF450R12ME4 或同等", "specification": "1200V 450A 半桥 用于电驱逆变器"}


@pytest.fixture
def world(client, db_session, make_enterprise, make_key) -> World:
    return World(client, db_session, make_enterprise, make_key, **FOREIGN_DEMAND)


@pytest.fixture
def catalogue(world) -> dict[str, int]:
    return {
        # a distributor of the very part: exact number, foreign brand
        "distributor": world.supplier(product_name="英飞凌 IGBT模块 代理", description="原装进口 1200V 450A",
                                      part_numbers=["FF450R12ME4"]),
        # a domestic maker whose module states the same ratings: compatible attributes
        "compatible": world.supplier(product_name="IGBT模块", description="斯达半导 1200V 450A 半桥 62mm封装",
                                     part_numbers=["GD450HFY120C2S"]),
        # a domestic maker of another rating: a competitor, not an equivalent
        "competitor": world.supplier(product_name="IGBT模块", description="国产 1700V 300A 半桥",
                                     part_numbers=["MMG300S170B6"]),
        # a domestic module whose listing says nothing comparable: only a cross-reference can tell
        "cross_referenced": world.supplier(product_name="功率模块", description="宏微科技 车规级",
                                           part_numbers=["MMG450HB120"]),
    }


def _flags(world: World, **params) -> dict[int, dict]:
    """Every supplier the engine compared, flagged or not (no score floor), best first."""
    return {s["supply_item"]["id"]: s for s in world.suggestions(min_score=-100, **params)}


def test_a_domestic_equivalent_is_flagged_with_its_basis_and_a_competitor_is_not(world, catalogue):
    found = _flags(world)
    compatible = found[catalogue["compatible"]]
    assert compatible["domestic_substitute"] is True
    assert "国产替代：对标 英飞凌 FF450R12ME4（参数兼容）" in compatible["explanation"]
    substitute = next(c for c in compatible["contributions"] if c["comparison"] == "substitute")
    different = next(c for c in compatible["contributions"] if c["comparison"] == "part_number")
    assert different["level"] == "different"
    # the number differing costs the equivalent nothing: the substitute contribution gives it back
    assert substitute["value"] == pytest.approx(substitute["weight"] - different["value"])
    assert found[catalogue["competitor"]]["domestic_substitute"] is False
    assert found[catalogue["competitor"]]["domestic_supplier"] is True
    assert found[catalogue["distributor"]]["domestic_substitute"] is False
    assert found[catalogue["distributor"]]["domestic_supplier"] is False
    assert "国产替代" not in found[catalogue["competitor"]]["explanation"]
    # without any cross-reference the module that only carries its own number is not flagged
    assert not found[catalogue["cross_referenced"]]["domestic_substitute"]


def test_a_demand_that_asks_for_nothing_foreign_flags_nothing(client, db_session, make_enterprise, make_key):
    plain = World(client, db_session, make_enterprise, make_key)  # IGBT模块 FF450R12ME4, no brand, no 同等
    ids = plain.supplier(product_name="IGBT模块", description="斯达半导 1200V 450A 半桥", part_numbers=["GD450HFY120C2S"])
    assert by_id(plain.suggestions(min_score=-100), ids)["domestic_substitute"] is False


def test_domestic_only_leaves_out_foreign_brands_in_suggestions_and_search(world, catalogue):
    ids = set(_flags(world, domestic_only=True))
    assert catalogue["distributor"] not in ids
    assert catalogue["compatible"] in ids
    response = world.client.post("/api/v1/search", headers=world.leader_key,
                                 json={"text": "IGBT模块 1200V 450A", "part_number": "FF450R12ME4", "domestic_only": True})
    assert response.status_code == 200, response.text
    searched = {s["supply_item"]["id"] for s in response.json()}
    assert catalogue["distributor"] not in searched and catalogue["compatible"] in searched
    unfiltered = world.client.post("/api/v1/search", headers=world.leader_key,
                                   json={"text": "IGBT模块 1200V 450A", "part_number": "FF450R12ME4"}).json()
    assert catalogue["distributor"] in {s["supply_item"]["id"] for s in unfiltered}


def test_a_cross_reference_posted_by_an_operator_changes_the_next_request(world, catalogue):
    before = _flags(world)
    assert not before[catalogue["cross_referenced"]]["domestic_substitute"]
    response = world.client.post("/api/v1/cross-references", headers=world.operator, json={
        "reference_brand": "英飞凌", "reference_part_number": "FF450R12-ME4", "equivalent_brand": "宏微科技",
        "equivalent_part_number": "MMG450HB120"})
    assert response.status_code == 201, response.text
    after = _flags(world)
    flagged = after[catalogue["cross_referenced"]]
    assert flagged["domestic_substitute"] is True
    assert "国产替代：对标 英飞凌 FF450R12ME4（替代型号对照）" in flagged["explanation"]
    ranked = list(after)
    assert ranked.index(catalogue["cross_referenced"]) < 5
    assert ranked.index(catalogue["cross_referenced"]) < list(before).index(catalogue["cross_referenced"])
    assert flagged["score"] > before[catalogue["cross_referenced"]]["score"]


def test_an_imported_workbook_of_cross_references_is_all_or_nothing_and_names_bad_cells(world, catalogue, db_session):
    def workbook(rows) -> bytes:
        book = Workbook()
        sheet = book.active
        sheet.title = "替代对照"
        sheet.append(["对标品牌", "对标型号", "国产品牌", "国产型号", "备注"])
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def upload(content: bytes, headers):
        return world.client.post("/api/v1/imports/substitution/cross-references", headers=headers,
                                 files={"file": ("对照.xlsx", content)})

    count = db_session.scalar(select(func.count()).select_from(PartEquivalence))
    bad = upload(workbook([["英飞凌", "FF450R12ME4", "宏微科技", "MMG450HB120", None],
                           ["英飞凌", "FF300R12ME4", "宏微科技", None, "缺国产型号"]]), world.operator)
    assert bad.status_code == 422
    assert bad.json()["detail"] == [{"sheet": "替代对照", "row": 3, "column": "D", "field": "equivalent_part_number",
                                     "value": "", "reason": "型号不能为空 (a part number is required)"}]
    assert db_session.scalar(select(func.count()).select_from(PartEquivalence)) == count
    assert not _flags(world)[catalogue["cross_referenced"]]["domestic_substitute"]
    assert upload(workbook([["英飞凌", "FF450R12ME4", "宏微科技", "MMG450HB120", None]]),
                  world.leader_key).status_code == 403
    good = upload(workbook([["英飞凌", "FF450R12ME4", "宏微科技", "MMG450HB120", None]]), world.operator)
    assert good.status_code == 201, good.text
    assert _flags(world)[catalogue["cross_referenced"]]["domestic_substitute"] is True


def test_a_learned_equivalence_counts_from_the_next_request_and_can_be_withdrawn(world, catalogue):
    # a domestic module with no number of its own and no comparable ratings: neither table nor attributes flag it
    plain = world.supplier(product_name="IGBT模块 定制款", description="国产 车规级 电驱用", part_numbers=[])
    assert not _flags(world)[plain]["domestic_substitute"]
    decided = world.client.post(f"/api/v1/demand-items/{world.demand_id}/decisions", headers=world.leader_key,
                                json={"supply_item_id": plain, "status": "sample", "equivalent": True})
    assert decided.status_code == 200, decided.text
    learned = _flags(world)[plain]
    assert learned["domestic_substitute"] is True
    assert "国产替代：对标 英飞凌 FF450R12ME4（链主确认同等替代）" in learned["explanation"]
    listed = world.client.get("/api/v1/cross-references", headers=world.leader_key,
                              params={"reference": "FF450R12ME4"}).json()["items"]
    row = next(r for r in listed if r["supply_item_id"] == plain)
    assert (row["source"], row["created_by_role"], row["demand_item_id"]) == ("decision", "chain_leader",
                                                                              world.demand_id)
    assert row["created_at"]
    # another leader may not withdraw it; its own leader may
    other = world.make_enterprise(role=EnterpriseRole.CHAIN_LEADER)
    assert world.client.delete(f"/api/v1/cross-references/{row['id']}",
                               headers=world.make_key(ApiRole.CHAIN_LEADER, other)).status_code == 403
    withdrawn = world.client.delete(f"/api/v1/cross-references/{row['id']}", headers=world.leader_key)
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_at"]
    assert not _flags(world)[plain]["domestic_substitute"]
    kept = world.client.get("/api/v1/cross-references", headers=world.operator,
                            params={"reference": "FF450R12ME4", "include_withdrawn": True}).json()["items"]
    assert any(r["id"] == row["id"] and r["withdrawn_by_key_id"] for r in kept)


def test_an_equivalence_needs_a_positive_decision_and_a_referenced_number(client, db_session, make_enterprise,
                                                                          make_key):
    world = World(client, db_session, make_enterprise, make_key, **FOREIGN_DEMAND)
    supply = world.supplier(product_name="IGBT模块", description="国产", part_numbers=[])
    rejected = client.post(f"/api/v1/demand-items/{world.demand_id}/decisions", headers=world.leader_key,
                           json={"supply_item_id": supply, "status": "rejected", "reason": "不合适", "equivalent": True})
    assert rejected.status_code == 422
    assert [d["field"] for d in rejected.json()["detail"]] == ["equivalent"]
    no_number = World(client, db_session, make_enterprise, make_key, product_name="IGBT模块 英飞凌 或同等",
                      part_numbers=[])
    answer = client.post(f"/api/v1/demand-items/{no_number.demand_id}/decisions", headers=no_number.leader_key,
                         json={"supply_item_id": supply, "status": "intent", "equivalent": True})
    assert answer.status_code == 422 and answer.json()["detail"][0]["field"] == "equivalent"
    # a number written only in the name is the reference all the same (the engine reads it there too)
    in_name = World(client, db_session, make_enterprise, make_key, product_name="IGBT模块 英飞凌 FF300R12ME4 或同等",
                    part_numbers=[])
    learned = client.post(f"/api/v1/demand-items/{in_name.demand_id}/decisions", headers=in_name.leader_key,
                          json={"supply_item_id": supply, "status": "intent", "equivalent": True})
    assert learned.status_code == 200, learned.text
    rows = client.get("/api/v1/cross-references", headers=in_name.leader_key,
                      params={"reference": "FF300R12ME4"}).json()["items"]
    assert [(r["reference_part_number"], r["supply_item_id"]) for r in rows] == [("FF300R12ME4", supply)]
    # nothing half-written: the decision of the refused request is not there either
    assert client.get(f"/api/v1/demand-items/{no_number.demand_id}/decisions",
                      headers=no_number.leader_key).json() == []


@pytest.mark.parametrize("role", [ApiRole.SME, ApiRole.ORGANIZER, ApiRole.CHAIN_LEADER])
def test_only_operators_write_the_tables_and_read_the_report(world, role):
    enterprise = None if role is ApiRole.ORGANIZER else world.make_enterprise(
        role=EnterpriseRole.SME if role is ApiRole.SME else EnterpriseRole.CHAIN_LEADER)
    headers = world.make_key(role, enterprise)
    assert world.client.post("/api/v1/cross-references", headers=headers, json={
        "reference_part_number": "FF450R12ME4", "equivalent_part_number": "X1234"}).status_code == 403
    assert world.client.get("/api/v1/reports/substitution", headers=headers).status_code == 403
    assert world.client.get("/api/v1/reports/substitution.xlsx", headers=headers).status_code == 403
    assert world.client.get("/api/v1/brands.xlsx", headers=headers).status_code == 403
    listed = world.client.get("/api/v1/cross-references", headers=headers)
    assert listed.status_code == (200 if role is ApiRole.CHAIN_LEADER else 403)


def test_an_operator_brand_makes_a_domestic_maker_of_an_unknown_name(world):
    # a brand the packaged registry does not know, declared foreign by an operator: its distributor stops being domestic
    supply = world.supplier(product_name="IGBT模块 凯瑞森 代理", description="1200V 450A", part_numbers=["KRS450"])
    assert _flags(world)[supply]["domestic_supplier"] is True
    book = Workbook()
    book.active.append(["品牌", "制造商", "国家或地区", "是否国产", "其他写法"])
    book.active.append(["凯瑞森", "Karison GmbH", "德国", "否", "karison"])
    book.active.append(["坏行", None, None, "也许", None])
    buffer = io.BytesIO()
    book.save(buffer)
    bad = world.client.post("/api/v1/imports/substitution/brands", headers=world.operator,
                            files={"file": ("品牌.xlsx", buffer.getvalue())})
    assert bad.status_code == 422
    assert [(d["row"], d["column"], d["field"]) for d in bad.json()["detail"]] == [(3, "D", "domestic")]
    book.active.delete_rows(3)
    buffer = io.BytesIO()
    book.save(buffer)
    good = world.client.post("/api/v1/imports/substitution/brands", headers=world.operator,
                             files={"file": ("品牌.xlsx", buffer.getvalue())})
    assert good.status_code == 200 and good.json() == {"created": 1, "updated": 0}
    assert _flags(world)[supply]["domestic_supplier"] is False
    exported = world.client.get("/api/v1/brands.xlsx", headers=world.operator)
    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert ("凯瑞森", "Karison GmbH", "德国", "否", "karison") in rows
    assert any(r[0] == "英飞凌" and r[3] == "否" for r in rows)


def test_bad_cross_reference_input_is_refused_naming_the_field(world, db_session):
    count = db_session.scalar(select(func.count()).select_from(PartEquivalence))
    blank = world.client.post("/api/v1/cross-references", headers=world.operator, json=[
        {"reference_part_number": "FF450R12ME4", "equivalent_part_number": "MMG450HB120"},
        {"reference_part_number": "--", "equivalent_part_number": "X1"}])
    assert blank.status_code == 422
    assert [d["field"] for d in blank.json()["detail"]] == ["1.reference_part_number"]
    not_a_workbook = world.client.post("/api/v1/imports/substitution/cross-references", headers=world.operator,
                                       files={"file": ("对照.xlsx", b"not a workbook")})
    assert not_a_workbook.status_code == 422 and not_a_workbook.json()["detail"][0]["field"] == "file"
    book = Workbook()
    book.active.append(["品名", "数量"])
    buffer = io.BytesIO()
    book.save(buffer)
    no_header = world.client.post("/api/v1/imports/substitution/cross-references", headers=world.operator,
                                  files={"file": ("对照.xlsx", buffer.getvalue())})
    assert no_header.status_code == 422 and no_header.json()["detail"][0]["field"] == "header"
    assert db_session.scalar(select(func.count()).select_from(PartEquivalence)) == count
