"""Importing a supply or demand list: read, recognise headers, validate every row, then write in one transaction.

Every sheet of a workbook that looks like a list is imported, as one list: an enterprise or an item is the same one
on whichever sheet it appears, and each issue names its sheet. Rows that are titles, notes or footers are skipped
and named; merged cells have already been filled down by the reader.

Every problem is collected (not only the first) with its sheet, row, column and reason. Any error means nothing
is written: the caller's transaction is rolled back (the API's session dependency, or the CLI). A dry run does
the whole import inside a savepoint and rolls it back, so it reports exactly what a real run would do, including
the problems only the database can reveal; it then marks the transaction to end in ROLLBACK (see
:func:`app.core.db.end_with_rollback`).
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.db import end_with_rollback
from app.core.errors import ChainmatchError, Forbidden
from app.models import ApiRole, DemandItem, Enterprise, EnterpriseRole, SupplyItem
from app.schemas.enterprises import EnterpriseCreate
from app.schemas.items import DemandItemCreate, SupplyItemCreate
from app.schemas.validators import normalise_credit_code, split_multi
from app.services.auth import Principal
from app.services.chains import chain_key
from app.services.enterprises import upsert_enterprise
from app.services.imports.cells import cell_text, one_line, parse_date, parse_price
from app.services.imports.columns import ENTERPRISE_KEYS, ListKind, column_spec
from app.services.imports.headers import HeaderMap, looks_like_list, map_headers
from app.services.imports.issues import ImportInvalid, ImportIssue, IssueLog, column_letter, json_value
from app.services.imports.readers import (
    CONTROL_CHARACTERS,
    EXCEL_ERROR_VALUES,
    ProgressCallback,
    SheetData,
    WorkbookData,
    read_workbook,
)
from app.services.imports.templates import example_row
from app.services.items.demand_items import DEMAND_ITEMS
from app.services.items.lookups import Lookups
from app.services.items.supply_items import SUPPLY_ITEMS
from app.services.notifications.notices import tell_import

logger = logging.getLogger(__name__)

# Beyond this many, errors are counted but not listed: a wrong file would otherwise answer megabytes.
MAX_LISTED_ERRORS = 2000
# Updates are flushed in batches; SQLAlchemy's unit of work is much faster per row in bulk.
FLUSH_EVERY = 1000
PROGRESS_EVERY = 5000

# schema field → column key, to put a validation error on the cell it came from
_ENTERPRISE_FIELDS = {
    "name": "enterprise_name", "credit_code": "credit_code", "size_class": "size_class", "province": "province",
    "city": "city", "district": "district", "contact_person": "contact_person", "phone": "phone",
    "email": "email", "qualifications": "qualifications", "chains": "chain",
}
_SUPPLY_FIELDS = {
    "item_code": "item_code", "category": "category", "product_name": "product_name", "description": "description",
    "part_numbers": "part_numbers", "capacity": "capacity", "certifications": "certifications",
    "intended_customers": "intended_customers", "chain": "chain", "status": "status",
}
_DEMAND_FIELDS = {
    "item_code": "item_code", "category": "category", "product_name": "product_name",
    "specification": "specification", "part_numbers": "part_numbers", "annual_quantity": "annual_quantity",
    "quantity_unit": "quantity_unit", "price_min": "price", "price_max": "price", "price_unit": "price",
    "certifications": "certifications", "preferred_region": "preferred_region", "chain": "chain",
    "valid_until": "valid_until", "status": "status", "confidential": "confidential",
}
# Fields whose cell is passed as typed (a number stays a number); every other cell is passed as text.
_RAW_FIELDS = {"annual_quantity"}
# Cells whose line breaks mean something: long texts, and lists whose entries a line break separates.
_MULTILINE_FIELDS = {"description", "specification", "part_numbers", "certifications", "intended_customers"}


@dataclass
class SheetReport:
    """What one sheet of the workbook gave."""

    name: str
    header_row: int
    rows_total: int = 0
    rows_imported: int = 0
    rows_skipped: int = 0
    items_created: int = 0
    items_updated: int = 0
    items_unchanged: int = 0
    merged_filled: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SkippedSheet:
    name: str
    reason: str


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do). The totals add up the sheets in ``sheets``."""

    kind: ListKind
    filename: str | None
    sheet: str  # the first sheet imported
    source_format: str
    encoding: str | None
    dry_run: bool
    header_row: int  # the first sheet's
    rows_total: int = 0
    rows_imported: int = 0
    rows_skipped: int = 0
    enterprises_created: int = 0
    enterprises_updated: int = 0
    enterprises_unchanged: int = 0
    items_created: int = 0
    items_updated: int = 0
    items_unchanged: int = 0
    sheets: list[SheetReport] = field(default_factory=list)
    skipped_sheets: list[SkippedSheet] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    elapsed_seconds: float = 0.0
    sheet_data: list[SheetData] = field(default_factory=list, repr=False)
    header_rows: dict[str, int] = field(default_factory=dict, repr=False)


