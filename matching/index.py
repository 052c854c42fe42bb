"""The sparse candidate index: BM25F-weighted hashed features, stored as postings (feature → supply rows).

Postings are a CSR matrix of shape (features × rows), so a query touches only its own features' lists, which a
compiled loop (numba, :mod:`matching.kernels`) adds up into a dense per-row score buffer before keeping the best
rows. Compiling those loops costs 10–20 s of one core the first time a machine runs them, so a small index
(at most :data:`UNCOMPILED_MAX_ROWS` rows) searches with numpy and scipy instead — the same rows and the same
floats — and switches to the compiled loops, compiled in a background thread, once it grows past that. Rows
added after the fit go to a small delta matrix (rows × features) that is searched beside the postings and merged
into them by :meth:`PostingIndex.compact`; removed rows are masked at once and dropped from the postings at the
next compaction. Document frequencies are kept per hashed feature and follow additions and removals exactly, so
an updated index differs from a refit only by the BM25 average lengths fixed at the fit.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType

import numpy as np
from scipy import sparse

logger = logging.getLogger(__name__)

SEARCH_MODES = ("auto", "compiled", "uncompiled")
# Up to this many rows the numpy/scipy search answers a query in a few milliseconds, so "auto" spares the compiling
# (a first start of the demo, a test, a small catalogue); beyond it the compiled search is worth its seconds.
UNCOMPILED_MAX_ROWS = 10_000


def bm25_idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Robertson–Spärck Jones IDF, always positive."""
    df = df.astype(np.float32)
    return np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)


