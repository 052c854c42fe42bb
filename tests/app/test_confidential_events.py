"""Confidential demand items cannot be tied to their leader by what SMEs and organizers read (ids, timestamps,
sort orders, opportunities, event schedules and their exports), and organizers act only on enterprises that
accepted their invitation, with decisions on a leader's items only from the leader's side (issue 16, item 5).

The world (``tenant_world``): leader A has a public open item, then a confidential one, then a closed one, created
one after the other (consecutive ids, the same second); SME B offers the product the confidential item asks for.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import Engine

from app.core.config import Settings
from tests.app.tenant_world import WorldApp, open_world, rolled_back

LEADER_A = "重庆权限测试leader_a有限公司"
PUBLIC_REF_MIN = 2**40


@pytest.fixture(scope="module")
def world_app(engine: Engine, settings: Settings) -> Iterator[WorldApp]:
    with open_world(engine, settings) as env:
        yield env


@pytest.fixture
def env(world_app: WorldApp) -> Iterator[WorldApp]:
    with rolled_back(world_app):
        yield world_app


def _get(env: WorldApp, role: str, path: str, expect: int = 200, **params):
    response = env.client.get(f"/api/v1{path}", headers=env.world.keys[role], params=params)
    assert response.status_code == expect, response.text
    return response.json() if response.headers.get("content-type", "").startswith("application/json") else response


def _call(env: WorldApp, role: str, method: str, path: str, body=None, expect: int = 200):
    response = env.client.request(method, f"/api/v1{path}", headers=env.world.keys[role], json=body)
    assert response.status_code == expect, response.text
    return response.json() if response.content else None


def _listed(env: WorldApp, role: str, **params) -> list[dict]:
    return _get(env, role, "/demand-items", limit=100, **params)["items"]


# --- ids, timestamps and orders an SME sees ---------------------------------------------------------------------


def test_sme_cannot_place_a_confidential_item_among_its_leaders_ids(env: WorldApp) -> None:
    w = env.world
    by_id = _listed(env, "sme", sort="id")
    confidential = next(i for i in by_id if i["confidential"])
    public = next(i for i in by_id if i["id"] == w.demand["a_public"])
    # the row ids are consecutive: the confidential item sits right after leader A's public one
    assert w.demand["a_confidential"] == w.demand["a_public"] + 1
    # …but the SME sees a random reference instead, far from any row id, so sort=id places it nowhere
    assert confidential["id"] != w.demand["a_confidential"] and confidential["id"] >= PUBLIC_REF_MIN
    assert by_id.index(confidential) == len(by_id) - 1
    # its timestamps are cut to the day; the public neighbour keeps its exact time
    created = datetime.fromisoformat(confidential["created_at"].replace("Z", "+00:00"))
    assert (created.hour, created.minute, created.second, created.microsecond) == (0, 0, 0, 0)
    assert public["created_at"] != confidential["created_at"]
    # sorting by time does not interleave it with its leader's items either
    for sort in ("created_at", "-created_at", "updated_at", "-id"):
        ordered = [i["id"] for i in _listed(env, "sme", sort=sort)]
        position = ordered.index(confidential["id"])
        assert position in (0, len(ordered) - 1), sort
    # the reference is the item's id for the SME: detail and decisions answer under it, the row id does not
    assert _get(env, "sme", f"/demand-items/{confidential['id']}")["product_name"] == "伺服电机"
    _get(env, "sme", f"/demand-items/{w.demand['a_confidential']}", expect=404)
    assert _get(env, "sme_b", f"/demand-items/{confidential['id']}/decisions") == []
    # the same item stays under its row id for its leader and for operators
    assert _get(env, "chain_leader", f"/demand-items/{w.demand['a_confidential']}")["confidential"]
    assert _get(env, "operator", f"/demand-items/{w.demand['a_confidential']}")["enterprise_name"] == LEADER_A


def test_references_are_random_and_unrelated_to_the_row(env: WorldApp) -> None:
    w = env.world
    refs = []
    for n in range(6):
        created = _call(env, "chain_leader", "POST", "/demand-items", {
            "category": "component", "product_name": f"保密样件{n}", "part_numbers": [f"CF-{n}"],
            "confidential": True}, expect=201)
        refs.append(next(i["id"] for i in _listed(env, "sme", q=f"保密样件{n}")))
        assert created["id"] < PUBLIC_REF_MIN
    assert len(set(refs)) == 6 and all(r >= PUBLIC_REF_MIN for r in refs)
    # consecutive rows, but their references neither follow one another nor keep the rows' order
    assert any(abs(b - a) > 1_000_000 for a, b in zip(refs, refs[1:], strict=False))
    assert w.enterprises["leader_a"] not in [i.get("enterprise_id") for i in _listed(env, "sme", q="保密样件")]


def test_sme_opportunities_show_the_reference_not_the_row(env: WorldApp) -> None:
    w = env.world
    found = _get(env, "sme_b", f"/supply-items/{w.supply['b_servo']}/opportunities", limit=20)
    servo = next(o["demand_item"] for o in found if o["demand_item"]["product_name"] == "伺服电机")
    assert servo["id"] >= PUBLIC_REF_MIN and servo["enterprise_id"] is None and LEADER_A not in str(found)
    assert servo["created_at"].endswith(("T00:00:00Z", "T00:00:00+00:00"))
    page = _get(env, "sme_b", f"/enterprises/{w.enterprises['sme_b']}/suggestions")
    assert str(w.demand["a_confidential"]) not in re.findall(r'"id":\s*(\d+)', str(page).replace("'", '"'))


# --- events ----------------------------------------------------------------------------------------------------


def _confidential_meeting(env: WorldApp) -> int:
    """Leader A puts its confidential item into the event itself; SME B is shortlisted for it and scheduled."""
    w = env.world
    org1 = w.events["org1"]
    _call(env, "chain_leader", "POST", f"/events/{org1}/demand-items/{w.demand['a_confidential']}", expect=204)
    _call(env, "organizer", "POST", f"/events/{org1}/shortlists/compute", {})
    schedule = _call(env, "organizer", "POST", f"/events/{org1}/schedule")
    return next(m["id"] for m in schedule["meetings"]
                if m["sme_id"] == w.enterprises["sme_b"] and [w.demand["a_confidential"], w.supply["b_servo"]]
                in m["topics"])


def _pdf_text(content: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


def test_sme_schedule_does_not_name_the_leader_of_a_confidential_topic(env: WorldApp) -> None:
    w = env.world
    org1 = w.events["org1"]
    meeting_id = _confidential_meeting(env)
    mine = _get(env, "sme_b", f"/events/{org1}/schedule")
    meeting = next(m for m in mine["meetings"] if m["id"] == meeting_id)
    assert meeting["leader_name"] == "某链主企业" and meeting["leader_id"] is None
    shown = _shown_id(env, "sme_b", "伺服电机")
    assert [shown, w.supply["b_servo"]] in meeting["topics"]
    assert w.demand["a_confidential"] not in [d for d, _ in meeting["topics"]]
    assert LEADER_A not in str(mine)
    workbook = load_workbook(io.BytesIO(_get(env, "sme_b", f"/events/{org1}/schedule.xlsx").content))
    cells = " ".join(str(c) for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert LEADER_A not in cells and "某链主企业" in cells
    assert LEADER_A not in _pdf_text(_get(env, "sme_b", f"/events/{org1}/schedule.pdf").content)
    # the organizer, who runs the event the leader brought the item to, sees the meeting as it is
    full = _get(env, "organizer", f"/events/{org1}/schedule")
    assert next(m for m in full["meetings"] if m["id"] == meeting_id)["leader_name"] == LEADER_A


def _shown_id(env: WorldApp, role: str, product_name: str) -> int:
    return next(i["id"] for i in _listed(env, role) if i["product_name"] == product_name)


def test_confidential_items_stay_out_of_an_event_until_their_leader_brings_them(env: WorldApp) -> None:
    w = env.world
    org1 = w.events["org1"]
    shortlists = _get(env, "organizer", f"/events/{org1}/shortlists")
    items = [d["demand_item_id"] for leader in shortlists for d in leader["demand_items"]]
    assert w.demand["a_public"] in items and w.demand["a_confidential"] not in items
    _call(env, "organizer", "POST", f"/events/{org1}/demand-items/{w.demand['a_confidential']}", expect=403)
    # the organizer searching the chain sees the item only as SMEs do
    found = next(i for i in _listed(env, "organizer") if i["product_name"] == "伺服电机")
    assert found["enterprise_name"] == "某链主企业" and found["id"] >= PUBLIC_REF_MIN


def test_organizer_invites_and_only_accepted_enterprises_take_part(env: WorldApp) -> None:
    w = env.world
    org1 = w.events["org1"]
    # an enterprise outside the organizer's chains cannot be enrolled, and nothing about it is read back
    refused = env.client.post(f"/api/v1/events/{org1}/participants", headers=w.keys["organizer"],
                              json=[{"enterprise_id": w.enterprises["leader_b"]}])
    assert refused.status_code == 422 and "权限测试leader_b" not in refused.text
    # SME A declines: it leaves the event's schedule and the event disappears for it
    _call(env, "sme", "PUT", f"/events/{org1}/participation", {"status": "declined"})
    _get(env, "sme", f"/events/{org1}", expect=404)
    schedule = _call(env, "organizer", "POST", f"/events/{org1}/schedule")
    assert w.enterprises["sme_a"] not in [m["sme_id"] for m in schedule["meetings"]]
    participants = _get(env, "organizer", f"/events/{org1}/participants")
    assert {p["status"] for p in participants} == {"accepted", "declined"}


def test_organizer_outcomes_need_the_leaders_confirmation(env: WorldApp) -> None:
    w = env.world
    org1 = w.events["org1"]
    meeting = next(m for m in _get(env, "organizer", f"/events/{org1}/schedule")["meetings"]
                   if m["sme_id"] == w.enterprises["sme_a"])
    recorded = _call(env, "organizer", "PUT", f"/events/{org1}/meetings/{meeting['id']}/outcome",
                     {"outcome": "no_interest"})
    assert recorded["decisions_recorded"] == 0 and recorded["awaiting_leader"]
    decisions = _get(env, "chain_leader", f"/demand-items/{w.demand['a_public']}/decisions")
    assert {d["status"] for d in decisions} == {"shortlisted"}  # the leader's own decision is untouched
    leader_view = _get(env, "chain_leader", f"/events/{org1}/schedule")
    pending = next(m for m in leader_view["meetings"] if m["id"] == meeting["id"])
    assert pending["outcome"] == "no_interest" and not pending["outcome_confirmed"]
    # the leader confirms (records it itself): now it is a decision
    confirmed = _call(env, "chain_leader", "PUT", f"/events/{org1}/meetings/{meeting['id']}/outcome",
                      {"outcome": "no_interest", "note": "价格不合适"})
    assert confirmed["decisions_recorded"] == 1 and confirmed["meeting"]["outcome_confirmed"]
    assert {d["status"] for d in _get(env, "chain_leader", f"/demand-items/{w.demand['a_public']}/decisions")} == {
        "rejected"}
    # once confirmed, the organizer cannot replace the leader's outcome
    refused = _call(env, "organizer", "PUT", f"/events/{org1}/meetings/{meeting['id']}/outcome",
                    {"outcome": "onboarded"}, expect=409)
    assert refused["error"] == "outcome_confirmed_by_leader"
