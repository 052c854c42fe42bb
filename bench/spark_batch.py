"""The Spark batch beside the single-process engine, in one run: wall time, peak memory, equal results.

    .venv/bin/python bench/spark_batch.py --supply 200000 --demand 5000 --shards 1,2,4,8 --master 'local[2]'

Both sides read the same generated lists (bench/gen_records.py, fixed seed) from Parquet. The single process is the
engine part of ``chainmatch match --all`` (``SupplyMatcher().fit(supply).query_many(demand)`` — the business
factors and the database writes are the same for both engines and left out), run in a child process so that its
peak resident memory is its own. The Spark job runs once per shard count on the given master, while a thread samples
(every 0.2 s) the resident memory of the driver (this process), of the JVM and of each Python worker Spark forks;
the peak of each is printed, with the executor seconds per step and the rows shuffled to the merge (each shard's
candidates as numbers, then the selected candidates with their fields).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def _generator():
    spec = importlib.util.spec_from_file_location("gen_records", HERE / "gen_records.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_records"] = module
    spec.loader.exec_module(module)
    return module


def write_lists(folder: Path, n_supply: int, n_demand: int) -> None:
    from app.jobs.spark_match import write_records
    from matching import ItemRecord

    gen = _generator()
    write_records(str(folder / "supply.parquet"), gen.iter_records(n_supply, factory=ItemRecord))
    write_records(str(folder / "demand.parquet"),
                  (q for q, _, _ in gen.make_queries(n_supply, n_demand, factory=ItemRecord)))


def single_process(folder: Path, top_k: int) -> None:
    """The child: fit and query, print seconds, peak memory and the top ids as JSON."""
    import pyarrow.parquet as pq

    from matching import SupplyMatcher
    from matching.sharded import records_of

    supply = records_of(pq.read_table(folder / "supply.parquet").to_pandas().sort_values("row"))
    demand = records_of(pq.read_table(folder / "demand.parquet").to_pandas().sort_values("row"))
    started = time.perf_counter()
    matcher = SupplyMatcher().fit(supply)
    fitted = time.perf_counter() - started
    del supply
    results = matcher.query_many(demand, top_k=top_k)
    elapsed = time.perf_counter() - started
    top = {d.id: [[m.supply_id, m.score] for m in found] for d, found in zip(demand, results, strict=True)}
    (folder / "single.json").write_text(json.dumps(top))
    print(json.dumps({"seconds": round(elapsed, 1), "fit_seconds": round(fitted, 1),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


SCORE_ROW_BYTES = 8 * 5 + 1  # demand, row, value, text_sim, coverage; in_top (code groups: a few rows per demand)


def candidate_row_bytes(folder: Path, sample: int = 2000) -> int:
    """Arrow bytes of one selected candidate row (a prepared supply row plus its scores), for the shuffle estimate."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from matching import sharded

    frame = pq.read_table(folder / "supply.parquet").slice(0, sample).to_pandas()
    prepared = sharded.prepared_frame(frame, {})
    return int(pa.Table.from_pandas(prepared, preserve_index=False).nbytes / max(len(prepared), 1)) + 8 * 4


