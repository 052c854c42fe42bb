"""Reports over time: a generated year of decisions (many demand items, decisions spread over 12 months, several
chains and districts) gives, month by month, the totals a direct SQL count gives (SQLite and PostgreSQL); periods
(month, quarter, year, custom range) and their errors; SME-side and event figures."""

from __future__ import annotations

import io
import random
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from app.models import (
    DemandItem,
    EnterpriseRole,
    Event,
    EventMeeting,
    EventMeetingRequest,
    EventParticipant,
    EventSlot,
    EventTable,
    EventType,
    IndustryChain,
    ItemCategory,
    MeetingOutcome,
    ParticipantSide,
    ParticipantStatus,
    SupplyItem,
)
from app.models.decisions import PIPELINE, DecisionEvent, DecisionStatus, MatchDecision

REPORT = "/api/v1/reports/summary"
CHONGQING = timedelta(hours=8)
STAGES = ("shortlisted", "intent", "sample", "pilot", "onboarded", "rejected")


def _utc(local: datetime) -> datetime:
    """A Chongqing wall-clock time as the UTC instant stored."""
    return (local - CHONGQING).replace(tzinfo=UTC)


@pytest.fixture
def year_of_decisions(db_session, make_enterprise):
    """60 demand items of 6 leaders in 3 districts and 3 chains, 30 supply items, ~400 decisions whose histories
    run through 2025 — including moves a minute either side of midnight at month ends (Chongqing time), moves
    before and after the year, repeated moves into the same stage, and rejections."""
    rng = random.Random(20250101)
    chains = [IndustryChain(code=f"RPT-{n}", name=f"报表测试产业链{n}") for n in range(3)]
    db_session.add_all(chains)
    districts = ["两江新区", "璧山区", "九龙坡区"]
    leaders = [make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name=f"报表链主{n}有限公司",
                               district=districts[n % 3], city="重庆市", province="重庆市") for n in range(6)]
    smes = [make_enterprise(role=EnterpriseRole.SME, name=f"报表供应商{n}有限公司") for n in range(10)]
    db_session.flush()
    demand = []
    for n in range(60):
        created = _utc(datetime(2025, 1 + n % 12, 1 + n % 27, 10, 0))
        item = DemandItem(enterprise_id=leaders[n % 6].id, identity_key=f"rpt-demand-{n}",
                          category=ItemCategory.COMPONENT, product_name=f"报表需求{n}", chain_id=None,
                          created_at=created, updated_at=created)
        item.chain_id = chains[n % 3].id if n % 7 else None  # some items have no chain
        demand.append(item)
    supply = [SupplyItem(enterprise_id=smes[n % 10].id, identity_key=f"rpt-supply-{n}",
                         category=ItemCategory.COMPONENT, product_name=f"报表供给{n}") for n in range(30)]
    db_session.add_all([*demand, *supply])
    db_session.flush()

    boundary_moves = [
        datetime(2025, 3, 31, 23, 59), datetime(2025, 4, 1, 0, 1),  # either side of a month's end
        datetime(2024, 12, 31, 23, 59), datetime(2026, 1, 1, 0, 0),  # just outside the year
        datetime(2025, 12, 31, 23, 59), datetime(2025, 6, 30, 23, 59, 59),
    ]
    pairs = rng.sample([(d, s) for d in demand for s in supply], 400)
    for k, (d, s) in enumerate(pairs):
        decision = MatchDecision(
            demand_item_id=d.id, supply_item_id=s.id, demand_owner_credit_code="x", demand_identity_key=d.identity_key,
            supply_owner_credit_code="y", supply_identity_key=s.identity_key, status=DecisionStatus.SHORTLISTED)
        db_session.add(decision)
        db_session.flush()
        when = datetime(2025, 1, 1) + timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
        if k < len(boundary_moves):
            when = boundary_moves[k]
        path = [DecisionStatus.SHORTLISTED]
        for stage in PIPELINE[1:]:
            if rng.random() < 0.55:
                path.append(stage)
            else:
                break
        if rng.random() < 0.2:
            path.append(DecisionStatus.REJECTED)
            if rng.random() < 0.5:
                path.append(DecisionStatus.SHORTLISTED)  # taken back: a second move into 入围
        if rng.random() < 0.1 and len(path) > 2:
            path = [path[0], path[-1]]  # a jump straight to a later stage
        previous = None
        for status in path:
            db_session.add(DecisionEvent(decision_id=decision.id, from_status=previous, to_status=status,
                                         created_at=_utc(when)))
            previous = status
            when += timedelta(days=rng.randrange(0, 40), minutes=rng.randrange(0, 600))
        decision.status = path[-1]
    db_session.commit()
    return {"leaders": leaders, "districts": districts, "chains": chains}


