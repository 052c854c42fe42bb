"""The Spark job of ``chainmatch match --all --engine spark``: supply and demand lists in Parquet, ranked matches out.

It reads no database and imports nothing of the service (only :mod:`matching`, pyspark and pandas), so it runs where
a cluster reads a data lake. On a cluster, with chainmatch installed in a packed environment::

    spark-submit --master yarn --archives chainmatch-env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python \\
        "$(python -c 'import app.jobs.spark_match as m; print(m.__file__)')" \\
        --supply hdfs:///cm/supply.parquet --demand hdfs:///cm/demand.parquet --out hdfs:///cm/matches.parquet

The steps (``matching.sharded`` explains why the result equals the single engine's):

1. prepare every supply row where it lies (``mapInPandas``) and keep the prepared rows;
2. add up the BM25 statistics of all rows (rows, field lengths, document frequencies) and broadcast them;
3. per shard of the supply (by a hash of the id): fit the shard's postings inside the executor and score the
   broadcast demand records, keeping each demand's best candidates of the shard (row numbers and scores only);
4. per demand: merge the shards' candidates to the global ones, fetch those rows' fields (a join on the row
   number with the prepared supply) and run the comparisons on them.

Demand records are broadcast a round of ``--demand-batch`` at a time; the prepared supply is kept between rounds.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from typing import Any

logger = logging.getLogger(__name__)

PREPARED_SCHEMA = (
    "row long, id string, name string, description string, brand string, part_numbers array<string>, "
    "specs array<string>, category string, n_primary_codes long, attributes array<string>"
)
SCORE_SCHEMA = (
    "demand long, row long, value double, text_sim double, coverage double, in_top boolean, code_groups string"
)
SELECTED_SCHEMA = "demand long, row long, text_sim double, coverage double"
CORPUS_SCHEMA = "kind string, key long, count long"
RESULT_SCHEMA = (
    "demand_id string, rank int, supply_id string, score double, probability double, contributions string"
)
DEFAULT_DEMAND_BATCH = 50_000


def local_environment() -> None:
    """What a local run needs and a user should not have to know: the driver bound to the loopback address (a
    machine whose host name resolves to nothing reachable otherwise fails to start), and the workers running this
    very Python (with chainmatch installed) rather than whatever ``python3`` is on the PATH."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)


