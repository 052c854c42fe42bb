"""The downloadable Chinese import templates: canonical headers (required ones marked ``*``), one example row,
drop-down lists for the fixed vocabularies, and a 填写说明 sheet explaining each column."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from app.services.imports.columns import COLUMNS, ColumnSpec, ListKind

INSTRUCTIONS_SHEET = "填写说明"
TEMPLATE_ROWS = 5000  # drop-down lists cover this many data rows
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_EXAMPLE_FONT = Font(color="808080", italic=True)
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def template_filename(kind: ListKind) -> str:
    return f"{kind.title}导入模板.xlsx"


def ascii_filename(kind: ListKind) -> str:
    """The file name for clients that ignore RFC 5987's ``filename*`` (the Chinese name has no ASCII letters left)."""
    return f"chainmatch_{kind.value}_template.xlsx"


def example_row(kind: ListKind) -> dict[str, str]:
    """The template's example row by column key (the import recognises and skips it if left in)."""
    return {spec.key: spec.example for spec in COLUMNS[kind]}


def build_template(kind: ListKind) -> bytes:
    columns = COLUMNS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = kind.sheet_name

    for index, spec in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=spec.template_header)
        cell.font = Font(bold=True, color="C00000" if spec.required else "000000")
        cell.fill = _REQUIRED_FILL if spec.required else _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        cell.comment = Comment(_column_note(spec), "chainmatch", width=260, height=110)
        example = sheet.cell(row=2, column=index, value=spec.example or None)
        example.font = _EXAMPLE_FONT
        sheet.column_dimensions[get_column_letter(index)].width = spec.width
        if spec.choices:
            letter = get_column_letter(index)
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(spec.choices) + '"',
                allow_blank=not spec.required,
                showErrorMessage=True,
                errorTitle="无效选项",
                error=f"{spec.header}应为：{' / '.join(spec.choices)}",
                promptTitle=spec.header,
                prompt="请从下拉列表中选择",
            )
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(validation)

    sheet.row_dimensions[1].height = 30
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
    _instructions(workbook, kind, columns)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column_note(spec: ColumnSpec) -> str:
    lines = [("必填：" if spec.required else "选填：") + spec.help]
    if spec.variants:
        # The full list is on the 填写说明 sheet; a comment box shows the first few.
        shown = "、".join(spec.variants[:6]) + ("等" if len(spec.variants) > 6 else "")
        lines.append("也可写作：" + shown)
    return "\n".join(lines)


def _instructions(workbook: Workbook, kind: ListKind, columns: tuple[ColumnSpec, ...]) -> None:
    sheet = workbook.create_sheet(INSTRUCTIONS_SHEET)
    rules = [
        f"{kind.title}填写说明",
        f"1. 数据填写在“{kind.sheet_name}”工作表，第1行为表头，从第2行起每行一个产品；第2行灰色斜体为示例，可直接覆盖或删除"
        "（未修改的示例行导入时会被跳过）。",
        "2. 带 * 的列为必填列；同一企业有多个产品时，每行都填写企业名称和统一社会信用代码，且必须一致。",
        "3. 多个值（规格型号、认证、拟配套对象、企业资质）之间用；或、分隔，也可在单元格内换行。",
        "4. 再次导入修改后的清单会按“信用代码+产品名称+规格型号”（或填写的编码）更新原有记录，不会重复新增。",
        "5. 任何一行有错误时整份文件都不会写入；系统会返回错误清单及标出错误单元格的工作簿，修改后重新导入即可。",
        "6. 也支持 CSV 文件（UTF-8 或 GBK 编码），表头与本模板一致。",
    ]
    for row, text in enumerate(rules, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = Font(bold=row == 1, size=14 if row == 1 else 11)
    start = len(rules) + 2
    table_headers = ("列名", "是否必填", "填写说明", "示例", "可识别的其他写法", "可选值")
    for col, text in enumerate(table_headers, start=1):
        cell = sheet.cell(row=start, column=col, value=text)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
    for offset, spec in enumerate(columns, start=1):
        values = (
            spec.header,
            "必填" if spec.required else "选填",
            spec.help,
            spec.example,
            "、".join(spec.variants),
            " / ".join(spec.choices),
        )
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=start + offset, column=col, value=value or None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = _BORDER
            if col == 2 and spec.required:
                cell.font = Font(color="C00000", bold=True)
    for letter, width in zip("ABCDEF", (18, 10, 56, 30, 30, 22), strict=True):
        sheet.column_dimensions[letter].width = width
