"""Lists laid out the way district associations and 经信委 offices send them: a merged title above the header,
the company's name and code merged down over its product rows, the headers their own templates use, formulas with
the results Excel saved, month-only dates, notes and signatures under the table, several sheets. Each is built
here with openpyxl, imported with every field kept, and comes back as an annotated workbook."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.models import DemandItem, Enterprise, ItemCategory, QualificationKind, SizeClass, SupplyItem
from app.models.audit import AuditEntry
from app.services.imports import ImportInvalid, ListKind, import_list
from tests.app.test_imports_support import CODE_A, CODE_B, CODE_LEADER, counts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# An association's own header wording: none of these is the template's canonical header.
ASSOCIATION_SUPPLY_HEADERS = [
    "序号", "企业全称", "统一社会信用代码", "规模类型", "所在区（县）", "资质情况", "联系人姓名", "联系方式",
    "产品分类", "主导产品名称", "规格/型号", "产品简介", "生产能力", "质量认证", "拟配套企业", "所属产业链条",
]
TITLE = "2026年两江新区中小企业产品供给清单"


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_cached_results(content: bytes, results: dict[tuple[str, str], str]) -> bytes:
    """Give formula cells the results Excel would have saved with them (openpyxl writes none).

    ``results`` maps (sheet part, e.g. ``sheet1``, and cell) to the cached text.
    """
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            for (part, cell), result in results.items():
                if info.filename == f"xl/worksheets/{part}.xml":
                    data, replaced = re.subn(rf'<c r="{cell}"( s="\d+")?>(<f>.*?</f>)<v ?/>'.encode(),
                                             f'<c r="{cell}"\\1 t="str">\\2<v>{result}</v>'.encode(), data)
                    assert replaced == 1, (part, cell)
            target.writestr(info, data)
    return out.getvalue()


def association_supply_workbook(**changes: Any) -> bytes:
    """Title merged over the table, a 填报单位 line, the header, company A's three products with its name, code,
    size, district, qualifications, contact and phone merged down, company B's one product, then a merged 注 line,
    its numbered notes and a signature line."""
    book = Workbook()
    sheet = book.active
    sheet.title = "供给清单"
    width = len(ASSOCIATION_SUPPLY_HEADERS)
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append(["填报单位：两江新区中小企业协会（盖章）", None, None, None, None, None, None, None, None, None,
                  "填报日期：2026年3月"])
    sheet.merge_cells("A2:J2")
    sheet.append(ASSOCIATION_SUPPLY_HEADERS)
    company_a = [changes.get("name_a", "重庆渝新精密机械有限公司"), changes.get("code_a", CODE_A), "小型", "两江新区",
                 "国家级专精特新小巨人(2023)；市级专精特新(2021)", "张伟", "13800001234"]
    products_a = [
        ["关键零部件", "新能源汽车电机壳体", "YX-MH-220；YX-MH-250", "ADC12压铸", "50万件/年", "IATF 16949",
         "重庆长嘉汽车有限公司"],
        ["关键零部件", "转向节", "ZXJ-01", "锻造+机加工", "月产5000件", "IATF 16949；ISO 9001", "重庆长嘉汽车有限公司"],
        ["关键零部件", "电池包下壳体", None, "铝挤压+搅拌摩擦焊", changes.get("capacity", "年交付30套"), None, None],
    ]
    for number, product in enumerate(products_a, start=1):
        enterprise = company_a if number == 1 else [None] * len(company_a)
        sheet.append([number, *enterprise, *product, "汽车底盘与车身零部件"])
    for column in range(2, 2 + len(company_a)):  # B..H merged down over rows 4-6
        sheet.merge_cells(start_row=4, start_column=column, end_row=6, end_column=column)
    sheet.append([4, "重庆华渝铝业有限公司", CODE_B, "中型", "九龙坡区", "市级专精特新(2022)", "李娜", "023-68881234",
                  "关键原材料", "6061-T6铝型材", None, "挤压型材", "年产能约2万吨", "ISO 9001",
                  "重庆长嘉汽车有限公司；重庆华驰动力有限公司", "轻合金材料"])
    sheet.append(["注：1. 企业名称须与营业执照一致；2. 产能请写明单位和周期。"])
    sheet.merge_cells(start_row=8, start_column=1, end_row=8, end_column=width)
    sheet.append(["3. 多个认证之间用分号分隔。"])
    sheet.append(["填报人：王敏", None, None, None, None, None, None, None, None, "审核人：赵强"])
    instructions = book.create_sheet("填写说明")
    instructions.append(["请按表头填写，带*为必填"])
    return _save(book)


@pytest.fixture
def run(db_session, settings):
    def run_import(kind: ListKind, content: bytes, **kwargs):
        return import_list(db_session=db_session, kind=kind, content=content, filename="list.xlsx",
                           settings=settings, **kwargs)

    return run_import


def _annotated(client, operator_headers, kind: str, content: bytes):
    response = client.post(f"/api/v1/imports/{kind}/annotated", headers=operator_headers,
                           files={"file": ("清单.xlsx", content, XLSX)})
    assert response.status_code == 200, response.text
    return load_workbook(io.BytesIO(response.content)), int(response.headers["X-Import-Error-Count"])


# --- merged company cells, a title, association headers, a footer ------------------------------------------


def test_association_supply_list_imports_every_field(run, db_session) -> None:
    result = run(ListKind.SUPPLY, association_supply_workbook())

    assert (result.header_row, result.rows_imported, result.items_created) == (3, 4, 4)
    assert (result.enterprises_created, result.sheet) == (2, "供给清单")
    # The merged name, code … over rows 4-6 were filled down, and the report says which ranges.
    filled = result.sheets[0].merged_filled
    assert {"B4:B6", "C4:C6", "G4:G6", "H4:H6"} <= set(filled)
    notice = [w for w in result.warnings if w.reason.startswith("合并单元格已按首行内容向下填充")]
    assert len(notice) == 1 and "B4:B6" in notice[0].reason and notice[0].sheet == "供给清单"
    # The note, its numbered line and the signature line are skipped and named, not read as rows.
    skipped = {w.row: w.reason for w in result.warnings if w.row in (8, 9, 10)}
    assert set(skipped) == {8, 9, 10} and all("已跳过" in reason for reason in skipped.values())
    assert result.rows_skipped == 3
    # Only 序号 is not one of the list's columns; no known column was dropped.
    unknown = [w for w in result.warnings if w.reason.startswith("无法识别的列")]
    assert [(w.column, w.header) for w in unknown] == [("A", "序号")]
    assert [s.name for s in result.skipped_sheets] == ["填写说明"]

    yuxin = db_session.scalar(select(Enterprise).where(Enterprise.credit_code == CODE_A))
    assert (yuxin.name, yuxin.size_class, yuxin.district) == ("重庆渝新精密机械有限公司", SizeClass.SMALL, "两江新区")
    assert (yuxin.contact_person, yuxin.phone) == ("张伟", "13800001234")
    assert {(q.kind, q.year) for q in yuxin.qualifications} == {
        (QualificationKind.NATIONAL_LITTLE_GIANT, 2023), (QualificationKind.MUNICIPAL_SPECIALIZED, 2021)}
    assert {c.name for c in yuxin.chains} == {"汽车底盘与车身零部件"}
    items = {i.product_name: i for i in db_session.scalars(select(SupplyItem).where(SupplyItem.enterprise_id == yuxin.id))}
    assert set(items) == {"新能源汽车电机壳体", "转向节", "电池包下壳体"}
    housing, knuckle, tray = items["新能源汽车电机壳体"], items["转向节"], items["电池包下壳体"]
    assert (housing.part_numbers, housing.description, housing.capacity_per_year) == (
        ["YX-MH-220", "YX-MH-250"], "ADC12压铸", 500_000)
    assert housing.certifications == ["IATF 16949"]
    assert [c.name for c in housing.intended_customers] == ["重庆长嘉汽车有限公司"]
    assert (knuckle.capacity_amount, knuckle.capacity_period, knuckle.capacity_per_year) == (5000, "month", 60_000)
    assert knuckle.certifications == ["IATF 16949", "ISO 9001"]
    assert (tray.capacity_text, tray.capacity_unit, tray.capacity_per_year) == ("年交付30套", "套", 30)
    assert tray.chain.name == "汽车底盘与车身零部件"

    huayu = db_session.scalar(select(Enterprise).where(Enterprise.credit_code == CODE_B))
    assert (huayu.size_class, huayu.phone, huayu.contact_person) == (SizeClass.MEDIUM, "023-68881234", "李娜")
    profile = db_session.scalar(select(SupplyItem).where(SupplyItem.enterprise_id == huayu.id))
    assert (profile.category, profile.capacity_per_year, profile.capacity_dimension) == (ItemCategory.RAW_MATERIAL, 20_000_000, "mass")
    assert [c.name for c in profile.intended_customers] == ["重庆长嘉汽车有限公司", "重庆华驰动力有限公司"]


def test_error_on_merged_cells_is_marked_on_their_top_left_cell(client, operator_headers, db_session) -> None:
    # A wrong credit code merged over three rows is wrong on each of them; the workbook marks the merged cell once.
    content = association_supply_workbook(code_a="91500112MA5UA0000X")
    workbook, errors = _annotated(client, operator_headers, "supply", content)

    assert errors == 3
    sheet = workbook["供给清单"]
    comment = sheet["C4"].comment
    assert comment is not None and comment.text.count("错误：") == 3
    assert sheet["C4"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "C4:C6" in {str(r) for r in sheet.merged_cells.ranges}  # the layout is kept
    listed = [row for row in workbook["导入错误"].iter_rows(min_row=3, values_only=True)]
    assert sorted(row[2] for row in listed if row[0] == "错误") == [4, 5, 6]
    assert counts(db_session) == (0, 0, 0)


def test_annotated_workbook_of_a_clean_association_list(client, operator_headers) -> None:
    workbook, errors = _annotated(client, operator_headers, "supply", association_supply_workbook())
    assert errors == 0
    notes = workbook["导入错误"]
    reasons = [row[6] for row in notes.iter_rows(min_row=3, values_only=True)]
    assert any(reason.startswith("合并单元格已按首行内容向下填充") for reason in reasons)
    assert workbook["供给清单"]["A8"].comment is not None  # the skipped note row, on its merged cell's top left


def test_cli_errors_xlsx_on_merged_cells(tmp_path, monkeypatch) -> None:
    from app.cli import main
    from app.core import migrate
    from app.core.config import get_settings

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    migrate.upgrade(url)
    try:
        source = tmp_path / "清单.xlsx"
        source.write_bytes(association_supply_workbook(code_a="91500112MA5UA0000X", capacity="看情况"))
        out = tmp_path / "errors.xlsx"
        result = CliRunner().invoke(main, ["import", "supply", str(source), "--errors-xlsx", str(out)])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, AttributeError)
    marked = load_workbook(out)["供给清单"]
    assert marked["C4"].comment is not None and marked["M6"].comment is not None


# --- header variants ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("header, key", [
    ("资质情况", "qualifications"), ("资质", "qualifications"), ("企业资质", "qualifications"),
    ("联系方式", "phone"), ("联系电话", "phone"), ("手机", "phone"), ("手机号码", "phone"),
    ("拟配套企业", "intended_customers"), ("拟配套客户", "intended_customers"), ("意向客户", "intended_customers"),
    ("企业全称", "enterprise_name"), ("统一信用代码", "credit_code"), ("主导产品名称", "product_name"),
    ("生产能力", "capacity"), ("供货能力", "capacity"), ("质量认证", "certifications"), ("产品分类", "category"),
    ("所在区（县）", "district"), ("联系人姓名", "contact_person"), ("产品介绍", "description"),
    ("所属产业链条", "chain"), ("规模类型", "size_class"), ("电子邮件", "email"), ("产品型号", "part_numbers"),
])
def test_supply_header_variants(header: str, key: str) -> None:
    from app.services.imports.columns import match_header

    spec = match_header(ListKind.SUPPLY, header)
    assert spec is not None and spec.key == key, header


@pytest.mark.parametrize("header, key", [
    ("需求企业名称", "enterprise_name"), ("链主企业名称", "enterprise_name"), ("需求产品名称", "product_name"),
    ("技术指标", "specification"), ("年采购量", "annual_quantity"), ("需求量", "annual_quantity"),
    ("数量单位", "quantity_unit"), ("单价", "price"), ("采购单价", "price"), ("供应商资质要求", "certifications"),
    ("截止时间", "valid_until"), ("需求有效期", "valid_until"), ("地域要求", "preferred_region"),
    ("物料代码", "item_code"), ("需求类型", "category"), ("参考型号", "part_numbers"),
])
def test_demand_header_variants(header: str, key: str) -> None:
    from app.services.imports.columns import match_header

    spec = match_header(ListKind.DEMAND, header)
    assert spec is not None and spec.key == key, header


def test_every_variant_is_listed_in_the_template_instructions() -> None:
    from app.services.imports import COLUMNS, build_template

    notes = load_workbook(io.BytesIO(build_template(ListKind.SUPPLY)))["填写说明"]
    listed = {row[0]: row[4] or "" for row in notes.iter_rows(values_only=True) if row[0]}
    for spec in COLUMNS[ListKind.SUPPLY]:
        assert all(variant in listed[spec.header] for variant in spec.variants), spec.header


# --- a demand workbook: several sheets, formulas with cached values, month-only dates --------------------------

DEMAND_VARIANT_HEADERS = [
    "需求企业名称", "统一信用代码", "需求类型", "需求产品名称", "技术指标", "参考型号", "年采购量", "数量单位", "单价",
    "供应商资质要求", "所属产业链", "截止时间", "是否保密",
]


def _demand_sheet(book: Workbook, title: str, rows: list[list[Any]], *, first: bool = False) -> None:
    sheet = book.active if first else book.create_sheet(title)
    sheet.title = title
    sheet.append([f"重庆长嘉汽车有限公司 {title} 关键零部件需求清单"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(DEMAND_VARIANT_HEADERS))
    sheet.append(DEMAND_VARIANT_HEADERS)
    for row in rows:
        sheet.append(row)


def _demand_row(product: str, part: str, quantity: Any, valid_until: Any, **changes: Any) -> list[Any]:
    values = {"name": "重庆长嘉汽车有限公司", "code": CODE_LEADER, **changes}
    return [values["name"], values["code"], "关键零部件", product, "车规级", part, quantity, "件",
            "800-1000元/件", "IATF 16949", "功率半导体", valid_until, "否"]


def leader_workbook(*, second_quarter_date: Any = "2026-06") -> bytes:
    book = Workbook()
    _demand_sheet(book, "一季度", [
        _demand_row("IGBT功率模块", "FF450R12ME4", "=1500*12", "2026年6月"),
        _demand_row("SiC MOSFET", "C3M0021120K", 6000, "2026/6"),
    ], first=True)
    _demand_sheet(book, "二季度", [
        _demand_row("薄膜电容", "B32778", "=SUM(2000,3000)", second_quarter_date),
    ])
    book.create_sheet("填写说明").append(["每行填写一个需求"])
    book.create_sheet("Sheet3")  # left empty, as Excel's default sheets are
    summary = book.create_sheet("汇总")
    summary.append(["区县", "企业数"])
    summary.append(["两江新区", 1])
    content = _save(book)
    # Excel saved each formula's result: the import reads it, never the formula.
    return _with_cached_results(content, {("sheet1", "G3"): "18000", ("sheet2", "G3"): "5000"})


def test_several_sheets_formulas_and_month_only_dates(run, db_session) -> None:
    result = run(ListKind.DEMAND, leader_workbook())

    assert [(s.name, s.header_row, s.rows_imported, s.items_created) for s in result.sheets] == [
        ("一季度", 2, 2, 2), ("二季度", 2, 1, 1)]
    assert (result.rows_imported, result.items_created, result.enterprises_created) == (3, 3, 1)
    assert {(s.name, s.reason.split("，")[0]) for s in result.skipped_sheets} == {
        ("填写说明", "填写说明"), ("Sheet3", "空工作表"), ("汇总", f"未找到{ListKind.DEMAND.title}的表头（应包含产品名称等列）")}
    items = {i.product_name: i for i in db_session.scalars(select(DemandItem))}
    assert items["IGBT功率模块"].annual_quantity == 18000  # the cached result of =1500*12
    assert items["薄膜电容"].annual_quantity == 5000
    assert {i.valid_until for i in items.values()} == {dt.date(2026, 6, 30)}
    igbt = items["IGBT功率模块"]
    assert (igbt.part_numbers, igbt.specification, igbt.quantity_unit) == (["FF450R12ME4"], "车规级", "件")
    assert (igbt.price_min, igbt.price_max, igbt.certifications, igbt.confidential) == (
        800, 1000, ["IATF 16949"], False)
    assert igbt.chain.name == "功率半导体"


def test_an_error_on_the_second_sheet_names_that_sheet(run, client, operator_headers, db_session) -> None:
    content = leader_workbook(second_quarter_date="明年")
    with pytest.raises(ImportInvalid) as caught:
        run(ListKind.DEMAND, content)
    assert [(i.sheet, i.row, i.column) for i in caught.value.issues] == [("二季度", 3, "L")]
    assert counts(db_session) == (0, 0, 0)

    workbook, errors = _annotated(client, operator_headers, "demand", content)
    assert errors == 1
    assert workbook["二季度"]["L3"].comment is not None and workbook["一季度"]["L3"].comment is None
    assert workbook["导入错误"]["B3"].hyperlink.target == "#'二季度'!L3"  # the link goes to the cell on its sheet


def test_annotated_workbook_of_the_leader_workbook(client, operator_headers) -> None:
    workbook, errors = _annotated(client, operator_headers, "demand", leader_workbook())
    assert errors == 0
    assert workbook.sheetnames[0] == "导入错误" and {"一季度", "二季度", "填写说明"} <= set(workbook.sheetnames)
    # the formulas stay formulas in the returned workbook
    assert workbook["一季度"]["G3"].value == "=1500*12"


# --- true counts on a re-upload ------------------------------------------------------------------------------


def test_reuploading_an_unchanged_list_changes_nothing_and_says_so(run, db_session) -> None:
    content = association_supply_workbook()
    first = run(ListKind.SUPPLY, content)
    assert first.items_created == 4
    db_session.flush()
    stamps = dict(db_session.execute(select(SupplyItem.id, SupplyItem.updated_at)).all())
    audit_rows = db_session.scalar(select(func.count()).select_from(AuditEntry))

    again = run(ListKind.SUPPLY, content)
    assert (again.items_created, again.items_updated, again.items_unchanged) == (0, 0, 4)
    assert (again.enterprises_created, again.enterprises_updated, again.enterprises_unchanged) == (0, 0, 2)
    assert again.sheets[0].items_unchanged == 4
    db_session.flush()
    db_session.expire_all()
    assert dict(db_session.execute(select(SupplyItem.id, SupplyItem.updated_at)).all()) == stamps
    assert db_session.scalar(select(func.count()).select_from(AuditEntry)) == audit_rows

    # One changed capacity: one update, the rest unchanged.
    changed = run(ListKind.SUPPLY, association_supply_workbook(capacity="年交付40套"))
    assert (changed.items_created, changed.items_updated, changed.items_unchanged) == (0, 1, 3)


def test_reupload_counts_through_the_api(client, operator_headers) -> None:
    content = association_supply_workbook()
    files = {"file": ("清单.xlsx", content, XLSX)}
    assert client.post("/api/v1/imports/supply", headers=operator_headers, files=files).status_code == 200
    body = client.post("/api/v1/imports/supply", headers=operator_headers, files=files).json()
    assert (body["items_created"], body["items_updated"], body["items_unchanged"]) == (0, 0, 4)
    assert body["sheets"][0]["items_unchanged"] == 4
    assert body["skipped_sheets"] == [{"name": "填写说明", "reason": "填写说明，不是清单"}]


# --- the template's file name --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["supply", "demand"])
def test_template_download_has_an_ascii_fallback_name(client, kind: str) -> None:
    response = client.get(f"/api/v1/imports/templates/{kind}.xlsx")
    disposition = response.headers["content-disposition"]
    fallback = re.search(r'filename="([^"]*)"', disposition)[1]
    assert fallback == f"chainmatch_{kind}_template.xlsx" and not fallback.startswith(".")
    assert "filename*=UTF-8''" in disposition and "%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx" in disposition


# --- fuzz: random merges over a valid list ----------------------------------------------------------------


def _merged_list(merges: list[tuple[int, int, int, int]], title: bool) -> bytes:
    from tests.app.test_imports_support import SUPPLY_HEADERS, supply_row

    book = Workbook()
    sheet = book.active
    sheet.title = "供给清单"
    if title:
        sheet.append([TITLE])
    sheet.append(SUPPLY_HEADERS)
    products = [("新能源汽车电机壳体", "YX-MH-220"), ("转向节", "ZXJ-01"), ("电池包下壳体", "DC-3")]
    for enterprise, code in (("重庆渝新精密机械有限公司", CODE_A), ("重庆华渝铝业有限公司", CODE_B)):
        for product, part in products:
            row = supply_row(企业名称=enterprise, 统一社会信用代码=code, 产品名称=product, 规格型号=part)
            sheet.append([row[h] for h in SUPPLY_HEADERS])
    taken: set[tuple[int, int]] = set()
    for row, col, height, width in merges:
        cells = {(r, c) for r in range(row, row + height + 1) for c in range(col, col + width + 1)}
        if len(cells) == 1 or cells & taken:
            continue  # one cell is no merge; Excel refuses overlapping merges
        taken |= cells
        sheet.merge_cells(start_row=row, start_column=col, end_row=row + height, end_column=col + width)
    return _save(book)


def test_random_merges_never_answer_500_nor_write_half(client, operator_headers, db_session) -> None:
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hypothesis_settings
    from hypothesis import strategies as st

    from tests.app.test_imports_support import SUPPLY_HEADERS

    merge = st.tuples(st.integers(1, 10), st.integers(1, len(SUPPLY_HEADERS)), st.integers(0, 4), st.integers(0, 3))

    def totals() -> tuple[int, int, int]:
        db_session.expire_all()
        return counts(db_session)

    seen: set[int] = set()

    @hypothesis_settings(max_examples=30, deadline=None, derandomize=True,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(merges=st.lists(merge, max_size=6), title=st.booleans())
    def check(merges: list[tuple[int, int, int, int]], title: bool) -> None:
        content = _merged_list(merges, title)
        files = {"file": ("清单.xlsx", content, XLSX)}
        before = totals()
        response = client.post("/api/v1/imports/supply", headers=operator_headers, files=files)
        assert response.status_code in (200, 422), response.text
        seen.add(response.status_code)
        after = totals()
        if response.status_code == 422:
            assert after == before, "a refused list wrote rows"
            assert response.json()["error"] == "import_invalid"
        else:
            body = response.json()
            assert after[1] == before[1] + body["items_created"]
            assert body["items_created"] + body["items_updated"] + body["items_unchanged"] == body["rows_imported"]
        annotated = client.post("/api/v1/imports/supply/annotated", headers=operator_headers, files=files)
        assert annotated.status_code == 200, annotated.text
        marked = load_workbook(io.BytesIO(annotated.content))
        assert marked.sheetnames[0] == "导入错误"
        assert int(annotated.headers["X-Import-Error-Count"]) == (
            0 if response.status_code == 200 else response.json()["detail"]["error_count"])
        assert totals() == after  # the check writes nothing

    check()
    assert seen == {200, 422}  # merges that are filled down, and merges that break a row, both came up


# --- values people write --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, amount, unit, period, per_year", [
    ("年交付30套", 30, "套", "year", 30),
    ("月产5000件", 5000, "件", "month", 60_000),
    ("年产能约2万吨", 20_000, "t", "year", 20_000_000),
    ("30套/年", 30, "套", "year", 30),
    ("年供货能力2万吨", 20_000, "t", "year", 20_000_000),
    ("月可产5000件", 5000, "件", "month", 60_000),
    ("产能：5000件/月", 5000, "件", "month", 60_000),
    ("生产能力3万吨/年", 30_000, "t", "year", 30_000_000),
    ("年均产量约3万件", 30_000, "件", "year", 30_000),
    ("日产200台", 200, "台", "day", 73_000),
])
def test_capacity_spellings(text: str, amount: float, unit: str, period: str, per_year: float) -> None:
    from app.domain.units import parse_capacity

    capacity = parse_capacity(text)
    assert (capacity.amount, capacity.unit, capacity.period) == (amount, unit, period)
    assert capacity.per_year == pytest.approx(per_year)


@pytest.mark.parametrize("text", ["年交付", "产能：", "年交付很多套"])
def test_capacity_without_a_figure_is_still_refused(text: str) -> None:
    from app.domain.units import parse_capacity

    with pytest.raises(ValueError, match="缺少数值|无法识别"):
        parse_capacity(text)


@pytest.mark.parametrize("adversarial", [
    "年" * 100_000, "年交付" * 33_000, "产能" * 50_000, "产能：" + "年" * 100_000, "每年可" * 33_000 + "x",
    "年交付" + "1" * 100_000, "月产" + "约" * 100_000, "产能为" * 33_000 + "30套",
])
def test_capacity_parser_is_linear_on_100_kb(adversarial: str) -> None:
    import time

    from app.domain.units import parse_capacity

    started = time.perf_counter()
    with pytest.raises(ValueError):
        parse_capacity(adversarial)
    assert time.perf_counter() - started < 1.0  # a backtracking regex takes minutes here, a linear one milliseconds


@pytest.mark.parametrize("text, expected", [
    ("2026年6月", dt.date(2026, 6, 30)), ("2026-06", dt.date(2026, 6, 30)), ("2026/6", dt.date(2026, 6, 30)),
    ("2028年2月", dt.date(2028, 2, 29)), ("2026年12月底", dt.date(2026, 12, 31)), ("2026.9", dt.date(2026, 9, 30)),
    ("2026年6月15日", dt.date(2026, 6, 15)),
])
def test_month_only_dates_mean_the_last_day(text: str, expected: dt.date) -> None:
    from app.services.imports.cells import parse_date

    assert parse_date(text) == expected


@pytest.mark.parametrize("value", ["2026年13月", "2026-00", 2026.1, "2026" + "年" * 50_000])
def test_dates_that_are_not_months_are_refused(value: Any) -> None:
    from app.services.imports.cells import parse_date

    with pytest.raises(ValueError, match="不是有效日期"):
        parse_date(value)


def test_section_titles_and_free_footers_are_skipped_but_short_data_rows_are_reported(run, db_session) -> None:
    from tests.app.test_imports_support import SUPPLY_HEADERS, supply_row

    book = Workbook()
    sheet = book.active
    sheet.title = "供给清单"
    sheet.append(SUPPLY_HEADERS)
    sheet.append(["一、汽车零部件"])  # a section title merged across the table
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(SUPPLY_HEADERS))
    sheet.append([supply_row()[h] for h in SUPPLY_HEADERS])
    sheet.append(["本表由两江新区中小企业协会汇总"])  # a footer without 注：
    good = _save(book)
    result = run(ListKind.SUPPLY, good)
    assert (result.rows_imported, result.rows_skipped) == (1, 2)
    assert {w.row for w in result.warnings if "已跳过" in w.reason} == {2, 4}

    # A last row holding a product but little else is a row with cells missing, not a note.
    sheet.append([None] * 8 + ["转向节"])
    with pytest.raises(ImportInvalid) as caught:
        run(ListKind.SUPPLY, _save(book))
    assert {(i.row, i.header) for i in caught.value.issues} >= {(5, "企业名称"), (5, "统一社会信用代码")}


def test_hidden_sheets_are_named_and_not_imported(run, db_session) -> None:
    from tests.app.test_imports_support import SUPPLY_HEADERS, supply_row

    book = Workbook()
    visible = book.active
    visible.title = "两江新区"
    visible.append(SUPPLY_HEADERS)
    visible.append([supply_row()[h] for h in SUPPLY_HEADERS])
    hidden = book.create_sheet("旧版")
    hidden.append(SUPPLY_HEADERS)
    hidden.append([supply_row(产品名称="旧产品", 规格型号="OLD-1")[h] for h in SUPPLY_HEADERS])
    hidden.sheet_state = "hidden"
    result = run(ListKind.SUPPLY, _save(book))

    assert [s.name for s in result.sheets] == ["两江新区"] and result.items_created == 1
    assert [(s.name, s.reason) for s in result.skipped_sheets] == [("旧版", "隐藏的工作表，未导入")]
    assert any(w.sheet == "旧版" and "隐藏" in w.reason for w in result.warnings)
    assert db_session.scalar(select(SupplyItem.product_name)) == "新能源汽车电机壳体"


def test_alt_enter_inside_a_one_line_cell_is_one_line(run, db_session) -> None:
    """Excel's Alt+Enter wraps a long name for the eye; it does not make two names. List cells keep the break as
    a separator, long texts keep it as written."""
    book = load_workbook(io.BytesIO(association_supply_workbook()))
    sheet = book["供给清单"]
    sheet["B4"] = "重庆渝新精密\n机械有限公司"
    sheet["J4"] = "新能源汽车\r\n电机壳体 Type\nA"
    sheet["K4"] = "YX-MH-220\nYX-MH-250"
    sheet["L4"] = "ADC12压铸\n壁厚3mm"
    out = io.BytesIO()
    book.save(out)

    result = run(ListKind.SUPPLY, out.getvalue())

    assert result.items_created == 4
    yuxin = db_session.scalar(select(Enterprise).where(Enterprise.credit_code == CODE_A))
    assert yuxin.name == "重庆渝新精密机械有限公司"
    housing = db_session.scalar(select(SupplyItem).where(SupplyItem.enterprise_id == yuxin.id,
                                                         SupplyItem.product_name.like("新能源%")))
    assert housing.product_name == "新能源汽车电机壳体 Type A"
    assert housing.part_numbers == ["YX-MH-220", "YX-MH-250"]
    assert housing.description == "ADC12压铸\n壁厚3mm"
