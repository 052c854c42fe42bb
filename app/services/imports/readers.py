"""Reading an uploaded list into rows of cell values: XLSX (openpyxl, read-only, cached values) or CSV.

CSV comes from Excel in China as GBK/GB18030 as often as UTF-8, so the encoding is detected: UTF-8 (with or
without BOM) first, then GB18030, a superset of GBK. A file that decodes as neither is refused with a clear
error rather than imported as mojibake.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from app.core.errors import PayloadTooLarge
from app.services.imports.columns import ListKind
from app.services.imports.issues import ImportInvalid, ImportIssue, column_letter

logger = logging.getLogger(__name__)

# Beyond this many columns a row is noise (a stray value far to the right); the lists have about twenty.
MAX_COLUMNS = 200
# Decompressed size guard for XLSX (a zip bomb is small on the wire): a multiple of the upload cap.
XLSX_EXPANSION_FACTOR = 30
# Excel's own cell error values, which a formula leaves in its cached result.
EXCEL_ERROR_VALUES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"})
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")

ProgressCallback = Callable[[str, int, int | None], None]


@dataclass
class SheetData:
    """The cells of one sheet: ``rows[i]`` is Excel row ``i + 1`` (so row numbers match what people see)."""

    name: str
    source_format: str  # "xlsx" | "csv"
    rows: list[tuple[Any, ...]]
    encoding: str | None = None
    # (row, column index) of cells whose formula has no cached value: reported, never guessed.
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)

    def cell(self, row: int, col: int) -> Any:
        values = self.rows[row - 1]
        return values[col] if col < len(values) else None


def detect_format(content: bytes, filename: str | None) -> str:
    """``xlsx`` or ``csv``, by content first (the extension is often wrong), then by name."""
    if content.startswith(b"PK\x03\x04"):
        return "xlsx"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportInvalid([_file_issue("这是旧版 Excel 97-2003 (.xls) 文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入")])
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")):
        raise ImportInvalid([_file_issue("文件扩展名为 .xlsx 但内容不是有效的 Excel 工作簿，文件可能已损坏")])
    return "csv"


def read_sheet(
    content: bytes,
    *,
    kind: ListKind,
    filename: str | None = None,
    max_bytes: int,
    max_rows: int,
    progress: ProgressCallback | None = None,
) -> SheetData:
    """Read the list's sheet. Raises :class:`PayloadTooLarge` beyond the caps, :class:`ImportInvalid` when unreadable."""
    if len(content) > max_bytes:
        raise PayloadTooLarge(
            f"文件大小 {len(content) / 1048576:.1f} MB 超过上限 {max_bytes / 1048576:.1f} MB，请拆分后分批导入 "
            f"(file exceeds {max_bytes} bytes)",
            detail={"max_bytes": max_bytes, "bytes": len(content)},
        )
    if not content.strip():
        raise ImportInvalid([_file_issue("文件为空")])
    fmt = detect_format(content, filename)
    if fmt == "xlsx":
        return _read_xlsx(content, kind=kind, max_bytes=max_bytes, max_rows=max_rows, progress=progress)
    return _read_csv(content, kind=kind, max_rows=max_rows, progress=progress)


# --- CSV ---------------------------------------------------------------------------------------------------

_ENCODINGS = ("utf-8-sig", "gb18030")


