"""Decisions on suggested suppliers, their audit trail, and the stable identity that makes them stick.

A decision belongs to a (demand item, supply item) pair. It points at both rows by foreign key and also keeps
each row's stable identity — the owner's credit code with the item code, else the item's identity key (the rule
of :func:`app.domain.identity.item_identity_key`, the one the import uses to update rows in place). A re-import
updates rows in place, so their ids and the foreign keys stay. When a row is deleted the database nulls the
foreign key; the decision then matches the row's successor through its identity (same owner, same item code or
same identity key), so a supplier rejected before an SME deleted and re-uploaded its list stays rejected.
Orphaned decisions are re-attached when they are next written, and in bulk by :func:`relink_orphans` (batch,
reports, learning).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, or_, select, tuple_
from sqlalchemy.orm import Session

from app.core.errors import ValidationFailed, field_error
from app.models import DemandItem, Enterprise, SupplyItem
from app.models.decisions import DecisionEvent, DecisionStatus, MatchDecision
from app.schemas.decisions import MAX_DECISIONS_PER_REQUEST, DecisionCreate, DecisionEventRead, DecisionRead
from app.services import access
from app.services.auth import Principal
from app.services.items.demand_items import DEMAND_ITEMS
from app.services.notifications.notices import tell_decision
from app.services.ranking import substitution

Item = DemandItem | SupplyItem


@dataclass
class ResolvedDecision:
    """A decision with the supply item it is about today (None while that item is gone)."""

    decision: MatchDecision
    supply_item: SupplyItem | None


# ── identity ────────────────────────────────────────────────────────────────────────────────────────────────


def _same_item(item: Item, owner_code: str, item_code: str | None, identity_key: str) -> bool:
    """Whether ``item`` is the row a decision remembered, by the import's rule: an item code, when both have one,
    decides; otherwise the identity key does."""
    if item.enterprise.credit_code != owner_code:
        return False
    if item_code and item.item_code:
        return item.item_code == item_code
    return item.identity_key == identity_key


def _remember_identities(decision: MatchDecision, demand: DemandItem, supply: SupplyItem) -> None:
    decision.demand_owner_credit_code = demand.enterprise.credit_code
    decision.demand_item_code = demand.item_code
    decision.demand_identity_key = demand.identity_key
    decision.supply_owner_credit_code = supply.enterprise.credit_code
    decision.supply_item_code = supply.item_code
    decision.supply_identity_key = supply.identity_key


def _successors(db_session: Session, model: type[Item], wanted: Iterable[tuple[str, str | None, str]]) -> dict:
    """Current rows for remembered identities: ``{(owner code, item code, identity key): row}``."""
    wanted = set(wanted)
    if not wanted:
        return {}
    codes = {owner for owner, _, _ in wanted}
    keys = {key for _, _, key in wanted}
    item_codes = {code for _, code, _ in wanted if code}
    match = model.identity_key.in_(keys)
    if item_codes:
        match = or_(match, model.item_code.in_(item_codes))
    rows = db_session.scalars(
        select(model).join(model.enterprise).where(Enterprise.credit_code.in_(codes), match)
    ).unique().all()
    found = {}
    for identity in wanted:
        found[identity] = next((row for row in rows if _same_item(row, *identity)), None)
    return found


def relink_orphans(db_session: Session, *, demand: DemandItem | None = None) -> int:
    """Re-attach decisions whose demand or supply row was deleted to the rows that now carry the same identity.

    With ``demand``, only decisions that are or may become that item's; otherwise all. A decision is left as it
    is when its pair already has a decision of its own (made after the re-import): the newer one stands.
    Returns how many decisions were re-attached.
    """
    orphaned = or_(MatchDecision.demand_item_id.is_(None), MatchDecision.supply_item_id.is_(None))
    statement = select(MatchDecision).where(orphaned)
    if demand is not None:
        identity = MatchDecision.demand_identity_key == demand.identity_key
        if demand.item_code:
            identity = or_(identity, MatchDecision.demand_item_code == demand.item_code)
        statement = statement.where(or_(
            MatchDecision.demand_item_id == demand.id,
            and_(MatchDecision.demand_item_id.is_(None),
                 MatchDecision.demand_owner_credit_code == demand.enterprise.credit_code, identity),
        ))
    orphans = list(db_session.scalars(statement))
    if not orphans:
        return 0
    demands = _successors(db_session, DemandItem, (
        (d.demand_owner_credit_code, d.demand_item_code, d.demand_identity_key)
        for d in orphans if d.demand_item_id is None))
    supplies = _successors(db_session, SupplyItem, (
        (d.supply_owner_credit_code, d.supply_item_code, d.supply_identity_key)
        for d in orphans if d.supply_item_id is None))
    planned: list[tuple[MatchDecision, int, int]] = []
    for decision in orphans:
        demand_id = decision.demand_item_id
        if demand_id is None:
            row = demands.get((decision.demand_owner_credit_code, decision.demand_item_code,
                               decision.demand_identity_key))
            demand_id = row.id if row is not None else None
        supply_id = decision.supply_item_id
        if supply_id is None:
            row = supplies.get((decision.supply_owner_credit_code, decision.supply_item_code,
                                decision.supply_identity_key))
            supply_id = row.id if row is not None else None
        if demand_id is not None and supply_id is not None:
            planned.append((decision, demand_id, supply_id))
    if not planned:
        return 0
    taken = {(d, s) for d, s in db_session.execute(
        select(MatchDecision.demand_item_id, MatchDecision.supply_item_id).where(
            tuple_(MatchDecision.demand_item_id, MatchDecision.supply_item_id).in_(
                [(d, s) for _, d, s in planned])))}
    relinked = 0
    for decision, demand_id, supply_id in planned:
        if (demand_id, supply_id) in taken:
            continue
        decision.demand_item_id, decision.supply_item_id = demand_id, supply_id
        taken.add((demand_id, supply_id))
        relinked += 1
    db_session.flush()
    return relinked


# ── reading ─────────────────────────────────────────────────────────────────────────────────────────────────


def resolved_decisions(db_session: Session, demand: DemandItem) -> list[ResolvedDecision]:
    """The decisions on ``demand`` with the supply rows they are about today, without writing anything: also
    those whose rows were deleted and re-imported since (a decision already attached to the pair wins)."""
    identity = MatchDecision.demand_identity_key == demand.identity_key
    if demand.item_code:
        identity = or_(identity, MatchDecision.demand_item_code == demand.item_code)
    candidates = list(db_session.scalars(select(MatchDecision).where(or_(
        MatchDecision.demand_item_id == demand.id,
        and_(MatchDecision.demand_item_id.is_(None),
             MatchDecision.demand_owner_credit_code == demand.enterprise.credit_code, identity),
    )).order_by(MatchDecision.id)))
    mine = [d for d in candidates if d.demand_item_id == demand.id or _same_item(
        demand, d.demand_owner_credit_code, d.demand_item_code, d.demand_identity_key)]
    linked_ids = {d.supply_item_id for d in mine if d.supply_item_id is not None}
    supply_rows = {row.id: row for row in db_session.scalars(
        select(SupplyItem).where(SupplyItem.id.in_(linked_ids)))} if linked_ids else {}
    successors = _successors(db_session, SupplyItem, (
        (d.supply_owner_credit_code, d.supply_item_code, d.supply_identity_key)
        for d in mine if d.supply_item_id is None))
    resolved: list[ResolvedDecision] = []
    attached: set[int] = set()
    # Decisions attached to this demand row first, so an orphan never shadows a newer decision on the pair.
    for decision in sorted(mine, key=lambda d: (d.demand_item_id is None, d.supply_item_id is None, d.id)):
        if decision.supply_item_id is not None:
            supply = supply_rows.get(decision.supply_item_id)
        else:
            supply = successors.get((decision.supply_owner_credit_code, decision.supply_item_code,
                                     decision.supply_identity_key))
        if supply is not None:
            if supply.id in attached:
                continue
            attached.add(supply.id)
        elif decision.demand_item_id is None:
            continue  # an old decision whose supplier is gone as well: nothing left to show for this row
        resolved.append(ResolvedDecision(decision, supply))
    return resolved


def rejected_supply_item_ids(db_session: Session, demand_item_id: int) -> set[int]:
    """Supply items rejected for this demand item — not to be suggested for it again. Unknown ids give an empty
    set. Meant for the suggestion endpoints: ``exclude_supply_item_ids=rejected_supply_item_ids(...)``."""
    demand = db_session.get(DemandItem, demand_item_id)
    if demand is None:
        return set()
    return {
        r.supply_item.id for r in resolved_decisions(db_session, demand)
        if r.supply_item is not None and r.decision.status is DecisionStatus.REJECTED
    }


def list_decisions(*, db_session: Session, principal: Principal, demand_item_id: int) -> list[DecisionRead]:
    """The current decision per supplier on a demand item the principal may read (SMEs: their own suppliers)."""
    demand = DEMAND_ITEMS.get(db_session=db_session, principal=principal, item_id=demand_item_id)
    scope = access.decision_supplier_scope(principal)
    details = access.sees_decision_details(principal)
    return [
        present(r, demand_item_id=access.shown_demand_id(principal, demand), details=details)
        for r in resolved_decisions(db_session, demand)
        if scope is None or (r.supply_item is not None and r.supply_item.enterprise_id == scope)
    ]


def decision_history(*, db_session: Session, principal: Principal, demand_item_id: int) -> list[DecisionEventRead]:
    """The audit trail of a demand item's decisions, oldest first (SMEs: their own suppliers, without reasons or
    who decided)."""
    demand = DEMAND_ITEMS.get(db_session=db_session, principal=principal, item_id=demand_item_id)
    scope = access.decision_supplier_scope(principal)
    details = access.sees_decision_details(principal)
    resolved = {r.decision.id: r for r in resolved_decisions(db_session, demand)
                if scope is None or (r.supply_item is not None and r.supply_item.enterprise_id == scope)}
    if not resolved:
        return []
    events = db_session.scalars(
        select(DecisionEvent).where(DecisionEvent.decision_id.in_(resolved)).order_by(DecisionEvent.id))
    out = []
    for event in events:
        supply = resolved[event.decision_id].supply_item
        out.append(DecisionEventRead(
            id=event.id, decision_id=event.decision_id,
            supply_item_id=supply.id if supply is not None else None,
            supply_product_name=supply.product_name if supply is not None else None,
            from_status=event.from_status, from_label=event.from_status.label if event.from_status else None,
            to_status=event.to_status, to_label=event.to_status.label,
            reason=event.reason if details else None,
            api_key_id=event.api_key_id if details else None,
            actor_role=event.actor_role if details else None,
            created_at=event.created_at,
        ))
    return out


def present(resolved: ResolvedDecision, *, demand_item_id: int, details: bool) -> DecisionRead:
    decision, supply = resolved.decision, resolved.supply_item
    return DecisionRead(
        id=decision.id,
        demand_item_id=demand_item_id,
        supply_item_id=supply.id if supply is not None else None,
        supply_enterprise_id=supply.enterprise_id if supply is not None else None,
        supply_enterprise_name=supply.enterprise.name if supply is not None else None,
        supply_product_name=supply.product_name if supply is not None else None,
        status=decision.status,
        status_label=decision.status.label,
        reason=decision.reason if details else None,
        decided_by_key_id=decision.decided_by_key_id if details else None,
        decided_by_role=decision.decided_by_role if details else None,
        created_at=decision.created_at,
        updated_at=decision.updated_at,
    )


# ── writing ─────────────────────────────────────────────────────────────────────────────────────────────────


def record_decisions(
    *, db_session: Session, principal: Principal, demand_item_id: int, decisions: Sequence[DecisionCreate],
    bulk: bool,
) -> list[DecisionRead]:
    """Record one decision or several (``bulk``: all or none). A rejection needs a reason; each change adds a
    line to the audit trail, and repeating the current status with the same reason changes nothing."""
    demand = DEMAND_ITEMS.get(db_session=db_session, principal=principal, item_id=demand_item_id)
    access.ensure_can_decide(principal, demand)
    _validate(db_session, principal, decisions, bulk=bulk)
    supplies = {row.id: row for row in db_session.scalars(
        select(SupplyItem).where(SupplyItem.id.in_({d.supply_item_id for d in decisions})))}
    relink_orphans(db_session, demand=demand)
    current = {r.supply_item.id: r for r in resolved_decisions(db_session, demand) if r.supply_item is not None}
    by_supplier: dict[int, ResolvedDecision] = {}
    for i, request in enumerate(decisions):
        supply = supplies[request.supply_item_id]
        existing = current.get(supply.id)
        if existing is None:
            decision = MatchDecision(demand_item_id=demand.id, supply_item_id=supply.id, status=request.status)
            _remember_identities(decision, demand, supply)
            db_session.add(decision)
            _change(db_session, decision, principal, None, request)
            tell_decision(db_session, demand=demand, supply=supply, status=request.status)
            existing = ResolvedDecision(decision, supply)
            current[supply.id] = existing
        else:
            decision = existing.decision
            moved = decision.status is not request.status
            if moved or (decision.reason or None) != request.reason:
                _change(db_session, decision, principal, decision.status, request)
            if moved:
                tell_decision(db_session, demand=demand, supply=supply, status=request.status)
            _remember_identities(decision, demand, supply)
        by_supplier[supply.id] = existing
        if request.equivalent:
            substitution.learn_from_decision(db_session, principal, demand, supply,
                                             field_name=f"{i}.equivalent" if bulk else "equivalent")
    db_session.flush()
    details = access.sees_decision_details(principal)
    return [present(r, demand_item_id=access.shown_demand_id(principal, demand), details=details) for r in by_supplier.values()]


def _change(
    db_session: Session, decision: MatchDecision, principal: Principal, from_status: DecisionStatus | None,
    request: DecisionCreate,
) -> None:
    decision.status = request.status
    decision.reason = request.reason
    decision.decided_by_key_id = principal.key_id
    decision.decided_by_role = principal.role
    db_session.add(DecisionEvent(
        decision=decision, from_status=from_status, to_status=request.status, reason=request.reason,
        api_key_id=principal.key_id, actor_role=principal.role, actor_enterprise_id=principal.enterprise_id,
    ))


def _validate(db_session: Session, principal: Principal, decisions: Sequence[DecisionCreate], *, bulk: bool) -> None:
    def where(i: int, field: str) -> str:
        return f"{i}.{field}" if bulk else field

    if bulk and not decisions:
        raise ValidationFailed(detail=[field_error("body", "至少需要一项决策 (at least one decision)")])
    if len(decisions) > MAX_DECISIONS_PER_REQUEST:
        raise ValidationFailed(detail=[field_error(
            "body", f"一次最多 {MAX_DECISIONS_PER_REQUEST} 项 (at most {MAX_DECISIONS_PER_REQUEST} decisions)")])
    errors = []
    seen: dict[int, int] = {}
    for i, request in enumerate(decisions):
        if request.status is DecisionStatus.REJECTED and not request.reason:
            errors.append(field_error(where(i, "reason"), "拒绝时必须填写理由 (a rejection needs a reason)"))
        if request.status is DecisionStatus.REJECTED and request.equivalent:
            errors.append(field_error(where(i, "equivalent"), "拒绝的供给不能确认为同等替代 (a rejection is no equivalence)"))
        if request.supply_item_id in seen:
            errors.append(field_error(where(i, "supply_item_id"),
                                      f"与第 {seen[request.supply_item_id]} 项重复 (duplicate supplier)",
                                      request.supply_item_id))
        seen.setdefault(request.supply_item_id, i)
    readable = set(db_session.scalars(
        select(SupplyItem.id).join(SupplyItem.enterprise)
        .where(SupplyItem.id.in_(seen), access.supply_filter(principal))))
    for i, request in enumerate(decisions):
        if request.supply_item_id not in readable and seen.get(request.supply_item_id) == i:
            errors.append(field_error(where(i, "supply_item_id"), "供给条目不存在或无权查看 (no such supply item)",
                                      request.supply_item_id))
    if errors:
        raise ValidationFailed(detail=errors)


def decisions_by_demand(db_session: Session, demand_item_ids: Iterable[int]) -> dict[int, list[MatchDecision]]:
    """Attached decisions grouped by demand item (after :func:`relink_orphans`, for batch jobs)."""
    grouped: dict[int, list[MatchDecision]] = defaultdict(list)
    ids = list(demand_item_ids)
    for start in range(0, len(ids), 500):
        for decision in db_session.scalars(select(MatchDecision).where(
                MatchDecision.demand_item_id.in_(ids[start:start + 500]),
                MatchDecision.supply_item_id.is_not(None))):
            grouped[decision.demand_item_id].append(decision)  # type: ignore[index]
    return grouped


def rejected_by_demand(db_session: Session, demand_items: Sequence[DemandItem]) -> dict[int, set[int]]:
    """:func:`rejected_supply_item_ids` for many demand items at once (keyed by demand item id): one query for
    attached decisions, and the identity look-up only for items that have orphaned decisions to consider."""
    ids = [item.id for item in demand_items]
    rejected: dict[int, set[int]] = {item_id: set() for item_id in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for demand_id, supply_id in db_session.execute(select(
                MatchDecision.demand_item_id, MatchDecision.supply_item_id).where(
                MatchDecision.demand_item_id.in_(chunk), MatchDecision.supply_item_id.is_not(None),
                MatchDecision.status == DecisionStatus.REJECTED)):
            rejected[demand_id].add(supply_id)
    owners = {item.enterprise.credit_code for item in demand_items}
    orphaned = set(db_session.scalars(select(MatchDecision.demand_owner_credit_code).where(
        or_(MatchDecision.demand_item_id.is_(None), MatchDecision.supply_item_id.is_(None)),
        MatchDecision.demand_owner_credit_code.in_(owners)).distinct())) if owners else set()
    for item in demand_items:
        if item.enterprise.credit_code in orphaned:
            rejected[item.id] = {r.supply_item.id for r in resolved_decisions(db_session, item)
                                 if r.supply_item is not None and r.decision.status is DecisionStatus.REJECTED}
    return rejected


def rejected_for_enterprise(db_session: Session, enterprise_id: int) -> dict[int, set[int]]:
    """Rejected suppliers of each open demand item of a chain leader (for its all-items suggestions)."""
    items = db_session.scalars(select(DemandItem).where(
        DemandItem.enterprise_id == enterprise_id, DemandItem.is_open)).all()
    return rejected_by_demand(db_session, items)
