"""What the program achieved: per industry chain, district and chain leader, how many demand items there are,
how many have a good supplier in the latest batch of suggestions, and how far decisions have gone — now, and
within a period (a month, a quarter, a year or a custom date range), with a trend per month, the SME side and the
matchmaking events.

Current state (cumulative, as of now):

* ``demand_items``: all demand items; ``open_demand_items``: those open now.
* ``matched_demand_items``: open demand items with at least one stored suggestion scoring ``min_score`` or more
  in the latest ``chainmatch match --all`` batch (0 everywhere before the first batch; ``computed_at`` says
  how fresh the figure is).
* ``shortlisted`` / ``intent`` / ``sample`` / ``pilot`` / ``onboarded``: (demand item, supplier) pairs whose
  current decision has reached that stage — a funnel, so a supplier now at 入链 also counts under 入围 and 意向;
  ``rejected``: pairs currently rejected.

Within the period (``period_totals``, each row's ``in_period``, each month of ``trend``), from the decisions'
history (``decision_events``): ``decisions`` is the number of changes recorded, and each stage the number of pairs
that moved INTO it during the period (not a funnel: a jump 入围 → 入链 counts under 入链 only); ``new_demand_items``
/ ``new_supply_items`` were created in it. Pairs whose demand item was deleted (and not re-imported) are left out,
as in the current state. Periods and months are days on the programme's calendar (Chongqing time, UTC+8).

A demand item is counted under its industry chain (or 未指定产业链), its leader's district (or 未填写区县) and
its leader.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import ColumnElement, and_, case, distinct, func, select
from sqlalchemy.orm import Session

from app.core.errors import ValidationFailed, field_error
from app.domain.match_percent import match_percent
from app.domain.spreadsheet_safety import protect_workbook
from app.models import (
    DemandItem,
    Enterprise,
    Event,
    EventMeeting,
    EventMeetingRequest,
    EventParticipant,
    IndustryChain,
    MeetingOutcome,
    ParticipantSide,
    ParticipantStatus,
    SupplyItem,
    SupplyStatus,
)
from app.models.decisions import PIPELINE, DecisionEvent, DecisionStatus, MatchDecision, StoredSuggestion
from app.models.items import PROGRAMME_TIMEZONE, programme_today
from app.schemas.reports import (
    EventFigures,
    OutcomeCount,
    PeriodRead,
    PeriodTotals,
    ReportRow,
    SmeFigures,
    StageMoves,
    SummaryReport,
    TrendMonth,
)
from app.services.ranking.batch import latest_batch

# A score at which a suggestion is worth a procurement engineer's look: a clear text match (the engine's text
# evidence is worth about 8–15 for a good match) — chosen on the demo lists, where true suppliers score above it.
DEFAULT_MIN_SCORE = 6.0
NO_CHAIN = "未指定产业链"
NO_DISTRICT = "未填写区县"
# Without a period the trend shows this many months, ending with the current one.
DEFAULT_TREND_MONTHS = 12
# A custom range (and its trend) covers at most this many months.
MAX_PERIOD_MONTHS = 120
INTEREST_BASIS = ("系统尚无中小企业单独表达“感兴趣”的记录，故以已有的记录计：对接活动中中小企业提出的洽谈申请，"
                  "以及本期进入意向、样品、小批量或入链阶段的（需求, 供应商）对")

_STAGE_FIELDS = {
    DecisionStatus.SHORTLISTED: "shortlisted",
    DecisionStatus.INTENT: "intent",
    DecisionStatus.SAMPLE: "sample",
    DecisionStatus.PILOT: "pilot",
    DecisionStatus.ONBOARDED: "onboarded",
}
_MOVE_FIELDS = {**_STAGE_FIELDS, DecisionStatus.REJECTED: "rejected"}
_INTENT_OR_BEYOND = tuple(PIPELINE[PIPELINE.index(DecisionStatus.INTENT):])


# ── periods ──────────────────────────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class Period:
    """Days ``first`` to ``last`` (both included) on the programme's calendar; ``kind == "all"``: no bounds."""

    kind: str
    label: str
    first: date | None = None
    last: date | None = None

    @property
    def start(self) -> datetime | None:
        """The first instant, in UTC (timestamps are stored in UTC)."""
        return _utc_midnight(self.first) if self.first else None

    @property
    def end(self) -> datetime | None:
        """The instant after the last day, in UTC."""
        return _utc_midnight(self.last + timedelta(days=1)) if self.last else None

    def read(self) -> PeriodRead:
        return PeriodRead(kind=self.kind, label=self.label, date_from=self.first, date_to=self.last)


