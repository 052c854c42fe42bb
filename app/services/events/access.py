"""Who may do what with a matchmaking event — every rule in one place.

* **operator**: manages every event.
* **organizer** (a bureau or association running events; its key is bound to no enterprise): creates events and
  manages the ones it owns (``Event.owner_key_id``); others are not disclosed (404).
* **chain leader / SME**: reads an event it is invited to or takes part in (not declined) and its own meetings
  only; accepts or declines an invitation with its own key; an SME asks for meetings; a chain leader records the
  outcomes of its own meetings and confirms the organizer's. Other events answer 404.

An organizer acts only on enterprises that accepted its invitation (an operator may also register them
directly): it invites enterprises it may read (``access.enterprise_filter``: those of its events' chains), and a
chain leader's items enter the event's scope when the leader accepts — its public open items; a confidential one
only when the leader puts it in scope itself. Inside an event it manages, the organizer sees suppliers for the
demand items in scope through :class:`EventDelegate`, a principal that the suggestion service treats as an
operator while the audit trail keeps the organizer's key and role — only after this module has checked that the
items belong to the event. Its meeting outcomes are event outcomes only; they become decisions on a leader's
items when that leader confirms them (``writes_decisions_directly``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, false, select, true
from sqlalchemy.orm import Session

from app.core.errors import Forbidden, NotFound
from app.models import ApiRole, Event, EventParticipant, ParticipantStatus
from app.services.auth import Principal


@dataclass(frozen=True)
class EventDelegate(Principal):
    """An event manager acting on items of its event (checked by the caller)."""

    @property
    def is_operator(self) -> bool:
        return True


def delegate(principal: Principal) -> Principal:
    if principal.is_operator:
        return principal
    return EventDelegate(key_id=principal.key_id, role=principal.role, enterprise_id=principal.enterprise_id)


def event_filter(principal: Principal) -> ColumnElement[bool]:
    """Events the principal may read."""
    if principal.is_operator:
        return true()
    if principal.role is ApiRole.ORGANIZER:
        return Event.owner_key_id == principal.key_id
    if principal.enterprise_id is None:
        return false()
    return exists(select(EventParticipant.id).where(
        EventParticipant.event_id == Event.id, EventParticipant.enterprise_id == principal.enterprise_id,
        EventParticipant.status != ParticipantStatus.DECLINED))


def writes_decisions_directly(principal: Principal, leader_id: int) -> bool:
    """Whether an outcome this principal records becomes decisions on ``leader_id``'s items at once: an operator's
    or the leader's own; an organizer's waits for the leader's confirmation."""
    return principal.is_operator or (principal.role is ApiRole.CHAIN_LEADER and principal.enterprise_id == leader_id)


def sets_participation_directly(principal: Principal) -> bool:
    """Operators register enterprises; an organizer only invites them (the enterprise accepts itself)."""
    return principal.is_operator


def may_scope_item(principal: Principal, event: Event, item_owner_id: int, confidential: bool) -> bool:
    """Who may put a demand item into an event's scope: an operator; the item's own leader; the organizer, for
    the public items of a leader taking part (a confidential one only its leader brings)."""
    if principal.is_operator:
        return True
    if principal.role is ApiRole.CHAIN_LEADER and principal.enterprise_id == item_owner_id:
        return True
    return manages(principal, event) and not confidential


def manages(principal: Principal, event: Event) -> bool:
    if principal.is_operator:
        return True
    return principal.role is ApiRole.ORGANIZER and event.owner_key_id == principal.key_id


def ensure_can_create_event(principal: Principal) -> None:
    if not (principal.is_operator or principal.role is ApiRole.ORGANIZER):
        raise Forbidden("仅运营人员和活动组织方可以创建活动 (operators and organizers only)")


def ensure_manages(principal: Principal, event: Event) -> None:
    if not manages(principal, event):
        raise Forbidden("只有活动组织方或运营人员可以修改活动 (only the event's organizer or an operator)")


def not_found(event_id: int) -> NotFound:
    return NotFound(f"活动 {event_id} 不存在或无权查看 (event not found)")


def get_event(db_session: Session, principal: Principal, event_id: int) -> Event:
    event = db_session.scalar(select(Event).where(Event.id == event_id, event_filter(principal)))
    if event is None:
        raise not_found(event_id)
    return event


def get_managed_event(db_session: Session, principal: Principal, event_id: int) -> Event:
    event = get_event(db_session, principal, event_id)
    ensure_manages(principal, event)
    return event


def sees_everyone(principal: Principal, event: Event) -> bool:
    """Managers see every participant's shortlists and meetings; a participant only its own."""
    return manages(principal, event)
