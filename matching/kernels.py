"""The compiled loops of the candidate search (numba): what :class:`matching.index.PostingIndex` runs once an index
uses the compiled search. Importing this module imports numba (about a second) and the first call of each loop
compiles it (10–20 s of one core on a machine without numba's cache), so :mod:`matching.index` imports it only
when an index switches to the compiled search; small indexes use the numpy/scipy equivalents there, which return
the same floats.
"""

from __future__ import annotations

import numba
import numpy as np

# Before walking a posting list at least this long, the search checks whether the lists left can still lift a row it
# has not seen into the top k (shorter lists cost less to walk than the check).
_CHECK_MIN = 1024
# Float sums differ from exact ones by a few units in the last place; pruning keeps this relative margin on its side.
_MARGIN = 1e-4


@numba.njit(nogil=True, cache=True)
def row_dot(q_indices, q_data, indptr, indices, data, sorted_rows):  # pragma: no cover - compiled
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
def count_features(indices, data, df):  # pragma: no cover  (compiled)
    for p in range(len(indices)):
        if data[p] != 0:
            df[indices[p]] += 1


@numba.njit(nogil=True, cache=True)
def place_rows(indptr, indices, data, first, free, out_indices, out_data):  # pragma: no cover  (compiled)
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
def self_scores(indptr, indices, data, idf, out):  # pragma: no cover  (compiled)
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
def top_rows(
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
        # The best k of them, in row order: every row above the k-th score, and of the rows at it the first ones.
        kth = np.float32(-1.0)
        if s > k:
            kth = np.partition(sums, s - k)[s - k]
        ties = k
        for u in range(s):
            if sums[u] > kth:
                ties -= 1
        taken = 0
        for u in range(s):
            if sums[u] > kth or (sums[u] == kth and ties > 0):
                if sums[u] == kth:
                    ties -= 1
                out_rows[i, taken] = chosen[u]
                out_scores[i, taken] = sums[u]
                taken += 1
        out_counts[i] = taken


def compile_all() -> None:
    """Compile every loop for the array types the index uses (int32 row and feature numbers, float32 weights), or
    load them from numba's cache (NUMBA_CACHE_DIR, else beside this file when it is writable). The Dockerfile runs
    this at image build."""
    i32, i64, f32 = np.int32, np.int64, np.float32
    indptr, indices, data = np.zeros(2, i32), np.zeros(0, i32), np.zeros(0, f32)
    row_dot(np.zeros(0, i64), np.zeros(0, f32), indptr, indices, data, np.zeros(0, i64))
    df = np.zeros(1, i64)
    count_features(indices, data, df)
    place_rows(np.zeros(1, i32), indices, data, 0, np.zeros(1, i64), np.zeros(0, i32), np.zeros(0, f32))
    self_scores(indptr, indices, data, np.zeros(1, f32), np.zeros(0, f32))
    size = 1024
    top_rows(
        np.zeros(2, i32), indices, data, indptr, indices, data, np.zeros(1, f32), 0,
        np.zeros(1, i32), indices, data, np.zeros(0, i64), np.zeros(0, np.bool_), 1,
        np.zeros(size, f32), np.zeros(size, i64), np.zeros(size, f32), np.zeros(size // 64 + 1, np.uint64),
        np.zeros((1, 1), i64), np.zeros((1, 1), f32), np.zeros(1, i64),
    )
