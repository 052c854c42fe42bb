"""The 国产替代 report over a generated year of decisions: every figure equals a direct SQL count over the rows the
test made, per industry chain and district, by month (Chongqing time), in JSON and in the workbook."""

from __future__ import annotations

import io
import random
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from app.models import (
    DecisionEvent,
    DecisionStatus,
    DemandItem,
    DemandStatus,
    EnterpriseRole,
    IndustryChain,
    ItemCategory,
    MatchDecision,
    StoredSuggestion,
    SuggestionBatch,
    SupplyItem,
)

CST = timezone(timedelta(hours=8))
STAGES = {"intent": "意向", "sample": "样品", "pilot": "小批量", "onboarded": "入链"}


@pytest.fixture
def year(db_session, make_enterprise):
    """Three leaders in two districts, foreign-reference and plain demand items on two chains, domestic and
    foreign-brand supply items, a stored batch, and a year of decision changes at random moments."""
    rng = random.Random(18)
    chains = [IndustryChain(code=f"T{i}", name=f"测试产业链{i}") for i in range(2)]
    db_session.add_all(chains)
    db_session.flush()
    leaders = [make_enterprise(role=EnterpriseRole.CHAIN_LEADER, district=d) for d in ("两江新区", "璧山区", "璧山区")]
    foreign_names = ["IGBT模块 英飞凌 FF450R12ME4 或同等", "深沟球轴承 替代进口 SKF 6205-2RS", "PLM系统 替代 Teamcenter",
                     "伺服驱动器 安川 SGD7S-2R8A"]
    plain_names = ["铝合金型材 6061", "注塑件 门把手", "线束总成"]
    demand: list[DemandItem] = []
    foreign_ids: set[int] = set()
    for k, leader in enumerate(leaders):
        for j in range(6):
            is_foreign = j % 2 == 0
            name = (foreign_names if is_foreign else plain_names)[(k + j) % (4 if is_foreign else 3)]
            item = DemandItem(enterprise_id=leader.id, identity_key=f"k{k}-{j}", category=ItemCategory.COMPONENT,
                              product_name=name, part_numbers=[], chain_id=chains[(k + j) % 2].id,
                              status=DemandStatus.CLOSED if j == 4 else DemandStatus.OPEN)
            db_session.add(item)
            db_session.flush()
            demand.append(item)
            if is_foreign:
                foreign_ids.add(item.id)
    smes = [make_enterprise(role=EnterpriseRole.SME) for _ in range(5)]
    supply_names = [("IGBT模块 1200V 450A", True), ("深沟球轴承 6205", True), ("PLM 产品数据管理", True),
                    ("英飞凌 IGBT模块 代理", False), ("西门子 伺服驱动 原装进口", False)]
    supply = []
    domestic_ids: set[int] = set()
    for sme, (name, domestic) in zip(smes, supply_names, strict=True):
        item = SupplyItem(enterprise_id=sme.id, identity_key=name, category=ItemCategory.COMPONENT, product_name=name,
                          part_numbers=[])
        db_session.add(item)
        db_session.flush()
        supply.append(item)
        if domestic:
            domestic_ids.add(item.id)
    batch = SuggestionBatch(per_item=5)
    db_session.add(batch)
    db_session.flush()
    for d in demand:
        for rank, s in enumerate(rng.sample(supply, 3), start=1):
            db_session.add(StoredSuggestion(batch_id=batch.id, demand_item_id=d.id, rank=rank, supply_item_id=s.id,
                                            score=rng.choice([4.0, 12.0]), explanation=[]))
    statuses = list(DecisionStatus)
    for d in demand:
        for s in rng.sample(supply, 3):
            decision = MatchDecision(demand_item_id=d.id, supply_item_id=s.id, status=DecisionStatus.SHORTLISTED,
                                     demand_owner_credit_code="x", demand_identity_key=d.identity_key,
                                     supply_owner_credit_code="y", supply_identity_key=s.identity_key)
            db_session.add(decision)
            db_session.flush()
            previous = None
            for _ in range(rng.randint(1, 5)):
                # any moment of 2026, some on the last evening of a month (already the next month in Chongqing)
                day = date(2026, rng.randint(1, 12), rng.randint(1, 28))
                moment = datetime(day.year, day.month, day.day, rng.randint(0, 23), tzinfo=UTC)
                if rng.random() < 0.15:
                    last = (date(2026, day.month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
                    moment = datetime(last.year, last.month, last.day, 18, tzinfo=UTC)
                status = rng.choice(statuses)
                db_session.add(DecisionEvent(decision_id=decision.id, from_status=previous, to_status=status,
                                             created_at=moment))
                previous = status
            decision.status = previous
    db_session.commit()
    return {"foreign": foreign_ids, "domestic": domestic_ids, "chains": chains, "batch": batch}


def _month_bounds(month: int) -> tuple[datetime, datetime]:
    start = datetime(2026, month, 1, tzinfo=CST)
    end = datetime(2026 + month // 12, month % 12 + 1, 1, tzinfo=CST)
    return start.astimezone(UTC), end.astimezone(UTC)


def _sql_moves(db_session, year, stage: str, month: int, where: str, params: dict) -> int:
    start, end = _month_bounds(month)
    return db_session.execute(text(
        "SELECT count(DISTINCT md.demand_item_id) FROM decision_events de "
        "JOIN match_decisions md ON md.id = de.decision_id "
        "JOIN demand_items d ON d.id = md.demand_item_id JOIN enterprises e ON e.id = d.enterprise_id "
        f"WHERE de.to_status = :stage AND de.created_at >= :start AND de.created_at < :end AND {where} "
        f"AND md.demand_item_id IN ({','.join(map(str, year['foreign']))}) "
        f"AND md.supply_item_id IN ({','.join(map(str, year['domestic']))})"),
        {"stage": stage, "start": start, "end": end, **params}).scalar_one()


def _sql_items(db_session, year, where: str, params: dict) -> tuple[int, int]:
    foreign = ",".join(map(str, year["foreign"]))
    items = db_session.execute(text(
        "SELECT count(*) FROM demand_items d JOIN enterprises e ON e.id = d.enterprise_id "
        f"WHERE d.status = 'open' AND d.id IN ({foreign}) AND {where}"), params).scalar_one()
    candidates = db_session.execute(text(
        "SELECT count(DISTINCT ss.demand_item_id) FROM stored_suggestions ss "
        "JOIN demand_items d ON d.id = ss.demand_item_id JOIN enterprises e ON e.id = d.enterprise_id "
        f"WHERE ss.batch_id = :batch AND ss.score >= 10 AND d.status = 'open' AND d.id IN ({foreign}) "
        f"AND ss.supply_item_id IN ({','.join(map(str, year['domestic']))}) AND {where}"),
        {"batch": year["batch"].id, **params}).scalar_one()
    return items, candidates


def test_report_figures_equal_direct_sql_counts(client, db_session, year, operator_headers):
    response = client.get("/api/v1/reports/substitution", headers=operator_headers, params={"period": "2026"})
    assert response.status_code == 200, response.text
    report = response.json()
    assert [m["month"] for m in report["totals"]["months"]] == [f"2026-{m:02d}" for m in range(1, 13)]
    groups = [("by_chain", row, "d.chain_id = :key", {"key": int(row["key"])}) for row in report["by_chain"]]
    groups += [("by_district", row, "e.district = :key", {"key": row["key"]}) for row in report["by_district"]]
    groups.append(("totals", report["totals"], "1 = 1", {}))
    assert {row["key"] for row in report["by_district"]} == {"两江新区", "璧山区"}
    assert len(report["by_chain"]) == 2
    moved_somewhere = 0
    for _, row, where, params in groups:
        assert (row["foreign_reference_items"], row["with_domestic_candidate"]) == _sql_items(
            db_session, year, where, params)
        for m, month in enumerate(row["months"], start=1):
            for stage in STAGES:
                expected = _sql_moves(db_session, year, stage, m, where, params)
                assert month[stage] == expected, (row["name"], month["month"], stage)
                moved_somewhere += expected
    assert moved_somewhere > 20  # the generated year really exercises the counts
    assert report["totals"]["foreign_reference_items"] == 6  # 9 foreign items, 3 of them closed


def test_the_workbook_carries_the_same_figures(client, year, operator_headers):
    report = client.get("/api/v1/reports/substitution", headers=operator_headers, params={"period": "2026"}).json()
    response = client.get("/api/v1/reports/substitution.xlsx", headers=operator_headers, params={"period": "2026"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["按产业链", "按区县", "月度明细", "说明"]
    rows = list(book["按区县"].iter_rows(values_only=True))
    by_name = {r[0]: r[1:] for r in rows[1:]}
    for row in [*report["by_district"], report["totals"]]:
        assert by_name[row["name"]] == (row["foreign_reference_items"], row["with_domestic_candidate"],
                                        *(row["in_period"][s] for s in STAGES))
    monthly = {(r[1], r[2]): r[3:] for r in book["月度明细"].iter_rows(min_row=2, values_only=True) if r[0] == "合计"}
    for month in report["totals"]["months"]:
        assert monthly[("合计", month["month"])] == tuple(month[s] for s in STAGES)
