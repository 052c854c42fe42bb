"""Request and response models of matchmaking events (/api/v1/events)."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

from pydantic import Field, WithJsonSchema, model_validator

from app.models.events import EventType, MeetingOutcome, ParticipantSide, ParticipantStatus
from app.schemas.common import (
    ChainRef,
    DbInt,
    RequestModel,
    ResponseModel,
    UtcDatetime,
    labelled,
    optional_text,
    required_text,
)


class EventCreate(RequestModel):
    name: required_text(200) = Field(description="活动名称")  # type: ignore[valid-type]
    event_type: labelled(EventType) = Field(  # type: ignore[valid-type]
        description="industry_coordination 行业协调会 / cross_industry 跨行业对接会 / hundred_events 百场万企")
    event_date: date | None = Field(default=None, description="活动日期")
    venue: optional_text(200) = Field(default=None, description="地点")  # type: ignore[valid-type]
    organizer: optional_text(200) = Field(default=None, description="主办单位（打印在清单上）")  # type: ignore[valid-type]
    chains: list[ChainRef] = Field(default_factory=list, max_length=50, description="产业链：名称、代码或编号")
    leader_meeting_limit: int = Field(default=12, ge=0, le=100, description="每家链主企业最多洽谈场次")
    sme_meeting_limit: int = Field(default=3, ge=0, le=100, description="每家中小企业最多洽谈场次")
    shortlist_size: int = Field(default=5, ge=1, le=50, description="每个需求条目推荐的供应企业数")


class EventUpdate(RequestModel):
    name: optional_text(200) = None  # type: ignore[valid-type]
    event_type: labelled(EventType) | None = None  # type: ignore[valid-type]
    event_date: date | None = None
    venue: optional_text(200) = None  # type: ignore[valid-type]
    organizer: optional_text(200) = None  # type: ignore[valid-type]
    chains: list[ChainRef] | None = Field(default=None, max_length=50)
    leader_meeting_limit: int | None = Field(default=None, ge=0, le=100)
    sme_meeting_limit: int | None = Field(default=None, ge=0, le=100)
    shortlist_size: int | None = Field(default=None, ge=1, le=50)


class EventRead(ResponseModel):
    id: int
    name: str
    event_type: EventType
    event_type_label: str
    event_date: date | None
    venue: str | None
    organizer: str | None
    chains: list[str]
    leader_meeting_limit: int
    sme_meeting_limit: int
    shortlist_size: int
    participants: int
    demand_items: int
    slots: int
    tables: int
    meetings: int
    schedule_solved_at: UtcDatetime | None
    schedule_stats: dict | None
    created_at: UtcDatetime
    updated_at: UtcDatetime


class ParticipantAdd(RequestModel):
    enterprise_id: DbInt
    side: labelled(ParticipantSide) | None = Field(  # type: ignore[valid-type]
        default=None, description="chain_leader / sme；缺省按企业类型，两者皆是的企业必须指定")
    status: labelled(ParticipantStatus) = Field(  # type: ignore[valid-type]
        default=ParticipantStatus.REGISTERED,
        description="运营人员可直接登记（registered）；活动组织方只能邀请（invited），由企业自行接受或婉拒")
    meeting_limit: int | None = Field(default=None, ge=0, le=100, description="覆盖活动的每方洽谈场次上限")


class ParticipationSet(RequestModel):
    """The enterprise's answer to its invitation."""

    status: labelled(ParticipantStatus) = Field(  # type: ignore[valid-type]
        description="accepted 接受邀请 / declined 婉拒")


class ParticipantRead(ResponseModel):
    id: int
    enterprise_id: int
    enterprise_name: str
    side: ParticipantSide
    status: ParticipantStatus
    meeting_limit: int | None


class LayoutSet(RequestModel):
    """Time slots and tables. Slots: ``count`` slots of ``minutes`` from ``start`` (with ``break_minutes`` between
    them). Tables: ``tables`` numbered A01, A02, … or ``table_labels`` as given. Replacing the layout clears the
    schedule."""

    start: time = Field(description="第一个时段开始时间，如 09:00")
    minutes: int = Field(ge=5, le=240, description="每个时段分钟数")
    count: int = Field(ge=1, le=48, description="时段数")
    break_minutes: int = Field(default=0, ge=0, le=120)
    tables: int | None = Field(default=None, ge=1, le=500)
    table_labels: list[str] | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _one_table_spec(self) -> LayoutSet:
        if (self.tables is None) == (self.table_labels is None):
            raise ValueError("tables 与 table_labels 二选一 (give tables or table_labels)")
        if self.table_labels is not None:
            cleaned = [label.strip() for label in self.table_labels]
            if any(not label or len(label) > 32 for label in cleaned) or len(set(cleaned)) != len(cleaned):
                raise ValueError("洽谈桌名称不能为空、不超过32字且不能重复 (labels must be unique, 1–32 characters)")
            self.table_labels = cleaned
        return self