ALL_TIME = Period(kind="all", label="全部")

_MONTH = re.compile(r"^(\d{4})(?:-|年)(\d{1,2})月?$")
_QUARTER = re.compile(r"^(\d{4})(?:-?[Qq]|年第?)([1-4一二三四])(?:季度?)?$")
_YEAR = re.compile(r"^(\d{4})年?$")
_CHINESE_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}


def parse_period(period: str | None = None, date_from: date | None = None, date_to: date | None = None) -> Period:
    """``2026-03`` (a month), ``2026-Q1`` (a quarter), ``2026`` (a year) — or ``date_from`` and ``date_to``, both
    included — else all time. Bad input raises a 422 naming the parameter."""
    text = (period or "").strip()
    if text and (date_from or date_to):
        raise ValidationFailed(detail=[field_error("period", "period 与 date_from/date_to 只能二选一 "
                                                             "(give either period or a date range)", period)])
    if date_from or date_to:
        errors = [field_error(name, "自定义区间需要同时给出起止日期 (both dates are required)")
                  for name, value in (("date_from", date_from), ("date_to", date_to)) if value is None]
        if errors:
            raise ValidationFailed(detail=errors)
        assert date_from is not None and date_to is not None
        if date_from > date_to:
            raise ValidationFailed(detail=[field_error("date_to", "结束日期早于开始日期 (date_to is before date_from)",
                                                       date_to.isoformat())])
        if _month_index(date_to) - _month_index(date_from) >= MAX_PERIOD_MONTHS:
            raise ValidationFailed(detail=[field_error("date_to", f"区间最长 {MAX_PERIOD_MONTHS} 个月 "
                                                                  f"(at most {MAX_PERIOD_MONTHS} months)",
                                                       date_to.isoformat())])
        return Period(kind="range", label=f"{date_from.isoformat()} 至 {date_to.isoformat()}", first=date_from,
                      last=date_to)
    if not text:
        return ALL_TIME
    if len(text) <= 20:
        if match := _MONTH.match(text):
            year, month = int(match.group(1)), int(match.group(2))
            if 1 <= month <= 12 and _valid_year(year):
                return Period(kind="month", label=f"{year}年{month}月", first=date(year, month, 1),
                              last=_month_end(year, month))
        if match := _QUARTER.match(text):
            year = int(match.group(1))
            quarter = _CHINESE_QUARTERS.get(match.group(2)) or int(match.group(2))
            if _valid_year(year):
                return Period(kind="quarter", label=f"{year}年第{quarter}季度", first=date(year, 3 * quarter - 2, 1),
                              last=_month_end(year, 3 * quarter))
        if match := _YEAR.match(text):
            year = int(match.group(1))
            if _valid_year(year):
                return Period(kind="year", label=f"{year}年", first=date(year, 1, 1), last=date(year, 12, 31))
    raise ValidationFailed(detail=[field_error(
        "period", "无法识别的期间：月份写作 2026-03，季度写作 2026-Q1，年份写作 2026 "
                  "(a month 2026-03, a quarter 2026-Q1 or a year 2026)", period)])


def _valid_year(year: int) -> bool:
    return 2000 <= year <= 2100


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=PROGRAMME_TIMEZONE).astimezone(UTC)


