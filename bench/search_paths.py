"""The engine's two candidate searches side by side: compiled (numba) and uncompiled (numpy/scipy), at a few catalogue
sizes in one run — the latency of each, whether their results are identical, and what compiling costs once.

    .venv/bin/python bench/search_paths.py                      # 1k, 10k and 100k generated supply records
    .venv/bin/python bench/search_paths.py --sizes 1000 10000 --queries 100

For each size the records of bench/gen_records.py are fitted once with search="uncompiled" and the same fitted
matcher is loaded again with search="compiled" (so both search the same postings). Timed per query, one at a time:
stage 1 alone (``PostingIndex.top_rows``: what the option changes) and the whole ``SupplyMatcher.query``. "same"
says whether every query's ranked supply ids, scores and contributions are equal between the two.
The compile cost is measured first, in fresh interpreters: with an empty NUMBA_CACHE_DIR (a machine's first
start) and again with the cache it left. The load average is printed: the machine may be shared.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

import gen_records  # noqa: E402  (a sibling script, not a package)

from matching import ItemRecord, SupplyMatcher  # noqa: E402

COMPILE = "import time; t = time.perf_counter(); from matching.kernels import compile_all; compile_all(); " \
          "print(time.perf_counter() - t)"


def compile_seconds(cache_dir: str) -> float:
    env = {**os.environ, "NUMBA_CACHE_DIR": cache_dir}
    done = subprocess.run([sys.executable, "-c", COMPILE], env=env, cwd=BENCH_DIR.parent, capture_output=True,
                          text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def time_stage1(matcher: SupplyMatcher, demands: list[ItemRecord]) -> list[float]:
    vectors = [matcher._query_vectors(matcher._prepare_many([d]))[0] for d in demands]
    matcher.index_.top_rows(vectors[0], matcher.n_candidates)  # first call out of the timing
    out = []
    for vector in vectors:
        started = time.perf_counter_ns()
        matcher.index_.top_rows(vector, matcher.n_candidates)
        out.append((time.perf_counter_ns() - started) / 1e6)
    return out


def time_queries(matcher: SupplyMatcher, demands: list[ItemRecord]) -> tuple[list[float], list[list]]:
    matcher.query(demands[0])
    latencies, results = [], []
    for demand in demands:
        started = time.perf_counter_ns()
        matches = matcher.query(demand, top_k=10)
        latencies.append((time.perf_counter_ns() - started) / 1e6)
        results.append([(m.supply_id, m.score, m.contributions) for m in matches])
    return latencies, results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=gen_records.DEFAULT_SEED)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="cm_numba_") as cache:
        cold, warm = compile_seconds(cache), compile_seconds(cache)
    print(f"compiling the search once: {cold:.1f} s with an empty numba cache, {warm:.1f} s from the cache "
          "(the uncompiled search needs neither)\n")
    print(f"{'rows':>8} {'fit s':>6}  {'stage 1 uncompiled':>20}  {'stage 1 compiled':>18}  "
          f"{'query uncompiled':>16}  {'query compiled':>14}  same")
    print(f"{'':>15}  {'p50 / p99 ms':>20}  {'p50 / p99 ms':>18}  {'p50 ms':>16}  {'p50 ms':>14}")
    for size in args.sizes:
        records = list(gen_records.iter_records(size, args.seed, factory=ItemRecord))
        demands = [q for q, _, _ in gen_records.make_queries(size, args.queries, args.seed, factory=ItemRecord)]
        started = time.perf_counter()
        uncompiled = SupplyMatcher(search="uncompiled").fit(records)
        fit_seconds = time.perf_counter() - started
        compiled = SupplyMatcher.load(io.BytesIO(uncompiled.dumps()), search="compiled")
        assert (uncompiled.index_.search_path, compiled.index_.search_path) == ("uncompiled", "compiled")
        stage1 = {name: time_stage1(m, demands) for name, m in (("u", uncompiled), ("c", compiled))}
        (u_lat, u_res), (c_lat, c_res) = time_queries(uncompiled, demands), time_queries(compiled, demands)
        same = "yes" if u_res == c_res else "NO"
        s1 = {k: f"{percentile(v, 50):.2f} / {percentile(v, 99):.2f}" for k, v in stage1.items()}
        print(f"{size:>8} {fit_seconds:>6.1f}  {s1['u']:>20}  {s1['c']:>18}  "
              f"{percentile(u_lat, 50):>16.2f}  {percentile(c_lat, 50):>14.2f}  {same}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