@dataclass
class _Tally:
    """Errors counted over every sheet of the workbook (only the first MAX_LISTED_ERRORS are listed)."""

    error_count: int = 0


@dataclass
class _Context:
    kind: ListKind
    sheet: SheetData
    header: HeaderMap
    log: IssueLog
    report: SheetReport
    tally: _Tally = field(default_factory=_Tally)

    @property
    def error_count(self) -> int:
        return self.tally.error_count

    def place(self, row: int, other: _Context | None = None) -> str:
        """``第5行``, or ``工作表“二季度”第5行`` when the row is on another sheet than ``other``'s."""
        return f"第{row}行" if other is None or other.sheet is self.sheet else f"工作表“{self.sheet.name}”第{row}行"

    def locate(self, row: int, key: str | None, value: Any, reason: str, *, severity: str = "error") -> ImportIssue:
        spec_header = None
        letter = None
        if key is not None:
            letter = self.header.letter(key)
            spec_header = self.header.headers.get(key) or column_spec(self.kind, key).header
        return ImportIssue(sheet=self.sheet.name, row=row, column=letter, header=spec_header,
                           value=json_value(value), reason=reason, severity=severity)

    def error(self, row: int, key: str | None, value: Any, reason: str) -> None:
        self.tally.error_count += 1
        if len(self.log.errors) < MAX_LISTED_ERRORS:
            self.log.errors.append(self.locate(row, key, value, reason))

    def warning(self, row: int, key: str | None, value: Any, reason: str) -> None:
        if len(self.log.warnings) < MAX_LISTED_ERRORS:
            self.log.warnings.append(self.locate(row, key, value, reason, severity="warning"))

    def cell(self, values: tuple, key: str) -> Any:
        index = self.header.columns.get(key)
        if index is None or index >= len(values):
            return None
        return values[index]


@dataclass
class _Row:
    context: _Context
    row: int
    credit_code: str
    enterprise: EnterpriseCreate
    item: BaseModel
    chain: str | None


@dataclass
class _Seen:
    """What the rows of every sheet share: each enterprise once, each item once, across the whole workbook."""

    lookups_chains: dict
    example: dict[str, str]
    enterprise_cache: dict[tuple, tuple[EnterpriseCreate | None, list[tuple[str | None, Any, str]]]] = field(
        default_factory=dict)
    first_row_of: dict[str, tuple[_Context, int, str]] = field(default_factory=dict)  # credit code → where, name
    identities: dict[tuple, tuple[_Context, int]] = field(default_factory=dict)
    codes: dict[tuple[str, str], tuple[_Context, int]] = field(default_factory=dict)


