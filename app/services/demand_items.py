"""Demand items (大企业产品需求清单): create, read, update, delete, list, and the import's upsert."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from app.core.errors import ValidationFailed, field_error
from app.models import DemandItem, Enterprise
from app.schemas.chains import IndustryChainBrief
from app.schemas.items import ANONYMOUS_LEADER_NAME, DemandItemCreate, DemandItemRead, DemandItemUpdate
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
from app.services.lookups import Lookups

SORTABLE = {
    "id": DemandItem.id,
    "created_at": DemandItem.created_at,
    "updated_at": DemandItem.updated_at,
    "product_name": DemandItem.product_name,
    "category": DemandItem.category,
    "status": DemandItem.status,
    "valid_until": DemandItem.valid_until,
    "annual_quantity": DemandItem.quantity_per_year,
    "quantity_per_year": DemandItem.quantity_per_year,
}
# Fields copied as they are from the request onto the row.
_PLAIN_FIELDS = ("item_code", "category", "product_name", "specification", "part_numbers", "price_min",
                 "price_max", "price_unit", "certifications", "preferred_region", "valid_until", "status",
                 "confidential")


def _visible(principal: Principal):
    return (
        select(DemandItem)
        .join(DemandItem.enterprise)
        .options(contains_eager(DemandItem.enterprise))
        .where(access.demand_filter(principal))
    )


def list_demand_items(
    *, db_session: Session, principal: Principal, filters: ItemFilters, page: PageRequest, sort: str | None
) -> tuple[list[DemandItem], int]:
    statement = apply_filters(
        db_session, _visible(principal), DemandItem, filters,
        owner_condition=lambda condition: access.demand_owner_condition(principal, condition),
    )
    order = order_by(sort, SORTABLE, default="-created_at", tiebreak=DemandItem.id)
    return fetch_page(db_session, statement, page=page, order=order)


def get_demand_item(*, db_session: Session, principal: Principal, item_id: int) -> DemandItem:
    item = db_session.scalar(_visible(principal).where(DemandItem.id == item_id))
    if item is None:
        raise access.not_found("需求条目", item_id)
    return item


def create_demand_item(*, db_session: Session, principal: Principal, data: DemandItemCreate) -> DemandItem:
    owner = owner_enterprise(db_session, access.owner_for_new_demand(principal, data.enterprise_id))
    identity = item_identity_key(data.product_name, data.part_numbers)
    existing = find_existing(db_session, DemandItem, owner_id=owner.id, item_code=data.item_code,
                             identity_key=identity, index=None)
    if existing is not None:
        raise identity_conflict(existing, by_code=bool(data.item_code and existing.item_code == data.item_code))
    item = DemandItem(enterprise_id=owner.id, identity_key=identity)
    _apply(db_session, item, data.model_dump(exclude={"enterprise_id"}), chain_index=None)
    db_session.add(item)
    db_session.flush()
    return item


def update_demand_item(
    *, db_session: Session, principal: Principal, item_id: int, data: DemandItemUpdate
) -> DemandItem:
    item = get_demand_item(db_session=db_session, principal=principal, item_id=item_id)
    access.ensure_can_write_demand(principal, item)
    changes = data.model_dump(exclude_unset=True)
    required_on_update(changes, ("category", "product_name", "status", "confidential", "part_numbers",
                                 "certifications"))
    if {"product_name", "part_numbers", "item_code"} & changes.keys():
        identity = item_identity_key(changes.get("product_name", item.product_name),
                                     changes.get("part_numbers", item.part_numbers))
        ensure_identity_free(db_session, DemandItem, item, identity_key=identity,
                             item_code=changes.get("item_code", item.item_code), index=None)
        item.identity_key = identity
    _apply(db_session, item, changes, chain_index=None)
    db_session.flush()
    return item


def delete_demand_item(*, db_session: Session, principal: Principal, item_id: int) -> None:
    item = get_demand_item(db_session=db_session, principal=principal, item_id=item_id)
    access.ensure_can_write_demand(principal, item)
    db_session.delete(item)
    db_session.flush()


def upsert_demand_item(
    *, db_session: Session, owner: Enterprise, data: DemandItemCreate, lookups: Lookups | None = None,
    flush: bool = True,
) -> tuple[DemandItem, bool]:
    """Create or update ``owner``'s item identified by ``data.item_code``, else by name + part numbers.

    A re-upload updates the row in place: its content is replaced by the new row's, except that ``status``
    and ``confidential`` change only when the row sets them (a sheet without a 状态 column does not reopen a
    paused item). Pass one ``lookups`` for a whole import and ``flush=False`` to flush in batches.
    """
    identity = item_identity_key(data.product_name, data.part_numbers)
    index = lookups.demand_items(db_session=db_session, owner_id=owner.id) if lookups is not None else None
    chain_index = lookups.chains(db_session=db_session) if lookups is not None else None
    item = find_existing(db_session, DemandItem, owner_id=owner.id, item_code=data.item_code,
                         identity_key=identity, index=index)
    created = item is None
    fields = data.model_dump(exclude={"enterprise_id"})
    if created:
        item = DemandItem(enterprise_id=owner.id, identity_key=identity)
    else:
        if not data.item_code:
            fields.pop("item_code")  # keep a code given earlier
        for name in ("status", "confidential"):
            if name not in data.model_fields_set:
                fields.pop(name)
        ensure_identity_free(db_session, DemandItem, item, identity_key=identity,
                             item_code=fields.get("item_code", item.item_code), index=index)
        if index is not None:
            index.discard(item)
        assign(item, {"identity_key": identity})
    _apply(db_session, item, fields, chain_index=chain_index)
    if created:
        db_session.add(item)
    if index is not None:
        index.add(item)
    if flush:
        db_session.flush()
    return item, created


def present(item: DemandItem, principal: Principal) -> DemandItemRead:
    """The response for this principal: a confidential item read by an SME carries nothing of its leader."""
    hidden = access.hides_owner(principal, item)
    return DemandItemRead(
        id=item.id,
        enterprise_id=None if hidden else item.enterprise_id,
        enterprise_name=ANONYMOUS_LEADER_NAME if hidden else item.enterprise.name,
        district=None if hidden else item.enterprise.district,
        item_code=None if hidden else item.item_code,
        category=item.category,
        product_name=item.product_name,
        specification=item.specification,
        part_numbers=item.part_numbers or [],
        annual_quantity=item.annual_quantity,
        quantity_unit=item.quantity_unit,
        quantity_per_year=item.quantity_per_year,
        quantity_dimension=item.quantity_dimension,
        price_min=item.price_min,
        price_max=item.price_max,
        price_unit=item.price_unit,
        certifications=item.certifications or [],
        preferred_region=item.preferred_region,
        chain=IndustryChainBrief.model_validate(item.chain) if item.chain is not None else None,
        valid_until=item.valid_until,
        status=item.status,
        confidential=item.confidential,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def _apply(db_session: Session, item: DemandItem, changes: dict[str, Any], *, chain_index) -> None:
    quantity_changed = {"annual_quantity", "quantity_unit"} & changes.keys()
    price_changed = {"price_min", "price_max"} & changes.keys()
    assign(item, {name: changes[name] for name in _PLAIN_FIELDS if name in changes})
    if "chain" in changes:
        assign_chain(item, chain_for(db_session, changes["chain"], chain_index))
    if quantity_changed:
        _set_quantity(item, changes.get("annual_quantity", item.annual_quantity),
                      changes.get("quantity_unit", item.quantity_unit))
    if price_changed and item.price_min is not None and item.price_max is not None and item.price_min > item.price_max:
        raise ValidationFailed(detail=[field_error(
            "price_max", f"最高价{item.price_max:g}低于最低价{item.price_min:g} (price_max is below price_min)")])


def _set_quantity(item: DemandItem, amount: float | None, unit_text: str | None) -> None:
    if amount is None:
        assign(item, {"annual_quantity": None, "quantity_unit": unit_text, "quantity_per_year": None,
                      "quantity_dimension": None})
        return
    if not unit_text:
        raise ValidationFailed(detail=[field_error(
            "quantity_unit", "填写了年需求量时必须填写计量单位 (a unit is required with annual_quantity)")])
    try:
        quantity = units.quantity_from_parts(amount, unit_text)
    except ValueError as exc:
        raise ValidationFailed(detail=[field_error("quantity_unit", str(exc), unit_text)]) from None
    assign(item, {"annual_quantity": quantity.amount, "quantity_unit": quantity.unit_label,
                  "quantity_per_year": quantity.per_year, "quantity_dimension": quantity.dimension})
