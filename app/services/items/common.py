"""What demand items and supply items share: identity look-up, list filters, free-text search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, exists, func, or_, select, union
from sqlalchemy.orm import Session, contains_eager

from app.core.errors import Conflict, ValidationFailed, field_error
from app.domain.identity import item_identity_key
from app.models import DemandItem, Enterprise, IndustryChain, ItemCategory, Qualification, QualificationKind, SupplyItem
from app.services import access
from app.services.auth import Principal
from app.services.chains import resolve_chain
from app.services.items.lookups import ItemIndex, Lookups
from app.services.listing import PageRequest, contains, fetch_page, like_pattern, order_by
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
    # When set, ``q`` is looked for only in these rows (the matching index's candidates for it,
    # MatchingIndexes.text_candidates) and in the items of enterprises whose name contains it, instead of in every
    # row: the pages' searches over all of a role's items stay fast at 100k items.
    q_candidates: tuple[int, ...] | None = None


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
        if filters.q_candidates is not None:
            named = select(Enterprise.id).where(contains(Enterprise.name, filters.q))
            # One IN over a union, not an OR of two INs: SQLite then looks the rows up by id instead of
            # reading every row of the status index.
            among = union(select(model.id).where(model.id.in_(filters.q_candidates)),
                          select(model.id).where(model.enterprise_id.in_(named)))
            statement = statement.where(model.id.in_(among))
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


# ── one list's items: the flow both lists share, and the hooks where they differ ─────────────────────────────
ItemT = TypeVar("ItemT", DemandItem, SupplyItem)
CreateT = TypeVar("CreateT", bound=BaseModel)
UpdateT = TypeVar("UpdateT", bound=BaseModel)


class ItemService(Generic[ItemT, CreateT, UpdateT]):
    """Create, read, update, delete, list and the import's upsert of one list's items.

    The flow (visibility, identity, conflicts, access checks, flushing) is the same for both lists; a subclass
    names its model and its access rules (all kept in :mod:`app.services.access`) and applies its own fields in
    :meth:`_apply_own`.
    """

    model: type[ItemT]
    label: str  # 需求条目 / 供给条目, in "not found" answers
    sortable: dict[str, Any]
    plain_fields: tuple[str, ...]  # copied as they are from the request onto the row
    required_on_update: tuple[str, ...]  # may be left out of an update, not set to null
    # On a re-upload these change only when the row sets them: a sheet without a 状态 column reopens nothing.
    kept_on_reupload: tuple[str, ...]

    # -- what differs: the access rules (app.services.access owns them), and the kind's own fields ------------
    visible_filter: Callable[[Principal], ColumnElement[bool]]
    # Wraps list filters on the owner (district, qualification, name) in what the principal may look at.
    owner_condition: Callable[[Principal, ColumnElement[bool]], ColumnElement[bool]]
    owner_for_new: Callable[[Principal, int | None], int]
    ensure_can_write: Callable[[Principal, ItemT], None]

    def owner_index(self, lookups: Lookups, db_session: Session, owner_id: int) -> ItemIndex[ItemT]:
        raise NotImplementedError

    def _apply_own(self, db_session: Session, item: ItemT, changes: dict[str, Any], lookups: Lookups | None) -> None:
        """Set this list's own fields from ``changes`` (quantities, capacity, intended customers …)."""
        raise NotImplementedError

    # -- the shared flow ------------------------------------------------------------------------------------
    def _visible(self, principal: Principal) -> Select:
        return (
            select(self.model)
            .join(self.model.enterprise)
            .options(contains_eager(self.model.enterprise))
            .where(self.visible_filter(principal))
        )

    def _sort_columns(self, principal: Principal) -> tuple[dict[str, Any], Any]:
        """The sortable columns and the tiebreak (the id) as this principal may order by them."""
        return self.sortable, self.model.id

    def _id_condition(self, principal: Principal, item_id: int) -> ColumnElement[bool]:
        """The row the principal names ``item_id``."""
        return self.model.id == item_id

    def list(self, *, db_session: Session, principal: Principal, filters: ItemFilters, page: PageRequest,
             sort: str | None) -> tuple[list[ItemT], int]:
        statement = apply_filters(db_session, self._visible(principal), self.model, filters,
                                  owner_condition=lambda condition: self.owner_condition(principal, condition))
        columns, tiebreak = self._sort_columns(principal)
        order = order_by(sort, columns, default="-created_at", tiebreak=tiebreak)
        return fetch_page(db_session, statement, page=page, order=order)

    def get(self, *, db_session: Session, principal: Principal, item_id: int, for_update: bool = False) -> ItemT:
        """``for_update`` locks the row until the transaction ends: a check made on what was read (If-Match) then
        still holds when the write lands, since a concurrent writer waits and reads the row as it is after us."""
        statement = self._visible(principal).where(self._id_condition(principal, item_id))
        if for_update:
            statement = statement.with_for_update(of=self.model).execution_options(populate_existing=True)
        item = db_session.scalar(statement)
        if item is None:
            raise access.not_found(self.label, item_id)
        return item

    def create(self, *, db_session: Session, principal: Principal, data: CreateT) -> ItemT:
        owner = owner_enterprise(db_session, self.owner_for_new(principal, data.enterprise_id))
        identity = item_identity_key(data.product_name, data.part_numbers)
        existing = find_existing(db_session, self.model, owner_id=owner.id, item_code=data.item_code,
                                 identity_key=identity, index=None)
        if existing is not None:
            raise identity_conflict(existing, by_code=bool(data.item_code and existing.item_code == data.item_code))
        item = self.model(enterprise_id=owner.id, identity_key=identity)
        self._apply(db_session, item, data.model_dump(exclude={"enterprise_id"}), lookups=None)
        db_session.add(item)
        db_session.flush()
        return item

    def update(self, *, db_session: Session, principal: Principal, item_id: int, data: UpdateT) -> ItemT:
        item = self.get(db_session=db_session, principal=principal, item_id=item_id)
        self.ensure_can_write(principal, item)
        changes = data.model_dump(exclude_unset=True)
        required_on_update(changes, self.required_on_update)
        if {"product_name", "part_numbers", "item_code"} & changes.keys():
            identity = item_identity_key(changes.get("product_name", item.product_name),
                                         changes.get("part_numbers", item.part_numbers))
            ensure_identity_free(db_session, self.model, item, identity_key=identity,
                                 item_code=changes.get("item_code", item.item_code), index=None)
            item.identity_key = identity
        self._apply(db_session, item, changes, lookups=None)
        db_session.flush()
        return item

    def delete(self, *, db_session: Session, principal: Principal, item_id: int) -> None:
        item = self.get(db_session=db_session, principal=principal, item_id=item_id)
        self.ensure_can_write(principal, item)
        db_session.delete(item)
        db_session.flush()

    def upsert(self, *, db_session: Session, owner: Enterprise, data: CreateT, lookups: Lookups | None = None,
               flush: bool = True) -> tuple[ItemT, bool]:
        """Create or update ``owner``'s item identified by ``data.item_code``, else by name + part numbers.

        A re-upload updates the row in place: its content is replaced by the new row's, except the fields in
        ``kept_on_reupload``, which change only when the row sets them. Pass one ``lookups`` for a whole import
        and ``flush=False`` to flush in batches.
        """
        identity = item_identity_key(data.product_name, data.part_numbers)
        index = self.owner_index(lookups, db_session, owner.id) if lookups is not None else None
        item = find_existing(db_session, self.model, owner_id=owner.id, item_code=data.item_code,
                             identity_key=identity, index=index)
        created = item is None
        fields = data.model_dump(exclude={"enterprise_id"})
        if created:
            item = self.model(enterprise_id=owner.id, identity_key=identity)
        else:
            if not data.item_code:
                fields.pop("item_code")  # keep a code given earlier
            for name in self.kept_on_reupload:
                if name not in data.model_fields_set:
                    fields.pop(name)
            ensure_identity_free(db_session, self.model, item, identity_key=identity,
                                 item_code=fields.get("item_code", item.item_code), index=index)
            if index is not None:
                index.discard(item)
            assign(item, {"identity_key": identity})
        self._apply(db_session, item, fields, lookups=lookups)
        if created:
            db_session.add(item)  # after it is filled in: one cascade over the finished object
        if index is not None:
            index.add(item)
        if flush:
            db_session.flush()
        return item, created

    def _apply(self, db_session: Session, item: ItemT, changes: dict[str, Any], *, lookups: Lookups | None) -> None:
        assign(item, {name: changes[name] for name in self.plain_fields if name in changes})
        if "chain" in changes:
            chain_index = lookups.chains(db_session=db_session) if lookups is not None else None
            assign_chain(item, chain_for(db_session, changes["chain"], chain_index))
        self._apply_own(db_session, item, changes, lookups)
