"""/api/v1/enterprises — chain leaders and SMEs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.api.deps import CurrentPrincipal
from app.api.etags import IfMatch, ensure_match, tagged
from app.api.routes.params import Page, SortParam
from app.core.db import SessionDep
from app.models import EnterpriseRole, QualificationKind
from app.schemas.common import DbInt, labelled
from app.schemas.common import Page as PageOut
from app.schemas.enterprises import EnterpriseCreate, EnterpriseRead, EnterpriseUpdate
from app.services import enterprises as enterprise_service
from app.services.enterprises import EnterpriseFilters

router = APIRouter(prefix="/enterprises", tags=["企业 enterprises"])


@router.get(
    "", summary="企业列表", response_model=PageOut[EnterpriseRead],
    description="运营人员可见全部企业；链主企业可见本企业及有有效供给的中小企业；中小企业可见本企业及有公开需求的链主企业。"
                "排序字段：id、name、credit_code、district、created_at、updated_at。",
)
def list_enterprises(
    db_session: SessionDep, principal: CurrentPrincipal, page: Page, sort: SortParam = None,
    role: Annotated[labelled(EnterpriseRole) | None, Query(description="企业类型")] = None,
    district: Annotated[str | None, Query(description="区县")] = None,
    qualification: Annotated[labelled(QualificationKind) | None, Query(description="资质")] = None,
    chain: Annotated[str | None, Query(description="产业链：名称、代码或编号")] = None,
    q: Annotated[str | None, Query(max_length=200, description="按企业名称或统一社会信用代码检索")] = None,
) -> PageOut[EnterpriseRead]:
    filters = EnterpriseFilters(role=role, district=district, qualification=qualification, chain=chain,
                                q=q.strip() if q and q.strip() else None)
    rows, total = enterprise_service.list_enterprises(
        db_session=db_session, principal=principal, filters=filters, page=page, sort=sort)
    return PageOut[EnterpriseRead](items=[EnterpriseRead.model_validate(r) for r in rows], total=total,
                                   limit=page.limit, offset=page.offset)


@router.get("/{enterprise_id}", summary="企业详情", response_model=EnterpriseRead)
def get_enterprise(enterprise_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal,
                   response: Response) -> EnterpriseRead:
    enterprise = enterprise_service.get_enterprise(
        db_session=db_session, principal=principal, enterprise_id=enterprise_id)
    shown = EnterpriseRead.model_validate(enterprise)
    tagged(response, shown)
    return shown


@router.post("", summary="新建企业（仅运营人员）", status_code=status.HTTP_201_CREATED, response_model=EnterpriseRead)
def create_enterprise(data: EnterpriseCreate, db_session: SessionDep, principal: CurrentPrincipal) -> EnterpriseRead:
    enterprise = enterprise_service.create_enterprise(db_session=db_session, principal=principal, data=data)
    return EnterpriseRead.model_validate(enterprise)


@router.patch(
    "/{enterprise_id}", summary="修改企业信息", response_model=EnterpriseRead,
    description="运营人员可修改任何企业；企业密钥只能修改本企业，且不能修改统一社会信用代码、企业类型和资质。",
)
def update_enterprise(
    enterprise_id: DbInt, data: EnterpriseUpdate, db_session: SessionDep, principal: CurrentPrincipal,
    response: Response, if_match: IfMatch = None,
) -> EnterpriseRead:
    if if_match is not None:
        ensure_match(if_match, EnterpriseRead.model_validate(enterprise_service.get_enterprise(
            db_session=db_session, principal=principal, enterprise_id=enterprise_id, for_update=True)))
    enterprise = enterprise_service.update_enterprise(
        db_session=db_session, principal=principal, enterprise_id=enterprise_id, data=data)
    shown = EnterpriseRead.model_validate(enterprise)
    tagged(response, shown)
    return shown


@router.delete("/{enterprise_id}", summary="删除企业及其清单条目（仅运营人员）", status_code=status.HTTP_204_NO_CONTENT)
def delete_enterprise(enterprise_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> None:
    enterprise_service.delete_enterprise(db_session=db_session, principal=principal, enterprise_id=enterprise_id)
