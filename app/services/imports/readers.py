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
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string
from openpyxl.utils.exceptions import InvalidFileException

from app.core.errors import PayloadTooLarge
from app.services.imports.columns import ListKind
from app.services.imports.issues import ImportInvalid, ImportIssue, column_letter

logger = logging.getLogger(__name__)

# Beyond this many columns a row is noise (a stray value far to the right); the lists have about twenty.
MAX_COLUMNS = 200
# Decompressed size guard for XLSX when the caller gives no cap of its own: a multiple of the upload cap.
XLSX_EXPANSION_FACTOR = 30
# A part that inflates more than this many times over is padding, not a list (a sheet of real rows compresses
# about 10-25 times; even runs of empty rows stay far below this). Checked for parts above MIN_RATIO_CHECK_BYTES.
MAX_COMPRESSION_RATIO = 200
MIN_RATIO_CHECK_BYTES = 8 * 1024 * 1024
# Excel's own limit: a row number beyond it is no sheet Excel wrote, and its empty gap would be read row by row.
EXCEL_MAX_ROWS = 1_048_576
# Office Open XML never uses a DTD; one in a part is an entity attack (external entities, billion laughs).
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DTD_SCAN_BYTES = 64 * 1024
# Invisible control characters (tab, line breaks allowed): they corrupt terminals, logs and PostgreSQL text (NUL).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# XML 1.0 forbids C0 controls (the parser refuses them), but DEL and the C1 range are legal XML: look for them,
# raw (UTF-8) or as character references, before looking cell by cell. (openpyxl keeps OOXML's _xHHHH_ escapes
# as literal text, which is harmless.)
_XML_CONTROL = re.compile(
    rb"\x7f|\xc2[\x80-\x9f]|&#(?:[xX]0*(?:7[fF]|[89][0-9a-fA-F])|0*(?:127|12[89]|1[34][0-9]|15[0-9]));")