def decode_text(content: bytes) -> tuple[str, str]:
    """Decode CSV bytes; return (text, encoding name). UTF-16 (Excel's "Unicode text") is recognised by its BOM."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    for encoding in _ENCODINGS:
        try:
            return content.decode(encoding), ("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError:
            continue
    # Say where it broke: people can find the line in a text editor.
    try:
        content.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        where = f"第{line}行附近（字节位置 {exc.start}）"
    else:  # pragma: no cover - decoded above
        where = ""
    raise ImportInvalid([
        _file_issue(
            f"无法识别文件编码：既不是 UTF-8，也不是 GBK/GB18030，{where}出现无法解码的字节。"
            "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后再导入"
        )
    ])


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    counts = {d: sample.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(content: bytes, *, kind: ListKind, max_rows: int, progress: ProgressCallback | None) -> SheetData:
    text, encoding = decode_text(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    rows: list[tuple[Any, ...]] = []
    data_rows = 0
    try:
        for values in reader:
            row = tuple(v if v.strip() else None for v in values[:MAX_COLUMNS])
            rows.append(row)
            if any(v is not None for v in row):
                data_rows += 1
                _check_row_cap(data_rows, max_rows)
            if progress and len(rows) % 5000 == 0:
                progress("read", len(rows), None)
    except csv.Error as exc:
        raise ImportInvalid([_file_issue(f"CSV 格式错误（第{reader.line_num}行）：{exc}", row=reader.line_num)]) from exc
    logger.info("read CSV (%s): %d rows", encoding, len(rows))
    return SheetData(name=kind.sheet_name, source_format="csv", rows=rows, encoding=encoding)


# --- XLSX --------------------------------------------------------------------------------------------------


def _read_xlsx(
    content: bytes, *, kind: ListKind, max_bytes: int, max_rows: int, progress: ProgressCallback | None
) -> SheetData:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ImportInvalid([_file_issue("Excel 文件已损坏，无法打开")]) from exc
    if expanded > max_bytes * XLSX_EXPANSION_FACTOR:
        raise PayloadTooLarge(
            f"工作簿解压后过大（{expanded / 1048576:.0f} MB），请拆分后分批导入 (workbook expands beyond the cap)",
            detail={"expanded_bytes": expanded},
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportInvalid([_file_issue(f"无法读取 Excel 工作簿：{exc}")]) from exc
    try:
        sheet_name = pick_sheet(workbook.sheetnames, kind)
        worksheet = workbook[sheet_name]
        # openpyxl knows which part of the zip holds the sheet; None only if its internals change.
        sheet_part = getattr(worksheet, "_worksheet_path", None)
        # The stored dimension is often wrong (files written by other tools say A1:A1); read the real extent.
        worksheet.reset_dimensions()
        rows: list[tuple[Any, ...]] = []
        data_rows = 0
        for values in worksheet.iter_rows(values_only=True):
            row = tuple(_clean_xlsx_value(v) for v in values[:MAX_COLUMNS])
            rows.append(row)
            if any(v is not None for v in row):
                data_rows += 1
                _check_row_cap(data_rows, max_rows)
            if progress and len(rows) % 5000 == 0:
                progress("read", len(rows), None)
    finally:
        workbook.close()
    uncached = _uncached_formula_cells(content, sheet_name, rows) if _has_formulas(content, sheet_part) else set()
    logger.info("read XLSX sheet %s: %d rows", sheet_name, len(rows))
    return SheetData(name=sheet_name, source_format="xlsx", rows=rows, uncached_formulas=uncached)


def pick_sheet(sheetnames: list[str], kind: ListKind) -> str:
    """The sheet named after the list if there is one, else the first sheet that is not the instructions."""
    for name in sheetnames:
        if name.strip() == kind.sheet_name:
            return name
    other = ListKind.DEMAND if kind is ListKind.SUPPLY else ListKind.SUPPLY
    candidates = [n for n in sheetnames if n.strip() not in {"填写说明", "导入错误"}]
    if not candidates:
        raise ImportInvalid([_file_issue("工作簿中没有可导入的工作表")])
    if candidates[0].strip() == other.sheet_name:
        raise ImportInvalid([_file_issue(
            f"这是{other.title}（工作表“{other.sheet_name}”），不是{kind.title}：请按{other.title}导入，"
            f"或把数据放在名为“{kind.sheet_name}”的工作表中"
        )])
    return candidates[0]


def _clean_xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return value if value.strip() else None
    return value


def _uncached_formula_cells(content: bytes, sheet_name: str, rows: list[tuple[Any, ...]]) -> set[tuple[int, int]]:
    """Cells holding a formula whose result Excel never saved (files written by scripts, not by Excel).

    A read with cached values sees them as blank; rather than import a blank where the sheet shows a value,
    they are reported. Costs a second pass only for sheets that contain formulas at all.
    """
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    try:
        worksheet = workbook[sheet_name]
        worksheet.reset_dimensions()
        found: set[tuple[int, int]] = set()
        for row_number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            for col, raw in enumerate(values[:MAX_COLUMNS]):
                is_formula = (isinstance(raw, str) and raw.startswith("=")) or (
                    raw is not None and not isinstance(raw, str | int | float | bool | dt.date | dt.time | dt.timedelta)
                )
                if is_formula:
                    cached = rows[row_number - 1][col] if row_number <= len(rows) and col < len(rows[row_number - 1]) else None
                    if cached is None:
                        found.add((row_number, col))
        return found
    finally:
        workbook.close()


def _has_formulas(content: bytes, sheet_part: str | None) -> bool:
    """Whether the sheet's XML holds any formula element: a byte scan, far cheaper than a second parse."""
    if sheet_part is None:  # pragma: no cover - openpyxl internals moved: take the slow, exact path
        return True
    with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(sheet_part.lstrip("/")) as source:
        tail = b""
        while chunk := source.read(1 << 20):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _check_row_cap(data_rows: int, max_rows: int) -> None:
    # The header row counts as a row here, so allow one more than the cap of data rows.
    if data_rows > max_rows + 1:
        raise PayloadTooLarge(
            f"数据行数超过上限 {max_rows} 行，请拆分后分批导入 (more than {max_rows} rows)",
            detail={"max_rows": max_rows},
            code="too_many_rows",
        )


def _file_issue(reason: str, row: int | None = None) -> ImportIssue:
    return ImportIssue(sheet=None, row=row, column=None, header=None, value=None, reason=reason)


__all__ = ["SheetData", "column_letter", "decode_text", "detect_format", "pick_sheet", "read_sheet"]
