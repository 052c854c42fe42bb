"""Supply items (中小企业产品供给清单): create, read, update, delete, list, and the import's upsert."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, contains_eager

from app.core.errors import ValidationFailed, field_error
from app.models import Enterprise, IntendedCustomer, SupplyItem
from app.schemas.chains import IndustryChainBrief
from app.schemas.items import IntendedCustomerRead, SupplyItemCreate, SupplyItemRead, SupplyItemUpdate
from app.services import access, units
from app.services.auth import Principal
from app.services.identity import item_identity_key
from app.services.item_common import (
    ItemFilters,
    apply_filters,
    assign,
    assign_chain,
    chain_for,
    ensure_identity_free,
    find_existing,
    identity_conflict,
    owner_enterprise,
    required_on_update,
)
from app.services.listing import PageRequest, fetch_page, order_by
from app.services.lookups import LeaderNames, Lookups, load_leader_names

SORTABLE = {
    "id": SupplyItem.id,
    "created_at": SupplyItem.created_at,
    "updated_at": SupplyItem.updated_at,
    "product_name": SupplyItem.product_name,
    "category": SupplyItem.category,
    "status": SupplyItem.status,
    "capacity": SupplyItem.capacity_per_year,
    "capacity_per_year": SupplyItem.capacity_per_year,
}
_PLAIN_FIELDS = ("item_code", "category", "product_name", "description", "part_numbers", "certifications",
                 "status")


def _visible(principal: Principal):
    return (
        select(SupplyItem)
        .join(SupplyItem.enterprise)
        .options(contains_eager(SupplyItem.enterprise))
        .where(access.supply_filter(principal))
    )


def _any_owner(condition):
    return condition


def list_supply_items(
    *, db_session: Session, principal: Principal, filters: ItemFilters, page: PageRequest, sort: str | None
) -> tuple[list[SupplyItem], int]:
    # The visibility filter already limits rows to items whose owner the principal may see.
    statement = apply_filters(db_session, _visible(principal), SupplyItem, filters, owner_condition=_any_owner)
    order = order_by(sort, SORTABLE, default="-created_at", tiebreak=SupplyItem.id)
    return fetch_page(db_session, statement, page=page, order=order)


def get_supply_item(*, db_session: Session, principal: Principal, item_id: int) -> SupplyItem:
    item = db_session.scalar(_visible(principal).where(SupplyItem.id == item_id))
    if item is None:
        raise access.not_found("供给条目", item_id)
    return item


def create_supply_item(*, db_session: Session, principal: Principal, data: SupplyItemCreate) -> SupplyItem:
    owner = owner_enterprise(db_session, access.owner_for_new_supply(principal, data.enterprise_id))
    identity = item_identity_key(data.product_name, data.part_numbers)
    existing = find_existing(db_session, SupplyItem, owner_id=owner.id, item_code=data.item_code,
                             identity_key=identity, index=None)
    if existing is not None:
        raise identity_conflict(existing, by_code=bool(data.item_code and existing.item_code == data.item_code))
    item = SupplyItem(enterprise_id=owner.id, identity_key=identity)
    _apply(db_session, item, data.model_dump(exclude={"enterprise_id"}), chain_index=None, leaders=None)
    db_session.add(item)
    db_session.flush()
    return item


def update_supply_item(
    *, db_session: Session, principal: Principal, item_id: int, data: SupplyItemUpdate
) -> SupplyItem:
    item = get_supply_item(db_session=db_session, principal=principal, item_id=item_id)
    access.ensure_can_write_supply(principal, item)
    changes = data.model_dump(exclude_unset=True)
    required_on_update(changes, ("category", "product_name", "status", "part_numbers", "certifications",
                                 "intended_customers"))
    if {"product_name", "part_numbers", "item_code"} & changes.keys():
        identity = item_identity_key(changes.get("product_name", item.product_name),
                                     changes.get("part_numbers", item.part_numbers))
        ensure_identity_free(db_session, SupplyItem, item, identity_key=identity,
                             item_code=changes.get("item_code", item.item_code), index=None)
        item.identity_key = identity
    _apply(db_session, item, changes, chain_index=None, leaders=None)
    db_session.flush()
    return item


def delete_supply_item(*, db_session: Session, principal: Principal, item_id: int) -> None:
    item = get_supply_item(db_session=db_session, principal=principal, item_id=item_id)
    access.ensure_can_write_supply(principal, item)
    db_session.delete(item)
    db_session.flush()


def upsert_supply_item(
    *, db_session: Session, owner: Enterprise, data: SupplyItemCreate, lookups: Lookups | None = None,
    flush: bool = True,
) -> tuple[SupplyItem, bool]:
    """Create or update ``owner``'s item identified by ``data.item_code``, else by name + part numbers.

    The row's content replaces the stored one, except ``status``, which changes only when the row sets it.
    Intended customers (拟配套对象) are linked to chain-leader enterprises whose name matches once legal-form
    suffixes are removed. Pass one ``lookups`` for a whole import and ``flush=False`` to flush in batches.
    """
    identity = item_identity_key(data.product_name, data.part_numbers)
    index = lookups.supply_items(db_session=db_session, owner_id=owner.id) if lookups is not None else None
    chain_index = lookups.chains(db_session=db_session) if lookups is not None else None
    leaders = lookups.leaders(db_session=db_session) if lookups is not None else None
    item = find_existing(db_session, SupplyItem, owner_id=owner.id, item_code=data.item_code,
                         identity_key=identity, index=index)
    created = item is None
    fields = data.model_dump(exclude={"enterprise_id"})
    if created:
        item = SupplyItem(enterprise_id=owner.id, identity_key=identity)
    else:
        if not data.item_code:
            fields.pop("item_code")
        if "status" not in data.model_fields_set:
            fields.pop("status")
        ensure_identity_free(db_session, SupplyItem, item, identity_key=identity,
                             item_code=fields.get("item_code", item.item_code), index=index)
        if index is not None:
            index.discard(item)
        assign(item, {"identity_key": identity})
    _apply(db_session, item, fields, chain_index=chain_index, leaders=leaders)
    if created:
        db_session.add(item)  # after it is filled in: one cascade over the finished object
    if index is not None:
        index.add(item)
    if flush:
        db_session.flush()
    return item, created


def present(item: SupplyItem, principal: Principal) -> SupplyItemRead:
    return SupplyItemRead(
        id=item.id,
        enterprise_id=item.enterprise_id,
        enterprise_name=item.enterprise.name,
        district=item.enterprise.district,
        item_code=item.item_code,
        category=item.category,
        product_name=item.product_name,
        description=item.description,
        part_numbers=item.part_numbers or [],
        capacity=item.capacity_text,
        capacity_amount=item.capacity_amount,
        capacity_unit=item.capacity_unit,
        capacity_period=item.capacity_period,
        capacity_per_year=item.capacity_per_year,
        capacity_dimension=item.capacity_dimension,
        certifications=item.certifications or [],
        intended_customers=[IntendedCustomerRead(name=c.name, enterprise_id=c.enterprise_id)
                            for c in item.intended_customers],
        chain=IndustryChainBrief.model_validate(item.chain) if item.chain is not None else None,
        status=item.status,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def _apply(db_session: Session, item: SupplyItem, changes: dict[str, Any], *, chain_index,
           leaders: LeaderNames | None) -> None:
    assign(item, {name: changes[name] for name in _PLAIN_FIELDS if name in changes})
    if "chain" in changes:
        assign_chain(item, chain_for(db_session, changes["chain"], chain_index))
    if "capacity" in changes:
        _set_capacity(item, changes["capacity"])
    if "intended_customers" in changes:
        names = changes["intended_customers"] or []
        if names and leaders is None:
            leaders = load_leader_names(db_session=db_session)
        wanted = [(name, leaders.resolve(name) if leaders else None) for name in names]
        stored = item.intended_customers if inspect(item).has_identity else []
        current = [(c.name, c.enterprise_id) for c in stored]
        if wanted != current:
            item.intended_customers = [
                IntendedCustomer(position=position, name=name, enterprise_id=enterprise_id)
                for position, (name, enterprise_id) in enumerate(wanted)
            ]


def _set_capacity(item: SupplyItem, text: str | None) -> None:
    if text is None:
        assign(item, dict.fromkeys(("capacity_text", "capacity_amount", "capacity_unit", "capacity_period",
                                    "capacity_per_year", "capacity_dimension")))
        return
    try:
        capacity = units.parse_capacity(text)
    except ValueError as exc:
        raise ValidationFailed(detail=[field_error("capacity", str(exc), text)]) from None
    assign(item, {
        "capacity_text": text, "capacity_amount": capacity.amount, "capacity_unit": capacity.unit,
        "capacity_period": capacity.period, "capacity_per_year": capacity.per_year,
        "capacity_dimension": capacity.dimension,
    })
