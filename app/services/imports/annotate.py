"""The uploaded list returned with its problems marked: each bad cell filled red with a comment giving the
reason, and a first sheet 导入错误 listing every problem with a link to its cell. CSV input comes back as an
XLSX built from its rows, so people can fix it in Excel either way."""

from __future__ import annotations

import io
import logging
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.spreadsheet_safety import protect_cell, sheet_text, write_text_cell
from app.services.imports.issues import ImportIssue, json_value
from app.services.imports.readers import SheetData

logger = logging.getLogger(__name__)

ERRORS_SHEET = "导入错误"
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
_COMMENT_AUTHOR = "chainmatch 导入校验"


def annotate_workbook(
    content: bytes,
    sheet: SheetData | Sequence[SheetData] | None,
    issues: Iterable[ImportIssue],
    *,
    sheet_name: str,
    header_row: int | Mapping[str, int] | None,
) -> bytes:
    """Return XLSX bytes: the uploaded workbook (or the CSV's rows) with every problem marked on its own sheet.

    ``sheet`` is the reading of the file (every sheet read, or one), ``header_row`` the header row of each sheet by
    name (or of the one sheet). Never fails on a file the import could read: merged cells are marked on their
    top-left cell, and a workbook openpyxl cannot load in full is rebuilt from the rows the import read.
    """
    issues = list(issues)
    sheets = [sheet] if isinstance(sheet, SheetData) else list(sheet or [])
    header_rows = dict(header_row) if isinstance(header_row, Mapping) else (
        {sheets[0].name: header_row} if sheets and header_row is not None else {})
    workbook = None
    if sheets and sheets[0].source_format == "xlsx":
        try:
            workbook = load_workbook(io.BytesIO(content))
        except Exception:  # noqa: BLE001 - the read-only reading succeeded; fall back to the rows it read
            logger.warning("annotated workbook: the upload could not be loaded in full; rebuilt from its rows",
                           exc_info=True)
    if workbook is None:
        workbook = Workbook()
        first = workbook.active
        for index, read in enumerate(sheets or [None]):
            target = first if index == 0 else workbook.create_sheet()
            target.title = _safe_title(read.name if read is not None else sheet_name)
            for row_number, values in enumerate(read.rows if read is not None else (), start=1):
                for col, value in enumerate(values, start=1):
                    if value is not None:
                        _write_text(target, row_number, col, value)
    if ERRORS_SHEET in workbook.sheetnames:  # a re-upload of an annotated workbook: start afresh
        del workbook[ERRORS_SHEET]
        for target in workbook.worksheets:
            _clear_marks(target)

    default = workbook.worksheets[0] if workbook.worksheets else workbook.create_sheet(_safe_title(sheet_name))
    if sheets and sheets[0].name in workbook.sheetnames:
        default = workbook[sheets[0].name]
    by_sheet: dict[str, list[ImportIssue]] = defaultdict(list)
    for issue in issues:
        name = issue.sheet if issue.sheet in workbook.sheetnames else default.title
        by_sheet[name].append(issue)
    for name, sheet_issues in by_sheet.items():
        target = workbook[name]
        if isinstance(target, Worksheet):
            _mark_cells(target, sheet_issues, header_row=header_rows.get(name))
    _errors_sheet(workbook, issues, default=default)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe_title(name: str) -> str:
    # Excel's rules for a sheet title: at most 31 characters, none of []:*?/\
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31]
    return cleaned or "Sheet1"


def _write_text(target: Worksheet, row: int, col: int, value: object) -> None:
    # A CSV cell is text as typed: "=..." must not become a live formula in the returned workbook.
    write_text_cell(target, row, col, value)


def _clear_marks(target: Worksheet) -> None:
    """Remove the marks of an earlier check (our comments and fills), so fixed cells no longer look wrong."""
    ours = {ERROR_FILL.fgColor.rgb, WARNING_FILL.fgColor.rgb}
    for row in target.iter_rows():
        for cell in row:
            if cell.comment is not None and cell.comment.author == _COMMENT_AUTHOR:
                cell.comment = None
                if cell.fill is not None and cell.fill.fgColor.rgb in ours:
                    cell.fill = PatternFill()


