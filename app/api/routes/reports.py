"""/api/v1/reports — what the program achieved, for operators: JSON and an XLSX download."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.api.deps import OperatorPrincipal
from app.core.db import SessionDep
from app.schemas.reports import SummaryReport
from app.services import reports as report_service

router = APIRouter(prefix="/reports", tags=["统计报表 reports"])

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MinScore = Annotated[float, Query(description="达标分数线：最近一次批量匹配中至少一个推荐不低于此分，才计为有达标推荐")]
PeriodText = Annotated[str | None, Query(max_length=20, description="期间：月 2026-03、季度 2026-Q1、年 2026；不填为全部")]
DateFrom = Annotated[date | None, Query(description="自定义区间首日（含），与 date_to 同时给出")]
DateTo = Annotated[date | None, Query(description="自定义区间末日（含）")]


@router.get(
    "/summary", summary="对接成效汇总", response_model=SummaryReport,
    description="按产业链、区县、链主企业统计：需求条目数、有达标推荐的需求数、入围、意向、样品、小批量、入链、已拒绝（现状），"
                "以及所选期间（月、季度、年或自定义区间）内进入各阶段的对数、按月趋势、中小企业侧与对接活动数据。"
                "推荐数据来自最近一次 chainmatch match --all。仅运营人员可用。",
)
def summary(
    db_session: SessionDep, _: OperatorPrincipal, min_score: MinScore = report_service.DEFAULT_MIN_SCORE,
    period: PeriodText = None, date_from: DateFrom = None, date_to: DateTo = None,
) -> SummaryReport:
    return report_service.summary(db_session=db_session, min_score=min_score,
                                  period=report_service.parse_period(period, date_from, date_to))


@router.get(
    "/summary.xlsx", summary="对接成效汇总（Excel 下载）", response_class=Response,
    responses={200: {"content": {XLSX_TYPE: {}},
                     "description": "工作簿：按产业链、按区县、按链主企业、月度趋势、本期概况、说明"}},
)
def summary_xlsx(
    db_session: SessionDep, _: OperatorPrincipal, min_score: MinScore = report_service.DEFAULT_MIN_SCORE,
    period: PeriodText = None, date_from: DateFrom = None, date_to: DateTo = None,
) -> Response:
    report = report_service.summary(db_session=db_session, min_score=min_score,
                                    period=report_service.parse_period(period, date_from, date_to))
    label = "" if report.period.kind == "all" else f"_{report.period.label.replace(' ', '')}"
    filename = quote(f"对接成效汇总{label}.xlsx")
    return Response(content=report_service.summary_xlsx(report), media_type=XLSX_TYPE,
                    headers={"Content-Disposition": f"attachment; filename=summary.xlsx; filename*=UTF-8''{filename}"})
