"""The sparse candidate index: BM25F-weighted hashed features, stored as postings (feature → supply rows).

Postings are a CSR matrix of shape (features × rows), so a query touches only its own features' lists, which a
compiled loop (numba) adds up into a dense per-row score buffer before keeping the best rows. Rows
added after the fit go to a small delta matrix (rows × features) that is searched beside the postings and merged
into them by :meth:`PostingIndex.compact`; removed rows are masked at once and dropped from the postings at the
next compaction. Document frequencies are kept per hashed feature and follow additions and removals exactly, so
an updated index differs from a refit only by the BM25 average lengths fixed at the fit.
"""

from __future__ import annotations

import itertools
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np
from scipy import sparse


def bm25_idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Robertson–Spärck Jones IDF, always positive."""
    df = df.astype(np.float32)
    return np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)


class PostingIndex:
    """Postings for the fitted rows plus a delta for rows added later; rows are never renumbered."""

    def __init__(self, n_features: int) -> None:
        self.n_features = n_features
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
        # Two compiled passes instead of scipy's transpose, sort and copy: count each feature's postings, then place
        # every entry at its feature's next free slot. Rows arrive in order, so every list comes out sorted.
        df = np.zeros(self.n_features, dtype=np.int64)
        for block in blocks:
            _count_features(block.indices, block.data, df)
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
            _place_rows(block.indptr, block.indices, block.data, first, free, indices, data)
            first += block.shape[0]
            del block
        del free
        self.postings = sparse.csr_matrix(
            (data, indices, indptr.astype(index_type)), shape=(self.n_features, n_rows), copy=False
        )
        self.postings.has_sorted_indices = True
        self.df = df.astype(np.int32)
        self.alive = np.ones(n_rows, dtype=bool)
        self.delta_rows, self.delta_row_ids = [], []
        self._delta_stack = None

    def self_scores(self, idf: np.ndarray) -> np.ndarray:
        """What each fitted row would score against itself as a query, given each feature's IDF: Σ idf·w² over its
        entries (summed in feature order, in float32)."""
        postings = self.postings
        out = np.zeros(postings.shape[1], dtype=np.float32)
        _self_scores(postings.indptr, postings.indices, postings.data, idf.astype(np.float32, copy=False), out)
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
            acc = _row_dot(query.indices.astype(np.int64), query.data.astype(np.float32),
                           postings.indptr, postings.indices, postings.data, sorted_rows)
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

        Returns ``(rows, scores, counts)``: query ``i``'s rows are ``rows[i, :counts[i]]`` (in no particular order),
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
        alive, postings = self._alive, self.postings
        q_data = queries.data.astype(np.float32, copy=False)

        def search(first: int, stop: int) -> None:
            buffer = self._take_buffer(len(alive))
            try:
                _top_rows(
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

    def warm_up(self) -> None:
        """Compile the search now rather than in the first query: seconds once per environment (numba keeps the
        machine code in its cache, when the package folder or NUMBA_CACHE_DIR is writable), milliseconds after."""
        self.top_rows(sparse.csr_matrix((1, self.n_features), dtype=np.float32), 1)
        _row_dot(np.zeros(0, np.int64), np.zeros(0, np.float32), self.postings.indptr, self.postings.indices,
                 self.postings.data, np.zeros(0, np.int64))

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

# Before walking a posting list at least this long, the search checks whether the lists left can still lift a row it
# has not seen into the top k (shorter lists cost less to walk than the check).
_CHECK_MIN = 1024
# Float sums differ from exact ones by a few units in the last place; pruning keeps this relative margin on its side.
_MARGIN = 1e-4


@numba.njit(nogil=True, cache=True)
def _row_dot(q_indices, q_data, indptr, indices, data, sorted_rows):  # pragma: no cover - compiled
    """Σ over the query's features of weight × the posting of each given row (rows sorted), by binary search."""
    out = np.zeros(len(sorted_rows), dtype=np.float32)
    for k in range(len(q_indices)):
        f = q_indices[k]
        start, stop = indptr[f], indptr[f + 1]
        if start == stop:
            continue
        w = q_data[k]
        lo = start
        for j in range(len(sorted_rows)):
            r = sorted_rows[j]
            hi = stop
            while lo < hi:  # first position in [lo, stop) whose row is >= r; rows ascend, so lo only moves on
                mid = (lo + hi) // 2
                if indices[mid] < r:
                    lo = mid + 1
                else:
                    hi = mid
            if lo == stop:
                break
            if indices[lo] == r:
                out[j] += w * data[lo]
    return out


@numba.njit(nogil=True, cache=True)
def _count_features(indices, data, df):  # pragma: no cover  (compiled)
    for p in range(len(indices)):
        if data[p] != 0:
            df[indices[p]] += 1