def trend_months(period: Period, today: date | None = None) -> list[Period]:
    """The months the trend shows: each month the period touches (cut to the period's days), or without a
    period the last ``DEFAULT_TREND_MONTHS`` months ending with the current one."""
    if period.first is None or period.last is None:
        today = today or programme_today()
        last = _month_index(today)
        indices = range(last - DEFAULT_TREND_MONTHS + 1, last + 1)
    else:
        indices = range(_month_index(period.first), _month_index(period.last) + 1)
    months = []
    for index in indices:
        year, month = divmod(index, 12)
        first, last_day = date(year, month + 1, 1), _month_end(year, month + 1)
        if period.first is not None and period.last is not None:
            first, last_day = max(first, period.first), min(last_day, period.last)
        months.append(Period(kind="month", label=f"{year}-{month + 1:02d}", first=first, last=last_day))
    return months


def _within(column: ColumnElement, period: Period) -> list[ColumnElement[bool]]:
    conditions = []
    if period.start is not None:
        conditions.append(column >= period.start)
    if period.end is not None:
        conditions.append(column < period.end)
    return conditions


# ── the report ───────────────────────────────────────────────────────────────────────────────────────────────
@dataclass
class _Counts:
    key: str
    name: str
    demand_items: int = 0
    open_demand_items: int = 0
    matched_demand_items: int = 0
    stages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        [*_STAGE_FIELDS.values(), "rejected"], 0))
    moves: dict[str, int] = field(default_factory=lambda: dict.fromkeys(["decisions", *_MOVE_FIELDS.values()], 0))

    def row(self) -> ReportRow:
        return ReportRow(key=self.key, name=self.name, demand_items=self.demand_items,
                         open_demand_items=self.open_demand_items, matched_demand_items=self.matched_demand_items,
                         in_period=StageMoves(**self.moves), **self.stages)


