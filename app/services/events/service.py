"""Matchmaking events: the event itself, its participants, the demand items in scope, the slot/table layout and
the meetings asked for or pinned. Shortlists are in :mod:`app.services.events.shortlists`, the schedule and
outcomes in :mod:`app.services.events.schedule`; access rules in :mod:`app.services.events.access`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, true
from sqlalchemy.orm import Session

from app.core.errors import Conflict, Forbidden, NotFound, ValidationFailed, field_error
from app.models import (
    ApiRole,
    DemandItem,
    Enterprise,
    EnterpriseRole,
    Event,
    EventDemandItem,
    EventMeeting,
    EventMeetingRequest,
    EventParticipant,
    EventSlot,
    EventTable,
    ParticipantSide,
    ParticipantStatus,
)
from app.schemas.events import (
    EventCreate,
    EventRead,
    EventUpdate,
    LayoutSet,
    MeetingRequestCreate,
    ParticipantAdd,
)
from app.services import access as item_access
from app.services.auth import Principal
from app.services.chains import load_chain_index, resolve_chain
from app.services.events import access
from app.services.notifications.notices import tell_invitation

# --- events -----------------------------------------------------------------------------------------------------


def _chains(db_session: Session, refs: Sequence[str]) -> list:
    index = load_chain_index(db_session=db_session)
    chains = [resolve_chain(db_session=db_session, ref=ref, field=f"chains.{i}", index=index)
              for i, ref in enumerate(refs)]
    return list({c.id: c for c in chains if c is not None}.values())


def create_event(*, db_session: Session, principal: Principal, data: EventCreate) -> Event:
    access.ensure_can_create_event(principal)
    event = Event(name=data.name, event_type=data.event_type, event_date=data.event_date, venue=data.venue,
                  organizer=data.organizer, owner_key_id=None if principal.is_operator else principal.key_id,
                  leader_meeting_limit=data.leader_meeting_limit, sme_meeting_limit=data.sme_meeting_limit,
                  shortlist_size=data.shortlist_size, chains=_chains(db_session, data.chains))
    db_session.add(event)
    db_session.flush()
    return event


def list_events(*, db_session: Session, principal: Principal) -> list[Event]:
    return list(db_session.scalars(select(Event).where(access.event_filter(principal))
                                   .order_by(Event.event_date.desc(), Event.id.desc())))


def get_event(*, db_session: Session, principal: Principal, event_id: int) -> Event:
    return access.get_event(db_session, principal, event_id)


def update_event(*, db_session: Session, principal: Principal, event_id: int, data: EventUpdate) -> Event:
    event = access.get_managed_event(db_session, principal, event_id)
    changes = data.model_dump(exclude_unset=True)
    for required in ("name", "event_type"):
        if required in changes and changes[required] is None:
            raise ValidationFailed(detail=[field_error(required, "不能为空 (required)")])
    if "chains" in changes:
        event.chains = _chains(db_session, changes.pop("chains") or [])
    for name, value in changes.items():
        if name in {"leader_meeting_limit", "sme_meeting_limit", "shortlist_size"} and value is None:
            continue
        setattr(event, name, value)
    db_session.flush()
    return event


def delete_event(*, db_session: Session, principal: Principal, event_id: int) -> None:
    event = access.get_managed_event(db_session, principal, event_id)
    db_session.delete(event)
    db_session.flush()


def present_event(db_session: Session, event: Event) -> EventRead:
    def count(model, *where) -> int:
        return db_session.scalar(select(func.count()).select_from(model).where(model.event_id == event.id, *where))

    return EventRead(
        id=event.id, name=event.name, event_type=event.event_type, event_type_label=event.event_type.label,
        event_date=event.event_date, venue=event.venue, organizer=event.organizer,
        chains=[c.name for c in event.chains], leader_meeting_limit=event.leader_meeting_limit,
        sme_meeting_limit=event.sme_meeting_limit, shortlist_size=event.shortlist_size,
        participants=count(EventParticipant), demand_items=count(EventDemandItem), slots=count(EventSlot),
        tables=count(EventTable), meetings=count(EventMeeting), schedule_solved_at=event.schedule_solved_at,
        schedule_stats=event.schedule_stats, created_at=event.created_at, updated_at=event.updated_at)


# --- participants and scope ----------------------------------------------------------------------------------


def participants(db_session: Session, event: Event) -> list[EventParticipant]:
    return list(db_session.scalars(select(EventParticipant).where(EventParticipant.event_id == event.id)
                                   .order_by(EventParticipant.side, EventParticipant.id)))


def add_participants(*, db_session: Session, principal: Principal, event_id: int,
                     data: Sequence[ParticipantAdd]) -> list[EventParticipant]:
    """Invite (an organizer) or register (an operator) participants, or update their side and meeting limit.

    An organizer may invite only enterprises it may read (those of its events' chains: ``access.enterprise_filter``;
    any other id answers as unknown) and sets no status but ``invited``: the enterprise accepts or declines with its
    own key (:func:`respond`). A chain leader taking part brings its open public demand items into scope — those of
    the event's industry chains when it has any (items without a chain come along)."""
    event = access.get_managed_event(db_session, principal, event_id)
    directly = access.sets_participation_directly(principal)
    enterprises = {e.id: e for e in db_session.scalars(
        select(Enterprise).where(Enterprise.id.in_({d.enterprise_id for d in data}),
                                 item_access.enterprise_filter(principal) if not directly else true()))}
    existing = {p.enterprise_id: p for p in participants(db_session, event)}
    errors = []
    for i, request in enumerate(data):
        enterprise = enterprises.get(request.enterprise_id)
        if enterprise is None:
            errors.append(field_error(f"{i}.enterprise_id", "企业不存在 (no such enterprise)", request.enterprise_id))
            continue
        side = request.side or _side_of(enterprise)
        if side is None:
            errors.append(field_error(f"{i}.side", "该企业既是链主又是中小企业，请指定 side (required)"))
        elif not _may_take_side(enterprise, side):
            errors.append(field_error(f"{i}.side", f"{enterprise.role.label}不能作为{side.label}参会 (wrong side)"))
        if not directly and "status" in request.model_fields_set and request.status is not ParticipantStatus.INVITED:
            errors.append(field_error(f"{i}.status", "组织方只能邀请，由企业自行接受或婉拒 (organizers invite; the "
                                                      "enterprise accepts or declines)", request.status.value))
    if errors:
        raise ValidationFailed(detail=errors)
    added = []
    for request in data:
        enterprise = enterprises[request.enterprise_id]
        side = request.side or _side_of(enterprise)
        participant = existing.get(enterprise.id)
        if participant is None:
            participant = EventParticipant(event_id=event.id, enterprise_id=enterprise.id, side=side,
                                           status=request.status if directly else ParticipantStatus.INVITED,
                                           meeting_limit=request.meeting_limit)
            db_session.add(participant)
            existing[enterprise.id] = participant
            if participant.status is ParticipantStatus.INVITED:
                tell_invitation(db_session, event=event, enterprise_id=enterprise.id)
        else:
            participant.side = side
            if directly:
                participant.status = request.status
            participant.meeting_limit = request.meeting_limit
        if side is ParticipantSide.CHAIN_LEADER and participant.status.takes_part:
            _bring_demand_into_scope(db_session, event, enterprise.id)
        added.append(participant)
    db_session.flush()
    return added


