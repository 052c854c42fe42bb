"""The summary report: counts per industry chain, district and chain leader."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from app.schemas.common import ResponseModel, UtcDatetime


class StageMoves(ResponseModel):
    """What happened in a period: decisions recorded, and (demand item, supplier) pairs that moved INTO each stage
    during it (a pair moved twice into the same stage counts once; a jump 入围 → 入链 counts under 入链 only)."""

    decisions: int = Field(description="本期记录的决策变更次数")
    shortlisted: int = Field(description="本期进入入围的对数")
    intent: int = Field(description="本期进入意向的对数")
    sample: int = Field(description="本期进入样品的对数")
    pilot: int = Field(description="本期进入小批量的对数")
    onboarded: int = Field(description="本期入链的对数")
    rejected: int = Field(description="本期被拒绝的对数")


class ReportRow(ResponseModel):
    key: str = Field(description="分组键：产业链编号、区县名或链主企业编号（none 表示未填写）")
    name: str = Field(description="分组名称")
    demand_items: int = Field(description="需求条目数")
    open_demand_items: int = Field(description="开放需求数")
    matched_demand_items: int = Field(description="有达标推荐的开放需求数（最近一次批量匹配）")
    shortlisted: int = Field(description="已到达入围阶段的（需求, 供应商）对数")
    intent: int = Field(description="已到达意向阶段的对数")
    sample: int = Field(description="已到达样品阶段的对数")
    pilot: int = Field(description="已到达小批量阶段的对数")
    onboarded: int = Field(description="入链的对数")
    rejected: int = Field(description="当前被拒绝的对数")
    in_period: StageMoves | None = Field(default=None, description="本期进入各阶段的对数（见 period）")


class SummaryReport(ResponseModel):
    """Current state (``totals`` and the groupings: cumulative, as of now) and what happened in ``period``
    (``period_totals``, each grouping's ``in_period``, ``trend`` per month, the SME side, the events)."""

    min_score: float = Field(description="达标分数线")
    min_match_percent: float = Field(description="达标分数线对应的匹配度（%）")
    batch_id: int | None = Field(description="所用批量匹配的编号；尚未运行时为空")
    computed_at: UtcDatetime | None = Field(description="批量匹配的计算时间")
    period: PeriodRead
    totals: ReportRow
    period_totals: PeriodTotals
    trend: list[TrendMonth] = Field(description="按月趋势：期间内每个月（未指定期间时为截至本月的最近 12 个月）")
    sme: SmeFigures
    events: EventFigures
    by_chain: list[ReportRow]
    by_district: list[ReportRow]
    by_leader: list[ReportRow]


class PeriodRead(ResponseModel):
    """The period the activity figures cover, on the programme's calendar (Chongqing time)."""

    kind: str = Field(description="all（全部）、month（月）、quarter（季度）、year（年）、range（自定义区间）")
    label: str = Field(description="如 2026年3月、2026年第1季度、2026-01-05 至 2026-02-10、全部")
    date_from: date | None = Field(description="首日（含）；全部时为空")
    date_to: date | None = Field(description="末日（含）；全部时为空")


class TrendMonth(StageMoves):
    month: str = Field(description="月份，如 2026-03")
    new_demand_items: int = Field(description="本月新增需求条目数")
    new_supply_items: int = Field(description="本月新增供给条目数")


class PeriodTotals(StageMoves):
    new_demand_items: int = Field(description="本期新增需求条目数")
    new_supply_items: int = Field(description="本期新增供给条目数")


class SmeFigures(ResponseModel):
    """The SME side."""

    active_supply_items: int = Field(description="当前有效的供给条目数")
    smes_with_active_items: int = Field(description="有有效供给条目的中小企业数")
    supply_items_with_opportunity: int = Field(
        description="至少有一个需求机会的供给条目数：最近一次批量匹配中，出现在某个开放需求的达标推荐里（现状，不分期）")
    smes_with_opportunity: int = Field(description="至少有一个需求机会的中小企业数（同上）")
    meeting_requests: int = Field(description="本期中小企业在对接活动中提出的洽谈申请数")
    smes_requesting_meetings: int = Field(description="本期提出洽谈申请的中小企业数")
    pairs_reaching_intent: int = Field(description="本期进入意向或更后阶段的（需求, 供应商）对数")
    smes_reaching_intent: int = Field(description="本期有产品进入意向或更后阶段的中小企业数")
    interest_basis: str = Field(description="“意向表达”的口径说明")


class OutcomeCount(ResponseModel):
    outcome: str = Field(description="洽谈结果代码，如 intent")
    label: str = Field(description="洽谈结果，如 达成意向")
    meetings: int


class EventFigures(ResponseModel):
    """Matchmaking events dated in the period."""

    events_held: int = Field(description="本期已举办的对接活动数（活动日期不晚于今天）")
    events_planned: int = Field(description="本期内尚未举办的对接活动数")
    leaders_taking_part: int = Field(description="已举办活动中已报名的链主企业数（按企业去重）")
    smes_taking_part: int = Field(description="已举办活动中已报名的中小企业数（按企业去重）")
    meetings_scheduled: int = Field(description="已举办活动排定的一对一洽谈场次")
    meetings_held: int = Field(description="已举办活动中已记录结果且非“未到场”的洽谈场次")
    meetings_without_outcome: int = Field(description="已举办活动中尚未记录结果的洽谈场次")
    outcomes: list[OutcomeCount] = Field(description="洽谈结果分布（已举办活动）")
