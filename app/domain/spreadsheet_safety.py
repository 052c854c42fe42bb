"""Writing people's text into XLSX safely: never as a live formula, never with characters Excel refuses.

Text typed by users (product names, enterprise names, reasons) can start with ``=``, ``+``, ``-`` or ``@``; Excel
treats such a cell as a formula when the text is re-entered, and ``=HYPERLINK(...)`` or ``=WEBSERVICE(...)``
can leak data or mislead whoever opens the file. Every such cell is written as a string with Excel's
"quote prefix" (the leading apostrophe), so it shows the text exactly as typed and is never evaluated.
Control characters that XML 1.0 cannot hold are shown as U+FFFD instead of making the whole export fail.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.workbook import Workbook

FORMULA_TRIGGERS = ("=", "+", "-", "@")


def sheet_text(value: Any) -> Any:
    """A value openpyxl will accept: strings lose the control characters an XLSX cannot hold."""
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def protect_cell(cell: Cell) -> Cell:
    """Make a cell holding user text inert: a formula-looking string stays a quoted string."""
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def write_text_cell(sheet: Any, row: int, column: int, value: Any) -> Cell:
    """Write user text at (row, column) as inert text."""
    return protect_cell(sheet.cell(row=row, column=column, value=sheet_text(value)))


def protect_workbook(workbook: Workbook) -> Workbook:
    """Make every cell of an export inert: for workbooks built only from data (no intended formulas)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                protect_cell(cell)
    return workbook
