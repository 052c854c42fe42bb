"""What an export shows: plain records, already in the words users read (Chinese labels, formatted figures)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class EventHeader:
    name: str
    type_label: str  # 行业协调会 / 跨行业对接会 / 百场万企
    date: date | None = None
    venue: str | None = None
    organizer: str | None = None
    chains: tuple[str, ...] = ()
    generated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SupplierLine:
    """One SME product proposed for a demand item."""

    rank: int
    enterprise_name: str
    product: str
    model: str | None = None  # 规格型号
    district: str | None = None
    qualifications: str | None = None  # e.g. "国家级专精特新小巨人、市级专精特新"
    score: float | None = None
    match_percent: float | None = None  # 匹配度, 0–100 (app.domain.match_percent)
    reasons: str | None = None  # the explanation, in Chinese
    pinned: bool = False
    participation: str | None = None  # 已报名 / 已邀请 / 待邀请


@dataclass(frozen=True, slots=True)
class DemandEntry:
    """A demand item of a chain leader with its shortlisted suppliers, best first."""

    name: str
    category: str  # 关键原材料 / 关键零部件 / 关键软件
    model: str | None = None
    quantity: str | None = None  # "年需求 12000 件"
    code: str | None = None
    suppliers: tuple[SupplierLine, ...] = ()


@dataclass(frozen=True, slots=True)
class LeaderShortlist:
    leader_name: str
    district: str | None = None
    entries: tuple[DemandEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class ShortlistPack:
    event: EventHeader
    leaders: tuple[LeaderShortlist, ...] = ()


@dataclass(frozen=True, slots=True)
class MeetingLine:
    """A scheduled 1:1 meeting."""

    slot: str  # "09:00–09:20"
    table: str  # "A03"
    leader_name: str
    sme_name: str
    topics: str | None = None  # the demand items it is about
    score: float | None = None
    pinned: bool = False
    requested_by_sme: bool = False
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class AgendaLine:
    slot: str
    table: str
    counterpart: str
    topics: str | None = None


@dataclass(frozen=True, slots=True)
class UnmatchedLine:
    """A participant the schedule left without any meeting, and why."""

    name: str
    role: str  # 链主企业 / 中小企业
    reason: str


@dataclass(frozen=True, slots=True)
class SchedulePack:
    """A solved schedule, in slot order. Agendas are derived: one per participant, leaders first."""

    event: EventHeader
    slots: tuple[str, ...]
    tables: tuple[str, ...]
    meetings: tuple[MeetingLine, ...] = ()
    summary: dict[str, str] = field(default_factory=dict)  # e.g. {"洽谈场次": "600", "总匹配分": "462.0"}
    unmatched: tuple[UnmatchedLine, ...] = ()  # for the organizer: who has no meeting, and why

    def by_table(self) -> list[tuple[str, list[MeetingLine]]]:
        slot_order = {s: i for i, s in enumerate(self.slots)}
        grouped: dict[str, list[MeetingLine]] = {t: [] for t in self.tables}
        for m in self.meetings:
            grouped.setdefault(m.table, []).append(m)
        return [(table, sorted(lines, key=lambda m: slot_order.get(m.slot, 0)))
                for table, lines in grouped.items() if lines]

    def agendas(self) -> list[tuple[str, str, list[AgendaLine]]]:
        """(participant, 链主企业 / 中小企业, lines in slot order)."""
        slot_order = {s: i for i, s in enumerate(self.slots)}
        leaders: dict[str, list[AgendaLine]] = {}
        smes: dict[str, list[AgendaLine]] = {}
        for m in self.meetings:
            leaders.setdefault(m.leader_name, []).append(AgendaLine(m.slot, m.table, m.sme_name, m.topics))
            smes.setdefault(m.sme_name, []).append(AgendaLine(m.slot, m.table, m.leader_name, m.topics))
        result = []
        for role, parties in (("链主企业", leaders), ("中小企业", smes)):
            for name in sorted(parties):
                result.append((name, role, sorted(parties[name], key=lambda a: slot_order.get(a.slot, 0))))
        return result
