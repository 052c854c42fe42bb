"""What the program achieved: per industry chain, district and chain leader, how many demand items there are,
how many have a good supplier in the latest batch of suggestions, and how far decisions have gone.

* ``demand_items``: all demand items; ``open_demand_items``: those open now.
* ``matched_demand_items``: open demand items with at least one stored suggestion scoring ``min_score`` or more
  in the latest ``chainmatch match --all`` batch (0 everywhere before the first batch; ``computed_at`` says
  how fresh the figure is).
* ``shortlisted`` / ``intent`` / ``sample`` / ``pilot`` / ``onboarded``: (demand item, supplier) pairs whose
  current decision has reached that stage — a funnel, so a supplier now at 入链 also counts under 入围 and 意向;
  ``rejected``: pairs currently rejected.

A demand item is counted under its industry chain (or 未指定产业链), its leader's district (or 未填写区县) and
its leader.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import DemandItem, Enterprise, IndustryChain
from app.models.decisions import PIPELINE, DecisionStatus, MatchDecision, StoredSuggestion
from app.schemas.reports import ReportRow, SummaryReport
from app.services.batch import latest_batch
from app.services.spreadsheet_safety import protect_workbook

# A score at which a suggestion is worth a procurement engineer's look: a clear text match (the engine's text
# evidence is worth about 8–15 for a good match) — chosen on the demo lists, where true suppliers score above it.
DEFAULT_MIN_SCORE = 6.0
NO_CHAIN = "未指定产业链"
NO_DISTRICT = "未填写区县"

_STAGE_FIELDS = {
    DecisionStatus.SHORTLISTED: "shortlisted",
    DecisionStatus.INTENT: "intent",
    DecisionStatus.SAMPLE: "sample",
    DecisionStatus.PILOT: "pilot",
    DecisionStatus.ONBOARDED: "onboarded",
}


@dataclass
class _Counts:
    key: str
    name: str
    demand_items: int = 0
    open_demand_items: int = 0
    matched_demand_items: int = 0
    stages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        [*_STAGE_FIELDS.values(), "rejected"], 0))

    def row(self) -> ReportRow:
        return ReportRow(key=self.key, name=self.name, demand_items=self.demand_items,
                         open_demand_items=self.open_demand_items, matched_demand_items=self.matched_demand_items,
                         **self.stages)


def summary(*, db_session: Session, min_score: float = DEFAULT_MIN_SCORE) -> SummaryReport:
    """The report (operators only: the caller checks the role)."""
    batch = latest_batch(db_session)
    matched: set[int] = set()
    if batch is not None:
        matched = set(db_session.scalars(select(StoredSuggestion.demand_item_id).where(
            StoredSuggestion.batch_id == batch.id, StoredSuggestion.score >= min_score).distinct()))
    decisions: dict[int, list[DecisionStatus]] = {}
    for demand_id, status in db_session.execute(
            select(MatchDecision.demand_item_id, MatchDecision.status).where(MatchDecision.demand_item_id.is_not(None))):
        decisions.setdefault(demand_id, []).append(status)

    items = db_session.execute(
        select(DemandItem.id, DemandItem.is_open, DemandItem.enterprise_id, Enterprise.name, Enterprise.district,
               DemandItem.chain_id, IndustryChain.name)
        .join(Enterprise, Enterprise.id == DemandItem.enterprise_id)
        .outerjoin(IndustryChain, IndustryChain.id == DemandItem.chain_id)
    ).all()
    by_chain: dict[str, _Counts] = {}
    by_district: dict[str, _Counts] = {}
    by_leader: dict[str, _Counts] = {}
    total = _Counts(key="all", name="合计")
    for item_id, is_open, leader_id, leader_name, district, chain_id, chain_name in items:
        groups = (
            _group(by_chain, str(chain_id) if chain_id is not None else "none", chain_name or NO_CHAIN),
            _group(by_district, district or "none", district or NO_DISTRICT),
            _group(by_leader, str(leader_id), leader_name),
            total,
        )
        is_open = bool(is_open)
        for counts in groups:
            counts.demand_items += 1
            counts.open_demand_items += is_open
            counts.matched_demand_items += is_open and item_id in matched
            for decision in decisions.get(item_id, ()):
                _count_decision(counts, decision)

    def ordered(groups: dict[str, _Counts]) -> list[ReportRow]:
        return [c.row() for c in sorted(groups.values(), key=lambda c: (-c.demand_items, c.name))]

    return SummaryReport(
        min_score=min_score,
        batch_id=batch.id if batch is not None else None,
        computed_at=batch.computed_at if batch is not None else None,
        totals=total.row(),
        by_chain=ordered(by_chain),
        by_district=ordered(by_district),
        by_leader=ordered(by_leader),
    )


def _group(groups: dict[str, _Counts], key: str, name: str) -> _Counts:
    found = groups.get(key)
    if found is None:
        found = groups[key] = _Counts(key=key, name=name)
    return found


def _count_decision(counts: _Counts, status: DecisionStatus) -> None:
    if status is DecisionStatus.REJECTED:
        counts.stages["rejected"] += 1
        return
    reached = PIPELINE.index(status)
    for stage in PIPELINE[: reached + 1]:
        counts.stages[_STAGE_FIELDS[stage]] += 1


# ── the XLSX download ────────────────────────────────────────────────────────────────────────────────────────

_COLUMNS: list[tuple[str, Callable[[ReportRow], int]]] = [
    ("需求条目数", lambda r: r.demand_items),
    ("开放需求数", lambda r: r.open_demand_items),
    ("有达标推荐的需求数", lambda r: r.matched_demand_items),
    ("入围", lambda r: r.shortlisted),
    ("意向", lambda r: r.intent),
    ("样品", lambda r: r.sample),
    ("小批量", lambda r: r.pilot),
    ("入链", lambda r: r.onboarded),
    ("已拒绝", lambda r: r.rejected),
]


def summary_xlsx(report: SummaryReport) -> bytes:
    """The report as a workbook: a sheet per grouping (产业链, 区县, 链主企业) with Chinese headers and a total
    row, and a 说明 sheet saying when the suggestions were computed and with which threshold."""
    workbook = Workbook()
    first = True
    for title, heading, rows in (("按产业链", "产业链", report.by_chain), ("按区县", "区县", report.by_district),
                                 ("按链主企业", "链主企业", report.by_leader)):
        sheet = workbook.active if first else workbook.create_sheet()
        first = False
        sheet.title = title
        sheet.append([heading, *(name for name, _ in _COLUMNS)])
        for row in rows:
            sheet.append([row.name, *(value(row) for _, value in _COLUMNS)])
        sheet.append([report.totals.name, *(value(report.totals) for _, value in _COLUMNS)])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "B2"
        sheet.column_dimensions["A"].width = 28
        for i in range(2, len(_COLUMNS) + 2):
            sheet.column_dimensions[get_column_letter(i)].width = 14
    notes = workbook.create_sheet("说明")
    computed = report.computed_at.strftime("%Y-%m-%d %H:%M UTC") if report.computed_at else "尚未运行批量匹配"
    for line in (
        ("推荐计算时间", computed),
        ("达标分数线", report.min_score),
        ("有达标推荐的需求数", "开放需求中，最近一次批量匹配至少有一个供应商得分不低于分数线的条目数"),
        ("入围 / 意向 / 样品 / 小批量 / 入链", "当前决策已到达该阶段的（需求, 供应商）对数；后一阶段也计入前面各阶段"),
        ("已拒绝", "当前被拒绝的（需求, 供应商）对数"),
    ):
        notes.append(list(line))
    notes.column_dimensions["A"].width = 30
    notes.column_dimensions["B"].width = 80
    protect_workbook(workbook)  # enterprise and chain names are user text: never a live formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
