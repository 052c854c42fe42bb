"""Enterprises: create, read, update, delete, list, and the import's upsert by credit code."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from app.core.errors import Conflict, ValidationFailed, field_error
from app.models import Enterprise, EnterpriseRole, IndustryChain, Qualification, QualificationKind, enterprise_chains
from app.schemas.enterprises import EnterpriseCreate, EnterpriseUpdate, QualificationIn
from app.services import access
from app.services.auth import Principal
from app.services.chains import load_chain_index, resolve_chain
from app.services.items.lookups import Lookups
from app.services.listing import PageRequest, contains, fetch_page, order_by

SORTABLE = {
    "id": Enterprise.id,
    "name": Enterprise.name,
    "credit_code": Enterprise.credit_code,
    "district": Enterprise.district,
    "created_at": Enterprise.created_at,
    "updated_at": Enterprise.updated_at,
}
_SCALAR_FIELDS = ("name", "credit_code", "role", "size_class", "province", "city", "district",
                  "contact_person", "phone", "email")
_REQUIRED_ON_UPDATE = ("name", "credit_code", "role")


@dataclass(frozen=True)
class EnterpriseFilters:
    role: EnterpriseRole | None = None
    district: str | None = None
    qualification: QualificationKind | None = None
    chain: str | None = None
    q: str | None = None


def list_enterprises(
    *, db_session: Session, principal: Principal, filters: EnterpriseFilters, page: PageRequest, sort: str | None
) -> tuple[list[Enterprise], int]:
    statement = select(Enterprise).where(access.enterprise_filter(principal))
    if filters.role is not None:
        statement = statement.where(Enterprise.role == filters.role)
    if filters.district:
        statement = statement.where(Enterprise.district == filters.district)
    if filters.qualification is not None:
        statement = statement.where(exists().where(
            Qualification.enterprise_id == Enterprise.id, Qualification.kind == filters.qualification))
    if filters.chain:
        chain = resolve_chain(db_session=db_session, ref=filters.chain)
        statement = statement.where(exists().where(
            enterprise_chains.c.enterprise_id == Enterprise.id, enterprise_chains.c.chain_id == chain.id))
    if filters.q:
        statement = statement.where(or_(contains(Enterprise.name, filters.q), contains(Enterprise.credit_code, filters.q)))
    order = order_by(sort, SORTABLE, default="-created_at", tiebreak=Enterprise.id)
    return fetch_page(db_session, statement, page=page, order=order)


def get_enterprise(*, db_session: Session, principal: Principal, enterprise_id: int,
                   for_update: bool = False) -> Enterprise:
    """``for_update``: as ``ItemService.get`` — the row stays locked until the transaction ends (If-Match)."""
    statement = select(Enterprise).where(Enterprise.id == enterprise_id, access.enterprise_filter(principal))
    if for_update:
        statement = statement.with_for_update(of=Enterprise).execution_options(populate_existing=True)
    enterprise = db_session.scalar(statement)
    if enterprise is None:
        raise access.not_found("企业", enterprise_id)
    return enterprise


def create_enterprise(*, db_session: Session, principal: Principal, data: EnterpriseCreate) -> Enterprise:
    access.ensure_operator(principal, "新建企业")
    _ensure_credit_code_free(db_session, data.credit_code, except_id=None)
    enterprise = Enterprise()
    _apply(db_session, enterprise, data.model_dump(), chain_index=None)
    db_session.add(enterprise)
    db_session.flush()
    return enterprise


def update_enterprise(
    *, db_session: Session, principal: Principal, enterprise_id: int, data: EnterpriseUpdate
) -> Enterprise:
    enterprise = get_enterprise(db_session=db_session, principal=principal, enterprise_id=enterprise_id)
    changes = data.model_dump(exclude_unset=True)
    access.ensure_can_edit_enterprise(principal, enterprise, changes)
    for name in _REQUIRED_ON_UPDATE:
        if name in changes and changes[name] is None:
            raise ValidationFailed(detail=[field_error(name, "不能为空 (required)")])
    if changes.get("credit_code") and changes["credit_code"] != enterprise.credit_code:
        _ensure_credit_code_free(db_session, changes["credit_code"], except_id=enterprise.id)
    _apply(db_session, enterprise, changes, chain_index=None)
    db_session.flush()
    return enterprise


def delete_enterprise(*, db_session: Session, principal: Principal, enterprise_id: int) -> None:
    access.ensure_operator(principal, "删除企业")
    enterprise = get_enterprise(db_session=db_session, principal=principal, enterprise_id=enterprise_id)
    db_session.delete(enterprise)
    db_session.flush()


def upsert_enterprise(
    *, db_session: Session, data: EnterpriseCreate, lookups: Lookups | None = None, flush: bool = True
) -> tuple[Enterprise, bool]:
    """Create the enterprise, or update the one with this credit code; returns ``(enterprise, created)``.

    An update only overwrites fields the row actually carries (a supply sheet without a 企业规模 column does
    not erase the size), adds qualifications and chains without removing others, and widens the role
    (an SME that appears in a demand list becomes ``both``). Pass one ``lookups`` for a whole import, and
    ``flush=False`` to let the caller flush in batches — one flush for thousands of new enterprises instead of a
    round trip each; the caller must flush before it writes items that need the enterprise's id.
    """
    if lookups is not None:
        enterprise = lookups.enterprise(db_session=db_session, credit_code=data.credit_code)
    else:
        enterprise = db_session.scalar(select(Enterprise).where(Enterprise.credit_code == data.credit_code))
    chain_index = lookups.chains(db_session=db_session) if lookups is not None else None
    if enterprise is None:
        enterprise = Enterprise()
        _apply(db_session, enterprise, data.model_dump(), chain_index=chain_index)
        db_session.add(enterprise)
        if flush:
            db_session.flush()  # the caller's next writes (this enterprise's items) need its id
        if lookups is not None:
            lookups.remember_enterprise(enterprise)
        return enterprise, True

    changes = {name: value for name, value in data.model_dump().items()
               if value is not None and value != [] and name not in {"qualifications", "chains", "role"}}
    changes["role"] = _widened_role(enterprise.role, data.role)
    _apply(db_session, enterprise, changes, chain_index=chain_index)
    _merge_qualifications(enterprise, data.qualifications)
    if data.chains:
        known = {chain.id for chain in enterprise.chains}
        for chain in _resolve_chains(db_session, data.chains, chain_index):
            if chain.id not in known:
                enterprise.chains.append(chain)
                known.add(chain.id)
    if lookups is not None:
        lookups.remember_enterprise(enterprise)
    if flush:
        db_session.flush()
    return enterprise, False


def _widened_role(current: EnterpriseRole, incoming: EnterpriseRole) -> EnterpriseRole:
    return current if current == incoming else EnterpriseRole.BOTH


def _apply(db_session: Session, enterprise: Enterprise, changes: dict, *, chain_index) -> None:
    for name in _SCALAR_FIELDS:
        if name in changes:
            setattr(enterprise, name, changes[name])
    if "qualifications" in changes and changes["qualifications"] is not None:
        wanted = [QualificationIn.model_validate(q) for q in changes["qualifications"]]
        by_kind = {q.kind: q for q in enterprise.qualifications}
        enterprise.qualifications = [
            _qualification(by_kind.get(q.kind), q) for q in wanted
        ]
    if "chains" in changes and changes["chains"] is not None:
        enterprise.chains = _resolve_chains(db_session, changes["chains"], chain_index)
    if "brands" in changes:
        # An own brand decides whether the enterprise's rows are domestic products (国产替代).
        enterprise.brands = list(dict.fromkeys(changes["brands"] or []))


def _qualification(existing: Qualification | None, wanted: QualificationIn) -> Qualification:
    if existing is None:
        return Qualification(kind=wanted.kind, year=wanted.year)
    existing.year = wanted.year
    return existing


def _merge_qualifications(enterprise: Enterprise, incoming: list[QualificationIn]) -> None:
    by_kind = {q.kind: q for q in enterprise.qualifications}
    for wanted in incoming:
        if wanted.kind in by_kind:
            if wanted.year is not None:
                by_kind[wanted.kind].year = wanted.year
        else:
            enterprise.qualifications.append(Qualification(kind=wanted.kind, year=wanted.year))


def _resolve_chains(db_session: Session, refs: list[str], chain_index) -> list[IndustryChain]:
    if not refs:
        return []
    index = chain_index if chain_index is not None else load_chain_index(db_session=db_session)
    chains: dict[int, IndustryChain] = {}
    for ref in refs:
        chain = resolve_chain(db_session=db_session, ref=ref, field="chains", index=index)
        chains[chain.id] = chain
    return list(chains.values())


def _ensure_credit_code_free(db_session: Session, credit_code: str, *, except_id: int | None) -> None:
    with db_session.no_autoflush:
        other = db_session.scalar(select(Enterprise.id).where(Enterprise.credit_code == credit_code))
    if other is not None and other != except_id:
        raise Conflict(
            f"统一社会信用代码 {credit_code} 已被企业 {other} 使用 (credit code already registered)",
            detail=[field_error("credit_code", "已存在 (already registered)", credit_code)],
        )
