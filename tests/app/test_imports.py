"""The list import as a service: real files in, real rows (or precise errors) out, on a real database."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from app.core.config import Settings
from app.core.errors import PayloadTooLarge
from app.models import DemandItem, DemandStatus, Enterprise, EnterpriseRole, QualificationKind, SupplyItem
from app.services.imports import ImportInvalid, ListKind, import_list
from app.services.imports.cells import parse_price
from app.services.imports.columns import match_header
from tests.app.test_imports_support import (
    CODE_A,
    CODE_B,
    CODE_LEADER,
    DEMAND_HEADERS,
    SUPPLY_HEADERS,
    count,
    counts,
    csv_bytes,
    demand_row,
    many_supply_rows,
    supply_row,
    xlsx,
)


@pytest.fixture
def run(db_session, settings):
    def run_import(kind: ListKind, content: bytes, *, filename: str = "list.xlsx", dry_run: bool = False,
                   settings_override: Settings | None = None, principal=None):
        return import_list(db_session=db_session, kind=kind, content=content, filename=filename,
                           settings=settings_override or settings, dry_run=dry_run, principal=principal)

    return run_import


def errors_of(run, kind: ListKind, content: bytes, **kwargs) -> list:
    with pytest.raises(ImportInvalid) as caught:
        run(kind, content, **kwargs)
    return caught.value.issues


# --- a good list -----------------------------------------------------------------------------------------


def test_supply_list_creates_enterprises_and_items(run, db_session) -> None:
    content = xlsx(SUPPLY_HEADERS, [
        supply_row(),
        supply_row(产品名称="转向节", 规格型号="ZXJ-01", 产能规模="3000套/月", 企业规模=None, 企业资质=None),
        supply_row(企业名称="重庆华渝铝业有限公司", 统一社会信用代码=CODE_B, 产品类别="关键原材料",
                   产品名称="6061-T6铝型材", 规格型号=None, 产能规模="2000吨/年", 所属产业链="轻合金材料"),
    ])
    result = run(ListKind.SUPPLY, content)

    assert (result.enterprises_created, result.items_created, result.rows_imported) == (2, 3, 3)
    enterprise = db_session.scalar(select(Enterprise).where(Enterprise.credit_code == CODE_A))
    assert enterprise.name == "重庆渝新精密机械有限公司"
    assert enterprise.role is EnterpriseRole.SME
    assert enterprise.district == "两江新区"
    assert {(q.kind, q.year) for q in enterprise.qualifications} == {
        (QualificationKind.NATIONAL_LITTLE_GIANT, 2023), (QualificationKind.MUNICIPAL_SPECIALIZED, 2021)}
    assert {c.name for c in enterprise.chains} == {"汽车底盘与车身零部件"}
    housing = db_session.scalar(select(SupplyItem).where(SupplyItem.product_name == "新能源汽车电机壳体"))
    assert housing.part_numbers == ["YX-MH-220", "YX-MH-250"]
    assert housing.capacity_per_year == 500_000
    assert housing.certifications == ["IATF 16949", "ISO 9001"]
    knuckle = db_session.scalar(select(SupplyItem).where(SupplyItem.product_name == "转向节"))
    assert knuckle.capacity_per_year == 36_000  # 3000 套/月 × 12


def test_demand_list_parses_quantity_price_dates_and_flags(run, db_session) -> None:
    content = xlsx(DEMAND_HEADERS, [
        demand_row(),
        demand_row(产品名称="车规级MCU", 规格型号="S32K144", 年需求量="20万件", 计量单位=None,
                   目标价格="≤35元/件", 有效期至="2027年3月31日", 是否保密="是", 状态="暂停"),
        demand_row(产品名称="6061铝棒", 需求类别="关键原材料", 规格型号=None, 年需求量=1.5, 计量单位="万吨",
                   目标价格="1.8-2.2万元/吨", 有效期至=dt.datetime(2026, 12, 31)),
    ], sheet="需求清单")
    result = run(ListKind.DEMAND, content)

    assert result.items_created == 3
    leader = db_session.scalar(select(Enterprise).where(Enterprise.credit_code == CODE_LEADER))
    assert leader.role is EnterpriseRole.CHAIN_LEADER
    igbt = db_session.scalar(select(DemandItem).where(DemandItem.product_name == "IGBT功率模块"))
    assert (igbt.annual_quantity, igbt.quantity_unit, igbt.price_min, igbt.price_max, igbt.price_unit) == (
        20000, "件", 800, 1000, "元/件")
    assert igbt.confidential is False and igbt.status is DemandStatus.OPEN
    mcu = db_session.scalar(select(DemandItem).where(DemandItem.product_name == "车规级MCU"))
    assert (mcu.annual_quantity, mcu.price_min, mcu.price_max) == (200_000, None, 35)
    assert mcu.valid_until == dt.date(2027, 3, 31)
    assert mcu.confidential is True and mcu.status is DemandStatus.PAUSED
    rod = db_session.scalar(select(DemandItem).where(DemandItem.product_name == "6061铝棒"))
    assert rod.quantity_per_year == 15_000_000  # 1.5 万吨 in kg
    assert (rod.price_min, rod.price_max, rod.price_unit) == (18_000, 22_000, "元/吨")
    assert rod.valid_until == dt.date(2026, 12, 31)


def test_supplier_that_is_already_a_chain_leader_becomes_both(run, db_session) -> None:
    run(ListKind.DEMAND, xlsx(DEMAND_HEADERS, [demand_row()], sheet="需求清单"))
    run(ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, [supply_row(企业名称="重庆长嘉汽车有限公司", 统一社会信用代码=CODE_LEADER)]))
    leader = db_session.scalar(select(Enterprise).where(Enterprise.credit_code == CODE_LEADER))
    assert leader.role is EnterpriseRole.BOTH


# --- every problem, located --------------------------------------------------------------------------------


def test_bad_credit_code_is_named_by_sheet_row_and_column(run, db_session) -> None:
    bad = CODE_A[:-1] + ("0" if CODE_A[-1] != "0" else "1")
    issues = errors_of(run, ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, [supply_row(), supply_row(统一社会信用代码=bad, 产品名称="其他")]))

    assert len(issues) == 1
    issue = issues[0]
    assert (issue.sheet, issue.row, issue.column, issue.header, issue.value) == ("供给清单", 3, "B", "统一社会信用代码", bad)
    assert "校验位" in issue.reason
    assert counts(db_session) == (0, 0, 0)


def test_negative_quantity_is_an_error_at_its_cell(run) -> None:
    issues = errors_of(run, ListKind.DEMAND, xlsx(DEMAND_HEADERS, [demand_row(年需求量=-500)], sheet="需求清单"))
    assert [(i.row, i.column, i.header) for i in issues] == [(2, "I", "年需求量")]
    assert "负数" in issues[0].reason


def test_unknown_units_are_errors_naming_the_unit(run) -> None:
    issues = errors_of(run, ListKind.DEMAND, xlsx(DEMAND_HEADERS, [
        demand_row(计量单位="光年"),
        demand_row(产品名称="铜排", 规格型号=None, 年需求量="300箩筐", 计量单位=None),
    ], sheet="需求清单"))
    assert [(i.row, i.header) for i in issues] == [(2, "计量单位"), (3, "年需求量")]
    assert "光年" in issues[0].reason and "箩筐" in issues[1].reason

    supply_issues = errors_of(run, ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, [supply_row(产能规模="50万桶桶/年")]))
    assert [(i.row, i.column, i.header) for i in supply_issues] == [(2, "L", "产能规模")]
    assert "计量单位" in supply_issues[0].reason


def test_missing_required_column_names_sheet_and_column(run) -> None:
    headers = [h for h in SUPPLY_HEADERS if h != "产品名称"]
    issues = errors_of(run, ListKind.SUPPLY, xlsx(headers, [supply_row()]))
    assert len(issues) == 1
    assert (issues[0].sheet, issues[0].header, issues[0].column) == ("供给清单", "产品名称", None)
    assert "缺少必填列" in issues[0].reason and "主导产品" in issues[0].reason  # names the accepted variants too


def test_every_problem_of_a_file_is_reported_not_only_the_first(run) -> None:
    issues = errors_of(run, ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, [
        supply_row(产品类别="关键零件", 联系电话="12345"),
        supply_row(产品名称=None, 规格型号="X-1"),
        supply_row(产品名称="齿轮", 规格型号="G-1", 状态="在售中", 所属产业链="量子冰箱"),
    ]))
    located = {(i.row, i.header) for i in issues}
    assert located == {(2, "产品类别"), (2, "联系电话"), (3, "产品名称"), (4, "状态"), (4, "所属产业链")}
    assert all(i.reason for i in issues)


def test_two_names_for_one_credit_code_names_both_rows(run) -> None:
    issues = errors_of(run, ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, [
        supply_row(),
        supply_row(企业名称="重庆渝新机械有限公司", 产品名称="端盖", 规格型号="DG-1"),
    ]))
    assert [(i.row, i.header) for i in issues] == [(3, "企业名称")]
    assert "第2行" in issues[0].reason and "第3行" in issues[0].reason
    assert "重庆渝新精密机械有限公司" in issues[0].reason and "重庆渝新机械有限公司" in issues[0].reason


def test_the_same_item_twice_in_one_file_is_an_error(run) -> None:
    issues = errors_of(run, ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, [
        supply_row(), supply_row(规格型号="YX-MH-250、YX-MH-220", 产能规模="60万件/年"),
    ]))
    assert [(i.row, i.header) for i in issues] == [(3, "产品名称")]
    assert "第2行" in issues[0].reason


def test_a_duplicate_only_the_identity_rule_sees_is_an_error_too(run, db_session) -> None:
    # Traditional characters and a separator inside the model: the same item under the identity rule.
    issues = errors_of(run, ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, [
        supply_row(产品名称="电机壳体", 规格型号="YX.MH.220"),
        supply_row(产品名称="電機殼體", 规格型号="YX MH 220"),
    ]))
    assert [(i.row, i.header) for i in issues] == [(3, "产品名称")]
    assert "第2行" in issues[0].reason
    assert counts(db_session) == (0, 0, 0)


def test_one_bad_row_among_a_thousand_writes_nothing(run, db_session) -> None:
    rows = many_supply_rows(1000)
    rows[637]["产能规模"] = "-20件/年"
    before = counts(db_session)
    issues = errors_of(run, ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, rows))
    assert [(i.row, i.header) for i in issues] == [(639, "产能规模")]
    assert counts(db_session) == before


def test_a_database_side_error_also_writes_nothing(run, db_session) -> None:
    # Row 3 gives a stored product (code P-1) another code: only the database knows the stored code, so
    # only the write can see the clash; the enterprise and item written before it are rolled back too.
    run(ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, [supply_row(产品编码="P-1")]))
    before = counts(db_session)
    issues = errors_of(run, ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, [
        supply_row(企业名称="重庆华渝铝业有限公司", 统一社会信用代码=CODE_B, 产品名称="铝锭"),
        supply_row(产品编码="P-2"),
    ]))
    assert [(i.row, i.header) for i in issues] == [(3, "产品名称"), (3, "规格型号")]
    assert "名称和型号相同" in issues[0].reason
    assert counts(db_session) == before


# --- re-upload -----------------------------------------------------------------------------------------------


def test_corrected_reupload_updates_in_place_without_duplicates(run, db_session) -> None:
    first = [supply_row(), supply_row(产品名称="转向节", 规格型号="ZXJ-01", 产能规模="3000套/月")]
    run(ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, first))
    housing_id = db_session.scalar(select(SupplyItem.id).where(SupplyItem.product_name == "新能源汽车电机壳体"))

    # Same items typed differently (full-width, spaces, other separator order), one corrected, one new.
    second = [
        supply_row(产品名称="新能源汽车电机壳体 ", 规格型号="ＹＸ-ＭＨ-250 / YX-MH-220", 产能规模="80万件/年"),
        supply_row(产品名称="转向节", 规格型号="ZXJ01", 产能规模="3000套/月"),
        supply_row(产品名称="制动卡钳支架", 规格型号="ZD-7", 产能规模="10万件/年"),
    ]
    result = run(ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, second))

    assert (result.items_created, result.items_updated, result.items_unchanged) == (1, 2, 0)
    # The enterprise's cells are the same as before: found, not changed.
    assert (result.enterprises_created, result.enterprises_updated, result.enterprises_unchanged) == (0, 0, 1)
    assert count(db_session, SupplyItem) == 3
    assert count(db_session, Enterprise) == 1
    housing = db_session.get(SupplyItem, housing_id)
    db_session.refresh(housing)
    assert housing.capacity_per_year == 800_000


def test_item_code_identifies_an_item_across_renames(run, db_session) -> None:
    run(ListKind.DEMAND, xlsx(DEMAND_HEADERS, [demand_row(需求编码="CJ-001")], sheet="需求清单"))
    result = run(ListKind.DEMAND, xlsx(DEMAND_HEADERS, [demand_row(需求编码="CJ-001", 产品名称="IGBT模块(车规)")],
                                       sheet="需求清单"))
    assert (result.items_created, result.items_updated) == (0, 1)
    assert [i.product_name for i in db_session.scalars(select(DemandItem))] == ["IGBT模块(车规)"]


def test_dry_run_reports_counts_and_writes_nothing(run, db_session) -> None:
    result = run(ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, many_supply_rows(30, enterprises=3)), dry_run=True)
    assert result.dry_run is True
    assert (result.enterprises_created, result.items_created) == (3, 30)
    assert counts(db_session) == (0, 0, 0)


# --- files as people make them -------------------------------------------------------------------------


def test_gbk_csv_imports(run, db_session) -> None:
    result = run(ListKind.SUPPLY, csv_bytes(SUPPLY_HEADERS, [supply_row()], encoding="gbk"), filename="清单.csv")
    assert (result.source_format, result.encoding, result.items_created) == ("csv", "gb18030", 1)
    assert db_session.scalar(select(Enterprise.name)) == "重庆渝新精密机械有限公司"


def test_gb18030_csv_with_characters_outside_gbk_imports(run, db_session) -> None:
    name = "重庆𠮷祥精工有限公司"  # 𠮷 exists only in GB18030 (four bytes), not in GBK
    with pytest.raises(UnicodeEncodeError):
        name.encode("gbk")
    result = run(ListKind.SUPPLY, csv_bytes(SUPPLY_HEADERS, [supply_row(企业名称=name)], encoding="gb18030"),
                 filename="清单.csv")
    assert result.items_created == 1
    assert db_session.scalar(select(Enterprise.name)) == name


def test_utf8_csv_with_bom_imports(run, db_session) -> None:
    content = csv_bytes(SUPPLY_HEADERS, [supply_row()], encoding="utf-8", bom=True)
    result = run(ListKind.SUPPLY, content, filename="清单.csv")
    assert (result.encoding, result.items_created) == ("utf-8", 1)
    assert db_session.scalar(select(Enterprise.credit_code)) == CODE_A  # the BOM did not stick to the header


def test_excel_unicode_text_utf16_tab_separated_imports(run, db_session) -> None:
    lines = ["\t".join(SUPPLY_HEADERS), "\t".join("" if v is None else str(v) for v in supply_row().values())]
    content = "\r\n".join(lines).encode("utf-16")  # with BOM, as Excel's "Unicode 文本" writes it
    result = run(ListKind.SUPPLY, content, filename="清单.txt")
    assert (result.encoding, result.items_created) == ("utf-16", 1)


def test_undecodable_csv_is_a_clear_error(run) -> None:
    content = "企业名称,统一社会信用代码\n".encode() + b"\x81\x30\xff\xff,abc\n"
    issues = errors_of(run, ListKind.SUPPLY, content, filename="x.csv")
    assert "编码" in issues[0].reason and "UTF-8" in issues[0].reason and "GBK" in issues[0].reason


def test_header_variants_are_recognised(run, db_session) -> None:
    headers = ["*供应商名称", "信用代码（必填）", "所在区县", "荣誉资质", "手机", "类型：", "主要产品", "型　号",
               "年产能", "体系认证", "意向客户", "产业链", "备注说明"]
    row = ["重庆渝新精密机械有限公司", CODE_A, "两江新区", "小巨人（2022年）", 13800001234, "零部件", "电机壳体",
           "YX-MH-220", "50 万件/年", "IATF16949", "重庆长嘉汽车有限公司", "汽车底盘与车身零部件", "无"]
    result = run(ListKind.SUPPLY, xlsx(headers, [row], preamble=[["2025年重庆市中小企业产品供给清单"], []]))

    assert result.header_row == 3 and result.items_created == 1
    assert [(w.column, w.header) for w in result.warnings] == [("M", "备注说明")]  # unknown column: a warning only
    item = db_session.scalar(select(SupplyItem))
    assert (item.product_name, item.part_numbers, item.capacity_per_year) == ("电机壳体", ["YX-MH-220"], 500_000)
    enterprise = db_session.scalar(select(Enterprise))
    assert enterprise.phone == "13800001234"
    assert [(q.kind, q.year) for q in enterprise.qualifications] == [(QualificationKind.NATIONAL_LITTLE_GIANT, 2022)]


@pytest.mark.parametrize("header, key", [
    ("企業名稱", "enterprise_name"), ("＊统一社会信用代码", "credit_code"), ("规格/技术要求", "specification"),
    ("型号规格", "part_numbers"), ("【必填】产品名称", "product_name"), ("Email", "email"), ("区/县", "district"),
])
def test_header_folding(header: str, key: str) -> None:
    spec = match_header(ListKind.DEMAND, header) or match_header(ListKind.SUPPLY, header)
    assert spec is not None and spec.key == key


def test_duplicated_column_is_an_error(run) -> None:
    headers = [*SUPPLY_HEADERS, "型号"]
    issues = errors_of(run, ListKind.SUPPLY, xlsx(headers, [[*supply_row().values(), "X"]]))
    assert [(i.row, i.column, i.header) for i in issues] == [(1, "Q", "型号")]
    assert "K列" in issues[0].reason


def test_blank_rows_are_skipped(run, db_session) -> None:
    rows = [supply_row(), [None] * len(SUPPLY_HEADERS), ["  "] * 3, supply_row(产品名称="端盖", 规格型号="DG-1")]
    result = run(ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, rows))
    assert (result.rows_imported, result.rows_skipped) == (2, 2)
    assert count(db_session, SupplyItem) == 2


def test_headers_without_rows_import_nothing_and_say_so(run, db_session) -> None:
    result = run(ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, []))
    assert (result.rows_total, result.items_created) == (0, 0)
    assert any("没有数据行" in w.reason for w in result.warnings)


def test_formula_without_cached_value_is_reported_not_guessed(run, db_session) -> None:
    # openpyxl writes formulas without results, like any script does; Excel would have saved the result.
    content = xlsx(SUPPLY_HEADERS, [supply_row(产品名称='="电机"&"壳体"'), supply_row(产品名称="端盖", 规格型号="#N/A")])
    issues = errors_of(run, ListKind.SUPPLY, content)
    assert [(i.row, i.header) for i in issues] == [(2, "产品名称"), (3, "规格型号")]
    assert "公式" in issues[0].reason and "#N/A" in issues[1].reason


def test_a_demand_workbook_uploaded_as_supply_says_so(run) -> None:
    issues = errors_of(run, ListKind.SUPPLY, xlsx(DEMAND_HEADERS, [demand_row()], sheet="需求清单"))
    assert len(issues) == 1 and "大企业产品需求清单" in issues[0].reason


def _with_cached_result(content: bytes, cell: str, result: str) -> bytes:
    """Give a formula cell the result Excel would have saved with it (openpyxl writes none)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rf'<c r="{cell}">(<f>.*?</f>)<v ?/>'.encode(),
                              f'<c r="{cell}" t="str">\\1<v>{result}</v>'.encode(), data)
            target.writestr(info, data)
    return out.getvalue()


