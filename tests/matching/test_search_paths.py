"""The uncompiled candidate search (numpy and scipy) is the compiled one without the compiling: the same postings,
the same rows in the same order and the same scores bit for bit, on random data and on the zh_bench lists; "auto"
picks it up to UNCOMPILED_MAX_ROWS rows and switches to the compiled one beyond, compiled in the background while
queries go on; a saved matcher keeps its choice."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from matching import ItemRecord, SupplyMatcher
from matching import index as index_module
from matching.index import PostingIndex

N_FEATURES = 400
ZH_BENCH = Path(__file__).resolve().parents[1] / "data" / "zh_bench"


def _documents(rng: np.random.Generator, n_rows: int) -> sparse.csr_matrix:
    """Skewed features (a few in most rows, so the compiled search prunes), BM25-range weights."""
    features_per_row = rng.integers(3, 30, size=n_rows)
    rows = np.repeat(np.arange(n_rows), features_per_row)
    features = np.minimum(rng.zipf(1.3, size=len(rows)) - 1, N_FEATURES - 1)
    weights = rng.uniform(0.1, 2.2, size=len(rows)).astype(np.float32)
    matrix = sparse.csr_matrix((weights, (rows, features)), shape=(n_rows, N_FEATURES), dtype=np.float32)
    matrix.sum_duplicates()
    return matrix


def _queries(rng: np.random.Generator, documents: sparse.csr_matrix, n_queries: int) -> sparse.csr_matrix:
    picked = documents[rng.integers(0, documents.shape[0], size=n_queries)].tocoo()
    extra_rows = np.repeat(np.arange(n_queries), 5)
    rows = np.concatenate([picked.row, extra_rows])
    features = np.concatenate([picked.col, rng.integers(0, N_FEATURES, size=len(extra_rows))])
    # Weights on a coarse grid: many rows tie, so the order among equal scores is compared too.
    weights = (rng.integers(1, 8, size=len(rows)) / 4).astype(np.float32)
    queries = sparse.csr_matrix((weights, (rows, features)), shape=(n_queries, N_FEATURES), dtype=np.float32)
    queries.sum_duplicates()
    return queries


def _pair(documents: sparse.csr_matrix) -> tuple[PostingIndex, PostingIndex]:
    compiled = PostingIndex(N_FEATURES, search="compiled")
    uncompiled = PostingIndex(N_FEATURES, search="uncompiled")
    compiled.build(documents.copy())
    uncompiled.build(documents.copy())
    assert (compiled.search_path, uncompiled.search_path) == ("compiled", "uncompiled")
    return compiled, uncompiled


def _assert_same_search(a: PostingIndex, b: PostingIndex, queries: sparse.csr_matrix, ks=(1, 10, 100, 10_000)) -> None:
    for k in ks:
        for got, expected in zip(a.top_rows(queries, k), b.top_rows(queries, k), strict=True):
            assert got.dtype == expected.dtype and np.array_equal(got, expected)
    rows = np.flatnonzero(a.alive)[::7]
    for i in range(min(queries.shape[0], 10)):
        assert np.array_equal(a.row_scores(queries[i], rows), b.row_scores(queries[i], rows))


def _assert_same_postings(a: PostingIndex, b: PostingIndex) -> None:
    for name in ("indptr", "indices", "data"):
        x, y = getattr(a.postings, name), getattr(b.postings, name)
        assert x.dtype == y.dtype and np.array_equal(x, y)
    assert np.array_equal(a.df, b.df) and np.array_equal(a.alive, b.alive)


@pytest.mark.parametrize("seed", [0, 1])
def test_both_searches_build_and_rank_identically_on_random_data(seed: int) -> None:
    rng = np.random.default_rng(seed)
    documents = _documents(rng, 6000)
    documents.data[::23] = 0  # explicit zeros are not postings, for either build
    compiled, uncompiled = _pair(documents)
    _assert_same_postings(compiled, uncompiled)
    idf = rng.uniform(0.1, 12.0, size=N_FEATURES).astype(np.float32)
    assert np.array_equal(compiled.self_scores(idf), uncompiled.self_scores(idf))  # the same floats, not close ones
    _assert_same_search(compiled, uncompiled, _queries(rng, documents, 60))


def test_both_searches_build_an_empty_index_and_find_nothing_in_it() -> None:
    queries = sparse.csr_matrix(([1.0], ([0], [3])), shape=(2, N_FEATURES), dtype=np.float32)
    for search in ("compiled", "uncompiled"):
        for documents in ([], sparse.csr_matrix((0, N_FEATURES), dtype=np.float32)):
            index = PostingIndex(N_FEATURES, search=search)
            index.build(documents)
            assert index.n_rows == 0 and index.postings.shape == (N_FEATURES, 0)
            assert index.top_rows(queries, 10)[2].tolist() == [0, 0]
    assert SupplyMatcher(search="uncompiled").fit([]).query(ItemRecord("q", "伺服电机")) == []


def test_both_searches_agree_after_adds_removals_and_compaction() -> None:
    rng = np.random.default_rng(7)
    documents, added = _documents(rng, 5000), _documents(rng, 300)
    compiled, uncompiled = _pair(documents)
    removed = rng.choice(5000, size=400, replace=False)
    for index in (compiled, uncompiled):
        index.append(added[:200])
        index.remove(removed)
        index.remove(np.arange(5000, 5050))
        index.append(added[200:])
    queries = sparse.vstack([_queries(rng, documents, 30), _queries(rng, added, 30)], format="csr")
    _assert_same_search(compiled, uncompiled, queries)
    compiled.compact()
    uncompiled.compact()
    _assert_same_postings(compiled, uncompiled)
    _assert_same_search(compiled, uncompiled, queries)


def _zh_bench(name: str) -> list[ItemRecord]:
    records = []
    for line in (ZH_BENCH / name).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        records.append(ItemRecord(row["id"], row.get("name") or "", row.get("description") or "",
                                  part_numbers=tuple(p for p in [row.get("model")] if p), brand=row.get("brand") or "",
                                  category=row.get("category")))
    return records


def test_matchers_on_the_zh_bench_lists_give_the_same_results_either_way() -> None:
    supply, demand = _zh_bench("supply.jsonl"), _zh_bench("demand.jsonl")
    compiled = SupplyMatcher(search="compiled").fit(supply)
    uncompiled = SupplyMatcher(search="uncompiled").fit(supply)
    assert np.array_equal(compiled.doc_norms_, uncompiled.doc_norms_)
    for matcher in (compiled, uncompiled):  # rows added after the fit are searched in the delta
        matcher.add([ItemRecord("extra-1", "伺服电机 SM-400 750W", part_numbers=("SM-400",), category="component"),
                     ItemRecord("extra-2", "球阀 Q41F-16P DN80 法兰", category="component")])
        matcher.remove(["S00002", "S00010"])
    results = compiled.query_many(demand, top_k=20), uncompiled.query_many(demand, top_k=20)
    assert sum(map(len, results[0])) > 1000  # the lists do match: this compares rankings, not empty answers
    for got, expected in zip(*results, strict=True):
        assert [(m.supply_id, m.score, m.probability) for m in got] == \
            [(m.supply_id, m.score, m.probability) for m in expected]
        assert [m.contributions for m in got] == [m.contributions for m in expected]


def test_auto_runs_uncompiled_up_to_the_limit_and_compiled_beyond(monkeypatch) -> None:
    monkeypatch.setattr(index_module, "UNCOMPILED_MAX_ROWS", 500)
    rng = np.random.default_rng(3)
    at_limit = PostingIndex(N_FEATURES)
    at_limit.build(_documents(rng, 500))
    assert at_limit.search_path == "uncompiled"
    beyond = PostingIndex(N_FEATURES)
    beyond.build(_documents(rng, 501))  # built beyond the limit: compiled before its first query
    assert beyond.search_path == "compiled"
    assert PostingIndex(N_FEATURES, search="uncompiled").search == "uncompiled"
    with pytest.raises(ValueError, match="search must be one of"):
        PostingIndex(N_FEATURES, search="fast")


def test_an_index_growing_past_the_limit_compiles_in_the_background_and_answers_meanwhile(monkeypatch) -> None:
    monkeypatch.setattr(index_module, "UNCOMPILED_MAX_ROWS", 500)
    release, started = threading.Event(), threading.Event()
    real = index_module._compiled_kernels

    def slow_compile():
        started.set()
        assert release.wait(60)
        return real()

    monkeypatch.setattr(index_module, "_compiled_kernels", slow_compile)
    rng = np.random.default_rng(4)
    documents = _documents(rng, 480)
    index = PostingIndex(N_FEATURES)
    index.build(documents)
    reference = PostingIndex(N_FEATURES, search="uncompiled")
    reference.build(documents.copy())
    queries = _queries(rng, documents, 20)
    assert index.search_path == "uncompiled"
    added = _documents(rng, 40)
    index.append(added[:20])  # 500 rows: at the limit, nothing to compile
    assert not started.is_set() and index.search_path == "uncompiled"
    index.append(added[20:])
    reference.append(added)
    # Past the limit: the compiling starts in the background and queries are answered meanwhile, uncompiled.
    assert started.wait(60)
    got = index.top_rows(queries, 10)
    assert index.search_path == "uncompiled"
    assert all(np.array_equal(a, b) for a, b in zip(got, reference.top_rows(queries, 10), strict=True))
    release.set()
    assert index.wait_for_compiled_search(timeout=120)
    assert index.search_path == "compiled"
    _assert_same_search(index, reference, queries, ks=(10,))


def test_compile_search_switches_a_small_index_and_a_matcher() -> None:
    matcher = SupplyMatcher().fit([ItemRecord("1", "伺服电机 SM-400"), ItemRecord("2", "步进电机 57mm")])
    assert matcher.index_.search_path == "uncompiled"
    before = matcher.query(ItemRecord("q", "伺服电机"))
    assert matcher.compile_search() is matcher and matcher.index_.search_path == "compiled"
    assert matcher.query(ItemRecord("q", "伺服电机")) == before


@pytest.mark.parametrize("search", ["auto", "compiled", "uncompiled"])
def test_a_saved_matcher_keeps_its_search(search: str) -> None:
    matcher = SupplyMatcher(search=search).fit([ItemRecord("1", "伺服电机 SM-400"), ItemRecord("2", "步进电机 57mm")])
    loaded = SupplyMatcher.load(io.BytesIO(matcher.dumps()))
    assert loaded.search == search and loaded.get_params() == matcher.get_params()
    assert loaded.index_.search_path == ("compiled" if search == "compiled" else "uncompiled")
    assert loaded.query(ItemRecord("q", "伺服电机")) == matcher.query(ItemRecord("q", "伺服电机"))


def test_a_small_matcher_fits_and_answers_without_importing_numba() -> None:
    script = ("import sys; from matching import ItemRecord, SupplyMatcher; "
              "m = SupplyMatcher().fit([ItemRecord('1', '伺服电机 SM-400'), ItemRecord('2', '步进电机')]); "
              "assert m.query(ItemRecord('q', '伺服电机'))[0].supply_id == '1'; "
              "print(sorted({n.split('.')[0] for n in sys.modules} & {'numba', 'llvmlite', 'scipy'}))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["['scipy']"]  # scipy is used; numba is not even imported
