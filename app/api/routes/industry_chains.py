"""/api/v1/industry-chains — reference data: every key reads, operators edit."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from app.api.deps import CurrentPrincipal
from app.api.routes.params import Page, SortParam
from app.core.db import SessionDep
from app.schemas.chains import IndustryChainCreate, IndustryChainRead, IndustryChainUpdate
from app.schemas.common import DbInt
from app.schemas.common import Page as PageOut
from app.services import chains as chain_service

router = APIRouter(prefix="/industry-chains", tags=["产业链 industry chains"])


@router.get("", summary="产业链列表", response_model=PageOut[IndustryChainRead])
def list_chains(
    db_session: SessionDep, principal: CurrentPrincipal, page: Page, sort: SortParam = None,
    q: Annotated[str | None, Query(max_length=100, description="按名称、代码或产业集群检索")] = None,
    cluster: Annotated[str | None, Query(description="产业集群，如 新一代电子信息制造业")] = None,
    is_active: Annotated[bool | None, Query(description="是否启用")] = None,
) -> PageOut[IndustryChainRead]:
    rows, total = chain_service.list_chains(db_session=db_session, page=page, q=q, cluster=cluster,
                                            is_active=is_active, sort=sort)
    return PageOut[IndustryChainRead](items=[IndustryChainRead.model_validate(r) for r in rows], total=total,
                                      limit=page.limit, offset=page.offset)


@router.get("/{chain_id}", summary="产业链详情", response_model=IndustryChainRead)
def get_chain(chain_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> IndustryChainRead:
    return IndustryChainRead.model_validate(chain_service.get_chain(db_session=db_session, chain_id=chain_id))


@router.post("", summary="新增产业链（仅运营人员）", status_code=status.HTTP_201_CREATED,
             response_model=IndustryChainRead)
def create_chain(data: IndustryChainCreate, db_session: SessionDep, principal: CurrentPrincipal) -> IndustryChainRead:
    chain = chain_service.create_chain(db_session=db_session, principal=principal, data=data)
    return IndustryChainRead.model_validate(chain)


@router.patch("/{chain_id}", summary="修改产业链（仅运营人员）", response_model=IndustryChainRead)
def update_chain(
    chain_id: DbInt, data: IndustryChainUpdate, db_session: SessionDep, principal: CurrentPrincipal
) -> IndustryChainRead:
    chain = chain_service.update_chain(db_session=db_session, principal=principal, chain_id=chain_id, data=data)
    return IndustryChainRead.model_validate(chain)


@router.delete("/{chain_id}", summary="删除产业链（仅运营人员）", status_code=status.HTTP_204_NO_CONTENT)
def delete_chain(chain_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> None:
    chain_service.delete_chain(db_session=db_session, principal=principal, chain_id=chain_id)
