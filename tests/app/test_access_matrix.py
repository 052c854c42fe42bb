"""Every cross-tenant read and write, and every role escalation we know of, tried through the API: each must be
refused (403 or 404, or 401 without a valid key) and must leave the database exactly as it was — every row of
every table a tenant could touch, and no audit row either.

The world (``tenant_world``): leaders A and B, SMEs A and B, two organizers with one event each. The acting key is
always one of A's (leader A, SME A, organizer 1); B's rows are "the other tenant's".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine

from app.core.config import Settings
from app.schemas.validators import make_credit_code
from app.services.auth import revoke_api_key
from tests.app.tenant_world import TenantWorld, WorldApp, database_state, open_world, rolled_back

DENIED = {403, 404}
VALID_CODE = make_credit_code("91500000MA5U7Y1J0")
HIDDEN = {404}


@dataclass(frozen=True)
class Attempt:
    name: str
    role: str
    method: str
    path: Callable[[TenantWorld], str]
    body: Callable[[TenantWorld], Any] | None = None
    expected: frozenset[int] = frozenset(DENIED)


def _attempts() -> list[Attempt]:
    d = lambda key: (lambda w: w.demand[key])  # noqa: E731
    s = lambda key: (lambda w: w.supply[key])  # noqa: E731
    e = lambda key: (lambda w: w.enterprises[key])  # noqa: E731
    ev = lambda key: (lambda w: w.events[key])  # noqa: E731
    a: list[Attempt] = []

    def add(name, role, method, path, body=None, expected=DENIED):
        a.append(Attempt(name, role, method, path, body, frozenset(expected)))

    # --- cross-tenant reads: what a role may not read is not disclosed (404) ------------------------------------
    add("leader reads another leader's demand item", "chain_leader", "GET",
        lambda w: f"/demand-items/{d('b_open')(w)}", expected=HIDDEN)
    add("leader reads another leader's suggestions", "chain_leader", "GET",
        lambda w: f"/demand-items/{d('b_open')(w)}/suggestions", expected=HIDDEN)
    add("leader reads another leader's decisions", "chain_leader", "GET",
        lambda w: f"/demand-items/{d('b_open')(w)}/decisions", expected=HIDDEN)
    add("leader reads another leader's decision history", "chain_leader", "GET",
        lambda w: f"/demand-items/{d('b_open')(w)}/decisions/history", expected=HIDDEN)
    add("leader reads another leader's enterprise page of suggestions", "chain_leader", "GET",
        lambda w: f"/enterprises/{e('leader_b')(w)}/suggestions", expected=HIDDEN)
    add("leader reads another leader's enterprise", "chain_leader", "GET",
        lambda w: f"/enterprises/{e('leader_b')(w)}", expected=HIDDEN)
    add("leader reads an inactive supply item", "chain_leader", "GET",
        lambda w: f"/supply-items/{s('a_paused')(w)}", expected=HIDDEN)
    add("SME reads another SME's supply item", "sme", "GET",
        lambda w: f"/supply-items/{s('b_harness')(w)}", expected=HIDDEN)
    add("SME reads another SME's opportunities", "sme", "GET",
        lambda w: f"/supply-items/{s('b_harness')(w)}/opportunities", expected=HIDDEN)
    add("SME reads another SME's enterprise", "sme", "GET",
        lambda w: f"/enterprises/{e('sme_b')(w)}", expected=HIDDEN)
    add("SME reads another SME's suggestions page", "sme", "GET",
        lambda w: f"/enterprises/{e('sme_b')(w)}/suggestions", expected=HIDDEN)
    add("SME reads a closed demand item", "sme", "GET",
        lambda w: f"/demand-items/{d('a_closed')(w)}", expected=HIDDEN)
    add("SME reads a leader's suggestions for its item", "sme", "GET",
        lambda w: f"/demand-items/{d('a_public')(w)}/suggestions")
    # a confidential item's row id would place it among its leader's consecutive public ids: not disclosed
    add("SME reads a confidential item by its row id", "sme", "GET",
        lambda w: f"/demand-items/{d('a_confidential')(w)}", expected=HIDDEN)
    add("SME probes a confidential item's suggestions by its row id", "sme", "GET",
        lambda w: f"/demand-items/{d('a_confidential')(w)}/suggestions", expected=HIDDEN)
    add("SME probes a confidential item's decisions by its row id", "sme_b", "GET",
        lambda w: f"/demand-items/{d('a_confidential')(w)}/decisions", expected=HIDDEN)
    add("organizer reads a confidential item by its row id", "organizer", "GET",
        lambda w: f"/demand-items/{d('a_confidential')(w)}", expected=HIDDEN)
    add("organizer reads an enterprise outside its events' chains", "organizer", "GET",
        lambda w: f"/enterprises/{e('leader_b')(w)}", expected=HIDDEN)
    add("organizer reads an SME's inactive supply item", "organizer", "GET",
        lambda w: f"/supply-items/{s('a_paused')(w)}", expected=HIDDEN)
    add("SME answers an invitation it never had", "sme", "PUT",
        lambda w: f"/events/{ev('org2')(w)}/participation", lambda w: {"status": "accepted"}, expected=HIDDEN)
    add("organizer reads a demand item outside its events", "organizer", "GET",
        lambda w: f"/demand-items/{d('b_open')(w)}", expected=HIDDEN)
    add("organizer reads another organizer's event", "organizer", "GET",
        lambda w: f"/events/{ev('org2')(w)}", expected=HIDDEN)
    add("organizer reads another organizer's participants", "organizer", "GET",
        lambda w: f"/events/{ev('org2')(w)}/participants", expected=HIDDEN)
    add("organizer reads another organizer's schedule", "organizer", "GET",
        lambda w: f"/events/{ev('org2')(w)}/schedule", expected=HIDDEN)
    add("organizer downloads another organizer's shortlists", "organizer", "GET",
        lambda w: f"/events/{ev('org2')(w)}/shortlists.xlsx", expected=HIDDEN)
    add("leader reads an event it is not in", "chain_leader_b", "GET",
        lambda w: f"/events/{ev('org1')(w)}", expected=HIDDEN)
    add("SME reads the participant list of its event", "sme", "GET",
        lambda w: f"/events/{ev('org1')(w)}/participants")
    for role in ("chain_leader", "sme", "organizer"):
        add(f"{role} reads the summary report", role, "GET", lambda w: "/reports/summary", expected={403})
        add(f"{role} reads the audit log", role, "GET", lambda w: "/audit-log", expected={403})
        add(f"{role} reads the matching index state", role, "GET", lambda w: "/matching-index", expected={403})
        add(f"{role} rebuilds the matching index", role, "POST", lambda w: "/matching-index/rebuild", expected={403})

    # --- cross-tenant writes --------------------------------------------------------------------------------------
    add("leader edits another leader's demand item", "chain_leader", "PATCH",
        lambda w: f"/demand-items/{d('b_open')(w)}", lambda w: {"product_name": "篡改"})
    add("leader deletes another leader's demand item", "chain_leader", "DELETE",
        lambda w: f"/demand-items/{d('b_open')(w)}")
    add("leader edits an SME's supply item it can read", "chain_leader", "PATCH",
        lambda w: f"/supply-items/{s('a_active')(w)}", lambda w: {"product_name": "篡改"})
    add("leader deletes an SME's supply item it can read", "chain_leader", "DELETE",
        lambda w: f"/supply-items/{s('a_active')(w)}")
    add("leader edits another leader's enterprise", "chain_leader", "PATCH",
        lambda w: f"/enterprises/{e('leader_b')(w)}", lambda w: {"contact_person": "篡改"})
    add("SME edits another SME's supply item", "sme", "PATCH",
        lambda w: f"/supply-items/{s('b_harness')(w)}", lambda w: {"product_name": "篡改"})
    add("SME deletes another SME's supply item", "sme", "DELETE", lambda w: f"/supply-items/{s('b_harness')(w)}")
    add("SME edits a demand item it can read", "sme", "PATCH",
        lambda w: f"/demand-items/{d('a_public')(w)}", lambda w: {"status": "closed"})
    add("SME deletes a demand item it can read", "sme", "DELETE", lambda w: f"/demand-items/{d('a_public')(w)}")
    add("SME edits another SME's enterprise", "sme", "PATCH",
        lambda w: f"/enterprises/{e('sme_b')(w)}", lambda w: {"name": "篡改有限公司"})
    add("SME edits a leader's enterprise it can read", "sme", "PATCH",
        lambda w: f"/enterprises/{e('leader_a')(w)}", lambda w: {"phone": "13800000000"})
    add("SME deletes its own enterprise", "sme", "DELETE", lambda w: f"/enterprises/{e('sme_a')(w)}")
    add("leader creates an enterprise", "chain_leader", "POST", lambda w: "/enterprises",
        lambda w: {"name": "新建企业有限公司", "credit_code": VALID_CODE, "role": "sme"})
    add("leader edits an industry chain", "chain_leader", "PATCH", lambda w: "/industry-chains/1",
        lambda w: {"name": "篡改产业链"})
    add("SME creates an industry chain", "sme", "POST", lambda w: "/industry-chains",
        lambda w: {"code": "X99", "name": "篡改产业链"})
    add("organizer deletes an industry chain", "organizer", "DELETE", lambda w: "/industry-chains/1")
    add("organizer edits another organizer's event", "organizer", "PATCH",
        lambda w: f"/events/{ev('org2')(w)}", lambda w: {"name": "篡改"})
    add("organizer deletes another organizer's event", "organizer", "DELETE", lambda w: f"/events/{ev('org2')(w)}")
    add("organizer adds participants to another organizer's event", "organizer", "POST",
        lambda w: f"/events/{ev('org2')(w)}/participants", lambda w: [{"enterprise_id": w.enterprises["sme_a"]}])
    add("organizer enrols an enterprise outside its events' chains", "organizer", "POST",
        lambda w: f"/events/{ev('org1')(w)}/participants", lambda w: [{"enterprise_id": w.enterprises["leader_b"]}],
        expected={422})
    add("organizer registers an enterprise without its acceptance", "organizer", "POST",
        lambda w: f"/events/{ev('org1')(w)}/participants",
        lambda w: [{"enterprise_id": w.enterprises["sme_a"], "status": "registered"}], expected={422})
    add("organizer puts a leader's confidential item into its event", "organizer", "POST",
        lambda w: f"/events/{ev('org1')(w)}/demand-items/{d('a_confidential')(w)}", expected={403})
    add("organizer edits a demand item it may search", "organizer", "PATCH",
        lambda w: f"/demand-items/{d('a_public')(w)}", lambda w: {"product_name": "篡改"})
    add("organizer edits an SME it may search", "organizer", "PATCH",
        lambda w: f"/enterprises/{e('sme_a')(w)}", lambda w: {"phone": "13800000000"})
    add("SME puts a leader's item into the event", "sme", "POST",
        lambda w: f"/events/{ev('org1')(w)}/demand-items/{d('a_public')(w)}")
    add("organizer computes another organizer's shortlists", "organizer", "POST",
        lambda w: f"/events/{ev('org2')(w)}/shortlists/compute")
    add("organizer records an outcome in another organizer's event", "organizer_b", "PUT",
        lambda w: f"/events/{ev('org1')(w)}/meetings/{w.meetings[0]}/outcome", lambda w: {"outcome": "onboarded"})
    add("SME records a meeting outcome", "sme", "PUT",
        lambda w: f"/events/{ev('org1')(w)}/meetings/{w.meetings[0]}/outcome", lambda w: {"outcome": "onboarded"})
    add("leader outside the event records an outcome", "chain_leader_b", "PUT",
        lambda w: f"/events/{ev('org1')(w)}/meetings/{w.meetings[0]}/outcome", lambda w: {"outcome": "onboarded"})
    add("SME edits the event it takes part in", "sme", "PATCH",
        lambda w: f"/events/{ev('org1')(w)}", lambda w: {"name": "篡改"})
    add("leader solves the schedule of its event", "chain_leader", "POST",
        lambda w: f"/events/{ev('org1')(w)}/schedule")
    add("SME pins a shortlist entry", "sme", "PATCH",
        lambda w: f"/events/{ev('org1')(w)}/shortlists/{w.shortlist_entries[0]}", lambda w: {"pinned": True})
    add("SME B removes SME A's meeting request", "sme_b", "DELETE",
        lambda w: f"/events/{ev('org1')(w)}/meeting-requests/{w.meeting_requests[0]}")

    # --- escalations: a tenant reaching for identity, role, certified facts, or another's power -----------------
    add("SME makes itself a chain leader", "sme", "PATCH",
        lambda w: f"/enterprises/{e('sme_a')(w)}", lambda w: {"role": "chain_leader"})
    add("SME changes its credit code", "sme", "PATCH",
        lambda w: f"/enterprises/{e('sme_a')(w)}", lambda w: {"credit_code": VALID_CODE})
    add("SME grants itself a qualification", "sme", "PATCH", lambda w: f"/enterprises/{e('sme_a')(w)}",
        lambda w: {"qualifications": [{"kind": "national_little_giant", "year": 2024}]})
    add("leader changes its role", "chain_leader", "PATCH",
        lambda w: f"/enterprises/{e('leader_a')(w)}", lambda w: {"role": "sme"})
    add("leader publishes demand for another leader", "chain_leader", "POST", lambda w: "/demand-items",
        lambda w: {"enterprise_id": w.enterprises["leader_b"], "category": "component", "product_name": "冒名需求"})
    add("SME publishes supply for another SME", "sme", "POST", lambda w: "/supply-items",
        lambda w: {"enterprise_id": w.enterprises["sme_b"], "category": "component", "product_name": "冒名供给"})
    add("SME publishes a demand item", "sme", "POST", lambda w: "/demand-items",
        lambda w: {"category": "component", "product_name": "越权需求"})
    add("leader publishes a supply item", "chain_leader", "POST", lambda w: "/supply-items",
        lambda w: {"category": "component", "product_name": "越权供给"})
    add("organizer publishes a supply item", "organizer", "POST", lambda w: "/supply-items",
        lambda w: {"category": "component", "product_name": "越权供给"})
    add("SME moves its supply item to another SME", "sme", "PATCH",
        lambda w: f"/supply-items/{s('a_active')(w)}", lambda w: {"enterprise_id": w.enterprises["sme_b"]},
        expected={403, 404, 422})
    add("leader moves its demand item to another leader", "chain_leader", "PATCH",
        lambda w: f"/demand-items/{d('a_public')(w)}", lambda w: {"enterprise_id": w.enterprises["leader_b"]},
        expected={403, 404, 422})
    add("SME decides on a suggestion", "sme", "POST", lambda w: f"/demand-items/{d('a_public')(w)}/decisions",
        lambda w: {"supply_item_id": w.supply["a_active"], "status": "onboarded"})
    add("leader decides on another leader's item", "chain_leader", "POST",
        lambda w: f"/demand-items/{d('b_open')(w)}/decisions",
        lambda w: {"supply_item_id": w.supply["b_harness"], "status": "shortlisted"})
    add("leader bulk-decides with one item of another leader's", "chain_leader_b", "POST",
        lambda w: f"/demand-items/{d('a_public')(w)}/decisions",
        lambda w: [{"supply_item_id": w.supply["a_active"], "status": "rejected", "reason": "x"}])
    add("organizer decides outside its events", "organizer", "POST",
        lambda w: f"/demand-items/{d('b_open')(w)}/decisions",
        lambda w: {"supply_item_id": w.supply["b_harness"], "status": "onboarded"})
    add("SME imports a demand list", "sme", "POST", lambda w: "/imports/demand", expected={403, 422})
    add("leader imports a supply list", "chain_leader", "POST", lambda w: "/imports/supply", expected={403, 422})
    add("SME asks for a meeting in another organizer's event", "sme", "POST",
        lambda w: f"/events/{ev('org2')(w)}/meeting-requests", lambda w: {"leader_id": w.enterprises["leader_b"]})
    # --- no valid key -------------------------------------------------------------------------------------------
    add("no key writes a demand item", "anonymous", "POST", lambda w: "/demand-items",
        lambda w: {"category": "component", "product_name": "匿名"}, expected={401})
    add("a made-up key deletes an enterprise", "forged", "DELETE",
        lambda w: f"/enterprises/{e('leader_b')(w)}", expected={401})
    add("a revoked operator key deletes an enterprise", "revoked", "DELETE",
        lambda w: f"/enterprises/{e('leader_b')(w)}", expected={401})
    return a


ATTEMPTS = _attempts()


@pytest.fixture(scope="module")
def world_app(engine: Engine, settings: Settings) -> Iterator[WorldApp]:
    with open_world(engine, settings) as env:
        yield env


@pytest.fixture
def env(world_app: WorldApp) -> Iterator[WorldApp]:
    with rolled_back(world_app):
        yield world_app


def _headers(env: WorldApp, role: str) -> dict[str, str]:
    if role == "anonymous":
        return {}
    if role == "forged":
        return {"Authorization": "Bearer cm_" + "A" * 43}
    if role == "revoked":
        with env.session_factory() as db_session:
            revoke_api_key(db_session=db_session, key_id=env.world.key_ids["operator"])
            db_session.commit()
        return env.world.keys["operator"]
    return env.world.keys[role]


def _files(path: str) -> dict[str, Any] | None:
    if path.startswith("/imports/"):
        return {"file": ("清单.csv", "企业名称,统一社会信用代码,产品名称\n".encode(), "text/csv")}
    return None


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=[a.name for a in ATTEMPTS])
def test_refused_and_nothing_changed(attempt: Attempt, env: WorldApp) -> None:
    headers = _headers(env, attempt.role)
    before = database_state(env.connection)
    kwargs: dict[str, Any] = {"headers": headers}
    if attempt.body is not None:
        kwargs["json"] = attempt.body(env.world)
    path = attempt.path(env.world)
    if (files := _files(path)) is not None:
        kwargs["files"] = files
    response = env.client.request(attempt.method, "/api/v1" + path, **kwargs)
    assert response.status_code in attempt.expected, response.text
    assert response.json()["error"] in {"forbidden", "not_found", "unauthorized", "validation_error"}
    assert database_state(env.connection) == before


def test_every_role_is_tried_and_the_matrix_is_large() -> None:
    roles = {a.role for a in ATTEMPTS}
    assert {"chain_leader", "chain_leader_b", "sme", "sme_b", "organizer", "organizer_b", "anonymous"} <= roles
    assert len(ATTEMPTS) >= 70


# --- what a tenant may read of others' data: present, but without what it must not see --------------------------


def _shown(env: WorldApp, role: str, product_name: str) -> dict:
    listed = env.client.get("/api/v1/demand-items", headers=env.world.keys[role], params={"limit": 100}).json()
    return next(item for item in listed["items"] if item["product_name"] == product_name)


def test_sme_sees_a_confidential_item_without_its_leader(env: WorldApp) -> None:
    w = env.world
    shown_id = _shown(env, "sme", "伺服电机")["id"]
    body = env.client.get(f"/api/v1/demand-items/{shown_id}", headers=w.keys["sme"]).json()
    leader_name = "重庆权限测试leader_a有限公司"
    assert body["product_name"] == "伺服电机"
    assert leader_name not in str(body) and body.get("enterprise_id") in (None, 0)
    listed = env.client.get("/api/v1/demand-items", headers=w.keys["sme"],
                            params={"owner": w.enterprises["leader_a"]}).json()
    assert w.demand["a_confidential"] not in [item["id"] for item in listed["items"]]


def test_sme_sees_only_its_own_decisions_without_reasons(env: WorldApp) -> None:
    w = env.world
    own = env.client.get(f"/api/v1/demand-items/{w.demand['a_public']}/decisions", headers=w.keys["sme"]).json()
    assert [d["supply_item_id"] for d in own] == [w.supply["a_active"]]
    assert all(d.get("reason") is None and d.get("decided_by_key_id") is None for d in own)
    other = env.client.get(f"/api/v1/demand-items/{w.demand['a_public']}/decisions", headers=w.keys["sme_b"])
    assert other.status_code == 200 and other.json() == []
    rejected = env.client.get(f"/api/v1/demand-items/{w.demand['b_open']}/decisions", headers=w.keys["sme_b"])
    assert rejected.status_code == 200 and "价格偏高" not in rejected.text
    history = env.client.get(f"/api/v1/demand-items/{w.demand['b_open']}/decisions/history",
                             headers=w.keys["sme_b"]).json()
    assert history and all(h["reason"] is None and h["api_key_id"] is None and h["actor_role"] is None
                           for h in history)
    others = env.client.get(f"/api/v1/demand-items/{w.demand['a_public']}/decisions/history",
                            headers=w.keys["sme_b"])
    assert others.status_code == 200 and others.json() == []


def test_own_writes_still_work(env: WorldApp) -> None:
    """The refusals above are not a service that refuses everything: each tenant can still change its own rows."""
    w = env.world
    checks = [
        ("chain_leader", "PATCH", f"/demand-items/{w.demand['a_public']}", {"specification": "1200V 600A"}),
        ("sme", "PATCH", f"/supply-items/{w.supply['a_active']}", {"description": "车规级 IGBT"}),
        ("sme", "PATCH", f"/enterprises/{w.enterprises['sme_a']}", {"contact_person": "王工"}),
        ("chain_leader", "POST", f"/demand-items/{w.demand['a_public']}/decisions",
         {"supply_item_id": w.supply["a_active"], "status": "intent"}),
        ("organizer", "PATCH", f"/events/{w.events['org1']}", {"venue": "重庆悦来国际会议中心"}),
    ]
    for role, method, path, body in checks:
        response = env.client.request(method, "/api/v1" + path, headers=w.keys[role], json=body)
        assert response.status_code == 200, (role, path, response.text)