@numba.njit(nogil=True, cache=True)
def _place_rows(indptr, indices, data, first, free, out_indices, out_data):  # pragma: no cover  (compiled)
    for r in range(len(indptr) - 1):
        for p in range(indptr[r], indptr[r + 1]):
            value = data[p]
            if value == 0:
                continue
            slot = free[indices[p]]
            out_indices[slot] = first + r
            out_data[slot] = value
            free[indices[p]] = slot + 1


@numba.njit(nogil=True, cache=True)
def _self_scores(indptr, indices, data, idf, out):  # pragma: no cover  (compiled)
    for feature in range(len(indptr) - 1):
        weight = idf[feature]
        for p in range(indptr[feature], indptr[feature + 1]):
            out[indices[p]] += weight * data[p] * data[p]


@numba.njit(nogil=True, cache=True)
def _seek(indices, position, end, row):  # pragma: no cover  (compiled)
    """The first position from ``position`` whose row is at least ``row`` (``end`` if none): galloping, then binary
    search, so that visiting a list's rows in increasing order costs about log(gap) each, not log(length)."""
    if position >= end or indices[position] >= row:
        return position
    low, step = position, 1
    high = low + step
    while high < end and indices[high] < row:
        low = high
        step *= 2
        high = low + step
    if high > end:
        high = end
    low += 1
    while low < high:
        middle = (low + high) >> 1
        if indices[middle] < row:
            low = middle + 1
        else:
            high = middle
    return low


# Position of the one set bit of a 64-bit word, by a de Bruijn multiplication.
_DE_BRUIJN = np.uint64(0x03F79D71B4CB0A89)
_BIT_POSITION = np.array([
    0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4, 62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18,
    12, 5, 63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11, 46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19,
    9, 13, 8, 7, 6], dtype=np.int64)


@numba.njit(nogil=True, cache=True)
def _sort_rows(touched, n, bits):  # pragma: no cover  (compiled)
    """``touched[:n]`` (distinct rows) in increasing order, through a bitmap of the rows (left all zeros again):
    tens of thousands of rows out of a million are put in order several times faster than by a comparison sort."""
    for t in range(n):
        row = touched[t]
        bits[row >> 6] |= np.uint64(1) << np.uint64(row & 63)
    out = 0
    for w in range(len(bits)):
        word = bits[w]
        if word == 0:
            continue
        bits[w] = 0
        while word != 0:
            lowest = word & (~word + np.uint64(1))
            touched[out] = w * 64 + _BIT_POSITION[(lowest * _DE_BRUIJN) >> np.uint64(58)]
            out += 1
            word ^= lowest


@numba.njit(nogil=True, cache=True)
def _kth_highest(acc, touched, n, k, scratch):  # pragma: no cover  (compiled)
    for t in range(n):
        scratch[t] = acc[touched[t]]
    return np.partition(scratch[:n], n - k)[n - k]


