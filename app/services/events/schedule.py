"""The 1:1 schedule of an event: built from the shortlists with :mod:`app.domain.schedule_solver`, stored as
meetings (the database refuses double bookings), read per table and per participant, exported, and after the
event each meeting's outcome, which becomes a decision on the suggestions it was about (issue: decisions).

A meeting's score is the sum, over the leader's demand items it covers, of the best shortlist score of the
SME's products for that item: an SME that can supply three of a leader's needs is worth more than one that can
supply one. Meetings an SME asked for that no shortlist supports score 0 but are still scheduled first.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.core.errors import Conflict, Forbidden, NotFound, ValidationFailed, field_error
from app.domain.schedule_solver import MeetingRequest, ScheduleInputError, ScheduleProblem, solve
from app.models import (
    ApiRole,
    DemandItem,
    Event,
    EventMeeting,
    EventShortlistEntry,
    MeetingOutcome,
    ParticipantSide,
    ParticipantStatus,
    SupplyItem,
)
from app.models.decisions import PIPELINE, DecisionStatus
from app.schemas.decisions import DecisionCreate, DecisionRead
from app.schemas.events import (
    AgendaRead,
    MeetingRead,
    OutcomeSet,
    ScheduleRead,
    SlotRead,
    TableScheduleRead,
    UnmatchedRead,
)
from app.schemas.items import ANONYMOUS_LEADER_NAME
from app.services import access as item_access
from app.services import decisions as decision_service
from app.services.auth import Principal
from app.services.events import access
from app.services.events import service as events_service
from app.services.events.exports import MeetingLine, SchedulePack, UnmatchedLine
from app.services.events.shortlists import event_header
from app.services.notifications.notices import tell_agenda

# What a meeting's outcome says about the suggestions it covered; None: nothing to record.
OUTCOME_DECISIONS: dict[MeetingOutcome, DecisionStatus | None] = {
    MeetingOutcome.NO_SHOW: None,
    MeetingOutcome.NO_INTEREST: DecisionStatus.REJECTED,
    MeetingOutcome.FOLLOW_UP: DecisionStatus.SHORTLISTED,
    MeetingOutcome.INTENT: DecisionStatus.INTENT,
    MeetingOutcome.SAMPLE: DecisionStatus.SAMPLE,
    MeetingOutcome.PILOT: DecisionStatus.PILOT,
    MeetingOutcome.ONBOARDED: DecisionStatus.ONBOARDED,
}


def solve_schedule(*, db_session: Session, principal: Principal, event_id: int, time_limit: float = 8.0) -> Event:
    event = access.get_managed_event(db_session, principal, event_id)
    events_service._ensure_no_outcomes(db_session, event)
    slots = events_service.slots(db_session, event)
    tables = events_service.tables(db_session, event)
    if not slots or not tables:
        raise ValidationFailed("请先设置时段和洽谈桌 (set the slots and tables first)",
                               detail=[field_error("layout", "未设置 (missing)")])
    people = {p.enterprise_id: p for p in events_service.participants(db_session, event) if p.status.takes_part}
    leaders = {i for i, p in people.items() if p.side is ParticipantSide.CHAIN_LEADER}
    smes = {i for i, p in people.items() if p.side is ParticipantSide.SME}

    # best score per (leader, SME, demand item), then summed per pair
    best: dict[tuple[int, int], dict[int, tuple[float, int]]] = defaultdict(dict)
    rows = db_session.execute(
        select(EventShortlistEntry, DemandItem.enterprise_id)
        .join(DemandItem, DemandItem.id == EventShortlistEntry.demand_item_id)
        .where(EventShortlistEntry.event_id == event.id, EventShortlistEntry.removed.is_(False)))
    for entry, leader_id in rows:
        sme_id = entry.supply_item.enterprise_id
        if leader_id not in leaders or sme_id not in smes:
            continue
        per_item = best[(leader_id, sme_id)]
        score = max(entry.score or 0.0, 0.0)
        if entry.demand_item_id not in per_item or per_item[entry.demand_item_id][0] < score:
            per_item[entry.demand_item_id] = (score, entry.supply_item_id)
    wishes = {(r.leader_id, r.sme_id): r for r in events_service.meeting_requests(db_session, event)
              if r.leader_id in leaders and r.sme_id in smes}
    slot_by_id = {s.id: s for s in slots}
    table_by_id = {t.id: t for t in tables}
    requests = []
    for pair in sorted(set(best) | set(wishes)):
        wish = wishes.get(pair)
        pinned = bool(wish and wish.pinned)
        requests.append(MeetingRequest(
            leader=pair[0], sme=pair[1], score=round(sum(s for s, _ in best.get(pair, {}).values()), 6),
            requested_by_sme=bool(wish and wish.requested_by_sme), pinned=pinned,
            slot=wish.slot_id if pinned and wish.slot_id in slot_by_id else None,
            table=wish.table_id if pinned and wish.table_id in table_by_id else None))
    problem = ScheduleProblem(
        requests=requests, slots=[s.id for s in slots], tables=[t.id for t in tables],
        leader_limit=event.leader_meeting_limit, sme_limit=event.sme_meeting_limit,
        leader_limits={i: people[i].meeting_limit for i in leaders if people[i].meeting_limit is not None},
        sme_limits={i: people[i].meeting_limit for i in smes if people[i].meeting_limit is not None})
    try:
        schedule = solve(problem, time_limit=time_limit)
    except ScheduleInputError as exc:
        raise Conflict(f"置顶的洽谈无法同时安排：{exc} (pinned meetings conflict)") from exc

    db_session.execute(delete(EventMeeting).where(EventMeeting.event_id == event.id))
    db_session.flush()
    for m in schedule.meetings:
        topics = sorted([demand_id, supply_id] for demand_id, (_, supply_id) in best.get((m.leader, m.sme), {}).items())
        db_session.add(EventMeeting(event_id=event.id, slot_id=m.slot, table_id=m.table, leader_id=m.leader,
                                    sme_id=m.sme, score=m.score, pinned=m.pinned, requested_by_sme=m.requested_by_sme,
                                    topics=topics))
    per_enterprise: dict[int, int] = {}
    for m in schedule.meetings:
        for enterprise_id in (m.leader, m.sme):
            per_enterprise[enterprise_id] = per_enterprise.get(enterprise_id, 0) + 1
    tell_agenda(db_session, event=event, meetings_per_enterprise=per_enterprise)
    event.schedule_solved_at = datetime.now(UTC)
    event.schedule_stats = {
        "meetings": len(schedule.meetings), "requests": len(requests), "total_score": round(schedule.total_score, 4),
        "upper_bound": round(schedule.upper_bound, 4), "gap": round(schedule.gap, 6), "optimal": schedule.optimal,
        "requested_scheduled": schedule.requested_scheduled, "requested_bound": schedule.requested_bound,
        "method": schedule.method, "seconds": round(schedule.solve_seconds, 3),
    }
    db_session.flush()
    event.schedule_stats = {**event.schedule_stats, "unmatched": len(unmatched(db_session, event))}
    db_session.flush()
    return event


# --- who is left without a meeting, and why --------------------------------------------------------------------

_REASONS = {
    "not_accepted": "尚未接受邀请",
    "no_meeting_capacity": "洽谈场次上限为 0",
    "no_demand_in_scope": "活动范围内没有该企业的开放需求条目",
    "no_shortlist_entry": "推荐清单中没有可洽谈的对象",
    "partners_not_participating": "推荐清单中的对接企业均未参会（未报名、未接受邀请或已婉拒）",
    "slots_exhausted": "时段、洽谈桌或对方的洽谈场次已排满",
}


def unmatched(db_session: Session, event: Event) -> list[UnmatchedRead]:
    """Every participant (not declined) without a meeting in the solved schedule, with the first reason that
    explains it: not accepted, no capacity, nothing in scope, nobody on its shortlists, its shortlisted partners
    not taking part, else the slots, tables or partners' meeting limits ran out."""
    if event.schedule_solved_at is None:
        return []
    people = [p for p in events_service.participants(db_session, event) if p.status is not ParticipantStatus.DECLINED]
    taking_part = {p.enterprise_id for p in people if p.status.takes_part}
    met = {e for row in db_session.execute(select(EventMeeting.leader_id, EventMeeting.sme_id)
                                           .where(EventMeeting.event_id == event.id)) for e in row}
    pairs = {(leader, supplier) for leader, supplier in db_session.execute(
        select(DemandItem.enterprise_id, SupplyItem.enterprise_id)
        .select_from(EventShortlistEntry)
        .join(DemandItem, DemandItem.id == EventShortlistEntry.demand_item_id)
        .join(SupplyItem, SupplyItem.id == EventShortlistEntry.supply_item_id)
        .where(EventShortlistEntry.event_id == event.id, EventShortlistEntry.removed.is_(False)))}
    pairs |= {(r.leader_id, r.sme_id) for r in events_service.meeting_requests(db_session, event)}
    in_scope = {i.enterprise_id for i in events_service.scope(db_session, event) if i.is_open}
    out = []
    for p in people:
        if p.enterprise_id in met:
            continue
        leader = p.side is ParticipantSide.CHAIN_LEADER
        limit = p.meeting_limit if p.meeting_limit is not None else (
            event.leader_meeting_limit if leader else event.sme_meeting_limit)
        partners = {b if leader else a for a, b in pairs if (a if leader else b) == p.enterprise_id}
        if not p.status.takes_part:
            code = "not_accepted"
        elif limit == 0:
            code = "no_meeting_capacity"
        elif leader and p.enterprise_id not in in_scope:
            code = "no_demand_in_scope"
        elif not partners:
            code = "no_shortlist_entry"
        elif not partners & taking_part:
            code = "partners_not_participating"
        else:
            code = "slots_exhausted"
        out.append(UnmatchedRead(enterprise_id=p.enterprise_id, enterprise_name=p.enterprise.name, side=p.side,
                                 reason_code=code, reason=_REASONS[code]))
    out.sort(key=lambda u: (u.side is not ParticipantSide.CHAIN_LEADER, u.enterprise_name))
    return out


