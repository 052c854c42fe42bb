"""The organizer pages and the participants' invitation pages, over the access-matrix world (``tenant_world``):
organizer 1 runs event org1 (chain 电驱动系统; leader A and both SMEs accepted, shortlists computed, schedule
solved), organizer 2 runs org2. Each test signs users in through /login, as a browser does.

What must hold: nothing answers without a session; an organizer reaches only its own events (others 404, nothing
changes); an organizer never sees a confidential item's leader; an SME or leader sees and answers only its own
enterprise's invitations; every state-changing form needs the session's CSRF token; and the pages do what they say
(create, invite, accept, compute, pin, solve, download, outcomes with the overwrite confirmation)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from app.core.config import Settings
from app.models import (
    DecisionStatus,
    EventMeeting,
    EventParticipant,
    EventShortlistEntry,
    MatchDecision,
    ParticipantStatus,
)
from app.schemas.items import ANONYMOUS_LEADER_NAME
from app.services import users as user_service
from tests.app.tenant_world import WorldApp, database_state, open_world, rolled_back

PASSWORD = "organizer-pages-42"
LEADER_A = "重庆权限测试leader_a有限公司"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def world_app(engine: Engine, settings: Settings) -> Iterator[WorldApp]:
    with open_world(engine, settings) as env:
        with env.session_factory() as db_session:
            w = env.world
            for login, role_key, enterprise in (
                ("org1@test.cn", "organizer", None), ("org2@test.cn", "organizer_b", None),
                ("sme-a@test.cn", "sme", "sme_a"), ("sme-b@test.cn", "sme_b", "sme_b"),
                ("leader-a@test.cn", "chain_leader", "leader_a"), ("leader-b@test.cn", "chain_leader_b", "leader_b"),
            ):
                from app.models import ApiKey

                key = db_session.get(ApiKey, w.key_ids[role_key])
                user = user_service.create_user(db_session=db_session, login=login, password=PASSWORD, role=key.role,
                                                enterprise_id=w.enterprises[enterprise] if enterprise else None)
                # the world's keys own its events and participations: the user acts through that key
                user.identity_key_id = key.id
                db_session.flush()
            db_session.commit()
        yield env


@pytest.fixture
def env(world_app: WorldApp) -> Iterator[WorldApp]:
    with rolled_back(world_app):
        yield world_app


class Browser:
    """A signed-in user: its own cookie jar and the session's CSRF token."""

    def __init__(self, env: WorldApp, login: str | None) -> None:
        self.client = TestClient(env.client.app, raise_server_exceptions=False, follow_redirects=False)
        self.csrf = ""
        if login is not None:
            page = self.client.get("/login")
            response = self.client.post("/login", data={"login": login, "password": PASSWORD,
                                                        "csrf_token": CSRF_INPUT.search(page.text).group(1)})
            assert response.status_code == 303, response.text
            self.csrf = CSRF_INPUT.search(self.client.get(response.headers["location"],
                                                          follow_redirects=True).text).group(1)

    def get(self, path: str, **kwargs):
        return self.client.get(path, **kwargs)

    def post(self, path: str, data: dict | None = None, *, csrf: bool = True, htmx: bool = False, **kwargs):
        data = dict(data or {})
        if csrf:
            data["csrf_token"] = self.csrf
        headers = {"HX-Request": "true"} if htmx else {}
        return self.client.post(path, data=data, headers=headers, **kwargs)


def _event(env: WorldApp, name: str = "org1") -> int:
    return env.world.events[name]


def _state(env: WorldApp) -> dict:
    return database_state(env.connection)


# --- without a session ------------------------------------------------------------------------------------------


