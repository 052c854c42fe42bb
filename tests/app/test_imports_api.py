"""The import endpoints: upload, role rules, the 422 error body, the annotated workbook and the templates."""

from __future__ import annotations

import io

import pytest
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from app.core.config import get_settings
from app.models import ApiRole, Enterprise, EnterpriseRole, SupplyItem
from app.services.imports.annotate import ERROR_FILL, ERRORS_SHEET
from app.services.imports.templates import XLSX_MEDIA_TYPE
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
    open_xlsx,
    supply_row,
    xlsx,
)

XLSX_NAME = "供给清单.xlsx"


def upload(client, path: str, content: bytes, headers: dict, *, filename: str = XLSX_NAME, **params):
    media = XLSX_MEDIA_TYPE if filename.endswith(".xlsx") else "text/csv"
    return client.post(path, files={"file": (filename, content, media)}, headers=headers, params=params)


def test_operator_imports_a_supply_list(client, operator_headers, db_session) -> None:
    response = upload(client, "/api/v1/imports/supply", xlsx(SUPPLY_HEADERS, [supply_row()]), operator_headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {k: body[k] for k in ("kind", "rows_imported", "enterprises_created", "items_created", "dry_run")} == {
        "kind": "supply", "rows_imported": 1, "enterprises_created": 1, "items_created": 1, "dry_run": False}
    assert count(db_session, SupplyItem) == 1


def test_errors_answer_422_with_located_errors_and_nothing_is_written(client, operator_headers, db_session) -> None:
    rows = many_supply_rows(1000)
    rows[499]["统一社会信用代码"] = "91500000MA5U7Q4X1X"
    before = counts(db_session)
    response = upload(client, "/api/v1/imports/supply", xlsx(SUPPLY_HEADERS, rows), operator_headers)

    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "import_invalid"
    assert body["detail"]["error_count"] == 1
    [error] = body["detail"]["errors"]
    assert {k: error[k] for k in ("sheet", "row", "column", "header", "value", "severity")} == {
        "sheet": "供给清单", "row": 501, "column": "B", "header": "统一社会信用代码",
        "value": "91500000MA5U7Q4X1X", "severity": "error"}
    assert "统一社会信用代码" in error["reason"]
    assert counts(db_session) == before


def test_dry_run_flag_writes_nothing(client, operator_headers, db_session) -> None:
    response = upload(client, "/api/v1/imports/supply", xlsx(SUPPLY_HEADERS, [supply_row()]), operator_headers,
                      dry_run="true")
    assert response.status_code == 200
    assert response.json()["dry_run"] is True and response.json()["items_created"] == 1
    assert counts(db_session) == (0, 0, 0)


def test_gbk_csv_upload(client, operator_headers, db_session) -> None:
    content = csv_bytes(DEMAND_HEADERS, [demand_row()], encoding="gbk")
    response = upload(client, "/api/v1/imports/demand", content, operator_headers, filename="需求清单.csv")
    assert response.status_code == 200, response.text
    assert response.json()["encoding"] == "gb18030"
    assert db_session.scalar(select(Enterprise.name)) == "重庆长嘉汽车有限公司"


def test_upload_over_the_byte_cap_answers_413(app, client, operator_headers, settings) -> None:
    app.dependency_overrides[get_settings] = lambda: settings.model_copy(update={"import_max_bytes": 2048})
    try:
        response = upload(client, "/api/v1/imports/supply", xlsx(SUPPLY_HEADERS, many_supply_rows(50)),
                          operator_headers)
    finally:
        app.dependency_overrides.clear()
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"


# --- who may import what ---------------------------------------------------------------------------------


@pytest.fixture
def sme(make_enterprise):
    return make_enterprise(role=EnterpriseRole.SME, name="重庆渝新精密机械有限公司", credit_code=CODE_A)


@pytest.fixture
def leader(make_enterprise):
    return make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name="重庆长嘉汽车有限公司", credit_code=CODE_LEADER)


