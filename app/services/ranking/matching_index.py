"""The live matching index: the engine fitted on the lists in the database, kept in step with every write.

Two engines are kept, one over the active supply items (a chain leader's suggestions, free-text search) and one
over the open demand items (an SME's opportunities). Engine record ids are the items' database ids as strings.

* **Start-up** (the lifespan): load the snapshot at ``Settings.index_snapshot_path`` when it was made against
  this database and its change log still covers the gap, else fit on the database.
* **Every write** to an item bumps ``index_state.version`` and logs the item in ``index_changes``, in the
  same transaction (``app.models.index_state``). Before answering, a request calls :meth:`LiveIndex.sync`:
  when the stored version differs from the one indexed, the worker re-reads only the items logged since and
  adds or removes them — so the next request after a write sees it, in every worker process. A worker whose
  gap is no longer in the log (pruned, another database, a rolled-back history) refits.
* **Rebuilds** (:meth:`MatchingIndexes.rebuild_in_background`) fit new engines in a thread while the old ones
  keep answering, then swap them in under the write lock and catch up from the version they were fitted at.
* **Threads**: queries hold a shared read lock (the engines are not mutated while one runs); catch-ups and
  swaps hold the exclusive write lock for the moment of the change only — reading the database is done before.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import io
import json
import logging
import os
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, lazyload

from app.core import metrics
from app.core.config import Settings
from app.core.db import read_only
from app.models import DemandItem, IndexChange, IndexState, SupplyItem, SupplyStatus
from app.models.index_state import DEMAND, INDEX_STATE_ID, SUPPLY
from matching import IndexFormatError, ItemRecord, Match, SupplyMatcher

logger = logging.getLogger(__name__)

SNAPSHOT_FORMAT = "chainmatch-live-index"
# 2: each engine's blob carries its SHA-256 in meta.json, checked before loading.
SNAPSHOT_VERSION = 2
_FIT_BATCH = 5000
# A request that read the version before another request of this worker moved the engine further sees a version
# below the engine's: a stale read, not a rolled-back database. Within this many seconds of the engine moving,
# such a read is answered by the engine as it is; a lower version that persists beyond it is a restored
# database, and the engine is refitted.
STALE_READ_GRACE_SECONDS = 30.0
_IN_CHUNK = 1000


# ── records ──────────────────────────────────────────────────────────────────────────────────────────────────
def supply_record(item: SupplyItem) -> ItemRecord:
    """A supply item as the engine sees it: 主导产品, description, model numbers, category."""
    return ItemRecord(
        id=str(item.id),
        name=item.product_name,
        description=item.description or "",
        part_numbers=tuple(item.part_numbers or ()),
        category=item.category.value,
    )


def demand_record(item: DemandItem) -> ItemRecord:
    """A demand item as the engine sees it: product name, technical requirements, model numbers, category."""
    return ItemRecord(
        id=str(item.id),
        name=item.product_name,
        description=item.specification or "",
        part_numbers=tuple(item.part_numbers or ()),
        category=item.category.value,
    )


@dataclass(frozen=True)
class _Source:
    kind: str
    model: type
    active: Callable[[], Any]
    to_record: Callable[[Any], ItemRecord]


_SOURCES = {
    SUPPLY: _Source(SUPPLY, SupplyItem, lambda: SupplyItem.status == SupplyStatus.ACTIVE, supply_record),
    DEMAND: _Source(DEMAND, DemandItem, lambda: DemandItem.is_open, demand_record),
}


# An engine installed later (a rebuild) is settled from this size on; start-up settles whatever it built.
SETTLE_AFTER_ITEMS = 10_000


def settle_long_lived_objects() -> None:
    """Exempt what is alive now (an engine just installed, the app's modules and settings) from the garbage
    collector's full passes.

    An engine over 100k items holds a few hundred thousand Python objects that live as long as the process. A full
    (generation 2) collection walks all of them — about 0.1 s at 100k items, a few times a minute under load — and
    every request waiting behind it pays that in latency (bench/suggestions_load.py: p99 183 ms, max 206 ms).
    Frozen objects are still freed by reference counting when an engine is replaced.
    """
    gc.collect()
    gc.freeze()


def release_long_lived_objects() -> None:
    """Undo :func:`settle_long_lived_objects` when the app stops: an app and its engine hold reference cycles,
    which a frozen generation never frees; a process that builds apps one after another (the tests build over a
    thousand) would keep every one of them, about 100 MB each."""
    gc.unfreeze()


# ── the version stamp ────────────────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class StoredState:
    instance_id: str
    version: int
    log_floor: int


def read_state(db_session: Session) -> StoredState:
    row = db_session.execute(
        select(IndexState.instance_id, IndexState.version, IndexState.log_floor).where(IndexState.id == INDEX_STATE_ID)
    ).one_or_none()
    if row is None:  # only if someone deleted the seeded row; the next write recreates it
        return StoredState(instance_id="", version=0, log_floor=0)
    return StoredState(instance_id=row.instance_id, version=int(row.version), log_floor=int(row.log_floor))


def prune_change_log(db_session: Session, *, keep_versions: int) -> int:
    """Delete change-log entries older than the last ``keep_versions`` versions; returns how many. Flushes only."""
    state = read_state(db_session)
    floor = state.version - keep_versions
    if floor <= state.log_floor:
        return 0
    deleted = db_session.execute(delete(IndexChange).where(IndexChange.version <= floor)).rowcount or 0
    db_session.execute(update(IndexState).where(IndexState.id == INDEX_STATE_ID).values(log_floor=floor))
    return deleted


# ── a readers–writer lock ────────────────────────────────────────────────────────────────────────────────────
class ReadWriteLock:
    """Many readers or one writer; a waiting writer stops new readers from entering, so it is not starved."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer = False
        self._writers_waiting = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


# ── one live engine ──────────────────────────────────────────────────────────────────────────────────────────
class LiveIndex:
    """One engine over one list (supply or demand), at a known version of the database."""

    def __init__(self, kind: str, *, matcher_factory: Callable[[], SupplyMatcher] = SupplyMatcher) -> None:
        self.kind = kind
        self._source = _SOURCES[kind]
        self._matcher_factory = matcher_factory
        self._matcher: SupplyMatcher | None = None
        self._instance_id = ""
        self._version = -1
        self._advanced_at = 0.0  # time.monotonic() when the engine last moved to a newer version
        self._rw = ReadWriteLock()
        self._sync_lock = threading.Lock()
        self.fitted_at: datetime | None = None

    # state ---------------------------------------------------------------------------------------------------
    @property
    def version(self) -> int:
        return self._version

    @property
    def instance_id(self) -> str:
        return self._instance_id

    @property
    def ready(self) -> bool:
        return self._matcher is not None

    @property
    def n_candidates(self) -> int:
        """How many candidates the engine compares per query (asking for more returns no more)."""
        matcher = self._matcher
        return matcher.n_candidates if matcher is not None else self._matcher_factory().n_candidates

    @property
    def size(self) -> int:
        with self._rw.read():
            return self._matcher.n_supply_ if self._matcher is not None else 0

    @property
    def search(self) -> str | None:
        """The engine's candidate search now: "compiled", "uncompiled" (switching after a background compile when
        the index grows past matching.index.UNCOMPILED_MAX_ROWS), or None before it is built."""
        matcher = self._matcher
        return matcher.index_.search_path if matcher is not None else None

    # reading -------------------------------------------------------------------------------------------------
    def query_many(self, records: Sequence[ItemRecord], *, top_k: int,
                   also: Sequence[Collection[str]] | None = None) -> list[list[Match]]:
        """The engine's ranked matches for each record (call :meth:`sync` first to see the latest writes);
        ``also[i]``: item ids compared with record ``i`` whatever the candidate search finds."""
        with self._rw.read():
            matcher = self._fitted()
            with metrics.timed_matching(self.kind):
                return matcher.query_many(list(records), top_k=top_k, also=also)

    def part_numbers_of(self, records: Sequence[ItemRecord]) -> list[tuple[str, ...]]:
        """Each record's part numbers as the engine reads them (normalised); before the engine is fitted, as an
        engine of the same settings would read them."""
        with self._rw.read():
            matcher = self._matcher
        return (matcher or self._matcher_factory()).part_numbers_of(records)

    def ids_with_part_numbers(self, codes: Collection[str]) -> list[str]:
        """Ids of the indexed items carrying one of ``codes`` (normalised) exactly."""
        with self._rw.read():
            return self._fitted().ids_with_part_numbers(codes)

    def part_numbers_by_id(self, ids: Iterable[str]) -> dict[str, tuple[str, ...]] | None:
        """The part numbers the engine read from each indexed item (normalised); None before it is fitted."""
        with self._rw.read():
            matcher = self._matcher
            if matcher is None:
                return None
            return {i: matcher.part_numbers_[matcher.row_of_[i]] for i in ids if i in matcher.row_of_}

    def _fitted(self) -> SupplyMatcher:
        if self._matcher is None:
            raise RuntimeError("匹配索引尚未建立 (the matching index is not built yet)")
        return self._matcher

    def contains(self, item_id: int) -> bool:
        with self._rw.read():
            return self._matcher is not None and str(item_id) in self._matcher.row_of_

    # building ------------------------------------------------------------------------------------------------
    def fit(self, db_session: Session) -> None:
        """Fit on the database as of now and swap the new engine in."""
        matcher, state = self.fit_detached(db_session)
        with self._sync_lock:
            self.install(matcher, state)

    def fit_detached(self, db_session: Session) -> tuple[SupplyMatcher, StoredState]:
        """Fit a new engine without touching the live one. The version is read first, so anything written
        during the fit is at a later version and is applied again by the next sync (adds are idempotent)."""
        state = read_state(db_session)
        started = time.perf_counter()
        model = self._source.model
        total = db_session.scalar(select(func.count()).select_from(model).where(self._source.active())) or 0
        logger.info("匹配索引(%s)：开始建立，%d 条 (fitting %s index on %d items, version %d)",
                    self.kind, total, self.kind, total, state.version)
        records = list(self._active_records(db_session, total))
        matcher = self._matcher_factory().fit(records)
        logger.info("匹配索引(%s)：已建立 %d 条，用时 %.1f 秒 (fitted in %.1f s)",
                    self.kind, len(records), time.perf_counter() - started, time.perf_counter() - started)
        return matcher, state

    def install(self, matcher: SupplyMatcher, state: StoredState) -> None:
        """Swap in an engine that reflects the database at ``state`` (caller holds no locks)."""
        with self._rw.write():
            self._matcher = matcher
            self._instance_id = state.instance_id
            self._version = state.version
            self._advanced_at = time.monotonic()
            self.fitted_at = datetime.now(UTC)
        if matcher.n_supply_ >= SETTLE_AFTER_ITEMS:
            settle_long_lived_objects()

    def _active_records(self, db_session: Session, total: int) -> Iterator[ItemRecord]:
        source, model = self._source, self._source.model
        last_id, done, next_report = 0, 0, 50_000
        while True:
            rows = db_session.scalars(
                select(model).options(lazyload("*")).where(source.active(), model.id > last_id)
                .order_by(model.id).limit(_FIT_BATCH)
            ).all()
            if not rows:
                break
            for row in rows:
                yield source.to_record(row)
            last_id = rows[-1].id
            done += len(rows)
            for row in rows:  # keep memory flat on large lists; these objects are read once
                db_session.expunge(row)
            if done >= next_report:
                logger.info("匹配索引(%s)：已读取 %d/%d 条 (read %d of %d)", self.kind, done, total, done, total)
                next_report += 50_000

    # keeping up ----------------------------------------------------------------------------------------------
    def sync(self, db_session: Session, *, refit_after_changes: int = 200_000) -> bool:
        """Bring the engine to the database's version; returns whether anything was applied."""
        state = read_state(db_session)
        if (state.version == self._version and state.instance_id == self._instance_id) or self._stale_read(state):
            return False
        with self._sync_lock:
            if (state.version == self._version and state.instance_id == self._instance_id) or self._stale_read(state):
                return False
            if not self._can_catch_up(state):
                logger.warning("匹配索引(%s)：版本 %d → %d 无法增量追平，重新建立 (refitting)",
                               self.kind, self._version, state.version)
                matcher, fitted = self.fit_detached(db_session)
                self.install(matcher, fitted)
                return True
            changed = db_session.scalars(
                select(IndexChange.item_id).distinct().where(
                    IndexChange.kind == self.kind, IndexChange.version > self._version,
                    IndexChange.version <= state.version)
            ).all()
            if len(changed) > refit_after_changes:
                matcher, fitted = self.fit_detached(db_session)
                self.install(matcher, fitted)
                return True
            records = self._current_records(db_session, changed)
            present = {int(r.id) for r in records}
            gone = [str(i) for i in changed if i not in present]
            with self._rw.write():
                assert self._matcher is not None
                if gone:
                    self._matcher.remove(gone)
                if records:
                    self._matcher.add(records)
                self._version = state.version
                self._advanced_at = time.monotonic()
            if len(changed) >= 1000:
                logger.info("匹配索引(%s)：追平至版本 %d，更新 %d 条、删除 %d 条", self.kind, state.version,
                            len(records), len(gone))
            return True

    def _stale_read(self, state: StoredState) -> bool:
        """The caller read the version before a concurrent request moved the engine past it: the engine already
        holds everything the caller could see (without this, every such request refitted the whole engine)."""
        return (self._matcher is not None and state.instance_id == self._instance_id
                and state.version < self._version
                and time.monotonic() - self._advanced_at < STALE_READ_GRACE_SECONDS)

    def _can_catch_up(self, state: StoredState) -> bool:
        return (self._matcher is not None and state.instance_id == self._instance_id
                and self._version <= state.version and self._version >= state.log_floor)

    def _current_records(self, db_session: Session, ids: Sequence[int]) -> list[ItemRecord]:
        source, model = self._source, self._source.model
        records: list[ItemRecord] = []
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start : start + _IN_CHUNK]
            rows = db_session.scalars(
                select(model).options(lazyload("*")).where(model.id.in_(chunk), source.active())
            ).all()
            records.extend(source.to_record(row) for row in rows)
        return records

    # persistence ---------------------------------------------------------------------------------------------
    def dump(self) -> tuple[bytes, dict[str, Any]]:
        with self._rw.read():
            if self._matcher is None:
                raise RuntimeError("匹配索引尚未建立 (nothing to save)")
            return self._matcher.dumps(), {"version": self._version, "instance_id": self._instance_id,
                                           "size": self._matcher.n_supply_}