def _sql_month(db_session, column: str) -> str:
    """The Chongqing calendar month of a stored UTC timestamp, in the database's own SQL."""
    if db_session.get_bind().dialect.name == "postgresql":
        return f"to_char({column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')"
    return f"strftime('%Y-%m', datetime({column}, '+8 hours'))"


def _sql_moves_by_month(db_session) -> dict[str, dict[str, int]]:
    month = _sql_month(db_session, "e.created_at")
    rows = db_session.execute(text(
        f"SELECT {month} AS m, e.to_status, count(*), count(DISTINCT e.decision_id) "
        "FROM decision_events e JOIN match_decisions d ON d.id = e.decision_id "
        "WHERE d.demand_item_id IS NOT NULL GROUP BY m, e.to_status")).all()
    out: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(("decisions", *STAGES), 0))
    for m, status, changes, pairs in rows:
        out[m]["decisions"] += changes
        out[m][status] += pairs
    return out


def test_a_year_of_decisions_gives_the_sql_counts_month_by_month(client, db_session, operator_headers,
                                                                 year_of_decisions) -> None:
    response = client.get(REPORT, headers=operator_headers, params={"period": "2025"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["period"] == {"kind": "year", "label": "2025年", "date_from": "2025-01-01", "date_to": "2025-12-31"}
    assert [m["month"] for m in body["trend"]] == [f"2025-{n:02d}" for n in range(1, 13)]

    expected = _sql_moves_by_month(db_session)
    new_items = dict(db_session.execute(text(
        f"SELECT {_sql_month(db_session, 'created_at')} AS m, count(*) FROM demand_items GROUP BY m")).all())
    for month in body["trend"]:
        for field in ("decisions", *STAGES):
            assert month[field] == expected[month["month"]][field], (month["month"], field)
        assert month["new_demand_items"] == new_items.get(month["month"], 0), month["month"]
    # The data really is spread: every month has moves, and the month-end moves fell on their own side of midnight.
    assert all(m["decisions"] > 0 for m in body["trend"])
    assert expected["2024-12"]["decisions"] >= 1 and expected["2026-01"]["decisions"] >= 1

    # The year's totals add up the months (a pair moving into a stage in two months counts in each month, once in
    # the year: so the year is at most the sum), and equal a direct count over the year.
    totals = body["period_totals"]
    assert totals["decisions"] == sum(m["decisions"] for m in body["trend"])
    # A direct count over the year, bucketed in Python from the stored instants (independent of the report's SQL).
    by_status: Counter[str] = Counter()
    seen: set[tuple[int, str]] = set()
    for decision_id, status, created in db_session.query(DecisionEvent.decision_id, DecisionEvent.to_status,
                                                         DecisionEvent.created_at):
        local = (created.replace(tzinfo=UTC) if created.tzinfo is None else created).astimezone(UTC) + CHONGQING
        if local.year == 2025 and (decision_id, status.value) not in seen:
            seen.add((decision_id, status.value))
            by_status[status.value] += 1
    for field in STAGES:
        assert totals[field] == by_status[field], field
        assert totals[field] <= sum(m[field] for m in body["trend"])

    # Each grouping's moves in the period add up to the period's totals, and a district's equal a direct count.
    for grouping in ("by_chain", "by_district", "by_leader"):
        for field in ("decisions", *STAGES):
            assert sum(r["in_period"][field] for r in body[grouping]) == totals[field], (grouping, field)
    district = year_of_decisions["districts"][1]
    month = _sql_month(db_session, "e.created_at")
    direct = dict(db_session.execute(text(
        f"SELECT e.to_status, count(DISTINCT e.decision_id) FROM decision_events e "
        f"JOIN match_decisions d ON d.id = e.decision_id JOIN demand_items i ON i.id = d.demand_item_id "
        f"JOIN enterprises l ON l.id = i.enterprise_id "
        f"WHERE l.district = :district AND {month} LIKE '2025-%' GROUP BY e.to_status"), {"district": district}).all())
    row = next(r for r in body["by_district"] if r["name"] == district)
    assert {f: row["in_period"][f] for f in STAGES} == {f: direct.get(f, 0) for f in STAGES}


def test_a_quarter_a_month_and_a_range_cover_their_own_days(client, db_session, operator_headers,
                                                             year_of_decisions) -> None:
    def get(**params):
        response = client.get(REPORT, headers=operator_headers, params=params)
        assert response.status_code == 200, response.text
        return response.json()

    expected = _sql_moves_by_month(db_session)
    quarter = get(period="2025-Q2")
    assert quarter["period"]["label"] == "2025年第2季度"
    assert [m["month"] for m in quarter["trend"]] == ["2025-04", "2025-05", "2025-06"]
    assert quarter["period_totals"]["decisions"] == sum(expected[m]["decisions"] for m in ("2025-04", "2025-05",
                                                                                             "2025-06"))
    assert get(period="2025年第二季度")["period_totals"] == quarter["period_totals"]
    march = get(period="2025-03")
    assert march["period"]["date_to"] == "2025-03-31" and len(march["trend"]) == 1
    assert march["period_totals"]["decisions"] == expected["2025-03"]["decisions"]
    # A custom range is cut to its days, month by month; the same days as a month give the month's figures.
    same = get(date_from="2025-03-01", date_to="2025-03-31")
    assert same["period"]["kind"] == "range" and same["period_totals"] == march["period_totals"]
    spanning = get(date_from="2025-03-15", date_to="2025-05-10")
    assert [m["month"] for m in spanning["trend"]] == ["2025-03", "2025-04", "2025-05"]
    assert spanning["period_totals"]["decisions"] == sum(m["decisions"] for m in spanning["trend"])
    assert spanning["trend"][0]["decisions"] < expected["2025-03"]["decisions"]
    # Without a period: everything, current state unchanged, and the trend is the last 12 months.
    everything = get()
    assert everything["period"]["kind"] == "all" and len(everything["trend"]) == 12
    assert everything["period_totals"]["decisions"] == sum(v["decisions"] for v in expected.values())
    assert everything["totals"] == {**get(period="2025")["totals"], "in_period": everything["totals"]["in_period"]}


@pytest.mark.parametrize(
    ("params", "field"),
    [({"period": "2025-13"}, "period"), ({"period": "last year"}, "period"), ({"period": "1999"}, "period"),
     ({"period": "2025", "date_from": "2025-01-01", "date_to": "2025-02-01"}, "period"),
     ({"date_from": "2025-01-01"}, "date_to"), ({"date_from": "2025-03-01", "date_to": "2025-02-01"}, "date_to"),
     ({"date_from": "2000-01-01", "date_to": "2025-02-01"}, "date_to")],
)
def test_a_bad_period_is_a_422_naming_the_parameter(client, operator_headers, params, field) -> None:
    for path in (REPORT, REPORT + ".xlsx"):
        response = client.get(path, headers=operator_headers, params=params)
        assert response.status_code == 422, response.text
        assert field in [d["field"] for d in response.json()["detail"]]


def test_sme_and_event_figures(client, db_session, operator_headers, make_enterprise) -> None:
    today = date.today()
    leader = make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name="活动链主有限公司")
    smes = [make_enterprise(role=EnterpriseRole.SME, name=f"活动供应商{n}有限公司") for n in range(3)]
    held = Event(name="已办对接会", event_type=EventType.HUNDRED_EVENTS, event_date=today - timedelta(days=1))
    planned = Event(name="将办对接会", event_type=EventType.CROSS_INDUSTRY, event_date=today + timedelta(days=3))
    db_session.add_all([held, planned])
    db_session.flush()
    db_session.add_all([
        EventParticipant(event_id=held.id, enterprise_id=leader.id, side=ParticipantSide.CHAIN_LEADER,
                         status=ParticipantStatus.REGISTERED),
        *(EventParticipant(event_id=held.id, enterprise_id=s.id, side=ParticipantSide.SME,
                           status=ParticipantStatus.REGISTERED if n < 2 else ParticipantStatus.DECLINED)
          for n, s in enumerate(smes)),
    ])
    slots = [EventSlot(event_id=held.id, position=n, starts_at=time(9 + n), ends_at=time(9 + n, 30)) for n in range(3)]
    table = EventTable(event_id=held.id, position=1, label="A01")
    db_session.add_all([*slots, table])
    db_session.flush()
    for slot, sme, outcome in zip(slots, smes, (MeetingOutcome.INTENT, MeetingOutcome.NO_SHOW, None), strict=True):
        db_session.add(EventMeeting(event_id=held.id, slot_id=slot.id, table_id=table.id, leader_id=leader.id,
                                    sme_id=sme.id, outcome=outcome))
    db_session.add(EventMeetingRequest(event_id=held.id, leader_id=leader.id, sme_id=smes[0].id,
                                       requested_by_sme=True))
    db_session.commit()

    body = client.get(REPORT, headers=operator_headers, params={"period": f"{today.year}"}).json()
    events = body["events"]
    in_year = (today - timedelta(days=1)).year == today.year and (today + timedelta(days=3)).year == today.year
    if in_year:
        assert (events["events_held"], events["events_planned"]) == (1, 1)
    assert (events["leaders_taking_part"], events["smes_taking_part"]) == (1, 2)
    assert (events["meetings_scheduled"], events["meetings_held"], events["meetings_without_outcome"]) == (3, 1, 1)
    outcomes = {o["outcome"]: o["meetings"] for o in events["outcomes"]}
    assert outcomes["intent"] == 1 and outcomes["no_show"] == 1 and sum(outcomes.values()) == 2
    sme = body["sme"]
    assert (sme["meeting_requests"], sme["smes_requesting_meetings"]) == (1, 1)
    assert "洽谈申请" in sme["interest_basis"]

    workbook = load_workbook(io.BytesIO(client.get(REPORT + ".xlsx", headers=operator_headers,
                                                   params={"period": f"{today.year}"}).content))
    figures = {row[0]: row[1] for row in workbook["本期概况"].iter_rows(values_only=True)}
    assert figures["期间"] == f"{today.year}年"
    assert figures["已举行洽谈场次"] == 1 and figures["洽谈结果：达成意向"] == 1
    assert figures["本期洽谈申请（中小企业提出）"] == 1


def test_the_trend_sheet_matches_the_json(client, operator_headers, year_of_decisions) -> None:
    params = {"period": "2025-Q3"}
    body = client.get(REPORT, headers=operator_headers, params=params).json()
    download = client.get(REPORT + ".xlsx", headers=operator_headers, params=params)
    assert quote("对接成效汇总_2025年第3季度.xlsx") in download.headers["content-disposition"]
    workbook = load_workbook(io.BytesIO(download.content))
    rows = list(workbook["月度趋势"].iter_rows(values_only=True))
    assert rows[0][:3] == ("月份", "新增需求条目", "新增供给条目")
    assert [(r[0], r[3], r[8]) for r in rows[1:]] == [(m["month"], m["decisions"], m["onboarded"])
                                                       for m in body["trend"]]
