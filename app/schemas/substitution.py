"""国产替代: cross-references (替代型号对照), their imports, and the substitution progress report."""

from __future__ import annotations

from pydantic import Field

from app.models import ApiRole, EquivalenceSource
from app.schemas.common import RequestModel, ResponseModel, UtcDatetime, optional_text, required_text
from app.schemas.reports import PeriodRead


class EquivalenceCreate(RequestModel):
    reference_part_number: required_text(100) = Field(description="对标型号（通常为进口品牌型号），如 FF450R12ME4")  # type: ignore[valid-type]
    equivalent_part_number: required_text(100) = Field(description="国产替代型号，如 GD450HFY120C2S")  # type: ignore[valid-type]
    reference_brand: optional_text(100) = Field(default=None, description="对标品牌，如 英飞凌")  # type: ignore[valid-type]
    equivalent_brand: optional_text(100) = Field(default=None, description="国产品牌，如 斯达半导")  # type: ignore[valid-type]
    note: optional_text(500) = None  # type: ignore[valid-type]


class EquivalenceRead(ResponseModel):
    id: int
    reference_brand: str | None
    reference_part_number: str
    reference_code: str = Field(description="对标型号的比较形式（去分隔符、大写）")
    equivalent_brand: str | None
    equivalent_part_number: str | None
    equivalent_code: str | None
    supply_item_id: int | None = Field(description="链主确认同等替代的供给条目（导入的对照为空）")
    demand_item_id: int | None
    source: EquivalenceSource = Field(description="import 替代型号对照导入 / decision 链主确认同等替代")
    created_by_key_id: int | None
    created_by_role: ApiRole | None
    created_at: UtcDatetime
    withdrawn_at: UtcDatetime | None
    withdrawn_by_key_id: int | None


class EquivalencePage(ResponseModel):
    items: list[EquivalenceRead]
    total: int
    limit: int
    offset: int


class BrandImportReport(ResponseModel):
    created: int = Field(description="新增品牌数")
    updated: int = Field(description="更新品牌数")


class SubstitutionStages(ResponseModel):
    """Foreign-reference demand items that moved a domestic supplier into each stage (distinct items; a jump 入围 →
    入链 counts under 入链 only)."""

    intent: int = Field(description="与国产供应商进入意向的需求数")
    sample: int = Field(description="与国产供应商进入样品的需求数")
    pilot: int = Field(description="与国产供应商进入小批量的需求数")
    onboarded: int = Field(description="与国产供应商入链的需求数")


class SubstitutionMonth(SubstitutionStages):
    month: str = Field(description="月份（重庆时间），如 2026-03")


class SubstitutionRow(ResponseModel):
    key: str = Field(description="产业链编号或区县名（none 表示未填写）")
    name: str
    foreign_reference_items: int = Field(description="对标进口品牌或型号的开放关键需求数")
    with_domestic_candidate: int = Field(description="其中至少有一个国产候选匹配度不低于阈值的需求数（最近一次批量匹配）")
    in_period: SubstitutionStages
    months: list[SubstitutionMonth]


class SubstitutionReport(ResponseModel):
    period: PeriodRead
    min_match_percent: float
    batch_id: int | None = Field(description="候选数据所用的批量匹配（chainmatch match --all）；为空时候选数为 0")
    totals: SubstitutionRow
    by_chain: list[SubstitutionRow]
    by_district: list[SubstitutionRow]
