"""Industry chains (产业链): reference data. Everyone reads; operators create, edit and delete."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.core.errors import Conflict, ValidationFailed, field_error
from app.models import IndustryChain
from app.schemas.chains import IndustryChainCreate, IndustryChainUpdate
from app.services import access
from app.services.auth import Principal
from app.services.listing import PageRequest, contains, fetch_page, order_by

SORTABLE = {"id": IndustryChain.id, "code": IndustryChain.code, "name": IndustryChain.name,
            "cluster": IndustryChain.cluster}


def chain_key(text: str) -> str:
    """How a chain reference is compared: width-folded, no spaces, lower case, without a trailing 产业链."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()
    return folded.removesuffix("产业链") or folded


def chain_index(chains: list[IndustryChain]) -> dict[str, IndustryChain]:
    """Every way a chain may be referred to (id, code, name) → the chain."""
    index: dict[str, IndustryChain] = {}
    for chain in chains:
        index[str(chain.id)] = chain
        index[chain_key(chain.code)] = chain
        index[chain_key(chain.name)] = chain
    return index


def load_chain_index(*, db_session: Session) -> dict[str, IndustryChain]:
    return chain_index(list(db_session.scalars(select(IndustryChain))))


def resolve_chain(
    *, db_session: Session, ref: str | int | None, field: str = "chain",
    index: dict[str, IndustryChain] | None = None,
) -> IndustryChain | None:
    """A chain by id, code or name; an unknown reference is a 422 naming ``field``."""
    if ref is None or str(ref).strip() == "":
        return None
    index = index if index is not None else load_chain_index(db_session=db_session)
    chain = index.get(chain_key(str(ref)))
    if chain is None:
        raise ValidationFailed(
            f"未知的产业链「{ref}」 (unknown industry chain)",
            detail=[field_error(field, f"未知的产业链「{ref}」，请使用 /api/v1/industry-chains 中的名称或代码", str(ref))],
        )
    return chain


def list_chains(
    *, db_session: Session, page: PageRequest, q: str | None = None, cluster: str | None = None,
    is_active: bool | None = None, sort: str | None = None,
) -> tuple[list[IndustryChain], int]:
    statement = select(IndustryChain)
    if q:
        statement = statement.where(or_(contains(IndustryChain.name, q), contains(IndustryChain.code, q),
                                        contains(IndustryChain.cluster, q)))
    if cluster:
        statement = statement.where(IndustryChain.cluster == cluster)
    if is_active is not None:
        statement = statement.where(IndustryChain.is_active.is_(is_active))
    return fetch_page(db_session, statement, page=page,
                      order=order_by(sort, SORTABLE, default="id", tiebreak=IndustryChain.id))


def get_chain(*, db_session: Session, chain_id: int) -> IndustryChain:
    chain = db_session.get(IndustryChain, chain_id)
    if chain is None:
        raise access.not_found("产业链", chain_id)
    return chain


def create_chain(*, db_session: Session, principal: Principal, data: IndustryChainCreate) -> IndustryChain:
    access.ensure_operator(principal, "维护产业链")
    chain = IndustryChain(**data.model_dump())
    _ensure_unique(db_session, chain)
    db_session.add(chain)
    db_session.flush()
    return chain


def update_chain(
    *, db_session: Session, principal: Principal, chain_id: int, data: IndustryChainUpdate
) -> IndustryChain:
    access.ensure_operator(principal, "维护产业链")
    chain = get_chain(db_session=db_session, chain_id=chain_id)
    changes = data.model_dump(exclude_unset=True)
    for required in ("code", "name", "is_active"):
        if required in changes and changes[required] is None:
            raise ValidationFailed(detail=[field_error(required, "不能为空 (required)")])
    for name, value in changes.items():
        setattr(chain, name, value)
    _ensure_unique(db_session, chain)
    db_session.flush()
    return chain


def delete_chain(*, db_session: Session, principal: Principal, chain_id: int) -> None:
    access.ensure_operator(principal, "维护产业链")
    chain = get_chain(db_session=db_session, chain_id=chain_id)
    db_session.delete(chain)
    db_session.flush()


def _ensure_unique(db_session: Session, chain: IndustryChain) -> None:
    for field, column, value in (("code", IndustryChain.code, chain.code), ("name", IndustryChain.name, chain.name)):
        with db_session.no_autoflush:
            clash = db_session.scalar(
                select(IndustryChain.id).where(func.lower(column) == value.lower(), IndustryChain.id != (chain.id or -1))
            )
        if clash is not None:
            raise Conflict(f"产业链{field}「{value}」已存在 (already exists)", detail=[field_error(field, "已存在 (already exists)", value)])