# ── both engines, and the snapshot ───────────────────────────────────────────────────────────────────────────
class MatchingIndexes:
    """The supply and demand engines of one worker process."""

    def __init__(self, *, session_factory: Callable[[], Session], settings: Settings,
                 matcher_factory: Callable[[], SupplyMatcher] | None = None) -> None:
        self.session_factory = session_factory
        self.settings = settings
        matcher_factory = matcher_factory or functools.partial(SupplyMatcher, search=settings.matching_search)
        self.supply = LiveIndex(SUPPLY, matcher_factory=matcher_factory)
        self.demand = LiveIndex(DEMAND, matcher_factory=matcher_factory)
        self._rebuild_lock = threading.Lock()
        self._rebuild_thread: threading.Thread | None = None
        self.last_rebuild_error: str | None = None
        self.loaded_from_snapshot = False
        self._saved_versions: dict[str, int] = {}

    @property
    def indexes(self) -> tuple[LiveIndex, LiveIndex]:
        return self.supply, self.demand

    @property
    def rebuilding(self) -> bool:
        return self._rebuild_thread is not None and self._rebuild_thread.is_alive()

    def sync(self, db_session: Session, *, kinds: Iterable[str] = (SUPPLY, DEMAND)) -> None:
        wanted = set(kinds)
        for index in self.indexes:
            if index.kind in wanted:
                index.sync(db_session, refit_after_changes=self.settings.index_refit_after_changes)

    def text_candidates(self, db_session: Session, *, kind: str, text: str) -> tuple[int, ...] | None:
        """The ids of the rows of ``kind`` (SUPPLY: active supply items, DEMAND: open demand items) the engine finds
        most like ``text`` — at most its candidate count, best first — or None when it finds none.

        For narrowing a free-text search: a LIKE over every row reads all of them (0.3 s at 100k supply items);
        the engine's postings answer in milliseconds. Text with a digit is also looked up as a part number."""
        self.sync(db_session, kinds=(kind,))
        index = self.supply if kind == SUPPLY else self.demand
        text = text.strip()
        record = ItemRecord(id="search", name=text,
                            part_numbers=(text,) if any(c.isascii() and c.isdigit() for c in text) else ())
        matches = index.query_many([record], top_k=index.n_candidates)[0]
        return tuple(int(m.supply_id) for m in matches) or None

    def describe(self, db_session: Session) -> dict[str, Any]:
        """The state of this worker's engines, caught up, beside the database's version (for operators)."""
        self.sync(db_session)
        return {
            "database_version": read_state(db_session).version,
            "rebuilding": self.rebuilding,
            "loaded_from_snapshot": self.loaded_from_snapshot,
            "last_rebuild_error": self.last_rebuild_error,
            "indexes": [{"kind": index.kind, "size": index.size, "version": index.version,
                         "fitted_at": index.fitted_at, "search": index.search} for index in self.indexes],
        }

    # start-up ------------------------------------------------------------------------------------------------
    def start(self) -> None:
        """Load the snapshot when it fits this database, else fit; then catch up and save a fresh snapshot.

        A database that cannot be read yet (down, or not migrated) does not stop the service from starting:
        ``/health`` reports it, and the first suggestion request builds the index.
        """
        try:
            self._start()
        except SQLAlchemyError:
            logger.exception("匹配索引：启动时无法读取数据库，将在首次请求时建立 (index not built at start-up)")

    def _start(self) -> None:
        path = self.settings.index_snapshot_path
        # Reading only: on SQLite a fit must not hold the write lock (writers would wait for the whole fit).
        with read_only(self.session_factory()) as db_session:
            state = read_state(db_session)
            self.loaded_from_snapshot = path is not None and self._load_snapshot(path, state)
            if self.loaded_from_snapshot:
                self._saved_versions = {index.kind: index.version for index in self.indexes}
            if not self.loaded_from_snapshot:
                for index in self.indexes:
                    index.fit(db_session)
            self.sync(db_session)
            db_session.rollback()
        if path is not None and not self.loaded_from_snapshot:
            try:
                self.save_snapshot(path)
            except OSError:  # the index is fitted and serving; a snapshot that cannot be written only costs a refit
                logger.exception("匹配索引快照保存失败 (could not save the snapshot %s)", path)

    def _load_snapshot(self, path: Path, state: StoredState) -> bool:
        if not path.exists():
            return False
        try:
            with zipfile.ZipFile(path) as archive:
                meta = json.loads(archive.read("meta.json"))
                if meta.get("format") != SNAPSHOT_FORMAT or meta.get("version") != SNAPSHOT_VERSION:
                    logger.warning("匹配索引快照格式不符，重新建立 (snapshot format %s)", meta.get("format"))
                    return False
                parts = meta["indexes"]
                for index in self.indexes:
                    part = parts[index.kind]
                    usable = (part["instance_id"] == state.instance_id and state.log_floor <= part["version"]
                              <= state.version)
                    if not usable:
                        logger.info("匹配索引快照与数据库版本不符，重新建立 (snapshot %s@%s, database %s@%s)",
                                    part["instance_id"], part["version"], state.instance_id, state.version)
                        return False
                loaded = []
                for index in self.indexes:
                    part = parts[index.kind]
                    blob = archive.read(f"{index.kind}.npz")
                    if hashlib.sha256(blob).hexdigest() != part["sha256"]:
                        raise ValueError(f"checksum mismatch in {index.kind}.npz")
                    matcher = SupplyMatcher.load(io.BytesIO(blob), search=self.settings.matching_search)
                    loaded.append((index, matcher, StoredState(part["instance_id"], part["version"],
                                                               state.log_floor)))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile, IndexFormatError) as exc:
            logger.warning("匹配索引快照无法读取，重新建立 (cannot read snapshot %s: %s)", path, exc)
            return False
        except Exception as exc:  # a snapshot is only a cache: whatever is wrong with it, refit rather than fail
            logger.warning("匹配索引快照损坏，重新建立 (corrupt snapshot %s: %r)", path, exc)
            return False
        for index, matcher, part_state in loaded:
            index.install(matcher, part_state)
        logger.info("匹配索引：已从快照载入 %s (loaded snapshot at version %d)", path, state.version)
        return True

    def save_snapshot(self, path: Path | None = None) -> Path:
        """Write both engines and their versions to one file, atomically (write aside, then rename)."""
        path = Path(path or self.settings.index_snapshot_path or "")
        if not str(path):
            raise ValueError("no snapshot path: set CHAINMATCH_INDEX_SNAPSHOT_PATH")
        path.parent.mkdir(parents=True, exist_ok=True)
        parts: dict[str, Any] = {}
        blobs: dict[str, bytes] = {}
        for index in self.indexes:
            blobs[index.kind], parts[index.kind] = index.dump()
            parts[index.kind]["sha256"] = hashlib.sha256(blobs[index.kind]).hexdigest()
        meta = {"format": SNAPSHOT_FORMAT, "version": SNAPSHOT_VERSION, "indexes": parts,
                "saved_at": datetime.now(UTC).isoformat()}
        handle, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_STORED) as archive:
                archive.writestr("meta.json", json.dumps(meta, ensure_ascii=False))
                for kind, blob in blobs.items():
                    archive.writestr(f"{kind}.npz", blob)
            os.replace(tmp_name, path)
            self._saved_versions = {kind: part["version"] for kind, part in parts.items()}
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        logger.info("匹配索引：快照已保存 %s (snapshot saved)", path)
        return path

    # rebuilds ------------------------------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Refit both engines from the database while the old ones keep answering; swap; prune the log;
        save the snapshot when a path is configured."""
        with read_only(self.session_factory()) as db_session:
            fitted = [(index, *index.fit_detached(db_session)) for index in self.indexes]
            db_session.rollback()
        for index, matcher, state in fitted:
            index.install(matcher, state)
        with self.session_factory() as db_session:
            self.sync(db_session)
            pruned = prune_change_log(db_session, keep_versions=self.settings.index_change_log_keep)
            db_session.commit()
        if pruned:
            logger.info("匹配索引：已清理 %d 条变更记录 (pruned change log)", pruned)
        if self.settings.index_snapshot_path is not None:
            self.save_snapshot(self.settings.index_snapshot_path)

    def rebuild_in_background(self) -> bool:
        """Start a rebuild in a thread; False when one is already running."""
        with self._rebuild_lock:
            if self.rebuilding:
                return False
            self._rebuild_thread = threading.Thread(target=self._rebuild_logged, name="chainmatch-index-rebuild",
                                                    daemon=True)
            self._rebuild_thread.start()
            return True

    def wait_for_rebuild(self, timeout: float | None = None) -> None:
        thread = self._rebuild_thread
        if thread is not None:
            thread.join(timeout)

    def _rebuild_logged(self) -> None:
        try:
            self.rebuild()
            self.last_rebuild_error = None
        except Exception as exc:  # a failed rebuild leaves the live engines answering
            logger.exception("匹配索引重建失败 (index rebuild failed)")
            self.last_rebuild_error = str(exc)

    def close(self) -> None:
        """Wait for a running rebuild; save the snapshot if the engines moved on since the last one."""
        self.wait_for_rebuild()
        path = self.settings.index_snapshot_path
        if path is None or not all(index.ready for index in self.indexes):
            return
        if any(self._saved_versions.get(index.kind) != index.version for index in self.indexes):
            try:
                self.save_snapshot(path)
            except OSError:
                logger.exception("匹配索引快照保存失败 (could not save the snapshot on shutdown)")
