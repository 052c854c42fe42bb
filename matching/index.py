"""The sparse candidate index: BM25F-weighted hashed features, stored as postings (feature → supply rows).

Postings are a CSR matrix of shape (features × rows), so a query touches only its own features' lists. Rows
added after the fit go to a small delta matrix (rows × features) that is searched beside the postings and merged
into them by :meth:`PostingIndex.compact`; removed rows are masked at once and dropped from the postings at the
next compaction. Document frequencies are kept per hashed feature and follow additions and removals exactly, so
an updated index differs from a refit only by the BM25 average lengths fixed at the fit.
"""

from __future__ import annotations

import threading

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

    # ── building ────────────────────────────────────────────────────────────────────────────────────────────
    def build(self, documents: sparse.csr_matrix) -> None:
        """Index ``documents`` (rows × features, BM25-weighted) as rows 0..n-1."""
        documents = documents.tocsr().astype(np.float32, copy=False)
        self.postings = documents.T.tocsr()
        self.postings.sort_indices()
        self.postings.eliminate_zeros()
        self.df = np.diff(self.postings.indptr).astype(np.int32)
        self.alive = np.ones(documents.shape[0], dtype=bool)
        self.delta_rows, self.delta_row_ids = [], []
        self._delta_stack = None

    @property
    def n_rows(self) -> int:
        return len(self.alive)

    @property
    def n_alive(self) -> int:
        return int(np.count_nonzero(self.alive))

    def append(self, documents: sparse.csr_matrix) -> np.ndarray:
        """Add rows at the end (no refit); returns their row numbers."""
        documents = documents.tocsr().astype(np.float32)
        first = self.n_rows
        rows = np.arange(first, first + documents.shape[0], dtype=np.int64)
        self.alive = grow(self.alive, np.ones(len(rows), dtype=bool))
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
        self.alive[rows] = False
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

    def scores(self, queries: sparse.csr_matrix) -> sparse.csr_matrix:
        """Dot products of each query row with every indexed row (sparse; rows never touched are absent)."""
        fitted = queries @ self.postings
        fitted.resize((queries.shape[0], self.n_rows))
        delta, delta_ids = self._delta_matrix()
        if delta is not None:
            extra = (queries @ delta.T).tocoo()
            fitted = fitted + sparse.csr_matrix(
                (extra.data, (extra.row, delta_ids[extra.col])), shape=(queries.shape[0], self.n_rows)
            )
        return fitted.tocsr()


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
