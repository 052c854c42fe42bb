"""国产替代: the brand registry as operators extend it, the cross-references (替代型号对照) they import or leaders
teach by their decisions, and what suggestions need of both.

The rules live in ``matching.substitution`` (pure); this module feeds them the database's part: the operators'
brand rows beside the packaged registry, the active equivalences of the demanded numbers, the enterprises' own
brands. :func:`context_for` is what ``app.services.ranking.suggestions`` calls for a batch of demand records.

Access: operators import, export and withdraw anything; a chain leader reads the cross-references and withdraws an
equivalence learned from its own decision; SMEs and organizers neither read nor write them (their matching is
unaffected: the rules only act on suggestions for demand).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.errors import Forbidden, PayloadTooLarge, ValidationFailed, field_error
from app.domain.spreadsheet_safety import protect_workbook, write_text_cell
from app.models import ApiRole, BrandEntry, DemandItem, EquivalenceSource, PartEquivalence, SupplyItem
from app.services import access
from app.services.auth import Principal
from app.services.ranking.matching_index import LiveIndex, demand_record
from matching import ItemRecord, Match, normalize_part_number
from matching import substitution as rules
from matching.brands import BrandRegistry, brand, load_brands

# ── brand registry ───────────────────────────────────────────────────────────────────────────────────────────


_REGISTRY_CACHE: dict[tuple, BrandRegistry] = {}
_GENERATIONS = itertools.count(1)


def brand_registry(db_session: Session) -> BrandRegistry:
    """The packaged registry with the operators' rows after it (an operator's row wins for its brand). Built once
    per state of the operators' rows (a few ms), which one small query tells."""
    state = tuple(db_session.execute(select(func.count(BrandEntry.id), func.max(BrandEntry.id),
                                            func.max(BrandEntry.updated_at))).one())
    found = _REGISTRY_CACHE.get(state)
    if found is None:
        extra = [brand(row.name, maker=row.maker or "", country=row.country or "", domestic=row.domestic,
                       spellings=(row.spellings or "").split("|"))
                 for row in db_session.scalars(select(BrandEntry).order_by(BrandEntry.id))]
        found = BrandRegistry([*load_brands(), *extra]).fit()
        found.generation_ = next(_GENERATIONS)  # names this registry in the origin cache (an id() can be reused)
        _REGISTRY_CACHE.clear()  # only the current state is worth keeping
        _REGISTRY_CACHE[state] = found
    return found


BRAND_HEADERS = ("品牌", "制造商", "国家或地区", "是否国产", "其他写法")
_YES = {"是", "国产", "1", "y", "yes", "true", "√"}
_NO = {"否", "进口", "0", "n", "no", "false", "×"}


def export_brands(db_session: Session, principal: Principal) -> bytes:
    """The whole registry (packaged and operators') as a workbook in the import's layout."""
    _ensure_operator(principal)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "品牌词典"
    for column, header in enumerate(BRAND_HEADERS, start=1):
        write_text_cell(sheet, 1, column, header)
    registry = brand_registry(db_session)
    for row, b in enumerate(registry.by_name_.values(), start=2):
        values = (b.name, b.maker, b.country, "是" if b.domestic else "否", "|".join(b.spellings[1:]))
        for column, value in enumerate(values, start=1):
            write_text_cell(sheet, row, column, value)
    buffer = io.BytesIO()
    protect_workbook(workbook).save(buffer)
    return buffer.getvalue()


