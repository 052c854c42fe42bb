"""The audit log (who, what, when, in which request; in the write's own transaction) and API keys stored only as
hashes."""

from __future__ import annotations

import hashlib

from sqlalchemy import JSON, Enum, String, Text, cast, func, select
from sqlalchemy.orm import Session

from app.core.db import Base
from app.models import ApiKey, ApiRole, AuditEntry, EnterpriseRole
from app.schemas.validators import make_credit_code
from app.services.audit import bind_actor
from app.services.auth import Principal, create_api_key


def _entries(db_session: Session, table: str, row_id: int | str) -> list[AuditEntry]:
    db_session.expire_all()
    return list(db_session.scalars(select(AuditEntry).where(AuditEntry.table_name == table,
                                                            AuditEntry.row_id == str(row_id))
                                   .order_by(AuditEntry.id)))


def test_writes_and_decisions_are_logged_with_key_role_and_request(client, db_session, make_enterprise,
                                                                   make_key) -> None:
    leader = make_enterprise(role=EnterpriseRole.CHAIN_LEADER)
    sme = make_enterprise(role=EnterpriseRole.SME)
    leader_headers, sme_headers = make_key(ApiRole.CHAIN_LEADER, leader), make_key(ApiRole.SME, sme)
    leader_key = db_session.scalar(select(ApiKey).where(ApiKey.enterprise_id == leader.id))

    created = client.post("/api/v1/demand-items", headers={**leader_headers, "X-Request-ID": "req-create-1"},
                          json={"category": "component", "product_name": "IGBT模块", "part_numbers": ["FF450R12ME4"]})
    assert created.status_code == 201, created.text
    item_id = created.json()["id"]
    client.patch(f"/api/v1/demand-items/{item_id}", headers=leader_headers, json={"specification": "1200V 450A"})
    supply = client.post("/api/v1/supply-items", headers=sme_headers,
                         json={"category": "component", "product_name": "IGBT功率模块"}).json()
    decided = client.post(f"/api/v1/demand-items/{item_id}/decisions", headers=leader_headers,
                          json={"supply_item_id": supply["id"], "status": "shortlisted"})
    assert decided.status_code == 200, decided.text
    client.delete(f"/api/v1/demand-items/{item_id}", headers=leader_headers)

    entries = _entries(db_session, "demand_items", item_id)
    assert [e.action for e in entries] == ["insert", "update", "delete"]
    assert {(e.actor_key_id, e.actor_role) for e in entries} == {(leader_key.id, "chain_leader")}
    assert entries[0].request_id == "req-create-1"
    assert "specification" in entries[1].changed and "product_name" not in entries[1].changed
    decisions = db_session.scalars(select(AuditEntry).where(AuditEntry.table_name == "match_decisions")).all()
    assert [(d.action, d.actor_role) for d in decisions][:1] == [("insert", "chain_leader")]


def test_a_refused_or_failed_request_leaves_no_audit_row(client, db_session, make_enterprise, make_key) -> None:
    leader = make_enterprise(role=EnterpriseRole.CHAIN_LEADER)
    headers = make_key(ApiRole.CHAIN_LEADER, leader)
    body = {"category": "component", "product_name": "伺服电机", "part_numbers": ["SM-400"]}
    assert client.post("/api/v1/demand-items", headers=headers, json=body).status_code == 201
    count = db_session.scalar(select(func.count()).select_from(AuditEntry))
    duplicate = client.post("/api/v1/demand-items", headers=headers, json=body)
    assert duplicate.status_code == 409
    assert db_session.scalar(select(func.count()).select_from(AuditEntry)) == count


def test_audit_rows_roll_back_with_the_write(db_session, make_enterprise) -> None:
    from app.models import Enterprise

    owner = make_enterprise(role=EnterpriseRole.SME)
    bind_actor(db_session, Principal(key_id=7, role=ApiRole.OPERATOR, enterprise_id=None))
    savepoint = db_session.begin_nested()
    enterprise = Enterprise(name="回滚测试有限公司", credit_code=make_credit_code("91500000MA5R0LLB"),
                            role=EnterpriseRole.SME)
    db_session.add(enterprise)
    db_session.flush()                        # the audit row is written here, with the insert
    logged = _entries(db_session, "enterprises", enterprise.id)
    assert [(e.action, e.actor_key_id, e.actor_role) for e in logged] == [("insert", 7, "operator")]
    savepoint.rollback()                      # the write goes, and its audit row with it
    assert _entries(db_session, "enterprises", logged[0].row_id) == []
    assert _entries(db_session, "enterprises", owner.id)[0].actor_role is None   # fixture rows: no key


def test_operators_read_the_audit_log(client, operator_headers, make_enterprise, make_key) -> None:
    sme = make_enterprise(role=EnterpriseRole.SME)
    headers = make_key(ApiRole.SME, sme)
    client.patch(f"/api/v1/enterprises/{sme.id}", headers=headers, json={"contact_person": "李工"})
    page = client.get("/api/v1/audit-log", headers=operator_headers,
                      params={"table": "enterprises", "row_id": str(sme.id)}).json()
    assert page["total"] >= 1
    update = next(e for e in page["items"] if e["action"] == "update")
    assert update["actor_role"] == "sme" and "contact_person" in update["changed"]
    assert update["occurred_at"].endswith("Z") or "+00:00" in update["occurred_at"]
    assert client.get("/api/v1/audit-log", headers=headers).status_code == 403


def test_keys_are_stored_only_as_hashes(client, db_session, make_enterprise) -> None:
    sme = make_enterprise(role=EnterpriseRole.SME)
    key, secret = create_api_key(db_session=db_session, role=ApiRole.SME, enterprise_id=sme.id, label="测试")
    db_session.flush()
    # use it, so every table a request writes to (the audit log included) has had its chance to hold it
    response = client.patch(f"/api/v1/enterprises/{sme.id}", headers={"Authorization": f"Bearer {secret}"},
                            json={"contact_person": "赵工"})
    assert response.status_code == 200
    assert key.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    token_part = secret.removeprefix("cm_")
    found = []
    for table in Base.metadata.sorted_tables:
        text_columns = [c for c in table.columns
                        if isinstance(c.type, (String, Text, JSON)) and not isinstance(c.type, Enum)]
        for column in text_columns:
            hits = db_session.scalar(select(func.count()).select_from(table)
                                     .where(cast(column, Text).contains(token_part[:16])))
            if hits:
                found.append(f"{table.name}.{column.name}")
    assert found == []
    # only the non-secret prefix is kept, to tell keys apart
    assert key.prefix == secret[:10] and len(token_part) > 40