def test_sme_imports_its_own_supply_list(client, make_key, sme, db_session) -> None:
    response = upload(client, "/api/v1/imports/supply", xlsx(SUPPLY_HEADERS, [supply_row()]), make_key(ApiRole.SME, sme))
    assert response.status_code == 200, response.text
    assert response.json()["enterprises_updated"] == 1
    assert db_session.scalar(select(SupplyItem.enterprise_id)) == sme.id


def test_sme_cannot_grant_itself_qualifications_by_import(client, make_key, sme, db_session) -> None:
    content = xlsx(SUPPLY_HEADERS, [supply_row(企业资质="国家级专精特新小巨人(2023)；制造业单项冠军(2024)")])
    response = upload(client, "/api/v1/imports/supply", content, make_key(ApiRole.SME, sme))
    assert response.status_code == 200, response.text
    assert any("资质" in w["reason"] and w["header"] == "企业资质" for w in response.json()["warnings"])
    db_session.refresh(sme)
    assert sme.qualifications == []


def test_operator_import_sets_qualifications(client, operator_headers, sme, db_session) -> None:
    content = xlsx(SUPPLY_HEADERS, [supply_row(企业资质="国家级专精特新小巨人(2023)")])
    assert upload(client, "/api/v1/imports/supply", content, operator_headers).status_code == 200
    db_session.refresh(sme)
    assert [q.year for q in sme.qualifications] == [2023]


def test_sme_cannot_import_rows_of_another_enterprise(client, make_key, sme, db_session) -> None:
    content = xlsx(SUPPLY_HEADERS, [
        supply_row(), supply_row(企业名称="重庆华渝铝业有限公司", 统一社会信用代码=CODE_B, 产品名称="铝锭")])
    response = upload(client, "/api/v1/imports/supply", content, make_key(ApiRole.SME, sme))
    assert response.status_code == 422
    errors = response.json()["detail"]["errors"]
    assert [(e["row"], e["header"]) for e in errors] == [(3, "统一社会信用代码")]
    assert CODE_A in errors[0]["reason"]
    assert count(db_session, SupplyItem) == 0
    assert db_session.scalar(select(Enterprise).where(Enterprise.credit_code == CODE_B)) is None


def test_sme_cannot_import_a_demand_list(client, make_key, sme) -> None:
    content = xlsx(DEMAND_HEADERS, [demand_row(企业名称=sme.name, 统一社会信用代码=CODE_A)], sheet="需求清单")
    response = upload(client, "/api/v1/imports/demand", content, make_key(ApiRole.SME, sme))
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


def test_chain_leader_imports_only_its_own_demand_list(client, make_key, leader, db_session) -> None:
    headers = make_key(ApiRole.CHAIN_LEADER, leader)
    ok = upload(client, "/api/v1/imports/demand", xlsx(DEMAND_HEADERS, [demand_row()], sheet="需求清单"), headers)
    assert ok.status_code == 200, ok.text

    other = xlsx(DEMAND_HEADERS, [demand_row(企业名称="别家汽车有限公司", 统一社会信用代码=CODE_B)], sheet="需求清单")
    refused = upload(client, "/api/v1/imports/demand", other, headers)
    assert refused.status_code == 422
    assert refused.json()["detail"]["errors"][0]["header"] == "统一社会信用代码"

    supply = upload(client, "/api/v1/imports/supply", xlsx(SUPPLY_HEADERS, [supply_row()]), headers)
    assert supply.status_code == 403


def test_import_needs_a_key(client) -> None:
    response = upload(client, "/api/v1/imports/supply", xlsx(SUPPLY_HEADERS, [supply_row()]), {})
    assert response.status_code == 401


# --- the annotated workbook ------------------------------------------------------------------------------


def _column_of(header: str) -> str:
    return get_column_letter(SUPPLY_HEADERS.index(header) + 1)