def respond(*, db_session: Session, principal: Principal, event_id: int,
            status: ParticipantStatus) -> EventParticipant:
    """The enterprise of the key accepts or declines its invitation (or withdraws). Accepting as a chain leader
    brings its public open demand items into scope; declining takes its items out and hides the event from it."""
    event = access.get_event(db_session, principal, event_id)
    participant = None
    if principal.enterprise_id is not None:
        participant = db_session.scalar(select(EventParticipant).where(
            EventParticipant.event_id == event.id, EventParticipant.enterprise_id == principal.enterprise_id))
    if participant is None:
        raise Forbidden("只有受邀企业可以答复邀请 (only an invited enterprise answers its invitation)")
    if status not in (ParticipantStatus.ACCEPTED, ParticipantStatus.DECLINED):
        raise ValidationFailed(detail=[field_error("status", "只能为 accepted 或 declined (accepted or declined)",
                                                   status.value)])
    if participant.status is ParticipantStatus.REGISTERED and status is ParticipantStatus.ACCEPTED:
        return participant  # registered by an operator already: nothing to accept
    participant.status = status
    if participant.side is ParticipantSide.CHAIN_LEADER:
        if status is ParticipantStatus.ACCEPTED:
            _bring_demand_into_scope(db_session, event, participant.enterprise_id)
        else:
            _drop_leader_scope(db_session, event, participant.enterprise_id)
    db_session.flush()
    return participant