def summary(*, db_session: Session, min_score: float = DEFAULT_MIN_SCORE, period: Period = ALL_TIME,
            today: date | None = None) -> SummaryReport:
    """The report (operators only: the caller checks the role)."""
    today = today or programme_today()
    batch = latest_batch(db_session)
    matched: set[int] = set()
    if batch is not None:
        matched = set(db_session.scalars(select(StoredSuggestion.demand_item_id).where(
            StoredSuggestion.batch_id == batch.id, StoredSuggestion.score >= min_score).distinct()))
    decisions: dict[int, list[DecisionStatus]] = {}
    for demand_id, status in db_session.execute(
            select(MatchDecision.demand_item_id, MatchDecision.status).where(MatchDecision.demand_item_id.is_not(None))):
        decisions.setdefault(demand_id, []).append(status)
    moves = _moves_by_item(db_session, period)

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
        item_moves = moves.get(item_id)
        for counts in groups:
            counts.demand_items += 1
            counts.open_demand_items += is_open
            counts.matched_demand_items += is_open and item_id in matched
            for decision in decisions.get(item_id, ()):
                _count_decision(counts, decision)
            if item_moves:
                for name, value in item_moves.items():
                    counts.moves[name] += value

    def ordered(groups: dict[str, _Counts]) -> list[ReportRow]:
        return [c.row() for c in sorted(groups.values(), key=lambda c: (-c.demand_items, c.name))]

    months = trend_months(period, today)
    new_items = _new_items(db_session, [period, *months])
    return SummaryReport(
        min_score=min_score,
        min_match_percent=match_percent(min_score),
        batch_id=batch.id if batch is not None else None,
        computed_at=batch.computed_at if batch is not None else None,
        period=period.read(),
        totals=total.row(),
        period_totals=PeriodTotals(**total.moves, **new_items[0]),
        trend=[TrendMonth(month=month.label, **moved, **counted)
               for month, moved, counted in zip(months, _monthly_moves(db_session, months), new_items[1:],
                                                 strict=True)],
        sme=_sme_figures(db_session, period, batch.id if batch is not None else None, min_score),
        events=_event_figures(db_session, period, today),
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


def _moves_by_item(db_session: Session, period: Period) -> dict[int, dict[str, int]]:
    """Per demand item: the decision changes in the period, and the pairs that moved into each stage. A decision
    belongs to one demand item, so the distinct counts of items add up to those of any group of them."""
    out: dict[int, dict[str, int]] = {}
    rows = db_session.execute(
        select(MatchDecision.demand_item_id, DecisionEvent.to_status, func.count(),
               func.count(distinct(DecisionEvent.decision_id)))
        .join(MatchDecision, MatchDecision.id == DecisionEvent.decision_id)
        .where(MatchDecision.demand_item_id.is_not(None), *_within(DecisionEvent.created_at, period))
        .group_by(MatchDecision.demand_item_id, DecisionEvent.to_status)
    )
    for item_id, status, changes, pairs in rows:
        counts = out.setdefault(item_id, dict.fromkeys(["decisions", *_MOVE_FIELDS.values()], 0))
        counts["decisions"] += changes
        counts[_MOVE_FIELDS[status]] += pairs
    return out


def _stage_moves(db_session: Session, period: Period) -> dict[str, int]:
    counts = dict.fromkeys(["decisions", *_MOVE_FIELDS.values()], 0)
    rows = db_session.execute(
        select(DecisionEvent.to_status, func.count(), func.count(distinct(DecisionEvent.decision_id)))
        .join(MatchDecision, MatchDecision.id == DecisionEvent.decision_id)
        .where(MatchDecision.demand_item_id.is_not(None), *_within(DecisionEvent.created_at, period))
        .group_by(DecisionEvent.to_status)
    )
    for status, changes, pairs in rows:
        counts["decisions"] += changes
        counts[_MOVE_FIELDS[status]] += pairs
    return counts


def _monthly_moves(db_session: Session, months: Sequence[Period]) -> list[dict[str, int]]:
    """:func:`_stage_moves` for each month, in one statement (each month's row found by a CASE over the month
    boundaries): twelve statements were twelve round trips."""
    out = [dict.fromkeys(["decisions", *_MOVE_FIELDS.values()], 0) for _ in months]
    bounded = [(n, m) for n, m in enumerate(months) if m.start is not None and m.end is not None]
    if not bounded or len(bounded) < len(months):  # trend months always have bounds; anything else, one by one
        return [_stage_moves(db_session, m) for m in months]
    month = case(*((and_(DecisionEvent.created_at >= m.start, DecisionEvent.created_at < m.end), n)
                   for n, m in bounded), else_=-1)
    rows = db_session.execute(
        select(month, DecisionEvent.to_status, func.count(), func.count(distinct(DecisionEvent.decision_id)))
        .join(MatchDecision, MatchDecision.id == DecisionEvent.decision_id)
        .where(MatchDecision.demand_item_id.is_not(None),
               DecisionEvent.created_at >= min(m.start for _, m in bounded),
               DecisionEvent.created_at < max(m.end for _, m in bounded))
        .group_by(month, DecisionEvent.to_status)
    )
    for n, status, changes, pairs in rows:
        if n >= 0:
            out[n]["decisions"] += changes
            out[n][_MOVE_FIELDS[status]] += pairs
    return out


def _new_items(db_session: Session, periods: Sequence[Period]) -> list[dict[str, int]]:
    """Items created in each period, in one statement: a count of a range of ``ix_*_created_at`` per period and
    list, which reads index entries only (without the index each of the report's thirteen periods — the period and
    its months — read every supply row; as thirteen statements they cost a round trip each on PostgreSQL)."""
    lists = (("new_demand_items", DemandItem), ("new_supply_items", SupplyItem))
    counts = [select(func.count()).select_from(model).where(*_within(model.created_at, p)).scalar_subquery()
              for p in periods for _, model in lists]
    row = iter(db_session.execute(select(*counts)).one())
    return [{key: int(next(row) or 0) for key, _ in lists} for _ in periods]


def _sme_figures(db_session: Session, period: Period, batch_id: int | None, min_score: float) -> SmeFigures:
    active = select(SupplyItem.id, SupplyItem.enterprise_id).where(SupplyItem.status == SupplyStatus.ACTIVE).subquery()
    active_items, active_smes = db_session.execute(
        select(func.count(), func.count(distinct(active.c.enterprise_id))).select_from(active)).one()
    with_opportunity = (0, 0)
    if batch_id is not None:
        found = (
            select(SupplyItem.id, SupplyItem.enterprise_id).distinct()
            .join(StoredSuggestion, StoredSuggestion.supply_item_id == SupplyItem.id)
            .join(DemandItem, DemandItem.id == StoredSuggestion.demand_item_id)
            .where(StoredSuggestion.batch_id == batch_id, StoredSuggestion.score >= min_score, DemandItem.is_open,
                   SupplyItem.status == SupplyStatus.ACTIVE)
        ).subquery()
        with_opportunity = db_session.execute(
            select(func.count(), func.count(distinct(found.c.enterprise_id))).select_from(found)).one()
    requests, requesting = db_session.execute(
        select(func.count(), func.count(distinct(EventMeetingRequest.sme_id)))
        .where(EventMeetingRequest.requested_by_sme.is_(True), *_within(EventMeetingRequest.created_at, period))
    ).one()
    pairs, smes = db_session.execute(
        select(func.count(distinct(DecisionEvent.decision_id)), func.count(distinct(SupplyItem.enterprise_id)))
        .join(MatchDecision, MatchDecision.id == DecisionEvent.decision_id)
        .outerjoin(SupplyItem, SupplyItem.id == MatchDecision.supply_item_id)
        .where(MatchDecision.demand_item_id.is_not(None), DecisionEvent.to_status.in_(_INTENT_OR_BEYOND),
               *_within(DecisionEvent.created_at, period))
    ).one()
    return SmeFigures(
        active_supply_items=active_items, smes_with_active_items=active_smes,
        supply_items_with_opportunity=with_opportunity[0], smes_with_opportunity=with_opportunity[1],
        meeting_requests=requests, smes_requesting_meetings=requesting,
        pairs_reaching_intent=pairs, smes_reaching_intent=smes, interest_basis=INTEREST_BASIS,
    )


def _event_figures(db_session: Session, period: Period, today: date) -> EventFigures:
    in_period = [Event.event_date.is_not(None)]
    if period.first is not None:
        in_period.append(Event.event_date >= period.first)
    if period.last is not None:
        in_period.append(Event.event_date <= period.last)
    held = list(db_session.scalars(select(Event.id).where(*in_period, Event.event_date <= today)))
    planned = db_session.scalar(select(func.count()).select_from(Event).where(*in_period, Event.event_date > today))
    sides = dict.fromkeys(ParticipantSide, 0)
    outcomes: dict[MeetingOutcome | None, int] = {}
    if held:
        for side, count in db_session.execute(
                select(EventParticipant.side, func.count(distinct(EventParticipant.enterprise_id)))
                .where(EventParticipant.event_id.in_(held), EventParticipant.status == ParticipantStatus.REGISTERED)
                .group_by(EventParticipant.side)):
            sides[side] = count
        outcomes = dict(db_session.execute(
            select(EventMeeting.outcome, func.count()).where(EventMeeting.event_id.in_(held))
            .group_by(EventMeeting.outcome)).all())
    scheduled = sum(outcomes.values())
    recorded = {k: v for k, v in outcomes.items() if k is not None}
    return EventFigures(
        events_held=len(held), events_planned=planned or 0,
        leaders_taking_part=sides[ParticipantSide.CHAIN_LEADER], smes_taking_part=sides[ParticipantSide.SME],
        meetings_scheduled=scheduled,
        meetings_held=sum(v for k, v in recorded.items() if k is not MeetingOutcome.NO_SHOW),
        meetings_without_outcome=outcomes.get(None, 0),
        outcomes=[OutcomeCount(outcome=o.value, label=o.label, meetings=recorded.get(o, 0)) for o in MeetingOutcome],
    )


# ── the XLSX download ────────────────────────────────────────────────────────────────────────────────────────

_MOVE_COLUMNS: list[tuple[str, str]] = [
    ("决策变更次数", "decisions"), ("进入入围", "shortlisted"), ("进入意向", "intent"), ("进入样品", "sample"),
    ("进入小批量", "pilot"), ("入链", "onboarded"), ("被拒绝", "rejected"),
]
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
    *((f"本期{name}", (lambda r, key=key: getattr(r.in_period, key) if r.in_period else 0))
      for name, key in _MOVE_COLUMNS),
]
SHEETS = ("按产业链", "按区县", "按链主企业", "月度趋势", "本期概况", "说明")


