"""Event shortlists: for each demand item in scope, the best SMEs from the suggestion service (participants, and
optionally SMEs still to invite), which the organizer pins, removes, reorders or adds to; and the exports built
from them.

Recomputing replaces the computed entries and keeps the organizer's work: pinned and manual entries stay (first,
in their order), removed entries stay removed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import NotFound, ValidationFailed, field_error
from app.domain.match_percent import match_percent
from app.models import (
    ApiRole,
    DemandItem,
    Event,
    EventShortlistEntry,
    ParticipantSide,
    ParticipantStatus,
    SupplyItem,
    SupplyStatus,
)
from app.schemas.events import (
    ShortlistDemandRead,
    ShortlistEntryCreate,
    ShortlistEntryRead,
    ShortlistEntryUpdate,
    ShortlistLeaderRead,
)
from app.services.auth import Principal
from app.services.events import access
from app.services.events import service as events_service
from app.services.events.exports import DemandEntry, EventHeader, LeaderShortlist, ShortlistPack, SupplierLine
from app.services.notifications.notices import leaders_of, tell_shortlists
from app.services.ranking.matching_index import MatchingIndexes
from app.services.ranking.suggestions import suggest_for_demands

# Suggestions read per demand item before keeping the event's best: enough to find participants further down.
CANDIDATE_POOL = 50
TO_INVITE = "待邀请"


def compute_shortlists(*, db_session: Session, principal: Principal, index: MatchingIndexes, event_id: int,
                       participants_only: bool = False) -> Event:
    event = access.get_managed_event(db_session, principal, event_id)
    items = [i for i in events_service.scope(db_session, event) if i.is_open]
    smes = _sme_status(db_session, event)
    entries = _entries(db_session, event)
    listed_before = [e for item_entries in entries.values() for e in item_entries if not e.removed]
    smes_before = {e.supply_item.enterprise_id for e in listed_before}
    leaders_before = set(leaders_of(db_session, (e.demand_item_id for e in listed_before)).values())
    suggestions = suggest_for_demands(db_session=db_session, index=index, demand_items=items,
                                      principal=access.delegate(principal), limit=CANDIDATE_POOL)
    for item in items:
        kept = [e for e in entries.get(item.id, []) if e.pinned or e.manual or e.removed]
        taken = {e.supply_item_id for e in kept}
        for entry in entries.get(item.id, []):
            if entry not in kept:
                db_session.delete(entry)
        db_session.flush()  # the deletes first: a fresh entry may take the same (item, supplier) key
        ranked = sorted((e for e in kept if not e.removed), key=lambda e: e.position)
        room = max(event.shortlist_size - len(ranked), 0)
        fresh = []
        for suggestion in suggestions.get(item.id, []):
            supply = suggestion.supply_item
            if room == 0:
                break
            status = smes.get(supply.enterprise_id)
            if supply.id in taken or status is ParticipantStatus.DECLINED:
                continue
            if participants_only and status is None:
                continue
            # one product per SME and demand item: the SME is what the leader meets
            if any(e.supply_item.enterprise_id == supply.enterprise_id for e in [*ranked, *fresh]):
                continue
            fresh.append(EventShortlistEntry(event_id=event.id, demand_item_id=item.id, supply_item_id=supply.id,
                                             supply_item=supply, score=suggestion.score,
                                             explanation=suggestion.explanation, position=0))
            room -= 1
        for entry in ranked:
            for suggestion in suggestions.get(item.id, []):
                if suggestion.supply_item.id == entry.supply_item_id:
                    entry.score, entry.explanation = suggestion.score, suggestion.explanation
        for position, entry in enumerate([*ranked, *fresh], start=1):
            entry.position = position
            db_session.add(entry)
        removed = [e for e in kept if e.removed]
        for n, entry in enumerate(removed, start=len(ranked) + len(fresh) + 1):
            entry.position = n
    db_session.flush()
    tell_shortlists(db_session, event=event, smes_before=smes_before, leaders_before=leaders_before,
                    entries=[e for item_entries in _entries(db_session, event).values() for e in item_entries])
    return event


def _sme_status(db_session: Session, event: Event) -> dict[int, ParticipantStatus]:
    return {p.enterprise_id: p.status for p in events_service.participants(db_session, event)
            if p.side is ParticipantSide.SME}


def _entries(db_session: Session, event: Event) -> dict[int, list[EventShortlistEntry]]:
    grouped: dict[int, list[EventShortlistEntry]] = defaultdict(list)
    for entry in db_session.scalars(select(EventShortlistEntry).where(EventShortlistEntry.event_id == event.id)
                                    .order_by(EventShortlistEntry.demand_item_id, EventShortlistEntry.position)):
        grouped[entry.demand_item_id].append(entry)
    return grouped


def _participation(status: ParticipantStatus | None) -> str:
    return status.label if status is not None else TO_INVITE


def shortlists(*, db_session: Session, principal: Principal, event_id: int) -> list[ShortlistLeaderRead]:
    """Per chain leader, its demand items in scope with their (not removed) entries in order. A chain leader
    participant sees its own; managers see all."""
    event = access.get_event(db_session, principal, event_id)
    return _shortlists(db_session, event, principal)


def _shortlists(db_session: Session, event: Event, principal: Principal) -> list[ShortlistLeaderRead]:
    everyone = access.sees_everyone(principal, event)
    if not everyone and principal.role is not ApiRole.CHAIN_LEADER:
        return []
    smes = _sme_status(db_session, event)
    entries = _entries(db_session, event)
    leaders: dict[int, ShortlistLeaderRead] = {}
    for item in events_service.scope(db_session, event):
        if not everyone and item.enterprise_id != principal.enterprise_id:
            continue
        leader = leaders.setdefault(item.enterprise_id, ShortlistLeaderRead(
            leader_id=item.enterprise_id, leader_name=item.enterprise.name, demand_items=[]))
        leader.demand_items.append(ShortlistDemandRead(
            demand_item_id=item.id, product_name=item.product_name, category=item.category.label,
            entries=[_present_entry(e, smes) for e in entries.get(item.id, []) if not e.removed]))
    return list(leaders.values())


def _present_entry(entry: EventShortlistEntry, smes: dict[int, ParticipantStatus]) -> ShortlistEntryRead:
    supply = entry.supply_item
    return ShortlistEntryRead(
        id=entry.id, supply_item_id=supply.id, supplier_id=supply.enterprise_id, supplier_name=supply.enterprise.name,
        product_name=supply.product_name, position=entry.position, score=entry.score,
        match_percent=match_percent(entry.score), explanation=entry.explanation,
        pinned=entry.pinned, manual=entry.manual, participation=_participation(smes.get(supply.enterprise_id)))


def entry_read(*, db_session: Session, principal: Principal, event_id: int, entry_id: int) -> ShortlistEntryRead:
    """One entry as listed (a removed one too, which the lists leave out)."""
    event = access.get_managed_event(db_session, principal, event_id)
    entry = db_session.get(EventShortlistEntry, entry_id)
    if entry is None or entry.event_id != event.id:
        raise NotFound(f"推荐条目 {entry_id} 不存在 (not found)")
    return _present_entry(entry, _sme_status(db_session, event))


def add_entry(*, db_session: Session, principal: Principal, event_id: int,
              data: ShortlistEntryCreate) -> EventShortlistEntry:
    """The organizer adds a supplier by hand: pinned, last in the item's list."""
    event = access.get_managed_event(db_session, principal, event_id)
    in_scope = {i.id for i in events_service.scope(db_session, event)}
    errors = []
    if data.demand_item_id not in in_scope:
        errors.append(field_error("demand_item_id", "需求条目不在活动范围内 (not in scope)", data.demand_item_id))
    supply = db_session.get(SupplyItem, data.supply_item_id)
    if supply is None or supply.status is not SupplyStatus.ACTIVE:
        errors.append(field_error("supply_item_id", "供给条目不存在或已停用 (no such active supply item)",
                                  data.supply_item_id))
    if errors:
        raise ValidationFailed(detail=errors)
    entries = _entries(db_session, event).get(data.demand_item_id, [])
    entry = next((e for e in entries if e.supply_item_id == data.supply_item_id), None)
    if entry is None:
        entry = EventShortlistEntry(event_id=event.id, demand_item_id=data.demand_item_id,
                                    supply_item_id=data.supply_item_id, supply_item=supply, manual=True)
        db_session.add(entry)
        entries.append(entry)
    entry.pinned, entry.removed = True, False
    visible = [e for e in entries if not e.removed and e is not entry]
    _renumber(entries, [*visible, entry])
    db_session.flush()
    return entry


