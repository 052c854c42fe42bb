"""Demand items (大企业产品需求清单): create, read, update, delete, list, and the import's upsert."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from app.core.errors import ValidationFailed, field_error
from app.domain import units
from app.models import DemandItem
from app.schemas.chains import IndustryChainBrief
from app.schemas.items import ANONYMOUS_LEADER_NAME, DemandItemCreate, DemandItemRead, DemandItemUpdate
from app.services import access
from app.services.auth import Principal
from app.services.items.common import ItemService, assign
from app.services.items.lookups import ItemIndex, Lookups

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


class DemandItems(ItemService[DemandItem, DemandItemCreate, DemandItemUpdate]):
    model = DemandItem
    label = "需求条目"
    sortable = SORTABLE
    plain_fields = _PLAIN_FIELDS
    required_on_update = ("category", "product_name", "status", "confidential", "part_numbers", "certifications")
    kept_on_reupload = ("status", "confidential")

    visible_filter = staticmethod(access.demand_filter)
    owner_condition = staticmethod(access.demand_owner_condition)
    owner_for_new = staticmethod(access.owner_for_new_demand)
    ensure_can_write = staticmethod(access.ensure_can_write_demand)

    def _sort_columns(self, principal: Principal) -> tuple[dict[str, Any], Any]:
        # id and time orders would interleave a confidential item with its leader's public ones (access.py)
        shown_id = access.demand_id_column(principal)
        return {**SORTABLE, "id": shown_id,
                "created_at": access.demand_time_column(principal, DemandItem.created_at),
                "updated_at": access.demand_time_column(principal, DemandItem.updated_at)}, shown_id

    def _id_condition(self, principal: Principal, item_id: int) -> ColumnElement[bool]:
        return access.demand_id_condition(principal, item_id)

    def owner_index(self, lookups: Lookups, db_session: Session, owner_id: int) -> ItemIndex[DemandItem]:
        return lookups.demand_items(db_session=db_session, owner_id=owner_id)

    def _apply_own(self, db_session: Session, item: DemandItem, changes: dict[str, Any],
                   lookups: Lookups | None) -> None:
        if {"annual_quantity", "quantity_unit"} & changes.keys():
            _set_quantity(item, changes.get("annual_quantity", item.annual_quantity),
                          changes.get("quantity_unit", item.quantity_unit))
        if ({"price_min", "price_max"} & changes.keys() and item.price_min is not None and item.price_max is not None
                and item.price_min > item.price_max):
            raise ValidationFailed(detail=[field_error(
                "price_max", f"最高价{item.price_max:g}低于最低价{item.price_min:g} (price_max is below price_min)")])


DEMAND_ITEMS = DemandItems()


def present(item: DemandItem, principal: Principal) -> DemandItemRead:
    """The response for this principal: a confidential item read by an SME (or an organizer) carries nothing of
    its leader — its random public reference as ``id``, its times to the day."""
    hidden = access.hides_owner(principal, item)
    return DemandItemRead(
        id=access.shown_demand_id(principal, item),
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
        created_at=access.shown_demand_time(principal, item, item.created_at),
        updated_at=access.shown_demand_time(principal, item, item.updated_at),
    )


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
