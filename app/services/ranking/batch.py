"""``chainmatch match --all``: the suggestions of every open demand item, computed once and stored.

A batch ranks suppliers exactly as the live endpoint does (same service, same learned weights, rejected
suppliers left out) and stores the first ``per_item`` of each open demand item with its score and explanation.
Reports read the latest batch. A new batch replaces the previous one in the same transaction: readers see the
old batch or the new one, never a mixture; on PostgreSQL two batches never run at once (a transaction-level
advisory lock).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from app.models import DemandItem
from app.models.decisions import StoredSuggestion, SuggestionBatch
from app.services.auth import SYSTEM_PRINCIPAL
from app.services.decisions import rejected_by_demand, relink_orphans
from app.services.ranking.matching_index import MatchingIndexes
from app.services.ranking.suggestions import suggest_for_demands
from app.services.ranking.weights import current_weights_version
from matching import Contribution, Match

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
_BATCH_LOCK_KEY = 0x636D6261  # "cmba": one batch at a time on PostgreSQL


def contribution_json(c: Contribution) -> dict[str, Any]:
    return {
        "comparison": c.comparison, "level": c.level, "label": c.label, "weight": c.weight, "value": c.value,
        "similarity": c.similarity, "demand_value": c.demand_value, "supply_value": c.supply_value, "text": c.text,
    }


def run_batch(
    *, db_session: Session, index: MatchingIndexes, per_item: int = 10, chunk_size: int = 256,
    progress: ProgressCallback | None = None, engine_matches: Mapping[str, Sequence[Match]] | None = None,
    index_version: int | None = None,
) -> SuggestionBatch:
    """Compute and store the suggestions of every open demand item, replacing the previous batch. Flushes only:
    the caller commits (which makes the new batch visible and the old one gone at once).

    ``engine_matches`` (per demand item id as a string) and ``index_version`` come from a batch computed outside
    (``app.services.ranking.spark_batch``): the live index is then not used, and an item without matches gets none."""
    started = time.perf_counter()
    if db_session.get_bind().dialect.name == "postgresql":
        db_session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _BATCH_LOCK_KEY})
    relink_orphans(db_session)
    ids = list(db_session.scalars(
        select(DemandItem.id).where(DemandItem.is_open).order_by(DemandItem.id)))
    if engine_matches is None:
        index.sync(db_session)
        index_version = index.supply.version
    batch = SuggestionBatch(per_item=per_item, index_version=index_version,
                            weights_version=current_weights_version(db_session), demand_items=len(ids), suggestions=0)
    db_session.add(batch)
    db_session.flush()
    logger.info("批量匹配：%d 个开放需求条目 (batch %d: %d open demand items)", len(ids), batch.id, len(ids))
    stored = 0
    for start in range(0, len(ids), chunk_size):
        items = list(db_session.scalars(select(DemandItem).where(DemandItem.id.in_(ids[start:start + chunk_size]))
                                        .order_by(DemandItem.id)))
        stored += _store_chunk(db_session, index, batch, items, per_item, engine_matches)
        done = min(start + chunk_size, len(ids))
        if progress is not None:
            progress(done, len(ids))
        db_session.expunge_all()  # keep memory flat over a long run; what we need is re-read per chunk
        batch = db_session.get(SuggestionBatch, batch.id)
    db_session.execute(delete(StoredSuggestion).where(StoredSuggestion.batch_id != batch.id))
    db_session.execute(delete(SuggestionBatch).where(SuggestionBatch.id != batch.id))
    batch.suggestions = stored
    batch.elapsed_seconds = round(time.perf_counter() - started, 3)
    db_session.flush()
    logger.info("批量匹配完成：%d 条推荐，用时 %.1f 秒 (batch %d: %d suggestions in %.1fs)",
                stored, batch.elapsed_seconds, batch.id, stored, batch.elapsed_seconds)
    return batch


def _store_chunk(
    db_session: Session, index: MatchingIndexes, batch: SuggestionBatch, items: Sequence[DemandItem], per_item: int,
    engine_matches: Mapping[str, Sequence[Match]] | None = None,
) -> int:
    excluded = rejected_by_demand(db_session, items)
    found = suggest_for_demands(db_session=db_session, index=index, demand_items=items, principal=SYSTEM_PRINCIPAL,
                                limit=per_item, exclude_supply_item_ids=excluded, engine_matches=engine_matches)
    rows = [
        {"batch_id": batch.id, "demand_item_id": item.id, "rank": rank, "supply_item_id": s.supply_item.id,
         "score": round(s.score, 6), "explanation": [contribution_json(c) for c in s.contributions]}
        for item in items
        for rank, s in enumerate(found.get(item.id, []), start=1)
    ]
    if rows:
        db_session.execute(insert(StoredSuggestion), rows)
    return len(rows)


def latest_batch(db_session: Session) -> SuggestionBatch | None:
    return db_session.scalar(select(SuggestionBatch).order_by(SuggestionBatch.id.desc()).limit(1))


def stored_suggestions(db_session: Session, demand_item_id: int) -> list[StoredSuggestion]:
    """The latest batch's ranked suppliers of one demand item (empty when it has none or no batch ran)."""
    batch_id = db_session.scalar(select(func.max(SuggestionBatch.id)))
    if batch_id is None:
        return []
    return list(db_session.scalars(select(StoredSuggestion).where(
        StoredSuggestion.batch_id == batch_id, StoredSuggestion.demand_item_id == demand_item_id)
        .order_by(StoredSuggestion.rank)))
