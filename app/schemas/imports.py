"""Responses of the list import (导入清单)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from app.services.imports.columns import ListKind
from app.services.imports.issues import ImportIssue
from app.services.imports.service import ImportResult


class ImportIssueRead(BaseModel):
    """One problem, located as a person finds it in Excel."""

    sheet: str | None = Field(description="工作表名称")
    row: int | None = Field(description="行号（从1开始，与 Excel 显示一致）")
    column: str | None = Field(description="列字母，如 C")
    header: str | None = Field(description="列名（文件中的表头）")
    value: Any = Field(default=None, description="单元格内容")
    reason: str = Field(description="原因")
    severity: str = Field(description="error 错误 / warning 提示")

    @classmethod
    def of(cls, issue: ImportIssue) -> ImportIssueRead:
        return cls(**issue.as_dict())


class ImportReport(BaseModel):
    """What an import wrote (or, with ``dry_run``, would write)."""

    kind: ListKind
    filename: str | None
    sheet: str = Field(description="读取的工作表")
    source_format: str = Field(description="xlsx 或 csv")
    encoding: str | None = Field(description="CSV 的文字编码（utf-8 / gb18030 / utf-16）")
    dry_run: bool = Field(description="为 true 时只校验，未写入任何数据")
    header_row: int = Field(description="表头所在行")
    rows_total: int = Field(description="非空数据行数")
    rows_imported: int = Field(description="写入（或将写入）的行数")
    rows_skipped: int = Field(description="跳过的行数（空行、未修改的模板示例行）")
    enterprises_created: int
    enterprises_updated: int
    items_created: int
    items_updated: int
    warnings: list[ImportIssueRead]
    elapsed_seconds: float

    @classmethod
    def of(cls, result: ImportResult) -> ImportReport:
        return cls(
            kind=result.kind,
            filename=result.filename,
            sheet=result.sheet,
            source_format=result.source_format,
            encoding=result.encoding,
            dry_run=result.dry_run,
            header_row=result.header_row,
            rows_total=result.rows_total,
            rows_imported=result.rows_imported,
            rows_skipped=result.rows_skipped,
            enterprises_created=result.enterprises_created,
            enterprises_updated=result.enterprises_updated,
            items_created=result.items_created,
            items_updated=result.items_updated,
            warnings=[ImportIssueRead.of(w) for w in result.warnings],
            elapsed_seconds=result.elapsed_seconds,
        )


class ImportErrorDetail(BaseModel):
    """``detail`` of a 422 ``import_invalid`` answer: nothing was written."""

    error_count: int
    errors: list[ImportIssueRead]
    warnings: list[ImportIssueRead]
