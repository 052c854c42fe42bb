"""Who may do what: tenants read and write only what issue 2 allows, and a confidential demand never
identifies its chain leader to an SME — not in the body, not through filters or search."""

from __future__ import annotations

import pytest

from app.models import ApiRole, DemandItem, DemandStatus, EnterpriseRole, SupplyItem, SupplyStatus
from app.schemas.validators import make_credit_code

DEMAND = "/api/v1/demand-items"
SUPPLY = "/api/v1/supply-items"
ENTERPRISES = "/api/v1/enterprises"

LEADER_NAME = "重庆隐峰汽车股份有限公司"
LEADER_CODE = make_credit_code("91500000HF")


@pytest.fixture
def world(db_session, make_enterprise, make_key):
    """Two chain leaders (one with a confidential demand), two SMEs, their items and keys."""
    secret_leader = make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name=LEADER_NAME, credit_code=LEADER_CODE,
                                    district="两江新区", contact_person="赵总", phone="13800001111",
                                    email="zhao@yinfeng.example.cn")
    open_leader = make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name="重庆明达电子有限公司", district="沙坪坝区")
    sme_a = make_enterprise(role=EnterpriseRole.SME, name="甲精密零件有限公司")
    sme_b = make_enterprise(role=EnterpriseRole.SME, name="乙轴承有限公司")

    def demand(owner, name, **fields):
        item = DemandItem(enterprise=owner, category="component", product_name=name, identity_key=name,
                          part_numbers=[], certifications=[], item_code=f"{owner.id}-{name}", **fields)
        db_session.add(item)
        return item

    def supply(owner, name, **fields):
        item = SupplyItem(enterprise=owner, category="component", product_name=name, identity_key=name,
                          part_numbers=[], certifications=[], **fields)
        db_session.add(item)
        return item

    items = {
        "secret": demand(secret_leader, "电驱动壳体", confidential=True, specification="铝合金压铸，气密性检测"),
        "secret_paused": demand(secret_leader, "减速器齿轮", status=DemandStatus.PAUSED),
        "public": demand(open_leader, "MLCC电容"),
        "public_closed": demand(open_leader, "晶振", status=DemandStatus.CLOSED),
        "a_active": supply(sme_a, "压铸壳体"),
        "a_inactive": supply(sme_a, "旧款壳体", status=SupplyStatus.INACTIVE),
        "b_active": supply(sme_b, "深沟球轴承"),
        "b_inactive": supply(sme_b, "停产轴承", status=SupplyStatus.INACTIVE),
    }
    db_session.commit()
    return {
        "secret_leader": secret_leader, "open_leader": open_leader, "sme_a": sme_a, "sme_b": sme_b,
        "items": items,
        "keys": {
            "secret_leader": make_key(ApiRole.CHAIN_LEADER, secret_leader),
            "open_leader": make_key(ApiRole.CHAIN_LEADER, open_leader),
            "sme_a": make_key(ApiRole.SME, sme_a),
            "sme_b": make_key(ApiRole.SME, sme_b),
        },
    }


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def test_sme_reads_open_demand_and_only_its_own_supply(client, world) -> None:
    items, headers = world["items"], world["keys"]["sme_a"]
    # a confidential item is known to an SME by its random public reference, not its row id
    assert _ids(client.get(DEMAND, headers=headers)) == {items["secret"].public_ref, items["public"].id}
    assert _ids(client.get(SUPPLY, headers=headers)) == {items["a_active"].id, items["a_inactive"].id}
    for hidden in ("secret_paused", "public_closed"):
        assert client.get(f"{DEMAND}/{items[hidden].id}", headers=headers).status_code == 404
    for other in ("b_active", "b_inactive"):
        response = client.get(f"{SUPPLY}/{items[other].id}", headers=headers)
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"
    assert client.get(SUPPLY, params={"owner": world["sme_b"].id}, headers=headers).json()["total"] == 0


def test_chain_leader_reads_active_supply_and_only_its_own_demand(client, world) -> None:
    items, headers = world["items"], world["keys"]["open_leader"]
    assert _ids(client.get(SUPPLY, headers=headers)) == {items["a_active"].id, items["b_active"].id}
    assert _ids(client.get(DEMAND, headers=headers)) == {items["public"].id, items["public_closed"].id}
    assert client.get(f"{DEMAND}/{items['secret'].id}", headers=headers).status_code == 404
    assert client.get(f"{SUPPLY}/{items['b_inactive'].id}", headers=headers).status_code == 404
    # Enterprises: its own, and those owning active supply; never the other leader.
    visible = _ids(client.get(ENTERPRISES, headers=headers))
    assert visible == {world["open_leader"].id, world["sme_a"].id, world["sme_b"].id}
    assert client.get(f"{ENTERPRISES}/{world['secret_leader'].id}", headers=headers).status_code == 404