# An event's wall-clock time, local to its venue and without an offset ("09:00:00"); OpenAPI's "time" format is
# RFC 3339's full-time, which requires one, so the schema states the shape instead.
LocalTime = Annotated[time, WithJsonSchema({
    "type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$",
    "description": "当地时间 HH:MM:SS（不带时区）"})]


class SlotRead(ResponseModel):
    id: int
    position: int
    starts_at: LocalTime
    ends_at: LocalTime
    label: str


class TableRead(ResponseModel):
    id: int
    position: int
    label: str


class LayoutRead(ResponseModel):
    slots: list[SlotRead]
    tables: list[TableRead]


class MeetingRequestCreate(RequestModel):
    """An SME asks to meet a chain leader (``sme_id`` is its own); an organizer pins a meeting, optionally to a
    slot and a table (positions as in the layout, from 1)."""

    leader_id: DbInt
    sme_id: DbInt | None = None
    pinned: bool = False
    slot: int | None = Field(default=None, ge=1, description="时段序号（从 1 起），仅置顶洽谈")
    table: str | None = Field(default=None, max_length=32, description="洽谈桌名称，仅置顶洽谈")


class MeetingRequestRead(ResponseModel):
    id: int
    leader_id: int
    sme_id: int
    requested_by_sme: bool
    pinned: bool
    slot_id: int | None
    table_id: int | None


class ShortlistCompute(RequestModel):
    participants_only: bool = Field(default=False,
                                    description="只推荐已报名或已邀请的中小企业；否则也列出待邀请企业")


class ShortlistEntryCreate(RequestModel):
    demand_item_id: DbInt
    supply_item_id: DbInt


class ShortlistEntryUpdate(RequestModel):
    pinned: bool | None = None
    removed: bool | None = None
    position: int | None = Field(default=None, ge=1, description="在该需求条目中的新位置（从 1 起）")


class ShortlistEntryRead(ResponseModel):
    id: int
    supply_item_id: int
    supplier_id: int
    supplier_name: str
    product_name: str
    position: int
    score: float | None
    match_percent: float | None = Field(description="匹配度（%，0–100），由匹配分换算")
    explanation: str | None
    pinned: bool
    manual: bool
    participation: str | None


class ShortlistDemandRead(ResponseModel):
    demand_item_id: int
    product_name: str
    category: str
    entries: list[ShortlistEntryRead]


class ShortlistLeaderRead(ResponseModel):
    leader_id: int
    leader_name: str
    demand_items: list[ShortlistDemandRead]


class ScheduleSolve(RequestModel):
    time_limit_seconds: float = Field(default=8.0, gt=0, le=60)


class MeetingRead(ResponseModel):
    id: int
    slot_position: int
    slot: str
    table: str
    leader_id: int | None = Field(description="中小企业查看涉及保密需求的洽谈时为空（显示「某链主企业」）")
    leader_name: str
    sme_id: int
    sme_name: str
    score: float
    pinned: bool
    requested_by_sme: bool
    topics: list[list[int]] = Field(description="[需求条目编号, 供给条目编号]；保密需求对中小企业显示其公开编号")
    outcome: MeetingOutcome | None
    outcome_label: str | None
    outcome_note: str | None
    outcome_confirmed: bool = Field(description="结果已由链主企业（或运营人员）确认并计入推荐决策")


class AgendaRead(ResponseModel):
    enterprise_id: int
    enterprise_name: str
    side: ParticipantSide
    meetings: list[MeetingRead]


class TableScheduleRead(ResponseModel):
    table: str
    meetings: list[MeetingRead]


class UnmatchedRead(ResponseModel):
    """A participant the schedule left without any meeting."""

    enterprise_id: int
    enterprise_name: str
    side: ParticipantSide
    reason_code: str = Field(description="not_accepted / no_meeting_capacity / no_demand_in_scope / "
                                         "no_shortlist_entry / partners_not_participating / slots_exhausted")
    reason: str


class ScheduleRead(ResponseModel):
    solved_at: UtcDatetime | None
    stats: dict | None
    unmatched: list[UnmatchedRead] = Field(default_factory=list,
                                           description="未安排洽谈的参会企业及原因（仅组织方和运营人员）")
    slots: list[SlotRead]
    meetings: list[MeetingRead]
    by_table: list[TableScheduleRead]
    agendas: list[AgendaRead]


class OutcomeSet(RequestModel):
    outcome: labelled(MeetingOutcome) = Field(  # type: ignore[valid-type]
        description="no_show 未到场 / no_interest 无合作意向 / follow_up 继续跟进 / intent 达成意向 / sample 送样 / "
                    "pilot 小批量试产 / onboarded 入链")
    note: optional_text(1000) = None  # type: ignore[valid-type]
    confirm_overwrite: bool = Field(
        default=False, description="结果会覆盖此前的「已拒绝」决策时须为 true（否则 409 outcome_overwrites_rejection）")


class OutcomeRead(ResponseModel):
    meeting: MeetingRead
    decisions_recorded: int
    awaiting_leader: bool = Field(default=False,
                                  description="组织方记录的结果待链主企业确认后才计入推荐决策")
