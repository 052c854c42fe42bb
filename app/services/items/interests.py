"""An SME's "有意向" on an open demand item, for one of its products; the demand item's leader sees who."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app.core.errors import Forbidden
from app.models import ApiRole, DemandItem, SupplyInterest, SupplyItem
from app.services import access
from app.services.auth import Principal
from app.services.items.demand_items import DEMAND_ITEMS
from app.services.items.supply_items import SUPPLY_ITEMS


@dataclass(frozen=True)
class InterestRead:
    supply_item: SupplyItem
    created_at: datetime


def express_interest(*, db_session: Session, principal: Principal, demand_item_id: int,
                     supply_item_id: int) -> SupplyInterest:
    """Idempotent: expressing interest twice keeps the first."""
    if principal.role is not ApiRole.SME:
        raise Forbidden("只有中小企业可以表达合作意向 (SMEs only)")
    supply = SUPPLY_ITEMS.get(db_session=db_session, principal=principal, item_id=supply_item_id)
    access.ensure_can_write_supply(principal, supply)
    demand = DEMAND_ITEMS.get(db_session=db_session, principal=principal, item_id=demand_item_id)
    if not demand.is_open:
        raise access.not_found("需求条目", demand_item_id)
    existing = db_session.scalar(select(SupplyInterest).where(SupplyInterest.demand_item_id == demand.id,
                                                              SupplyInterest.supply_item_id == supply.id))
    if existing is not None:
        return existing
    interest = SupplyInterest(demand_item_id=demand.id, supply_item_id=supply.id)
    db_session.add(interest)
    db_session.flush()
    return interest


def interests_for_demand(*, db_session: Session, principal: Principal, demand_item_id: int) -> list[InterestRead]:
    """Who expressed interest in a demand item: its leader and operators see every SME; an SME only its own."""
    demand = DEMAND_ITEMS.get(db_session=db_session, principal=principal, item_id=demand_item_id)
    statement = (select(SupplyInterest, SupplyItem).join(SupplyItem, SupplyItem.id == SupplyInterest.supply_item_id)
                 .where(SupplyInterest.demand_item_id == demand.id)
                 .options(joinedload(SupplyItem.enterprise)).order_by(SupplyInterest.created_at))
    scope = access.decision_supplier_scope(principal)
    if scope is not None:
        statement = statement.where(SupplyItem.enterprise_id == scope)
    return [InterestRead(supply_item=item, created_at=interest.created_at)
            for interest, item in db_session.execute(statement).all()]


def own_interests(*, db_session: Session, principal: Principal) -> set[tuple[int, int]]:
    """(demand item id, supply item id) pairs the principal's enterprise has expressed interest in, each demand item
    under the id the principal knows it by (a confidential one's public reference)."""
    if principal.enterprise_id is None:
        return set()
    rows = db_session.execute(
        select(DemandItem, SupplyInterest.supply_item_id)
        .join(SupplyInterest, SupplyInterest.demand_item_id == DemandItem.id)
        .join(SupplyItem, SupplyItem.id == SupplyInterest.supply_item_id)
        .where(SupplyItem.enterprise_id == principal.enterprise_id))
    return {(access.shown_demand_id(principal, demand), supply_id) for demand, supply_id in rows}
