"""Speed and memory of the matching engine at scale, beside a plain TF-IDF baseline and tantivy, in the same run.

Each system runs in its own subprocess over the same generated records (``bench/gen_records.py``), so the peak
resident memory reported is that system's own. Figures per system: fit / index time, peak RSS, one-query latency
p50 / p99 (sequential single queries), batch throughput (the system's batch API where it has one), incremental add
latency, and Recall@1 / Recall@10 / MRR@10 on demand queries derived from known supply records.

    .venv/bin/python bench/engine_scale.py --records 100000 --queries 2000          # quick run
    .venv/bin/python bench/engine_scale.py --records 1000000 --skip-3m                # the issue's 1M figures
    .venv/bin/python bench/engine_scale.py                                          # 1M then 3M

Results are printed as one table per size and written to ``bench/out/engine_scale_<size>_<stamp>.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
sys.path.insert(0, str(BENCH_DIR))

import gen_records  # noqa: E402  (a sibling script, not a package)

SYSTEMS = ("baseline", "tantivy", "engine")
TOP_K = 10
WARMUP = 20

# The goals for the full engine pipeline (issue 3, "Speed and memory").
GOALS: dict[int, dict[str, tuple[str, float]]] = {
    1_000_000: {
        "fit_s": ("<=", 30.0), "peak_rss_gb": ("<=", 1.5), "p50_ms": ("<=", 3.0), "p99_ms": ("<=", 10.0),
        "batch_qps": (">=", 1000.0), "add_p50_ms": ("<=", 2.0),
    },
    3_000_000: {"fit_s": ("<=", 100.0), "peak_rss_gb": ("<=", 4.5), "p50_ms": ("<=", 10.0)},
}


# ----------------------------------------------------------------------------------------------------------------
# Measurement helpers (run inside the worker process)
def _rss_gb() -> float:
    """Current resident set size of this process, GB."""
    with open("/proc/self/statm") as fp:
        pages = int(fp.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e9


def _peak_rss_gb() -> float:
    """Peak resident set size of this process so far (ru_maxrss is in KiB on Linux), GB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e9


def _percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def _log(msg: str) -> None:
    print(f"  [{datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


def _quality(rankings: Sequence[Sequence[str]], golds: Sequence[str],
             perturbations: Sequence[tuple[str, ...]]) -> dict[str, Any]:
    """Recall@1, Recall@10, MRR@10 overall and per perturbation (each query has one true supply record)."""
    def summary(idx: list[int]) -> dict[str, float]:
        if not idx:
            return {"n": 0}
        r1 = r10 = mrr = 0.0
        for i in idx:
            ranked = list(rankings[i])[:TOP_K]
            if golds[i] in ranked:
                rank = ranked.index(golds[i]) + 1
                r10 += 1
                mrr += 1 / rank
                r1 += rank == 1
        n = len(idx)
        return {"n": n, "recall_at_1": r1 / n, "recall_at_10": r10 / n, "mrr_at_10": mrr / n}

    everything = list(range(len(golds)))
    out = summary(everything)
    by: dict[str, Any] = {"none": summary([i for i in everything if not perturbations[i]])}
    for name in gen_records.PERTURBATIONS:
        by[name] = summary([i for i in everything if name in perturbations[i]])
    out["by_perturbation"] = by
    return out


# ----------------------------------------------------------------------------------------------------------------
# Systems. Each adapter: build(records) -> None; query(record) -> list[str]; batch(records) -> list[list[str]] | None;
# add(record) -> None | NotImplemented.
def _plain_text(rec: Any) -> str:
    return " ".join((rec.name, rec.description, *rec.part_numbers))


class BaselineSystem:
    """Plain scikit-learn TF-IDF (character 2–3-grams, float32) and cosine top-k with scipy sparse products."""

    label = "scikit-learn TfidfVectorizer(char, 2-3) + scipy"
    batch_label = "sparse Q @ X.T in chunks of 32"
    factory: Callable[..., Any] = gen_records.GenRecord

    def build(self, records: Sequence[Any]) -> None:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        self._np = np
        self.vectorizer_ = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), dtype=np.float32)
        matrix = self.vectorizer_.fit_transform(_plain_text(r) for r in records)
        # Rows of X.T are the postings of one n-gram: a query touches only its own n-grams' rows.
        self.postings_ = matrix.T.tocsr()
        del matrix
        self.ids_ = [r.id for r in records]

    def _top(self, data: Any, cols: Any) -> list[str]:
        if len(data) > TOP_K:
            part = self._np.argpartition(-data, TOP_K)[:TOP_K]
            data, cols = data[part], cols[part]
        order = self._np.argsort(-data, kind="stable")
        return [self.ids_[cols[j]] for j in order]

    def query(self, rec: Any) -> list[str]:
        scores = self.vectorizer_.transform([_plain_text(rec)]) @ self.postings_
        return self._top(scores.data, scores.indices)

    def batch(self, recs: Sequence[Any]) -> list[list[str]]:
        out: list[list[str]] = []
        for start in range(0, len(recs), 32):
            scores = self.vectorizer_.transform([_plain_text(r) for r in recs[start:start + 32]]) @ self.postings_
            ptr = scores.indptr
            out.extend(self._top(scores.data[ptr[i]:ptr[i + 1]], scores.indices[ptr[i]:ptr[i + 1]])
                       for i in range(scores.shape[0]))
        return out

    def add(self, rec: Any) -> Any:
        return NotImplemented  # a fitted TfidfVectorizer has no incremental update: it refits


