"""/api/v1/audit-log — who wrote what and when (operators only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import OperatorPrincipal
from app.api.routes.params import Page
from app.core.db import SessionDep
from app.schemas.audit import AuditEntryRead
from app.schemas.common import DbInt
from app.schemas.common import Page as PageOut
from app.services import audit as audit_service

router = APIRouter(prefix="/audit-log", tags=["审计日志 audit log"])


@router.get(
    "", summary="审计日志（仅运营人员）", response_model=PageOut[AuditEntryRead],
    description="每写入一行一条：API 密钥编号与角色（命令行写入为空）、表、行、动作（insert/update/delete）、"
                "修改的字段名（不含值）、时间、请求编号；最新的在前。",
)
def list_audit_entries(
    db_session: SessionDep, _: OperatorPrincipal, page: Page,
    table: Annotated[str | None, Query(max_length=64, description="表名，如 demand_items")] = None,
    row_id: Annotated[str | None, Query(max_length=64, description="行编号")] = None,
    actor_key_id: Annotated[DbInt | None, Query(description="API 密钥编号")] = None,
) -> PageOut[AuditEntryRead]:
    rows, total = audit_service.list_entries(db_session=db_session, page=page, table=table, row_id=row_id,
                                             actor_key_id=actor_key_id)
    return PageOut[AuditEntryRead](items=[AuditEntryRead.model_validate(r) for r in rows], total=total,
                                   limit=page.limit, offset=page.offset)
