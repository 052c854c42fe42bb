"""Fellegi–Sunter weights for one catalogue, estimated without labels (the way splink estimates them).

Each compared pair (a demand row and one supply row) is a comparison vector: per comparison (part number, brand,
specifications, attribute families, category, text and name similarity in bins) the level it fell in. Two
probabilities per level are estimated:

- ``u``: how often the level occurs between a demand row and a supply row drawn at random, counted on random
  pairs (almost all of them non-matches);
- ``m``: how often it occurs between a demand row and its true supplier, by expectation–maximisation over the
  candidate pairs of stage 1, starting from the current ranking's first result of each demand row as the matches.

A level's weight is ``log2(m / u)``: what seeing it says about the pair, in bits. A level where nothing is known
(``missing``) is worth nothing whatever EM finds, so an unknown never counts for or against a row.
Pure numpy: :class:`FellegiSunter` takes level codes and returns weights, it reads no record.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

# Levels that say nothing about a pair: their weight is 0 (splink's null level).
NEUTRAL_LEVELS = frozenset({"missing"})


class FellegiSunter:
    """m and u probabilities of comparison levels; EM for m (and the share of matches), u from random pairs.

    Parameters
    ----------
    max_iter, tol:
        EM stops after ``max_iter`` iterations or when no m moves by more than ``tol``.
    smoothing:
        Pseudo-count added to every level of every comparison (a level never seen does not get an infinite weight).
    max_weight:
        Weights are clipped to ``±max_weight`` bits: a level seen on a handful of pairs says less than its counts.
    """

    def __init__(self, *, max_iter: int = 50, tol: float = 1e-5, smoothing: float = 1.0, max_weight: float = 12.0,
                 u_from: str = "random"):
        self.u_from = u_from
        self.max_iter = max_iter
        self.tol = tol
        self.smoothing = smoothing
        self.max_weight = max_weight

    def fit(
        self,
        comparisons: Sequence[str],
        candidate_levels: Sequence[Sequence[str]],
        groups: np.ndarray,
        initial_matches: np.ndarray,
        random_levels: Sequence[Sequence[str]],
    ) -> FellegiSunter:
        """``candidate_levels[i][c]`` is the level of comparison ``comparisons[c]`` for candidate pair ``i``;
        ``groups[i]`` numbers the demand row pair ``i`` belongs to (0, 1, …);
        ``initial_matches[i]`` (0–1) the first guess that pair ``i`` is a match; ``random_levels`` the same for
        random pairs (for u)."""
        self.comparisons_ = tuple(comparisons)
        self.levels_: dict[str, tuple[str, ...]] = {}
        codes = []
        for c, name in enumerate(self.comparisons_):
            seen = sorted({row[c] for row in candidate_levels} | {row[c] for row in random_levels})
            self.levels_[name] = tuple(seen)
            codes.append(seen)
        cand = self._encode(candidate_levels)
        rand = self._encode(random_levels)
        self.u_ = {name: self._frequencies(rand[:, c], np.ones(len(rand)), len(self.levels_[name]))
                   for c, name in enumerate(self.comparisons_)}
        groups = np.asarray(groups, dtype=np.int64)
        n_groups = int(groups.max()) + 1 if len(groups) else 0
        sizes = np.bincount(groups, minlength=n_groups).astype(float)
        r = np.clip(np.asarray(initial_matches, dtype=float), 1e-6, 1 - 1e-6)
        self.n_iter_ = 0
        m = None
        for iteration in range(1, self.max_iter + 1):
            self.n_iter_ = iteration
            new_m = {name: self._frequencies(cand[:, c], r, len(self.levels_[name]))
                     for c, name in enumerate(self.comparisons_)}
            if self.u_from == "candidates":
                self.u_ = {name: self._frequencies(cand[:, c], 1.0 - r, len(self.levels_[name]))
                           for c, name in enumerate(self.comparisons_)}
            # Share of demand rows that have their match among their candidates.
            share = float(np.clip(np.bincount(groups, weights=r, minlength=n_groups).mean(), 0.05, 0.99))
            # One match at most per demand row, a priori equally likely to be any of its candidates: the
            # candidates compete for it (without this, EM splits the candidates into two kinds of product).
            log_bf = self._log_bayes(cand, new_m, natural=True)
            log_prior = np.log(share / sizes[groups])
            scaled = np.clip(log_bf + log_prior, -60, 60)
            top = np.maximum(np.zeros(n_groups) + np.log(1 - share), -np.inf)
            np.maximum.at(top, groups, scaled)
            weights = np.exp(scaled - top[groups])
            denominator = np.exp(np.log(1 - share) - top) + np.bincount(groups, weights=weights, minlength=n_groups)
            r = weights / denominator[groups]
            moved = max(float(np.abs(new_m[k] - m[k]).max()) for k in new_m) if m is not None else 1.0
            m = new_m
            if moved < self.tol:
                break
        self.match_share_ = share
        assert m is not None
        self.m_ = m
        self.weights_: dict[tuple[str, str], float] = {}
        for name in self.comparisons_:
            w = np.clip(np.log2(self.m_[name] / self.u_[name]), -self.max_weight, self.max_weight)
            for level, value in zip(self.levels_[name], w, strict=True):
                self.weights_[name, level] = 0.0 if level in NEUTRAL_LEVELS else float(value)
        return self

    def _encode(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        index = [{level: i for i, level in enumerate(self.levels_[name])} for name in self.comparisons_]
        out = np.zeros((len(rows), len(self.comparisons_)), dtype=np.int32)
        for i, row in enumerate(rows):
            for c, level in enumerate(row):
                out[i, c] = index[c][level]
        return out

    def _frequencies(self, column: np.ndarray, weights: np.ndarray, n_levels: int) -> np.ndarray:
        counts = np.bincount(column, weights=weights, minlength=n_levels) + self.smoothing
        return counts / counts.sum()

    def _log_bayes(self, encoded: np.ndarray, m: Mapping[str, np.ndarray], *, natural: bool) -> np.ndarray:
        total = np.zeros(len(encoded))
        for c, name in enumerate(self.comparisons_):
            ratio = np.log(m[name] / self.u_[name])
            neutral = np.array([level in NEUTRAL_LEVELS for level in self.levels_[name]])
            ratio[neutral] = 0.0
            total += ratio[encoded[:, c]]
        return total if natural else total / math.log(2)

    def weight(self, comparison: str, level: str) -> float:
        """The level's weight in bits (0 for a level never seen while fitting)."""
        return self.weights_.get((comparison, level), 0.0)

    def to_dict(self) -> dict:
        return {
            "match_share": self.match_share_,
            "n_iter": self.n_iter_,
            "weights": [[c, lv, w] for (c, lv), w in sorted(self.weights_.items())],
            "m": {k: v.tolist() for k, v in self.m_.items()},
            "u": {k: v.tolist() for k, v in self.u_.items()},
            "levels": {k: list(v) for k, v in self.levels_.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> FellegiSunter:
        model = cls()
        model.match_share_ = float(data["match_share"])
        model.n_iter_ = int(data["n_iter"])
        model.weights_ = {(c, lv): float(w) for c, lv, w in data["weights"]}
        model.levels_ = {k: tuple(v) for k, v in data["levels"].items()}
        model.comparisons_ = tuple(model.levels_)
        model.m_ = {k: np.asarray(v) for k, v in data["m"].items()}
        model.u_ = {k: np.asarray(v) for k, v in data["u"].items()}
        return model