@numba.njit(nogil=True, cache=True)
def _top_rows(
    q_indptr, q_indices, q_data, p_indptr, p_indices, p_data, p_max, n_fitted, d_indptr, d_indices, d_data, d_rows,
    alive, k, acc, touched, scratch, bits, out_rows, out_scores, out_counts,
):  # pragma: no cover  (compiled; its results are tested against the scipy product)
    """Exact top-k by dot product, MaxScore-style: posting lists are walked term at a time into the dense ``acc``
    (all zeros on entry and again on exit), those of the highest possible contribution first; once the lists left
    could not lift a row not yet seen above the k-th score so far, they are only looked up for the rows that can
    still make the top k. The scores returned are then summed again in the query's feature order, as the sparse
    product sums them, so they are the same floats."""
    n_postings = len(p_indptr) - 1
    for i in range(len(q_indptr) - 1):
        q0, q1 = q_indptr[i], q_indptr[i + 1]
        n_terms = q1 - q0
        bounds = np.zeros(n_terms, dtype=np.float64)
        for j in range(n_terms):
            feature = q_indices[q0 + j]
            if feature < n_postings:
                bounds[j] = np.float64(q_data[q0 + j]) * np.float64(p_max[feature])
        order = np.argsort(-bounds, kind="mergesort")
        rest = np.zeros(n_terms + 1, dtype=np.float64)  # the most the terms from t on can add to any row
        for t in range(n_terms - 1, -1, -1):
            rest[t] = rest[t + 1] + bounds[order[t]]
        n = 0
        # Delta rows are never in the postings: each one's dot product is a merge of two sorted index lists,
        # summed in the query's feature order as the sparse product does, so their scores are final at once.
        for d in range(len(d_indptr) - 1):
            row = d_rows[d]
            if not alive[row]:
                continue
            total = np.float32(0.0)
            a, b, b_end = q0, d_indptr[d], d_indptr[d + 1]
            while a < q1 and b < b_end:
                if q_indices[a] < d_indices[b]:
                    a += 1
                elif q_indices[a] > d_indices[b]:
                    b += 1
                else:
                    total += q_data[a] * d_data[b]
                    a += 1
                    b += 1
            if total != 0:
                acc[row] = total
                touched[n] = row
                n += 1
        pruned_from = n_terms
        threshold = 0.0
        for t in range(n_terms):
            j = q0 + order[t]
            feature = q_indices[j]
            if feature >= n_postings:
                continue
            start, end = p_indptr[feature], p_indptr[feature + 1]
            if n >= k and end - start >= _CHECK_MIN:
                # The k-th score among the rows touched first (by the rarest features: the likeliest winners) is a
                # lower bound of the final k-th score, nearly as high as the k-th of all, at a fraction of the cost.
                threshold = max(threshold, _kth_highest(acc, touched, min(n, 8 * k), k, scratch))
                if rest[t] < threshold * (1.0 - _MARGIN):
                    pruned_from = t
                    break
            weight = q_data[j]
            for p in range(start, end):
                value = p_data[p]
                if value == 0:  # a removed row's entry, zeroed until the next compaction
                    continue
                row = p_indices[p]
                # Weights and values are positive, so a row's sum is zero exactly until it is first touched.
                if acc[row] == 0:
                    touched[n] = row
                    n += 1
                acc[row] += weight * value
        if pruned_from < n_terms:
            # Only rows seen so far can still make the top k. Before each list left, those that could not reach the
            # k-th score so far even with every list left are dropped (buffer cleared), and the list is added to
            # the others: walked when it is short beside them, else each one's row is sought in it (in row order).
            in_row_order = False
            for t in range(pruned_from, n_terms):
                floor = threshold * (1.0 - _MARGIN) - rest[t] * (1.0 + _MARGIN)
                c = 0
                for u in range(n):
                    row = touched[u]
                    if acc[row] >= floor:
                        touched[c] = row
                        c += 1
                    else:
                        acc[row] = 0
                n = c
                j = q0 + order[t]
                feature = q_indices[j]
                if feature >= n_postings:
                    continue
                weight = q_data[j]
                position, end = p_indptr[feature], p_indptr[feature + 1]
                if end - position <= 16 * n:
                    for p in range(position, end):
                        row = p_indices[p]
                        if acc[row] != 0:  # a row still in the running (the others are zero)
                            acc[row] += weight * p_data[p]
                    continue
                if not in_row_order:  # (dropping rows keeps the order)
                    _sort_rows(touched, n, bits)
                    in_row_order = True
                for u in range(n):
                    row = touched[u]
                    if row >= n_fitted:  # delta rows (sorted last) are complete
                        break
                    position = _seek(p_indices, position, end, row)
                    if position >= end:
                        break
                    if p_indices[position] == row:
                        acc[row] += weight * p_data[position]
        # Dead rows out (their buffer entries cleared now), alive ones kept in front.
        m = 0
        for t in range(n):
            row = touched[t]
            if alive[row]:
                touched[m] = row
                m += 1
            else:
                acc[row] = 0
        # The rows that may be in the top k: those at or above the k-th score, with a margin, since these sums were
        # added up in another order than the sparse product's and may differ from it in the last places.
        floor = -1.0
        if m > k:
            floor = _kth_highest(acc, touched, m, k, scratch) * (1.0 - _MARGIN)
        s = 0
        for t in range(m):
            if acc[touched[t]] >= floor:
                s += 1
        chosen = np.empty(s, dtype=np.int64)
        s = 0
        for t in range(m):
            row = touched[t]
            if acc[row] >= floor:
                chosen[s] = row
                s += 1
        chosen.sort()
        # Their scores summed again in feature order, as the product sums them; delta rows' already were.
        sums = np.zeros(s, dtype=np.float32)
        for u in range(s):
            if chosen[u] >= n_fitted:
                sums[u] = acc[chosen[u]]
        for t in range(m):
            acc[touched[t]] = 0
        for j in range(q0, q1):
            feature = q_indices[j]
            if feature >= n_postings:
                continue
            weight = q_data[j]
            position, end = p_indptr[feature], p_indptr[feature + 1]
            for u in range(s):
                row = chosen[u]
                if row >= n_fitted:
                    break
                position = _seek(p_indices, position, end, row)
                if position >= end:
                    break
                if p_indices[position] == row:
                    sums[u] += weight * p_data[position]
        # The best k of them: every row above the k-th score, then rows at it in row order.
        kth = np.float32(-1.0)
        if s > k:
            kth = np.partition(sums, s - k)[s - k]
        taken = 0
        for u in range(s):
            if sums[u] > kth:
                out_rows[i, taken] = chosen[u]
                out_scores[i, taken] = sums[u]
                taken += 1
        for u in range(s):
            if taken >= k:
                break
            if sums[u] == kth:
                out_rows[i, taken] = chosen[u]
                out_scores[i, taken] = sums[u]
                taken += 1
        out_counts[i] = taken


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
