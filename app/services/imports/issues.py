"""Problems found in an uploaded list, each located the way a person finds it in Excel: sheet, row, column."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from app.core.errors import ChainmatchError


@dataclass(frozen=True)
class ImportIssue:
    """One problem. ``row`` is 1-based as Excel shows it; ``column`` is the letter, ``header`` the header text.

    A file-level problem (wrong format, too many rows) has no row; a missing column has no column letter.
    """

    sheet: str | None
    row: int | None
    column: str | None
    header: str | None
    value: Any
    reason: str
    severity: str = "error"

    @property
    def location(self) -> str:
        """``供给清单!C5（统一社会信用代码）`` — what the CLI prints and the error sheet shows."""
        place = self.sheet or ""
        if self.column and self.row:
            place += f"!{self.column}{self.row}"
        elif self.row:
            place += f" 第{self.row}行"
        elif self.column:
            place += f" {self.column}列"
        if self.header:
            place += f"（{self.header}）"
        return place or "文件"

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "value": json_value(self.value),
            "reason": self.reason,
            "severity": self.severity,
        }


def json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def column_letter(index: int) -> str:
    """0-based column index → Excel letter."""
    return get_column_letter(index + 1)


@dataclass
class IssueLog:
    """Collects every problem rather than stopping at the first one."""

    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)

    def add(self, issue: ImportIssue) -> None:
        (self.errors if issue.severity == "error" else self.warnings).append(issue)

    def error(self, **kwargs: Any) -> None:
        self.errors.append(ImportIssue(severity="error", **kwargs))

    def warning(self, **kwargs: Any) -> None:
        self.warnings.append(ImportIssue(severity="warning", **kwargs))


class ImportInvalid(ChainmatchError):
    """The file has errors: nothing was written. ``issues`` are every error found; ``detail`` is their JSON."""

    status_code = 422
    code = "import_invalid"
    message = "导入文件有错误，未写入任何数据 (the file has errors; nothing was written)"

    def __init__(self, errors: list[ImportIssue], warnings: list[ImportIssue] | None = None, *,
                 error_count: int | None = None, message: str | None = None) -> None:
        self.issues = errors
        self.warnings = warnings or []
        self.error_count = error_count if error_count is not None else len(errors)
        # Set by the import so the annotated workbook can be built from the same reading of the file: every sheet
        # read (a list of SheetData) and the header row of each by sheet name; None when the file could not be read.
        self.sheet: Any = None
        self.header_row: Any = None
        unlisted = self.error_count - len(errors)
        super().__init__(
            message or (
                f"导入文件有 {self.error_count} 处错误，未写入任何数据"
                + (f"（仅列出前 {len(errors)} 处）" if unlisted > 0 else "")
                + f" (the file has {self.error_count} errors; nothing was written)"
            ),
            detail={
                "error_count": self.error_count,
                "errors": [issue.as_dict() for issue in errors],
                "warnings": [issue.as_dict() for issue in self.warnings],
            },
        )
