"""The bundled demo lists: big enough, valid for the import row by row, messy like real sheets, and a fair
ground truth for ranking (the true suppliers, and nobody else, carry the demanded model)."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from datetime import date, datetime

import pytest
from email_validator import validate_email
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo import DEMAND_LIST, DEMAND_SHEET, DEMO_TRUTH, SUPPLY_LIST, SUPPLY_SHEET
from app.domain.identity import item_identity_key
from app.models.enums import DemandStatus, ItemCategory, SizeClass, SupplyStatus
from app.models.reference import IndustryChain
from app.schemas.validators import normalise_credit_code, normalise_phone, split_multi, split_part_numbers
from matching.normalize import normalize_part_number, normalize_text
from tools.demo_data.build_demo_data import DEMAND_HEADERS, SUPPLY_HEADERS, UNITS_USED, build
from tools.demo_data.catalog import BANNED_FRAGMENTS

_AMOUNT = r"\d+(?:\.\d+)?(?:万|亿)?"
_UNITS = "|".join(sorted(UNITS_USED, key=len, reverse=True))
_QUANTITY_WITH_UNIT = re.compile(rf"^{_AMOUNT}(?:{_UNITS})$")
_CAPACITY = re.compile(rf"^{_AMOUNT}(?:{_UNITS})/(?:年|月)$")
_FULLWIDTH = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]")  # letters, digits, ideographic space


def _rows(path, sheet: str) -> list[dict[str, object]]:
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames == [sheet]
    rows = list(workbook[sheet].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def _text(value: object) -> str:
    return "" if value is None else str(value)


@pytest.fixture(scope="module")
def demand() -> list[dict[str, object]]:
    return _rows(DEMAND_LIST, DEMAND_SHEET)


@pytest.fixture(scope="module")
def supply() -> list[dict[str, object]]:
    return _rows(SUPPLY_LIST, SUPPLY_SHEET)


@pytest.fixture(scope="module")
def truth() -> list[dict[str, str]]:
    with DEMO_TRUTH.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _code(row: dict[str, object], header: str = "统一社会信用代码") -> str:
    return normalise_credit_code(_text(row[header]))


def _demand_key(row: dict[str, object]) -> tuple[str, str, str]:
    return (_code(row), _text(row["产品名称"]), _text(row["规格型号"]))


def _supply_key(row: dict[str, object]) -> tuple[str, str, str]:
    return (_code(row, "统一社会信用代码 "), _text(row["主导产品"]), _text(row["型号"]))


def test_files_are_small_and_headers_are_the_contract_with_variants_in_the_supply_sheet(demand, supply):
    assert DEMAND_LIST.stat().st_size < 1_000_000 and SUPPLY_LIST.stat().st_size < 1_000_000
    assert list(demand[0]) == list(DEMAND_HEADERS)
    assert list(supply[0]) == list(SUPPLY_HEADERS)
    assert "型号" in supply[0] and "规格型号" not in supply[0]
    assert any(h != h.strip() for h in supply[0]) and any("（" in h for h in supply[0])


def test_minimum_counts(demand, supply):
    leaders = {_code(r) for r in demand}
    smes = {_code(r, "统一社会信用代码 ") for r in supply}
    assert len(leaders) >= 22 and len(demand) >= 220
    assert len(smes) >= 320 and len(supply) >= 1100
    assert not leaders & smes
    per_category = defaultdict(int)
    for row in demand:
        per_category[ItemCategory.from_text(_text(row["需求类别"]))] += 1
    assert all(per_category[c] >= 20 for c in ItemCategory)


def test_every_credit_code_is_valid_and_names_one_enterprise(demand, supply):
    for rows, header in ((demand, "统一社会信用代码"), (supply, "统一社会信用代码 ")):
        names: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            names[normalise_credit_code(_text(row[header]))].add(_text(row.get("企业名称", row.get("*企业名称"))))
        assert all(len(n) == 1 for n in names.values())


def test_enterprise_names_are_invented():
    data = build()
    for row in data.demand_rows + data.supply_rows:
        assert not any(fragment in str(row[0]) for fragment in BANNED_FRAGMENTS), row[0]


def test_every_chain_name_is_a_seeded_chain(demand, supply, db_session: Session):
    seeded = set(db_session.scalars(select(IndustryChain.name)))
    used = {_text(r["所属产业链"]).strip() for r in demand} | {_text(r["产业链"]).strip() for r in supply}
    used.discard("")
    assert used and used <= seeded
    assert len(used) >= 25


def test_every_row_is_valid_for_the_import(demand, supply):
    for row in demand:
        ItemCategory.from_text(_text(row["需求类别"]))
        DemandStatus.from_text(_text(row["状态"]))
        normalise_phone(_text(row["联系电话"]))
        validate_email(_text(row["电子邮箱"]).strip(), check_deliverability=False)
        quantity, unit = row["年需求量"], _text(row["计量单位"]).strip()
        if isinstance(quantity, int | float):
            assert quantity > 0 and unit in UNITS_USED
        else:
            assert _QUANTITY_WITH_UNIT.match(_text(quantity)), quantity
            assert not unit or unit in UNITS_USED
        valid_until = row["有效期至"]
        if isinstance(valid_until, datetime):
            valid_until = valid_until.date()
        if not isinstance(valid_until, date):
            valid_until = date(*map(int, re.split(r"[-/]", _text(valid_until))))
        assert valid_until.year == 2027
        assert _text(row["是否保密"]) in ("是", "否", "")
        assert item_identity_key(_text(row["产品名称"]), split_part_numbers(row["规格型号"]))
    for row in supply:
        ItemCategory.from_text(_text(row["产品类别"]))
        SizeClass.from_text(_text(row["企业规模"]))
        if _text(row["状态"]):
            SupplyStatus.from_text(_text(row["状态"]))
        normalise_phone(_text(row["联系电话（手机）"]))
        validate_email(_text(row["电子邮箱"]).strip(), check_deliverability=False)
        capacity = unicodedata.normalize("NFKC", _text(row["产能规模"]))
        assert not capacity or _CAPACITY.match(capacity), capacity
        for cert in split_multi(row["认证情况"]):
            assert cert  # no empty piece: no separator inside a certification name


def test_items_are_distinct_per_enterprise_for_the_import_identity(demand, supply):
    for rows, header, name, parts in (
        (demand, "统一社会信用代码", "产品名称", "规格型号"),
        (supply, "统一社会信用代码 ", "主导产品", "型号"),
    ):
        seen = set()
        for row in rows:
            key = (_code(row, header), item_identity_key(_text(row[name]), split_part_numbers(row[parts])))
            assert key not in seen, key
            seen.add(key)


def test_truth_rows_point_at_existing_items_and_cover_most_demand(demand, supply, truth):
    demand_keys = {_demand_key(r) for r in demand}
    supply_keys = {_supply_key(r) for r in supply}
    per_demand: dict[tuple[str, str, str], set] = defaultdict(set)
    for row in truth:
        d = (row["demand_credit_code"], row["demand_product_name"], row["demand_part_numbers"])
        s = (row["supply_credit_code"], row["supply_product_name"], row["supply_part_numbers"])
        assert d in demand_keys and s in supply_keys
        per_demand[d].add(s)
    assert len(per_demand) >= 0.8 * len(demand)
    assert all(1 <= len(s) <= 3 for s in per_demand.values())
    # The true suppliers are active, and most name a certification or a capacity the leader can check.
    active = {_supply_key(r) for r in supply if _text(r["状态"]) != "停用"}
    assert all(s in active for suppliers in per_demand.values() for s in suppliers)


def test_demanded_models_are_carried_by_the_true_suppliers_and_by_nobody_else(demand, supply, truth):
    """The fairness of the ranking test: a same-family distractor never carries the demanded model."""
    carriers: dict[str, set] = defaultdict(set)
    for row in supply:
        for part in split_part_numbers(row["型号"]):
            carriers[normalize_part_number(part)].add(_supply_key(row))
    true: dict[tuple[str, str, str], set] = defaultdict(set)
    for row in truth:
        true[(row["demand_credit_code"], row["demand_product_name"], row["demand_part_numbers"])].add(
            (row["supply_credit_code"], row["supply_product_name"], row["supply_part_numbers"]))
    checked = 0
    for row in demand:
        parts = [normalize_part_number(p) for p in split_part_numbers(row["规格型号"])]
        if not parts or parts[0].startswith("V"):  # no model, or a software version
            continue
        checked += 1
        assert carriers.get(parts[0], set()) == true.get(_demand_key(row), set()), row
    assert checked >= 150
    # ...and there are same-family distractors: other models of the families that are demanded.
    assert sum(len(c) for c in carriers.values()) > 2 * sum(len(s) for s in true.values())


def test_cells_have_the_mess_of_real_sheets_in_a_realistic_share(demand, supply):
    cells = [_text(v) for row in demand + supply for v in row.values() if isinstance(v, str) and v]
    fullwidth = sum(1 for c in cells if _FULLWIDTH.search(c))
    stray = sum(1 for c in cells if c != c.strip() or "  " in c)
    traditional = sum(1 for c in cells if normalize_text(c) != unicodedata.normalize("NFKC", c).lower().strip()
                      and not _FULLWIDTH.search(c) and c == c.strip() and not re.search(r"[A-Z]", c))
    assert 0.005 * len(cells) < fullwidth < 0.1 * len(cells)
    assert 0.005 * len(cells) < stray < 0.1 * len(cells)
    assert traditional > 10
    spellings = defaultdict(set)
    for row in supply:
        for part in split_part_numbers(row["型号"]):
            spellings[normalize_part_number(part)].add(part)
    assert sum(1 for s in spellings.values() if len(s) > 1) > 30  # one model, several spellings


def test_committed_files_are_what_the_generator_builds(demand, supply, truth):
    data = build()
    assert len(data.demand_rows) == len(demand) and len(data.supply_rows) == len(supply)

    def cell(value: object) -> object:
        if isinstance(value, datetime):
            return value.date()
        return None if value == "" else value

    assert [[cell(v) for v in r] for r in data.demand_rows] == [[cell(v) for v in r.values()] for r in demand]
    assert [[cell(v) for v in r] for r in data.supply_rows] == [[cell(v) for v in r.values()] for r in supply]
    assert data.truth_rows == [list(r.values()) for r in truth]