def test_formula_with_cached_result_imports_the_result(run, db_session) -> None:
    content = xlsx(SUPPLY_HEADERS, [supply_row(产品名称='=CONCATENATE("电机","壳体")')])
    result = run(ListKind.SUPPLY, _with_cached_result(content, "I2", "电机壳体"))
    assert result.items_created == 1
    assert db_session.scalar(select(SupplyItem.product_name)) == "电机壳体"


def test_old_xls_and_corrupt_xlsx_are_refused_clearly(run) -> None:
    issues = errors_of(run, ListKind.SUPPLY, b"\xd0\xcf\x11\xe0" + b"\0" * 100, filename="a.xls")
    assert ".xls" in issues[0].reason
    issues = errors_of(run, ListKind.SUPPLY, b"PK\x03\x04 not really a zip", filename="a.xlsx")
    assert "损坏" in issues[0].reason


def test_caps_on_bytes_and_rows(run, settings) -> None:
    content = xlsx(SUPPLY_HEADERS, many_supply_rows(20))
    small = settings.model_copy(update={"import_max_bytes": 1000})
    with pytest.raises(PayloadTooLarge):
        run(ListKind.SUPPLY, content, settings_override=small)
    few_rows = settings.model_copy(update={"import_max_rows": 10})
    with pytest.raises(PayloadTooLarge) as caught:
        run(ListKind.SUPPLY, content, settings_override=few_rows)
    assert caught.value.code == "too_many_rows" and "10" in caught.value.message


