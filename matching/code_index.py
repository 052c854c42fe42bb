"""Candidate search by part number: every supply row that shares a demanded code, its prefix of five or more
characters (in either direction: ``STM32F407`` for ``STM32F407VET6`` and back) or a variant one edit away
(``IRF443N14`` for ``IRF433N14``), whatever its text scores.

The fitted rows' codes are kept as one sorted byte-string array (and a second one of the codes reversed), so an
exact code and a prefix are ranges found by binary search; a code one edit away keeps either its first or its
last half intact, so it lies in the range of the demanded code's first half or of its reversed last half, which
is then checked with rapidfuzz. Rows added after fitting are kept in a plain list until the next compaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

MIN_PREFIX = 5  # a shorter head says little (6205 is a bearing size shared by hundreds of rows)
MIN_EDIT = 5  # one edit in a shorter code makes another product
# A range of codes larger than this is left to the text search: a head shared by so many rows is a series name,
# not evidence that one row is the part asked for.
MAX_RANGE = 256
MAX_CANDIDATES = 24  # per demand row, exact matches first (each extra candidate costs stage 2 a comparison)


def _encode(code: str) -> bytes:
    return code.encode("utf-8")


class CodeIndex:
    """Supply rows by part number, for exact, prefix and one-edit look-ups."""

    def __init__(self) -> None:
        self.codes = np.zeros(0, dtype="S1")
        self.rows = np.zeros(0, dtype=np.int64)
        self.reversed_codes = np.zeros(0, dtype="S1")
        self.reversed_rows = np.zeros(0, dtype=np.int64)
        self.added: list[tuple[str, int]] = []

    def build(self, part_numbers: Sequence[Sequence[str]]) -> CodeIndex:
        """Index the codes of rows ``0..len(part_numbers)-1`` (a row's codes may be empty)."""
        counts = np.fromiter((len(c) for c in part_numbers), dtype=np.int64, count=len(part_numbers))
        rows = np.repeat(np.arange(len(part_numbers), dtype=np.int64), counts)
        flat = [_encode(c) for codes in part_numbers for c in codes]
        codes = np.array(flat, dtype=bytes) if flat else np.zeros(0, dtype="S1")
        order = np.argsort(codes, kind="stable")
        self.codes, self.rows = codes[order], rows[order]
        reversed_codes = np.array([c[::-1] for c in flat], dtype=bytes) if flat else np.zeros(0, dtype="S1")
        order = np.argsort(reversed_codes, kind="stable")
        self.reversed_codes, self.reversed_rows = reversed_codes[order], rows[order]
        self.added = []
        return self

    def add(self, row: int, codes: Iterable[str]) -> None:
        self.added.extend((c, int(row)) for c in codes)

    @staticmethod
    def _range(sorted_codes: np.ndarray, key: bytes, prefix: bool) -> tuple[int, int]:
        start = int(np.searchsorted(sorted_codes, key, side="left"))
        stop = int(np.searchsorted(sorted_codes, key + b"\xff" if prefix else key, side="right"))
        return start, stop

    def exact(self, codes: Iterable[str], alive: np.ndarray) -> list[int]:
        """Alive rows carrying one of ``codes`` exactly."""
        out: dict[int, None] = {}
        for code in codes:
            start, stop = self._range(self.codes, _encode(code), prefix=False)
            for r in self.rows[start:stop].tolist():
                out[r] = None
            for other, row in self.added:
                if other == code:
                    out[row] = None
        return [r for r in out if r < len(alive) and alive[r]]

    def candidates(self, codes: Sequence[str], alive: np.ndarray) -> list[int]:
        """Alive rows sharing a code with ``codes``: exact matches first, then by prefix, then one edit away, and
        within each the rarest code's rows first; at most ``MAX_CANDIDATES``."""
        groups: list[tuple[int, int, list[int]]] = []  # (level, rows in the group, rows)

        def take(level: int, rows: list[int]) -> None:
            if rows:
                groups.append((level, len(rows), rows))

        for code in codes:
            if len(code) < 3:
                continue
            key = _encode(code)
            start, stop = self._range(self.codes, key, prefix=False)
            if stop - start <= MAX_RANGE:
                take(0, self.rows[start:stop].tolist())
            if len(code) >= MIN_PREFIX:
                # Longer codes that begin with this one (the demand quotes a base or a series) …
                start, stop = self._range(self.codes, key, prefix=True)
                if stop - start <= MAX_RANGE:
                    take(1, self.rows[start:stop].tolist())
                # … and shorter ones this one begins with (the demand quotes a full number, the row its base).
                heads = [key[:n] for n in range(MIN_PREFIX, len(key))]
                if heads and len(self.codes):
                    found = np.asarray(heads, dtype=bytes)
                    lo = np.searchsorted(self.codes, found, side="left")
                    hi = np.searchsorted(self.codes, found, side="right")
                    for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
                        if 0 < b - a <= MAX_RANGE:
                            take(1, self.rows[a:b].tolist())
            if len(code) >= MIN_EDIT:
                take(2, self._one_edit(code))
            for other, row in self.added:
                if other == code:
                    take(0, [row])
                elif (len(code) >= MIN_PREFIX and (other.startswith(code) or (
                        len(other) >= MIN_PREFIX and code.startswith(other)))) or (
                        len(code) >= MIN_EDIT and Levenshtein.distance(code, other, score_cutoff=1) <= 1):
                    take(1, [row])
        out: dict[int, None] = {}
        for _, _, rows in sorted(groups, key=lambda g: (g[0], g[1])):
            for r in rows:
                if r < len(alive) and alive[r]:
                    out[r] = None
            if len(out) >= MAX_CANDIDATES:
                break
        return list(out)[:MAX_CANDIDATES]

    def _one_edit(self, code: str) -> list[int]:
        half = len(code) // 2
        key = _encode(code)
        out: list[int] = []
        for sorted_codes, sorted_rows, head in (
            (self.codes, self.rows, key[:half]),
            (self.reversed_codes, self.reversed_rows, key[::-1][:half]),
        ):
            start, stop = self._range(sorted_codes, head, prefix=True)
            if not 0 < stop - start <= MAX_RANGE * 4:
                continue
            pool = [c.decode("utf-8", "replace") for c in sorted_codes[start:stop].tolist()]
            if sorted_codes is self.reversed_codes:
                pool = [c[::-1] for c in pool]
            hits = process.extract(
                code, pool, scorer=Levenshtein.distance, processor=None, score_cutoff=1, limit=None
            )
            if len(hits) <= MAX_RANGE:  # one edit exactly (the code itself is the exact level's)
                out.extend(int(sorted_rows[start + index]) for _, distance, index in hits if distance == 1)
        return out