# Files people upload by mistake, recognised by their first bytes, so the message says what the file is.
_SIGNATURES = (
    (b"%PDF", "PDF 文档"), (b"\x89PNG", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"), (b"GIF8", "GIF 图片"),
    (b"Rar!", "RAR 压缩包"), (b"7z\xbc\xaf", "7z 压缩包"), (b"\x1f\x8b", "gzip 压缩包"),
    (b"{\\rtf", "RTF 文档"),
)
_READ_ERRORS = (ParseError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, OSError)
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
    # (row, column index) of text cells holding invisible control characters: reported, never stored.
    control_characters: set[tuple[int, int]] = field(default_factory=set)
    # Merged ranges as (first row, first column index, last row, last column index), rows 1-based.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    # The merged ranges whose value was filled down into the rows below (``A3:A5``), in sheet order.
    filled: list[tuple[int, int, int, int]] = field(default_factory=list)

    def cell(self, row: int, col: int) -> Any:
        values = self.rows[row - 1]
        return values[col] if col < len(values) else None


@dataclass
class WorkbookData:
    """Every sheet of an upload that may hold the list (a CSV is one sheet), and those left out with the reason."""

    sheets: list[SheetData]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (sheet name, why it is not imported)
    source_format: str = "xlsx"
    encoding: str | None = None


def detect_format(content: bytes, filename: str | None) -> str:
    """``xlsx`` or ``csv``, by content first (the extension is often wrong), then by name."""
    if content.startswith(b"PK\x03\x04"):
        return "xlsx"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportInvalid([_file_issue("这是旧版 Excel 97-2003 (.xls) 文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入")])
    for signature, what in _SIGNATURES:
        if content.startswith(signature):
            raise ImportInvalid([_file_issue(
                f"这是{what}，不是 Excel 工作簿或 CSV 文件：请上传 .xlsx 或 .csv 清单 (not a spreadsheet)")])
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")):
        raise ImportInvalid([_file_issue("文件扩展名为 .xlsx 但内容不是有效的 Excel 工作簿，文件可能已损坏")])
    return "csv"


def read_workbook(
    content: bytes,
    *,
    kind: ListKind,
    filename: str | None = None,
    max_bytes: int,
    max_rows: int,
    max_expanded_bytes: int | None = None,
    progress: ProgressCallback | None = None,
) -> WorkbookData:
    """Read every sheet that may hold the list. Raises :class:`PayloadTooLarge` beyond the caps (rows counted over
    all sheets), :class:`ImportInvalid` when unreadable. Instructions, hidden and empty sheets are skipped, named.

    ``max_expanded_bytes`` caps what an XLSX's parts may inflate to (default: 30 times ``max_bytes``).
    """
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
        expanded_cap = max_expanded_bytes if max_expanded_bytes is not None else max_bytes * XLSX_EXPANSION_FACTOR
        return _read_xlsx(content, kind=kind, max_expanded_bytes=expanded_cap, max_rows=max_rows, progress=progress)
    sheet = _read_csv(content, kind=kind, max_rows=max_rows, progress=progress)
    return WorkbookData(sheets=[sheet], source_format="csv", encoding=sheet.encoding)


# --- CSV ---------------------------------------------------------------------------------------------------

_ENCODINGS = ("utf-8-sig", "gb18030")


def decode_text(content: bytes) -> tuple[str, str]:
    """Decode CSV bytes; return (text, encoding name). UTF-16 (Excel's "Unicode text") is recognised by its BOM."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    utf16 = _utf16_without_bom(content)
    if utf16 is not None:
        try:
            return content.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in content[:4096]:
        raise ImportInvalid([_file_issue("文件含有二进制内容（NUL 字节），不是文本 CSV：请上传 .xlsx 或 CSV 文件")])
    try:
        return content.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        _refuse_mixed_encoding(content, exc)
    for encoding in _ENCODINGS[1:]:
        try:
            return content.decode(encoding), encoding
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


def _utf16_without_bom(content: bytes) -> str | None:
    """UTF-16 without a byte-order mark: ASCII text (the commas, digits, line breaks) leaves a NUL in every other
    byte, on the odd positions for little-endian and the even ones for big-endian."""
    sample = content[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


def _refuse_mixed_encoding(content: bytes, exc: UnicodeDecodeError) -> None:
    """UTF-8 that breaks after plenty of valid Chinese is two files pasted together (UTF-8 and GBK), not GBK:
    decoding it all as GB18030 would import mojibake without a single error."""
    before = content[: exc.start].decode("utf-8-sig", errors="replace")
    if sum(1 for ch in before if ord(ch) > 0x7F) < 4:
        return  # nothing but ASCII before the break: an ordinary GBK file
    line = content[: exc.start].count(b"\n") + 1
    raise ImportInvalid([_file_issue(
        f"文件混用了 UTF-8 和 GBK 两种编码：前{line - 1}行是 UTF-8，第{line}行起（字节位置 {exc.start}）不是。"
        "请在 Excel 中打开后另存为“CSV UTF-8（逗号分隔）”再导入", row=line)])


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
            _check_row_position(len(rows))
            if progress and len(rows) % 5000 == 0:
                progress("read", len(rows), None)
    except csv.Error as exc:
        raise ImportInvalid([_file_issue(f"CSV 格式错误（第{reader.line_num}行）：{exc}", row=reader.line_num)]) from exc
    logger.info("read CSV (%s): %d rows", encoding, len(rows))
    control = _control_cells(rows) if CONTROL_CHARACTERS.search(text) else set()
    return SheetData(name=kind.sheet_name, source_format="csv", rows=rows, encoding=encoding,
                     control_characters=control)


# --- XLSX --------------------------------------------------------------------------------------------------


def _read_xlsx(
    content: bytes, *, kind: ListKind, max_expanded_bytes: int, max_rows: int, progress: ProgressCallback | None
) -> WorkbookData:
    control_suspected = _inspect_archive(content, max_expanded_bytes=max_expanded_bytes)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, *_READ_ERRORS) as exc:
        raise ImportInvalid([_file_issue(f"无法读取 Excel 工作簿：{exc}")]) from exc
    sheets: list[SheetData] = []
    parts: dict[str, str | None] = {}
    try:
        hidden = {ws.title for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") != "visible"}
        names, skipped = candidate_sheets(workbook.sheetnames, kind, hidden=hidden)
        data_rows = 0
        for sheet_name in names:
            worksheet = workbook[sheet_name]
            if not hasattr(worksheet, "iter_rows"):  # a chart sheet: nothing to read
                skipped.append((sheet_name, "图表工作表，没有数据"))
                continue
            # openpyxl knows which part of the zip holds the sheet; None only if its internals change.
            parts[sheet_name] = getattr(worksheet, "_worksheet_path", None)
            # The stored dimension is often wrong (files written by other tools say A1:A1); read the real extent.
            worksheet.reset_dimensions()
            rows: list[tuple[Any, ...]] = []
            try:
                for values in worksheet.iter_rows(values_only=True):
                    row = tuple(_clean_xlsx_value(v) for v in values[:MAX_COLUMNS])
                    rows.append(row)
                    if any(v is not None for v in row):
                        data_rows += 1
                        _check_row_cap(data_rows - len(sheets), max_rows)
                    _check_row_position(len(rows), sheet=sheet_name)
                    if progress and len(rows) % 5000 == 0:
                        progress("read", len(rows), None)
            except _READ_ERRORS as exc:
                raise _corrupt(sheet_name, len(rows) + 1, exc) from exc
            if not any(any(v is not None for v in row) for row in rows):
                skipped.append((sheet_name, "空工作表"))
                continue
            sheets.append(SheetData(name=sheet_name, source_format="xlsx", rows=rows))
    finally:
        workbook.close()
    for sheet in sheets:
        try:
            has_formulas, merged = _scan_sheet_part(content, parts.get(sheet.name))
            if has_formulas:
                sheet.uncached_formulas = _uncached_formula_cells(content, sheet.name, sheet.rows)
        except _READ_ERRORS as exc:
            raise _corrupt(sheet.name, None, exc) from exc
        sheet.merged = merged
        sheet.filled = _fill_merged_down(sheet)
        sheet.control_characters = _control_cells(sheet.rows) if control_suspected else set()
        logger.info("read XLSX sheet %s: %d rows, %d merged ranges", sheet.name, len(sheet.rows), len(merged))
    return WorkbookData(sheets=sheets, skipped=skipped)


def _fill_merged_down(sheet: SheetData) -> list[tuple[int, int, int, int]]:
    """Give every row of a vertically merged range the value Excel shows there (its top-left cell's).

    Associations merge a company's name and credit code down over its product rows; read cell by cell, only the
    first row has them. Only the range's first column is filled: a range merged across columns shows its value
    once, and the columns to its right are other fields. Returns the ranges filled.
    """
    filled: list[tuple[int, int, int, int]] = []
    rows = sheet.rows
    # Overlapping ranges are no file Excel wrote; the budget keeps a crafted one from costing more than a pass.
    budget = 2 * (len(rows) + 1) * MAX_COLUMNS
    for first_row, col, last_row, _last_col in sheet.merged:
        if last_row <= first_row or first_row > len(rows) or col >= MAX_COLUMNS:
            continue
        top = rows[first_row - 1][col] if col < len(rows[first_row - 1]) else None
        if top is None:
            continue
        changed = False
        for row_number in range(first_row + 1, min(last_row, len(rows)) + 1):
            budget -= 1
            if budget < 0:
                raise ImportInvalid([ImportIssue(
                    sheet=sheet.name, row=None, column=None, header=None, value=None,
                    reason="工作表的合并单元格相互重叠，不是 Excel 正常保存的表格，已拒绝")])
            values = rows[row_number - 1]
            if col < len(values) and values[col] is not None:
                continue
            padded = list(values) + [None] * (col + 1 - len(values))
            padded[col] = top
            rows[row_number - 1] = tuple(padded)
            changed = True
        if changed:
            filled.append((first_row, col, last_row, _last_col))
    return filled


def _inspect_archive(content: bytes, *, max_expanded_bytes: int) -> bool:
    """Refuse a workbook by what its zip declares, before anything is inflated: total size, per-part ratio, a DTD
    in any XML part. Returns whether a sheet or the shared strings may hold DEL or C1 control characters.

    The declared sizes cannot be exceeded: Python's zip reader stops at the declared size and the CRC check then
    fails, which is reported as a damaged file.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            expanded = sum(info.file_size for info in infos)
            if expanded > max_expanded_bytes:
                raise PayloadTooLarge(
                    f"工作簿解压后过大（{expanded / 1048576:.0f} MB，上限 {max_expanded_bytes / 1048576:.0f} MB），"
                    "请拆分后分批导入 (workbook expands beyond the cap)",
                    detail={"expanded_bytes": expanded, "max_expanded_bytes": max_expanded_bytes},
                    code="workbook_too_large",
                )
            for info in infos:
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > MIN_RATIO_CHECK_BYTES and ratio > MAX_COMPRESSION_RATIO:
                    raise PayloadTooLarge(
                        f"工作簿部件 {info.filename} 压缩比异常（{ratio:.0f} 倍，解压后 {info.file_size / 1048576:.0f} MB），"
                        "疑似压缩炸弹，已拒绝 (suspicious compression ratio)",
                        detail={"part": info.filename, "ratio": round(ratio), "expanded_bytes": info.file_size},
                        code="workbook_too_large",
                    )
            for info in infos:
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with archive.open(info) as part:
                    head = part.read(_DTD_SCAN_BYTES)
                if _DTD.search(head):
                    raise ImportInvalid([_file_issue(
                        f"工作簿部件 {info.filename} 含有 DTD/实体声明（Excel 不会写入），可能是 XML 实体攻击，已拒绝")])
            return any(_part_matches(archive, info, _XML_CONTROL) for info in infos
                       if info.filename.startswith(("xl/worksheets/", "xl/sharedStrings")))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise ImportInvalid([_file_issue(f"Excel 文件已损坏，无法打开：{exc}")]) from exc


def _part_matches(archive: zipfile.ZipFile, info: zipfile.ZipInfo, pattern: re.Pattern[bytes]) -> bool:
    """A byte scan of one part, inflated in chunks: far cheaper than parsing it."""
    with archive.open(info) as source:
        tail = b""
        while chunk := source.read(1 << 20):
            if pattern.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _corrupt(sheet_name: str, row: int | None, exc: BaseException) -> ImportInvalid:
    where = f"工作表“{sheet_name}”" + (f"第{row}行附近" if row else "")
    return ImportInvalid([ImportIssue(sheet=sheet_name, row=row, column=None, header=None, value=None,
                                      reason=f"Excel 文件已损坏或格式无效，{where}无法读取：{type(exc).__name__}: {exc}")])


def _control_cells(rows: list[tuple[Any, ...]]) -> set[tuple[int, int]]:
    """(row, column index) of every text cell holding a control character; only run when some may be present."""
    return {
        (row_number, col)
        for row_number, values in enumerate(rows, start=1)
        for col, value in enumerate(values)
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value)
    }


INSTRUCTION_SHEETS = frozenset({"填写说明", "填表说明", "填报说明", "说明", "导入说明"})


def candidate_sheets(
    sheetnames: list[str], kind: ListKind, *, hidden: set[str] | frozenset[str] = frozenset()
) -> tuple[list[str], list[tuple[str, str]]]:
    """The sheets that may hold the list, in workbook order, and the others with the reason they are left out.

    Instructions (填写说明) and the other list's sheet are never read as this list. A hidden sheet is never
    imported: whoever uploads the file cannot see what it holds; a hidden sheet named after the list is an error.
    """
    other = ListKind.DEMAND if kind is ListKind.SUPPLY else ListKind.SUPPLY
    names: list[str] = []
    skipped: list[tuple[str, str]] = []
    first_visible: str | None = None
    for name in sheetnames:
        stripped = name.strip()
        if stripped == kind.sheet_name and name in hidden:
            raise ImportInvalid([_file_issue(
                f"工作表“{name}”是隐藏的：隐藏的内容不会被导入，请在 Excel 中取消隐藏并核对后再导入")])
        if stripped == "导入错误":  # the sheet an annotated workbook adds
            skipped.append((name, "上次校验列出的问题，不是清单"))
        elif stripped in INSTRUCTION_SHEETS or stripped.endswith("说明"):
            skipped.append((name, "填写说明，不是清单"))
        elif name in hidden:
            skipped.append((name, "隐藏的工作表，未导入"))
        elif stripped == other.sheet_name:
            skipped.append((name, f"这是{other.title}，未作为{kind.title}导入"))
            first_visible = first_visible or name
        else:
            names.append(name)
            first_visible = first_visible or name
    if first_visible is not None and first_visible.strip() == other.sheet_name and not any(
            n.strip() == kind.sheet_name for n in names):
        raise ImportInvalid([_file_issue(
            f"这是{other.title}（工作表“{other.sheet_name}”），不是{kind.title}：请按{other.title}导入，"
            f"或把数据放在名为“{kind.sheet_name}”的工作表中"
        )])
    if not names:
        raise ImportInvalid([_file_issue("工作簿中没有可导入的工作表")])
    return names, skipped


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


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"')
# Excel caps merged ranges far below this; more is a crafted file, and each range costs work when filled.
MAX_MERGED_RANGES = 100_000


def _scan_sheet_part(content: bytes, sheet_part: str | None) -> tuple[bool, list[tuple[int, int, int, int]]]:
    """Whether the sheet's XML holds a formula, and its merged ranges: one byte scan, far cheaper than a parse
    (the read-only reader, which keeps memory flat on big lists, does not read merged ranges)."""
    if sheet_part is None:  # pragma: no cover - openpyxl internals moved: take the slow, exact formula path
        return True, []
    has_formula = False
    refs: set[tuple[bytes, ...]] = set()
    with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(sheet_part.lstrip("/")) as source:
        tail = b""
        while chunk := source.read(1 << 20):
            window = tail + chunk
            if not has_formula and _FORMULA_TAG.search(window):
                has_formula = True
            if b"mergeCell" in window:
                refs.update(match.groups() for match in _MERGE_REF.finditer(window))
                if len(refs) > MAX_MERGED_RANGES:
                    raise ValueError(f"more than {MAX_MERGED_RANGES} merged ranges")
            tail = chunk[-80:]  # longer than a mergeCell tag: one cut by the chunk boundary is seen whole
    merged = []
    for first_col, first_row, last_col, last_row in refs:
        top, bottom = sorted((int(first_row), int(last_row)))
        left, right = sorted((column_index_from_string(first_col.decode()) - 1,
                              column_index_from_string(last_col.decode()) - 1))
        merged.append((top, left, bottom, right))
    return has_formula, sorted(merged)


def _check_row_position(row_number: int, *, sheet: str | None = None) -> None:
    if row_number > EXCEL_MAX_ROWS:
        raise ImportInvalid([ImportIssue(
            sheet=sheet, row=row_number, column=None, header=None, value=None,
            reason=f"第{row_number}行超出 Excel 的最大行数 {EXCEL_MAX_ROWS}，文件不是 Excel 正常保存的表格，已拒绝",
        )])


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


__all__ = [
    "CONTROL_CHARACTERS", "SheetData", "WorkbookData", "candidate_sheets", "column_letter", "decode_text", "detect_format",
    "read_workbook",
]
