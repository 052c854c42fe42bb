"""Offline matchmaking events (对接会): who takes part, which demand items are in scope, the shortlists the
organizer edits, the time slots and tables, and the 1:1 meetings with their outcomes.

The database itself refuses a double booking: a table, a chain leader and an SME each appear at most once per
slot, and a leader–SME pair meets at most once per event.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base
from app.models.base import TimestampMixin, enum_column
from app.models.enterprise import Enterprise
from app.models.enums import Labelled, use_labels
from app.models.items import DemandItem, SupplyItem
from app.models.reference import IndustryChain


class EventType(Labelled):
    INDUSTRY_COORDINATION = "industry_coordination"  # 行业协调会, held by a chain leader's industry
    CROSS_INDUSTRY = "cross_industry"  # 跨行业对接会
    HUNDRED_EVENTS = "hundred_events"  # "渝链同行、百场万企" series


class ParticipantSide(Labelled):
    CHAIN_LEADER = "chain_leader"
    SME = "sme"


class ParticipantStatus(Labelled):
    """An organizer invites; the enterprise accepts or declines with its own key. ``registered``: entered by an
    operator (or the enterprise itself). Only accepted and registered participants take part."""

    INVITED = "invited"
    ACCEPTED = "accepted"
    REGISTERED = "registered"
    DECLINED = "declined"

    @property
    def takes_part(self) -> bool:
        return self in (ParticipantStatus.ACCEPTED, ParticipantStatus.REGISTERED)


class MeetingOutcome(Labelled):
    NO_SHOW = "no_show"
    NO_INTEREST = "no_interest"
    FOLLOW_UP = "follow_up"
    INTENT = "intent"
    SAMPLE = "sample"
    PILOT = "pilot"
    ONBOARDED = "onboarded"


_LABELS: dict[StrEnum, str] = {
    EventType.INDUSTRY_COORDINATION: "行业协调会",
    EventType.CROSS_INDUSTRY: "跨行业对接会",
    EventType.HUNDRED_EVENTS: "百场万企",
    ParticipantSide.CHAIN_LEADER: "链主企业",
    ParticipantSide.SME: "中小企业",
    ParticipantStatus.INVITED: "已邀请",
    ParticipantStatus.ACCEPTED: "已接受邀请",
    ParticipantStatus.REGISTERED: "已报名",
    ParticipantStatus.DECLINED: "已婉拒",
    MeetingOutcome.NO_SHOW: "未到场",
    MeetingOutcome.NO_INTEREST: "无合作意向",
    MeetingOutcome.FOLLOW_UP: "继续跟进",
    MeetingOutcome.INTENT: "达成意向",
    MeetingOutcome.SAMPLE: "送样",
    MeetingOutcome.PILOT: "小批量试产",
    MeetingOutcome.ONBOARDED: "入链",
}
_ALIASES: dict[StrEnum, tuple[str, ...]] = {
    EventType.HUNDRED_EVENTS: ("渝链同行、百场万企", "渝链同行·百场万企", "百场万企对接会"),
    EventType.INDUSTRY_COORDINATION: ("行业协调", "协调会"),
    EventType.CROSS_INDUSTRY: ("跨行业对接", "跨行业"),
    MeetingOutcome.NO_INTEREST: ("无意向", "没有意向"),
    MeetingOutcome.INTENT: ("意向",),
    MeetingOutcome.SAMPLE: ("样品",),
    MeetingOutcome.PILOT: ("小批量",),
}
use_labels(_LABELS, _ALIASES, EventType, ParticipantSide, ParticipantStatus, MeetingOutcome)


event_chains = Table(
    "event_chains",
    Base.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("chain_id", ForeignKey("industry_chains.id", ondelete="CASCADE"), primary_key=True),
)


class Event(TimestampMixin, Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    event_type: Mapped[EventType] = mapped_column(enum_column(EventType, "event_type"))
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    venue: Mapped[str | None] = mapped_column(String(200))
    organizer: Mapped[str | None] = mapped_column(String(200))  # the organizing body, as printed
    # The organizer key that manages the event (operators manage every event).
    owner_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id", ondelete="SET NULL"), index=True)
    leader_meeting_limit: Mapped[int] = mapped_column(Integer, default=12)
    sme_meeting_limit: Mapped[int] = mapped_column(Integer, default=3)
    shortlist_size: Mapped[int] = mapped_column(Integer, default=5)
    schedule_solved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    schedule_stats: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    chains: Mapped[list[IndustryChain]] = relationship(secondary=event_chains, lazy="selectin")


class EventParticipant(TimestampMixin, Base):
    __tablename__ = "event_participants"
    __table_args__ = (UniqueConstraint("event_id", "enterprise_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    side: Mapped[ParticipantSide] = mapped_column(enum_column(ParticipantSide, "participant_side"))
    status: Mapped[ParticipantStatus] = mapped_column(
        enum_column(ParticipantStatus, "participant_status"), default=ParticipantStatus.REGISTERED)
    meeting_limit: Mapped[int | None] = mapped_column(Integer)  # overrides the event's per-side limit

    enterprise: Mapped[Enterprise] = relationship(lazy="joined")


class EventDemandItem(Base):
    """A demand item in the event's scope."""

    __tablename__ = "event_demand_items"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    demand_item_id: Mapped[int] = mapped_column(ForeignKey("demand_items.id", ondelete="CASCADE"), primary_key=True,
                                                index=True)

    demand_item: Mapped[DemandItem] = relationship(lazy="joined")