def _organizer_paths(env: WorldApp) -> tuple[list[str], list[str]]:
    e, meeting, entry = _event(env), env.world.meetings[0], env.world.shortlist_entries[0]
    reads = ["/organizer", "/organizer/events/new", f"/organizer/events/{e}", f"/organizer/events/{e}/edit",
             f"/organizer/events/{e}/invite?q=IGBT", f"/organizer/events/{e}/shortlists",
             f"/organizer/events/{e}/schedule", f"/organizer/events/{e}/shortlists.pdf",
             f"/organizer/events/{e}/shortlists.xlsx", f"/organizer/events/{e}/schedule.pdf",
             f"/organizer/events/{e}/schedule.xlsx", "/account/events", f"/account/events/{e}"]
    writes = ["/organizer/events/new", f"/organizer/events/{e}/edit", f"/organizer/events/{e}/layout",
              f"/organizer/events/{e}/invite", f"/organizer/events/{e}/shortlists/compute",
              f"/organizer/events/{e}/shortlists/{entry}", f"/organizer/events/{e}/schedule",
              f"/organizer/events/{e}/meetings/{meeting}/outcome",
              f"/organizer/events/{e}/participants/{env.world.enterprises['sme_b']}/remove",
              f"/account/events/{e}/answer", f"/account/events/{e}/meetings/{meeting}/outcome"]
    return reads, writes