class TantivySystem:
    """tantivy (Rust, BM25) over character bigrams from its own n-gram tokenizer; an in-RAM index, so RSS counts it.

    Documents are tokenised in Rust (``Tokenizer.ngram(2, 2)`` + lower case, over the whole text, spaces
    included); a query is tokenised by the same analyser and searched as a disjunction of its distinct bigrams.
    """

    label = "tantivy BM25, character bigrams (its ngram tokenizer), RAM index"
    batch_label = "no batch API: sequential loop"
    factory: Callable[..., Any] = gen_records.GenRecord

    def __init__(self, path: str | None = None) -> None:
        self.path = path

    def build(self, records: Sequence[Any]) -> None:
        import tantivy

        self._t = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("text", stored=False, tokenizer_name="bigram", index_option="freq")
        builder.add_unsigned_field("idx", stored=False, indexed=False, fast=True)
        self.schema_ = builder.build()
        self.index_ = tantivy.Index(self.schema_, path=self.path) if self.path else tantivy.Index(self.schema_)
        self.analyzer_ = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(2, 2, False))
                          .filter(tantivy.Filter.lowercase()).build())
        self.index_.register_tokenizer("bigram", self.analyzer_)
        writer = self.index_.writer(heap_size=400_000_000, num_threads=2)
        for k, rec in enumerate(records):
            writer.add_document(self._document(rec, k))
        writer.commit()
        writer.wait_merging_threads()
        self.index_.reload()
        self.searcher_ = self.index_.searcher()
        self.ids_ = [r.id for r in records]
        self._writer: Any = None

    def _document(self, rec: Any, k: int) -> Any:
        doc = self._t.Document()
        doc.add_text("text", _plain_text(rec))
        doc.add_unsigned("idx", k)
        return doc

    def query(self, rec: Any) -> list[str]:
        t = self._t
        terms = dict.fromkeys(self.analyzer_.analyze(_plain_text(rec)))
        q = t.Query.boolean_query([(t.Occur.Should, t.Query.term_query(self.schema_, "text", g)) for g in terms])
        hits = self.searcher_.search(q, limit=TOP_K, count=False).hits
        idx = self.searcher_.fast_field_values("idx", [addr for _, addr in hits])
        return [self.ids_[i] for i in idx]

    def batch(self, recs: Sequence[Any]) -> None:
        return None

    def add(self, rec: Any) -> Any:
        """Add one document and make it searchable (commit + reload + new searcher), as a live index must."""
        if self._writer is None:
            self._writer = self.index_.writer(heap_size=50_000_000, num_threads=1)
        self.ids_.append(rec.id)
        self._writer.add_document(self._document(rec, len(self.ids_) - 1))
        self._writer.commit()
        self.index_.reload()
        self.searcher_ = self.index_.searcher()


class EngineSystem:
    """chainmatch's ``matching.SupplyMatcher``: candidates + comparisons + explanation, as the service calls it."""

    label = "matching.SupplyMatcher (full pipeline)"
    batch_label = "SupplyMatcher.query_many"

    def __init__(self) -> None:
        from matching import ItemRecord, SupplyMatcher

        self.factory = ItemRecord
        self._cls = SupplyMatcher

    def build(self, records: Sequence[Any]) -> None:
        self.matcher_ = self._cls().fit(records)

    def query(self, rec: Any) -> list[str]:
        return [m.supply_id for m in self.matcher_.query(rec, top_k=TOP_K)]

    def batch(self, recs: Sequence[Any]) -> list[list[str]]:
        return [[m.supply_id for m in ms] for ms in self.matcher_.query_many(recs, top_k=TOP_K)]

    def add(self, rec: Any) -> Any:
        self.matcher_.add([rec])

    def dump(self, path: Path) -> None:
        with path.open("wb") as fp:
            self.matcher_.dump(fp)


