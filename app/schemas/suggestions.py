"""Suggestions, opportunities and supplier search: requests and responses."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from app.models import ItemCategory, QualificationKind, SizeClass
from app.schemas.common import RequestModel, ResponseModel, labelled, optional_text, text_list
from app.schemas.items import DemandItemRead, SupplyItemRead


class ContributionRead(ResponseModel):
    """One part of a score: which comparison, at which level, what it added, and the two values compared."""

    comparison: str = Field(description="比较项：text、name、part_number、brand、spec、category（文本证据）；"
                                         "capacity、intended_customer、certification、region、qualification（业务因素）")
    level: str = Field(description="等级代码，如 exact、same_district")
    label: str = Field(description="等级的中文说明，如 型号完全一致")
    text: str = Field(description="可直接展示的中文说明，如 型号完全一致 FF450R12ME4")
    weight: float
    value: float = Field(description="本项对总分的贡献；所有贡献之和等于总分")
    similarity: float | None = None
    demand_value: str | None = None
    supply_value: str | None = None


class QualificationRead(ResponseModel):
    kind: QualificationKind
    label: str
    year: int | None


class SupplierRead(ResponseModel):
    """The enterprise behind a suggested supply item."""

    id: int
    name: str
    size_class: SizeClass | None
    province: str | None
    city: str | None
    district: str | None
    qualifications: list[QualificationRead]


class _Scored(ResponseModel):
    rank: int = Field(description="名次，从 1 开始")
    score: float = Field(description="总分 = 文本证据 + 业务因素（无上限的原始分）")
    match_percent: float = Field(ge=0, le=100, description="匹配度（%，0–100）：同等得分的推荐中真正合适的供需对所占比例，"
                                                        "由总分换算（见 README「匹配度」）；分数越高匹配度越高")
    text_score: float = Field(description="匹配引擎的文本证据得分")
    business_score: float = Field(description="业务因素（产能、拟配套、认证、地区、资质）得分")
    explanation: str = Field(description="推荐理由：中文，型号与产品名称按企业填写的原文显示，按贡献大小排序，"
                                         "如 型号一致：FF450R12ME4；产能满足：年产 5 万件 ≥ 需求 3 万件")
    contributions: list[ContributionRead]


class SuggestionRead(_Scored):
    supply_item: SupplyItemRead
    enterprise: SupplierRead
    domestic_supplier: bool = Field(description="国产：供给条目未以外国品牌为本品牌（代理、原装进口等为否）")
    domestic_substitute: bool = Field(description="国产替代：需求对标外国品牌或型号，本供给凭替代型号对照、链主确认或参数兼容"
                                                  "可作国产替代；依据见 explanation 中的「国产替代：对标 …」")


class EnterpriseGroupRead(ResponseModel):
    enterprise: SupplierRead
    best_score: float
    best_match_percent: float = Field(ge=0, le=100, description="该企业最佳推荐的匹配度（%）")
    suggestions: list[SuggestionRead]


class DemandSuggestionsRead(ResponseModel):
    """Suppliers for one demand item; ``groups`` (suppliers under their enterprise) when ``group_by=enterprise``."""

    demand_item: DemandItemRead
    suggestions: list[SuggestionRead]
    groups: list[EnterpriseGroupRead] | None = None


class OpportunityRead(_Scored):
    demand_item: DemandItemRead = Field(description="保密需求不显示链主企业信息")


class SupplyOpportunitiesRead(ResponseModel):
    supply_item: SupplyItemRead
    opportunities: list[OpportunityRead]


class CategoryGroupRead(ResponseModel):
    category: ItemCategory
    category_label: str = Field(description="关键原材料 / 关键零部件 / 关键软件")
    items: list[DemandSuggestionsRead]


class EnterpriseSuggestionsRead(ResponseModel):
    """A chain leader's open demand items with their suppliers, by category; an SME's opportunities, by product."""

    enterprise_id: int
    enterprise_name: str
    demand_categories: list[CategoryGroupRead]
    opportunities: list[SupplyOpportunitiesRead]


class SupplierSearch(RequestModel):
    """A need typed in free text, optionally with a part number; no demand item is created."""

    text: optional_text(500) = Field(default=None, description="需求描述，如 IGBT模块 1200V 450A")
    part_number: optional_text(100) = Field(default=None, description="型号，如 FF450R12ME4")
    category: labelled(ItemCategory) | None = Field(default=None, description="类别（可选）")
    quantity: optional_text(50) = Field(default=None, description="年需求量，如 20万件（用于产能匹配）")
    certifications: text_list(20, 100) = Field(default_factory=list, description="认证要求，如 IATF 16949")
    limit: int = Field(default=10, ge=1, le=100)
    min_score: float | None = None
    district: optional_text(50) = None
    chain: optional_text(100) = None
    qualification: labelled(QualificationKind) | None = None
    certification: optional_text(100) = Field(default=None, description="只看持有该认证的供应商")
    min_match_percent: float | None = Field(default=None, ge=0, le=100, description="只返回匹配度（%）不低于此值的供应商")
    domestic_only: bool = Field(default=False, description="只看国产供应商")


class IndexPartRead(ResponseModel):
    kind: str
    size: int
    version: int
    fitted_at: datetime | None
    search: str | None = Field(default=None, description="候选检索方式：compiled（编译）或 uncompiled（未编译）；索引未建立时为空")


class IndexStatusRead(ResponseModel):
    """The matching index of the worker that answered."""

    database_version: int
    rebuilding: bool
    loaded_from_snapshot: bool
    last_rebuild_error: str | None
    indexes: list[IndexPartRead]