def import_brands(db_session: Session, principal: Principal, content: bytes, settings: Settings) -> dict[str, int]:
    """Add or replace operators' brand rows from a workbook (``BRAND_HEADERS``). Any bad cell: nothing is written,
    every bad cell is reported with its sheet, row and column."""
    _ensure_operator(principal)
    sheet_name, rows = _read_table(content, settings, {"品牌": "name", "制造商": "maker", "国家或地区": "country",
                                                       "国家": "country", "是否国产": "domestic", "国产": "domestic",
                                                       "其他写法": "spellings", "写法": "spellings"},
                                   required=("name", "domestic"))
    errors: list[dict[str, Any]] = []
    parsed: dict[str, dict[str, Any]] = {}
    for number, cells in rows:
        name = cells.get("name", ("", ""))[1]
        domestic_text = cells.get("domestic", ("", ""))[1].lower()
        if not name:
            errors.append(_cell_error(sheet_name, number, cells, "name", "品牌不能为空 (brand is required)"))
        elif len(name) > 100:
            errors.append(_cell_error(sheet_name, number, cells, "name", "品牌过长（最多 100 字）"))
        if domestic_text not in _YES | _NO:
            errors.append(_cell_error(sheet_name, number, cells, "domestic", "是否国产 须为 是 或 否 (yes or no)"))
        if name and domestic_text in _YES | _NO:
            parsed[name] = {"maker": cells.get("maker", ("", ""))[1][:200] or None,
                            "country": cells.get("country", ("", ""))[1][:50] or None,
                            "domestic": domestic_text in _YES,
                            "spellings": cells.get("spellings", ("", ""))[1][:500] or None}
    if errors:
        raise ValidationFailed("品牌词典有错误，未导入任何行 (nothing imported)", detail=errors)
    existing = {row.name: row for row in db_session.scalars(select(BrandEntry).where(BrandEntry.name.in_(parsed)))}
    created = updated = 0
    for name, values in parsed.items():
        row = existing.get(name)
        if row is None:
            db_session.add(BrandEntry(name=name, **values))
            created += 1
        else:
            for key, value in values.items():
                setattr(row, key, value)
            updated += 1
    db_session.flush()
    return {"created": created, "updated": updated}


# ── cross-references ─────────────────────────────────────────────────────────────────────────────────────────

EQUIVALENCE_HEADERS = {
    "对标品牌": "reference_brand", "进口品牌": "reference_brand", "原品牌": "reference_brand",
    "对标型号": "reference_part_number", "进口型号": "reference_part_number", "原型号": "reference_part_number",
    "被替代型号": "reference_part_number",
    "国产品牌": "equivalent_brand", "替代品牌": "equivalent_brand",
    "国产型号": "equivalent_part_number", "替代型号": "equivalent_part_number",
    "备注": "note",
}


@dataclass(frozen=True)
class EquivalenceInput:
    reference_part_number: str
    equivalent_part_number: str
    reference_brand: str | None = None
    equivalent_brand: str | None = None
    note: str | None = None


def create_equivalences(db_session: Session, principal: Principal,
                        rows: Sequence[EquivalenceInput]) -> list[PartEquivalence]:
    """Record imported cross-reference lines (operators). A line already recorded and active is not repeated."""
    _ensure_operator(principal)
    return _store_equivalences(db_session, principal, rows)


def _store_equivalences(db_session: Session, principal: Principal | None,
                        rows: Sequence[EquivalenceInput]) -> list[PartEquivalence]:
    errors = []
    for i, row in enumerate(rows):
        for name in ("reference_part_number", "equivalent_part_number"):
            if not normalize_part_number(getattr(row, name)):
                errors.append(field_error(f"{i}.{name}", "型号不能为空，且须含字母或数字 (a part number is required)",
                                          getattr(row, name)))
    if errors:
        raise ValidationFailed(detail=errors)
    out = []
    for row in rows:
        reference, equivalent = normalize_part_number(row.reference_part_number), normalize_part_number(
            row.equivalent_part_number)
        existing = db_session.scalar(select(PartEquivalence).where(
            PartEquivalence.reference_code == reference, PartEquivalence.equivalent_code == equivalent,
            PartEquivalence.source == EquivalenceSource.IMPORT, PartEquivalence.withdrawn_at.is_(None)))
        if existing is not None:
            out.append(existing)
            continue
        record = PartEquivalence(
            reference_brand=row.reference_brand, reference_part_number=row.reference_part_number.strip(),
            reference_code=reference, equivalent_brand=row.equivalent_brand,
            equivalent_part_number=row.equivalent_part_number.strip(), equivalent_code=equivalent,
            source=EquivalenceSource.IMPORT, note=row.note,
            created_by_key_id=principal.key_id if principal is not None else None,
            created_by_role=principal.role if principal is not None else None)
        db_session.add(record)
        out.append(record)
    db_session.flush()
    return out


