"""Decisions on suggested suppliers: recording (single and bulk), the audit trail, roles, and decisions that stick
across re-imports of both lists and across deletion and re-upload of the rows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import ApiKey, ApiRole, DemandItem, Enterprise, EnterpriseRole, SupplyItem
from app.models.decisions import DecisionEvent, MatchDecision
from app.schemas.validators import make_credit_code
from app.services.decisions import rejected_supply_item_ids
from app.services.imports import ListKind, import_list
from tests.app.test_imports_support import (
    CODE_A,
    CODE_B,
    CODE_LEADER,
    DEMAND_HEADERS,
    SUPPLY_HEADERS,
    demand_row,
    many_supply_rows,
    supply_row,
    xlsx,
)

CODE_C = make_credit_code("91500108MA5UC")


def decisions_url(demand_id: int, suffix: str = "") -> str:
    return f"/api/v1/demand-items/{demand_id}/decisions{suffix}"


SUPPLY_ROWS = [
    supply_row(产品名称="IGBT功率模块", 规格型号="FF450R12ME4", 产品类别="关键零部件", 拟配套对象=None),
    supply_row(企业名称="重庆华渝电子有限公司", 统一社会信用代码=CODE_B, 产品名称="IGBT模块", 规格型号="FF450R12ME4",
               拟配套对象=None, 区县="九龙坡区"),
    supply_row(企业名称="重庆川仪功率器件有限公司", 统一社会信用代码=CODE_C, 产品名称="功率模块 IGBT", 规格型号="FF300R12ME4",
               拟配套对象=None, 区县="北碚区"),
]
DEMAND_ROWS = [
    demand_row(),
    demand_row(产品名称="电机控制器壳体", 规格型号="KZQ-01", 需求类别="关键零部件", 所属产业链="电驱动系统"),
]


@pytest.fixture
def lists(db_session, settings):
    """Both lists imported the way users load them; returns a re-import function."""

    def load(supply_rows=SUPPLY_ROWS, demand_rows=DEMAND_ROWS) -> None:
        import_list(db_session=db_session, kind=ListKind.SUPPLY, content=xlsx(SUPPLY_HEADERS, supply_rows),
                    filename="supply.xlsx", settings=settings)
        import_list(db_session=db_session, kind=ListKind.DEMAND, content=xlsx(DEMAND_HEADERS, demand_rows,
                    sheet="需求清单"), filename="demand.xlsx", settings=settings)
        db_session.commit()

    load()
    return load


def _enterprise(db_session, code: str) -> Enterprise:
    return db_session.scalar(select(Enterprise).where(Enterprise.credit_code == code))


def _supply(db_session, code: str, name: str) -> SupplyItem:
    return db_session.scalar(select(SupplyItem).join(SupplyItem.enterprise).where(
        Enterprise.credit_code == code, SupplyItem.product_name == name))


def _demand(db_session, name: str = "IGBT功率模块") -> DemandItem:
    return db_session.scalar(select(DemandItem).where(DemandItem.product_name == name))


@pytest.fixture
def world(db_session, lists, make_key):
    leader = _enterprise(db_session, CODE_LEADER)
    other_leader_enterprise = Enterprise(name="重庆另一链主有限公司", credit_code=make_credit_code("91500000MA5XX"),
                                         role=EnterpriseRole.CHAIN_LEADER)
    db_session.add(other_leader_enterprise)
    db_session.commit()
    sme_a, sme_b = _enterprise(db_session, CODE_A), _enterprise(db_session, CODE_B)
    return {
        "demand": _demand(db_session),
        "a": _supply(db_session, CODE_A, "IGBT功率模块"),
        "b": _supply(db_session, CODE_B, "IGBT模块"),
        "c": _supply(db_session, CODE_C, "功率模块 IGBT"),
        "leader": make_key(ApiRole.CHAIN_LEADER, leader),
        "other_leader": make_key(ApiRole.CHAIN_LEADER, other_leader_enterprise),
        "sme_a": make_key(ApiRole.SME, sme_a),
        "sme_b": make_key(ApiRole.SME, sme_b),
    }


def _key_id(db_session, headers: dict[str, str]) -> int:
    secret = headers["Authorization"].removeprefix("Bearer ")
    return db_session.scalar(select(ApiKey.id).where(ApiKey.prefix == secret[:10]))


def test_leader_shortlists_and_advances_with_a_full_audit_trail(client, db_session, world, operator_headers) -> None:
    demand, a = world["demand"], world["a"]
    first = client.post(decisions_url(demand.id), headers=world["leader"],
                        json={"supply_item_id": a.id, "status": "shortlisted", "reason": "型号一致，区县相同"})
    assert first.status_code == 200, first.text
    assert [(d["supply_item_id"], d["status"], d["status_label"]) for d in first.json()] == [
        (a.id, "shortlisted", "入围")]
    for status in ("意向", "sample", "小批量"):  # Chinese labels are accepted as well
        assert client.post(decisions_url(demand.id), headers=world["leader"],
                           json={"supply_item_id": a.id, "status": status}).status_code == 200
    # An operator confirms the onboarding; repeating it adds nothing to the trail.
    for _ in range(2):
        done = client.post(decisions_url(demand.id), headers=operator_headers,
                           json={"supply_item_id": a.id, "status": "onboarded", "reason": "已签订供货协议"})
        assert done.status_code == 200

    current = client.get(decisions_url(demand.id), headers=world["leader"]).json()
    assert [(d["supply_item_id"], d["status"], d["reason"], d["decided_by_role"]) for d in current] == [
        (a.id, "onboarded", "已签订供货协议", "operator")]
    assert current[0]["supply_enterprise_name"] == "重庆渝新精密机械有限公司"

    history = client.get(decisions_url(demand.id, "/history"), headers=world["leader"]).json()
    leader_key, operator_key = _key_id(db_session, world["leader"]), _key_id(db_session, operator_headers)
    assert [(e["from_status"], e["to_status"], e["api_key_id"], e["actor_role"]) for e in history] == [
        (None, "shortlisted", leader_key, "chain_leader"),
        ("shortlisted", "intent", leader_key, "chain_leader"),
        ("intent", "sample", leader_key, "chain_leader"),
        ("sample", "pilot", leader_key, "chain_leader"),
        ("pilot", "onboarded", operator_key, "operator"),
    ]
    assert history[0]["reason"] == "型号一致，区县相同" and history[-1]["to_label"] == "入链"
    assert all(e["created_at"].endswith("Z") or e["created_at"].endswith("+00:00") for e in history)


def test_a_rejection_needs_a_reason(client, world) -> None:
    demand, b = world["demand"], world["b"]
    response = client.post(decisions_url(demand.id), headers=world["leader"],
                           json={"supply_item_id": b.id, "status": "rejected"})
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == ["reason"]
    blank = client.post(decisions_url(demand.id), headers=world["leader"],
                        json={"supply_item_id": b.id, "status": "rejected", "reason": "   "})
    assert blank.status_code == 422 and [d["field"] for d in blank.json()["detail"]] == ["reason"]
    assert client.get(decisions_url(demand.id), headers=world["leader"]).json() == []


def test_bulk_decisions_are_all_or_nothing(client, db_session, world) -> None:
    demand, a, b, c = world["demand"], world["a"], world["b"], world["c"]
    bad = client.post(decisions_url(demand.id), headers=world["leader"], json=[
        {"supply_item_id": a.id, "status": "shortlisted"},
        {"supply_item_id": b.id, "status": "rejected"},
        {"supply_item_id": 987654, "status": "intent"},
        {"supply_item_id": a.id, "status": "intent"},
    ])
    assert bad.status_code == 422
    assert {d["field"] for d in bad.json()["detail"]} == {"1.reason", "2.supply_item_id", "3.supply_item_id"}
    assert db_session.scalar(select(MatchDecision.id)) is None

    good = client.post(decisions_url(demand.id), headers=world["leader"], json=[
        {"supply_item_id": a.id, "status": "shortlisted"},
        {"supply_item_id": b.id, "status": "拒绝", "reason": "无车规认证"},
        {"supply_item_id": c.id, "status": "shortlisted"},
    ])
    assert good.status_code == 200, good.text
    assert {(d["supply_item_id"], d["status"]) for d in good.json()} == {
        (a.id, "shortlisted"), (b.id, "rejected"), (c.id, "shortlisted")}
    assert rejected_supply_item_ids(db_session, demand.id) == {b.id}
    assert len(client.get(decisions_url(demand.id, "/history"), headers=world["leader"]).json()) == 3


def test_who_may_decide_and_who_sees_what(client, world, operator_headers) -> None:
    demand, a, b = world["demand"], world["a"], world["b"]
    assert client.post(decisions_url(demand.id), headers=world["leader"], json=[
        {"supply_item_id": a.id, "status": "intent", "reason": "报价合理"},
        {"supply_item_id": b.id, "status": "rejected", "reason": "交期太长"},
    ]).status_code == 200

    # Another chain leader cannot read this demand item at all, so neither decide nor see.
    body = {"supply_item_id": a.id, "status": "rejected", "reason": "x"}
    assert client.post(decisions_url(demand.id), headers=world["other_leader"], json=body).status_code == 404
    assert client.get(decisions_url(demand.id), headers=world["other_leader"]).status_code == 404
    assert client.get(decisions_url(demand.id, "/history"), headers=world["other_leader"]).status_code == 404
    # An SME may read the open demand item but never decides, not even about itself.
    assert client.post(decisions_url(demand.id), headers=world["sme_a"],
                       json={"supply_item_id": a.id, "status": "onboarded"}).status_code == 403

    # An SME sees the status of decisions about its own supply items only, without reason or decider.
    seen_by_a = client.get(decisions_url(demand.id), headers=world["sme_a"]).json()
    assert [(d["supply_item_id"], d["status"], d["reason"], d["decided_by_key_id"]) for d in seen_by_a] == [
        (a.id, "intent", None, None)]
    seen_by_b = client.get(decisions_url(demand.id), headers=world["sme_b"]).json()
    assert [(d["supply_item_id"], d["status"], d["reason"]) for d in seen_by_b] == [(b.id, "rejected", None)]
    history_b = client.get(decisions_url(demand.id, "/history"), headers=world["sme_b"]).json()
    assert [(e["supply_item_id"], e["to_status"], e["reason"], e["api_key_id"]) for e in history_b] == [
        (b.id, "rejected", None, None)]
    # The leader and operators see everything.
    assert len(client.get(decisions_url(demand.id), headers=operator_headers).json()) == 2


def test_decisions_survive_reimports_of_both_lists(client, db_session, world, lists) -> None:
    demand, a, b = world["demand"], world["a"], world["b"]
    assert client.post(decisions_url(demand.id), headers=world["leader"], json=[
        {"supply_item_id": a.id, "status": "sample"},
        {"supply_item_id": b.id, "status": "rejected", "reason": "无IATF 16949认证"},
    ]).status_code == 200
    ids_before = (demand.id, a.id, b.id)

    # Both lists uploaded again, edited (new descriptions, quantities, an extra row) and in another order.
    lists(
        supply_rows=[*reversed(SUPPLY_ROWS[:2]), SUPPLY_ROWS[2],
                     supply_row(产品名称="驱动板", 规格型号="QDB-2", 拟配套对象=None)],
        demand_rows=[demand_row(年需求量=30000, 技术要求="1200V/450A，175℃，车规级"), DEMAND_ROWS[1]],
    )
    db_session.expire_all()
    demand, a, b = _demand(db_session), _supply(db_session, CODE_A, "IGBT功率模块"), _supply(db_session, CODE_B, "IGBT模块")
    assert (demand.id, a.id, b.id) == ids_before
    assert demand.quantity_per_year == 30000

    current = client.get(decisions_url(demand.id), headers=world["leader"]).json()
    assert {(d["supply_item_id"], d["status"]) for d in current} == {(a.id, "sample"), (b.id, "rejected")}
    assert rejected_supply_item_ids(db_session, demand.id) == {b.id}


def test_a_rejection_finds_the_supply_row_again_after_delete_and_reupload(client, db_session, world, lists) -> None:
    demand, b_id = world["demand"], world["b"].id
    assert client.post(decisions_url(demand.id), headers=world["leader"], json={
        "supply_item_id": b_id, "status": "rejected", "reason": "报价过高"}).status_code == 200

    # The SME's whole enterprise is deleted by an operator (its items go with it), then its list is re-uploaded.
    db_session.delete(_enterprise(db_session, CODE_B))
    db_session.commit()
    db_session.expire_all()
    decision = db_session.scalar(select(MatchDecision))
    assert decision.supply_item_id is None and decision.demand_item_id == demand.id
    assert rejected_supply_item_ids(db_session, demand.id) == set()

    lists()
    reuploaded = _supply(db_session, CODE_B, "IGBT模块")
    assert reuploaded.id != b_id
    assert rejected_supply_item_ids(db_session, demand.id) == {reuploaded.id}
    current = client.get(decisions_url(demand.id), headers=world["leader"]).json()
    assert [(d["supply_item_id"], d["status"], d["reason"]) for d in current] == [
        (reuploaded.id, "rejected", "报价过高")]

    # The next decision on the pair continues the same record and trail.
    assert client.post(decisions_url(demand.id), headers=world["leader"], json={
        "supply_item_id": reuploaded.id, "status": "shortlisted", "reason": "已降价"}).status_code == 200
    db_session.expire_all()
    decision = db_session.scalar(select(MatchDecision))
    assert (decision.supply_item_id, decision.status.value) == (reuploaded.id, "shortlisted")
    trail = db_session.scalars(select(DecisionEvent).order_by(DecisionEvent.id)).all()
    assert [(e.from_status, e.to_status.value) for e in trail] == [(None, "rejected"), ("rejected", "shortlisted")]


def test_a_decision_follows_a_demand_item_deleted_and_reimported(client, db_session, world, lists) -> None:
    demand_id, a = world["demand"].id, world["a"]
    assert client.post(decisions_url(demand_id), headers=world["leader"], json={
        "supply_item_id": a.id, "status": "rejected", "reason": "距离太远"}).status_code == 200
    assert client.delete(f"/api/v1/demand-items/{demand_id}", headers=world["leader"]).status_code == 204
    lists()
    again = _demand(db_session)
    assert again.id != demand_id
    assert rejected_supply_item_ids(db_session, again.id) == {a.id}
    assert [d["status"] for d in client.get(decisions_url(again.id), headers=world["leader"]).json()] == ["rejected"]


def test_a_rejected_supplier_is_not_suggested_again_even_after_a_reimport(client, db_session, world, lists) -> None:
    demand, a, b = world["demand"], world["a"], world["b"]
    url = f"/api/v1/demand-items/{demand.id}/suggestions"
    # Other suppliers' products, so the part number is rare enough for the engine's candidate search to use it.
    supply_rows = [*SUPPLY_ROWS, *many_supply_rows(40, enterprises=5)]
    lists(supply_rows=supply_rows)

    def suggested() -> list[int]:
        response = client.get(url, headers=world["leader"])
        assert response.status_code == 200, response.text
        return [s["supply_item"]["id"] for s in response.json()["suggestions"]]

    def on_leader_page() -> list[int]:
        page = client.get(f"/api/v1/enterprises/{demand.enterprise_id}/suggestions", headers=world["leader"]).json()
        return [s["supply_item"]["id"] for group in page["demand_categories"] for entry in group["items"]
                if entry["demand_item"]["id"] == demand.id for s in entry["suggestions"]]

    assert {a.id, b.id} <= set(suggested()) and {a.id, b.id} <= set(on_leader_page())
    assert client.post(decisions_url(demand.id), headers=world["leader"], json={
        "supply_item_id": b.id, "status": "rejected", "reason": "无车规认证"}).status_code == 200
    assert b.id not in suggested() and a.id in suggested()
    assert b.id not in on_leader_page() and a.id in on_leader_page()

    lists(supply_rows=supply_rows)  # both lists uploaded again
    assert b.id not in suggested() and a.id in suggested()
