"""国产替代: the brand registry and the cross-references (替代型号对照) operators import, the equivalences leaders
teach by their decisions, and the substitution progress report."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Body, File, Query, UploadFile
from fastapi.responses import Response

from app.api.deps import CurrentPrincipal, OperatorPrincipal, SettingsDep
from app.core.db import SessionDep
from app.core.errors import PayloadTooLarge
from app.schemas.common import DbInt
from app.schemas.substitution import (
    BrandImportReport,
    EquivalenceCreate,
    EquivalencePage,
    EquivalenceRead,
    SubstitutionReport,
)
from app.services import reports as report_service
from app.services import substitution_report
from app.services.ranking import substitution as service

router = APIRouter(tags=["国产替代 substitution"])
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Workbook = Annotated[UploadFile, File(description=".xlsx 工作簿（读取第一个工作表）")]


def _read(upload: UploadFile, max_bytes: int) -> bytes:
    content = upload.file.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise PayloadTooLarge(f"文件超过上限 {max_bytes} 字节 (file exceeds {max_bytes} bytes)")
    return content


def _xlsx(content: bytes, chinese_name: str, ascii_name: str) -> Response:
    return Response(content, media_type=XLSX_TYPE, headers={
        "Content-Disposition": f"attachment; filename={ascii_name}; filename*=UTF-8''{quote(chinese_name)}"})


@router.get("/cross-references", summary="替代型号对照列表", response_model=EquivalencePage,
            description="运营人员与链主企业可查看。reference 按对标型号筛选；include_withdrawn 含已撤回的。")
def list_cross_references(
    db_session: SessionDep, principal: CurrentPrincipal,
    reference: Annotated[str | None, Query(max_length=100, description="对标型号，如 FF450R12ME4")] = None,
    include_withdrawn: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100, offset: Annotated[int, Query(ge=0)] = 0,
) -> EquivalencePage:
    rows, total = service.list_equivalences(db_session, principal, reference=reference,
                                            include_withdrawn=include_withdrawn, limit=limit, offset=offset)
    return EquivalencePage(items=[EquivalenceRead.model_validate(r) for r in rows], total=total, limit=limit,
                           offset=offset)


@router.post("/cross-references", summary="录入替代型号对照（运营人员）", response_model=list[EquivalenceRead],
             status_code=201, description="一个对象或数组；任一行有误则全部不写入。下一次推荐即按新的对照计算。")
def create_cross_references(
    db_session: SessionDep, principal: CurrentPrincipal,
    body: Annotated[EquivalenceCreate | list[EquivalenceCreate], Body(examples=[{
        "reference_brand": "英飞凌", "reference_part_number": "FF450R12ME4", "equivalent_brand": "斯达半导",
        "equivalent_part_number": "GD450HFY120C2S"}])],
) -> list[EquivalenceRead]:
    rows = body if isinstance(body, list) else [body]
    created = service.create_equivalences(db_session, principal, [service.EquivalenceInput(**r.model_dump())
                                                                  for r in rows])
    return [EquivalenceRead.model_validate(r) for r in created]


@router.delete("/cross-references/{equivalence_id}", summary="撤回替代型号对照", response_model=EquivalenceRead,
               description="撤回后不再用于匹配（记录保留，含撤回人与时间）。运营人员可撤回任何一条；链主企业可撤回本企业决策形成的同等替代。")
def withdraw_cross_reference(equivalence_id: DbInt, db_session: SessionDep,
                             principal: CurrentPrincipal) -> EquivalenceRead:
    return EquivalenceRead.model_validate(service.withdraw_equivalence(db_session, principal, equivalence_id))


@router.post("/imports/substitution/cross-references", summary="导入替代型号对照（运营人员）",
             response_model=list[EquivalenceRead], status_code=201,
             description="列：对标品牌、对标型号（必填）、国产品牌、国产型号（必填）、备注。任一单元格有误则全部不写入，"
                         "422 列出每个错误的工作表、行、列与原因。")
def import_cross_references(file: Workbook, db_session: SessionDep, principal: CurrentPrincipal,
                            settings: SettingsDep) -> list[EquivalenceRead]:
    content = _read(file, settings.import_max_bytes)
    return [EquivalenceRead.model_validate(r)
            for r in service.import_equivalences(db_session, principal, content, settings)]


@router.post("/imports/substitution/brands", summary="导入品牌词典（运营人员）", response_model=BrandImportReport,
             description="列：品牌、制造商、国家或地区、是否国产（是/否）、其他写法（| 分隔）。同名品牌覆盖内置词典。")
def import_brands(file: Workbook, db_session: SessionDep, principal: CurrentPrincipal,
                  settings: SettingsDep) -> BrandImportReport:
    content = _read(file, settings.import_max_bytes)
    return BrandImportReport(**service.import_brands(db_session, principal, content, settings))


@router.get("/brands.xlsx", summary="导出品牌词典（运营人员）", response_class=Response,
            responses={200: {"content": {XLSX_TYPE: {}}}})
def export_brands(db_session: SessionDep, principal: CurrentPrincipal) -> Response:
    return _xlsx(service.export_brands(db_session, principal), "品牌词典.xlsx", "brands.xlsx")


Period = Annotated[str | None, Query(max_length=20, description="期间：月 2026-03、季度 2026-Q1、年 2026；不填为最近 12 个月")]
MinPercent = Annotated[float, Query(ge=0, le=100, description="国产候选的匹配度阈值（%）")]


@router.get("/reports/substitution", summary="国产替代进展", response_model=SubstitutionReport,
            description="按产业链、区县：对标进口品牌或型号的开放关键需求数、有国产候选（匹配度不低于阈值）的需求数，"
                        "以及按月与国产供应商进入意向、样品、小批量、入链的需求数。仅运营人员可用。")
def substitution_summary(db_session: SessionDep, _: OperatorPrincipal, period: Period = None,
                         min_match_percent: MinPercent = substitution_report.DEFAULT_MIN_MATCH_PERCENT
                         ) -> SubstitutionReport:
    return substitution_report.substitution_report(
        db_session=db_session, period=report_service.parse_period(period), min_match_percent=min_match_percent)


@router.get("/reports/substitution.xlsx", summary="国产替代进展（Excel 下载）", response_class=Response,
            responses={200: {"content": {XLSX_TYPE: {}}, "description": "工作簿：按产业链、按区县、月度明细、说明"}})
def substitution_summary_xlsx(db_session: SessionDep, _: OperatorPrincipal, period: Period = None,
                              min_match_percent: MinPercent = substitution_report.DEFAULT_MIN_MATCH_PERCENT
                              ) -> Response:
    report = substitution_report.substitution_report(
        db_session=db_session, period=report_service.parse_period(period), min_match_percent=min_match_percent)
    return _xlsx(substitution_report.substitution_xlsx(report), "国产替代进展.xlsx", "substitution.xlsx")
