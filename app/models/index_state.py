"""The version stamp and change log that keep every worker's matching index in step with the database.

Every flush that creates, changes or deletes a supply or demand item bumps ``index_state.version`` and records
which items changed at that version in ``index_changes`` — in the same transaction as the write, so a version
is visible exactly when its rows are. A worker compares the version it has indexed with the stored one at
request time and re-reads only the items logged since (``app.services.matching_index``).

The bump is an ``UPDATE`` of one row: on PostgreSQL it holds that row's lock until the writing transaction
ends, so versions become visible in the order they were given out and no worker can skip one.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Integer, String, event, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.core.db import Base
from app.models.base import utcnow
from app.models.enterprise import Enterprise
from app.models.items import DemandItem, SupplyItem

INDEX_STATE_ID = 1
SUPPLY = "supply"
DEMAND = "demand"


class IndexState(Base):
    """One row: the version of the indexed lists, and the oldest version the change log still covers."""

    __tablename__ = "index_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Identifies this database, so a snapshot made against another database is never loaded.
    instance_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    # Changes with a version above log_floor are all in index_changes; older ones were pruned.
    log_floor: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IndexChange(Base):
    """A supply or demand item created, changed or deleted at a version (the item may no longer exist)."""

    __tablename__ = "index_changes"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "supply" | "demand"
    item_id: Mapped[int] = mapped_column(Integer)


_PENDING = "chainmatch.index_pending_changes"


def _kind(obj: object) -> str | None:
    return SUPPLY if isinstance(obj, SupplyItem) else DEMAND if isinstance(obj, DemandItem) else None


@event.listens_for(Session, "before_flush")
def _note_new_and_cascaded(session: Session, _context, _instances) -> None:
    """Note what after_flush cannot see by itself, and make sure it runs.

    New items are noted as objects (their ids are read after the flush): a bulk-insert hook may take them out
    of the unit of work, and when nothing else is left to flush, SQLAlchemy skips after_flush — so the state
    row is touched here, which keeps the flush going. Items the database deletes by ON DELETE CASCADE when
    their enterprise goes never pass through the unit of work: their ids are read while the rows exist.
    """
    new = [obj for obj in session.new if _kind(obj) is not None]
    enterprises = [obj.id for obj in session.deleted if isinstance(obj, Enterprise) and obj.id is not None]
    touched = new or enterprises or any(_kind(obj) is not None for obj in (*session.dirty, *session.deleted))
    if not touched:
        return
    pending = session.info.setdefault(_PENDING, {"new": [], "ids": set()})
    pending["new"].extend(new)
    for kind, model in ((SUPPLY, SupplyItem), (DEMAND, DemandItem)):
        if enterprises:
            ids = session.execute(select(model.id).where(model.enterprise_id.in_(enterprises))).scalars()
            pending["ids"].update((kind, item_id) for item_id in ids)
    state = session.get(IndexState, INDEX_STATE_ID)
    if state is None:  # seeded by the migration; recreated (as a new history) if someone removed it
        session.add(IndexState(id=INDEX_STATE_ID, instance_id=str(uuid.uuid4()), version=0, log_floor=0,
                               updated_at=utcnow()))
    else:
        state.updated_at = utcnow()


def _changed_items(session: Session) -> set[tuple[str, int]]:
    changed: set[tuple[str, int]] = set()
    pending = session.info.pop(_PENDING, None)
    if pending is not None:
        changed.update(pending["ids"])
        changed.update((_kind(obj), obj.id) for obj in pending["new"] if obj.id is not None)
    for objects, check_modified in ((session.new, False), (session.dirty, True), (session.deleted, False)):
        for obj in objects:
            kind = _kind(obj)
            if kind is None or obj.id is None:
                continue
            if check_modified and not session.is_modified(obj, include_collections=False):
                continue
            changed.add((kind, obj.id))
    return changed


@event.listens_for(Session, "after_flush")
def _log_index_changes(session: Session, _context) -> None:
    changed = _changed_items(session)
    if not changed:
        return
    connection = session.connection()
    state = IndexState.__table__
    connection.execute(
        update(state).where(state.c.id == INDEX_STATE_ID).values(version=state.c.version + 1, updated_at=utcnow())
    )
    version = connection.execute(select(state.c.version).where(state.c.id == INDEX_STATE_ID)).scalar_one()
    connection.execute(
        insert(IndexChange.__table__),
        [{"version": version, "kind": kind, "item_id": item_id} for kind, item_id in sorted(changed)],
    )


@event.listens_for(Session, "after_soft_rollback")
def _forget_pending(session: Session, _previous_transaction) -> None:
    session.info.pop(_PENDING, None)
