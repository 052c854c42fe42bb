"""The summary report: counts per industry chain, district and chain leader."""

from __future__ import annotations

from pydantic import Field

from app.schemas.common import ResponseModel, UtcDatetime


class ReportRow(ResponseModel):
    key: str = Field(description="分组键：产业链编号、区县名或链主企业编号（none 表示未填写）")
    name: str = Field(description="分组名称")
    demand_items: int = Field(description="需求条目数")
    open_demand_items: int = Field(description="开放需求数")
    matched_demand_items: int = Field(description="有达标推荐的开放需求数（最近一次批量匹配）")
    shortlisted: int = Field(description="已到达入围阶段的（需求, 供应商）对数")
    intent: int = Field(description="已到达意向阶段的对数")
    sample: int = Field(description="已到达样品阶段的对数")
    pilot: int = Field(description="已到达小批量阶段的对数")
    onboarded: int = Field(description="入链的对数")
    rejected: int = Field(description="当前被拒绝的对数")


class SummaryReport(ResponseModel):
    min_score: float = Field(description="达标分数线")
    batch_id: int | None = Field(description="所用批量匹配的编号；尚未运行时为空")
    computed_at: UtcDatetime | None = Field(description="批量匹配的计算时间")
    totals: ReportRow
    by_chain: list[ReportRow]
    by_district: list[ReportRow]
    by_leader: list[ReportRow]