def own_participations(*, db_session: Session, principal: Principal) -> list[tuple[Event, EventParticipant]]:
    """The invitations and participations of the principal's own enterprise (not the declined ones, which hide the
    event from it), newest event first: what its users answer and follow on their pages."""
    if principal.enterprise_id is None:
        return []
    return [(event, participant) for event, participant in db_session.execute(
        select(Event, EventParticipant).join(EventParticipant, Event.id == EventParticipant.event_id)
        .where(EventParticipant.enterprise_id == principal.enterprise_id,
               EventParticipant.status != ParticipantStatus.DECLINED)
        .order_by(Event.event_date.desc(), Event.id.desc()))]


def _side_of(enterprise: Enterprise) -> ParticipantSide | None:
    if enterprise.role is EnterpriseRole.CHAIN_LEADER:
        return ParticipantSide.CHAIN_LEADER
    if enterprise.role is EnterpriseRole.SME:
        return ParticipantSide.SME
    return None


def _may_take_side(enterprise: Enterprise, side: ParticipantSide) -> bool:
    return enterprise.role is EnterpriseRole.BOTH or _side_of(enterprise) is side


def _bring_demand_into_scope(db_session: Session, event: Event, leader_id: int) -> None:
    # a confidential item is not exposed to the organizer unless its leader puts it in scope itself
    query = select(DemandItem.id).where(DemandItem.enterprise_id == leader_id, DemandItem.is_open,
                                        DemandItem.confidential.is_(False))
    chain_ids = [c.id for c in event.chains]
    if chain_ids:
        query = query.where(DemandItem.chain_id.in_(chain_ids) | DemandItem.chain_id.is_(None))
    in_scope = set(db_session.scalars(select(EventDemandItem.demand_item_id)
                                      .where(EventDemandItem.event_id == event.id)))
    for item_id in db_session.scalars(query):
        if item_id not in in_scope:
            db_session.add(EventDemandItem(event_id=event.id, demand_item_id=item_id))


def remove_participant(*, db_session: Session, principal: Principal, event_id: int, enterprise_id: int) -> None:
    event = access.get_managed_event(db_session, principal, event_id)
    participant = db_session.scalar(select(EventParticipant).where(
        EventParticipant.event_id == event.id, EventParticipant.enterprise_id == enterprise_id))
    if participant is None:
        raise NotFound(f"企业 {enterprise_id} 未参加该活动 (not a participant)")
    if participant.side is ParticipantSide.CHAIN_LEADER:
        _drop_leader_scope(db_session, event, enterprise_id)
    db_session.delete(participant)
    db_session.flush()


def _drop_leader_scope(db_session: Session, event: Event, leader_id: int) -> None:
    leader_items = select(DemandItem.id).where(DemandItem.enterprise_id == leader_id)
    db_session.execute(delete(EventDemandItem).where(EventDemandItem.event_id == event.id,
                                                     EventDemandItem.demand_item_id.in_(leader_items)))


def scope(db_session: Session, event: Event) -> list[DemandItem]:
    return list(db_session.scalars(
        select(DemandItem).join(EventDemandItem, EventDemandItem.demand_item_id == DemandItem.id)
        .where(EventDemandItem.event_id == event.id).order_by(DemandItem.enterprise_id, DemandItem.id)))


