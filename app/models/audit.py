"""The audit log: one row per row written — who (API key and role), what (table, row, action, columns changed),
when, and in which request.

Rows are added by a session hook at every flush, through the flushing connection, so they are in the same
transaction as the write: a request that rolls back leaves no audit row, and a committed write always has one.
Who is writing is read from ``session.info`` (``app.services.audit.bind_actor``, called when a request's API key
is resolved); writes from the command line carry no key (``actor_role`` NULL).

Rows the database deletes by ``ON DELETE CASCADE`` (an enterprise's items when the enterprise is deleted) and
bulk statements that bypass the ORM are not listed one by one: the audited delete of the enterprise covers them.
Tables that are derived or are themselves a log (the index change log, batch suggestions, the decision history)
are not audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, DateTime, Index, Integer, String, event, insert, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.core.db import Base
from app.core.logging import request_id_var
from app.models.base import utcnow

ACTOR_KEY = "chainmatch.audit_actor"
INSERT, UPDATE, DELETE = "insert", "update", "delete"
NOT_AUDITED = frozenset({
    "audit_log", "index_state", "index_changes", "suggestion_batches", "stored_suggestions", "decision_events",
})
# Bookkeeping columns whose change alone is no event worth a row (a key's last use is written once a minute).
NOT_AUDITED_COLUMNS = frozenset({("api_keys", "last_used_at")})


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint("action IN ('insert', 'update', 'delete')", name="audit_action"),
        Index("ix_audit_log_table_row", "table_name", "row_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # No foreign key: the entry must outlive the key (a revoked or deleted key's writes stay attributed).
    actor_key_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor_role: Mapped[str | None] = mapped_column(String(32))
    request_id: Mapped[str | None] = mapped_column(String(128))
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(8))
    # For an update, the names of the columns that changed (values are not copied: the log holds no secrets).
    changed: Mapped[list[str] | None] = mapped_column(JSON)


def _row_id(obj: Any) -> str | None:
    state = inspect(obj)
    key = state.mapper.primary_key_from_instance(obj)
    if any(part is None for part in key):
        return None
    return str(key[0]) if len(key) == 1 else "/".join(str(part) for part in key)


def _changed_columns(obj: Any) -> list[str]:
    state = inspect(obj)
    return sorted(attr.key for attr in state.attrs if attr.history.has_changes())


@event.listens_for(Session, "after_flush")
def _write_audit_rows(session: Session, _context) -> None:
    entries: list[dict[str, Any]] = []
    actor = session.info.get(ACTOR_KEY)
    now = utcnow()
    request_id = request_id_var.get()
    for objects, action in ((session.new, INSERT), (session.dirty, UPDATE), (session.deleted, DELETE)):
        for obj in objects:
            table = getattr(obj, "__tablename__", None)
            if table is None or table in NOT_AUDITED:
                continue
            changed = None
            if action == UPDATE:
                if not session.is_modified(obj, include_collections=True):
                    continue
                changed = _changed_columns(obj)
                if changed and all((table, column) in NOT_AUDITED_COLUMNS for column in changed):
                    continue
            row_id = _row_id(obj)
            if row_id is None:
                continue
            entries.append({
                "occurred_at": now, "actor_key_id": actor[0] if actor else None,
                "actor_role": actor[1] if actor else None, "request_id": request_id, "table_name": table,
                "row_id": row_id, "action": action, "changed": changed,
            })
    if entries:
        session.connection().execute(insert(AuditEntry.__table__), entries)