def test_sheet_is_chosen_by_name_whatever_its_position(run, db_session) -> None:
    workbook = Workbook()
    workbook.active.title = "说明"
    workbook.active.append(["这是说明"])
    sheet = workbook.create_sheet("供给清单")
    sheet.append(SUPPLY_HEADERS)
    sheet.append([supply_row()[h] for h in SUPPLY_HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert run(ListKind.SUPPLY, buffer.getvalue()).items_created == 1


@pytest.mark.parametrize("text, expected", [
    ("80-120元/件", (80, 120, "元/件")),
    ("≤3.5万元/吨", (None, 35_000, "元/吨")),
    ("１００元／套", (100, 100, "元/套")),
    ("面议", (None, None, None)),
])
def test_target_price_forms(text: str, expected: tuple) -> None:
    assert parse_price(text) == expected


def test_unreadable_price_is_an_error_at_its_cell(run) -> None:
    issues = errors_of(run, ListKind.DEMAND, xlsx(DEMAND_HEADERS, [demand_row(目标价格="看情况")], sheet="需求清单"))
    assert [(i.row, i.header) for i in issues] == [(2, "目标价格")]


def test_a_known_credit_code_under_another_name_is_an_error_not_a_silent_rename(run, db_session) -> None:
    run(ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, [supply_row()]))
    issues = errors_of(run, ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, [
        supply_row(企业名称="重庆冒名顶替有限公司", 产品名称="转向节", 规格型号="ZXJ-01")]))
    assert any(i.row == 2 and i.header == "企业名称" and "重庆渝新精密机械有限公司" in i.reason for i in issues), issues
    enterprise = db_session.scalar(select(Enterprise).where(Enterprise.credit_code == CODE_A))
    db_session.refresh(enterprise)
    assert enterprise.name == "重庆渝新精密机械有限公司"
    # The same name typed with full-width brackets or spaces is the same name.
    run(ListKind.SUPPLY, xlsx(SUPPLY_HEADERS, [supply_row(企业名称=" 重庆渝新精密机械有限公司 ")]))