def update_entry(*, db_session: Session, principal: Principal, event_id: int, entry_id: int,
                 data: ShortlistEntryUpdate) -> EventShortlistEntry:
    """Pin, remove (or restore) and move an entry within its demand item's list."""
    event = access.get_managed_event(db_session, principal, event_id)
    entry = db_session.get(EventShortlistEntry, entry_id)
    if entry is None or entry.event_id != event.id:
        raise NotFound(f"推荐条目 {entry_id} 不存在 (not found)")
    entries = _entries(db_session, event)[entry.demand_item_id]
    if data.pinned is not None:
        entry.pinned = data.pinned
    if data.removed is not None:
        entry.removed = data.removed
        if data.removed:
            entry.pinned = False
    visible = [e for e in entries if not e.removed and e is not entry]
    if not entry.removed:
        at = (data.position - 1) if data.position is not None else next(
            (i for i, e in enumerate(visible) if e.position > entry.position), len(visible))
        visible.insert(min(at, len(visible)), entry)
    _renumber(entries, visible)
    db_session.flush()
    return entry


def _renumber(entries: list[EventShortlistEntry], visible: list[EventShortlistEntry]) -> None:
    for position, e in enumerate(visible, start=1):
        e.position = position
    for position, e in enumerate((e for e in entries if e not in visible), start=len(visible) + 1):
        e.position = position


