"""Matchmaking events through the API: an organizer builds shortlists from suggestions, edits them, schedules
1:1 meetings (no double booking, pins and SME requests kept), exports them in Chinese, and records outcomes that
become decisions; who may see and do what."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
import sqlalchemy.exc
from openpyxl import load_workbook
from pypdf import PdfReader

from app.domain.identity import item_identity_key
from app.models import ApiRole, EnterpriseRole, EventMeeting, EventSlot, EventTable, ItemCategory, SupplyItem

# Unrelated products around the matching ones, as any real supply list has (the engine discounts features that
# are in a large share of the rows).
_BACKGROUND = [
    ("锂离子电池电芯", "磷酸铁锂 280Ah 方形铝壳", "LFP280"), ("PLC可编程控制器", "32点 以太网 运动控制", "CP1E-N30"),
    ("注塑件", "PA66+GF30 汽车门把手", "ZS-DB-01"), ("精密轴承", "深沟球轴承 P5级", "6205-2RS"),
    ("液压油缸", "工程机械 双作用 缸径80", "HSG80"), ("工业机器人减速器", "RV减速器 精度1弧分", "RV-40E"),
    ("MES制造执行系统", "离散制造 排产 质量追溯", "V3.2"), ("碳纤维预浸料", "T700 环氧树脂基", "T700-12K"),
    ("不锈钢板", "304 冷轧 2B面", "304-2B"), ("光伏逆变器", "组串式 50kW", "SG50CX"),
    ("车载摄像头模组", "200万像素 环视", "CAM-200"), ("齿轮箱", "风电 行星齿轮", "FD-2000"),
    ("密封圈", "氟橡胶 O型圈", "FKM-O-20"), ("PCB电路板", "6层 沉金 FR-4", "PCB-6L"),
    ("工业相机", "500万像素 千兆网口", "MV-CA050"), ("环氧树脂胶粘剂", "双组分 结构胶", "EP-2200"),
    ("散热器", "铝制 水冷板", "LQB-300"), ("传感器", "压力传感器 0-10MPa", "PT-10M"),
    ("数控刀具", "硬质合金 铣刀", "EM-10"), ("连接器", "高压连接器 250A", "HVC-250"),
]

NEEDS = {
    "长嘉": [("IGBT模块", "1200V 450A 半桥 电驱逆变器", "FF450R12ME4"),
             ("6061-T6铝合金型材", "挤压型材 阳极氧化 电池托盘", "6061-T6")],
    "渝江": [("伺服电机", "400W 低惯量 17位编码器", "SM-400"), ("汽车高压线束", "橙色 屏蔽 35平方", "HV-35")],
}
OFFERS = {
    "鑫达功率": ("IGBT功率模块", "1200V 450A 半桥模块 电驱逆变器用", "FF450R12ME4"),
    "华创铝业": ("6061-T6铝型材", "挤压 阳极氧化 电池托盘型材", "6061-T6"),
    "博远电机": ("伺服电机", "400W 低惯量 编码器17位", "SM-400"),
    "恒通线束": ("高压线束", "橙色 屏蔽 35平方 汽车高压", "HV-35"),
    "立信电子": ("IGBT模块", "1200V 450A 半桥 电驱逆变器 车规级", "FF450R12ME4-B11"),
}


class EventWorld:
    def __init__(self, client, db_session, make_enterprise, make_key) -> None:
        self.client = client
        self.operator = make_key(ApiRole.OPERATOR)
        self.organizer = make_key(ApiRole.ORGANIZER)
        background = make_enterprise(role=EnterpriseRole.SME, name="背景供应商有限公司")
        for name, description, part in _BACKGROUND:
            db_session.add(SupplyItem(enterprise_id=background.id, identity_key=item_identity_key(name, [part]),
                                      category=ItemCategory.COMPONENT, product_name=name, description=description,
                                      part_numbers=[part]))
        db_session.commit()
        self.leaders, self.demand = {}, {}
        for short, needs in NEEDS.items():
            leader = make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name=f"重庆{short}汽车有限公司",
                                     province="重庆市", city="重庆市", district="两江新区")
            self.leaders[short] = leader
            for name, spec, part in needs:
                r = client.post("/api/v1/demand-items", headers=self.operator, json={
                    "enterprise_id": leader.id, "category": "component", "product_name": name,
                    "specification": spec, "part_numbers": [part], "annual_quantity": "2万件"})
                assert r.status_code == 201, r.text
                self.demand[name] = r.json()["id"]
        self.smes, self.supply = {}, {}
        for short, (name, description, part) in OFFERS.items():
            sme = make_enterprise(role=EnterpriseRole.SME, name=f"重庆{short}科技有限公司", province="重庆市",
                                  city="重庆市", district="璧山区")
            self.smes[short] = sme
            r = client.post("/api/v1/supply-items", headers=self.operator, json={
                "enterprise_id": sme.id, "category": "component", "product_name": name, "description": description,
                "part_numbers": [part]})
            assert r.status_code == 201, r.text
            self.supply[short] = r.json()["id"]
        self.leader_keys = {k: make_key(ApiRole.CHAIN_LEADER, v) for k, v in self.leaders.items()}
        self.sme_keys = {k: make_key(ApiRole.SME, v) for k, v in self.smes.items()}

    def call(self, method: str, path: str, headers: dict | None = None, expect: int = 200, **kwargs):
        r = self.client.request(method, f"/api/v1/events{path}", headers=headers or self.organizer, **kwargs)
        assert r.status_code == expect, r.text
        return r.json() if r.content and r.headers.get("content-type", "").startswith("application/json") else r

    def event(self, *, smes: tuple[str, ...] = tuple(OFFERS), slots: int = 4, tables: int = 3,
              sme_limit: int = 2) -> int:
        event = self.call("POST", "", json={"name": "渝链同行·百场万企 汽车专场", "event_type": "百场万企",
                                            "event_date": "2025-06-18", "venue": "重庆国际博览中心",
                                            "organizer": "两江新区经信局", "sme_meeting_limit": sme_limit,
                                            "shortlist_size": 3}, expect=201)
        event_id = event["id"]
        self.call("POST", f"/{event_id}/participants", headers=self.operator, json=[
            *({"enterprise_id": leader.id} for leader in self.leaders.values()),
            *({"enterprise_id": self.smes[s].id} for s in smes)])
        self.call("PUT", f"/{event_id}/layout", json={"start": "09:00", "minutes": 20, "count": slots,
                                                       "tables": tables})
        return event_id


@pytest.fixture
def world(client, db_session, make_enterprise, make_key) -> EventWorld:
    return EventWorld(client, db_session, make_enterprise, make_key)


def _entries(shortlists: list[dict], demand_id: int) -> list[dict]:
    return next(d for leader in shortlists for d in leader["demand_items"] if d["demand_item_id"] == demand_id)[
        "entries"]


def test_shortlists_put_the_matching_sme_first_with_reasons(world) -> None:
    event_id = world.event()
    detail = world.call("GET", f"/{event_id}")
    assert (detail["event_type_label"], detail["participants"], detail["demand_items"]) == ("百场万企", 7, 4)
    shortlists = world.call("POST", f"/{event_id}/shortlists/compute")
    assert {leader["leader_name"] for leader in shortlists} == {"重庆长嘉汽车有限公司", "重庆渝江汽车有限公司"}
    for need, sme in (("IGBT模块", "鑫达功率"), ("6061-T6铝合金型材", "华创铝业"), ("伺服电机", "博远电机"),
                      ("汽车高压线束", "恒通线束")):
        first = _entries(shortlists, world.demand[need])[0]
        assert first["supply_item_id"] == world.supply[sme], need
        assert first["participation"] == "已报名" and first["explanation"]
        assert first["score"] > 0


def test_organizer_edits_survive_recomputation(world) -> None:
    event_id = world.event()
    shortlists = world.call("POST", f"/{event_id}/shortlists/compute")
    igbt = world.demand["IGBT模块"]
    entries = _entries(shortlists, igbt)
    assert len(entries) >= 2
    top, second = entries[0], entries[1]
    # remove the best, pin the second, add a supplier by hand
    world.call("PATCH", f"/{event_id}/shortlists/{top['id']}", json={"removed": True})
    world.call("PATCH", f"/{event_id}/shortlists/{second['id']}", json={"pinned": True, "position": 1})
    manual = world.call("POST", f"/{event_id}/shortlists", json={"demand_item_id": igbt,
                                                                 "supply_item_id": world.supply["恒通线束"]},
                        expect=201)
    assert manual["pinned"] and manual["manual"]
    after = _entries(world.call("POST", f"/{event_id}/shortlists/compute"), igbt)
    ids = [e["supply_item_id"] for e in after]
    assert top["supply_item_id"] not in ids  # stays removed
    assert ids[:2] == [second["supply_item_id"], world.supply["恒通线束"]]  # organizer's entries first, in order
    assert [e["position"] for e in after] == list(range(1, len(after) + 1))
    # reorder: move the hand-added supplier to the top
    world.call("PATCH", f"/{event_id}/shortlists/{manual['id']}", json={"position": 1})
    assert [e["supply_item_id"] for e in _entries(world.call("GET", f"/{event_id}/shortlists"), igbt)][:2] == [
        world.supply["恒通线束"], second["supply_item_id"]]
    # restoring the removed one brings it back
    world.call("PATCH", f"/{event_id}/shortlists/{top['id']}", json={"removed": False})
    assert top["supply_item_id"] in [e["supply_item_id"] for e in
                                     _entries(world.call("GET", f"/{event_id}/shortlists"), igbt)]


def test_schedule_has_no_double_booking_and_keeps_pins_and_requests(world) -> None:
    event_id = world.event(slots=3, tables=2, sme_limit=1)
    world.call("POST", f"/{event_id}/shortlists/compute")
    changjia, yujiang = world.leaders["长嘉"].id, world.leaders["渝江"].id
    # 博远电机 asks to meet 长嘉 (no shortlist between them); the organizer pins 鑫达 × 长嘉 to slot 2, table A02
    asked = world.call("POST", f"/{event_id}/meeting-requests", headers=world.sme_keys["博远电机"],
                       json={"leader_id": changjia}, expect=201)
    assert asked["requested_by_sme"] and not asked["pinned"]
    world.call("POST", f"/{event_id}/meeting-requests", json={"leader_id": changjia,
                                                                 "sme_id": world.smes["鑫达功率"].id, "pinned": True,
                                                                 "slot": 2, "table": "A02"}, expect=201)
    schedule = world.call("POST", f"/{event_id}/schedule")
    meetings = schedule["meetings"]
    assert meetings
    for key in ("leader_id", "sme_id", "table"):
        assert max(Counter((m["slot"], m[key]) for m in meetings).values()) == 1, key
    assert max(Counter(m["sme_id"] for m in meetings).values()) == 1  # sme_limit
    pinned = next(m for m in meetings if m["sme_id"] == world.smes["鑫达功率"].id)
    assert (pinned["slot_position"], pinned["table"], pinned["leader_id"], pinned["pinned"]) == (2, "A02", changjia,
                                                                                                 True)
    requested = next(m for m in meetings if m["sme_id"] == world.smes["博远电机"].id)
    assert requested["leader_id"] == changjia and requested["requested_by_sme"]  # outranks its better match
    assert any(m["leader_id"] == yujiang for m in meetings)
    stats = schedule["stats"]
    assert stats["optimal"] and stats["gap"] == 0 and stats["meetings"] == len(meetings)
    # per table and per participant views agree with the meetings
    assert sum(len(t["meetings"]) for t in schedule["by_table"]) == len(meetings)
    leader_agenda = next(a for a in schedule["agendas"] if a["enterprise_id"] == changjia)
    assert [m["slot_position"] for m in leader_agenda["meetings"]] == sorted(
        m["slot_position"] for m in meetings if m["leader_id"] == changjia)


def test_a_participant_sees_only_its_own_meetings(world) -> None:
    event_id = world.event()
    world.call("POST", f"/{event_id}/shortlists/compute")
    world.call("POST", f"/{event_id}/schedule")
    sme = world.smes["鑫达功率"]
    mine = world.call("GET", f"/{event_id}/schedule", headers=world.sme_keys["鑫达功率"])
    assert mine["meetings"] and all(m["sme_id"] == sme.id for m in mine["meetings"])
    assert mine["stats"] is None and [a["enterprise_id"] for a in mine["agendas"]] == [sme.id]
    # its own shortlist view is empty (shortlists belong to the chain leaders)
    assert world.call("GET", f"/{event_id}/shortlists", headers=world.sme_keys["鑫达功率"]) == []
    leader_view = world.call("GET", f"/{event_id}/shortlists", headers=world.leader_keys["长嘉"])
    assert [leader["leader_name"] for leader in leader_view] == ["重庆长嘉汽车有限公司"]


def test_roles(world, make_key, make_enterprise) -> None:
    event_id = world.event(smes=("鑫达功率",))
    other_organizer = make_key(ApiRole.ORGANIZER)
    world.call("GET", f"/{event_id}", headers=other_organizer, expect=404)
    assert world.call("GET", "", headers=other_organizer) == []
    world.call("PATCH", f"/{event_id}", headers=world.operator, json={"venue": "悦来会展中心"})  # operators manage all
    world.call("POST", "", headers=world.leader_keys["长嘉"], json={"name": "x", "event_type": "行业协调会"}, expect=403)
    world.call("GET", f"/{event_id}", headers=world.sme_keys["华创铝业"], expect=404)  # not a participant
    world.call("GET", f"/{event_id}", headers=world.sme_keys["鑫达功率"])  # a participant reads it
    world.call("PATCH", f"/{event_id}", headers=world.sme_keys["鑫达功率"], json={"venue": "x"}, expect=403)
    world.call("POST", f"/{event_id}/meeting-requests", headers=world.sme_keys["鑫达功率"],
               json={"leader_id": world.leaders["长嘉"].id, "pinned": True}, expect=403)
    world.call("POST", f"/{event_id}/schedule", headers=world.leader_keys["长嘉"], expect=403)
    # an organizer key is not bound to an enterprise
    r = world.client.post("/api/v1/demand-items", headers=world.organizer, json={
        "category": "component", "product_name": "x"})
    assert r.status_code == 403


def test_outcomes_become_decisions_without_moving_them_back(world) -> None:
    event_id = world.event()
    world.call("POST", f"/{event_id}/shortlists/compute")
    meetings = world.call("POST", f"/{event_id}/schedule")["meetings"]
    meeting = next(m for m in meetings if m["sme_id"] == world.smes["鑫达功率"].id)
    igbt, supply = world.demand["IGBT模块"], world.supply["鑫达功率"]
    assert [igbt, supply] in meeting["topics"]

    # the organizer's outcome is the event's only: no decision on the leader's item until the leader confirms
    recorded = world.call("PUT", f"/{event_id}/meetings/{meeting['id']}/outcome",
                          json={"outcome": "样品", "note": "下月送样 20 件"})
    assert recorded["meeting"]["outcome_label"] == "送样" and recorded["decisions_recorded"] == 0
    assert recorded["awaiting_leader"] and not recorded["meeting"]["outcome_confirmed"]
    assert world.client.get(f"/api/v1/demand-items/{igbt}/decisions", headers=world.operator).json() == []
    recorded = world.call("PUT", f"/{event_id}/meetings/{meeting['id']}/outcome", headers=world.leader_keys["长嘉"],
                          json={"outcome": "样品", "note": "下月送样 20 件"})
    assert recorded["decisions_recorded"] >= 1 and recorded["meeting"]["outcome_confirmed"]
    decisions = world.client.get(f"/api/v1/demand-items/{igbt}/decisions", headers=world.operator).json()
    decision = next(d for d in (decisions["items"] if isinstance(decisions, dict) else decisions)
                    if d["supply_item_id"] == supply)
    assert decision["status"] == "sample" and "洽谈结果：送样" in decision["reason"]

    # a later, weaker outcome does not move the decision back
    again = world.call("PUT", f"/{event_id}/meetings/{meeting['id']}/outcome", headers=world.operator,
                       json={"outcome": "intent"})
    assert again["decisions_recorded"] == 0
    # the schedule is final once outcomes are recorded
    world.call("POST", f"/{event_id}/schedule", expect=409)
    # the meeting's chain leader may record outcomes, an SME may not
    world.call("PUT", f"/{event_id}/meetings/{meeting['id']}/outcome", headers=world.sme_keys["鑫达功率"],
               json={"outcome": "intent"}, expect=403)
    world.call("PUT", f"/{event_id}/meetings/{meeting['id']}/outcome", headers=world.leader_keys["长嘉"],
               json={"outcome": "onboarded"})
    decisions = world.client.get(f"/api/v1/demand-items/{igbt}/decisions", headers=world.operator).json()
    decision = next(d for d in (decisions["items"] if isinstance(decisions, dict) else decisions)
                    if d["supply_item_id"] == supply)
    assert decision["status"] == "onboarded"


def test_no_interest_rejects_the_supplier_for_that_item(world) -> None:
    event_id = world.event()
    world.call("POST", f"/{event_id}/shortlists/compute")
    meetings = world.call("POST", f"/{event_id}/schedule")["meetings"]
    meeting = next(m for m in meetings if m["sme_id"] == world.smes["博远电机"].id)
    world.call("PUT", f"/{event_id}/meetings/{meeting['id']}/outcome", json={"outcome": "无合作意向"})
    servo = world.demand["伺服电机"]
    suggested = world.client.get(f"/api/v1/demand-items/{servo}/suggestions", headers=world.operator,
                                 params={"limit": 50}).json()["suggestions"]
    assert world.supply["博远电机"] in [s["supply_item"]["id"] for s in suggested]  # the organizer's alone: not yet
    world.call("PUT", f"/{event_id}/meetings/{meeting['id']}/outcome", headers=world.leader_keys["渝江"],
               json={"outcome": "无合作意向"})
    suggested = world.client.get(f"/api/v1/demand-items/{servo}/suggestions", headers=world.operator,
                                 params={"limit": 50}).json()["suggestions"]
    assert world.supply["博远电机"] not in [s["supply_item"]["id"] for s in suggested]


def _pdf_text(content: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


def test_exports_download_in_chinese(world) -> None:
    event_id = world.event()
    world.call("POST", f"/{event_id}/shortlists/compute")
    world.call("POST", f"/{event_id}/schedule")

    xlsx = world.call("GET", f"/{event_id}/shortlists.xlsx")
    assert "filename*=UTF-8''" in xlsx.headers["content-disposition"]
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["活动信息", "重庆长嘉汽车有限公司", "重庆渝江汽车有限公司"]
    rows = list(workbook["重庆长嘉汽车有限公司"].iter_rows(values_only=True))
    assert rows[0][:3] == ("需求序号", "需求条目", "类别")
    igbt_rows = [r for r in rows[1:] if r[1] == "IGBT模块"]
    assert igbt_rows[0][6] == "重庆鑫达功率科技有限公司" and igbt_rows[0][5] == 1

    pdf = world.call("GET", f"/{event_id}/shortlists.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    for expected in ("供需对接推荐清单", "链主企业：重庆长嘉汽车有限公司", "IGBT模块", "重庆鑫达功率科技有限公司"):
        assert expected in text

    schedule_text = _pdf_text(world.call("GET", f"/{event_id}/schedule.pdf").content)
    assert "一对一洽谈安排" in schedule_text and "洽谈桌A01" in schedule_text and "参会企业日程" in schedule_text
    sheets = load_workbook(io.BytesIO(world.call("GET", f"/{event_id}/schedule.xlsx").content)).sheetnames
    assert sheets == ["活动信息", "洽谈总表", "时段×洽谈桌", "参会企业日程"]


def test_layout_validation_and_relayout_clears_the_schedule(world) -> None:
    event_id = world.event()
    world.call("PUT", f"/{event_id}/layout", json={"start": "09:00", "minutes": 20, "count": 3}, expect=422)
    world.call("PUT", f"/{event_id}/layout", json={"start": "09:00", "minutes": 20, "count": 3,
                                                   "table_labels": ["A", "A"]}, expect=422)
    world.call("POST", f"/{event_id}/shortlists/compute")
    assert world.call("POST", f"/{event_id}/schedule")["meetings"]
    layout = world.call("PUT", f"/{event_id}/layout", json={"start": "14:00", "minutes": 30, "count": 2,
                                                            "break_minutes": 10, "table_labels": ["一号桌", "二号桌"]})
    assert [s["label"] for s in layout["slots"]] == ["14:00–14:30", "14:40–15:10"]
    assert world.call("GET", f"/{event_id}/schedule")["meetings"] == []


def test_the_database_refuses_a_double_booking(world, db_session) -> None:
    event_id = world.event(slots=2, tables=2)
    slot = db_session.query(EventSlot).filter_by(event_id=event_id, position=1).one()
    first, second = db_session.query(EventTable).filter_by(event_id=event_id).order_by(EventTable.position).all()
    leader = world.leaders["长嘉"].id
    db_session.add(EventMeeting(event_id=event_id, slot_id=slot.id, table_id=first.id, leader_id=leader,
                                sme_id=world.smes["鑫达功率"].id, topics=[]))
    db_session.commit()
    nested = db_session.begin_nested()
    db_session.add(EventMeeting(event_id=event_id, slot_id=slot.id, table_id=second.id, leader_id=leader,
                                sme_id=world.smes["华创铝业"].id, topics=[]))
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        db_session.commit()
    nested.rollback()


def test_organizer_journey_search_invite_accept_shortlists_schedule_with_warnings(world) -> None:
    """Issue 12: through the API alone, an organizer finds whom to invite within its event's chain, invites them,
    and after they accept builds shortlists and a schedule that names everyone left without a meeting and why;
    an outcome that would overwrite a leader's rejection asks for confirmation."""
    client, organizer, operator = world.client, world.organizer, world.operator
    in_chain = {"demand": ["IGBT模块", "伺服电机"], "supply": ["鑫达功率", "立信电子", "博远电机", "华创铝业"]}
    for name in in_chain["demand"]:
        assert client.patch(f"/api/v1/demand-items/{world.demand[name]}", headers=operator,
                            json={"chain": "电驱动系统"}).status_code == 200
    for name in in_chain["supply"]:
        assert client.patch(f"/api/v1/supply-items/{world.supply[name]}", headers=operator,
                            json={"chain": "电驱动系统"}).status_code == 200
    # before it runs an event in a chain, the organizer sees nothing
    assert client.get("/api/v1/enterprises", headers=organizer).json()["total"] == 0
    event_id = world.call("POST", "", json={"name": "电驱动系统专场", "event_type": "行业协调会", "event_date": "2025-09-10",
                                            "chains": ["电驱动系统"], "sme_meeting_limit": 2, "shortlist_size": 3},
                          expect=201)["id"]

    # search: enterprises and items of the chain, read-only
    names = {e["name"] for e in client.get("/api/v1/enterprises", headers=organizer,
                                           params={"limit": 100}).json()["items"]}
    assert names == {"重庆长嘉汽车有限公司", "重庆渝江汽车有限公司", *(f"重庆{s}科技有限公司" for s in in_chain["supply"])}
    demand = client.get("/api/v1/demand-items", headers=organizer, params={"chain": "电驱动系统"}).json()
    assert {d["product_name"] for d in demand["items"]} == set(in_chain["demand"])
    igbt_suppliers = client.get("/api/v1/supply-items", headers=organizer, params={"q": "IGBT"}).json()["items"]
    assert {s["enterprise_id"] for s in igbt_suppliers} == {world.smes["鑫达功率"].id, world.smes["立信电子"].id}
    assert client.patch(f"/api/v1/supply-items/{world.supply['鑫达功率']}", headers=organizer,
                        json={"product_name": "x"}).status_code == 403

    # invite; an enterprise outside the chain cannot be enrolled
    invited = world.call("POST", f"/{event_id}/participants", json=[
        {"enterprise_id": world.leaders["长嘉"].id, "meeting_limit": 1}, {"enterprise_id": world.leaders["渝江"].id},
        *({"enterprise_id": world.smes[s].id} for s in ("鑫达功率", "立信电子", "华创铝业"))])
    assert {p["status"] for p in invited} == {"invited"}
    world.call("POST", f"/{event_id}/participants", json=[{"enterprise_id": world.smes["恒通线束"].id}], expect=422)
    assert client.get(f"/api/v1/enterprises/{world.smes['恒通线束'].id}", headers=organizer).status_code == 404
    assert world.call("GET", f"/{event_id}")["demand_items"] == 0  # nothing in scope before a leader accepts

    # accept (華创 never answers)
    for key in (world.leader_keys["长嘉"], world.leader_keys["渝江"], world.sme_keys["鑫达功率"],
                world.sme_keys["立信电子"]):
        assert world.call("PUT", f"/{event_id}/participation", headers=key, json={"status": "accepted"})[
            "status"] == "accepted"

    # shortlists: 渝江's servo item proposes 博远电机, which was never invited
    shortlists = world.call("POST", f"/{event_id}/shortlists/compute")
    servo = _entries(shortlists, world.demand["伺服电机"])
    assert servo[0]["supplier_id"] == world.smes["博远电机"].id and servo[0]["participation"] == "待邀请"
    # a supplier the shortlists propose from outside the chain (for 渝江's chain-less harness item) may now be read,
    # so that it can be invited
    harness = _entries(shortlists, world.demand["汽车高压线束"])
    assert harness[0]["supplier_id"] == world.smes["恒通线束"].id
    assert client.get(f"/api/v1/enterprises/{world.smes['恒通线束'].id}", headers=organizer).status_code == 200

    # schedule with warnings: who has no meeting, and why
    world.call("PUT", f"/{event_id}/layout", json={"start": "09:00", "minutes": 20, "count": 3, "tables": 2})
    schedule = world.call("POST", f"/{event_id}/schedule")
    met = {m["leader_id"] for m in schedule["meetings"]} | {m["sme_id"] for m in schedule["meetings"]}
    assert world.leaders["长嘉"].id in met and len(schedule["meetings"]) == 1  # 长嘉's limit is one meeting
    reasons = {u["enterprise_name"]: u["reason_code"] for u in schedule["unmatched"]}
    assert reasons == {"重庆渝江汽车有限公司": "partners_not_participating",
                       "重庆华创铝业科技有限公司": "not_accepted",
                       next(f"重庆{s}科技有限公司" for s in ("鑫达功率", "立信电子")
                            if world.smes[s].id not in met): "slots_exhausted"}
    assert schedule["stats"]["unmatched"] == 3
    workbook = load_workbook(io.BytesIO(world.call("GET", f"/{event_id}/schedule.xlsx").content))
    rows = list(workbook["未安排洽谈"].iter_rows(values_only=True))
    assert rows[0] == ("参会企业", "类型", "原因") and ("重庆渝江汽车有限公司", "链主企业",
                                                       "推荐清单中的对接企业均未参会（未报名、未接受邀请或已婉拒）") in rows
    pdf = _pdf_text(world.call("GET", f"/{event_id}/schedule.pdf").content)
    assert "未安排洽谈的参会企业（3家）" in pdf and "尚未接受邀请" in pdf
    # participants do not see the organizer's warnings
    assert world.call("GET", f"/{event_id}/schedule", headers=world.leader_keys["渝江"])["unmatched"] == []

    # an outcome that would overwrite the leader's rejection asks for confirmation, and the history keeps both
    meeting = schedule["meetings"][0]
    igbt, supplier = meeting["topics"][0]
    r = client.post(f"/api/v1/demand-items/{igbt}/decisions", headers=world.leader_keys["长嘉"],
                    json={"supply_item_id": supplier, "status": "rejected", "reason": "样品耐压不达标"})
    assert r.status_code == 200, r.text
    pending = world.call("PUT", f"/{event_id}/meetings/{meeting['id']}/outcome", json={"outcome": "intent"})
    assert pending["awaiting_leader"] and pending["decisions_recorded"] == 0
    leader = world.leader_keys["长嘉"]
    refused = world.call("PUT", f"/{event_id}/meetings/{meeting['id']}/outcome", headers=leader,
                         json={"outcome": "intent"}, expect=409)
    assert refused["error"] == "outcome_overwrites_rejection"
    assert refused["detail"] == [{"demand_item_id": igbt, "supply_item_id": supplier, "reason": "样品耐压不达标"}]
    assert world.call("GET", f"/{event_id}/schedule", headers=leader)["meetings"][0]["outcome_confirmed"] is False
    done = world.call("PUT", f"/{event_id}/meetings/{meeting['id']}/outcome", headers=leader,
                      json={"outcome": "intent", "confirm_overwrite": True})
    assert done["decisions_recorded"] == 1
    history = client.get(f"/api/v1/demand-items/{igbt}/decisions/history", headers=leader).json()
    assert [(h["to_status"], h["reason"]) for h in history][-2:] == [
        ("rejected", "样品耐压不达标"),
        ("intent", "对接会「电驱动系统专场」洽谈结果：达成意向（覆盖此前的拒绝：样品耐压不达标）")]