class PostingIndex:
    """Postings for the fitted rows plus a delta for rows added later; rows are never renumbered.

    ``search`` chooses how queries are answered: ``"compiled"`` (the numba loops), ``"uncompiled"`` (numpy and scipy)
    or ``"auto"``: uncompiled while the index has at most :data:`UNCOMPILED_MAX_ROWS` rows, compiled beyond — at
    once for an index built that large, in a background thread for one that grows past it (queries meanwhile
    keep the uncompiled search). Both give the same rows and the same scores, bit for bit.
    """

    def __init__(self, n_features: int, *, search: str = "auto") -> None:
        if search not in SEARCH_MODES:
            raise ValueError(f"search must be one of {SEARCH_MODES}, not {search!r}")
        self.n_features = n_features
        self.search = search
        # Whether queries run the compiled loops: switched on once (compile_search), never off.
        self._compiled = False
        self._compiling: threading.Thread | None = None
        self._compiling_lock = threading.Lock()
        self.postings = sparse.csr_matrix((n_features, 0), dtype=np.float32)
        self.delta_rows: list[sparse.csr_matrix] = []
        self.delta_row_ids: list[int] = []
        # The delta stacked as one matrix, with its row ids: built lazily by queries, which may run in parallel.
        self._delta_stack: tuple[sparse.csr_matrix, np.ndarray] | None = None
        self._delta_stack_lock = threading.Lock()
        self.df = np.zeros(n_features, dtype=np.int32)
        self.alive = np.zeros(0, dtype=bool)
        # Score buffers of the compiled search (a dense float per row, and the rows touched), one per query running
        # at a time: they are zeroed again by the search itself, so each is allocated once, not per query.
        self._buffers: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self._buffers_lock = threading.Lock()

    @property
    def postings(self) -> sparse.csr_matrix:
        return self._postings

    @postings.setter
    def postings(self, postings: sparse.csr_matrix) -> None:
        # The highest weight in each feature's list bounds what that feature can add to a row; removals only zero
        # weights, so it stays an upper bound until the postings are replaced.
        self._postings = postings
        self._max_impact = np.zeros(postings.shape[0], dtype=np.float32)
        nonempty = np.flatnonzero(np.diff(postings.indptr))
        if len(nonempty):
            self._max_impact[nonempty] = np.maximum.reduceat(postings.data, postings.indptr[nonempty])

    @property
    def alive(self) -> np.ndarray:
        return self._alive

    @alive.setter
    def alive(self, alive: np.ndarray) -> None:
        # Counted once per change: every query needs the count (for the IDF), and at a million rows counting costs
        # tens of microseconds each time.
        self._alive = alive
        self._n_alive = int(np.count_nonzero(alive))

    # ── building ────────────────────────────────────────────────────────────────────────────────────────────
    def build(self, documents: sparse.csr_matrix | list[sparse.csr_matrix]) -> None:
        """Index ``documents`` (rows × features, BM25-weighted) as rows 0..n-1; or a list of such row blocks, one
        after the other, which is emptied as they are indexed (the blocks and the postings are not all held at once).
        """
        blocks = documents if isinstance(documents, list) else [documents]
        blocks[:] = [b.tocsr() for b in blocks]
        n_rows = sum(b.shape[0] for b in blocks)
        if self.search == "auto" and n_rows > UNCOMPILED_MAX_ROWS:
            self.compile_search()  # built this large: the compiled search from the first query on
        kernels = self._kernels()
        if kernels is None:
            self._build_uncompiled(blocks, n_rows)
            return
        # Two compiled passes instead of scipy's transpose, sort and copy: count each feature's postings, then place
        # every entry at its feature's next free slot. Rows arrive in order, so every list comes out sorted.
        df = np.zeros(self.n_features, dtype=np.int64)
        for block in blocks:
            kernels.count_features(block.indices, block.data, df)
        indptr = np.zeros(self.n_features + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        nnz = int(indptr[-1])
        index_type = np.int32 if max(nnz, n_rows) < np.iinfo(np.int32).max else np.int64
        indices = np.empty(nnz, dtype=index_type)
        data = np.empty(nnz, dtype=np.float32)
        free = indptr[:-1].copy()
        first = 0
        while blocks:
            block = blocks.pop(0)
            kernels.place_rows(block.indptr, block.indices, block.data, first, free, indices, data)
            first += block.shape[0]
            del block
        del free
        self._install(data, indices, indptr.astype(index_type), df, n_rows)

    def _build_uncompiled(self, blocks: list[sparse.csr_matrix], n_rows: int) -> None:
        """What :meth:`build` makes, by scipy's transpose: the same postings, in the same order."""
        if len(blocks) == 1:
            matrix = blocks[0].copy()
        elif blocks:
            matrix = sparse.vstack(blocks, format="csr")
        else:
            matrix = sparse.csr_matrix((0, self.n_features), dtype=np.float32)
        blocks.clear()
        matrix.resize((n_rows, self.n_features))
        matrix.eliminate_zeros()  # explicit zeros are not postings
        by_feature = matrix.T.tocsr()  # each feature's rows in increasing order
        by_feature.sort_indices()
        nnz = by_feature.nnz
        index_type = np.int32 if max(nnz, n_rows) < np.iinfo(np.int32).max else np.int64
        self._install(by_feature.data.astype(np.float32), by_feature.indices.astype(index_type),
                      by_feature.indptr.astype(index_type), np.diff(by_feature.indptr), n_rows)

    def _install(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, df: np.ndarray, n_rows: int) -> None:
        self.postings = sparse.csr_matrix((data, indices, indptr), shape=(self.n_features, n_rows), copy=False)
        self.postings.has_sorted_indices = True
        self.df = df.astype(np.int32)
        self.alive = np.ones(n_rows, dtype=bool)
        self.delta_rows, self.delta_row_ids = [], []
        self._delta_stack = None

    def self_scores(self, idf: np.ndarray) -> np.ndarray:
        """What each fitted row would score against itself as a query, given each feature's IDF: Σ idf·w² over its
        entries (summed in feature order, in float32)."""
        postings = self.postings
        idf = idf.astype(np.float32, copy=False)
        out = np.zeros(postings.shape[1], dtype=np.float32)
        kernels = self._kernels()
        if kernels is not None:
            kernels.self_scores(postings.indptr, postings.indices, postings.data, idf, out)
            return out
        # The same float32 sums in the same order: each entry's idf·w·w, then a row's entries added one feature at
        # a time — the j-th entry of every row that has one, for j = 0, 1, … (rows sorted by length, longest first).
        by_row = postings.T.tocsr()  # each row's entries in feature order
        by_row.sort_indices()
        squared = idf[by_row.indices] * by_row.data
        squared *= by_row.data
        lengths = np.diff(by_row.indptr)
        order = np.argsort(-lengths, kind="stable")
        longest_first = lengths[order]
        starts = by_row.indptr[:-1][order]
        for j in range(int(longest_first[0]) if len(order) else 0):
            n = int(np.searchsorted(-longest_first, -j, side="left"))  # rows with more than j entries
            out[order[:n]] += squared[starts[:n] + j]
        return out

    @property
    def n_rows(self) -> int:
        return len(self.alive)

    @property
    def n_alive(self) -> int:
        return self._n_alive

    def append(self, documents: sparse.csr_matrix) -> np.ndarray:
        """Add rows at the end (no refit); returns their row numbers."""
        documents = documents.tocsr().astype(np.float32)
        first = self.n_rows
        rows = np.arange(first, first + documents.shape[0], dtype=np.int64)
        self.alive = grow(self.alive, np.ones(len(rows), dtype=bool))  # recounted by the setter
        for offset in range(documents.shape[0]):
            self.delta_rows.append(documents[offset])
            self.delta_row_ids.append(int(rows[offset]))
        np.add.at(self.df, documents.indices, 1)
        if self.search == "auto" and not self._compiled and self.n_rows > UNCOMPILED_MAX_ROWS:
            self._compile_in_background()  # grown past the limit: queries stay uncompiled until it is done
        return rows

    def remove(self, rows: np.ndarray) -> None:
        rows = np.asarray(rows, dtype=np.int64)
        rows = rows[self.alive[rows]]
        if not len(rows):
            return
        self._alive[rows] = False
        self._n_alive -= len(np.unique(rows))
        fitted = rows[rows < self.postings.shape[1]]
        if len(fitted):
            # One vectorised pass over the postings finds the removed rows' entries: their features' document
            # frequencies drop now (IDF stays exact) and their weights are zeroed until the next compaction.
            if len(fitted) == 1:
                positions = np.flatnonzero(self.postings.indices == fitted[0])
            else:
                positions = np.flatnonzero(np.isin(self.postings.indices, fitted))
            features = np.searchsorted(self.postings.indptr, positions, side="right") - 1
            np.subtract.at(self.df, features[self.postings.data[positions] != 0], 1)
            self.postings.data[positions] = 0.0
        in_delta = set(rows.tolist())
        for position, row in enumerate(self.delta_row_ids):
            if row in in_delta:
                np.subtract.at(self.df, self.delta_rows[position].indices, 1)
        keep = [i for i, row in enumerate(self.delta_row_ids) if row not in in_delta]
        self.delta_rows = [self.delta_rows[i] for i in keep]
        self.delta_row_ids = [self.delta_row_ids[i] for i in keep]
        self._delta_stack = None

    def compact(self) -> None:
        """Merge the delta into the postings and drop removed rows' postings; the IDF becomes exact again."""
        n = self.n_rows
        by_row = self.postings.T.tocsr()
        by_row.resize((n, self.n_features))
        if self.delta_rows:
            delta = sparse.vstack(self.delta_rows, format="csr")
            placed = sparse.csr_matrix(
                (delta.data, delta.indices, delta.indptr), shape=(delta.shape[0], self.n_features)
            )
            scatter = sparse.csr_matrix(
                (np.ones(len(self.delta_row_ids), dtype=np.float32), (self.delta_row_ids, np.arange(len(self.delta_row_ids)))),
                shape=(n, len(self.delta_row_ids)),
            )
            by_row = (by_row + scatter @ placed).tocsr()
        keep = sparse.diags(self.alive.astype(np.float32))
        by_row = (keep @ by_row).tocsr()
        by_row.eliminate_zeros()
        alive = self.alive
        self.build(by_row)
        self.alive = alive

    # ── searching ───────────────────────────────────────────────────────────────────────────────────────────
    def row_scores(self, query: sparse.csr_matrix, rows: np.ndarray) -> np.ndarray:
        """Dot products of one query row with the given rows only (what :meth:`scores` gives for them): for the few
        rows stage 1 adds because they share a part number, not because their text scored."""
        rows = np.asarray(rows, dtype=np.int64)
        out = np.zeros(len(rows), dtype=np.float32)
        if not len(rows) or not query.nnz:
            return out
        postings = self.postings
        fitted = rows < postings.shape[1]
        if fitted.any():
            wanted = rows[fitted]
            order = np.argsort(wanted)
            sorted_rows = wanted[order]
            q_indices, q_data = query.indices.astype(np.int64), query.data.astype(np.float32)
            kernels = self._kernels()
            if kernels is not None:
                acc = kernels.row_dot(q_indices, q_data, postings.indptr, postings.indices, postings.data, sorted_rows)
            else:
                # The query's features' lists at these rows, added up in the query's feature order as the loop does.
                block = postings[q_indices][:, sorted_rows].toarray()
                acc = np.zeros(len(sorted_rows), dtype=np.float32)
                for weight, line in zip(q_data, block, strict=True):
                    acc += weight * line
            result = np.empty_like(acc)
            result[order] = acc
            out[fitted] = result
        delta, delta_ids = self._delta_matrix()
        if delta is not None and (~fitted).any():
            position = {int(r): k for k, r in enumerate(delta_ids.tolist())}
            dense = np.zeros(self.n_features, dtype=np.float32)
            dense[query.indices] = query.data
            for j in np.flatnonzero(~fitted).tolist():
                k = position.get(int(rows[j]))
                if k is not None:
                    row = delta[k]
                    out[j] = float(np.dot(row.data, dense[row.indices]))
        return out

    def _delta_matrix(self) -> tuple[sparse.csr_matrix | None, np.ndarray]:
        n = len(self.delta_rows)
        if not n:
            return None, np.empty(0, dtype=np.int64)
        with self._delta_stack_lock:  # parallel queries must not stack the same new rows twice
            stacked = self._delta_stack
            done = 0 if stacked is None else stacked[0].shape[0]
            if done < n:
                # Rows are only ever appended between removals (which reset the stack): stack just the new ones.
                new = self.delta_rows[done:n]
                matrix = sparse.vstack(new if stacked is None else [stacked[0], *new], format="csr")
                stacked = (matrix, np.asarray(self.delta_row_ids[:n], dtype=np.int64))
                self._delta_stack = stacked
            return stacked

    def top_rows(self, queries: sparse.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The ``k`` alive rows with the highest dot product with each query row (rows scoring nothing are left out).

        Returns ``(rows, scores, counts)``: query ``i``'s rows are ``rows[i, :counts[i]]`` (in row order),
        with their scores beside; the scores are those of :meth:`scores`, bit for bit (the same float32 sums in the
        same order). Safe to call from parallel threads (the compiled loop releases the GIL)."""
        queries = queries.tocsr()
        if not queries.has_sorted_indices:  # the delta's dot products walk both index lists in order
            queries = queries.sorted_indices()
        delta, delta_ids = self._delta_matrix()
        if delta is None:
            d_indptr, d_indices, d_data = _NO_DELTA
        else:
            d_indptr, d_indices, d_data = delta.indptr, delta.indices, delta.data
        n_queries, k = queries.shape[0], max(int(k), 0)
        rows = np.zeros((n_queries, k), dtype=np.int64)
        scores = np.zeros((n_queries, k), dtype=np.float32)
        counts = np.zeros(n_queries, dtype=np.int64)
        if not n_queries or not k:
            return rows, scores, counts
        kernels = self._kernels()
        if kernels is None:
            self._top_rows_uncompiled(queries, k, rows, scores, counts)
            return rows, scores, counts
        alive, postings = self._alive, self.postings
        q_data = queries.data.astype(np.float32, copy=False)

        def search(first: int, stop: int) -> None:
            buffer = self._take_buffer(len(alive))
            try:
                kernels.top_rows(
                    queries.indptr[first : stop + 1], queries.indices, q_data,
                    postings.indptr, postings.indices, postings.data, self._max_impact, postings.shape[1],
                    d_indptr, d_indices, d_data, delta_ids,
                    alive, k, *buffer, rows[first:stop], scores[first:stop], counts[first:stop],
                )
            except BaseException:
                buffer = None  # possibly left dirty: not handed out again
                raise
            finally:
                if buffer is not None:
                    with self._buffers_lock:
                        self._buffers.append(buffer)

        # A batch is split between the cores (the compiled loop releases the GIL): this thread takes the first part.
        n_parts = min(_N_CPUS, n_queries // _MIN_QUERIES_PER_THREAD)
        if n_parts <= 1:
            search(0, n_queries)
            return rows, scores, counts
        bounds = np.linspace(0, n_queries, n_parts + 1).astype(int).tolist()
        others = [_executor().submit(search, a, b) for a, b in itertools.pairwise(bounds[1:])]
        search(bounds[0], bounds[1])
        for other in others:
            other.result()
        return rows, scores, counts

    def _top_rows_uncompiled(self, queries: sparse.csr_matrix, k: int, rows: np.ndarray, scores: np.ndarray,
                             counts: np.ndarray) -> None:
        """What the compiled loop puts in ``rows``, ``scores`` and ``counts``, from the sparse product: in row order,
        every alive row scoring above the k-th score and the first rows at it."""
        products = self.scores(queries.astype(np.float32, copy=False))
        alive = self._alive
        for i in range(queries.shape[0]):
            start, stop = products.indptr[i], products.indptr[i + 1]
            found, values = products.indices[start:stop].astype(np.int64), products.data[start:stop]
            kept = alive[found] & (values != 0)
            found, values = found[kept], values[kept]
            order = np.argsort(found, kind="stable")
            found, values = found[order], values[order]
            n = len(found)
            kth = np.partition(values, n - k)[n - k] if n > k else np.float32(-1.0)
            at_kth = values == kth
            chosen = np.flatnonzero((values > kth) | (at_kth & (np.cumsum(at_kth) <= k - np.count_nonzero(values > kth))))
            counts[i] = len(chosen)
            rows[i, : len(chosen)] = found[chosen]
            scores[i, : len(chosen)] = values[chosen]

    # ── the compiled search ─────────────────────────────────────────────────────────────────────────────────
    @property
    def search_path(self) -> str:
        """The search queries run now: ``"compiled"`` or ``"uncompiled"``."""
        return "compiled" if self._compiled else "uncompiled"

    def compile_search(self) -> PostingIndex:
        """Switch to the compiled search, compiling its loops first (seconds once per environment: numba keeps the
        machine code in its cache when the package folder or NUMBA_CACHE_DIR is writable; milliseconds after)."""
        _compiled_kernels()
        self._compiled = True
        return self

    def warm_up(self) -> None:
        """Get the search ready before the first query: an index that runs the compiled search compiles it now."""
        if self.search == "compiled" or (self.search == "auto" and self.n_rows > UNCOMPILED_MAX_ROWS):
            self.compile_search()

    def wait_for_compiled_search(self, timeout: float | None = None) -> bool:
        """Wait for a compiling started in the background (if any); whether queries now run the compiled search."""
        thread = self._compiling
        if thread is not None:
            thread.join(timeout)
        return self._compiled

    def _kernels(self) -> ModuleType | None:
        """The compiled loops when this index runs them now, else None (the numpy/scipy equivalents)."""
        if self._compiled:
            return _KERNELS
        if self.search == "compiled":
            self.compile_search()
            return _KERNELS
        if self.search == "auto" and self.n_rows > UNCOMPILED_MAX_ROWS:
            self._compile_in_background()
        return None

    def _compile_in_background(self) -> None:
        with self._compiling_lock:
            if self._compiling is not None:
                return
            self._compiling = threading.Thread(target=self._compile_logged, name="chainmatch-compile-search",
                                               daemon=True)
            self._compiling.start()

    def _compile_logged(self) -> None:
        try:
            self.compile_search()
        except Exception:  # the uncompiled search goes on answering, the same results, only slower
            logger.exception("检索程序编译失败，继续使用未编译的检索 (compiling the search failed)")

    def _take_buffer(self, n_rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        with self._buffers_lock:
            while self._buffers:
                buffer = self._buffers.pop()
                if len(buffer[0]) >= n_rows:
                    return buffer
        # Room to spare, so that rows added one at a time do not reallocate per query.
        size = n_rows + n_rows // 8 + 1024
        return (
            np.zeros(size, dtype=np.float32),  # score per row
            np.zeros(size, dtype=np.int64),  # rows touched
            np.zeros(size, dtype=np.float32),  # scores being selected from
            np.zeros(size // 64 + 1, dtype=np.uint64),  # a bit per row, for putting rows in order
        )

    def scores(self, queries: sparse.csr_matrix) -> sparse.csr_matrix:
        """Dot products of each query row with every indexed row (sparse; rows never touched are absent).

        The plain scipy product, kept as the reference :meth:`top_rows` is tested against."""
        fitted = queries @ self.postings
        fitted.resize((queries.shape[0], self.n_rows))
        delta, delta_ids = self._delta_matrix()
        if delta is not None:
            extra = (queries @ delta.T).tocoo()
            fitted = fitted + sparse.csr_matrix(
                (extra.data, (extra.row, delta_ids[extra.col])), shape=(queries.shape[0], self.n_rows)
            )
        return fitted.tocsr()


_NO_DELTA = (np.zeros(1, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))

# matching.kernels once compiled in this process (it imports numba: imported on first need only).
_KERNELS: ModuleType | None = None
_KERNELS_LOCK = threading.Lock()


def _compiled_kernels() -> ModuleType:
    global _KERNELS
    with _KERNELS_LOCK:
        if _KERNELS is None:
            from matching import kernels

            kernels.compile_all()
            _KERNELS = kernels
        return _KERNELS


_N_CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
_MIN_QUERIES_PER_THREAD = 8
_EXECUTOR: ThreadPoolExecutor | None = None
_EXECUTOR_LOCK = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    global _EXECUTOR
    with _EXECUTOR_LOCK:
        if _EXECUTOR is None:
            _EXECUTOR = ThreadPoolExecutor(max_workers=max(_N_CPUS - 1, 1), thread_name_prefix="candidate-search")
        return _EXECUTOR


def _forget_executor() -> None:
    # A forked child (a server's worker process) has none of the parent's threads: it starts its own pool.
    global _EXECUTOR, _EXECUTOR_LOCK
    _EXECUTOR, _EXECUTOR_LOCK = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_executor)


def grow(array: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``array`` followed by ``values``, as a view of a buffer with room to spare: adding one row at a time copies
    the per-row arrays only when the room runs out (amortised O(1) per row, not O(rows)). Only the latest view of
    a buffer may be grown (each call's result replaces the array it was given)."""
    n, m = len(array), len(array) + len(values)
    buffer = array.base if isinstance(array.base, np.ndarray) and array.base.ndim == 1 else None
    if (
        buffer is None
        or buffer.dtype != array.dtype
        or len(buffer) < m
        or array.__array_interface__["data"][0] != buffer.__array_interface__["data"][0]
        or array.strides != buffer.strides
    ):
        buffer = np.empty(max(m, n + n // 4 + 1024), dtype=array.dtype)
        buffer[:n] = array
    buffer[n:m] = values
    return buffer[:m]