def add_to_scope(*, db_session: Session, principal: Principal, event_id: int, demand_item_id: int) -> None:
    """Put a demand item of a leader taking part into scope: the organizer (public items), an operator, or the
    leader itself (also a confidential item, which it thereby shows the organizer and the shortlisted SMEs)."""
    event = access.get_event(db_session, principal, event_id)
    item = db_session.get(DemandItem, demand_item_id)
    leaders = {p.enterprise_id for p in participants(db_session, event)
               if p.side is ParticipantSide.CHAIN_LEADER and p.status.takes_part}
    if item is None or item.enterprise_id not in leaders:
        if not access.manages(principal, event) and principal.role is not ApiRole.CHAIN_LEADER:
            raise Forbidden("只有活动组织方或链主企业可以调整活动范围 (organizers and chain leaders only)")
        raise ValidationFailed(detail=[field_error("demand_item_id", "需求条目不属于参会链主企业 (not a participant's item)",
                                                   demand_item_id)])
    if not access.may_scope_item(principal, event, item.enterprise_id, item.confidential):
        if item.confidential and access.manages(principal, event):
            raise Forbidden("保密需求只能由链主企业自行纳入活动 (only its chain leader brings a confidential item)")
        raise Forbidden("只有活动组织方或该需求的链主企业可以调整活动范围 (organizers and the item's chain leader only)")
    if db_session.get(EventDemandItem, (event.id, item.id)) is None:
        db_session.add(EventDemandItem(event_id=event.id, demand_item_id=item.id))
    db_session.flush()


def remove_from_scope(*, db_session: Session, principal: Principal, event_id: int, demand_item_id: int) -> None:
    event = access.get_event(db_session, principal, event_id)
    row = db_session.get(EventDemandItem, (event.id, demand_item_id))
    own = (row is not None and principal.role is ApiRole.CHAIN_LEADER
           and row.demand_item.enterprise_id == principal.enterprise_id)
    if not (access.manages(principal, event) or own or principal.role is ApiRole.CHAIN_LEADER):
        access.ensure_manages(principal, event)  # 403
    if row is None or not (access.manages(principal, event) or own):
        raise NotFound(f"需求条目 {demand_item_id} 不在活动范围内 (not in scope)")
    db_session.delete(row)
    db_session.flush()


# --- layout ------------------------------------------------------------------------------------------------------


def slots(db_session: Session, event: Event) -> list[EventSlot]:
    return list(db_session.scalars(select(EventSlot).where(EventSlot.event_id == event.id)
                                   .order_by(EventSlot.position)))


def tables(db_session: Session, event: Event) -> list[EventTable]:
    return list(db_session.scalars(select(EventTable).where(EventTable.event_id == event.id)
                                   .order_by(EventTable.position)))


def set_layout(*, db_session: Session, principal: Principal, event_id: int, data: LayoutSet) -> Event:
    """Replace the slots and tables; the schedule and pinned positions are cleared (pinned meetings stay)."""
    event = access.get_managed_event(db_session, principal, event_id)
    _ensure_no_outcomes(db_session, event)
    db_session.execute(delete(EventMeeting).where(EventMeeting.event_id == event.id))
    for request in db_session.scalars(select(EventMeetingRequest).where(EventMeetingRequest.event_id == event.id)):
        request.slot_id = request.table_id = None
    db_session.flush()
    db_session.execute(delete(EventSlot).where(EventSlot.event_id == event.id))
    db_session.execute(delete(EventTable).where(EventTable.event_id == event.id))
    start = datetime.combine(event.event_date or datetime(2000, 1, 1).date(), data.start)
    for position in range(1, data.count + 1):
        begins = start + timedelta(minutes=(position - 1) * (data.minutes + data.break_minutes))
        ends = begins + timedelta(minutes=data.minutes)
        if ends.date() != start.date():
            raise ValidationFailed(detail=[field_error("count", "时段超出当天 (slots run past midnight)")])
        db_session.add(EventSlot(event_id=event.id, position=position, starts_at=begins.time(), ends_at=ends.time()))
    labels = data.table_labels or [f"A{n:02d}" for n in range(1, (data.tables or 0) + 1)]
    for position, label in enumerate(labels, start=1):
        db_session.add(EventTable(event_id=event.id, position=position, label=label))
    event.schedule_solved_at, event.schedule_stats = None, None
    db_session.flush()
    return event


def _ensure_no_outcomes(db_session: Session, event: Event) -> None:
    recorded = db_session.scalar(select(func.count()).select_from(EventMeeting).where(
        EventMeeting.event_id == event.id, EventMeeting.outcome.is_not(None)))
    if recorded:
        raise Conflict(f"已记录 {recorded} 场洽谈结果，不能重排 (outcomes recorded: the schedule is final)")


