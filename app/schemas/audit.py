from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from app.schemas.common import UtcDatetime


class AuditEntryRead(BaseModel):
    """One written row: who (API key id and role; none for the command line), what, when, in which request."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    occurred_at: UtcDatetime
    actor_key_id: int | None
    actor_role: str | None
    request_id: str | None
    table_name: str
    row_id: str
    action: str
    changed: list[str] | None