def test_no_page_or_fragment_answers_without_a_session(env: WorldApp) -> None:
    anonymous = Browser(env, None)
    reads, writes = _organizer_paths(env)
    before = _state(env)
    for path in reads:
        response = anonymous.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next="), path
        fragment = anonymous.get(path, headers={"HX-Request": "true"})
        assert fragment.status_code == 401 and fragment.headers["HX-Redirect"].startswith("/login"), path
        assert "重庆权限测试" not in response.text + fragment.text
    for path in writes:
        response = anonymous.post(path, {"enterprise_id": env.world.enterprises["sme_b"], "outcome": "intent",
                                         "status": "accepted", "action": "pin"}, csrf=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
        assert anonymous.post(path, {"action": "pin"}, csrf=False, htmx=True).status_code == 401, path
    assert _state(env) == before


# --- an organizer acts only on its own events -------------------------------------------------------------------


def test_an_organizer_reaches_only_its_own_events(env: WorldApp) -> None:
    other = Browser(env, "org2@test.cn")
    reads, writes = _organizer_paths(env)
    listing = other.get("/organizer")
    assert listing.status_code == 200 and "渝链同行 权限专场" not in listing.text and "跨行业对接会" in listing.text
    before = _state(env)
    for path in reads:
        if path.startswith("/organizer/events/") and not path.endswith("/new"):
            response = other.get(path)
            assert response.status_code == 404, (path, response.status_code)
            assert "重庆权限测试" not in response.text, path
    for path in writes:
        if path.startswith("/organizer/events/") and not path.endswith("/new"):
            response = other.post(path, {"enterprise_id": env.world.enterprises["sme_b"], "outcome": "intent",
                                         "action": "pin", "name": "改名", "event_type": "百场万企", "start": "09:00",
                                         "minutes": "20", "count": "2", "tables": "2"})
            assert response.status_code == 404, (path, response.status_code, response.text[:300])
    assert _state(env) == before
    # tenants are not organizers
    assert Browser(env, "sme-a@test.cn").get("/organizer").status_code == 403


# --- confidential demand: the organizer never sees its leader ---------------------------------------------------


def test_an_organizer_never_sees_a_confidential_items_leader(env: WorldApp) -> None:
    organizer = Browser(env, "org1@test.cn")
    e = _event(env)
    found = organizer.get(f"/organizer/events/{e}/invite", params={"q": "伺服电机", "kind": "demand"})
    assert found.status_code == 200
    row = re.search(r"<tr><td>([^<]*)<br>.*?伺服电机.*?</tr>", found.text, re.S)
    assert row is not None and row.group(1) == ANONYMOUS_LEADER_NAME
    assert LEADER_A not in found.text and "两江新区" not in found.text
    assert "保密需求，不公开链主企业" in found.text
    # naming the leader finds its public item, never the confidential one
    by_name = organizer.get(f"/organizer/events/{e}/invite", params={"q": "leader_a", "kind": "demand"})
    assert "IGBT模块" in by_name.text and "伺服电机" not in by_name.text
    # the shortlists hold only what leaders put in scope: leader A's acceptance brought its public item, not the
    # confidential one (an SME's 伺服电机 product may be proposed, but no demand item of that name is listed)
    shortlists = organizer.get(f"/organizer/events/{e}/shortlists").text
    assert "<header><strong>IGBT模块</strong>" in shortlists
    assert "<header><strong>伺服电机</strong>" not in shortlists


# --- invitations: an enterprise sees and answers only its own ---------------------------------------------------


def test_an_organizer_creates_an_event_invites_and_only_the_invited_enterprise_answers(env: WorldApp) -> None:
    organizer = Browser(env, "org1@test.cn")
    created = organizer.post("/organizer/events/new", {"name": "渝链同行·页面专场", "event_type": "hundred_events",
                                                        "event_date": "2026-12-20", "venue": "重庆国际博览中心",
                                                        "chains": "电驱动系统", "leader_meeting_limit": "6",
                                                        "sme_meeting_limit": "2", "shortlist_size": "3"})
    assert created.status_code == 303, created.text
    path = created.headers["location"]
    event_id = int(path.rsplit("/", 1)[1])
    assert "渝链同行·页面专场" in organizer.get(path).text
    bad = organizer.post(f"/organizer/events/{event_id}/edit", {"name": "", "event_type": "hundred_events"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text

    found = organizer.get(f"/organizer/events/{event_id}/invite", params={"q": "IGBT", "kind": "supply"})
    assert "重庆权限测试sme_a有限公司" in found.text
    invited = organizer.post(f"/organizer/events/{event_id}/invite",
                             {"enterprise_id": env.world.enterprises["sme_a"], "side": "sme"}, htmx=True)
    assert invited.status_code == 200 and "已邀请" in invited.text

    sme_b, sme_a = Browser(env, "sme-b@test.cn"), Browser(env, "sme-a@test.cn")
    assert "渝链同行·页面专场" not in sme_b.get("/account/events").text
    before = _state(env)
    assert sme_b.post(f"/account/events/{event_id}/answer", {"status": "accepted"}).status_code == 404
    assert sme_b.get(f"/account/events/{event_id}").status_code == 404
    assert _state(env) == before

    page = sme_a.get("/account/events")
    assert "渝链同行·页面专场" in page.text and "接受邀请" in page.text
    assert sme_a.post(f"/account/events/{event_id}/answer", {"status": "accepted"}).status_code == 303
    with env.session_factory() as db_session:
        status = db_session.scalar(select(EventParticipant.status).where(
            EventParticipant.event_id == event_id, EventParticipant.enterprise_id == env.world.enterprises["sme_a"]))
    assert status is ParticipantStatus.ACCEPTED
    assert "已接受邀请" in sme_a.get("/account/events").text
    # another organizer's event, and the organizer pages, stay closed to the participant
    assert sme_a.get(f"/organizer/events/{event_id}").status_code == 403


# --- CSRF ----------------------------------------------------------------------------------------------------------


def test_every_state_changing_form_needs_the_sessions_csrf_token(env: WorldApp) -> None:
    organizer, leader = Browser(env, "org1@test.cn"), Browser(env, "leader-a@test.cn")
    e, meeting = _event(env), env.world.meetings[0]
    _, writes = _organizer_paths(env)
    body = {"enterprise_id": env.world.enterprises["sme_b"], "outcome": "intent", "status": "declined",
            "action": "remove", "name": "改名", "event_type": "百场万企", "start": "09:00", "minutes": "20",
            "count": "2", "tables": "2"}
    before = _state(env)
    for path in writes:
        user = leader if path.startswith("/account/") else organizer
        assert user.post(path, body, csrf=False).status_code == 403, path
        assert user.post(path, {**body, "csrf_token": "forged"}, csrf=False).status_code == 403, path
        assert user.post(path, body, csrf=False, htmx=True).status_code == 403, path
        # another user's valid token is not this session's
        assert user.post(path, {**body, "csrf_token": (organizer if user is leader else leader).csrf},
                         csrf=False).status_code == 403, path
    assert _state(env) == before
    # the same form with the token goes through
    assert leader.post(f"/account/events/{e}/meetings/{meeting}/outcome", {"outcome": "follow_up"}).status_code == 303


# --- shortlists, schedule, downloads, outcomes ----------------------------------------------------------------------


def test_the_organizer_pins_reorders_and_removes_shortlist_entries_in_fragments(env: WorldApp) -> None:
    organizer = Browser(env, "org1@test.cn")
    e = _event(env)
    page = organizer.get(f"/organizer/events/{e}/shortlists")
    assert page.status_code == 200 and "IGBT模块" in page.text
    with env.session_factory() as db_session:
        entries = list(db_session.scalars(select(EventShortlistEntry).where(EventShortlistEntry.event_id == e)
                                          .order_by(EventShortlistEntry.demand_item_id,
                                                    EventShortlistEntry.position)))
    entry = entries[-1]
    pinned = organizer.post(f"/organizer/events/{e}/shortlists/{entry.id}",
                            {"action": "pin", "demand_item_id": entry.demand_item_id}, htmx=True)
    assert pinned.status_code == 200
    assert f'id="item-{entry.demand_item_id}"' in pinned.text and "已置顶" in pinned.text
    assert "<html" not in pinned.text  # a fragment, not a page
    removed = organizer.post(f"/organizer/events/{e}/shortlists/{entry.id}",
                             {"action": "remove", "demand_item_id": entry.demand_item_id}, htmx=True)
    assert f'id="entry-{entry.id}"' not in removed.text
    with env.session_factory() as db_session:
        assert db_session.get(EventShortlistEntry, entry.id).removed
    bad = organizer.post(f"/organizer/events/{e}/shortlists/{entry.id}", {"action": "explode"})
    assert bad.status_code == 422


def test_the_schedule_grid_warns_about_participants_without_a_meeting_and_the_packs_download(env: WorldApp) -> None:
    organizer = Browser(env, "org1@test.cn")
    e = _event(env)
    # a participant who cannot meet anyone: leader B, registered by an operator with no meeting capacity
    registered = env.client.post(f"/api/v1/events/{e}/participants", headers=env.world.keys["operator"],
                                 json=[{"enterprise_id": env.world.enterprises["leader_b"], "meeting_limit": 0}])
    assert registered.status_code == 200, registered.text
    solved = organizer.post(f"/organizer/events/{e}/schedule")
    assert solved.status_code == 303
    page = organizer.get(f"/organizer/events/{e}/schedule")
    assert page.status_code == 200
    grid = re.search(r'<table class="schedule-grid".*?</table>', page.text, re.S).group(0)
    assert grid.count("<th scope=\"col\">") == 1 + 2  # 时段 + two tables
    assert grid.count("<th scope=\"row\">") == 3  # three slots
    assert "↔" in grid
    with env.session_factory() as db_session:
        meetings = db_session.scalar(select(EventMeeting.id).where(EventMeeting.event_id == e).limit(1))
    assert meetings is not None
    warning = re.search(r'<section id="unmatched".*?</section>', page.text, re.S).group(0)
    assert "重庆权限测试leader_b有限公司</strong>（链主企业）：洽谈场次上限为 0" in warning
    pdf = organizer.get(f"/organizer/events/{e}/schedule.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    xlsx = organizer.get(f"/organizer/events/{e}/shortlists.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert organizer.get(f"/organizer/events/{e}/schedule.doc").status_code == 422


def test_an_outcome_waits_for_the_leader_who_confirms_an_overwrite_of_its_rejection(env: WorldApp) -> None:
    organizer, leader, sme = (Browser(env, "org1@test.cn"), Browser(env, "leader-a@test.cn"),
                              Browser(env, "sme-a@test.cn"))
    e, w = _event(env), env.world
    with env.session_factory() as db_session:
        meeting = db_session.scalar(select(EventMeeting).where(
            EventMeeting.event_id == e, EventMeeting.leader_id == w.enterprises["leader_a"],
            EventMeeting.sme_id == w.enterprises["sme_a"]))
        assert meeting is not None and meeting.topics
        demand_id, supply_id = meeting.topics[0]
        meeting_id = meeting.id
    # the leader had rejected this supplier for the item after shortlisting it
    rejected = env.client.post(f"/api/v1/demand-items/{demand_id}/decisions", headers=w.keys["chain_leader"],
                               json={"supply_item_id": supply_id, "status": "rejected", "reason": "报价过高"})
    assert rejected.status_code == 200, rejected.text

    recorded = organizer.post(f"/organizer/events/{e}/meetings/{meeting_id}/outcome",
                              {"outcome": "intent", "note": "现场达成意向"})
    assert recorded.status_code == 303
    assert "待链主企业确认" in organizer.get(f"/organizer/events/{e}/schedule").text

    # the SME sees its meeting but cannot record an outcome
    assert "重庆权限测试leader_a有限公司" in sme.get(f"/account/events/{e}").text
    assert sme.post(f"/account/events/{e}/meetings/{meeting_id}/outcome", {"outcome": "onboarded"}).status_code == 403

    page = leader.get(f"/account/events/{e}")
    assert "组织方记录：达成意向" in page.text and "确认结果" in page.text
    asked = leader.post(f"/account/events/{e}/meetings/{meeting_id}/outcome", {"outcome": "intent",
                                                                               "note": "现场达成意向"})
    assert asked.status_code == 409 and "确认覆盖" in asked.text and "报价过高" in asked.text

    def status() -> DecisionStatus:
        with env.session_factory() as db_session:
            return db_session.scalar(select(MatchDecision.status).where(
                MatchDecision.demand_item_id == demand_id, MatchDecision.supply_item_id == supply_id))

    assert status() is DecisionStatus.REJECTED
    confirmed = leader.post(f"/account/events/{e}/meetings/{meeting_id}/outcome",
                            {"outcome": "intent", "note": "现场达成意向", "confirm_overwrite": "1"})
    assert confirmed.status_code == 303
    assert status() is DecisionStatus.INTENT
    assert "已计入推荐决策" in leader.get(f"/account/events/{e}").text
    # leader B, not in this meeting, cannot see or confirm it
    assert Browser(env, "leader-b@test.cn").post(f"/account/events/{e}/meetings/{meeting_id}/outcome",
                                                 {"outcome": "onboarded"}).status_code == 404


def test_the_layout_form_names_a_bad_field_and_shows_the_current_layout(env: WorldApp) -> None:
    organizer = Browser(env, "org1@test.cn")
    e = _event(env)
    before = _state(env)
    bad = organizer.post(f"/organizer/events/{e}/layout", {"start": "09:00", "minutes": "20", "count": "0",
                                                           "tables": "2"})
    assert bad.status_code == 422
    assert re.search(r'id="f-count"[^>]*value="0"[^>]*aria-invalid="true"', bad.text)
    assert _state(env) == before  # the solved schedule was not cleared
    saved = organizer.post(f"/organizer/events/{e}/layout", {"start": "13:30", "minutes": "15", "break_minutes": "5",
                                                             "count": "5", "tables": "4"})
    assert saved.status_code == 303
    page = organizer.get(f"/organizer/events/{e}").text
    assert "5 个时段（13:30–13:45 起" in page and "A01、A02、A03、A04" in page
    for name, value in (("start", "13:30"), ("minutes", "15"), ("break_minutes", "5"), ("count", "5"), ("tables", "4")):
        assert re.search(rf'id="f-{name}"[^>]*value="{value}"', page), name