# --- exports ------------------------------------------------------------------------------------------------


def event_header(event: Event) -> EventHeader:
    return EventHeader(name=event.name, type_label=event.event_type.label, date=event.event_date, venue=event.venue,
                       organizer=event.organizer, chains=tuple(c.name for c in event.chains),
                       generated_at=datetime.now(UTC))


def shortlist_pack(*, db_session: Session, principal: Principal, event_id: int) -> ShortlistPack:
    event = access.get_event(db_session, principal, event_id)
    smes = _sme_status(db_session, event)
    entries = _entries(db_session, event)
    by_leader: dict[int, list[DemandItem]] = defaultdict(list)
    everyone = access.sees_everyone(principal, event)
    for item in events_service.scope(db_session, event):
        if everyone or item.enterprise_id == principal.enterprise_id:
            by_leader[item.enterprise_id].append(item)
    if not everyone and principal.role is not ApiRole.CHAIN_LEADER:
        by_leader.clear()
    leaders = []
    for items in by_leader.values():
        leader = items[0].enterprise
        demand_entries = []
        for item in items:
            suppliers = tuple(_supplier_line(e, smes) for e in entries.get(item.id, []) if not e.removed)
            demand_entries.append(DemandEntry(
                name=item.product_name, category=item.category.label, model="、".join(item.part_numbers) or None,
                quantity=_quantity(item), code=item.item_code, suppliers=suppliers))
        leaders.append(LeaderShortlist(leader_name=leader.name, district=leader.district,
                                       entries=tuple(demand_entries)))
    return ShortlistPack(event=event_header(event), leaders=tuple(leaders))


def _quantity(item: DemandItem) -> str | None:
    if item.annual_quantity is None:
        return None
    return f"年需求 {item.annual_quantity:g} {item.quantity_unit or ''}".strip()


def _supplier_line(entry: EventShortlistEntry, smes: dict[int, ParticipantStatus]) -> SupplierLine:
    supply = entry.supply_item
    enterprise = supply.enterprise
    qualifications = "、".join(q.kind.label for q in enterprise.qualifications) or None
    return SupplierLine(rank=entry.position, enterprise_name=enterprise.name, product=supply.product_name,
                        model="、".join(supply.part_numbers) or None, district=enterprise.district,
                        qualifications=qualifications, score=entry.score,
                        match_percent=match_percent(entry.score), reasons=entry.explanation,
                        pinned=entry.pinned, participation=_participation(smes.get(enterprise.id)))