def test_annotated_workbook_marks_the_bad_cells(client, operator_headers, db_session) -> None:
    content = xlsx(SUPPLY_HEADERS, [
        supply_row(),
        supply_row(产品名称="转向节", 规格型号="ZXJ-01", 产能规模="-5件/年"),
        supply_row(产品名称="端盖", 规格型号="DG-1", 产品类别="零件类", 联系电话="110"),
    ])
    response = upload(client, "/api/v1/imports/supply/annotated", content, operator_headers)

    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX_MEDIA_TYPE
    assert response.headers["x-import-error-count"] == "3"
    workbook = open_xlsx(response.content)
    assert workbook.sheetnames[0] == ERRORS_SHEET
    sheet = workbook["供给清单"]
    bad = {f"{_column_of('产能规模')}3", f"{_column_of('产品类别')}4", f"{_column_of('联系电话')}4"}
    for ref in bad:
        cell = sheet[ref]
        assert cell.fill.fgColor.rgb.endswith(ERROR_FILL.fgColor.rgb[-6:]), ref
        assert cell.comment is not None and cell.comment.text.startswith("错误：")
    assert "负数" in sheet[f"{_column_of('产能规模')}3"].comment.text
    marked = {c.coordinate for row in sheet.iter_rows() for c in row if c.comment is not None}
    assert marked == bad  # and nothing else
    listed = [row for row in workbook[ERRORS_SHEET].iter_rows(min_row=3, values_only=True)]
    assert {(r[2], r[3]) for r in listed} == {(3, _column_of("产能规模")), (4, _column_of("产品类别")),
                                              (4, _column_of("联系电话"))}
    assert counts(db_session) == (0, 0, 0)


def test_annotated_workbook_fixed_and_checked_again_loses_old_marks(client, operator_headers) -> None:
    content = xlsx(SUPPLY_HEADERS, [supply_row(产能规模="-5件/年", 联系电话="110")])
    first = open_xlsx(upload(client, "/api/v1/imports/supply/annotated", content, operator_headers).content)
    sheet = first["供给清单"]
    sheet[f"{_column_of('产能规模')}2"] = "5万件/年"  # fix one of the two
    buffer = io.BytesIO()
    first.save(buffer)

    second = upload(client, "/api/v1/imports/supply/annotated", buffer.getvalue(), operator_headers)
    assert second.headers["x-import-error-count"] == "1"
    sheet = open_xlsx(second.content)["供给清单"]
    fixed, still_bad = sheet[f"{_column_of('产能规模')}2"], sheet[f"{_column_of('联系电话')}2"]
    assert fixed.comment is None and fixed.fill.fgColor.rgb != ERROR_FILL.fgColor.rgb
    assert still_bad.comment is not None and still_bad.fill.fgColor.rgb == ERROR_FILL.fgColor.rgb


def test_annotated_workbook_from_csv_is_an_xlsx_with_the_rows(client, operator_headers) -> None:
    content = csv_bytes(SUPPLY_HEADERS, [supply_row(统一社会信用代码="123")], encoding="gbk")
    response = upload(client, "/api/v1/imports/supply/annotated", content, operator_headers, filename="清单.csv")
    assert response.status_code == 200
    sheet = open_xlsx(response.content)["供给清单"]
    assert sheet["A2"].value == "重庆渝新精密机械有限公司"
    assert sheet["B2"].value == "123" and "18位" in sheet["B2"].comment.text


def test_annotated_workbook_never_turns_uploaded_text_into_formulas(client, operator_headers) -> None:
    payload = '=HYPERLINK("http://example.invalid","点击")'
    content = csv_bytes(SUPPLY_HEADERS, [supply_row(产品类别=payload)], encoding="utf-8")
    response = upload(client, "/api/v1/imports/supply/annotated", content, operator_headers, filename="x.csv")
    workbook = open_xlsx(response.content)
    cell = workbook["供给清单"][f"{_column_of('产品类别')}2"]
    assert (cell.value, cell.data_type) == (payload, "s")
    listed = [c for row in workbook[ERRORS_SHEET].iter_rows(min_row=3) for c in row if c.value == payload]
    assert listed and all(c.data_type == "s" for c in listed)