class EventShortlistEntry(TimestampMixin, Base):
    """A supplier proposed for a demand item of the event. Computed entries are replaced on recomputation;
    ``pinned``, ``removed`` and ``manual`` entries are the organizer's and survive it."""

    __tablename__ = "event_shortlist_entries"
    __table_args__ = (UniqueConstraint("event_id", "demand_item_id", "supply_item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    demand_item_id: Mapped[int] = mapped_column(ForeignKey("demand_items.id", ondelete="CASCADE"), index=True)
    supply_item_id: Mapped[int] = mapped_column(ForeignKey("supply_items.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    explanation: Mapped[str | None] = mapped_column(Text)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)

    supply_item: Mapped[SupplyItem] = relationship(lazy="joined")


class EventSlot(Base):
    __tablename__ = "event_slots"
    __table_args__ = (UniqueConstraint("event_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)

    @property
    def label(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class EventTable(Base):
    __tablename__ = "event_tables"
    __table_args__ = (UniqueConstraint("event_id", "label"), UniqueConstraint("event_id", "position"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(32))


class EventMeetingRequest(TimestampMixin, Base):
    """A meeting an SME asked for, or one the organizer pinned (optionally to a slot and a table)."""

    __tablename__ = "event_meeting_requests"
    __table_args__ = (UniqueConstraint("event_id", "leader_id", "sme_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    sme_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    requested_by_sme: Mapped[bool] = mapped_column(Boolean, default=False)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("event_slots.id", ondelete="SET NULL"))
    table_id: Mapped[int | None] = mapped_column(ForeignKey("event_tables.id", ondelete="SET NULL"))


class EventMeeting(TimestampMixin, Base):
    """A scheduled 1:1 meeting, and after the event its outcome."""

    __tablename__ = "event_meetings"
    __table_args__ = (
        UniqueConstraint("slot_id", "table_id"),
        UniqueConstraint("slot_id", "leader_id"),
        UniqueConstraint("slot_id", "sme_id"),
        UniqueConstraint("event_id", "leader_id", "sme_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("event_slots.id", ondelete="CASCADE"))
    table_id: Mapped[int] = mapped_column(ForeignKey("event_tables.id", ondelete="CASCADE"))
    leader_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    sme_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    requested_by_sme: Mapped[bool] = mapped_column(Boolean, default=False)
    # the (demand item, supply item) pairs of the shortlist the meeting is about: [[demand_id, supply_id], ...]
    topics: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    outcome: Mapped[MeetingOutcome | None] = mapped_column(enum_column(MeetingOutcome, "meeting_outcome"))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    outcome_recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # An outcome an organizer recorded stays an event outcome until the meeting's chain leader confirms it; only
    # then does it become decisions on the leader's items.
    outcome_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)

    slot: Mapped[EventSlot] = relationship(lazy="joined")
    table: Mapped[EventTable] = relationship(lazy="joined")
    leader: Mapped[Enterprise] = relationship(foreign_keys=[leader_id], lazy="joined")
    sme: Mapped[Enterprise] = relationship(foreign_keys=[sme_id], lazy="joined")