def _mark_cells(target: Worksheet, issues: list[ImportIssue], *, header_row: int | None) -> None:
    placed: list[tuple[tuple[int, int], ImportIssue]] = []
    for issue in issues:
        if issue.row is None and issue.column is None:
            continue
        row = issue.row or header_row or 1
        col = column_index_from_string(issue.column) if issue.column else 1
        placed.append(((row, col), issue))
    merged_top_left = _merged_top_left(target, (cell for cell, _ in placed))
    by_cell: dict[tuple[int, int], list[ImportIssue]] = defaultdict(list)
    for cell_at, issue in placed:
        by_cell[merged_top_left.get(cell_at, cell_at)].append(issue)
    for (row, col), cell_issues in by_cell.items():
        cell = target.cell(row=row, column=col)
        has_error = any(i.severity == "error" for i in cell_issues)
        cell.fill = ERROR_FILL if has_error else WARNING_FILL
        lines = [("错误：" if i.severity == "error" else "提示：") + _comment_line(i, col) for i in cell_issues]
        text = sheet_text("\n".join(lines))
        if cell.comment is not None and cell.comment.author != _COMMENT_AUTHOR:
            text = cell.comment.text + "\n\n" + text
        cell.comment = Comment(text, _COMMENT_AUTHOR, width=320, height=min(60 + 40 * len(lines), 400))


def _merged_top_left(target: Worksheet, cells: Iterable[tuple[int, int]]) -> dict[tuple[int, int], tuple[int, int]]:
    """Each of ``cells`` that a merged range covers → the range's top-left cell, the only one that can hold a
    comment or a fill (the others are read-only ``MergedCell`` objects). Looks only at the rows asked about, so a
    range over a whole sheet costs no more than a small one."""
    rows: dict[int, set[int]] = defaultdict(set)
    for row, col in cells:
        rows[row].add(col)
    ordered = sorted(rows)
    found: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in target.merged_cells.ranges:
        start = bisect_left(ordered, merged.min_row)
        for row in ordered[start:bisect_right(ordered, merged.max_row)]:
            for col in rows[row]:
                if merged.min_col <= col <= merged.max_col:
                    found[(row, col)] = (merged.min_row, merged.min_col)
    return found


def _comment_line(issue: ImportIssue, col: int) -> str:
    # A problem without its own cell (e.g. a missing column) is parked on column A: say which column it is about.
    if issue.column is None and issue.header:
        return f"[{issue.header}] {issue.reason}"
    return issue.reason


def _errors_sheet(workbook: Workbook, issues: list[ImportIssue], *, default: Worksheet) -> None:
    sheet = workbook.create_sheet(ERRORS_SHEET, 0)
    errors = sum(1 for i in issues if i.severity == "error")
    warnings = len(issues) - errors
    summary = (
        f"共 {errors} 处错误、{warnings} 处提示。错误单元格已标红并附批注，修改后重新导入即可；"
        "有任何错误时整份文件都不会写入。"
        if issues else "未发现问题，可以直接导入。"
    )
    sheet.append([summary])
    sheet["A1"].font = Font(bold=True, color="C00000" if errors else "000000")
    sheet.append(["级别", "位置", "行", "列", "列名", "单元格内容", "原因"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    ordered = sorted(issues, key=lambda i: (i.severity != "error", i.row or 0, i.column or ""))
    for issue in ordered:
        sheet.append([sheet_text(value) for value in (
            "错误" if issue.severity == "error" else "提示",
            issue.location,
            issue.row,
            issue.column,
            issue.header,
            _display(issue.value),
            issue.reason,
        )])
        for cell in sheet[sheet.max_row]:
            protect_cell(cell)  # text from the upload, never a live formula
        if issue.row:
            location = sheet.cell(row=sheet.max_row, column=2)
            title = issue.sheet if issue.sheet in workbook.sheetnames else default.title
            location.hyperlink = f"#{quote_sheetname(title)}!{issue.column or 'A'}{issue.row}"
            location.font = Font(color="0563C1", underline="single")
        sheet.cell(row=sheet.max_row, column=7).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFG", (6, 26, 7, 6, 16, 24, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"


def _display(value: object) -> object:
    shown = json_value(value)
    if isinstance(shown, str) and len(shown) > 200:
        return shown[:200] + "…"
    return shown
