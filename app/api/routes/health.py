from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.services import health as health_service

router = APIRouter(tags=["health"])


@router.get("/health", summary="存活与就绪检查 (liveness and readiness)")
def health(request: Request) -> JSONResponse:
    report = health_service.check(engine=request.app.state.engine)
    return JSONResponse(status_code=200 if report["status"] == "ok" else 503, content=report)