def _make_system(name: str, args: argparse.Namespace) -> Any:
    if name == "baseline":
        return BaselineSystem()
    if name == "tantivy":
        return TantivySystem(args.tantivy_dir)
    if name == "engine":
        return EngineSystem()
    raise ValueError(f"unknown system {name!r}")


def run_worker(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Measure one system in this process (called in a fresh subprocess by the driver)."""
    n, seed = args.size, args.seed
    res: dict[str, Any] = {"system": name, "records": n, "queries": args.queries, "seed": seed}
    res["rss_start_gb"] = _rss_gb()
    # The machine may be shared: a load average above the core count means every timing below is inflated.
    res["loadavg_start"] = os.getloadavg()
    try:
        system = _make_system(name, args)
    except Exception as exc:  # the engine may not be importable yet: say so and let the others run
        res["error"] = f"cannot set up {name}: {type(exc).__name__}: {exc}"
        return res
    res["label"] = system.label
    res["batch_label"] = system.batch_label
    res["rss_after_import_gb"] = _rss_gb()

    t0 = time.perf_counter()
    records = list(gen_records.iter_records(n, seed, factory=system.factory))
    res["generate_s"] = time.perf_counter() - t0
    queries = gen_records.make_queries(n, args.queries, seed, factory=system.factory)
    demand = [q for q, _, _ in queries]
    golds = [g for _, g, _ in queries]
    perturbations = [p for _, _, p in queries]
    gc.collect()
    res["rss_before_fit_gb"] = _rss_gb()
    _log(f"{name}: {n:,} records generated in {res['generate_s']:.1f} s, RSS {res['rss_before_fit_gb']:.2f} GB")

    t0 = time.perf_counter()
    system.build(records)
    res["fit_s"] = time.perf_counter() - t0
    gc.collect()
    res["rss_after_fit_gb"] = _rss_gb()
    res["peak_rss_fit_gb"] = _peak_rss_gb()
    _log(f"{name}: fit {res['fit_s']:.1f} s, RSS {res['rss_after_fit_gb']:.2f} GB, peak {res['peak_rss_fit_gb']:.2f} GB")

    for rec in demand[:WARMUP]:
        system.query(rec)
    latencies: list[float] = []
    rankings: list[list[str]] = []
    t_all = time.perf_counter()
    for rec in demand:
        t0 = time.perf_counter_ns()
        ranked = system.query(rec)
        latencies.append((time.perf_counter_ns() - t0) / 1e6)
        rankings.append(ranked)
    res["single_total_s"] = time.perf_counter() - t_all
    res["p50_ms"] = _percentile(latencies, 50)
    res["p99_ms"] = _percentile(latencies, 99)
    res["mean_ms"] = sum(latencies) / len(latencies)
    res["quality"] = _quality(rankings, golds, perturbations)
    _log(f"{name}: p50 {res['p50_ms']:.2f} ms, p99 {res['p99_ms']:.2f} ms, "
         f"R@10 {res['quality']['recall_at_10']:.3f}")

    t0 = time.perf_counter()
    batch = system.batch(demand)
    if batch is None:  # no batch API: the throughput of the sequential loop above
        res["batch_qps"] = len(demand) / res["single_total_s"]
        res["batch_is_sequential"] = True
    else:
        res["batch_qps"] = len(demand) / (time.perf_counter() - t0)
        res["batch_is_sequential"] = False
        res["batch_recall_at_10"] = _quality(batch, golds, perturbations)["recall_at_10"]
    _log(f"{name}: batch {res['batch_qps']:,.0f} queries/s")

    new_records = list(gen_records.iter_records(n + args.adds, seed, start=n, factory=system.factory))
    add_ms: list[float] = []
    for rec in new_records:
        t0 = time.perf_counter_ns()
        outcome = system.add(rec)
        add_ms.append((time.perf_counter_ns() - t0) / 1e6)
        if outcome is NotImplemented:
            add_ms = []
            break
    if add_ms:
        res["add_p50_ms"] = _percentile(add_ms, 50)
        res["add_p99_ms"] = _percentile(add_ms, 99)
        # An added record must be findable: query each by its own text.
        found = sum(rec.id in system.query(rec) for rec in new_records)
        res["added_found_share"] = found / len(new_records)
        _log(f"{name}: add p50 {res['add_p50_ms']:.2f} ms, p99 {res['add_p99_ms']:.2f} ms")

    res["peak_rss_gb"] = _peak_rss_gb()
    res["rss_end_gb"] = _rss_gb()
    res["loadavg_end"] = os.getloadavg()

    if isinstance(system, EngineSystem) and args.dump_dir:
        path = Path(args.dump_dir) / f"engine_{n}.bin"
        try:
            t0 = time.perf_counter()
            system.dump(path)
            res["dump_s"] = time.perf_counter() - t0
            res["dump_bytes"] = path.stat().st_size
            res["dump_path"] = str(path)
        except Exception as exc:
            res["dump_error"] = f"{type(exc).__name__}: {exc}"
    return res


def run_load_worker(args: argparse.Namespace) -> dict[str, Any]:
    """Load a dumped engine in a fresh process: restart time and memory without a refit."""
    from matching import ItemRecord, SupplyMatcher

    res: dict[str, Any] = {"rss_start_gb": _rss_gb()}
    t0 = time.perf_counter()
    with open(args.load, "rb") as fp:
        matcher = SupplyMatcher.load(fp)
    res["load_s"] = time.perf_counter() - t0
    res["load_peak_rss_gb"] = _peak_rss_gb()
    res["load_rss_gb"] = _rss_gb()
    queries = gen_records.make_queries(args.size, min(args.queries, 200), args.seed, factory=ItemRecord)
    matcher.query(queries[0][0], top_k=TOP_K)
    lat = []
    for q, _, _ in queries:
        t0 = time.perf_counter_ns()
        matcher.query(q, top_k=TOP_K)
        lat.append((time.perf_counter_ns() - t0) / 1e6)
    res["load_p50_ms"] = _percentile(lat, 50)
    return res


# ----------------------------------------------------------------------------------------------------------------
# Driver
def _spawn(argv: list[str], timeout: float | None) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("r", suffix=".json", delete=False) as tmp:
        out = Path(tmp.name)
    cmd = [sys.executable, str(Path(__file__).resolve()), *argv, "--result", str(out)]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, timeout=timeout, cwd=BENCH_DIR.parent)
        text = out.read_text() if out.exists() else ""
        if text:
            res = json.loads(text)
        else:
            res = {"error": f"worker exited with status {proc.returncode} and no result"}
        if proc.returncode != 0 and "error" not in res:
            res["error"] = f"worker exited with status {proc.returncode}"
    except subprocess.TimeoutExpired:
        res = {"error": f"timed out after {timeout:.0f} s"}
    finally:
        out.unlink(missing_ok=True)
    res["wall_s"] = time.perf_counter() - t0
    return res


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if value >= 1000:
            return f"{value:,.0f}"
        return f"{value:.{digits}f}"
    return str(value)


def _goal_met(goal: tuple[str, float] | None, value: float | None) -> str:
    if goal is None or value is None:
        return ""
    op, target = goal
    return " ✓" if (value <= target if op == "<=" else value >= target) else " ✗"


ROWS: tuple[tuple[str, str, str, int], ...] = (
    # key, Chinese label, English label, digits
    ("fit_s", "建索引时间", "fit / index (s)", 1),
    ("peak_rss_gb", "峰值内存", "peak RSS (GB)", 2),
    ("net_rss_gb", "其中索引自身", "of which index: peak − RSS before fit (GB)", 2),
    ("p50_ms", "单条查询 p50", "one query p50 (ms)", 2),
    ("p99_ms", "单条查询 p99", "one query p99 (ms)", 2),
    ("batch_qps", "批量吞吐", "batch (queries/s)", 0),
    ("add_p50_ms", "增量添加 p50", "one add p50 (ms)", 2),
    ("add_p99_ms", "增量添加 p99", "one add p99 (ms)", 2),
    ("recall_at_10", "召回率@10", "Recall@10 (%)", 1),
    ("recall_at_1", "首位命中率", "Recall@1 (%)", 1),
    ("mrr_at_10", "MRR@10", "MRR@10 (%)", 1),
    ("recall_at_10_with_model", "召回率@10（带型号）", "Recall@10, query has a model (%)", 1),
    ("recall_at_10_missing_model", "召回率@10（缺型号）", "Recall@10, model missing (%)", 1),
)
HIGHER_IS_BETTER = {"batch_qps", "recall_at_10", "recall_at_1", "mrr_at_10", "recall_at_10_with_model",
                    "recall_at_10_missing_model"}


def _flatten(res: dict[str, Any]) -> dict[str, float | None]:
    q = res.get("quality", {})
    by = q.get("by_perturbation", {})
    flat: dict[str, float | None] = {k: res.get(k) for k, *_ in ROWS}
    if "peak_rss_gb" in res and "rss_before_fit_gb" in res:
        flat["net_rss_gb"] = res["peak_rss_gb"] - res["rss_before_fit_gb"]
    for key in ("recall_at_10", "recall_at_1", "mrr_at_10"):
        flat[key] = 100 * q[key] if key in q else None
    missing = by.get("missing_model", {})
    flat["recall_at_10_missing_model"] = 100 * missing["recall_at_10"] if missing.get("n") else None
    if q and missing.get("n") is not None:
        n_all, n_miss = q["n"], missing["n"]
        if n_all > n_miss:
            hits_all = q["recall_at_10"] * n_all
            hits_miss = missing.get("recall_at_10", 0.0) * n_miss
            flat["recall_at_10_with_model"] = 100 * (hits_all - hits_miss) / (n_all - n_miss)
    return flat


def print_table(size: int, results: dict[str, dict[str, Any]]) -> str:
    systems = list(results)
    flats = {s: _flatten(results[s]) for s in systems}
    base = flats.get("baseline")
    goals = GOALS.get(size, {})
    header = ["指标 / metric"] + [f"{s}" for s in systems] + [f"目标 goal ({size // 1_000_000}M)" if goals else "目标 goal"]
    lines = []
    for key, zh, en, digits in ROWS:
        row = [f"{zh} / {en}"]
        for s in systems:
            v = flats[s].get(key)
            cell = _fmt(v, digits)
            if v is not None and base is not None and s != "baseline" and base.get(key):
                cell += f" (×{v / base[key]:.2f})"
            if s == "engine":
                cell += _goal_met(goals.get(key), v)
            row.append(cell)
        goal = goals.get(key)
        if key == "recall_at_10":
            row.append("≥ baseline" + ("" if base is None or base.get(key) is None else f" ({base[key]:.1f})"))
        else:
            row.append(f"{'≤' if goal[0] == '<=' else '≥'} {goal[1]:g}" if goal else "")
        lines.append(row)
    widths = [max(_display_width(r[c]) for r in [header, *lines]) for c in range(len(header))]
    out = [f"\n== {size:,} 条供给记录 / supply records; {_n_queries(results)} 条需求查询 / demand queries; "
           f"括号内为与基线之比 / (×ratio) = system ÷ plain baseline, same run =="]
    for r in [header, *lines]:
        out.append(" | ".join(_pad(cell, widths[c]) for c, cell in enumerate(r)))
        if r is header:
            out.append("-|-".join("-" * w for w in widths))
    for s in systems:
        res = results[s]
        note = f"  {s}: {res.get('label', '')}"
        if res.get("batch_label"):
            note += f"; batch = {res['batch_label']}"
        if res.get("error"):
            note += f"\n    错误 / ERROR: {res['error']}"
        if "added_found_share" in res:
            note += f"; added records found by their own text: {100 * res['added_found_share']:.0f}%"
        if "dump_bytes" in res:
            note += f"; dump {res['dump_bytes'] / 1e6:,.0f} MB in {res['dump_s']:.1f} s"
        if "load_s" in res:
            note += (f"; load (fresh process) {res['load_s']:.1f} s, RSS {res['load_rss_gb']:.2f} GB, "
                     f"p50 after load {res['load_p50_ms']:.2f} ms")
        if "rss_before_fit_gb" in res:
            note += f"; RSS before fit (interpreter + records + queries) {res['rss_before_fit_gb']:.2f} GB"
        if "loadavg_start" in res:
            note += (f"; load average {res['loadavg_start'][0]:.1f} → {res.get('loadavg_end', [float('nan')])[0]:.1f}"
                     f" on {os.cpu_count()} cores")
        out.append(note)
    text = "\n".join(out)
    print(text, flush=True)
    return text


def _n_queries(results: dict[str, dict[str, Any]]) -> str:
    for res in results.values():
        if res.get("quality"):
            return f"{res['quality']['n']:,}"
    return "?"


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


def _machine() -> dict[str, Any]:
    info: dict[str, Any] = {"python": platform.python_version(), "cpus": os.cpu_count(),
                            "platform": platform.platform()}
    try:
        with open("/proc/meminfo") as fp:
            info["mem_total_gb"] = int(fp.readline().split()[1]) / 1e6
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    for pkg in ("numpy", "scipy", "scikit-learn", "tantivy", "rapidfuzz", "chainmatch"):
        try:
            info[pkg] = version(pkg)
        except PackageNotFoundError:
            info[pkg] = None
    info.update(_git_state())
    return info


def _git_state() -> dict[str, Any]:
    """The commit, and the files of matching/ changed on disk: the engine measured is what its worker imported."""
    git = ["git", "-C", str(BENCH_DIR.parent)]
    try:
        head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run([*git, "status", "--porcelain", "--", "matching"], capture_output=True, text=True)
    except OSError:
        return {}
    return {"git_head": head, "matching_uncommitted": [line[3:] for line in dirty.stdout.splitlines()]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="引擎规模基准 / engine speed and memory at scale")
    ap.add_argument("--records", default="1000000,3000000",
                    help="comma-separated supply sizes (default 1,000,000 then 3,000,000)")
    ap.add_argument("--skip-3m", action="store_true", help="drop sizes of 3,000,000 and more")
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--systems", default=",".join(SYSTEMS))
    ap.add_argument("--seed", type=int, default=gen_records.DEFAULT_SEED)
    ap.add_argument("--adds", type=int, default=200, help="incremental adds to time")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per system and size")
    ap.add_argument("--tantivy-dir", default=None, help="on-disk tantivy index folder (default: in RAM)")
    ap.add_argument("--no-dump", action="store_true", help="skip the engine's dump / load-in-a-fresh-process step")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    # internal: worker mode
    ap.add_argument("--worker", choices=SYSTEMS, help=argparse.SUPPRESS)
    ap.add_argument("--load", help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--dump-dir", help=argparse.SUPPRESS)
    ap.add_argument("--result", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker or args.load:
        try:
            res = run_load_worker(args) if args.load else run_worker(args.worker, args)
        except Exception as exc:
            traceback.print_exc()
            res = {"error": f"{type(exc).__name__}: {exc}", "peak_rss_gb": _peak_rss_gb()}
        Path(args.result).write_text(json.dumps(res, ensure_ascii=False))
        return 0

    sizes = [int(s.replace("_", "")) for s in args.records.split(",") if s.strip()]
    if args.skip_3m:
        sizes = [s for s in sizes if s < 3_000_000]
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    for s in systems:
        if s not in SYSTEMS:
            ap.error(f"unknown system {s!r}; choose from {', '.join(SYSTEMS)}")
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")

    for size in sizes:
        results: dict[str, dict[str, Any]] = {}
        with tempfile.TemporaryDirectory(prefix="engine_scale_") as dump_dir:
            for system in systems:
                print(f"-- {system} @ {size:,} records", file=sys.stderr, flush=True)
                common = ["--size", str(size), "--queries", str(args.queries), "--seed", str(args.seed),
                          "--adds", str(args.adds)]
                worker_argv = ["--worker", system, *common]
                if args.tantivy_dir:
                    worker_argv += ["--tantivy-dir", args.tantivy_dir]
                if system == "engine" and not args.no_dump:
                    worker_argv += ["--dump-dir", dump_dir]
                state = _git_state()
                res = _spawn(worker_argv, args.timeout)
                res.update(state)
                if res.get("dump_path"):
                    loaded = _spawn(["--load", res["dump_path"], *common], args.timeout)
                    res.update({k: v for k, v in loaded.items() if k.startswith("load")})
                    if loaded.get("error"):
                        res["load_error"] = loaded["error"]
                if res.get("error"):
                    print(f"   {system}: 错误 / ERROR: {res['error']}", file=sys.stderr, flush=True)
                results[system] = res
        table = print_table(size, results)
        path = args.out / f"engine_scale_{size}_{stamp}.json"
        path.write_text(json.dumps({"date": datetime.now().isoformat(timespec="seconds"), "size": size,
                                    "queries": args.queries, "seed": args.seed, "machine": _machine(),
                                    "goals": GOALS.get(size), "results": results, "table": table},
                                   ensure_ascii=False, indent=2))
        print(f"已写入 / written: {path}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