def _meetings(db_session: Session, event: Event, principal: Principal) -> list[EventMeeting]:
    query = select(EventMeeting).where(EventMeeting.event_id == event.id)
    if not access.sees_everyone(principal, event):
        mine = principal.enterprise_id if principal.enterprise_id is not None else -1
        query = query.where((EventMeeting.leader_id == mine) | (EventMeeting.sme_id == mine))
    meetings = list(db_session.scalars(query))
    meetings.sort(key=lambda m: (m.slot.position, m.table.position))
    return meetings


def _topic_items(db_session: Session, meetings: list[EventMeeting]) -> dict[int, DemandItem]:
    ids = {d for m in meetings for d, _ in m.topics}
    if not ids:
        return {}
    return {i.id: i for i in db_session.scalars(select(DemandItem).where(DemandItem.id.in_(ids)))}


def _leader_hidden(m: EventMeeting, principal: Principal, everyone: bool, items: dict[int, DemandItem]) -> bool:
    """A participant (an SME) sees a meeting about a confidential item without the leader's identity: its name
    next to the item's reference would attribute the item. The event's managers see what leaders put in scope."""
    return not everyone and any(d in items and item_access.hides_owner(principal, items[d]) for d, _ in m.topics)


def _present(m: EventMeeting, principal: Principal | None = None, everyone: bool = True,
             items: dict[int, DemandItem] | None = None) -> MeetingRead:
    items = items or {}
    hidden = principal is not None and _leader_hidden(m, principal, everyone, items)
    topics = m.topics if principal is None or everyone else [
        [item_access.shown_demand_id(principal, items[d]) if d in items else d, s] for d, s in m.topics]
    return MeetingRead(id=m.id, slot_position=m.slot.position, slot=m.slot.label, table=m.table.label,
                       leader_id=None if hidden else m.leader_id,
                       leader_name=ANONYMOUS_LEADER_NAME if hidden else m.leader.name, sme_id=m.sme_id,
                       sme_name=m.sme.name, score=m.score, pinned=m.pinned, requested_by_sme=m.requested_by_sme,
                       topics=topics, outcome=m.outcome, outcome_label=m.outcome.label if m.outcome else None,
                       outcome_note=m.outcome_note, outcome_confirmed=m.outcome_confirmed)