def import_equivalences(db_session: Session, principal: Principal, content: bytes,
                        settings: Settings) -> list[PartEquivalence]:
    """A maker's 替代型号对照 workbook (对标品牌, 对标型号, 国产品牌, 国产型号, 备注, with common variants). Any bad
    cell: nothing is written and every bad cell is reported with its sheet, row, column and value."""
    _ensure_operator(principal)
    return load_equivalences(db_session, content, settings, principal=principal)


def load_equivalences(db_session: Session, content: bytes, settings: Settings,
                      principal: Principal | None = None) -> list[PartEquivalence]:
    """:func:`import_equivalences` without the access check: for the caller that already made it, and for the demo
    loader (no principal: recorded without a creator)."""
    sheet_name, rows = _read_table(content, settings, EQUIVALENCE_HEADERS,
                                   required=("reference_part_number", "equivalent_part_number"))
    errors = []
    inputs = []
    for number, cells in rows:
        values = {key: value for key, (_, value) in cells.items()}
        bad = False
        for name in ("reference_part_number", "equivalent_part_number"):
            if not normalize_part_number(values.get(name, "")):
                errors.append(_cell_error(sheet_name, number, cells, name, "型号不能为空 (a part number is required)"))
                bad = True
            elif len(values[name]) > 100:
                errors.append(_cell_error(sheet_name, number, cells, name, "型号过长（最多 100 字）"))
                bad = True
        if not bad:
            inputs.append(EquivalenceInput(
                reference_part_number=values["reference_part_number"],
                equivalent_part_number=values["equivalent_part_number"],
                reference_brand=(values.get("reference_brand") or None) and values["reference_brand"][:100],
                equivalent_brand=(values.get("equivalent_brand") or None) and values["equivalent_brand"][:100],
                note=(values.get("note") or None) and values["note"][:500]))
    if errors:
        raise ValidationFailed("替代型号对照有错误，未导入任何行 (nothing imported)", detail=errors)
    return _store_equivalences(db_session, principal, inputs)


def learn_from_decision(db_session: Session, principal: Principal, demand: DemandItem, supply: SupplyItem,
                        field_name: str = "equivalent") -> PartEquivalence:
    """A leader accepted ``supply`` as 同等替代 for ``demand``'s reference number: record it (who and when)."""
    references = rules.reference_numbers(demand_record(demand))
    if not references:
        raise ValidationFailed(detail=[field_error(
            field_name, "需求条目没有填写对标型号，无法记录同等替代 (the demand item names no part number)")])
    registry = brand_registry(db_session)
    foreign = [b for b in registry.find(f"{demand.product_name} {demand.specification or ''}") if not b.domestic]
    codes = [normalize_part_number(p) for p in supply.part_numbers or () if normalize_part_number(p)]
    existing = db_session.scalar(select(PartEquivalence).where(
        PartEquivalence.reference_code == references[0], PartEquivalence.supply_item_id == supply.id,
        PartEquivalence.source == EquivalenceSource.DECISION, PartEquivalence.withdrawn_at.is_(None)))
    if existing is not None:
        return existing
    record = PartEquivalence(
        reference_brand=foreign[0].name if foreign else None,
        reference_part_number=_spelled(references[0], demand),
        reference_code=references[0], equivalent_part_number=(supply.part_numbers or [None])[0],
        equivalent_code=codes[0] if codes else None, supply_item_id=supply.id, demand_item_id=demand.id,
        source=EquivalenceSource.DECISION, created_by_key_id=principal.key_id, created_by_role=principal.role)
    db_session.add(record)
    db_session.flush()
    return record


def _spelled(code: str, demand: DemandItem) -> str:
    """The number as the leader wrote it (``FF450R12-ME4``) where its typed numbers hold it, else as compared."""
    return next((p.strip() for p in demand.part_numbers or () if normalize_part_number(p) == code), code)