def import_list(
    *,
    db_session: Session,
    kind: ListKind,
    content: bytes,
    settings: Settings,
    filename: str | None = None,
    principal: Principal | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Import one list file. ``principal`` None means a trusted caller (the CLI, run by an operator).

    Raises :class:`ImportInvalid` (422) listing every problem, :class:`PayloadTooLarge` (413) beyond the caps,
    :class:`Forbidden` (403) when the key's role may not import this list. Only flushes; the caller commits.
    """
    started = time.perf_counter()
    own_credit_code = _check_role(db_session, kind, principal)
    workbook = read_workbook(content, kind=kind, filename=filename, max_bytes=settings.import_max_bytes,
                             max_rows=settings.import_max_rows, max_expanded_bytes=settings.import_max_expanded_bytes,
                             progress=progress)
    log = IssueLog()
    contexts, skipped = _list_sheets(workbook, kind, log)
    sheets = workbook.sheets
    if log.errors:
        raise _invalid(log, sheets, contexts, error_count=len(log.errors))
    first = contexts[0]
    result = ImportResult(kind=kind, filename=filename, sheet=first.sheet.name, source_format=workbook.source_format,
                          encoding=workbook.encoding, dry_run=dry_run, header_row=first.header.header_row,
                          sheets=[c.report for c in contexts], skipped_sheets=skipped, sheet_data=sheets,
                          header_rows={c.sheet.name: c.header.header_row for c in contexts})

    seen = _Seen(lookups_chains=Lookups().chains(db_session=db_session), example=example_row(kind))
    rows: list[_Row] = []
    for context in contexts:
        rows.extend(_validate_rows(db_session, context, seen, own_credit_code=own_credit_code, progress=progress))
    if first.error_count:
        raise _invalid(log, sheets, contexts, error_count=first.error_count)

    savepoint = db_session.begin_nested()
    try:
        with _ChangeLog(db_session) as changes:
            _write(db_session, first, rows, result, changes, progress=progress)
        if first.error_count:
            raise _invalid(log, sheets, contexts, error_count=first.error_count)
    except BaseException as exc:
        if savepoint.is_active:
            savepoint.rollback()
        if isinstance(exc, ImportInvalid):
            exc.sheet, exc.header_row = sheets, {c.sheet.name: c.header.header_row for c in contexts}
        raise
    if dry_run:
        savepoint.rollback()
        # And the whole transaction ends in ROLLBACK, never COMMIT: the pages a ROLLBACK TO restores would be
        # written again at COMMIT, and after a large one SQLite 3.40 (WAL) wrote them so that the commits of every
        # connection after it were lost on a crash. A dry run has nothing to keep.
        end_with_rollback(db_session)
    else:
        savepoint.commit()

    for report in result.sheets:
        for name in ("rows_total", "rows_imported", "rows_skipped", "items_created", "items_updated",
                     "items_unchanged"):
            setattr(result, name, getattr(result, name) + getattr(report, name))
    result.warnings = log.warnings
    result.elapsed_seconds = round(time.perf_counter() - started, 3)
    if not dry_run and principal is not None and principal.enterprise_id is not None:
        # the enterprise's other users hear of it too (in the same transaction: a rolled-back import tells nobody)
        tell_import(db_session, enterprise_id=principal.enterprise_id, kind_label=kind.title, ok=True,
                    file_name=filename,
                    summary=f"导入 {result.rows_imported} 行：新增 {result.items_created} 条，更新 {result.items_updated} 条，"
                            f"未变 {result.items_unchanged} 条，跳过 {result.rows_skipped} 行。")
    logger.info(
        "%s import of %s%s: %d rows from %d sheets, enterprises +%d/~%d/=%d, items +%d/~%d/=%d, %d skipped in %.1fs",
        kind.value, filename or "<upload>", " (dry run)" if dry_run else "", result.rows_imported,
        len(result.sheets), result.enterprises_created, result.enterprises_updated, result.enterprises_unchanged,
        result.items_created, result.items_updated, result.items_unchanged, result.rows_skipped,
        result.elapsed_seconds,
    )
    return result


def _check_role(db_session: Session, kind: ListKind, principal: Principal | None) -> str | None:
    """Operators import anything; a chain leader only its demand list, an SME only its supply list.

    Returns the credit code every row must carry for a tenant key (None for operators).
    """
    if principal is None or principal.is_operator:
        return None
    allowed = {ListKind.DEMAND: ApiRole.CHAIN_LEADER, ListKind.SUPPLY: ApiRole.SME}[kind]
    if principal.role is not allowed or principal.enterprise_id is None:
        raise Forbidden(
            f"{principal.role.label}密钥不能导入{kind.title} (this role cannot import the {kind.value} list)"
        )
    enterprise = db_session.get(Enterprise, principal.enterprise_id)
    if enterprise is None:  # pragma: no cover - keys are deleted with their enterprise
        raise Forbidden()
    return enterprise.credit_code


def _invalid(log: IssueLog, sheets: list[SheetData], contexts: list[_Context], *, error_count: int) -> ImportInvalid:
    error = ImportInvalid(log.errors, log.warnings, error_count=error_count)
    # The reading of the file, so the annotated workbook marks exactly these cells: every sheet, its header row.
    error.sheet = sheets
    error.header_row = {c.sheet.name: c.header.header_row for c in contexts}
    return error


def _list_sheets(workbook: WorkbookData, kind: ListKind, log: IssueLog) -> tuple[list[_Context], list[SkippedSheet]]:
    """The sheets that hold the list, each with its headers mapped (problems logged), and the sheets left out.

    A workbook where no sheet names the list's columns is reported on its first sheet, the way a one-sheet list is.
    """
    skipped = [SkippedSheet(name, reason) for name, reason in workbook.skipped]
    lists = [sheet for sheet in workbook.sheets if looks_like_list(sheet, kind)]
    if not lists and not workbook.sheets:
        log.error(sheet=None, row=None, column=None, header=None, value=None,
                  reason="未找到表头行：工作簿中没有数据（" + "；".join(f"工作表“{s.name}”：{s.reason}" for s in skipped)
                  + "）")
        return [], skipped
    if not lists:
        lists = workbook.sheets[:1]
    tally = _Tally()
    contexts: list[_Context] = []
    for sheet in workbook.sheets:
        if sheet not in lists:
            reason = f"未找到{kind.title}的表头（应包含产品名称等列），未导入"
            skipped.append(SkippedSheet(sheet.name, reason))
            log.warning(sheet=sheet.name, row=None, column=None, header=None, value=None,
                        reason=f"工作表“{sheet.name}”{reason}")
            continue
        header = map_headers(sheet, kind, log)
        if header is None:
            continue
        report = SheetReport(name=sheet.name, header_row=header.header_row)
        contexts.append(_Context(kind=kind, sheet=sheet, header=header, log=log, report=report, tally=tally))
    for name, reason in workbook.skipped:
        if reason.startswith("隐藏"):  # the one left out that may hold what its sender meant to send
            log.warning(sheet=name, row=None, column=None, header=None, value=None,
                        reason=f"工作表“{name}”是{reason}")
    return contexts, skipped


# --- validation --------------------------------------------------------------------------------------------


def _validate_rows(
    db_session: Session, context: _Context, seen: _Seen, *, own_credit_code: str | None,
    progress: ProgressCallback | None,
) -> list[_Row]:
    kind, sheet, report = context.kind, context.sheet, context.report
    item_schema: type[BaseModel] = SupplyItemCreate if kind is ListKind.SUPPLY else DemandItemCreate
    item_fields = _SUPPLY_FIELDS if kind is ListKind.SUPPLY else _DEMAND_FIELDS
    role = EnterpriseRole.SME if kind is ListKind.SUPPLY else EnterpriseRole.CHAIN_LEADER
    example = seen.example
    enterprise_keys = [k for k in context.header.columns if k in ENTERPRISE_KEYS]
    if own_credit_code is not None and "qualifications" in enterprise_keys:
        # Qualifications are certified by the government: a tenant key may not grant them to itself.
        enterprise_keys.remove("qualifications")
        index = context.header.columns["qualifications"]
        if any(len(v) > index and v[index] is not None for v in sheet.rows[context.header.header_row:]):
            context.warning(context.header.header_row, "qualifications", context.header.headers["qualifications"],
                            "企业资质只能由运营人员维护，本次导入已忽略该列")

    enterprise_indexes = [context.header.columns[k] for k in enterprise_keys]
    layout = tuple(enterprise_keys)  # sheets may order their columns differently
    notes = _note_rows(context)
    _report_merged(context)
    rows: list[_Row] = []
    data_rows = sheet.rows[context.header.header_row:]
    total = len(data_rows)
    if progress:
        progress("validate", 0, total)
    for offset, values in enumerate(data_rows):
        row_number = context.header.header_row + 1 + offset
        if progress and offset and offset % PROGRESS_EVERY == 0:
            progress("validate", offset, total)
        if offset and offset % (PROGRESS_EVERY * 4) == 0:
            logger.info("validated %d/%d rows", offset, total)
        if not any(v is not None for v in values):
            report.rows_skipped += 1
            continue
        if row_number in notes:
            report.rows_skipped += 1
            context.warning(row_number, None, None, notes[row_number])
            continue
        report.rows_total += 1
        if _is_example(context, values, example):
            report.rows_skipped += 1
            context.warning(row_number, None, None, "模板示例行（未修改），已跳过")
            continue
        errors_before = context.error_count
        values, flagged = _cell_problems(context, row_number, values)

        # Enterprise columns repeat on every row of an enterprise: validate each distinct combination once.
        enterprise_values = (layout, *[values[i] if i < len(values) else None for i in enterprise_indexes])
        chain_ref = cell_text(context.cell(values, "chain"))
        cached = seen.enterprise_cache.get(enterprise_values)
        if cached is None:
            cached = _validate_enterprise(context, values, enterprise_keys, role)
            seen.enterprise_cache[enterprise_values] = cached
        enterprise, enterprise_problems = cached
        for key, value, reason in enterprise_problems:
            if key not in flagged:
                context.error(row_number, key, value, reason)

        item, item_problems = _validate_item(context, values, item_schema, item_fields)
        for key, value, reason in item_problems:
            if key not in flagged:
                context.error(row_number, key, value, reason)
        if chain_ref and chain_key(chain_ref) not in seen.lookups_chains and "chain" not in flagged:
            item = None
            context.error(row_number, "chain", chain_ref,
                          f"未知的产业链“{chain_ref}”，请填写重庆市重点产业链名称（如：动力电池、功率半导体、工业软件）")

        # Ownership and the one-name-per-credit-code rule are checked on every row whose code and name are
        # readable, even when other cells of the row are wrong, so one pass reports all of it.
        code, name = _credit_code_and_name(context, values)
        if code is not None and own_credit_code is not None and code != own_credit_code:
            context.error(row_number, "credit_code", code,
                          f"只能导入本企业（统一社会信用代码 {own_credit_code}）的清单，此行属于其他企业")
            continue
        if code is not None and name is not None:
            first = seen.first_row_of.get(code)
            if first is None:
                seen.first_row_of[code] = (context, row_number, name)
            elif _same_name(first[2]) != _same_name(name):
                context.error(
                    row_number, "enterprise_name", name,
                    f"统一社会信用代码 {code} 在{first[0].place(first[1], context)}对应“{first[2]}”，"
                    f"在第{row_number}行对应“{name}”，同一信用代码只能对应一个企业名称",
                )
                continue
        if enterprise is None or item is None or context.error_count > errors_before:
            continue
        code = enterprise.credit_code
        # A repeated line (a copy-paste) is caught here with a cheap key; the exact identity rule (which also
        # folds traditional characters and part-number separators) is applied again when writing.
        identity = (code, _quick_identity(item.product_name, item.part_numbers))
        earlier = seen.identities.get(identity)
        if earlier is not None:
            context.error(row_number, "product_name", item.product_name,
                          _duplicate_reason(earlier[0].place(earlier[1], context)))
            continue
        seen.identities[identity] = (context, row_number)
        if item.item_code:
            earlier = seen.codes.get((code, item.item_code))
            if earlier is not None:
                context.error(row_number, "item_code", item.item_code,
                              f"编码与{earlier[0].place(earlier[1], context)}重复")
                continue
            seen.codes[(code, item.item_code)] = (context, row_number)
        rows.append(_Row(context=context, row=row_number, credit_code=code, enterprise=enterprise, item=item,
                         chain=chain_ref))
    if progress:
        progress("validate", total, total)
    if report.rows_total == 0:
        context.warning(context.header.header_row, None, None, "表头下没有数据行，未导入任何内容")
    return rows


# A note under the table: "注：…", "填报人：张三", "合计 12". Literal words, then one separator: linear.
_NOTE_START = re.compile(
    r"^(?:注|备注|说明|填表说明|填报说明|填报人|填表人|填报单位|填报日期|填表日期|审核人|审核|制表人|制表|"
    r"负责人|单位负责人|联系人|联系电话|日期|数据来源|来源)\s*[:：]|^(?:合计|总计|小计)")


def _note_rows(context: _Context) -> dict[int, str]:
    """Rows under the header that are titles, notes or footers, not data: row → why it is skipped.

    A row inside a range merged across most of the table is a note (data rows never span columns); so is a row
    of at most two cells that starts like one (注：, 填报人：, 合计). Once one is seen, every later row of at most
    two cells is part of the notes too (their numbered lines: "1. …", "2. …").
    """
    header_row = context.header.header_row
    mapped = context.header.columns.values()
    span = (max(mapped) - min(mapped) + 1) if mapped else 1
    wide = max(3, (span + 1) // 2)
    notes: dict[int, str] = {}
    for first_row, first_col, last_row, last_col in context.sheet.merged:
        if last_col - first_col + 1 < wide or last_row <= header_row:
            continue
        where = f"{column_letter(first_col)}{first_row}:{column_letter(last_col)}{last_row}"
        for row_number in range(max(first_row, header_row + 1), min(last_row, len(context.sheet.rows)) + 1):
            notes[row_number] = f"表格中的标题或说明行（合并单元格 {where}），不是数据，已跳过"
    rows = context.sheet.rows
    # Under the last row of at least three cells, short rows are the sheet's footer ("本表由…汇总", a signature).
    last_full = max((n for n in range(header_row + 1, len(rows) + 1)
                     if sum(v is not None for v in rows[n - 1]) >= 3), default=header_row)
    in_notes = False
    for row_number in range(header_row + 1, len(rows) + 1):
        values = [v for v in rows[row_number - 1] if v is not None]
        if row_number in notes:
            in_notes = True
            continue
        if not values or len(values) > 2:
            continue
        text = cell_text(values[0]) or ""
        # A short row that names a product or a credit code is a data row with cells missing: reported, not skipped.
        row_values = rows[row_number - 1]
        no_item = context.cell(row_values, "product_name") is None and context.cell(row_values, "credit_code") is None
        if _NOTE_START.match(text[:20]) or (no_item and (in_notes or row_number > last_full)):
            in_notes = True
            notes[row_number] = "表格下方的说明或备注行，不是数据，已跳过"
    return notes


def _report_merged(context: _Context) -> None:
    """Say which merged cells were filled down into the data rows: people should know their layout was read so."""
    header_row = context.header.header_row
    filled = [f"{column_letter(c)}{r}:{column_letter(c2)}{r2}" for r, c, r2, c2 in context.sheet.filled
              if r2 > header_row]
    context.report.merged_filled = filled
    if filled:
        shown = "、".join(filled[:20]) + (f" 等 {len(filled)} 处" if len(filled) > 20 else "")
        context.log.warnings.append(ImportIssue(
            sheet=context.sheet.name, row=None, column=None, header=None, value=None, severity="warning",
            reason=f"合并单元格已按首行内容向下填充到各行：{shown}"))


def _is_example(context: _Context, values: tuple, example: dict[str, str]) -> bool:
    if cell_text(context.cell(values, "credit_code")) != example["credit_code"]:
        return False
    return all(cell_text(context.cell(values, key)) == example[key] for key in ("enterprise_name", "product_name")
    )


def _cell_problems(context: _Context, row_number: int, values: tuple) -> tuple[tuple, set[str]]:
    """Report formula cells without a saved result and Excel error values (#N/A, #REF!...) left by formulas.

    Returns the row with those cells blanked and their column keys, so the same cell is not reported twice.
    The row already has an error, so the blank can never be written.
    """
    uncached = context.sheet.uncached_formulas
    control = context.sheet.control_characters
    if not uncached and not control and not any(type(v) is str and v[:1] == "#" for v in values):
        return values, set()  # the common case, decided in one pass over the row
    bad: list[int] = []
    keys: set[str] = set()
    for key, index in context.header.columns.items():
        if index >= len(values):
            continue
        value = values[index]
        if (row_number, index) in uncached:
            context.error(row_number, key, None,
                          "单元格是公式但没有保存计算结果，请在 Excel 中打开并保存，或复制后“粘贴为数值”再导入")
            bad.append(index)
            keys.add(key)
        elif (row_number, index) in control:
            found = CONTROL_CHARACTERS.search(value)
            code = f"U+{ord(found.group()):04X}" if found else ""
            context.error(row_number, key, value, f"单元格含有不可见的控制字符 {code}，请删除后再导入")
            bad.append(index)
            keys.add(key)
        elif isinstance(value, str) and value.strip() in EXCEL_ERROR_VALUES:
            context.error(row_number, key, value, f"单元格是公式错误值 {value.strip()}，请修正公式或填写数值")
            bad.append(index)
            keys.add(key)
    if not bad:
        return values, keys
    return tuple(None if i in bad else v for i, v in enumerate(values)), keys


def _validate_enterprise(
    context: _Context, values: tuple, keys: list[str], role: EnterpriseRole
) -> tuple[EnterpriseCreate | None, list[tuple[str | None, Any, str]]]:
    payload: dict[str, Any] = {"role": role}
    for field_name, key in _ENTERPRISE_FIELDS.items():
        if key not in keys:
            continue
        text = cell_text(context.cell(values, key))
        if text is None:
            continue
        payload[field_name] = split_multi(text) if field_name == "qualifications" else one_line(text)
    try:
        return EnterpriseCreate.model_validate(payload), []
    except ValidationError as exc:
        return None, _problems(exc, _ENTERPRISE_FIELDS, context, values)


def _validate_item(
    context: _Context, values: tuple, schema: type[BaseModel], fields: dict[str, str]
) -> tuple[BaseModel | None, list[tuple[str | None, Any, str]]]:
    payload: dict[str, Any] = {}
    problems: list[tuple[str | None, Any, str]] = []
    for field_name, key in fields.items():
        if key not in context.header.columns or key == "price":
            continue
        raw = context.cell(values, key)
        if raw is None:
            continue
        if key == "valid_until":
            try:
                payload[field_name] = parse_date(raw)
            except ValueError as exc:
                problems.append((key, raw, str(exc)))
            continue
        value = raw if field_name in _RAW_FIELDS and isinstance(raw, int | float) else cell_text(raw)
        if isinstance(value, str) and field_name not in _MULTILINE_FIELDS:
            value = one_line(value)
        if value is not None:
            payload[field_name] = value
    if "price" in context.header.columns and "price" in fields.values():
        raw = context.cell(values, "price")
        try:
            low, high, unit = parse_price(raw)
        except ValueError as exc:
            problems.append(("price", raw, str(exc)))
        else:
            payload.update({k: v for k, v in (("price_min", low), ("price_max", high), ("price_unit", unit))
                            if v is not None})
    try:
        item = schema.model_validate(payload)
    except ValidationError as exc:
        problems.extend(_problems(exc, fields, context, values))
        return None, problems
    return (None if problems else item), problems


def _problems(
    exc: ValidationError, fields: dict[str, str], context: _Context, values: tuple
) -> list[tuple[str | None, Any, str]]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = error.get("loc") or ()
        field_name = str(loc[0]) if loc else None
        key = fields.get(field_name) if field_name else None
        if key is None and field_name is None and "annual_quantity" in fields:
            key = "annual_quantity"  # whole-model checks on a demand row are about its quantity
        if key is None and field_name == "role":
            continue  # set by the import itself, never from a cell
        value = context.cell(values, key) if key else None
        reason = error.get("msg", "无效")
        if error.get("type") == "missing":
            reason = "必填，不能为空"
        problems.append((key, value, reason))
    return problems


def _credit_code_and_name(context: _Context, values: tuple) -> tuple[str | None, str | None]:
    return _readable_credit_code(cell_text(context.cell(values, "credit_code"))), cell_text(
        context.cell(values, "enterprise_name"))


@lru_cache(maxsize=65536)
def _readable_credit_code(text: str | None) -> str | None:
    # The same code repeats on every row of an enterprise: check it once.
    try:
        return normalise_credit_code(text or "")
    except ValueError:
        return None


def _same_name(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


def _quick_identity(product_name: str, part_numbers: list[str]) -> tuple[str, tuple[str, ...]]:
    def fold(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split()).upper()

    return fold(product_name), tuple(sorted({fold(p).replace("-", "") for p in part_numbers}))


def _duplicate_reason(earlier: str) -> str:
    return f"与{earlier}是同一产品（企业、产品名称和规格型号都相同），请合并或删除重复行"


# --- writing -----------------------------------------------------------------------------------------------


class _ChangeLog:
    """The rows each flush of the import really changes: the same test the audit log makes before it records an
    UPDATE. A flush (a batch, or an autoflush before a query) clears the session's history, so the test is made
    in ``before_flush``, and the import classifies its rows once the last batch is flushed."""

    def __init__(self, db_session: Session) -> None:
        self.db_session = db_session
        self.changed: set[int] = set()

    def _record(self, session: Session, _context: Any, _instances: Any) -> None:
        self.changed.update(id(obj) for obj in session.dirty
                            if session.is_modified(obj, include_collections=True))

    def __enter__(self) -> _ChangeLog:
        event.listen(self.db_session, "before_flush", self._record)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.db_session, "before_flush", self._record)

    def any_changed(self, *objects: object) -> bool:
        return any(id(obj) in self.changed for obj in objects)


def _write(
    db_session: Session, context: _Context, rows: list[_Row], result: ImportResult, changes: _ChangeLog, *,
    progress: ProgressCallback | None,
) -> None:
    kind = context.kind
    if progress:
        progress("write", 0, len(rows))
    lookups = Lookups()
    lookups.preload_enterprises(db_session=db_session, credit_codes=[r.credit_code for r in rows])
    upsert_item: Callable[..., tuple[Any, bool]] = (
        SUPPLY_ITEMS.upsert if kind is ListKind.SUPPLY else DEMAND_ITEMS.upsert
    )

    # One enterprise per credit code: the first row's values, later rows fill what it left blank,
    # and every industry chain the enterprise's items name.
    merged: dict[str, tuple[_Row, EnterpriseCreate]] = {}
    merged_variants: set[int] = set()
    chains: dict[str, dict[str, None]] = {}
    for row in rows:
        first = merged.get(row.credit_code)
        if first is None:
            merged[row.credit_code] = (row, row.enterprise)
        elif id(row.enterprise) not in merged_variants and row.enterprise is not first[1]:
            # Rows with identical enterprise cells share one validated object: merge each variant once.
            merged_variants.add(id(row.enterprise))
            merged[row.credit_code] = (first[0], _merge_enterprise(first, row))
        if row.chain:
            chains.setdefault(row.credit_code, {})[row.chain] = None
    owners: dict[str, Enterprise] = {}
    created_enterprises: set[Enterprise] = set()
    for code, (first_row, data) in merged.items():
        extra_chains = [c for c in chains.get(code, ()) if c not in data.chains]
        if extra_chains:
            data = data.model_copy(update={"chains": [*data.chains, *extra_chains]})
        known = lookups.enterprise(db_session=db_session, credit_code=code)
        if known is not None and _comparable_name(known.name) != _comparable_name(data.name):
            # A credit code names one legal entity: a sheet naming it otherwise is a typo or a rename, and an import
            # must not rename an enterprise silently. Renames go through PATCH /enterprises/{id}.
            first_row.context.error(first_row.row, "enterprise_name", data.name,
                          f"统一社会信用代码 {code} 已登记为「{known.name}」，名称不一致；如企业已更名，请先修改企业信息 "
                          f"(this credit code is registered as '{known.name}')")
            continue
        try:
            enterprise, created = upsert_enterprise(db_session=db_session, data=data, lookups=lookups, flush=False)
        except ChainmatchError as exc:
            _service_error(first_row.context, first_row.row, exc, _ENTERPRISE_FIELDS)
            continue
        owners[code] = enterprise
        if created:
            result.enterprises_created += 1
            created_enterprises.add(enterprise)
    _flush(db_session, rows[0].context if rows else context, rows[0].row if rows else 0)
    lookups.preload_items(db_session=db_session, model=SupplyItem if kind is ListKind.SUPPLY else DemandItem,
                          owner_ids=[e.id for e in owners.values()])

    fields = _SUPPLY_FIELDS if kind is ListKind.SUPPLY else _DEMAND_FIELDS
    total = len(rows)
    written: dict[int, tuple[_Row, Any]] = {}  # id(item) → (the row that wrote it, the item: kept alive)
    existing: list[tuple[_Row, Any]] = []  # rows that found their item: updated or unchanged, known after the flush
    for done, row in enumerate(rows, start=1):
        owner = owners.get(row.credit_code)
        if owner is None:
            continue
        try:
            item, created = upsert_item(db_session=db_session, owner=owner, data=row.item, lookups=lookups,
                                        flush=False)
        except ChainmatchError as exc:
            _service_error(row.context, row.row, exc, fields)
            continue
        earlier, _ = written.setdefault(id(item), (row, item))
        if earlier is not row:
            # Two lines of this file are one item under the exact identity rule: the second would silently
            # overwrite the first.
            row.context.error(row.row, "product_name", row.item.product_name,
                              _duplicate_reason(earlier.context.place(earlier.row, row.context)))
            continue
        if created:
            row.context.report.items_created += 1
        else:
            existing.append((row, item))
        row.context.report.rows_imported += 1
        if done % FLUSH_EVERY == 0:
            _flush(db_session, row.context, row.row)
        if progress and done % 1000 == 0:
            progress("write", done, total)
        if done % PROGRESS_EVERY == 0:
            logger.info("wrote %d/%d rows", done, total)
    _flush(db_session, rows[-1].context if rows else context, rows[-1].row if rows else 0)
    # An unchanged row costs no UPDATE, no new updated_at and no audit row: the counts say the same.
    for row, item in existing:
        if changes.any_changed(item):
            row.context.report.items_updated += 1
        else:
            row.context.report.items_unchanged += 1
    for code, (_first, _data) in merged.items():
        enterprise = owners.get(code)
        if enterprise is None or enterprise in created_enterprises:
            continue
        if changes.any_changed(enterprise, *enterprise.qualifications):
            result.enterprises_updated += 1
        else:
            result.enterprises_unchanged += 1
    if progress:
        progress("write", total, total)


def _merge_enterprise(first: tuple[_Row, EnterpriseCreate], row: _Row) -> EnterpriseCreate:
    first_row_of, base = first
    first_row = first_row_of.context.place(first_row_of.row, row.context)
    updates: dict[str, Any] = {}
    for name in ("size_class", "province", "city", "district", "contact_person", "phone", "email"):
        mine, theirs = getattr(base, name), getattr(row.enterprise, name)
        if theirs is None or theirs == mine:
            continue
        if mine is None:
            updates[name] = theirs
        else:
            key = _ENTERPRISE_FIELDS[name]
            row.context.warning(row.row, key, theirs, f"与{first_row}填写的“{mine}”不一致，以{first_row}为准")
    kinds = {q.kind for q in base.qualifications}
    extra = [q for q in row.enterprise.qualifications if q.kind not in kinds]
    if extra:
        updates["qualifications"] = [*base.qualifications, *extra]
    return base.model_copy(update=updates) if updates else base


def _comparable_name(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


def _service_error(context: _Context, row_number: int, exc: ChainmatchError, fields: dict[str, str]) -> None:
    details = exc.detail if isinstance(exc.detail, list) else []
    located = False
    for detail in details:
        if isinstance(detail, dict) and "field" in detail:
            key = fields.get(str(detail["field"]).split(".")[0])
            context.error(row_number, key, detail.get("value"), str(detail.get("reason") or exc.message))
            located = True
    if not located:
        context.error(row_number, None, None, exc.message)


def _flush(db_session: Session, context: _Context, row_number: int) -> None:
    try:
        db_session.flush()
    except SQLAlchemyError as exc:
        # A constraint the checks above did not foresee: report it rather than answer 500; nothing is written.
        logger.exception("import flush failed near row %d", row_number)
        context.error(row_number, None, None, f"写入数据库失败（第{row_number}行附近）：{exc.__class__.__name__}")
        # The caller completes the reading of the file (every sheet) on the way out.
        raise _invalid(context.log, [context.sheet], [context], error_count=context.error_count) from exc


def annotate_import(
    *,
    db_session: Session,
    kind: ListKind,
    content: bytes,
    settings: Settings,
    filename: str | None = None,
    principal: Principal | None = None,
) -> tuple[bytes, int]:
    """The uploaded file as XLSX with every problem marked, and the number of errors. Never writes: the
    check is a dry run, so the marks are exactly the errors an import would report."""
    from app.services.imports.annotate import annotate_workbook

    try:
        result = import_list(db_session=db_session, kind=kind, content=content, settings=settings,
                             filename=filename, principal=principal, dry_run=True)
    except ImportInvalid as exc:
        issues = [*exc.issues, *exc.warnings]
        return annotate_workbook(content, exc.sheet, issues, sheet_name=kind.sheet_name,
                                 header_row=exc.header_row), exc.error_count
    return annotate_workbook(content, result.sheet_data, result.warnings, sheet_name=kind.sheet_name,
                             header_row=result.header_rows), 0