def test_annotated_workbook_of_a_missing_column(client, operator_headers) -> None:
    headers = [h for h in SUPPLY_HEADERS if h != "产品类别"]
    response = upload(client, "/api/v1/imports/supply/annotated", xlsx(headers, [supply_row()]), operator_headers)
    workbook = open_xlsx(response.content)
    assert response.headers["x-import-error-count"] == "1"
    assert "产品类别" in workbook["供给清单"]["A1"].comment.text
    assert "缺少必填列" in workbook[ERRORS_SHEET]["G3"].value


# --- templates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, sheet_name", [("supply", "供给清单"), ("demand", "需求清单")])
def test_template_has_headers_validations_and_instructions(client, kind: str, sheet_name: str) -> None:
    response = client.get(f"/api/v1/imports/templates/{kind}.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX_MEDIA_TYPE
    assert "attachment" in response.headers["content-disposition"]
    workbook = open_xlsx(response.content)
    assert workbook.sheetnames == [sheet_name, "填写说明"]
    sheet = workbook[sheet_name]
    headers = [c.value for c in sheet[1]]
    assert "*企业名称" in headers and "*统一社会信用代码" in headers and "*产品名称" in headers
    assert "规格型号" in headers and "所属产业链" in headers
    assert sheet.column_dimensions["A"].width > 20
    lists = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1
             for dv in sheet.data_validations.dataValidation}
    category_col = get_column_letter(next(i for i, h in enumerate(headers, 1) if h.endswith("类别")))
    assert "关键零部件" in lists[category_col]
    status_col = get_column_letter(headers.index("状态") + 1)
    assert status_col in lists
    explained = [row[0] for row in workbook["填写说明"].iter_rows(values_only=True) if row and row[0]]
    assert all(h.lstrip("*") in explained for h in headers)


def test_filled_template_imports_cleanly(client, operator_headers, db_session) -> None:
    template = open_xlsx(client.get("/api/v1/imports/templates/supply.xlsx").content)
    sheet = template["供给清单"]
    headers = [c.value.lstrip("*") for c in sheet[1]]
    # The example row is left in place (people forget to delete it); two real rows are added below it.
    for values in (supply_row(), supply_row(产品名称="转向节", 规格型号="ZXJ-01", 企业资质="单项冠军(2024)")):
        sheet.append([values.get(h) for h in headers])
    buffer = io.BytesIO()
    template.save(buffer)
    response = upload(client, "/api/v1/imports/supply", buffer.getvalue(), operator_headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["rows_imported"], body["rows_skipped"], body["items_created"]) == (2, 1, 2)
    assert any("示例" in w["reason"] for w in body["warnings"])
    assert db_session.scalar(select(Enterprise.name)) == "重庆渝新精密机械有限公司"  # not the example enterprise
    assert count(db_session, Enterprise) == 1


def test_filled_demand_template_imports_cleanly(client, operator_headers, db_session) -> None:
    template = open_xlsx(client.get("/api/v1/imports/templates/demand.xlsx").content)
    sheet = template["需求清单"]
    headers = [c.value.lstrip("*") for c in sheet[1]]
    sheet.delete_rows(2)  # this time the example is deleted
    sheet.append([demand_row().get(h) for h in headers])
    buffer = io.BytesIO()
    template.save(buffer)
    response = upload(client, "/api/v1/imports/demand", buffer.getvalue(), operator_headers)
    assert response.status_code == 200, response.text
    assert (response.json()["items_created"], response.json()["rows_skipped"]) == (1, 0)
