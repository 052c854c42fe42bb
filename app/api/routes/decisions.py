"""/api/v1/demand-items/{id}/decisions — shortlist, reject or advance suggested suppliers, and the audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body

from app.api.deps import CurrentPrincipal
from app.core.db import SessionDep
from app.schemas.common import DbInt
from app.schemas.decisions import DecisionCreate, DecisionEventRead, DecisionRead
from app.services import decisions as decision_service

router = APIRouter(prefix="/demand-items/{item_id}/decisions", tags=["对接决策 decisions"])


@router.post(
    "", summary="记录决策（单项或批量）", response_model=list[DecisionRead],
    description="链主企业（仅本企业的需求）或运营人员对供给条目作出决策：shortlisted 入围、rejected 已拒绝（须填理由）、"
                "intent 意向、sample 样品、pilot 小批量、onboarded 入链。传一个对象或一个数组（批量，全部成功或全部不生效）。"
                "被拒绝的供给不再出现在该需求的推荐中。返回受影响供给的当前决策。",
)
def record_decisions(
    item_id: DbInt,
    db_session: SessionDep,
    principal: CurrentPrincipal,
    body: Annotated[DecisionCreate | list[DecisionCreate], Body(
        examples=[{"supply_item_id": 12, "status": "rejected", "reason": "产能不足"}])],
) -> list[DecisionRead]:
    bulk = isinstance(body, list)
    requests = body if isinstance(body, list) else [body]
    return decision_service.record_decisions(
        db_session=db_session, principal=principal, demand_item_id=item_id, decisions=requests, bulk=bulk)


@router.get(
    "", summary="当前决策（每个供给一条）", response_model=list[DecisionRead],
    description="链主企业与运营人员看到全部决策及理由；中小企业只看到关于本企业供给的决策状态，不含理由和决策人。",
)
def list_decisions(item_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> list[DecisionRead]:
    return decision_service.list_decisions(db_session=db_session, principal=principal, demand_item_id=item_id)


@router.get(
    "/history", summary="决策记录（审计轨迹）", response_model=list[DecisionEventRead],
    description="每次变更一条：API 密钥编号与角色、时间、原状态、新状态、理由；按时间先后排列。",
)
def decision_history(item_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> list[DecisionEventRead]:
    return decision_service.decision_history(db_session=db_session, principal=principal, demand_item_id=item_id)
