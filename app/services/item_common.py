"""What demand items and supply items share: identity look-up, list filters, free-text search."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import Session

from app.core.errors import Conflict, ValidationFailed, field_error
from app.models import DemandItem, Enterprise, IndustryChain, ItemCategory, Qualification, QualificationKind, SupplyItem
from app.services.chains import resolve_chain
from app.services.listing import contains, like_pattern
from app.services.lookups import ItemIndex
from matching.normalize import normalize_part_number, normalize_text

Item = DemandItem | SupplyItem


@dataclass(frozen=True)
class ItemFilters:
    category: ItemCategory | None = None
    chain: str | None = None
    district: str | None = None
    qualification: QualificationKind | None = None
    status: str | None = None
    owner: int | None = None
    q: str | None = None


def find_existing(
    db_session: Session, model: type[Item], *, owner_id: int, item_code: str | None, identity_key: str,
    index: ItemIndex | None,
) -> Item | None:
    """The owner's item this write refers to: by explicit item code, else by identity key.

    An item code that is new still matches an uncoded item with the same identity (a sheet that gains a
    code column updates its earlier rows instead of duplicating them).
    """
    if index is not None:
        by_code = index.by_code.get(item_code) if item_code else None
        by_identity = index.by_identity.get(identity_key)
    else:
        with db_session.no_autoflush:
            conditions = [model.identity_key == identity_key]
            if item_code:
                conditions.append(model.item_code == item_code)
            found = list(db_session.scalars(
                select(model).where(model.enterprise_id == owner_id, or_(*conditions))).unique())
        by_code = next((i for i in found if item_code and i.item_code == item_code), None)
        by_identity = next((i for i in found if i.identity_key == identity_key), None)
    if by_code is not None:
        return by_code
    if by_identity is not None and (not item_code or not by_identity.item_code):
        return by_identity
    if by_identity is not None:
        raise identity_conflict(by_identity)
    return None


def ensure_identity_free(
    db_session: Session, model: type[Item], item: Item, *, identity_key: str, item_code: str | None,
    index: ItemIndex | None,
) -> None:
    """Before ``item`` takes this identity (and code): no other item of the same owner may hold them."""
    if index is not None:
        clashes = [index.by_identity.get(identity_key), index.by_code.get(item_code) if item_code else None]
    else:
        conditions = [model.identity_key == identity_key]
        if item_code:
            conditions.append(model.item_code == item_code)
        with db_session.no_autoflush:
            clashes = list(db_session.scalars(
                select(model).where(model.enterprise_id == item.enterprise_id, or_(*conditions))).unique())
    for other in clashes:
        if other is not None and other is not item:
            raise identity_conflict(other, by_code=bool(item_code and other.item_code == item_code))


def identity_conflict(other: Item, *, by_code: bool = False) -> Conflict:
    if by_code:
        return Conflict(
            f"本企业已有编码为「{other.item_code}」的条目（编号 {other.id}） (item code already used)",
            detail=[field_error("item_code", f"已被条目 {other.id} 使用 (already used)", other.item_code)],
        )
    return Conflict(
        f"本企业已有名称和型号相同的条目「{other.product_name}」（编号 {other.id}） (same product name and part numbers)",
        detail=[field_error("product_name", f"与条目 {other.id} 的名称和型号相同 (duplicate item)", other.product_name),
                field_error("part_numbers", "名称和型号共同确定一个条目 (name and part numbers identify an item)")],
    )


def apply_filters(
    db_session: Session, statement: Select, model: type[Item], filters: ItemFilters, *,
    owner_condition, chain_index: dict[str, IndustryChain] | None = None,
) -> Select:
    """Filters on the item and on its owner. ``owner_condition`` wraps every owner-based condition (access rules
    decide whether the owner may be looked at)."""
    if filters.category is not None:
        statement = statement.where(model.category == filters.category)
    if filters.status is not None:
        statement = statement.where(model.status == filters.status)
    if filters.chain:
        chain = resolve_chain(db_session=db_session, ref=filters.chain, index=chain_index)
        statement = statement.where(model.chain_id == chain.id)
    if filters.owner is not None:
        statement = statement.where(owner_condition(model.enterprise_id == filters.owner))
    if filters.district:
        statement = statement.where(owner_condition(Enterprise.district == filters.district))
    if filters.qualification is not None:
        statement = statement.where(owner_condition(exists().where(
            Qualification.enterprise_id == Enterprise.id, Qualification.kind == filters.qualification)))
    if filters.q:
        statement = statement.where(text_match(model, filters.q, owner_condition=owner_condition))
    return statement


def text_match(model: type[Item], q: str, *, owner_condition) -> ColumnElement[bool]:
    """Free text over product name, specification/description, part numbers and the owner's name.

    Names and part numbers are also compared in their normalised form (the identity key), so ``ＩＧＢＴ``,
    ``igbt`` and ``FF450R12-ME4`` find ``IGBT模块 FF450R12ME4``.
    """
    details = model.specification if model is DemandItem else model.description
    conditions = [contains(model.product_name, q), contains(details, q)]
    identity = func.lower(model.identity_key)
    for folded in {normalize_text(q).replace(" ", ""), normalize_part_number(q).lower()}:
        if folded:
            conditions.append(identity.like(like_pattern(folded), escape="\\"))
    conditions.append(owner_condition(contains(Enterprise.name, q)))
    return or_(*conditions)


def chain_for(db_session: Session, ref: str | None, index: dict[str, IndustryChain] | None) -> IndustryChain | None:
    return resolve_chain(db_session=db_session, ref=ref, index=index)


def owner_enterprise(db_session: Session, enterprise_id: int) -> Enterprise:
    enterprise = db_session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise ValidationFailed(detail=[field_error("enterprise_id", f"企业 {enterprise_id} 不存在 (no such enterprise)")])
    return enterprise


def assign(item: Item, values: dict) -> None:
    """Set only the attributes whose value changes: unchanged rows of a re-upload cost no UPDATE and little ORM
    bookkeeping, which matters for a 50,000-row import."""
    loaded = item.__dict__
    for name, value in values.items():
        if name not in loaded or loaded[name] != value:
            setattr(item, name, value)


def assign_chain(item: Item, chain: IndustryChain | None) -> None:
    chain_id = chain.id if chain is not None else None
    assign(item, {"chain_id": chain_id})
    if "chain" in item.__dict__ and item.__dict__["chain"] is not chain:
        item.chain = chain  # keep an already loaded relationship in step with the column


def required_on_update(changes: dict, names: tuple[str, ...]) -> None:
    for name in names:
        if name in changes and changes[name] is None:
            raise ValidationFailed(detail=[field_error(name, "不能为空 (required)")])
