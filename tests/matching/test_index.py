"""The compiled candidate search is an acceleration of the sparse product, not a new rule: the same rows and the
same scores, with removed rows left out and added (delta) rows found. (Forced with search="compiled": these
indexes are small enough for "auto" to run the uncompiled search, which tests/matching/test_search_paths.py checks.)"""

from __future__ import annotations

import threading

import numpy as np
import pytest
from scipy import sparse

from matching import index as index_module
from matching.index import PostingIndex

N_FEATURES = 400


def _documents(rng: np.random.Generator, n_rows: int) -> sparse.csr_matrix:
    """Rows with a skewed feature distribution: a few features in most rows (lists long enough for the search to
    prune), many rare ones; weights in BM25's range."""
    features_per_row = rng.integers(3, 30, size=n_rows)
    rows = np.repeat(np.arange(n_rows), features_per_row)
    features = np.minimum(rng.zipf(1.3, size=len(rows)) - 1, N_FEATURES - 1)
    weights = rng.uniform(0.1, 2.2, size=len(rows)).astype(np.float32)
    matrix = sparse.csr_matrix((weights, (rows, features)), shape=(n_rows, N_FEATURES), dtype=np.float32)
    matrix.sum_duplicates()
    return matrix


def _queries(rng: np.random.Generator, documents: sparse.csr_matrix, n_queries: int) -> sparse.csr_matrix:
    """Queries made from indexed rows (so they have near duplicates) plus a few random features each."""
    picked = documents[rng.integers(0, documents.shape[0], size=n_queries)].tocoo()
    extra_rows = np.repeat(np.arange(n_queries), 5)
    rows = np.concatenate([picked.row, extra_rows])
    features = np.concatenate([picked.col, rng.integers(0, N_FEATURES, size=len(extra_rows))])
    weights = rng.uniform(0.05, 5.0, size=len(rows)).astype(np.float32)
    queries = sparse.csr_matrix((weights, (rows, features)), shape=(n_queries, N_FEATURES), dtype=np.float32)
    queries.sum_duplicates()
    return queries


def _reference(index: PostingIndex, queries: sparse.csr_matrix, k: int) -> list[dict[int, float]]:
    """Every alive row's score from the scipy product, per query."""
    scores = index.scores(queries)
    out = []
    for i in range(queries.shape[0]):
        row = scores.getrow(i)
        out.append({int(r): float(v) for r, v in zip(row.indices, row.data, strict=True) if index.alive[r] and v > 0})
    return out


def _assert_same_top(index: PostingIndex, queries: sparse.csr_matrix, k: int) -> None:
    rows, scores, counts = index.top_rows(queries, k)
    for i, expected in enumerate(_reference(index, queries, k)):
        got_rows, got_scores = rows[i, : counts[i]], scores[i, : counts[i]]
        assert counts[i] == min(k, len(expected))
        assert len(set(got_rows.tolist())) == counts[i]
        # Each row's score is the product's, bit for bit, and no row left out scores above a row taken.
        for row, score in zip(got_rows.tolist(), got_scores.tolist(), strict=True):
            assert row in expected and score == expected[row]
        best = sorted(expected.values(), reverse=True)[: counts[i]]
        assert sorted(got_scores.tolist(), reverse=True) == best


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_top_rows_equal_the_sparse_product(seed: int) -> None:
    rng = np.random.default_rng(seed)
    documents = _documents(rng, 6000)
    index = PostingIndex(N_FEATURES, search="compiled")
    index.build(documents)
    assert np.diff(index.postings.indptr).max() > 2000  # long lists: the pruned path runs
    queries = _queries(rng, documents, 60)
    for k in (1, 10, 100, 7000):
        _assert_same_top(index, queries, k)


def test_removed_rows_are_left_out_and_added_rows_found() -> None:
    rng = np.random.default_rng(7)
    documents = _documents(rng, 5000)
    index = PostingIndex(N_FEATURES, search="compiled")
    index.build(documents)
    added = _documents(rng, 300)
    index.append(added[:200])
    index.remove(rng.choice(5000, size=400, replace=False))
    index.remove(np.arange(5000, 5050))  # delta rows removed too
    index.append(added[200:])
    queries = sparse.vstack([_queries(rng, documents, 30), _queries(rng, added, 30)], format="csr")
    for k in (5, 100):
        _assert_same_top(index, queries, k)
    rows, _, counts = index.top_rows(queries, 100)
    found = {int(r) for i in range(len(counts)) for r in rows[i, : counts[i]]}
    assert not found & set(np.flatnonzero(~index.alive).tolist())
    assert found & set(range(5050, 5300))  # added rows are candidates
    index.compact()
    _assert_same_top(index, queries, 100)


def test_an_empty_query_and_an_empty_index_find_nothing() -> None:
    index = PostingIndex(N_FEATURES, search="compiled")
    index.build(sparse.csr_matrix((0, N_FEATURES), dtype=np.float32))
    queries = sparse.csr_matrix(([1.0], ([0], [3])), shape=(2, N_FEATURES), dtype=np.float32)
    _, _, counts = index.top_rows(queries, 10)
    assert counts.tolist() == [0, 0]


