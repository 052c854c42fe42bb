"""Query parameters shared by the list endpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from app.api.deps import SettingsDep
from app.core.errors import ValidationFailed, field_error
from app.models import ItemCategory, QualificationKind
from app.schemas.common import DbInt, labelled
from app.services.items.common import ItemFilters
from app.services.listing import PageRequest


def page_request(
    settings: SettingsDep,
    limit: Annotated[DbInt | None, Query(ge=1, description="每页条数（默认与上限见配置）")] = None,
    offset: Annotated[DbInt, Query(ge=0, description="跳过的条数")] = 0,
) -> PageRequest:
    if limit is not None and limit > settings.page_max_limit:
        raise ValidationFailed(detail=[field_error(
            "limit", f"每页最多 {settings.page_max_limit} 条 (limit must be at most {settings.page_max_limit})", limit)])
    return PageRequest(limit=limit or settings.page_default_limit, offset=offset)


Page = Annotated[PageRequest, Depends(page_request)]
SortParam = Annotated[str | None, Query(
    description="排序字段，前缀 - 表示降序，可用逗号组合，如 -created_at、product_name")]


def item_filters(
    category: Annotated[labelled(ItemCategory) | None, Query(description="类别：raw_material 关键原材料 / component 关键零部件 / software 关键软件")] = None,
    chain: Annotated[str | None, Query(description="产业链：名称、代码或编号")] = None,
    district: Annotated[str | None, Query(description="所属企业所在区县，如 两江新区")] = None,
    qualification: Annotated[labelled(QualificationKind) | None, Query(description="所属企业的资质，如 national_little_giant")] = None,
    owner: Annotated[DbInt | None, Query(description="所属企业编号 (enterprise_id)")] = None,
    q: Annotated[str | None, Query(max_length=200, description="全文检索：产品名称、规格、型号、企业名称")] = None,
) -> ItemFilters:
    return ItemFilters(category=category, chain=chain, district=district, qualification=qualification,
                       owner=owner, q=q.strip() if q and q.strip() else None)


ItemFiltersDep = Annotated[ItemFilters, Depends(item_filters)]
