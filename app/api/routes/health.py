from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.services import health as health_service

router = APIRouter(tags=["health"])

_REPORT = {"content": {"application/json": {"schema": {
    "type": "object", "required": ["status", "checks"],
    "properties": {"status": {"type": "string", "enum": ["ok", "unavailable"]},
                   "checks": {"type": "object", "additionalProperties": {"type": "string"}}}}}}}


@router.get(
    "/health", summary="就绪检查 (readiness)",
    responses={200: {"description": "就绪：数据库可达、迁移到最新、匹配索引已载入", **_REPORT},
               503: {"description": "未就绪：checks 说明原因", **_REPORT}},
)
def health(request: Request) -> JSONResponse:
    """Readiness: the database answers, its schema is at the head revision and this worker's matching index is
    loaded. A load balancer sends traffic only to a ready worker; while the index is not loaded this answers 503
    and starts building it."""
    report = health_service.check(engine=request.app.state.engine,
                                  matching=getattr(request.app.state, "matching", None))
    return JSONResponse(status_code=200 if report["status"] == "ok" else 503, content=report)


@router.get(
    "/health/live", summary="存活检查 (liveness)",
    responses={200: {"description": "进程在运行并能应答", **_REPORT}},
)
def live() -> JSONResponse:
    """Liveness: the process answers. It checks nothing else, so a database outage never gets workers killed."""
    return JSONResponse(status_code=200, content={"status": "ok", "checks": {}})