def schedule(*, db_session: Session, principal: Principal, event_id: int) -> ScheduleRead:
    """The schedule: every meeting, per table, and an agenda per participant (a participant sees its own)."""
    event = access.get_event(db_session, principal, event_id)
    everyone = access.sees_everyone(principal, event)
    rows = _meetings(db_session, event, principal)
    items = _topic_items(db_session, rows)
    meetings = [_present(m, principal, everyone, items) for m in rows]
    by_table: dict[str, list[MeetingRead]] = {}
    for t in events_service.tables(db_session, event):
        by_table[t.label] = []
    for m in meetings:
        by_table.setdefault(m.table, []).append(m)
    people = {p.enterprise_id: p for p in events_service.participants(db_session, event)}
    agendas: dict[int, AgendaRead] = {}
    for m in meetings:
        for enterprise_id, name, side in ((m.leader_id, m.leader_name, ParticipantSide.CHAIN_LEADER),
                                          (m.sme_id, m.sme_name, ParticipantSide.SME)):
            if not access.sees_everyone(principal, event) and enterprise_id != principal.enterprise_id:
                continue
            if enterprise_id is None:
                continue
            agenda = agendas.setdefault(enterprise_id, AgendaRead(
                enterprise_id=enterprise_id, enterprise_name=name,
                side=people[enterprise_id].side if enterprise_id in people else side, meetings=[]))
            agenda.meetings.append(m)
    ordered = sorted(agendas.values(), key=lambda a: (a.side is not ParticipantSide.CHAIN_LEADER, a.enterprise_name))
    return ScheduleRead(
        solved_at=event.schedule_solved_at, stats=event.schedule_stats if access.sees_everyone(principal, event)
        else None, slots=[SlotRead.model_validate(s, from_attributes=True) for s in events_service.slots(db_session, event)],
        meetings=meetings, by_table=[TableScheduleRead(table=t, meetings=ms) for t, ms in by_table.items() if ms],
        agendas=ordered, unmatched=unmatched(db_session, event) if everyone else [])


