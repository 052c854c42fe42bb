"""/api/v1/demand-items — lines of chain leaders' demand lists (大企业产品需求清单)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.api.deps import CurrentPrincipal
from app.api.etags import IfMatch, ensure_match, tagged
from app.api.routes.params import ItemFiltersDep, Page, SortParam
from app.core.db import SessionDep
from app.models import DemandStatus
from app.schemas.common import DbInt, labelled
from app.schemas.common import Page as PageOut
from app.schemas.items import DemandItemCreate, DemandItemRead, DemandItemUpdate
from app.services.items import demand_items as demand_service

router = APIRouter(prefix="/demand-items", tags=["需求清单 demand items"])


@router.get(
    "", summary="需求条目列表", response_model=PageOut[DemandItemRead],
    description="运营人员可见全部；链主企业可见本企业的需求；中小企业可见开放中的需求，保密需求不显示链主企业信息。"
                "排序字段：id、created_at、updated_at、product_name、category、status、valid_until、annual_quantity。",
)
def list_demand_items(
    db_session: SessionDep, principal: CurrentPrincipal, page: Page, filters: ItemFiltersDep,
    sort: SortParam = None,
    status_: Annotated[labelled(DemandStatus) | None, Query(alias="status", description="状态：open / paused / closed")] = None,
) -> PageOut[DemandItemRead]:
    rows, total = demand_service.DEMAND_ITEMS.list(
        db_session=db_session, principal=principal, filters=replace(filters, status=status_), page=page, sort=sort)
    return PageOut[DemandItemRead](items=[demand_service.present(r, principal) for r in rows], total=total,
                                   limit=page.limit, offset=page.offset)


@router.get("/{item_id}", summary="需求条目详情", response_model=DemandItemRead)
def get_demand_item(item_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal,
                    response: Response) -> DemandItemRead:
    item = demand_service.DEMAND_ITEMS.get(db_session=db_session, principal=principal, item_id=item_id)
    shown = demand_service.present(item, principal)
    tagged(response, shown)
    return shown


@router.post(
    "", summary="发布需求条目", status_code=status.HTTP_201_CREATED, response_model=DemandItemRead,
    description="链主企业为本企业发布；运营人员须指定 enterprise_id。名称与型号（或需求编码）相同的条目已存在时返回 409。",
)
def create_demand_item(data: DemandItemCreate, db_session: SessionDep, principal: CurrentPrincipal) -> DemandItemRead:
    item = demand_service.DEMAND_ITEMS.create(db_session=db_session, principal=principal, data=data)
    return demand_service.present(item, principal)


@router.patch("/{item_id}", summary="修改需求条目（只改所传字段）", response_model=DemandItemRead)
def update_demand_item(
    item_id: DbInt, data: DemandItemUpdate, db_session: SessionDep, principal: CurrentPrincipal,
    response: Response, if_match: IfMatch = None,
) -> DemandItemRead:
    if if_match is not None:
        current = demand_service.DEMAND_ITEMS.get(db_session=db_session, principal=principal, item_id=item_id,
                                                         for_update=True)
        ensure_match(if_match, demand_service.present(current, principal))
    item = demand_service.DEMAND_ITEMS.update(db_session=db_session, principal=principal, item_id=item_id, data=data)
    shown = demand_service.present(item, principal)
    tagged(response, shown)
    return shown


@router.delete("/{item_id}", summary="删除需求条目", status_code=status.HTTP_204_NO_CONTENT)
def delete_demand_item(item_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> None:
    demand_service.DEMAND_ITEMS.delete(db_session=db_session, principal=principal, item_id=item_id)
