"""国产替代 progress per industry chain and district, by month: what the programme's government users report upward.

Definitions (also on the workbook's 说明 sheet):

* a **foreign-reference item** is a demand item whose name or technical requirements name a foreign brand of the
  registry (``app.services.ranking.substitution.brand_registry``), or whose part number (typed, or in its name, as the
  engine reads it) is the reference of an active cross-reference (替代型号对照);
* ``foreign_reference_items``: such items that are open now;
* ``with_domestic_candidate``: of those, the ones with at least one domestic supplier (a supply item that names no
  foreign brand as its own, ``matching.substitution.is_domestic_supply``) at or above the 匹配度 threshold in the
  latest stored batch (``chainmatch match --all``), as the summary report counts its 有达标推荐;
* per month (Chongqing time) and stage 意向 / 样品 / 小批量 / 入链: the distinct foreign-reference items (open or not)
  for which a decision change in that month moved a domestic supplier into the stage; a jump counts under the
  stage it lands in only.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.match_percent import match_percent
from app.domain.spreadsheet_safety import protect_workbook, write_text_cell
from app.models import DemandItem, Enterprise, IndustryChain, PartEquivalence, SupplyItem
from app.models.decisions import DecisionEvent, DecisionStatus, MatchDecision, StoredSuggestion
from app.models.items import programme_today
from app.schemas.substitution import SubstitutionMonth, SubstitutionReport, SubstitutionRow, SubstitutionStages
from app.services.ranking.batch import latest_batch
from app.services.ranking.matching_index import demand_record
from app.services.ranking.substitution import brand_registry
from app.services.reports import ALL_TIME, NO_CHAIN, NO_DISTRICT, Period, trend_months
from matching.substitution import is_domestic_supply, reference_numbers

DEFAULT_MIN_MATCH_PERCENT = 50.0
STAGES = {DecisionStatus.INTENT: "intent", DecisionStatus.SAMPLE: "sample", DecisionStatus.PILOT: "pilot",
          DecisionStatus.ONBOARDED: "onboarded"}
STAGE_LABELS = {"intent": "意向", "sample": "样品", "pilot": "小批量", "onboarded": "入链"}


@dataclass
class _Group:
    key: str
    name: str
    items: int = 0
    with_candidate: int = 0
    # (month label, stage) → demand item ids
    moved: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))


def substitution_report(*, db_session: Session, period: Period = ALL_TIME,
                        min_match_percent: float = DEFAULT_MIN_MATCH_PERCENT,
                        today: date | None = None) -> SubstitutionReport:
    """The report (operators only: the caller checks the role)."""
    months = trend_months(period, today or programme_today())
    registry = brand_registry(db_session)
    referenced = set(db_session.scalars(select(PartEquivalence.reference_code).where(
        PartEquivalence.withdrawn_at.is_(None))))
    items = db_session.execute(
        select(DemandItem, Enterprise.district, IndustryChain.name)
        .join(Enterprise, Enterprise.id == DemandItem.enterprise_id)
        .outerjoin(IndustryChain, IndustryChain.id == DemandItem.chain_id)
    ).all()
    foreign: dict[int, tuple[bool, tuple[str, str], tuple[str, str]]] = {}  # id → (open, chain group, district group)
    for item, district, chain_name in items:
        names_brand = any(not b.domestic for b in registry.find(f"{item.product_name} {item.specification or ''}"))
        cross_referenced = bool(referenced) and any(
            code in referenced for code in reference_numbers(demand_record(item)))
        if names_brand or cross_referenced:
            chain = (str(item.chain_id), chain_name) if item.chain_id is not None else ("none", NO_CHAIN)
            place = (district, district) if district else ("none", NO_DISTRICT)
            foreign[item.id] = (bool(item.is_open), chain, place)

    domestic_cache: dict[int, bool] = {}

    def domestic(supply_ids: set[int]) -> None:
        wanted = supply_ids - domestic_cache.keys()
        if wanted:
            for supply in db_session.scalars(select(SupplyItem).where(SupplyItem.id.in_(wanted))):
                domestic_cache[supply.id] = is_domestic_supply(
                    f"{supply.product_name} {supply.description or ''}", supply.enterprise.brands or (), registry)

    with_candidate: set[int] = set()
    batch = latest_batch(db_session)
    if batch is not None and foreign:
        stored = db_session.execute(select(StoredSuggestion.demand_item_id, StoredSuggestion.supply_item_id,
                                           StoredSuggestion.score)
                                    .where(StoredSuggestion.batch_id == batch.id,
                                           StoredSuggestion.demand_item_id.in_(foreign))).all()
        good = [(d, s) for d, s, score in stored if match_percent(score) >= min_match_percent]
        domestic({s for _, s in good})
        with_candidate = {d for d, s in good if domestic_cache.get(s) and foreign[d][0]}

    moves: list[tuple[int, str, str]] = []  # (demand item, month label, stage)
    if foreign and months:
        rows = db_session.execute(
            select(MatchDecision.demand_item_id, MatchDecision.supply_item_id, DecisionEvent.to_status,
                   DecisionEvent.created_at)
            .join(MatchDecision, MatchDecision.id == DecisionEvent.decision_id)
            .where(MatchDecision.demand_item_id.in_(foreign), MatchDecision.supply_item_id.is_not(None),
                   DecisionEvent.to_status.in_(list(STAGES)),
                   DecisionEvent.created_at >= months[0].start, DecisionEvent.created_at < months[-1].end)
        ).all()
        domestic({s for _, s, _, _ in rows})
        for demand_id, supply_id, status, at in rows:
            if not domestic_cache.get(supply_id):
                continue
            month = next(m for m in months if _as_utc(m.start) <= _as_utc(at) < _as_utc(m.end))
            moves.append((demand_id, month.label, STAGES[status]))

    by_chain: dict[str, _Group] = {}
    by_district: dict[str, _Group] = {}
    total = _Group("all", "合计")
    for item_id, (is_open, chain, place) in foreign.items():
        for group in (_group(by_chain, *chain), _group(by_district, *place), total):
            group.items += is_open
            group.with_candidate += item_id in with_candidate
    for item_id, month, stage in moves:
        _, chain, place = foreign[item_id]
        for group in (by_chain[chain[0]], by_district[place[0]], total):
            group.moved[(month, stage)].add(item_id)

    labels = [m.label for m in months]

    def row(group: _Group) -> SubstitutionRow:
        per_month = [SubstitutionMonth(month=label, **{s: len(group.moved.get((label, s), ())) for s in STAGE_LABELS})
                     for label in labels]
        in_period = SubstitutionStages(**{s: len(set().union(*(group.moved.get((label, s), set())
                                                                    for label in labels))) for s in STAGE_LABELS})
        return SubstitutionRow(key=group.key, name=group.name, foreign_reference_items=group.items,
                               with_domestic_candidate=group.with_candidate, in_period=in_period, months=per_month)

    def ordered(groups: dict[str, _Group]) -> list[SubstitutionRow]:
        return [row(g) for g in sorted(groups.values(), key=lambda g: (-g.items, g.name))]

    return SubstitutionReport(period=period.read(), min_match_percent=min_match_percent,
                              batch_id=batch.id if batch is not None else None, totals=row(total),
                              by_chain=ordered(by_chain), by_district=ordered(by_district))


def _group(groups: dict[str, _Group], key: str, name: str) -> _Group:
    return groups.get(key) or groups.setdefault(key, _Group(key, name))


def _as_utc(moment: datetime) -> datetime:
    # SQLite gives naive datetimes back (stored as UTC); PostgreSQL aware ones.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


SHEETS = ("按产业链", "按区县", "月度明细", "说明")
NOTES = (
    "对标进口的开放关键需求：需求的产品名称或技术要求写明外国品牌（品牌词典），或其型号（所填或写在名称中）为有效替代型号对照中的对标型号，且当前开放。",
    "有国产候选：最近一次批量匹配（chainmatch match --all）中，至少一个国产供给条目（未以外国品牌为本品牌）的匹配度不低于阈值。",
    "意向 / 样品 / 小批量 / 入链：该月有决策变更使国产供应商进入该阶段的对标进口需求数（同一需求计一次；越级进入只计入到达的阶段）。",
    "月份按重庆时间（UTC+8）划分。",
)


def substitution_xlsx(report: SubstitutionReport) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    stage_headers = [STAGE_LABELS[s] for s in STAGE_LABELS]
    for title, rows in (("按产业链", report.by_chain), ("按区县", report.by_district)):
        sheet = workbook.create_sheet(title)
        headers = [title.removeprefix("按"), "对标进口的开放关键需求",
                   f"有国产候选（匹配度≥{report.min_match_percent:g}%）", *(f"本期{h}" for h in stage_headers)]
        _write_row(sheet, 1, headers, bold=True)
        for r, data in enumerate([*rows, report.totals], start=2):
            _write_row(sheet, r, [data.name, data.foreign_reference_items, data.with_domestic_candidate,
                                  *(getattr(data.in_period, s) for s in STAGE_LABELS)])
    sheet = workbook.create_sheet("月度明细")
    _write_row(sheet, 1, ["分组", "名称", "月份", *stage_headers], bold=True)
    r = 2
    for kind, rows in (("产业链", report.by_chain), ("区县", report.by_district), ("合计", [report.totals])):
        for data in rows:
            for month in data.months:
                _write_row(sheet, r, [kind, data.name, month.month, *(getattr(month, s) for s in STAGE_LABELS)])
                r += 1
    sheet = workbook.create_sheet("说明")
    _write_row(sheet, 1, [f"期间：{report.period.label}"], bold=True)
    for r, note in enumerate(NOTES, start=2):
        _write_row(sheet, r, [note])
    buffer = io.BytesIO()
    protect_workbook(workbook).save(buffer)
    return buffer.getvalue()


def _write_row(sheet, row: int, values, *, bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = write_text_cell(sheet, row, column, value) if isinstance(value, str) else sheet.cell(row, column, value)
        if bold:
            cell.font = Font(bold=True)