class MemorySampler:
    """Peak resident memory of this process, of the JVM and of each Python worker under it."""

    def __init__(self) -> None:
        import psutil

        self.psutil = psutil
        self.me = psutil.Process()
        self.driver = 0
        self.jvm = 0
        self.workers: dict[int, int] = {}
        self.workers_total = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.driver = max(self.driver, self.me.memory_info().rss)
                total = 0
                for process in self.me.children(recursive=True):
                    try:
                        rss = process.memory_info().rss
                        line = " ".join(process.cmdline())
                    except self.psutil.Error:
                        continue
                    if "java" in line.split(" ")[0]:
                        self.jvm = max(self.jvm, rss)
                    elif "pyspark" in line or "python" in line:
                        self.workers[process.pid] = max(self.workers.get(process.pid, 0), rss)
                        total += rss
                self.workers_total = max(self.workers_total, total)
            except self.psutil.Error:
                pass
            self._stop.wait(0.2)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Spark 批量匹配与单进程对比 (Spark batch beside the single process)")
    ap.add_argument("--supply", type=int, default=50_000)
    ap.add_argument("--demand", type=int, default=2_000)
    ap.add_argument("--shards", default="2", help="comma-separated shard counts, e.g. 1,2,4,8")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--top-k", type=int, default=10)
    ap.add_argument("--no-single", action="store_true", help="leave the single process out")
    ap.add_argument("--folder", type=Path, help="keep the lists here (default: a temporary folder)")
    ap.add_argument("--single-child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.single_child:
        single_process(args.single_child, args.top_k)
        return 0

    from app.jobs import spark_match

    folder = args.folder or Path(tempfile.mkdtemp(prefix="cm-spark-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"生成数据 / generating {args.supply:,} supply × {args.demand:,} demand → {folder}", flush=True)
    started = time.perf_counter()
    write_lists(folder, args.supply, args.demand)
    print(f"  {time.perf_counter() - started:.0f} s", flush=True)
    with open("/proc/loadavg") as f:
        print(f"load average at start: {f.read().split()[0]}", flush=True)

    single: dict | None = None
    if not args.no_single:
        print("单进程 / single process (fit + query_many) …", flush=True)
        out = subprocess.run([sys.executable, __file__, "--single-child", str(folder), "--top-k", str(args.top_k)],
                             check=True, capture_output=True, text=True)
        single = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"  single: {single['seconds']} s (fit {single['fit_seconds']} s), peak {single['peak_mb']} MB",
              flush=True)
        expected = json.loads((folder / "single.json").read_text())

    row_bytes = candidate_row_bytes(folder)
    print(f"a selected candidate with its fields: ~{row_bytes} bytes in Arrow (2,000 rows sampled); a shard's "
          f"candidate (numbers only): {SCORE_ROW_BYTES} bytes", flush=True)
    spark = spark_match.spark_session(args.master, conf={"spark.ui.enabled": "false",
                                                         "spark.ui.showConsoleProgress": "false"})
    rows = []
    try:
        for shards in [int(s) for s in args.shards.split(",")]:
            print(f"Spark {args.master}, {shards} shards …", flush=True)
            out_dir = folder / f"out-{shards}"
            with MemorySampler() as memory:
                summary = spark_match.run(spark, supply=str(folder / "supply.parquet"),
                                          demand=str(folder / "demand.parquet"), out=str(out_dir),
                                          top_k=args.top_k, shards=shards)
            same = None
            if single is not None:
                found = spark_match.read_results(str(out_dir))
                same = sum(
                    [m.supply_id for m in found.get(d, [])] == [s for s, _ in top]
                    and all(abs(m.score - sc) <= 1e-6 for m, (_, sc) in zip(found.get(d, []), top, strict=False))
                    for d, top in expected.items())
            row = {"shards": shards, "seconds": summary["seconds"], "driver_mb": memory.driver >> 20,
                   "jvm_mb": memory.jvm >> 20, "worker_peak_mb": max(memory.workers.values(), default=0) >> 20,
                   "workers_sum_peak_mb": memory.workers_total >> 20, "workers_seen": len(memory.workers),
                   "executor_seconds": summary["executor_seconds"], "candidate_rows": summary["candidate_rows"],
                   "selected_rows": summary["selected_rows"],
                   "shuffle_mb": (summary["candidate_rows"] * SCORE_ROW_BYTES + summary["selected_rows"] * row_bytes)
                   >> 20,
                   "same_top_k": same}
            rows.append(row)
            print("  " + json.dumps(row, ensure_ascii=False), flush=True)
    finally:
        spark.stop()
    print("\nsummary")
    if single is not None:
        print(f"single process: {single['seconds']} s, peak {single['peak_mb']} MB")
    for row in rows:
        print(f"spark {args.master} {row['shards']} shards: {row['seconds']:.0f} s; driver {row['driver_mb']} MB, "
              f"JVM {row['jvm_mb']} MB, largest worker {row['worker_peak_mb']} MB "
              f"(all workers at once {row['workers_sum_peak_mb']} MB); executor s {row['executor_seconds']}; "
              f"shard candidates {row['candidate_rows']:,}, selected {row['selected_rows']:,} (~{row['shuffle_mb']} MB "
              f"to the merge); same top-{args.top_k}: {row['same_top_k']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
