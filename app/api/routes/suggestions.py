"""Suggestions: suppliers for a demand item, opportunities for a supply item, everything for an enterprise,
free-text supplier search, and the matching index's status. Plain ``def``: ranking is CPU work, run in the
thread pool so it never blocks the event loop."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, status

from app.api.deps import CurrentPrincipal, OperatorPrincipal
from app.core.db import SessionDep, reads_only
from app.core.errors import ValidationFailed, field_error
from app.models import ItemCategory, QualificationKind
from app.schemas.common import DbInt, labelled
from app.schemas.suggestions import (
    DemandSuggestionsRead,
    EnterpriseSuggestionsRead,
    IndexStatusRead,
    OpportunityRead,
    SuggestionRead,
    SupplierSearch,
)
from app.services.decisions import rejected_for_enterprise, rejected_supply_item_ids
from app.services.ranking import suggestions as service
from app.services.ranking.matching_index import MatchingIndexes

router = APIRouter(tags=["匹配推荐 suggestions"])


def matching_indexes(request: Request) -> MatchingIndexes:
    return request.app.state.matching


def suggestion_filters(
    district: Annotated[str | None, Query(max_length=50, description="供应商所在区县，如 两江新区")] = None,
    chain: Annotated[str | None, Query(max_length=100, description="供给条目所属产业链：名称、代码或编号")] = None,
    qualification: Annotated[labelled(QualificationKind) | None, Query(description="供应商资质，如 national_little_giant")] = None,
    certification: Annotated[str | None, Query(max_length=100, description="供应商持有的认证，如 IATF 16949")] = None,
    capacity_sufficient_only: Annotated[bool, Query(description="只看产能满足年需求量的供应商")] = False,
    category: Annotated[labelled(ItemCategory) | None, Query(description="供给条目类别，如 component")] = None,
    min_match_percent: Annotated[float | None, Query(ge=0, le=100, description="只返回匹配度（%）不低于此值的推荐")] = None,
    domestic_only: Annotated[bool, Query(description="只看国产供应商（不含外国品牌的代理与进口产品）")] = False,
) -> service.SuggestionFilters:
    return service.SuggestionFilters(district=district, chain=chain, qualification=qualification,
                                     certification=certification, capacity_sufficient_only=capacity_sufficient_only,
                                     category=category, min_match_percent=min_match_percent,
                                     domestic_only=domestic_only)


def opportunity_filters(
    district: Annotated[str | None, Query(max_length=50, description="需求方链主企业所在区县（保密需求不参与区县筛选）")] = None,
    chain: Annotated[str | None, Query(max_length=100, description="需求条目所属产业链：名称、代码或编号")] = None,
    category: Annotated[labelled(ItemCategory) | None, Query(description="需求条目类别，如 component")] = None,
    capacity_sufficient_only: Annotated[bool, Query(description="只看本产品产能满足其年需求量的需求")] = False,
    min_match_percent: Annotated[float | None, Query(
        ge=0, le=100, description="只返回匹配度（%）不低于此值的需求；默认 CHAINMATCH_OPPORTUNITY_MIN_MATCH_PERCENT（15）")] = None,
) -> service.SuggestionFilters:
    return service.SuggestionFilters(district=district, chain=chain, category=category,
                                     capacity_sufficient_only=capacity_sufficient_only,
                                     min_match_percent=min_match_percent)


def _bounded_limit(request: Request, limit: int) -> int:
    ceiling = request.app.state.settings.suggestion_max_limit
    if limit > ceiling:
        raise ValidationFailed(detail=[field_error("limit", f"最多 {ceiling} 条 (limit must be at most {ceiling})",
                                                   limit)])
    return limit


Indexes = Annotated[MatchingIndexes, Depends(matching_indexes)]
Filters = Annotated[service.SuggestionFilters, Depends(suggestion_filters)]
Limit = Annotated[int, Query(ge=1, description="最多返回的条数")]
MinScore = Annotated[float | None, Query(description="只返回总分不低于此值的推荐")]


@router.get(
    "/demand-items/{item_id}/suggestions", summary="需求条目的供应商推荐", response_model=DemandSuggestionsRead,
    description="按总分（文本证据 + 产能、拟配套、认证、地区、资质）排序的供给条目，每条附中文解释。"
                "仅需求方链主企业与运营人员可查看；group_by=enterprise 时按供应商企业分组。",
)
def demand_item_suggestions(
    item_id: DbInt, request: Request, db_session: SessionDep, principal: CurrentPrincipal, index: Indexes,
    filters: Filters, limit: Limit = 10, min_score: MinScore = None,
    group_by: Annotated[Literal["enterprise"] | None, Query(description="enterprise：按供应商企业分组")] = None,
) -> DemandSuggestionsRead:
    limit = _bounded_limit(request, limit)
    item = service.get_demand_item_for_suggestions(db_session=db_session, principal=principal, demand_item_id=item_id)
    found = service.suggest_for_demand(db_session=db_session, index=index, demand_item=item, principal=principal,
                                       limit=limit, min_score=min_score, filters=filters,
                                       exclude_supply_item_ids=rejected_supply_item_ids(db_session, item.id))
    return service.present_demand_suggestions(item, found, principal, group=group_by == "enterprise")


@router.get(
    "/supply-items/{item_id}/opportunities", summary="供给条目的需求机会", response_model=list[OpportunityRead],
    description="与该产品匹配的开放需求条目，匹配度不低于 min_match_percent（默认 15%）；可按区县、产业链、类别、"
                "产能筛选。保密需求不显示链主企业。仅供给方企业与运营人员可查看。",
)
def supply_item_opportunities(
    item_id: DbInt, request: Request, db_session: SessionDep, principal: CurrentPrincipal, index: Indexes,
    filters: Annotated[service.SuggestionFilters, Depends(opportunity_filters)], limit: Limit = 10,
    min_score: MinScore = None,
) -> list[OpportunityRead]:
    limit = _bounded_limit(request, limit)
    item = service.get_supply_item_for_opportunities(db_session=db_session, principal=principal, supply_item_id=item_id)
    found = service.opportunities_for_supply(db_session=db_session, index=index, supply_item=item,
                                             principal=principal, limit=limit, min_score=min_score, filters=filters)
    return service.present_opportunities(found, principal)


@router.get(
    "/enterprises/{enterprise_id}/suggestions", summary="企业的全部推荐", response_model=EnterpriseSuggestionsRead,
    description="链主企业：每个开放需求条目及其最佳供应商，按关键原材料 / 关键零部件 / 关键软件分组；"
                "中小企业：每个有效产品的需求机会。",
)
def enterprise_suggestions(
    enterprise_id: DbInt, request: Request, db_session: SessionDep, principal: CurrentPrincipal, index: Indexes,
    per_item: Annotated[int, Query(ge=1, description="每个条目最多返回的推荐数")] = 5, min_score: MinScore = None,
) -> EnterpriseSuggestionsRead:
    per_item = _bounded_limit(request, per_item)
    result = service.suggestions_for_enterprise(db_session=db_session, index=index, principal=principal,
                                                enterprise_id=enterprise_id, per_item=per_item, min_score=min_score,
                                                exclude_supply_item_ids=rejected_for_enterprise(db_session,
                                                                                                enterprise_id))
    return service.present_enterprise_suggestions(result, principal)


@router.post(
    "/search", summary="按描述检索供应商", response_model=list[SuggestionRead],
    description="输入需求描述（可加型号、年需求量、认证要求），返回匹配的供应商，不创建需求条目。"
                "仅链主企业与运营人员可用。",
)
@reads_only
def search_suppliers(
    data: SupplierSearch, db_session: SessionDep, principal: CurrentPrincipal, index: Indexes,
) -> list[SuggestionRead]:
    filters = service.SuggestionFilters(district=data.district, chain=data.chain, qualification=data.qualification,
                                        certification=data.certification, min_match_percent=data.min_match_percent,
                                        domestic_only=data.domestic_only)
    found = service.search_suppliers(
        db_session=db_session, index=index, principal=principal, text=data.text or "", part_number=data.part_number,
        category=data.category, quantity=data.quantity, certifications=data.certifications, limit=data.limit,
        min_score=data.min_score, filters=filters,
    )
    return service.present_suggestions(found, principal)


@router.get("/matching-index", summary="匹配索引状态（运营人员）", response_model=IndexStatusRead)
def matching_index_status(db_session: SessionDep, _: OperatorPrincipal, index: Indexes) -> IndexStatusRead:
    return IndexStatusRead(**index.describe(db_session))


@router.post(
    "/matching-index/rebuild", summary="后台重建匹配索引（运营人员）", status_code=status.HTTP_202_ACCEPTED,
    response_model=IndexStatusRead,
    description="在后台线程中重新建立本进程的匹配索引，建好后原子替换；重建期间服务照常应答。",
)
def rebuild_matching_index(db_session: SessionDep, _: OperatorPrincipal, index: Indexes) -> IndexStatusRead:
    index.rebuild_in_background()
    return IndexStatusRead(**index.describe(db_session))
