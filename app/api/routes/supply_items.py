"""/api/v1/supply-items — lines of SMEs' supply lists (中小企业产品供给清单)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.api.deps import CurrentPrincipal
from app.api.etags import IfMatch, ensure_match, tagged
from app.api.routes.params import ItemFiltersDep, Page, SortParam
from app.core.db import SessionDep
from app.models import SupplyStatus
from app.schemas.common import DbInt, labelled
from app.schemas.common import Page as PageOut
from app.schemas.items import SupplyItemCreate, SupplyItemRead, SupplyItemUpdate
from app.services.items import supply_items as supply_service

router = APIRouter(prefix="/supply-items", tags=["供给清单 supply items"])


@router.get(
    "", summary="供给条目列表", response_model=PageOut[SupplyItemRead],
    description="运营人员可见全部；链主企业可见有效的供给；中小企业只可见本企业的供给。"
                "排序字段：id、created_at、updated_at、product_name、category、status、capacity。",
)
def list_supply_items(
    db_session: SessionDep, principal: CurrentPrincipal, page: Page, filters: ItemFiltersDep,
    sort: SortParam = None,
    status_: Annotated[labelled(SupplyStatus) | None, Query(alias="status", description="状态：active / inactive")] = None,
) -> PageOut[SupplyItemRead]:
    rows, total = supply_service.SUPPLY_ITEMS.list(
        db_session=db_session, principal=principal, filters=replace(filters, status=status_), page=page, sort=sort)
    return PageOut[SupplyItemRead](items=[supply_service.present(r, principal) for r in rows], total=total,
                                   limit=page.limit, offset=page.offset)


@router.get("/{item_id}", summary="供给条目详情", response_model=SupplyItemRead)
def get_supply_item(item_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal,
                    response: Response) -> SupplyItemRead:
    item = supply_service.SUPPLY_ITEMS.get(db_session=db_session, principal=principal, item_id=item_id)
    shown = supply_service.present(item, principal)
    tagged(response, shown)
    return shown


@router.post(
    "", summary="发布供给条目", status_code=status.HTTP_201_CREATED, response_model=SupplyItemRead,
    description="中小企业为本企业发布；运营人员须指定 enterprise_id。产能如 50万件/年；名称与型号（或产品编码）相同的条目已存在时返回 409。",
)
def create_supply_item(data: SupplyItemCreate, db_session: SessionDep, principal: CurrentPrincipal) -> SupplyItemRead:
    item = supply_service.SUPPLY_ITEMS.create(db_session=db_session, principal=principal, data=data)
    return supply_service.present(item, principal)


@router.patch("/{item_id}", summary="修改供给条目（只改所传字段）", response_model=SupplyItemRead)
def update_supply_item(
    item_id: DbInt, data: SupplyItemUpdate, db_session: SessionDep, principal: CurrentPrincipal,
    response: Response, if_match: IfMatch = None,
) -> SupplyItemRead:
    if if_match is not None:
        current = supply_service.SUPPLY_ITEMS.get(db_session=db_session, principal=principal, item_id=item_id,
                                                         for_update=True)
        ensure_match(if_match, supply_service.present(current, principal))
    item = supply_service.SUPPLY_ITEMS.update(db_session=db_session, principal=principal, item_id=item_id, data=data)
    shown = supply_service.present(item, principal)
    tagged(response, shown)
    return shown


@router.delete("/{item_id}", summary="删除供给条目", status_code=status.HTTP_204_NO_CONTENT)
def delete_supply_item(item_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> None:
    supply_service.SUPPLY_ITEMS.delete(db_session=db_session, principal=principal, item_id=item_id)
