"""/api/v1/reports — what the program achieved, for operators: JSON and an XLSX download."""

from __future__ import annotations

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


@router.get(
    "/summary", summary="对接成效汇总", response_model=SummaryReport,
    description="按产业链、区县、链主企业统计：需求条目数、有达标推荐的需求数、入围、意向、样品、小批量、入链、已拒绝。"
                "推荐数据来自最近一次 chainmatch match --all。仅运营人员可用。",
)
def summary(
    db_session: SessionDep, _: OperatorPrincipal, min_score: MinScore = report_service.DEFAULT_MIN_SCORE,
) -> SummaryReport:
    return report_service.summary(db_session=db_session, min_score=min_score)


@router.get(
    "/summary.xlsx", summary="对接成效汇总（Excel 下载）", response_class=Response,
    responses={200: {"content": {XLSX_TYPE: {}}, "description": "工作簿：按产业链、按区县、按链主企业、说明"}},
)
def summary_xlsx(
    db_session: SessionDep, _: OperatorPrincipal, min_score: MinScore = report_service.DEFAULT_MIN_SCORE,
) -> Response:
    report = report_service.summary(db_session=db_session, min_score=min_score)
    filename = quote("对接成效汇总.xlsx")
    return Response(content=report_service.summary_xlsx(report), media_type=XLSX_TYPE,
                    headers={"Content-Disposition": f"attachment; filename=summary.xlsx; filename*=UTF-8''{filename}"})