def test_parallel_searches_agree_with_one_at_a_time() -> None:
    rng = np.random.default_rng(3)
    documents = _documents(rng, 4000)
    index = PostingIndex(N_FEATURES, search="compiled")
    index.build(documents)
    index.append(_documents(rng, 50))
    queries = _queries(rng, documents, 40)
    expected = index.top_rows(queries, 20)
    results: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def search() -> None:
        for _ in range(5):
            results.append(index.top_rows(queries, 20))

    threads = [threading.Thread(target=search) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 20
    for got in results:
        for a, b in zip(got, expected, strict=True):
            assert np.array_equal(a, b)


def test_n_alive_follows_adds_and_removals() -> None:
    rng = np.random.default_rng(5)
    index = PostingIndex(N_FEATURES, search="compiled")
    index.build(_documents(rng, 100))
    index.append(_documents(rng, 10))
    index.remove(np.array([3, 3, 105, 200 - 1 - 90]))
    assert index.n_alive == int(np.count_nonzero(index.alive)) == 107


def test_postings_built_from_blocks_are_the_transposed_rows() -> None:
    rng = np.random.default_rng(11)
    documents = _documents(rng, 3000)
    documents.data[::17] = 0  # explicit zeros are not postings
    index = PostingIndex(N_FEATURES, search="compiled")
    blocks = [documents[:1000], documents[1000:1001], documents[1001:1001], documents[1001:]]
    index.build(blocks)
    assert blocks == []  # consumed as indexed
    expected = documents.T.tocsr()
    expected.eliminate_zeros()
    expected.sort_indices()
    assert index.postings.shape == expected.shape
    assert np.array_equal(index.postings.indptr, expected.indptr)
    assert np.array_equal(index.postings.indices, expected.indices)
    assert np.array_equal(index.postings.data, expected.data)
    assert np.array_equal(index.df, np.diff(expected.indptr))


def test_self_scores_from_the_postings_equal_the_row_sums() -> None:
    rng = np.random.default_rng(12)
    documents = _documents(rng, 2000)
    index = PostingIndex(N_FEATURES, search="compiled")
    index.build(documents)
    idf = rng.uniform(0.1, 12.0, size=N_FEATURES).astype(np.float32)
    squared = idf[documents.indices]
    squared *= documents.data
    squared *= documents.data
    rows = sparse.csr_matrix((squared, documents.indices, documents.indptr), shape=documents.shape)
    # numpy sums a row pairwise, the postings add it up in feature order: the same up to float rounding.
    expected = np.asarray(rows.sum(axis=1), dtype=np.float32).ravel()
    np.testing.assert_allclose(index.self_scores(idf), expected, rtol=1e-6)


def test_common_features_looked_up_for_the_few_rows_in_the_running_score_as_in_the_product() -> None:
    # Rows share a few very common features (lists of ~all rows) and hold rare ones: after the rare lists, a handful
    # of rows can still win, and the common lists are searched for those rows instead of walked.
    rng = np.random.default_rng(13)
    n_rows = 30_000
    common = sparse.csr_matrix(
        (rng.uniform(0.1, 1.0, size=n_rows * 3).astype(np.float32),
         (np.repeat(np.arange(n_rows), 3), np.tile([0, 1, 2], n_rows))),
        shape=(n_rows, N_FEATURES),
    )
    rare_features = rng.integers(10, N_FEATURES, size=(n_rows, 4))
    rare = sparse.csr_matrix(
        (rng.uniform(0.5, 2.0, size=n_rows * 4).astype(np.float32), (np.repeat(np.arange(n_rows), 4), rare_features.ravel())),
        shape=(n_rows, N_FEATURES),
    )
    documents = (common + rare).tocsr()
    documents.sum_duplicates()
    index = PostingIndex(N_FEATURES, search="compiled")
    index.build(documents)
    index.remove(rng.choice(n_rows, size=500, replace=False))
    picked = rng.integers(0, n_rows, size=20)
    queries = sparse.csr_matrix(
        (np.concatenate([np.full(60, 0.3, dtype=np.float32), np.full(80, 6.0, dtype=np.float32)]),
         (np.concatenate([np.repeat(np.arange(20), 3), np.repeat(np.arange(20), 4)]),
          np.concatenate([np.tile([0, 1, 2], 20), rare_features[picked].ravel()]))),
        shape=(20, N_FEATURES),
    )
    queries.sum_duplicates()
    for k in (3, 10, 100):
        _assert_same_top(index, queries, k)


def test_a_batch_split_between_threads_equals_one_query_at_a_time(monkeypatch) -> None:
    rng = np.random.default_rng(17)
    documents = _documents(rng, 5000)
    index = PostingIndex(N_FEATURES, search="compiled")
    index.build(documents)
    index.append(_documents(rng, 40))
    queries = _queries(rng, documents, 50)
    monkeypatch.setattr(index_module, "_N_CPUS", 3)  # three parts, whatever this machine has
    rows, scores, counts = index.top_rows(queries, 30)
    for i in range(queries.shape[0]):
        one_rows, one_scores, one_counts = index.top_rows(queries[i], 30)
        assert counts[i] == one_counts[0]
        assert np.array_equal(rows[i], one_rows[0]) and np.array_equal(scores[i], one_scores[0])
