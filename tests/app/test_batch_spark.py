"""``chainmatch match --all --engine spark``: the Spark job gives the single engine's top 10 on 50,000 × 2,000
generated rows, survives a killed worker, and the database round trip stores what ``match --all`` stores.

One SparkSession for the module, ``local[2,4]``: two cores as ``local[2]``, and a failed task tried up to four
times (plain ``local[N]`` never retries a task, so the fault test could not pass on it)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

pytest.importorskip("pyspark", reason="the spark extra is not installed: pip install -e '.[spark]'")

import psutil  # noqa: E402  (in the spark extra)

from app.jobs import spark_match  # noqa: E402
from app.models.decisions import StoredSuggestion  # noqa: E402
from app.services.demo import load_demo_lists  # noqa: E402
from app.services.ranking import spark_batch  # noqa: E402
from app.services.ranking.batch import run_batch  # noqa: E402
from app.services.ranking.matching_index import MatchingIndexes  # noqa: E402
from matching import SupplyMatcher  # noqa: E402
from tests.matching.test_sharded import generated  # noqa: E402

ON_POSTGRESQL = "postgresql" in (os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or "")


@pytest.fixture(scope="module")
def spark():
    session = spark_match.spark_session("local[2,4]", app_name="chainmatch-tests",
                                        conf={"spark.ui.enabled": "false"})
    yield session
    session.stop()


def _run(spark, folder: Path, supply, demand, *, shards: int = 2, top_k: int = 10):
    spark_match.write_records(str(folder / "supply.parquet"), supply)
    spark_match.write_records(str(folder / "demand.parquet"), demand)
    summary = spark_match.run(spark, supply=str(folder / "supply.parquet"), demand=str(folder / "demand.parquet"),
                              out=str(folder / "out"), top_k=top_k, shards=shards)
    return summary, spark_match.read_results(str(folder / "out"))


def _assert_same_top(single, found, demand, *, tolerance: float = 1e-6) -> None:
    """Same top 10 per demand (rows tied in score may swap), the same scores within the tolerance."""
    for query, expected in zip(demand, single, strict=True):
        got = found.get(query.id, [])
        assert len(got) == len(expected), query
        for e, g in zip(expected, got, strict=True):
            assert abs(e.score - g.score) <= tolerance, (query, e, g)
        last = expected[-1].score if expected else 0.0
        clear = {m.supply_id for m in expected if m.score > last + tolerance}
        assert clear <= {m.supply_id for m in got}, query
        by_id = {m.supply_id: m for m in got}
        for e in expected:
            if e.supply_id in by_id:
                assert by_id[e.supply_id].contributions == e.contributions


@pytest.mark.slow
@pytest.mark.skipif(ON_POSTGRESQL, reason="database-independent; runs in the SQLite pass")
def test_spark_on_two_cores_gives_the_single_engines_top_10(spark, tmp_path) -> None:
    supply, demand = generated(50_000, 2_000)
    summary, found = _run(spark, tmp_path, supply, demand)
    assert (summary["supply"], summary["demand"], summary["shards"]) == (50_000, 2_000, 2)
    single = SupplyMatcher().fit(supply).query_many(demand, top_k=10)
    assert len(found) == 2_000
    _assert_same_top(single, found, demand)


def _python_workers() -> list[psutil.Process]:
    """The Python processes Spark forked to run tasks (children of pyspark.daemon under the JVM)."""
    out = []
    for process in psutil.Process().children(recursive=True):
        try:
            if "pyspark.daemon" in " ".join(process.cmdline()):
                out.extend(process.children())
        except psutil.Error:
            continue
    return out


@pytest.mark.slow
@pytest.mark.skipif(ON_POSTGRESQL, reason="database-independent; runs in the SQLite pass")
def test_a_worker_killed_mid_job_is_retried_and_the_result_is_the_same(spark, tmp_path) -> None:
    supply, demand = generated(8_000, 400)
    tracker = spark.sparkContext.statusTracker()
    done = threading.Event()
    outcome: dict = {}

    def job() -> None:
        try:
            outcome["result"] = _run(spark, tmp_path, supply, demand)
        except BaseException as exc:  # re-raised in the test's thread
            outcome["error"] = exc
        finally:
            done.set()

    first_job = max(tracker.getJobIdsForGroup(None) or [-1]) + 1

    def failed_tasks() -> int:
        return sum(info.numFailedTasks
                   for j in tracker.getJobIdsForGroup(None) if j >= first_job
                   for s in (tracker.getJobInfo(j).stageIds if tracker.getJobInfo(j) else [])
                   for info in [tracker.getStageInfo(s)] if info is not None)

    thread = threading.Thread(target=job)
    thread.start()
    killed = 0
    # An idle worker waiting in Spark's pool dies unnoticed: kill one that is computing (its CPU time grows), and
    # again if that cost no task, at most twice (a task may fail four times before the job does).
    while not done.is_set() and killed < 2 and not failed_tasks():
        before = {w.pid: (w, w.cpu_times().user) for w in _python_workers()}
        time.sleep(0.3)
        for worker, user in before.values():
            try:
                if worker.cpu_times().user - user > 0.1:
                    worker.kill()
                    killed += 1
                    time.sleep(1.0)  # let the driver see the failure before looking again
                    break
            except psutil.Error:
                continue
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    assert killed, "the job ended before a worker could be killed"
    # The status tracker reads what Spark's listener bus has delivered, which lags the job on a busy machine.
    deadline = time.monotonic() + 30
    while not failed_tasks() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert failed_tasks() >= 1  # the kill cost a task, which Spark ran again
    _, found = outcome["result"]
    single = SupplyMatcher().fit(supply).query_many(demand, top_k=10)
    _assert_same_top(single, found, demand)


def _stored(db_session, batch_id: int) -> list[tuple]:
    return [(r.demand_item_id, r.rank, r.supply_item_id, r.score, r.explanation) for r in db_session.scalars(
        select(StoredSuggestion).where(StoredSuggestion.batch_id == batch_id)
        .order_by(StoredSuggestion.demand_item_id, StoredSuggestion.rank))]


def test_the_spark_batch_stores_what_match_all_stores(spark, db_session, session_factory, settings,
                                                       tmp_path) -> None:
    load_demo_lists(db_session=db_session, settings=settings)
    db_session.commit()
    indexes = MatchingIndexes(session_factory=session_factory, settings=settings)
    indexes.start()  # fitted on the lists as they are now, as the Spark job is
    try:
        with session_factory() as session:
            local = run_batch(db_session=session, index=indexes, per_item=5)
            session.commit()
            expected = _stored(session, local.id)
    finally:
        indexes.close()

    with session_factory() as session:
        exported = spark_batch.export_lists(db_session=session, settings=settings, folder=tmp_path, per_item=5)
    assert exported.demand == local.demand_items >= 200
    spark_batch.run_job(tmp_path, master=None, spark=spark, shards=2)
    steps: list[tuple[int, int]] = []
    with session_factory() as session:
        batch = spark_batch.import_results(db_session=session, index=MatchingIndexes(
            session_factory=session_factory, settings=settings), folder=tmp_path,
            progress=lambda d, t: steps.append((d, t)))
        session.commit()
        found = _stored(session, batch.id)
        assert batch.index_version == exported.index_version
        # The Spark batch replaced the local one, as a second local batch would.
        assert set(session.scalars(select(StoredSuggestion.batch_id).distinct())) == {batch.id}
    assert steps[-1] == (local.demand_items, local.demand_items)
    assert len(found) == len(expected) >= 4 * local.demand_items
    for f, e in zip(found, expected, strict=True):
        assert f[:3] == e[:3] and abs(f[3] - e[3]) <= 1e-6
        assert [c["label"] for c in f[4]] == [c["label"] for c in e[4]]
        assert all(abs(a["value"] - b["value"]) <= 1e-6 for a, b in zip(f[4], e[4], strict=True))
