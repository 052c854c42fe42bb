"""Builders for import test files (XLSX and CSV made in code) shared by the import test modules."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import DemandItem, Enterprise, SupplyItem
from app.schemas.validators import make_credit_code

SUPPLY_HEADERS = [
    "企业名称", "统一社会信用代码", "企业规模", "区县", "企业资质", "联系电话", "产品编码", "产品类别", "产品名称",
    "产品描述", "规格型号", "产能规模", "认证情况", "拟配套对象", "所属产业链", "状态",
]
DEMAND_HEADERS = [
    "企业名称", "统一社会信用代码", "区县", "需求编码", "需求类别", "产品名称", "技术要求", "规格型号", "年需求量",
    "计量单位", "目标价格", "认证要求", "所属产业链", "有效期至", "状态", "是否保密",
]

CODE_A = make_credit_code("91500112MA5UA")
CODE_B = make_credit_code("91500107MA5UB")
CODE_LEADER = make_credit_code("91500000MA5LD")


def supply_row(**overrides: Any) -> dict[str, Any]:
    row = {
        "企业名称": "重庆渝新精密机械有限公司",
        "统一社会信用代码": CODE_A,
        "企业规模": "小型",
        "区县": "两江新区",
        "企业资质": "国家级专精特新小巨人(2023)；市级专精特新(2021)",
        "联系电话": "13800001234",
        "产品编码": None,
        "产品类别": "关键零部件",
        "产品名称": "新能源汽车电机壳体",
        "产品描述": "ADC12压铸，CNC精加工",
        "规格型号": "YX-MH-220；YX-MH-250",
        "产能规模": "50万件/年",
        "认证情况": "IATF 16949；ISO 9001",
        "拟配套对象": "重庆长嘉汽车有限公司",
        "所属产业链": "汽车底盘与车身零部件",
        "状态": "有效",
    }
    row.update(overrides)
    return row


def demand_row(**overrides: Any) -> dict[str, Any]:
    row = {
        "企业名称": "重庆长嘉汽车有限公司",
        "统一社会信用代码": CODE_LEADER,
        "区县": "两江新区",
        "需求编码": None,
        "需求类别": "关键零部件",
        "产品名称": "IGBT功率模块",
        "技术要求": "1200V/450A，结温175℃",
        "规格型号": "FF450R12ME4",
        "年需求量": 20000,
        "计量单位": "件",
        "目标价格": "800-1000元/件",
        "认证要求": "IATF 16949",
        "所属产业链": "功率半导体",
        "有效期至": "2027-06-30",
        "状态": "开放",
        "是否保密": "否",
    }
    row.update(overrides)
    return row


def many_supply_rows(count: int, *, enterprises: int = 10) -> list[dict[str, Any]]:
    return [
        supply_row(
            企业名称=f"重庆测试{n % enterprises}号精密制造有限公司",
            统一社会信用代码=make_credit_code(f"915001{n % enterprises:06d}T"),
            产品名称=f"精密零件{n}",
            规格型号=f"JM-{n:05d}",
            企业资质=None,
        )
        for n in range(count)
    ]


def xlsx(
    headers: Sequence[str], rows: Iterable[dict[str, Any] | Sequence[Any]], *, sheet: str = "供给清单",
    preamble: Sequence[Sequence[Any]] = (),
) -> bytes:
    """A workbook: optional title rows, the header row, then the rows (dicts by header, or plain lists)."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for line in preamble:
        worksheet.append(list(line))
    worksheet.append(list(headers))
    for row in rows:
        worksheet.append([row.get(h) for h in headers] if isinstance(row, dict) else list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers: Sequence[str], rows: Iterable[dict[str, Any]], *, encoding: str, bom: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row.get(h) for h in headers])
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def open_xlsx(content: bytes):
    return load_workbook(io.BytesIO(content))


def count(db_session: Session, model: type) -> int:
    return db_session.scalar(select(func.count()).select_from(model))


def counts(db_session: Session) -> tuple[int, int, int]:
    return count(db_session, Enterprise), count(db_session, SupplyItem), count(db_session, DemandItem)