def schedule_pack(*, db_session: Session, principal: Principal, event_id: int) -> SchedulePack:
    event = access.get_event(db_session, principal, event_id)
    meetings = _meetings(db_session, event, principal)
    everyone = access.sees_everyone(principal, event)
    items = _topic_items(db_session, meetings)
    demand_names = _demand_names(db_session, meetings)
    lines = tuple(MeetingLine(
        slot=m.slot.label, table=m.table.label, sme_name=m.sme.name,
        leader_name=ANONYMOUS_LEADER_NAME if _leader_hidden(m, principal, everyone, items) else m.leader.name,
        topics="、".join(dict.fromkeys(demand_names.get(d, "") for d, _ in m.topics)) or None, score=m.score,
        pinned=m.pinned, requested_by_sme=m.requested_by_sme, outcome=m.outcome.label if m.outcome else None)
        for m in meetings)
    summary = {"洽谈场次": str(len(lines))}
    if event.schedule_stats and access.sees_everyone(principal, event):
        summary["总匹配分"] = f"{event.schedule_stats['total_score']:.1f}"
        summary["与最优解差距"] = f"{event.schedule_stats['gap']:.2%}"
    left_out = tuple(UnmatchedLine(name=u.enterprise_name, role=u.side.label, reason=u.reason)
                     for u in unmatched(db_session, event)) if everyone else ()
    if left_out:
        summary["未安排洽谈的参会企业"] = str(len(left_out))
    return SchedulePack(event=event_header(event), slots=tuple(s.label for s in events_service.slots(db_session, event)),
                        tables=tuple(t.label for t in events_service.tables(db_session, event)), meetings=lines,
                        summary=summary, unmatched=left_out)


def _demand_names(db_session: Session, meetings: list[EventMeeting]) -> dict[int, str]:
    ids = {d for m in meetings for d, _ in m.topics}
    if not ids:
        return {}
    return dict(db_session.execute(select(DemandItem.id, DemandItem.product_name).where(DemandItem.id.in_(ids))).all())