def test_confidential_demand_never_identifies_its_leader_to_an_sme(client, world) -> None:
    leader, secret = world["secret_leader"], world["items"]["secret"]
    headers = world["keys"]["sme_a"]
    leaks = [LEADER_NAME, "隐峰", LEADER_CODE, "赵总", "13800001111", "zhao@yinfeng", secret.item_code]

    responses = [
        client.get(DEMAND, headers=headers),
        client.get(f"{DEMAND}/{secret.public_ref}", headers=headers),
        client.get(DEMAND, params={"q": "壳体"}, headers=headers),
    ]
    for response in responses:
        assert response.status_code == 200
        raw = response.text
        for leak in leaks:
            assert leak not in raw, (leak, raw)
        assert f'"enterprise_id":{leader.id}' not in raw.replace(" ", "")
    detail = responses[1].json()
    assert detail["enterprise_name"] == "某链主企业" and detail["enterprise_id"] is None
    assert detail["product_name"] == "电驱动壳体"  # the demand itself is readable

    # Owner-based filters and search cannot be used to test a guess.
    for params in ({"owner": leader.id}, {"q": "隐峰"}, {"q": LEADER_NAME}, {"district": "两江新区"}):
        assert not {secret.id, secret.public_ref} & _ids(client.get(DEMAND, params=params, headers=headers)), params
    # Nor can the enterprise endpoint: the leader has no public open demand.
    assert client.get(f"{ENTERPRISES}/{leader.id}", headers=headers).status_code == 404
    assert leader.id not in _ids(client.get(ENTERPRISES, params={"q": "隐峰"}, headers=headers))

    # The leader itself and operators see who owns it.
    own = client.get(f"{DEMAND}/{secret.id}", headers=world["keys"]["secret_leader"]).json()
    assert own["enterprise_name"] == LEADER_NAME and own["enterprise_id"] == leader.id


def test_sme_cannot_change_another_smes_items(client, world, db_session) -> None:
    target, headers = world["items"]["b_active"], world["keys"]["sme_a"]
    assert client.patch(f"{SUPPLY}/{target.id}", json={"product_name": "被改了"}, headers=headers).status_code in (403, 404)
    assert client.delete(f"{SUPPLY}/{target.id}", headers=headers).status_code in (403, 404)
    db_session.expire_all()
    unchanged = db_session.get(SupplyItem, target.id)
    assert unchanged is not None and unchanged.product_name == "深沟球轴承"

    # Creating an item for someone else is refused outright.
    forged = client.post(SUPPLY, headers=headers, json={
        "enterprise_id": world["sme_b"].id, "category": "component", "product_name": "冒名产品"})
    assert forged.status_code == 403
    assert "冒名产品" not in client.get(SUPPLY, headers=world["keys"]["sme_b"]).text


def test_tenants_cannot_write_the_other_list(client, world, db_session) -> None:
    items = world["items"]
    sme, leader = world["keys"]["sme_a"], world["keys"]["open_leader"]
    # An SME may read an open demand item but never change it.
    assert client.patch(f"{DEMAND}/{items['public'].id}", json={"status": "closed"}, headers=sme).status_code == 403
    assert client.post(DEMAND, json={"category": "component", "product_name": "x"}, headers=sme).status_code == 403
    # A chain leader may read an active supply item but never change it.
    assert client.patch(f"{SUPPLY}/{items['a_active'].id}", json={"status": "inactive"}, headers=leader).status_code == 403
    assert client.post(SUPPLY, json={"category": "component", "product_name": "x"}, headers=leader).status_code == 403
    # Nor another leader's demand.
    assert client.delete(f"{DEMAND}/{items['secret'].id}", headers=leader).status_code == 404
    db_session.expire_all()
    assert db_session.get(DemandItem, items["public"].id).status is DemandStatus.OPEN
    assert db_session.get(SupplyItem, items["a_active"].id).status is SupplyStatus.ACTIVE
    assert db_session.get(DemandItem, items["secret"].id) is not None


def test_tenant_cannot_move_an_item_to_another_owner(client, world, db_session) -> None:
    item, headers = world["items"]["a_active"], world["keys"]["sme_a"]
    moved = client.patch(f"{SUPPLY}/{item.id}", json={"enterprise_id": world["sme_b"].id}, headers=headers)
    assert moved.status_code == 422
    assert [d["field"] for d in moved.json()["detail"]] == ["enterprise_id"]
    db_session.expire_all()
    assert db_session.get(SupplyItem, item.id).enterprise_id == world["sme_a"].id


def test_own_items_are_readable_and_writable_whatever_their_status(client, world) -> None:
    items = world["items"]
    sme, leader = world["keys"]["sme_a"], world["keys"]["secret_leader"]
    assert client.get(f"{SUPPLY}/{items['a_inactive'].id}", headers=sme).status_code == 200
    reactivated = client.patch(f"{SUPPLY}/{items['a_inactive'].id}", json={"status": "有效"}, headers=sme)
    assert reactivated.status_code == 200 and reactivated.json()["status"] == "active"
    assert client.get(f"{DEMAND}/{items['secret_paused'].id}", headers=leader).status_code == 200
    created = client.post(DEMAND, json={"category": "关键原材料", "product_name": "高强钢板"}, headers=leader)
    assert created.status_code == 201 and created.json()["enterprise_id"] == world["secret_leader"].id


def test_tenants_cannot_do_operator_things(client, world) -> None:
    sme = world["keys"]["sme_a"]
    chain = {"code": "x_chain", "name": "某新链"}
    assert client.post("/api/v1/industry-chains", json=chain, headers=sme).status_code == 403
    assert client.delete("/api/v1/industry-chains/1", headers=sme).status_code == 403
    new_enterprise = {"name": "新公司", "credit_code": make_credit_code("91500000NW"), "role": "sme"}
    assert client.post(ENTERPRISES, json=new_enterprise, headers=sme).status_code == 403
    assert client.delete(f"{ENTERPRISES}/{world['sme_a'].id}", headers=sme).status_code == 403