def summary_xlsx(report: SummaryReport) -> bytes:
    """The report as a workbook: a sheet per grouping (产业链, 区县, 链主企业) with the current state and the
    period's moves and a total row, the trend per month, the period's figures (SME side, events), and a 说明 sheet
    saying which period, when the suggestions were computed, with which threshold, and what each figure means."""
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
        _style(sheet, total_row=True)
    trend = workbook.create_sheet("月度趋势")
    trend.append(["月份", "新增需求条目", "新增供给条目", *(name for name, _ in _MOVE_COLUMNS)])
    for month in report.trend:
        trend.append([month.month, month.new_demand_items, month.new_supply_items,
                      *(getattr(month, key) for _, key in _MOVE_COLUMNS)])
    _style(trend, total_row=False)

    figures = workbook.create_sheet("本期概况")
    sme, events, totals = report.sme, report.events, report.period_totals
    for line in (
        ("期间", report.period.label),
        ("新增需求条目", totals.new_demand_items), ("新增供给条目", totals.new_supply_items),
        *((f"本期{name}", getattr(totals, key)) for name, key in _MOVE_COLUMNS),
        ("中小企业", None),
        ("有效供给条目", sme.active_supply_items), ("有有效供给条目的中小企业", sme.smes_with_active_items),
        ("至少有一个需求机会的供给条目（现状）", sme.supply_items_with_opportunity),
        ("至少有一个需求机会的中小企业（现状）", sme.smes_with_opportunity),
        ("本期洽谈申请（中小企业提出）", sme.meeting_requests),
        ("本期提出洽谈申请的中小企业", sme.smes_requesting_meetings),
        ("本期进入意向及以后阶段的对数", sme.pairs_reaching_intent),
        ("本期有产品进入意向及以后阶段的中小企业", sme.smes_reaching_intent),
        ("意向表达口径", sme.interest_basis),
        ("对接活动", None),
        ("已举办活动", events.events_held), ("期间内尚未举办的活动", events.events_planned),
        ("参会链主企业", events.leaders_taking_part), ("参会中小企业", events.smes_taking_part),
        ("排定洽谈场次", events.meetings_scheduled), ("已举行洽谈场次", events.meetings_held),
        ("尚未记录结果的洽谈", events.meetings_without_outcome),
        *((f"洽谈结果：{o.label}", o.meetings) for o in events.outcomes),
    ):
        figures.append(list(line))
        if line[1] is None:
            figures.cell(row=figures.max_row, column=1).font = Font(bold=True)
    figures.column_dimensions["A"].width = 40
    figures.column_dimensions["B"].width = 60

    notes = workbook.create_sheet("说明")
    computed = report.computed_at.strftime("%Y-%m-%d %H:%M UTC") if report.computed_at else "尚未运行批量匹配"
    for line in (
        ("期间", report.period.label),
        ("推荐计算时间", computed),
        ("达标分数线", report.min_score),
        ("达标分数线对应的匹配度（%）", report.min_match_percent),
        ("有达标推荐的需求数", "开放需求中，最近一次批量匹配至少有一个供应商得分不低于分数线的条目数"),
        ("入围 / 意向 / 样品 / 小批量 / 入链", "现状：当前决策已到达该阶段的（需求, 供应商）对数；后一阶段也计入前面各阶段"),
        ("已拒绝", "现状：当前被拒绝的（需求, 供应商）对数"),
        ("本期进入各阶段", "期间内决策进入该阶段的（需求, 供应商）对数，按决策历史统计；直接跳级只计入到达的阶段"),
        ("月份与期间", "按重庆时间（UTC+8）的自然日、自然月划分"),
    ):
        notes.append(list(line))
    notes.column_dimensions["A"].width = 30
    notes.column_dimensions["B"].width = 80
    protect_workbook(workbook)  # enterprise and chain names are user text: never a live formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _style(sheet, *, total_row: bool) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if total_row:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 28
    for i in range(2, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 14