def list_equivalences(db_session: Session, principal: Principal, *, reference: str | None = None,
                      include_withdrawn: bool = False, limit: int = 100, offset: int = 0
                      ) -> tuple[list[PartEquivalence], int]:
    _ensure_reader(principal)
    statement = select(PartEquivalence)
    if reference:
        statement = statement.where(PartEquivalence.reference_code == normalize_part_number(reference))
    if not include_withdrawn:
        statement = statement.where(PartEquivalence.withdrawn_at.is_(None))
    rows = list(db_session.scalars(statement.order_by(PartEquivalence.id)))
    return rows[offset: offset + limit], len(rows)


def withdraw_equivalence(db_session: Session, principal: Principal, equivalence_id: int) -> PartEquivalence:
    """Stop using an equivalence from the next request on; the row stays, with who withdrew it and when."""
    _ensure_reader(principal)
    row = db_session.get(PartEquivalence, equivalence_id)
    if row is None:
        raise access.not_found("替代型号对照", equivalence_id)
    if not principal.is_operator:
        demand = db_session.get(DemandItem, row.demand_item_id) if row.demand_item_id is not None else None
        if row.source is not EquivalenceSource.DECISION or demand is None \
                or demand.enterprise_id != principal.enterprise_id:
            raise Forbidden("链主企业只能撤回本企业决策形成的同等替代 (only your own decisions' equivalences)")
    if row.withdrawn_at is None:
        row.withdrawn_at = datetime.now(UTC)
        row.withdrawn_by_key_id = principal.key_id
        db_session.flush()
    return row


# ── what suggestions need ────────────────────────────────────────────────────────────────────────────────────


_ORIGINS: dict[tuple, str] = {}
_MAX_ORIGINS = 200_000


@dataclass
class SubstitutionContext:
    """The substitution side of one batch of demand records: their needs, the equivalences of their numbers, the
    supply ids those equivalences name (compared whatever the candidate search finds)."""

    registry: BrandRegistry
    needs: list[rules.SubstitutionNeed]
    equivalents: dict[str, dict[str, str]]
    learned_rows: dict[int, str]
    also: list[list[str]]
    _origin: dict[int, str] = field(default_factory=dict)

    def origin(self, item: SupplyItem) -> str:
        found = self._origin.get(item.id)
        if found is None:
            # Rows recur across requests; a row's origin changes only with its text, its enterprise's brands (both
            # move updated_at) or the registry.
            key = (self.registry.generation_, item.id, item.updated_at, item.enterprise.updated_at)
            found = _ORIGINS.get(key)
            if found is None:
                found = rules.supply_origin(f"{item.product_name} {item.description or ''}",
                                            item.enterprise.brands or (), self.registry)
                if len(_ORIGINS) >= _MAX_ORIGINS:
                    _ORIGINS.clear()
                _ORIGINS[key] = found
            self._origin[item.id] = found
        return found

    def is_domestic(self, item: SupplyItem) -> bool:
        return self.origin(item) != rules.FOREIGN_BRAND

    def seeks_equivalents(self, i: int) -> bool:
        """Whether demand record ``i`` asks for equivalents (a foreign brand, 国产 / 替代 / 同等, a known number)."""
        return self.needs[i].seeks_equivalents(self.equivalents)

    def contribution(self, i: int, match: Match, item: SupplyItem, supply_codes: Sequence[str]):
        need = self.needs[i]
        learned = self.learned_rows.get(item.id)
        return rules.assess(need, supply_domestic=self.is_domestic(item),
                            supply_branded_domestic=self.origin(item) == rules.DOMESTIC_BRAND,
                            supply_codes=set(supply_codes),
                            equivalents=self.equivalents,
                            learned_for_row=learned if learned in need.references else None,
                            engine=match.contributions)


