"""Who may do what with a matchmaking event — every rule in one place.

* **operator**: manages every event.
* **organizer** (a bureau or association running events; its key is bound to no enterprise): creates events and
  manages the ones it owns (``Event.owner_key_id``); others are not disclosed (404).
* **chain leader / SME**: reads an event it takes part in (not declined) and its own meetings only; an SME asks
  for meetings; a chain leader records the outcomes of its own meetings. Other events answer 404.

Inside an event it manages, an organizer acts on the participants' items: it sees suppliers for the demand items
in scope and records meeting outcomes as decisions. It does so through :class:`EventDelegate`, a principal that
the suggestion and decision services treat as an operator while the audit trail keeps the organizer's key and
role — only after this module has checked that the items belong to the event.
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
