"""A match probability per result (匹配度): how likely it is that a ranked supply row is what the demand asks for.

The score is a sum of evidence whose scale depends on how much a row says; a procurement engineer needs a number
that means the same on every list: of the results shown at 80 %, about 80 % are true matches. The probability is
a logistic function of a few properties of the result within its ranking (its score, its lead over the best
other candidate, its text similarity, its rank, whether its part number matches exactly, whether anything
contradicts the demand). Its coefficients are data (``matching/data/probability.json``), fitted by
``bench/calibrate_probability.py`` on the **dev** parts of the labelled sets only; the test parts and the sets
never tuned on check it (``chainmatch eval`` prints the expected calibration error and a reliability table).
The probability never changes the ranking.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

FEATURES = ("score", "lead", "text", "inverse_rank", "exact_part_number", "contradiction")
# Levels that say the row is not what was asked for.
_CONTRADICTIONS = {
    ("attribute_conflict", "different"), ("spec_conflict", "different"), ("category", "different"),
    ("brand", "different"), ("part_number", "different"),
}


def result_features(
    score: float, best_other: float | None, text_sim: float, rank: int, levels: Sequence[tuple[str, str]]
) -> list[float]:
    """The model's inputs for one result: ``best_other`` is the highest score of the other candidates (``None``
    when there is none), ``rank`` counts from 1, ``levels`` are the result's (comparison, level) pairs."""
    lead = 10.0 if best_other is None else max(-10.0, min(10.0, score - best_other))
    exact = any(c == "part_number" and lv == "exact" for c, lv in levels)
    contradiction = any((c, lv) in _CONTRADICTIONS for c, lv in levels)
    return [score / 10.0, lead / 10.0, text_sim, 1.0 / rank, float(exact), float(contradiction)]


@lru_cache(maxsize=1)
def _coefficients() -> tuple[tuple[float, ...], float]:
    data = json.loads(resources.files("matching").joinpath("data", "probability.json").read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError("probability.json: features differ from matching.probability.FEATURES; refit it")
    return tuple(float(c) for c in data["coefficients"]), float(data["intercept"])


def probability(features: Sequence[float]) -> float:
    """The calibrated probability (0–1) for :func:`result_features`."""
    coefficients, intercept = _coefficients()
    z = intercept + sum(c * x for c, x in zip(coefficients, features, strict=True))
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