def spark_session(master: str | None = None, *, app_name: str = "chainmatch-match", conf: dict[str, str] | None = None):
    """A SparkSession for the job. ``master`` None leaves it to spark-submit; a ``local…`` master also gets
    :func:`local_environment`."""
    from pyspark.sql import SparkSession

    if master is None or master.startswith("local"):
        local_environment()
    # py4j logs every connection at INFO, and at interpreter exit into closed streams.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    settings = {
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        # Rows of one demand's candidates are small; 10k per Arrow batch keeps a worker's batches a few MB.
        "spark.sql.execution.arrow.maxRecordsPerBatch": "10000",
        "spark.ui.showConsoleProgress": "true",
        **(conf or {}),
    }
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def run(spark: Any, *, supply: str, demand: str, out: str, params: dict[str, Any] | None = None, top_k: int = 10,
        shards: int | None = None, demand_batch: int = DEFAULT_DEMAND_BATCH) -> dict[str, Any]:
    """Match every demand row of the Parquet ``demand`` against every supply row of ``supply`` and write the ranked
    matches (``matching.sharded.RESULT_COLUMNS``) to the Parquet folder ``out``. Returns a summary."""
    import pandas as pd
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from matching import sharded

    params = dict(params or {})
    started = time.perf_counter()
    sc = spark.sparkContext
    shards = shards or max(sc.defaultParallelism, 1)
    spark.conf.set("spark.sql.shuffle.partitions", str(max(shards, sc.defaultParallelism)))

    # Executor seconds per step and the candidate rows shuffled to the merge: what sizes a cluster (README).
    spent = {name: sc.accumulator(0.0) for name in ("prepare", "fit", "score", "select", "rank")}
    spent["candidates"] = sc.accumulator(0)
    spent["selected"] = sc.accumulator(0)

    def prepare(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        rewriter = sharded.rewriter_of(params)
        for frame in frames:
            began = time.perf_counter()
            out = sharded.prepared_frame(frame, params, rewriter)
            spent["prepare"].add(time.perf_counter() - began)
            yield out

    logger.info("第 1 步：预处理供给清单 (preparing the supply rows)")
    source = spark.read.parquet(supply).select(*sharded.RECORD_COLUMNS)
    prepared = (source.repartition(max(shards, sc.defaultParallelism))
                .mapInPandas(prepare, PREPARED_SCHEMA)
                .withColumn("shard", F.pmod(F.xxhash64("id"), F.lit(shards)).cast("int"))
                .withColumn("shard_key", F.element_at(F.array(*map(F.lit, _shard_keys(spark, shards))),
                                                      F.col("shard") + 1))
                .persist(StorageLevel.MEMORY_AND_DISK))

    def corpus_rows(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for frame in frames:
            part = sharded.corpus_part(sharded.prepared_records(frame), params)
            keys = ["n", *(f"len:{f}" for f in part["lengths"])]
            head = pd.DataFrame({"kind": keys, "key": 0,
                                 "count": [part["n"], *part["lengths"].values()]})
            yield pd.concat([head, pd.DataFrame({"kind": "df", "key": part["features"], "count": part["counts"]})])

    logger.info("第 2 步：统计全体供给的词频 (document frequencies over the whole supply)")
    totals = (prepared.mapInPandas(corpus_rows, CORPUS_SCHEMA).groupBy("kind", "key")
              .agg(F.sum("count").alias("count")).toPandas())
    df_rows = totals[totals["kind"] == "df"]
    scalars = totals[totals["kind"] != "df"].groupby("kind")["count"].sum()
    corpus = sharded.combine_corpus([{
        "n": int(scalars.get("n", 0)),
        "lengths": {k[4:]: int(v) for k, v in scalars.items() if k.startswith("len:")},
        "features": df_rows["key"].to_numpy(), "counts": df_rows["count"].to_numpy(),
    }], params)
    del totals, df_rows
    corpus_b = sc.broadcast(corpus)
    logger.info("供给 %d 条，分 %d 片 (supply rows %d, shards %d)", corpus.n_rows, shards, corpus.n_rows, shards)

    demand_frame = spark.read.parquet(demand).select(*sharded.RECORD_COLUMNS).toPandas().sort_values(
        "row", kind="stable")
    demands = sharded.prepare_records(sharded.records_of(demand_frame), params)
    del demand_frame
    written = 0
    for round_start in range(0, len(demands), demand_batch):
        batch = demands[round_start : round_start + demand_batch]
        demands_b = sc.broadcast(batch)

        score_shards, select, rank = _round_functions(params, corpus_b, demands_b, round_start, top_k, spent)

        logger.info("第 3 步：分片检索与合并排序，需求 %d–%d / %d (scoring demand rows %d to %d of %d)",
                    round_start + 1, round_start + len(batch), len(demands), round_start + 1,
                    round_start + len(batch), len(demands))
        candidates = prepared.repartition(shards, "shard_key").mapInPandas(score_shards, SCORE_SCHEMA)
        selected = candidates.groupBy("demand").applyInPandas(select, SELECTED_SCHEMA)
        results = (selected.join(prepared.drop("shard", "shard_key"), on="row")
                   .groupBy("demand").applyInPandas(rank, RESULT_SCHEMA))
        results.write.mode("overwrite" if round_start == 0 else "append").parquet(out)
        demands_b.unpersist()
        written += len(batch)
    if not demands:  # an empty result, readable like any other
        spark.createDataFrame([], RESULT_SCHEMA).write.mode("overwrite").parquet(out)
    prepared.unpersist()
    corpus_b.unpersist()
    elapsed = time.perf_counter() - started
    logger.info("完成：%d 个需求，用时 %.1f 秒 (done: %d demand rows in %.1f s)", written, elapsed, written, elapsed)
    return {"supply": corpus.n_rows, "demand": written, "shards": shards, "seconds": round(elapsed, 3),
            "executor_seconds": {name: round(acc.value, 3) for name, acc in spent.items()
                                 if name not in ("candidates", "selected")},
            "candidate_rows": int(spent["candidates"].value), "selected_rows": int(spent["selected"].value)}


def _shard_keys(spark: Any, shards: int) -> list[int]:
    """A partitioning key per shard such that ``repartition(shards, key)`` puts shard ``s`` alone in partition
    ``s``: hash partitioning of the shard numbers themselves would put two shards in one task and none in another
    (one core idle for the whole scoring step)."""
    from pyspark.sql import functions as F

    # repartition(n, column) places a row in pmod(hash(column), n): Murmur3 with Spark's seed, what F.hash computes.
    # The key column is an int (F.lit of a Python int): hashed as an int here too (a long hashes otherwise).
    probe = (spark.range(shards * 64).select(F.col("id").cast("int").alias("key"))
             .select("key", F.pmod(F.hash("key"), F.lit(shards)).alias("partition"))
             .groupBy("partition").agg(F.min("key").alias("key")).toPandas())
    keys = dict(zip(probe["partition"].astype(int), probe["key"].astype(int), strict=True))
    return [keys.get(s, s) for s in range(shards)]


def _round_functions(params: dict[str, Any], corpus_b: Any, demands_b: Any, offset: int, top_k: int,
                     spent: dict[str, Any]) -> tuple[Any, Any]:
    """The two functions a round runs in the executors, bound to that round's broadcast demand rows; they add
    their seconds and rows to the accumulators in ``spent``."""
    import time

    import pandas as pd

    from matching import sharded

    def score_shards(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        # A partition holds one shard (see _shard_keys); grouped here all the same, so that the result never
        # depends on how partitions fell.
        parts = list(frames)
        if not parts:
            return
        whole = pd.concat(parts, ignore_index=True)
        for _, shard in whole.groupby("shard", sort=True):
            timings: dict[str, float] = {}
            for frame in sharded.shard_candidates(shard.drop(columns=["shard", "shard_key"]), demands_b.value,
                                                  params, corpus_b.value, demand_offset=offset, timings=timings,
                                                  with_fields=False):
                spent["candidates"].add(len(frame))
                yield frame
            spent["fit"].add(timings.get("fit", 0.0))
            spent["score"].add(timings.get("score", 0.0))

    def select(frame: pd.DataFrame) -> pd.DataFrame:
        started = time.perf_counter()
        chosen = sharded.select_candidates(frame, params)[["demand", "row", "text_sim", "coverage"]]
        spent["select"].add(time.perf_counter() - started)
        spent["selected"].add(len(chosen))
        return chosen

    def rank(frame: pd.DataFrame) -> pd.DataFrame:
        started = time.perf_counter()
        k = int(frame["demand"].iloc[0])
        record = demands_b.value[k - offset]
        matches = sharded.rank_selected(record, frame.sort_values("row", kind="stable"), params, corpus_b.value,
                                        top_k)
        out = pd.DataFrame(sharded.result_rows(record.id, matches), columns=list(sharded.RESULT_COLUMNS))
        spent["rank"].add(time.perf_counter() - started)
        return out

    return score_shards, select, rank


def write_records(path: str, records: Any, *, chunk: int = 50_000) -> int:
    """Write ItemRecords (in the order the single engine is fitted in) as a Parquet file of
    ``matching.sharded.RECORD_COLUMNS``, a chunk at a time; returns how many."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("row", pa.int64()), ("id", pa.string()), ("name", pa.string()), ("description", pa.string()),
                        ("part_numbers", pa.list_(pa.string())), ("brand", pa.string()), ("category", pa.string())])
    written = 0
    with pq.ParquetWriter(path, schema) as writer:
        columns: dict[str, list[Any]] = {name: [] for name in schema.names}

        def flush() -> None:
            if columns["row"]:
                writer.write_table(pa.table(columns, schema=schema))
                for values in columns.values():
                    values.clear()

        for record in records:
            columns["row"].append(written)
            columns["id"].append(record.id)
            columns["name"].append(record.name)
            columns["description"].append(record.description)
            columns["part_numbers"].append(list(record.part_numbers))
            columns["brand"].append(record.brand)
            columns["category"].append(record.category)
            written += 1
            if len(columns["row"]) >= chunk:
                flush()
        flush()
    return written


def read_results(path: str) -> dict[str, Any]:
    """The ranked matches a run wrote, per demand id (``matching.Match`` lists, best first)."""
    import pyarrow.parquet as pq

    from matching import sharded

    return sharded.matches_of(pq.read_table(path).to_pandas())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="在 Spark 上批量匹配：Parquet 供给与需求清单 → 排序后的匹配结果 (batch matching on Spark)")
    parser.add_argument("--supply", required=True, help="供给清单 Parquet (supply list)")
    parser.add_argument("--demand", required=True, help="需求清单 Parquet (demand list)")
    parser.add_argument("--out", required=True, help="结果 Parquet 目录 (results folder)")
    parser.add_argument("--job", help="chainmatch 导出的 job.json（含引擎参数与每个需求的结果数）"
                                      " (job.json written by chainmatch match --all --export-only)")
    parser.add_argument("--params", help="引擎参数 JSON 文件 (engine parameters, SupplyMatcher.get_params())")
    parser.add_argument("--top-k", type=int, default=10, help="每个需求保留的结果数 (results per demand row)")
    parser.add_argument("--shards", type=int, help="供给分片数 (supply shards; default: the cluster's cores)")
    parser.add_argument("--demand-batch", type=int, default=DEFAULT_DEMAND_BATCH,
                        help="每轮广播的需求条数 (demand rows broadcast per round)")
    parser.add_argument("--master", help="Spark master（spark-submit 时不填）")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    params: dict[str, Any] = {}
    top_k = args.top_k
    if args.params:
        with open(args.params, encoding="utf-8") as file:
            params = json.load(file)
    if args.job:
        with open(args.job, encoding="utf-8") as file:
            job = json.load(file)
        params, top_k = job["params"], int(job["top_k"])
    spark = spark_session(args.master)
    try:
        summary = run(spark, supply=args.supply, demand=args.demand, out=args.out, params=params, top_k=top_k,
                      shards=args.shards, demand_batch=args.demand_batch)
    finally:
        spark.stop()
    print(f"匹配完成：供给 {summary['supply']} 条，需求 {summary['demand']} 条，{summary['shards']} 片，"
          f"用时 {summary['seconds']:.1f} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())
