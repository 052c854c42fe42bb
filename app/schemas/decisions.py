"""Decisions on suggested suppliers: requests, current state, audit trail."""

from __future__ import annotations

from pydantic import Field

from app.models import ApiRole
from app.models.decisions import DecisionStatus
from app.schemas.common import DbInt, RequestModel, ResponseModel, UtcDatetime, labelled, optional_text

MAX_DECISIONS_PER_REQUEST = 500


class DecisionCreate(RequestModel):
    supply_item_id: DbInt = Field(description="供给条目编号")
    status: labelled(DecisionStatus) = Field(  # type: ignore[valid-type]
        description="shortlisted 入围 / rejected 已拒绝 / intent 意向 / sample 样品 / pilot 小批量 / onboarded 入链"
    )
    reason: optional_text(1000) = Field(default=None, description="理由；拒绝时必填")  # type: ignore[valid-type]
    equivalent: bool = Field(default=False, description="同等替代：确认该供给可替代需求所对标的型号，记入替代型号对照（可撤回），"
                                                        "此后的匹配即按此计算；不能与拒绝同时使用")


class DecisionRead(ResponseModel):
    """The current decision on one supplier. ``supply_item_id`` is null while the supply item is deleted and not
    yet re-imported; ``reason`` and who decided are not shown to SMEs."""

    id: int
    demand_item_id: int
    supply_item_id: int | None
    supply_enterprise_id: int | None
    supply_enterprise_name: str | None
    supply_product_name: str | None
    status: DecisionStatus
    status_label: str
    reason: str | None
    decided_by_key_id: int | None
    decided_by_role: ApiRole | None
    created_at: UtcDatetime
    updated_at: UtcDatetime


class DecisionEventRead(ResponseModel):
    """One line of the audit trail: who (API key and role), when, from which status to which, and why."""

    id: int
    decision_id: int
    supply_item_id: int | None
    supply_product_name: str | None
    from_status: DecisionStatus | None
    from_label: str | None
    to_status: DecisionStatus
    to_label: str
    reason: str | None
    api_key_id: int | None
    actor_role: ApiRole | None
    created_at: UtcDatetime
