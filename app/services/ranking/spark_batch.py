"""``chainmatch match --all --engine spark``: the batch of every open demand item computed on Spark.

Three steps, each usable alone, so that the job can run where a cluster cannot reach the service's database:

1. :func:`export_lists` writes the active supply and the open demand items (Parquet, in id order: the order the
   live index is fitted in) and ``job.json`` (the engine's parameters, how many matches per item the batch needs,
   the version stamp the lists were read at) into a folder;
2. the Spark job (``app/jobs/spark_match.py``, also ``spark-submit``-able) writes ``matches.parquet`` beside them;
3. :func:`import_results` stores the suggestions as ``chainmatch match --all`` does (:func:`app.services.ranking.batch.
   run_batch`, business factors, learned weights and rejections included) from those matches instead of the live
   index's. A demand item opened after the export gets no suggestions until the next batch.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from app.core.config import Settings
from app.models import DemandItem, SupplyItem, SupplyStatus
from app.models.decisions import SuggestionBatch
from app.services.decisions import rejected_by_demand
from app.services.ranking.batch import ProgressCallback, run_batch
from app.services.ranking.matching_index import MatchingIndexes, demand_record, read_state, supply_record
from matching import SupplyMatcher

logger = logging.getLogger(__name__)

SUPPLY_FILE = "supply.parquet"
DEMAND_FILE = "demand.parquet"
JOB_FILE = "job.json"
RESULTS_DIR = "matches.parquet"
_READ_CHUNK = 5000


@dataclass(frozen=True)
class Export:
    folder: Path
    supply: int
    demand: int
    top_k: int
    index_version: int


def export_lists(*, db_session: Session, settings: Settings, folder: Path, per_item: int = 10) -> Export:
    """Write the active supply, the open demand items and ``job.json`` into ``folder`` (created if missing)."""
    from app.jobs.spark_match import write_records

    folder.mkdir(parents=True, exist_ok=True)
    state = read_state(db_session)  # read first: a write during the export is at a later version
    supply = write_records(str(folder / SUPPLY_FILE), (supply_record(item) for chunk in _chunks(
        db_session, SupplyItem, SupplyItem.status == SupplyStatus.ACTIVE) for item in chunk))
    # As many matches as the single-machine batch asks the index for: the pool plus the most rejections any item has.
    most_rejected = 0

    def demand_records():
        nonlocal most_rejected
        for chunk in _chunks(db_session, DemandItem, DemandItem.is_open):
            most_rejected = max(most_rejected, *map(len, rejected_by_demand(db_session, chunk).values()))
            yield from map(demand_record, chunk)

    demand = write_records(str(folder / DEMAND_FILE), demand_records())
    top_k = max(settings.suggestion_pool, per_item) + most_rejected
    job = {"params": SupplyMatcher(search=settings.matching_search).get_params(), "top_k": top_k,
           "index_version": state.version, "per_item": per_item}
    (folder / JOB_FILE).write_text(json.dumps(job, ensure_ascii=False, indent=1), encoding="utf-8")
    logger.info("已导出：供给 %d 条，需求 %d 条 → %s (exported %d supply, %d demand)", supply, demand, folder, supply,
                demand)
    return Export(folder=folder, supply=supply, demand=demand, top_k=top_k, index_version=state.version)


def _chunks(db_session: Session, model: Any, condition: Any):
    """Rows in id order, a chunk at a time, let go of once the caller is done with a chunk (a province's list does
    not stay in memory)."""
    last_id = 0
    while True:
        rows = db_session.scalars(select(model).options(lazyload("*")).where(condition, model.id > last_id)
                                  .order_by(model.id).limit(_READ_CHUNK)).all()
        if not rows:
            return
        yield rows
        last_id = rows[-1].id
        db_session.expunge_all()


def run_job(folder: Path, *, master: str | None, shards: int | None = None, spark: Any = None) -> dict[str, Any]:
    """Run the Spark job on an exported folder (a new local or cluster session unless ``spark`` is given)."""
    from app.jobs import spark_match

    job = json.loads((folder / JOB_FILE).read_text(encoding="utf-8"))
    own = spark is None
    session = spark_match.spark_session(master) if own else spark
    try:
        return spark_match.run(session, supply=str(folder / SUPPLY_FILE), demand=str(folder / DEMAND_FILE),
                               out=str(folder / RESULTS_DIR), params=job["params"], top_k=int(job["top_k"]),
                               shards=shards)
    finally:
        if own:
            session.stop()


def import_results(*, db_session: Session, index: MatchingIndexes, folder: Path, per_item: int | None = None,
                   progress: ProgressCallback | None = None) -> SuggestionBatch:
    """Store the suggestions of every open demand item from the job's matches, replacing the previous batch.
    Flushes only: the caller commits."""
    from app.jobs.spark_match import read_results

    job = json.loads((folder / JOB_FILE).read_text(encoding="utf-8"))
    matches = read_results(str(folder / RESULTS_DIR))
    return run_batch(db_session=db_session, index=index, per_item=per_item or int(job["per_item"]),
                     progress=progress, engine_matches=matches, index_version=int(job["index_version"]))
