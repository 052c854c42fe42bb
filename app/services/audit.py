"""The audit log's two ends: saying who writes in a session, and reading the log back for operators."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.audit import ACTOR_KEY, AuditEntry
from app.services.auth import Principal
from app.services.listing import PageRequest


def bind_actor(db_session: Session, principal: Principal) -> None:
    """Every row this session writes from now on is logged as written by this key and role.

    Called where a request's API key is resolved (``app.api.deps.get_principal``), so no service has to pass
    the principal down to the log. An event organizer acting on items through ``EventDelegate`` keeps its own
    key and role here.
    """
    db_session.info[ACTOR_KEY] = (principal.key_id, principal.role.value)


def list_entries(*, db_session: Session, page: PageRequest, table: str | None = None, row_id: str | None = None,
                 actor_key_id: int | None = None) -> tuple[list[AuditEntry], int]:
    """Audit rows, newest first, optionally for one table, one row, or one key."""
    conditions = []
    if table is not None:
        conditions.append(AuditEntry.table_name == table)
    if row_id is not None:
        conditions.append(AuditEntry.row_id == row_id)
    if actor_key_id is not None:
        conditions.append(AuditEntry.actor_key_id == actor_key_id)
    total = db_session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions)) or 0
    rows = db_session.scalars(
        select(AuditEntry).where(*conditions).order_by(AuditEntry.id.desc()).limit(page.limit).offset(page.offset)
    ).all()
    return list(rows), total
