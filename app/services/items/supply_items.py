"""Supply items (中小企业产品供给清单): create, read, update, delete, list, and the import's upsert."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, inspect
from sqlalchemy.orm import Session, object_session

from app.core.errors import ValidationFailed, field_error
from app.domain import units
from app.models import IntendedCustomer, SupplyItem
from app.schemas.chains import IndustryChainBrief
from app.schemas.items import IntendedCustomerRead, SupplyItemCreate, SupplyItemRead, SupplyItemUpdate
from app.services import access
from app.services.auth import Principal
from app.services.items.common import ItemService, assign
from app.services.items.lookups import ItemIndex, Lookups, load_leader_names

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


class SupplyItems(ItemService[SupplyItem, SupplyItemCreate, SupplyItemUpdate]):
    model = SupplyItem
    label = "供给条目"
    sortable = SORTABLE
    plain_fields = _PLAIN_FIELDS
    required_on_update = ("category", "product_name", "status", "part_numbers", "certifications",
                          "intended_customers")
    kept_on_reupload = ("status",)

    visible_filter = staticmethod(access.supply_filter)
    owner_for_new = staticmethod(access.owner_for_new_supply)
    ensure_can_write = staticmethod(access.ensure_can_write_supply)

    def owner_condition(self, principal: Principal, condition: ColumnElement[bool]) -> ColumnElement[bool]:
        return condition  # the visibility filter already limits rows to items whose owner the principal may see

    def owner_index(self, lookups: Lookups, db_session: Session, owner_id: int) -> ItemIndex[SupplyItem]:
        return lookups.supply_items(db_session=db_session, owner_id=owner_id)

    def _apply_own(self, db_session: Session, item: SupplyItem, changes: dict[str, Any],
                   lookups: Lookups | None) -> None:
        if "capacity" in changes:
            _set_capacity(item, changes["capacity"])
        if "intended_customers" in changes:
            # 拟配套对象 are linked to chain leaders whose name matches once legal-form suffixes are removed.
            names = changes["intended_customers"] or []
            leaders = lookups.leaders(db_session=db_session) if lookups is not None else None
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


SUPPLY_ITEMS = SupplyItems()


def present(item: SupplyItem, principal: Principal) -> SupplyItemRead:
    customers = item.intended_customers
    session = object_session(item)
    readable = (access.readable_enterprise_ids(session, principal, (c.enterprise_id for c in customers))
                if session is not None else set())
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
        intended_customers=[IntendedCustomerRead(name=c.name, enterprise_id=c.enterprise_id
                                                 if c.enterprise_id in readable else None)
                            for c in customers],
        chain=IndustryChainBrief.model_validate(item.chain) if item.chain is not None else None,
        status=item.status,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


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
