"""Responses of the list import (导入清单)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.domain.lists import ListKind


class ImportIssueRead(BaseModel):
    """One problem, located as a person finds it in Excel."""

    model_config = ConfigDict(from_attributes=True)

    sheet: str | None = Field(description="工作表名称")
    row: int | None = Field(description="行号（从1开始，与 Excel 显示一致）")
    column: str | None = Field(description="列字母，如 C")
    header: str | None = Field(description="列名（文件中的表头）")
    value: Any = Field(default=None, description="单元格内容")
    reason: str = Field(description="原因")
    severity: str = Field(description="error 错误 / warning 提示")


class ImportSheetReport(BaseModel):
    """What one sheet of the workbook gave."""

    model_config = ConfigDict(from_attributes=True)

    name: str = Field(description="工作表名称")
    header_row: int = Field(description="第一个工作表的表头所在行")
    rows_total: int = Field(description="非空数据行数")
    rows_imported: int = Field(description="写入（或将写入）的行数")
    rows_skipped: int = Field(description="跳过的行数（空行、说明/备注行、未修改的模板示例行）")
    items_created: int
    items_updated: int
    items_unchanged: int = Field(description="已存在且内容未变的条目（未改写，更新时间不变）")
    merged_filled: list[str] = Field(description="按首行内容向下填充的合并单元格，如 A3:A5")


class SkippedSheetRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str = Field(description="工作表名称")
    reason: str = Field(description="未导入的原因（填写说明、空工作表、隐藏、未找到表头）")


class ImportReport(BaseModel):
    """What an import wrote (or, with ``dry_run``, would write)."""

    model_config = ConfigDict(from_attributes=True)

    kind: ListKind
    filename: str | None
    sheet: str = Field(description="导入的第一个工作表（全部见 sheets）")
    source_format: str = Field(description="xlsx 或 csv")
    encoding: str | None = Field(description="CSV 的文字编码（utf-8 / gb18030 / utf-16）")
    dry_run: bool = Field(description="为 true 时只校验，未写入任何数据")
    header_row: int = Field(description="第一个工作表的表头所在行")
    rows_total: int = Field(description="非空数据行数")
    rows_imported: int = Field(description="写入（或将写入）的行数")
    rows_skipped: int = Field(description="跳过的行数（空行、未修改的模板示例行）")
    enterprises_created: int
    enterprises_updated: int
    enterprises_unchanged: int = Field(description="已存在且内容未变的企业")
    items_created: int
    items_updated: int
    items_unchanged: int = Field(description="已存在且内容未变的条目（重复上传同一清单时为全部行）")
    sheets: list[ImportSheetReport] = Field(description="导入的每个工作表及其计数")
    skipped_sheets: list[SkippedSheetRead] = Field(description="未导入的工作表及原因")
    warnings: list[ImportIssueRead]
    elapsed_seconds: float


class ImportErrorDetail(BaseModel):
    """``detail`` of a 422 ``import_invalid`` answer: nothing was written."""

    error_count: int
    errors: list[ImportIssueRead]
    warnings: list[ImportIssueRead]


class ImportErrorBody(BaseModel):
    """The 422 answer when a file has errors."""

    error: str = Field(description="import_invalid")
    message: str
    detail: ImportErrorDetail