def record_outcome(*, db_session: Session, principal: Principal, event_id: int, meeting_id: int,
                   data: OutcomeSet) -> tuple[EventMeeting, int]:
    """Record a meeting's outcome (its manager, or the meeting's chain leader) and carry it to the decisions on
    the suggestions the meeting covered.

    Decisions on a leader's items need the leader's side: an organizer's outcome is kept as the event's outcome
    only (``outcome_confirmed`` false) until the meeting's chain leader records or confirms it; an operator's or
    the leader's own becomes decisions at once. A decision already further along the pipeline (样品 when the
    meeting says 意向) is not moved back; one that would overwrite a rejection needs ``confirm_overwrite`` (409
    ``outcome_overwrites_rejection`` without it, naming each rejection and its reason) and the history keeps both.
    Returns the meeting and the number of decisions written."""
    event = access.get_event(db_session, principal, event_id)
    meeting = db_session.get(EventMeeting, meeting_id)
    visible = meeting is not None and meeting.event_id == event.id and (
        access.sees_everyone(principal, event) or principal.enterprise_id in (meeting.leader_id, meeting.sme_id))
    if not visible:
        raise NotFound(f"洽谈 {meeting_id} 不存在 (not found)")
    managing = access.manages(principal, event)
    if not managing and not (principal.role is ApiRole.CHAIN_LEADER and principal.enterprise_id == meeting.leader_id):
        raise Forbidden("只有组织方或该场洽谈的链主企业可以记录结果 (the organizer or the meeting's chain leader)")
    directly = access.writes_decisions_directly(principal, meeting.leader_id)
    if meeting.outcome_confirmed and not directly:
        # the leader's word is already in its decisions: an organizer cannot quietly replace it
        raise Conflict("该洽谈结果已由链主企业确认，组织方不能修改 (confirmed by the chain leader)",
                       code="outcome_confirmed_by_leader")
    meeting.outcome, meeting.outcome_note = data.outcome, data.note
    meeting.outcome_recorded_at = datetime.now(UTC)
    meeting.outcome_confirmed = directly
    status = OUTCOME_DECISIONS[data.outcome]
    written = 0
    if meeting.outcome_confirmed and status is not None and meeting.topics:
        actor = access.delegate(principal) if managing else principal
        reason = f"对接会「{event.name}」洽谈结果：{data.outcome.label}" + (f"；{data.note}" if data.note else "")
        by_demand: dict[int, list[int]] = defaultdict(list)
        for demand_id, supply_id in meeting.topics:
            by_demand[demand_id].append(supply_id)
        plans = []
        overwritten = []
        for demand_id, supply_ids in by_demand.items():
            current = _current_decisions(db_session, actor, demand_id)
            wanted = []
            for s in supply_ids:
                now = current.get(s)
                if _further_along(now.status if now else None, status):
                    continue
                if now is not None and now.status is DecisionStatus.REJECTED and status is not DecisionStatus.REJECTED:
                    overwritten.append({"demand_item_id": demand_id, "supply_item_id": s, "reason": now.reason})
                    wanted.append(DecisionCreate(supply_item_id=s, status=status, reason=(
                        f"{reason}（覆盖此前的拒绝：{now.reason or '未填理由'}）")[:1000]))
                else:
                    wanted.append(DecisionCreate(supply_item_id=s, status=status, reason=reason))
            plans.append((demand_id, wanted))
        if overwritten and not data.confirm_overwrite:
            raise Conflict("该洽谈结果会覆盖此前的「已拒绝」决策，请确认后重试（confirm_overwrite=true） "
                           "(the outcome would overwrite a rejection: confirm it)",
                           code="outcome_overwrites_rejection", detail=overwritten)
        for demand_id, wanted in plans:
            if wanted:
                decision_service.record_decisions(db_session=db_session, principal=actor, demand_item_id=demand_id,
                                                  decisions=wanted, bulk=True)
                written += len(wanted)
    db_session.flush()
    return meeting, written


def _current_decisions(db_session: Session, principal: Principal, demand_item_id: int) -> dict[int, DecisionRead]:
    return {d.supply_item_id: d for d in decision_service.list_decisions(
        db_session=db_session, principal=principal, demand_item_id=demand_item_id) if d.supply_item_id is not None}


def _further_along(current: DecisionStatus | None, wanted: DecisionStatus) -> bool:
    if current is None or wanted is DecisionStatus.REJECTED or current is DecisionStatus.REJECTED:
        return False
    return PIPELINE.index(current) > PIPELINE.index(wanted)


def present_meeting(meeting: EventMeeting) -> MeetingRead:
    """A meeting as its manager or its chain leader (who record outcomes) see it."""
    return _present(meeting)