def context_for(db_session: Session, matcher: LiveIndex, records: Sequence[ItemRecord], *,
                candidates: bool = True) -> SubstitutionContext:
    """The substitution side of ranking ``records`` against the live supply index ``matcher``. ``candidates``:
    also name the indexed rows that carry an equivalent number (for a live query; a batch ranked elsewhere has
    its candidates already, and the engine here need not be fitted)."""
    registry = brand_registry(db_session)
    codes = matcher.part_numbers_of(records)
    needs = [rules.substitution_need(f"{r.name} {r.description}", c, registry)
             for r, c in zip(records, codes, strict=True)]
    wanted = {c for cs in codes for c in cs}
    equivalents: dict[str, dict[str, str]] = {}
    learned_rows: dict[int, str] = {}
    if wanted:
        for row in db_session.scalars(select(PartEquivalence).where(
                PartEquivalence.reference_code.in_(wanted), PartEquivalence.withdrawn_at.is_(None))):
            basis = rules.CROSS_REFERENCE if row.source is EquivalenceSource.IMPORT else rules.LEARNED
            if row.equivalent_code:
                previous = equivalents.setdefault(row.reference_code, {}).get(row.equivalent_code)
                if previous != rules.CROSS_REFERENCE:
                    equivalents[row.reference_code][row.equivalent_code] = basis
            if row.supply_item_id is not None:
                learned_rows[row.supply_item_id] = row.reference_code
    also = []
    for cs in codes:
        named = {code for c in cs for code in equivalents.get(c, {})}
        ids = matcher.ids_with_part_numbers(named) if named and candidates else []
        ids += [str(s) for s, ref in learned_rows.items() if ref in cs]
        also.append(ids)
    return SubstitutionContext(registry=registry, needs=needs, equivalents=equivalents, learned_rows=learned_rows,
                               also=also)


# ── helpers ──────────────────────────────────────────────────────────────────────────────────────────────────


def _ensure_operator(principal: Principal) -> None:
    if not principal.is_operator:
        raise Forbidden("仅运营人员可以维护品牌词典与替代型号对照 (operators only)")


def _ensure_reader(principal: Principal) -> None:
    if not (principal.is_operator or principal.role is ApiRole.CHAIN_LEADER):
        raise Forbidden("仅运营人员和链主企业可以查看替代型号对照 (operators and chain leaders only)")


def _read_table(content: bytes, settings: Settings, headers: dict[str, str], *, required: Sequence[str]
                ) -> tuple[str, list[tuple[int, dict[str, tuple[str, str]]]]]:
    """The first sheet's rows under its header row: ``[(row number, {field: (column letter, text)})]``."""
    from openpyxl.utils import get_column_letter

    from app.services.imports.readers import _inspect_archive

    if len(content) > settings.import_max_bytes:
        raise PayloadTooLarge(f"文件超过上限 {settings.import_max_bytes} 字节 (file too large)")
    try:
        _inspect_archive(content, max_expanded_bytes=settings.import_max_expanded_bytes)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except PayloadTooLarge:
        raise
    except Exception:
        raise ValidationFailed(detail=[field_error("file", "无法读取：请上传 .xlsx 工作簿 (not a readable XLSX)")]) from None
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True, max_row=settings.import_max_rows + 1))
    workbook.close()
    columns: dict[str, int] = {}
    header_row = 0
    for r, row in enumerate(rows[:10]):
        found = {headers[str(v).strip().strip("*")]: c for c, v in enumerate(row)
                 if v is not None and str(v).strip().strip("*") in headers}
        if all(name in found for name in required):
            columns, header_row = found, r
            break
    if not columns:
        wanted = "、".join(h for h, name in headers.items() if name in required)
        raise ValidationFailed(detail=[{"sheet": sheet.title, "row": 1, "field": "header",
                                        "reason": f"找不到表头：须包含 {wanted} (header row not found)"}])
    out = []
    for r, row in enumerate(rows[header_row + 1:], start=header_row + 2):
        cells = {name: (get_column_letter(c + 1), "" if c >= len(row) or row[c] is None else str(row[c]).strip())
                 for name, c in columns.items()}
        if any(text for _, text in cells.values()):
            out.append((r, cells))
    return sheet.title, out


def _cell_error(sheet: str, row: int, cells: dict[str, tuple[str, str]], name: str, reason: str) -> dict[str, Any]:
    column, value = cells.get(name, ("", ""))
    return {"sheet": sheet, "row": row, "column": column, "field": name, "value": value, "reason": reason}
