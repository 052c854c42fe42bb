"""Where the engine's time and memory go: cProfile of fit and of single queries, and the fitted state's size.

    .venv/bin/python bench/profile_engine.py --records 1000000 --queries 300
    .venv/bin/python bench/profile_engine.py --records 100000 --misses 12     # also print missed queries

Generic over the engine's internals: the memory breakdown walks the fitted matcher's ``*_`` attributes (and those
of its index), so it stays correct while the engine changes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_records  # noqa: E402
from engine_scale import _peak_rss_gb, _rss_gb  # noqa: E402


def _deep_size(value: Any, seen: set[int] | None = None) -> int:
    """Bytes held by a value: numpy and scipy buffers exactly, Python containers by walking them."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        return value.nbytes if value.base is None or id(value.base) not in seen else 0
    if sparse.issparse(value):
        return sum(_deep_size(getattr(value, a), seen) for a in ("data", "indices", "indptr", "row", "col")
                   if hasattr(value, a))
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        size += sum(_deep_size(k, seen) + _deep_size(v, seen) for k, v in value.items())
    elif isinstance(value, list | tuple | set | frozenset):
        size += sum(_deep_size(v, seen) for v in value)
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        size += sum(_deep_size(v, seen) for v in vars(value).values())
    elif hasattr(value, "__slots__"):
        size += sum(_deep_size(getattr(value, s), seen) for s in value.__slots__ if hasattr(value, s))
    return size


def memory_breakdown(obj: Any, prefix: str = "") -> list[tuple[str, int]]:
    rows: list[tuple[str, int]] = []
    for name, value in vars(obj).items():
        if hasattr(value, "__dict__") and not isinstance(value, type) and not sparse.issparse(value) \
                and type(value).__module__.startswith("matching"):
            rows.extend(memory_breakdown(value, f"{prefix}{name}."))
        else:
            rows.append((f"{prefix}{name}", _deep_size(value)))
    return rows


def _profile(label: str, fn: Any, limit: int) -> Any:
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    result = fn()
    prof.disable()
    elapsed = time.perf_counter() - t0
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(limit)
    print(f"\n==== {label}: {elapsed:.2f} s under cProfile (own time, top {limit}) ====")
    print("\n".join(line for line in buf.getvalue().splitlines() if line.strip())[:12000])
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(r"matching", limit)
    print(f"\n---- {label}: cumulative time in matching/ ----")
    print("\n".join(line for line in buf.getvalue().splitlines() if line.strip())[:8000])
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="引擎性能剖析 / profile the engine's fit and queries")
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=gen_records.DEFAULT_SEED)
    ap.add_argument("--limit", type=int, default=25)
    ap.add_argument("--misses", type=int, default=0, help="print this many missed queries (true record not in top 10)")
    args = ap.parse_args(argv)

    from matching import ItemRecord, SupplyMatcher

    records = list(gen_records.iter_records(args.records, args.seed, factory=ItemRecord))
    queries = gen_records.make_queries(args.records, args.queries, args.seed, factory=ItemRecord)
    rss0 = _rss_gb()
    print(f"records: {len(records):,}; RSS with records {rss0:.2f} GB")

    matcher = _profile("fit", lambda: SupplyMatcher().fit(records), args.limit)
    print(f"\nRSS after fit {_rss_gb():.2f} GB (peak {_peak_rss_gb():.2f} GB); records alone {rss0:.2f} GB")
    rows = sorted(memory_breakdown(matcher), key=lambda r: -r[1])
    total = sum(size for _, size in rows)
    print(f"\n==== fitted state: {total / 1e9:.2f} GB in {len(rows)} attributes ====")
    for name, size in rows:
        if size >= 1_000_000:
            print(f"  {name:<40} {size / 1e6:>10,.1f} MB")

    demand = [q for q, _, _ in queries]
    for q in demand[:10]:
        matcher.query(q, top_k=10)

    def run_single() -> list[Any]:
        return [matcher.query(q, top_k=10) for q in demand]

    results = _profile(f"{len(demand)} single queries", run_single, args.limit)
    _profile(f"query_many of {len(demand)}", lambda: matcher.query_many(demand, top_k=10), args.limit)

    if args.misses:
        by_id = {r.id: r for r in records}
        shown = 0
        for (q, gold, applied), ranked in zip(queries, results, strict=True):
            ids = [m.supply_id for m in ranked]
            if gold in ids:
                continue
            top = by_id[ids[0]] if ids else None
            print(f"\nMISS {q.id} perturbations={applied}\n  demand: {q.name} | {q.part_numbers} | {q.brand} | "
                  f"{q.description[:80]}\n  gold:   {by_id[gold].name} | {by_id[gold].part_numbers} | "
                  f"{by_id[gold].brand} | {by_id[gold].description[:60]}")
            if top is not None:
                print(f"  top1:   {top.name} | {top.part_numbers} | {top.brand} | score {ranked[0].score:.3f}")
                print("          " + "; ".join(f"{c.comparison}:{c.level}={c.value:.3f}" for c in ranked[0].contributions))
            shown += 1
            if shown >= args.misses:
                break
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
