"""Who may do what — every rule in one place.

Roles (``ApiRole``) come from the API key, never from the enterprise row:

* **operator** (government staff): reads and writes everything.
* **chain leader**: reads and edits its own enterprise; reads and writes its own demand items (any status);
  reads active supply items and the enterprises that own them.
* **SME**: reads and edits its own enterprise; reads and writes its own supply items (any status); reads open
  demand items and the enterprises behind the non-confidential ones. A confidential demand item is shown
  without anything that identifies its leader, and owner-based filters and free-text search never look at
  the owner of a confidential item, so they cannot be used to guess it. An SME never reads another SME's
  supply items.
* **organizer** (bound to no enterprise): reads, never writes, what it needs to find whom to invite — within
  the industry chains of the events it runs: the open demand items (confidential ones as an SME sees them), the
  active supply items, and the enterprises behind the public ones; also the enterprises its events' shortlists
  propose and its participants. Inside its events, see :mod:`app.services.events.access`.

Confidential demand and its leader (the threat model in the README): whoever may not know a confidential item's
leader (``hides_owner``) sees it under its random ``public_ref`` instead of its row id — consecutive ids would
place it among its leader's public items — with its timestamps cut to the day, and it may not sort by id or
time across such items (the sort uses the shown reference, and no time). Its own routes resolve the reference
(``demand_id_condition``); the row id of a hidden item answers 404 to such a principal, so ids cannot be probed.

What a principal may not read answers 404 (its existence is not disclosed); a write to something it may
read but not change answers 403. Services apply the ``*_filter`` functions to every query and call the
``ensure_*`` checks before every write, so routes hold no rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, case, exists, false, null, or_, select, true
from sqlalchemy.orm import Session

from app.core.errors import Forbidden, NotFound, ValidationFailed, field_error
from app.models import (
    ApiRole,
    DemandItem,
    Enterprise,
    Event,
    EventParticipant,
    EventShortlistEntry,
    SupplyItem,
    SupplyStatus,
    event_chains,
)
from app.services.auth import Principal

# Enterprise fields that are certified facts (identity, role, government-granted qualifications):
# a tenant may not change them on its own record.
OPERATOR_ONLY_ENTERPRISE_FIELDS = frozenset({"credit_code", "role", "qualifications"})


# --- what may be read: WHERE clauses ---------------------------------------------------------------------


def enterprise_filter(principal: Principal) -> ColumnElement[bool]:
    """Enterprises the principal may read."""
    if principal.is_operator:
        return true()
    own = Enterprise.id == principal.enterprise_id
    if principal.role is ApiRole.CHAIN_LEADER:
        owns_active_supply = exists(
            select(SupplyItem.id).where(
                SupplyItem.enterprise_id == Enterprise.id, SupplyItem.status == SupplyStatus.ACTIVE
            )
        )
        return or_(own, owns_active_supply)
    if principal.role is ApiRole.SME:
        owns_public_open_demand = exists(
            select(DemandItem.id).where(
                DemandItem.enterprise_id == Enterprise.id,
                DemandItem.is_open,
                DemandItem.confidential.is_(False),
            )
        )
        return or_(own, owns_public_open_demand)
    if principal.role is ApiRole.ORGANIZER:
        chains = organizer_chain_ids(principal)
        own_events = select(Event.id).where(Event.owner_key_id == principal.key_id)
        return or_(
            exists(select(SupplyItem.id).where(SupplyItem.enterprise_id == Enterprise.id,
                                               SupplyItem.status == SupplyStatus.ACTIVE,
                                               SupplyItem.chain_id.in_(chains))),
            exists(select(DemandItem.id).where(DemandItem.enterprise_id == Enterprise.id, DemandItem.is_open,
                                               DemandItem.confidential.is_(False), DemandItem.chain_id.in_(chains))),
            # the suppliers its events' shortlists propose (待邀请), so it can invite them
            exists(select(EventShortlistEntry.id)
                   .join(SupplyItem, SupplyItem.id == EventShortlistEntry.supply_item_id)
                   .where(SupplyItem.enterprise_id == Enterprise.id, EventShortlistEntry.event_id.in_(own_events))),
            exists(select(EventParticipant.id).where(EventParticipant.enterprise_id == Enterprise.id,
                                                     EventParticipant.event_id.in_(own_events))),
        )
    return false()


def readable_enterprise_ids(db_session: Session, principal: Principal, ids: Iterable[int | None]) -> set[int]:
    """Those of ``ids`` the principal may read: an id shown anywhere (an SME's 拟配套对象 linked to a leader) must
    not tell a tenant that an enterprise it may not read exists under that name."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return set()
    if principal.is_operator:
        return wanted
    return set(db_session.scalars(select(Enterprise.id).where(Enterprise.id.in_(wanted), enterprise_filter(principal))))


def organizer_chain_ids(principal: Principal):
    """The industry chains of the events an organizer key runs: what it may search to find whom to invite."""
    return (select(event_chains.c.chain_id).join(Event, Event.id == event_chains.c.event_id)
            .where(Event.owner_key_id == principal.key_id))


def demand_filter(principal: Principal) -> ColumnElement[bool]:
    """Demand items the principal may read."""
    if principal.is_operator:
        return true()
    own = DemandItem.enterprise_id == principal.enterprise_id
    if principal.role is ApiRole.SME:
        return or_(own, DemandItem.is_open)
    if principal.role is ApiRole.CHAIN_LEADER:
        return own
    if principal.role is ApiRole.ORGANIZER:
        return and_(DemandItem.is_open, DemandItem.chain_id.in_(organizer_chain_ids(principal)))
    return false()


def supply_filter(principal: Principal) -> ColumnElement[bool]:
    """Supply items the principal may read."""
    if principal.is_operator:
        return true()
    own = SupplyItem.enterprise_id == principal.enterprise_id
    if principal.role is ApiRole.CHAIN_LEADER:
        return or_(own, SupplyItem.status == SupplyStatus.ACTIVE)
    if principal.role is ApiRole.SME:
        return own
    if principal.role is ApiRole.ORGANIZER:
        return and_(SupplyItem.status == SupplyStatus.ACTIVE, SupplyItem.chain_id.in_(organizer_chain_ids(principal)))
    return false()


def demand_owner_condition(principal: Principal, condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """A filter on a demand item's owner (its id, name, district, qualifications) applies only to items whose
    owner the principal may see, so ``?owner=`` or ``?q=<leader name>`` cannot unmask a confidential item."""
    if hides_confidential_owners(principal):
        return and_(
            or_(DemandItem.confidential.is_(False), DemandItem.enterprise_id == principal.enterprise_id),
            condition,
        )
    return condition


def hides_confidential_owners(principal: Principal) -> bool:
    return principal.role in (ApiRole.SME, ApiRole.ORGANIZER) and not principal.is_operator


def hides_owner(principal: Principal, item: DemandItem) -> bool:
    """True when this demand item must be shown to the principal without its leader's identity."""
    return hides_confidential_owners(principal) and item.confidential and item.enterprise_id != principal.enterprise_id


def _owner_hidden(principal: Principal) -> ColumnElement[bool]:
    """SQL twin of :func:`hides_owner`."""
    if not hides_confidential_owners(principal):
        return false()
    if principal.enterprise_id is None:
        return DemandItem.confidential.is_(True)
    return and_(DemandItem.confidential.is_(True), DemandItem.enterprise_id != principal.enterprise_id)


def shown_demand_id(principal: Principal, item: DemandItem) -> int:
    """The id under which the principal knows this demand item: its row id, or its random public reference
    when the principal may not know its leader."""
    return item.public_ref if hides_owner(principal, item) else item.id


def demand_id_column(principal: Principal) -> ColumnElement[int]:
    """SQL twin of :func:`shown_demand_id`: what ``sort=id`` orders by and the item's routes look up."""
    if not hides_confidential_owners(principal):
        return DemandItem.id
    return case((_owner_hidden(principal), DemandItem.public_ref), else_=DemandItem.id)


def demand_id_condition(principal: Principal, shown_id: int) -> ColumnElement[bool]:
    """The demand item the principal names ``shown_id``. A hidden item's row id matches nothing (404), so ids
    cannot be probed for the confidential items between a leader's public ones."""
    return demand_id_column(principal) == shown_id


def demand_time_column(principal: Principal, column: ColumnElement) -> ColumnElement:
    """``sort=created_at`` / ``updated_at``: items whose leader is hidden have no time to sort by (their order
    among themselves follows the random reference, the tiebreak)."""
    if not hides_confidential_owners(principal):
        return column
    return case((_owner_hidden(principal), null()), else_=column)


def shown_demand_time(principal: Principal, item: DemandItem, moment: datetime) -> datetime:
    """A hidden item's timestamps to the day (UTC): items of one import share the microsecond, so the exact
    time would tie a confidential item to its leader's public ones."""
    if not hides_owner(principal, item):
        return moment
    return datetime(moment.year, moment.month, moment.day, tzinfo=moment.tzinfo or UTC)



# --- what may be written: checks that raise ---------------------------------------------------------------


def ensure_operator(principal: Principal, what: str) -> None:
    if not principal.is_operator:
        raise Forbidden(f"仅运营人员可以{what} (operators only)")


def ensure_can_edit_enterprise(principal: Principal, enterprise: Enterprise, fields: Iterable[str]) -> None:
    """Operators edit any enterprise; a tenant edits only its own, and not its certified facts."""
    if principal.is_operator:
        return
    if enterprise.id != principal.enterprise_id:
        raise Forbidden("只能修改本企业的信息 (a tenant edits only its own enterprise)")
    locked = sorted(OPERATOR_ONLY_ENTERPRISE_FIELDS.intersection(fields))
    if locked:
        raise Forbidden(
            "统一社会信用代码、企业类型和资质只能由运营人员修改 (only operators change these fields)",
            detail=[field_error(name, "仅运营人员可修改 (operators only)") for name in locked],
        )


def owner_for_new_demand(principal: Principal, requested_enterprise_id: int | None) -> int:
    """The enterprise a new demand item belongs to: chosen by an operator, implied by a chain leader's key."""
    return _owner_for_new_item(principal, requested_enterprise_id, writer=ApiRole.CHAIN_LEADER, what="需求")


def owner_for_new_supply(principal: Principal, requested_enterprise_id: int | None) -> int:
    return _owner_for_new_item(principal, requested_enterprise_id, writer=ApiRole.SME, what="供给")


def _owner_for_new_item(principal: Principal, requested: int | None, *, writer: ApiRole, what: str) -> int:
    if principal.is_operator:
        if requested is None:
            raise ValidationFailed(detail=[field_error("enterprise_id", "运营人员创建条目时必须指定所属企业 (required)")])
        return requested
    if principal.role is not writer or principal.enterprise_id is None:
        raise Forbidden(f"{principal.role.label}不能发布{what}条目 (this role cannot create these items)")
    if requested is not None and requested != principal.enterprise_id:
        raise Forbidden(
            f"只能为本企业发布{what}条目 (items can only be created for your own enterprise)",
            detail=[field_error("enterprise_id", "不是本企业 (not your enterprise)")],
        )
    return principal.enterprise_id


def ensure_can_write_demand(principal: Principal, item: DemandItem) -> None:
    _ensure_can_write_item(principal, item.enterprise_id, writer=ApiRole.CHAIN_LEADER)


def ensure_can_write_supply(principal: Principal, item: SupplyItem) -> None:
    _ensure_can_write_item(principal, item.enterprise_id, writer=ApiRole.SME)


def _ensure_can_write_item(principal: Principal, owner_id: int, *, writer: ApiRole) -> None:
    if principal.is_operator:
        return
    if principal.role is writer and owner_id == principal.enterprise_id:
        return
    raise Forbidden("只能修改本企业的条目 (you can only change your own items)")


def not_found(what: str, ident: int | str) -> NotFound:
    return NotFound(f"{what} {ident} 不存在或无权查看 (not found)")


# --- decisions on suggestions (入围 / 拒绝 / 意向 → 样品 → 小批量 → 入链) ---------------------------------------
#
# * operator: decides on any demand item; reads every decision and its audit trail.
# * chain leader: decides on its own demand items only, and reads their decisions and audit trail (another
#   leader's demand items are not readable at all: 404).
# * SME: never decides (403). On a demand item it may read, it sees the current status of decisions about its
#   OWN supply items — whether it was shortlisted or has reached 意向/样品/入链 is what it needs to act on —
#   but not the reason, nor who decided (a leader's internal assessment), and nothing about other enterprises'
#   supply items: an SME cannot see another SME's decisions.


def ensure_can_decide(principal: Principal, item: DemandItem) -> None:
    if principal.is_operator:
        return
    if principal.role is ApiRole.CHAIN_LEADER and item.enterprise_id == principal.enterprise_id:
        return
    raise Forbidden("只有需求所属的链主企业或运营人员可以决策 (only the demand item's chain leader or an operator decides)")


def decision_supplier_scope(principal: Principal) -> int | None:
    """The enterprise whose supply items' decisions the principal may read; None means every supplier."""
    if principal.role is ApiRole.SME:
        return principal.enterprise_id if principal.enterprise_id is not None else -1
    return None


def sees_decision_details(principal: Principal) -> bool:
    """Whether reasons and the deciding key are shown."""
    return principal.role is not ApiRole.SME


# --- API keys managed on the web pages ---------------------------------------------------------------------------
#
# * operator: every key. * chain leader / SME: the keys of its own enterprise, in its own role.
# * organizer: none (its keys are issued by operators).


def key_filter(principal: Principal) -> ColumnElement[bool]:
    from app.models import ApiKey

    if principal.is_operator:
        return true()
    if principal.role in (ApiRole.SME, ApiRole.CHAIN_LEADER) and principal.enterprise_id is not None:
        return and_(ApiKey.enterprise_id == principal.enterprise_id, ApiKey.role == principal.role)
    return false()


def ensure_can_create_key(principal: Principal) -> None:
    if principal.is_operator:
        return
    if principal.role in (ApiRole.SME, ApiRole.CHAIN_LEADER) and principal.enterprise_id is not None:
        return
    raise Forbidden("该角色不能自行创建 API 密钥 (this role cannot create keys)")
