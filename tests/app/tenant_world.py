"""A small multi-tenant world built through the API, for the fuzzing and access-matrix tests.

Two chain leaders (A, B) and two SMEs (A, B), each with its own key; an operator, and two organizers each running
one event. Leader A has an open public demand item, an open confidential one and a closed one; leader B one open
item. SME A has an active and an inactive supply item; SME B two active ones. Leader A shortlisted SME A for its
IGBT item, leader B rejected SME B for its harness item. Organizer 1's event (chain 电驱动系统) invited leader A and
both SMEs, who accepted; it has a layout, computed shortlists and a solved schedule; an operator registered leader
B for organizer 2's event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.db import Base
from app.main import create_app
from app.models import ApiRole, Enterprise, EnterpriseRole
from app.schemas.validators import make_credit_code
from app.services.auth import create_api_key

# The industry chain of organizer 1's event, and of leader A's open items and the SMEs' matching products: what
# the organizer may search to find whom to invite.
EDRIVE = "电驱动系统"


@dataclass
class TenantWorld:
    keys: dict[str, dict[str, str]] = field(default_factory=dict)       # role name -> headers
    key_ids: dict[str, int] = field(default_factory=dict)
    enterprises: dict[str, int] = field(default_factory=dict)           # leader_a, leader_b, sme_a, sme_b
    demand: dict[str, int] = field(default_factory=dict)                # a_public, a_confidential, a_closed, b_open
    supply: dict[str, int] = field(default_factory=dict)                # a_active, a_paused, b_harness, b_servo
    events: dict[str, int] = field(default_factory=dict)                # org1, org2
    meetings: list[int] = field(default_factory=list)
    shortlist_entries: list[int] = field(default_factory=list)
    meeting_requests: list[int] = field(default_factory=list)

    def ids_for(self, name: str, path: str) -> list[int]:
        """Real ids for a path or body parameter, so fuzzed requests reach rows that exist."""
        if name in {"enterprise_id", "leader_id", "sme_id", "owner"}:
            return list(self.enterprises.values())
        if name in {"demand_item_id"} or (name == "item_id" and "/demand-items" in path):
            return list(self.demand.values())
        if name in {"supply_item_id"} or name == "item_id":
            return list(self.supply.values())
        if name == "event_id":
            return list(self.events.values())
        if name == "meeting_id":
            return self.meetings
        if name == "entry_id":
            return self.shortlist_entries
        if name == "request_id":
            return self.meeting_requests
        if name == "chain_id":
            return [1, 2, 3]
        if name == "actor_key_id":
            return list(self.key_ids.values())
        return []


def build_world(client, db_session: Session) -> TenantWorld:
    world = TenantWorld()

    def key(name: str, role: ApiRole, enterprise: str | None = None) -> None:
        api_key, secret = create_api_key(db_session=db_session, role=role,
                                         enterprise_id=world.enterprises[enterprise] if enterprise else None)
        world.keys[name] = {"Authorization": f"Bearer {secret}"}
        world.key_ids[name] = api_key.id

    for n, (name, role, district) in enumerate((
        ("leader_a", EnterpriseRole.CHAIN_LEADER, "两江新区"), ("leader_b", EnterpriseRole.CHAIN_LEADER, "渝北区"),
        ("sme_a", EnterpriseRole.SME, "璧山区"), ("sme_b", EnterpriseRole.SME, "江津区"),
    ), start=1):
        enterprise = Enterprise(name=f"重庆权限测试{name}有限公司", credit_code=make_credit_code(f"915001{n:06d}HW"),
                                role=role, province="重庆市", city="重庆市", district=district)
        db_session.add(enterprise)
        db_session.commit()
        world.enterprises[name] = enterprise.id
    key("operator", ApiRole.OPERATOR)
    key("organizer", ApiRole.ORGANIZER)
    key("organizer_b", ApiRole.ORGANIZER)
    key("chain_leader", ApiRole.CHAIN_LEADER, "leader_a")
    key("chain_leader_b", ApiRole.CHAIN_LEADER, "leader_b")
    key("sme", ApiRole.SME, "sme_a")
    key("sme_b", ApiRole.SME, "sme_b")
    db_session.commit()

    def post(path: str, body: Any, headers: str = "operator", expect: int = 201) -> Any:
        response = client.post(f"/api/v1{path}", json=body, headers=world.keys[headers])
        assert response.status_code == expect, response.text
        return response.json()

    for name, owner, product, spec, part, extra in (
        ("a_public", "leader_a", "IGBT模块", "1200V 450A 半桥 电驱逆变器", "FF450R12ME4", {"chain": EDRIVE}),
        ("a_confidential", "leader_a", "伺服电机", "400W 低惯量 17位编码器", "SM-400",
         {"confidential": True, "chain": EDRIVE}),
        ("a_closed", "leader_a", "6061-T6铝合金型材", "挤压型材 电池托盘", "6061-T6", {"status": "closed"}),
        ("b_open", "leader_b", "汽车高压线束", "橙色 屏蔽 35平方", "HV-35", {}),
    ):
        world.demand[name] = post("/demand-items", {
            "enterprise_id": world.enterprises[owner], "category": "component", "product_name": product,
            "specification": spec, "part_numbers": [part], "annual_quantity": "2万件", **extra})["id"]
    for name, owner, product, description, part, extra in (
        ("a_active", "sme_a", "IGBT功率模块", "1200V 450A 半桥模块 电驱逆变器用", "FF450R12ME4", {"chain": EDRIVE}),
        ("a_paused", "sme_a", "精密轴承", "深沟球轴承 P5级", "6205-2RS", {"status": "inactive"}),
        ("b_harness", "sme_b", "高压线束", "橙色 屏蔽 35平方 汽车高压", "HV-35", {}),
        ("b_servo", "sme_b", "伺服电机", "400W 低惯量 编码器17位", "SM-400", {"chain": EDRIVE}),
    ):
        world.supply[name] = post("/supply-items", {
            "enterprise_id": world.enterprises[owner], "category": "component", "product_name": product,
            "description": description, "part_numbers": [part], "capacity": "50万件/年", **extra})["id"]

    post(f"/demand-items/{world.demand['a_public']}/decisions",
         {"supply_item_id": world.supply["a_active"], "status": "shortlisted"}, headers="chain_leader", expect=200)
    post(f"/demand-items/{world.demand['b_open']}/decisions",
         {"supply_item_id": world.supply["b_harness"], "status": "rejected", "reason": "内部评估：价格偏高"},
         headers="chain_leader_b", expect=200)

    org1 = post("/events", {"name": "渝链同行 权限专场", "event_type": "百场万企", "event_date": "2025-06-18",
                            "sme_meeting_limit": 2, "shortlist_size": 3, "chains": [EDRIVE]},
                headers="organizer")["id"]
    world.events["org1"] = org1
    post(f"/events/{org1}/participants", [{"enterprise_id": world.enterprises[n]}
                                          for n in ("leader_a", "sme_a", "sme_b")], headers="organizer", expect=200)
    for participant in ("chain_leader", "sme", "sme_b"):  # each accepts the invitation with its own key
        response = client.put(f"/api/v1/events/{org1}/participation", json={"status": "accepted"},
                              headers=world.keys[participant])
        assert response.status_code == 200, response.text
    response = client.put(f"/api/v1/events/{org1}/layout", json={"start": "09:00", "minutes": 20, "count": 3,
                                                                  "tables": 2}, headers=world.keys["organizer"])
    assert response.status_code == 200, response.text
    request = post(f"/events/{org1}/meeting-requests", {"leader_id": world.enterprises["leader_a"]}, headers="sme",
                   expect=201)
    world.meeting_requests.append(request["id"])
    shortlists = post(f"/events/{org1}/shortlists/compute", None, headers="organizer", expect=200)
    world.shortlist_entries = [entry["id"] for leader in shortlists for item in leader["demand_items"]
                               for entry in item["entries"]]
    schedule = post(f"/events/{org1}/schedule", None, headers="organizer", expect=200)
    world.meetings = sorted(meeting["id"] for meeting in schedule["meetings"])
    org2 = post("/events", {"name": "跨行业对接会", "event_type": "跨行业对接会"}, headers="organizer_b")["id"]
    world.events["org2"] = org2
    post(f"/events/{org2}/participants", [{"enterprise_id": world.enterprises["leader_b"]}], headers="operator",
         expect=200)
    return world


# Everything a tenant could change, and the audit log (a refused write must leave no audit row either).
WATCHED_TABLES = ("enterprises", "qualifications", "enterprise_chains", "demand_items", "supply_items",
                  "intended_customers", "industry_chains", "api_keys", "match_decisions", "decision_events",
                  "events", "event_participants", "event_demand_items", "event_shortlist_entries",
                  "event_meeting_requests", "event_meetings", "event_slots", "event_tables", "audit_log")


def database_state(connection: Connection) -> dict[str, list[tuple]]:
    """Every row of the watched tables, in primary-key order: equal before and after means nothing changed."""
    state = {}
    for name in WATCHED_TABLES:
        table = Base.metadata.tables[name]
        order = list(table.primary_key.columns) or list(table.columns)
        state[name] = [tuple(row) for row in connection.execute(select(table).order_by(*order))]
    return state


@dataclass
class WorldApp:
    client: TestClient
    connection: Connection
    session_factory: Callable[[], Session]
    world: TenantWorld


@contextmanager
def open_world(engine: Engine, settings: Settings, **overrides: Any) -> Iterator[WorldApp]:
    """The service on one connection whose transaction holds the world and is rolled back at the end."""
    connection = engine.connect()
    transaction = connection.begin()

    def session_factory() -> Session:
        return Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)

    app = create_app(settings.model_copy(update={"rate_limit_enabled": False, **overrides}))
    app.state.engine = engine
    app.state.session_factory = session_factory
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            # One connection cannot serve two threads: the rebuild the API starts in a thread runs in the request.
            matching = app.state.matching
            matching.rebuild_in_background = lambda: (matching.rebuild(), True)[1]
            with session_factory() as db_session:
                world = build_world(client, db_session)
                db_session.commit()
            yield WorldApp(client=client, connection=connection, session_factory=session_factory, world=world)
    finally:
        transaction.rollback()
        connection.close()


@contextmanager
def rolled_back(env: WorldApp) -> Iterator[WorldApp]:
    """Run a test in a savepoint of the world, rolled back after; the matching index follows the database back."""
    savepoint = env.connection.begin_nested()
    try:
        yield env
    finally:
        savepoint.rollback()
        with env.session_factory() as db_session:
            env.client.app.state.matching.sync(db_session)
