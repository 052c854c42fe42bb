"""The summary report: counts equal to the decisions made and to the latest batch, grouped per industry chain,
district and chain leader; the XLSX download; operators only."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.domain.match_percent import match_percent
from app.models import ApiRole, DemandItem, DemandStatus, Enterprise, SupplyItem
from app.services.demo import load_demo_lists
from app.services.ranking.batch import run_batch, stored_suggestions

REPORT = "/api/v1/reports/summary"


@pytest.fixture
def demo(db_session, settings):
    load_demo_lists(db_session=db_session, settings=settings)
    db_session.commit()


def _decide(client, headers, demand_id: int, decisions: list[dict]) -> None:
    response = client.post(f"/api/v1/demand-items/{demand_id}/decisions", headers=headers, json=decisions)
    assert response.status_code == 200, response.text


def test_report_counts_equal_the_decisions_made_and_the_batch(client, app, db_session, session_factory, demo,
                                                               operator_headers) -> None:
    with session_factory() as session:
        run_batch(db_session=session, index=app.state.matching, per_item=5)
        session.commit()
    open_items = db_session.scalars(select(DemandItem).where(DemandItem.status == DemandStatus.OPEN)
                                    .order_by(DemandItem.id)).all()
    first, second, third = open_items[:3]
    s1 = [r.supply_item_id for r in stored_suggestions(db_session, first.id)]
    s2 = [r.supply_item_id for r in stored_suggestions(db_session, second.id)]
    s3 = [r.supply_item_id for r in stored_suggestions(db_session, third.id)]
    # first: three shortlisted, one of them advanced to 意向, one all the way to 入链; one rejected.
    _decide(client, operator_headers, first.id, [
        {"supply_item_id": s1[0], "status": "onboarded"}, {"supply_item_id": s1[1], "status": "intent"},
        {"supply_item_id": s1[2], "status": "shortlisted"}, {"supply_item_id": s1[3], "status": "rejected",
                                                             "reason": "产能不足"}])
    _decide(client, operator_headers, second.id, [{"supply_item_id": s2[0], "status": "sample"}])
    _decide(client, operator_headers, third.id, [{"supply_item_id": s3[0], "status": "rejected", "reason": "价格"}])

    report = client.get(REPORT, headers=operator_headers, params={"min_score": 0})
    assert report.status_code == 200, report.text
    body = report.json()
    totals = body["totals"]
    assert (totals["shortlisted"], totals["intent"], totals["sample"], totals["pilot"], totals["onboarded"],
            totals["rejected"]) == (4, 3, 2, 1, 1, 2)
    all_items = db_session.scalars(select(DemandItem)).all()
    assert totals["demand_items"] == len(all_items) and totals["open_demand_items"] == len(open_items)
    with_suggestions = {i.id for i in open_items if stored_suggestions(db_session, i.id)}
    assert totals["matched_demand_items"] == len(with_suggestions)
    # SME side: the supply items (and their SMEs) found among the open items' stored suggestions.
    suggested = {r.supply_item_id for i in open_items for r in stored_suggestions(db_session, i.id)}
    assert body["sme"]["supply_items_with_opportunity"] == len(suggested) > 0
    assert body["sme"]["smes_with_opportunity"] == len({db_session.get(SupplyItem, i).enterprise_id
                                                        for i in suggested})
    assert body["sme"]["active_supply_items"] >= len(suggested)
    assert body["sme"]["pairs_reaching_intent"] == 3  # onboarded, intent, sample: moved into 意向 or beyond today
    assert body["batch_id"] is not None and body["computed_at"]
    assert body["min_match_percent"] == match_percent(0)

    # Each grouping adds up to the totals, and the first item's leader row carries its decisions.
    for grouping in ("by_chain", "by_district", "by_leader"):
        rows = body[grouping]
        for field in ("demand_items", "matched_demand_items", "shortlisted", "intent", "onboarded", "rejected"):
            assert sum(r[field] for r in rows) == totals[field], (grouping, field)
    leader_row = next(r for r in body["by_leader"] if r["key"] == str(first.enterprise_id))
    leader_items = [i for i in all_items if i.enterprise_id == first.enterprise_id]
    assert leader_row["demand_items"] == len(leader_items)
    assert leader_row["onboarded"] >= 1 and leader_row["name"] == first.enterprise.name
    district_row = next(r for r in body["by_district"] if r["name"] == (first.enterprise.district or "未填写区县"))
    assert district_row["onboarded"] >= 1

    # A threshold no suggestion reaches leaves no demand item matched; the decisions still count.
    strict = client.get(REPORT, headers=operator_headers, params={"min_score": 10_000}).json()
    assert strict["totals"]["matched_demand_items"] == 0 and strict["totals"]["onboarded"] == 1


def test_report_before_any_batch_and_for_non_operators(client, db_session, demo, make_key, operator_headers) -> None:
    body = client.get(REPORT, headers=operator_headers).json()
    assert body["batch_id"] is None and body["totals"]["matched_demand_items"] == 0
    assert body["totals"]["demand_items"] > 0
    leader = db_session.scalar(select(Enterprise).join(DemandItem, DemandItem.enterprise_id == Enterprise.id).limit(1))
    for headers in (make_key(ApiRole.CHAIN_LEADER, leader), {}):
        assert client.get(REPORT, headers=headers).status_code in (401, 403)
        assert client.get(REPORT + ".xlsx", headers=headers).status_code in (401, 403)


def test_report_downloads_as_a_workbook_with_chinese_sheets(client, demo, operator_headers) -> None:
    response = client.get(REPORT + ".xlsx", headers=operator_headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["按产业链", "按区县", "按链主企业", "月度趋势", "本期概况", "说明"]
    json_report = client.get(REPORT, headers=operator_headers).json()
    for sheet_name, grouping, heading in (("按产业链", "by_chain", "产业链"), ("按区县", "by_district", "区县"),
                                          ("按链主企业", "by_leader", "链主企业")):
        rows = list(workbook[sheet_name].iter_rows(values_only=True))
        assert rows[0][:10] == (heading, "需求条目数", "开放需求数", "有达标推荐的需求数", "入围", "意向", "样品",
                                "小批量", "入链", "已拒绝")
        assert rows[0][10:] == ("本期决策变更次数", "本期进入入围", "本期进入意向", "本期进入样品", "本期进入小批量",
                                "本期入链", "本期被拒绝")
        assert [r[0] for r in rows[1:-1]] == [r["name"] for r in json_report[grouping]]
        assert rows[-1][0] == "合计" and rows[-1][1] == json_report["totals"]["demand_items"]
