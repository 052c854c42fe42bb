"""The matching trigger: items created or changed since the last look (the index change log) are matched through the
live index, and each demand–supply pair whose 匹配度 newly reaches the threshold is told to both sides — the chain
leader hears of a new supplier for its demand item, the SME of open demand its product fits.

One notice per pair, ever, unless its 匹配度 falls below the threshold and later rises past it again. What each side
is told is what it may read: an SME hears of a confidential demand item as 某链主企业 under its public reference.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.models import (
    ApiRole,
    DemandItem,
    IndexChange,
    MatchNotice,
    NoticeKind,
    NotificationCursor,
    SupplyItem,
    SupplyStatus,
)
from app.models.index_state import DEMAND, SUPPLY
from app.services import access
from app.services.auth import Principal
from app.services.notifications.outbox import notify
from app.services.ranking.matching_index import MatchingIndexes, read_state

logger = logging.getLogger(__name__)

# The trigger reads as an operator would (every open item, every active supplier); what is told is then presented
# per recipient. key_id 0 is no key: nothing is written in its name.
_READER = Principal(key_id=0, role=ApiRole.OPERATOR, enterprise_id=None)
CURSOR_ID = 1
# Change-log versions looked at per round: a large import is matched in steps, each its own transaction.
VERSIONS_PER_ROUND = 200


@dataclass(frozen=True)
class Pair:
    demand: DemandItem
    supply: SupplyItem
    match_percent: float


def find_new_matches(db_session: Session, *, index: MatchingIndexes, settings: Settings) -> int:
    """One round: match the items changed since the cursor, write the notices, move the cursor; the caller commits.
    Returns the number of changed items looked at (0: nothing new)."""
    query = select(NotificationCursor).where(NotificationCursor.id == CURSOR_ID)
    if db_session.get_bind().dialect.name == "postgresql":
        # one worker matches at a time; the others go on delivering instead of waiting for it
        query = query.with_for_update(skip_locked=True)
    cursor = db_session.scalar(query)
    if cursor is None and db_session.scalar(select(NotificationCursor.id).where(NotificationCursor.id == CURSOR_ID)):
        return 0  # another worker holds it
    if cursor is None:
        cursor = NotificationCursor(id=CURSOR_ID, version=read_state(db_session).version)
        db_session.add(cursor)
        db_session.flush()
        return 0
    state = read_state(db_session)
    if state.version <= cursor.version:
        return 0
    if state.log_floor > cursor.version:
        logger.warning("通知：变更记录已清理到版本 %s，版本 %s 之后的部分变更不再通知 (change log pruned past the cursor)",
                       state.log_floor, cursor.version)
    upto = min(state.version, cursor.version + VERSIONS_PER_ROUND)
    changes = db_session.execute(select(IndexChange.kind, IndexChange.item_id).distinct().where(
        IndexChange.version > cursor.version, IndexChange.version <= upto)).all()
    supply_ids = {item_id for kind, item_id in changes if kind == SUPPLY}
    demand_ids = {item_id for kind, item_id in changes if kind == DEMAND}
    tell_matches(db_session, index=index, settings=settings, supply_ids=supply_ids, demand_ids=demand_ids)
    cursor.version = upto
    db_session.flush()
    return len(changes) or 1


def tell_matches(db_session: Session, *, index: MatchingIndexes, settings: Settings, supply_ids: Iterable[int],
                 demand_ids: Iterable[int]) -> int:
    """Notices for the pairs of these items that are news; returns how many pairs were told."""
    from app.services.decisions import rejected_by_demand
    from app.services.ranking.suggestions import SuggestionFilters, opportunities_for_supplies, suggest_for_demands

    floor = settings.notify_match_min_percent
    filters = SuggestionFilters(min_match_percent=floor)
    told = 0
    supply_items = list(db_session.scalars(select(SupplyItem).where(
        SupplyItem.id.in_(sorted(set(supply_ids))), SupplyItem.status == SupplyStatus.ACTIVE)))
    if supply_items:
        found = opportunities_for_supplies(db_session=db_session, index=index, supply_items=supply_items,
                                           principal=_READER, limit=settings.suggestion_pool, filters=filters)
        rejected = rejected_by_demand(db_session, list({o.demand_item.id: o.demand_item
                                                        for ops in found.values() for o in ops}.values()))
        for item in supply_items:
            pairs = [Pair(o.demand_item, item, o.match_percent) for o in found[item.id]]
            told += _tell(db_session, pairs, rejected)
            _forget_fallen(db_session, MatchNotice.supply_item_id == item.id,
                           keep={p.demand.id for p in pairs}, key=lambda n: n.demand_item_id)
    demand_items = list(db_session.scalars(select(DemandItem).where(
        DemandItem.id.in_(sorted(set(demand_ids))), DemandItem.is_open)))
    if demand_items:
        found = suggest_for_demands(db_session=db_session, index=index, demand_items=demand_items,
                                    principal=_READER, limit=settings.suggestion_pool, filters=filters)
        rejected = rejected_by_demand(db_session, demand_items)
        for item in demand_items:
            pairs = [Pair(item, s.supply_item, s.match_percent) for s in found[item.id] if s.match_percent >= floor]
            told += _tell(db_session, pairs, rejected)
            _forget_fallen(db_session, MatchNotice.demand_item_id == item.id,
                           keep={p.supply.id for p in pairs}, key=lambda n: n.supply_item_id)
    return told


def _forget_fallen(db_session: Session, condition, *, keep: set[int], key) -> None:
    """Pairs of a changed item that no longer reach the threshold: told again if they rise past it later."""
    for notice in db_session.scalars(select(MatchNotice).where(condition, MatchNotice.above.is_(True))):
        if key(notice) not in keep:
            notice.above = False


def _is_news(db_session: Session, pair: Pair) -> bool:
    notice = db_session.scalar(select(MatchNotice).where(MatchNotice.demand_item_id == pair.demand.id,
                                                         MatchNotice.supply_item_id == pair.supply.id))
    if notice is None:
        db_session.add(MatchNotice(demand_item_id=pair.demand.id, supply_item_id=pair.supply.id,
                                   match_percent=pair.match_percent, above=True))
        return True
    news = not notice.above
    notice.above = True
    notice.match_percent = pair.match_percent
    return news


def _tell(db_session: Session, pairs: list[Pair], rejected: dict[int, set[int]]) -> int:
    told = 0
    for pair in pairs:
        if pair.demand.enterprise_id == pair.supply.enterprise_id:
            continue
        if pair.supply.id in rejected.get(pair.demand.id, ()):
            continue  # the leader turned this supplier down for this item: not news to either side
        if not _is_news(db_session, pair):
            continue
        _tell_leader(db_session, pair)
        _tell_sme(db_session, pair)
        told += 1
    db_session.flush()
    return told


def _tell_leader(db_session: Session, pair: Pair) -> None:
    demand, supply, percent = pair.demand, pair.supply, pair.match_percent
    supplier = supply.enterprise
    notify(
        db_session, enterprise_id=demand.enterprise_id, kind=NoticeKind.SUPPLIER_FIT, match_percent=percent,
        title=f"新供应商匹配您的需求「{demand.product_name}」（匹配度 {percent:.0f}%）",
        body=f"{supplier.name} 的产品「{supply.product_name}」与您的需求「{demand.product_name}」匹配度 {percent:.0f}%。"
             + (f"\n所在区县：{supplier.district}" if supplier.district else ""),
        link=f"/leader/demands/{demand.id}",
        data={"demand_item_id": demand.id, "demand_product_name": demand.product_name,
              "supply_item_id": supply.id, "supply_product_name": supply.product_name,
              "supplier_enterprise_id": supplier.id, "supplier_name": supplier.name,
              "match_percent": round(percent, 1)},
    )


def _tell_sme(db_session: Session, pair: Pair) -> None:
    demand, supply, percent = pair.demand, pair.supply, pair.match_percent
    sme = Principal(key_id=0, role=ApiRole.SME, enterprise_id=supply.enterprise_id)
    hidden = access.hides_owner(sme, demand)
    leader = "某链主企业" if hidden else demand.enterprise.name
    notify(
        db_session, enterprise_id=supply.enterprise_id, kind=NoticeKind.DEMAND_FIT, match_percent=percent,
        title=f"新需求匹配您的产品「{supply.product_name}」（匹配度 {percent:.0f}%）",
        body=f"{leader} 需要「{demand.product_name}」，与您的产品「{supply.product_name}」匹配度 {percent:.0f}%。",
        link="/sme",
        data={"demand_item_id": access.shown_demand_id(sme, demand), "demand_product_name": demand.product_name,
              "leader_enterprise_id": None if hidden else demand.enterprise_id,
              "leader_name": None if hidden else demand.enterprise.name, "confidential": bool(demand.confidential),
              "supply_item_id": supply.id, "supply_product_name": supply.product_name,
              "match_percent": round(percent, 1)},
    )
