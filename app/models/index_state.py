"""The version stamp and change log that keep every worker's matching index in step with the database.

Every transaction that creates, changes or deletes a supply or demand item bumps ``index_state.version`` and
records which items changed at that version in ``index_changes`` — just before it commits, in the same
transaction as the write, so a version is visible exactly when its rows are. A worker compares the version it has indexed with the stored one at
request time and re-reads only the items logged since (``app.services.ranking.matching_index``).

The bump is an ``UPDATE`` of one row: on PostgreSQL it holds that row's lock until the writing transaction
ends, so versions become visible in the order they were given out and no worker can skip one. Taking it at
commit rather than at the first flush keeps that lock to the commit itself.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Integer, String, event, insert, select, update
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

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
_FLUSHED = "chainmatch.index_flushed_changes"


def _kind(obj: object) -> str | None:
    return SUPPLY if isinstance(obj, SupplyItem) else DEMAND if isinstance(obj, DemandItem) else None


@event.listens_for(Session, "before_flush")
def _note_new_and_cascaded(session: Session, _context, _instances) -> None:
    """Note what after_flush cannot see by itself.

    New items are noted as objects (their ids are read after the flush, or at commit: a bulk-insert hook may
    take them out of the unit of work, and when nothing else is left to flush SQLAlchemy skips after_flush).
    Items the database deletes by ON DELETE CASCADE when their enterprise goes never pass through the unit of
    work: their ids are read while the rows exist.
    """
    new = [obj for obj in session.new if _kind(obj) is not None]
    enterprises = [obj.id for obj in session.deleted if isinstance(obj, Enterprise) and obj.id is not None]
    if not (new or enterprises):
        return
    pending = session.info.setdefault(_PENDING, {"new": [], "ids": set()})
    pending["new"].extend(new)
    for kind, model in ((SUPPLY, SupplyItem), (DEMAND, DemandItem)):
        if enterprises:
            ids = session.execute(select(model.id).where(model.enterprise_id.in_(enterprises))).scalars()
            pending["ids"].update((kind, item_id) for item_id in ids)


def _take_pending(session: Session) -> set[tuple[str, int]]:
    changed: set[tuple[str, int]] = set()
    pending = session.info.pop(_PENDING, None)
    if pending is not None:
        changed.update(pending["ids"])
        changed.update((_kind(obj), obj.id) for obj in pending["new"] if obj.id is not None)
    return changed


def _changed_items(session: Session) -> set[tuple[str, int]]:
    changed = _take_pending(session)
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
def _collect_flushed_changes(session: Session, _context) -> None:
    """Remember what this flush changed, under the transaction (or savepoint) it was flushed in.

    The version is not bumped here: the bump locks the state row, and a lock taken at the first flush would be
    held for the rest of the transaction, so concurrent writers would queue behind each other's whole requests.
    """
    changed = _changed_items(session)
    if changed:
        innermost = session.get_nested_transaction() or session.get_transaction()
        session.info.setdefault(_FLUSHED, []).append((innermost, changed))


def _within(transaction: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    """A rolled-back savepoint takes its changes with it; a rolled-back transaction takes everything."""
    flushed = session.info.get(_FLUSHED)
    if flushed:
        flushed[:] = [(tx, changed) for tx, changed in flushed if not _within(tx, previous_transaction)]
    if previous_transaction.parent is None:
        session.info.pop(_FLUSHED, None)
        session.info.pop(_PENDING, None)


@event.listens_for(Session, "before_commit")
def _log_index_changes(session: Session) -> None:
    """Bump the version and log the changed items as the last statements before the transaction commits.

    On PostgreSQL the bump holds the state row's lock only from here to the commit, so versions still become
    visible in the order they were given out and no worker can skip one.
    """
    if session.in_nested_transaction():
        return  # a savepoint's changes are logged with its enclosing transaction
    session.flush()  # commit flushes after this hook; what it would flush must be counted now
    changed = _take_pending(session)
    for _transaction, flushed in session.info.pop(_FLUSHED, ()):
        changed.update(flushed)
    if not changed:
        return
    connection = session.connection()
    state = IndexState.__table__
    version = connection.execute(
        update(state).where(state.c.id == INDEX_STATE_ID)
        .values(version=state.c.version + 1, updated_at=utcnow()).returning(state.c.version)
    ).scalar_one_or_none()
    if version is None:  # seeded by the migration; recreated (as a new history) if someone removed it
        version = 1
        connection.execute(insert(state).values(id=INDEX_STATE_ID, instance_id=str(uuid.uuid4()), version=version,
                                                log_floor=0, updated_at=utcnow()))
    connection.execute(
        insert(IndexChange.__table__),
        [{"version": version, "kind": kind, "item_id": item_id} for kind, item_id in sorted(changed)],
    )