# --- meeting requests and pins -----------------------------------------------------------------------------


def meeting_requests(db_session: Session, event: Event) -> list[EventMeetingRequest]:
    return list(db_session.scalars(select(EventMeetingRequest).where(EventMeetingRequest.event_id == event.id)
                                   .order_by(EventMeetingRequest.id)))


def add_meeting_request(*, db_session: Session, principal: Principal, event_id: int,
                        data: MeetingRequestCreate) -> EventMeetingRequest:
    """An SME participant asks to meet a chain leader participant; a manager pins a meeting (or records an SME's
    request on its behalf with ``sme_id``)."""
    event = access.get_event(db_session, principal, event_id)
    managing = access.manages(principal, event)
    if not managing:
        if principal.role is not ApiRole.SME:
            raise Forbidden("只有中小企业可以申请洽谈 (only SMEs ask for meetings)")
        if data.pinned or data.slot is not None or data.table is not None:
            raise Forbidden("只有活动组织方可以置顶洽谈 (only organizers pin meetings)")
        if data.sme_id not in (None, principal.enterprise_id):
            raise Forbidden("只能为本企业申请洽谈 (for your own enterprise only)")
        sme_id = principal.enterprise_id
    else:
        if data.sme_id is None:
            raise ValidationFailed(detail=[field_error("sme_id", "组织方需指定中小企业 (required)")])
        sme_id = data.sme_id
    sides = {p.enterprise_id: p.side for p in participants(db_session, event) if p.status.takes_part}
    errors = []
    if sides.get(data.leader_id) is not ParticipantSide.CHAIN_LEADER:
        errors.append(field_error("leader_id", "不是参会链主企业 (not a chain leader of this event)", data.leader_id))
    if sides.get(sme_id) is not ParticipantSide.SME:
        errors.append(field_error("sme_id", "不是参会中小企业 (not an SME of this event)", sme_id))
    if (data.slot is not None or data.table is not None) and not data.pinned:
        errors.append(field_error("pinned", "指定时段或洽谈桌的洽谈必须置顶 (slot/table only on a pinned meeting)"))
    slot = table = None
    if data.slot is not None:
        slot = db_session.scalar(select(EventSlot).where(EventSlot.event_id == event.id,
                                                         EventSlot.position == data.slot))
        if slot is None:
            errors.append(field_error("slot", "没有这个时段 (no such slot)", data.slot))
    if data.table is not None:
        table = db_session.scalar(select(EventTable).where(EventTable.event_id == event.id,
                                                           EventTable.label == data.table.strip()))
        if table is None:
            errors.append(field_error("table", "没有这个洽谈桌 (no such table)", data.table))
    if errors:
        raise ValidationFailed(detail=errors)
    request = db_session.scalar(select(EventMeetingRequest).where(
        EventMeetingRequest.event_id == event.id, EventMeetingRequest.leader_id == data.leader_id,
        EventMeetingRequest.sme_id == sme_id))
    if request is None:
        request = EventMeetingRequest(event_id=event.id, leader_id=data.leader_id, sme_id=sme_id,
                                      requested_by_sme=False, pinned=False)
        db_session.add(request)
    if not managing or data.sme_id is not None and not data.pinned:
        request.requested_by_sme = True
    if managing and data.pinned:
        request.pinned = True
        request.slot_id = slot.id if slot else None
        request.table_id = table.id if table else None
    db_session.flush()
    return request


def delete_meeting_request(*, db_session: Session, principal: Principal, event_id: int, request_id: int) -> None:
    event = access.get_event(db_session, principal, event_id)
    request = db_session.get(EventMeetingRequest, request_id)
    if request is None or request.event_id != event.id or not (
            access.manages(principal, event) or request.sme_id == principal.enterprise_id):
        raise NotFound(f"洽谈申请 {request_id} 不存在 (not found)")
    if not access.manages(principal, event) and request.pinned:
        raise Forbidden("已被组织方置顶的洽谈不能撤回 (pinned by the organizer)")
    db_session.delete(request)
    db_session.flush()
