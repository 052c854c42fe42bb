"""The uploaded list returned with its problems marked: each bad cell filled red with a comment giving the
reason, and a first sheet 导入错误 listing every problem with a link to its cell. CSV input comes back as an
XLSX built from its rows, so people can fix it in Excel either way."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from app.services.imports.issues import ImportIssue, json_value
from app.services.imports.readers import SheetData
from app.services.spreadsheet_safety import protect_cell, sheet_text, write_text_cell

ERRORS_SHEET = "导入错误"
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
_COMMENT_AUTHOR = "chainmatch 导入校验"


def annotate_workbook(
    content: bytes, sheet: SheetData | None, issues: Iterable[ImportIssue], *, sheet_name: str, header_row: int | None
) -> bytes:
    """Return XLSX bytes: the uploaded workbook (or the CSV's rows) with every problem marked."""
    issues = list(issues)
    if sheet is not None and sheet.source_format == "xlsx":
        workbook = load_workbook(io.BytesIO(content))
        target = workbook[sheet.name] if sheet.name in workbook.sheetnames else workbook.worksheets[0]
    else:
        workbook = Workbook()
        target = workbook.active
        target.title = sheet.name if sheet is not None else sheet_name
        for row_number, values in enumerate(sheet.rows if sheet is not None else (), start=1):
            for col, value in enumerate(values, start=1):
                if value is not None:
                    _write_text(target, row_number, col, value)
    if ERRORS_SHEET in workbook.sheetnames:  # a re-upload of an annotated workbook: start afresh
        del workbook[ERRORS_SHEET]
        _clear_marks(target)

    _mark_cells(target, issues, header_row=header_row)
    _errors_sheet(workbook, target, issues)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
    by_cell: dict[tuple[int, int], list[ImportIssue]] = defaultdict(list)
    for issue in issues:
        if issue.row is None and issue.column is None:
            continue
        row = issue.row or header_row or 1
        col = column_index_from_string(issue.column) if issue.column else 1
        by_cell[(row, col)].append(issue)
    for (row, col), cell_issues in by_cell.items():
        cell = target.cell(row=row, column=col)
        has_error = any(i.severity == "error" for i in cell_issues)
        cell.fill = ERROR_FILL if has_error else WARNING_FILL
        lines = [("错误：" if i.severity == "error" else "提示：") + _comment_line(i, col) for i in cell_issues]
        text = sheet_text("\n".join(lines))
        if cell.comment is not None and cell.comment.author != _COMMENT_AUTHOR:
            text = cell.comment.text + "\n\n" + text
        cell.comment = Comment(text, _COMMENT_AUTHOR, width=320, height=min(60 + 40 * len(lines), 400))


def _comment_line(issue: ImportIssue, col: int) -> str:
    # A problem without its own cell (e.g. a missing column) is parked on column A: say which column it is about.
    if issue.column is None and issue.header:
        return f"[{issue.header}] {issue.reason}"
    return issue.reason


def _errors_sheet(workbook: Workbook, target: Worksheet, issues: list[ImportIssue]) -> None:
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
            location.hyperlink = f"#{quote_sheetname(target.title)}!{issue.column or 'A'}{issue.row}"
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
