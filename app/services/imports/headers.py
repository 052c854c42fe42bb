"""Finding the header row of a list and mapping its cells to the contract's columns."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.imports.columns import COLUMNS, ColumnSpec, ListKind, match_header
from app.services.imports.issues import IssueLog, column_letter
from app.services.imports.readers import SheetData

# People put a title ("2025年重庆市中小企业产品供给清单") and notes above the headers; look this far down.
HEADER_SEARCH_ROWS = 15


@dataclass(frozen=True)
class HeaderMap:
    """Where each recognised column is: ``columns[key] = 0-based index``; ``header_row`` is 1-based."""

    header_row: int
    columns: dict[str, int]
    headers: dict[str, str]  # key → the header text as written in the file

    def letter(self, key: str) -> str | None:
        index = self.columns.get(key)
        return None if index is None else column_letter(index)


def _recognised(kind: ListKind, values: tuple) -> int:
    return len({spec.key for spec in (match_header(kind, v) for v in values) if spec is not None})


def find_header_row(sheet: SheetData, kind: ListKind) -> int | None:
    """The 1-based row with the most recognised headers among the first rows (at least two), or None."""
    best_row, best_count = None, 1
    for index, values in enumerate(sheet.rows[:HEADER_SEARCH_ROWS], start=1):
        count = _recognised(kind, values)
        if count > best_count:
            best_row, best_count = index, count
    return best_row


# A sheet beside the list (a summary, a contacts page) may name a column or two of it by chance; a list names at
# least this many, one of them the product.
LIST_MIN_COLUMNS = 3


def looks_like_list(sheet: SheetData, kind: ListKind) -> bool:
    """Whether the sheet has a header row naming the product and at least two more of the list's columns."""
    row = find_header_row(sheet, kind)
    if row is None:
        return False
    keys = {spec.key for spec in (match_header(kind, v) for v in sheet.rows[row - 1]) if spec is not None}
    return len(keys) >= LIST_MIN_COLUMNS and "product_name" in keys


def map_headers(sheet: SheetData, kind: ListKind, log: IssueLog) -> HeaderMap | None:
    """Recognise the headers; log missing required (error), duplicated (error) and unknown (warning) columns.

    Returns None when no header row is found at all (an error is logged).
    """
    header_row = find_header_row(sheet, kind)
    if header_row is None:
        required = "、".join(spec.header for spec in COLUMNS[kind] if spec.required)
        log.error(
            sheet=sheet.name, row=None, column=None, header=None, value=None,
            reason=f"未找到表头行：前{HEADER_SEARCH_ROWS}行中没有可识别的列名，应包含 {required} 等列"
                   f"（可下载导入模板对照）",
        )
        return None

    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    for index, value in enumerate(sheet.rows[header_row - 1]):
        if value is None or not str(value).strip():
            continue
        text = str(value).strip()
        spec: ColumnSpec | None = match_header(kind, text)
        letter = column_letter(index)
        if spec is None:
            log.warning(
                sheet=sheet.name, row=header_row, column=letter, header=text, value=text,
                reason=f"无法识别的列“{text}”，已忽略该列",
            )
            continue
        if spec.key in columns:
            first = column_letter(columns[spec.key])
            log.error(
                sheet=sheet.name, row=header_row, column=letter, header=text, value=text,
                reason=f"列重复：“{text}”与{first}列“{headers[spec.key]}”都表示“{spec.header}”，请只保留一列",
            )
            continue
        columns[spec.key] = index
        headers[spec.key] = text

    for spec in COLUMNS[kind]:
        if spec.required and spec.key not in columns:
            variants = f"（也可写作：{'、'.join(spec.variants)}）" if spec.variants else ""
            log.error(
                sheet=sheet.name, row=header_row, column=None, header=spec.header, value=None,
                reason=f"缺少必填列“{spec.header}”{variants}",
            )
    return HeaderMap(header_row=header_row, columns=columns, headers=headers)
