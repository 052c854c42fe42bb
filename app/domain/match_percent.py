"""匹配度: a suggestion's score as the share of such suggestions that are real suppliers, in percent (0–100).

The score (text evidence + business factors) is unbounded — 9.8, 12.77, 25.5 mean nothing to a procurement
engineer. :func:`match_percent` is the one place that turns a score into the percentage the API, the exports and
the reports show. The score goes through a logistic

    匹配度 = 100 / (1 + exp(-(INTERCEPT + SLOPE × score)))

fitted on labelled pairs (every top-10 candidate of a demand, true when the labelled set links the two):
``tests/data/zh_bench`` (3,410 pairs, engine scores) and the demo lists with ``demo_truth.csv`` (1,939 pairs,
full scores). Refit with ``.venv/bin/python bench/fit_match_percent.py``, which prints these parameters and the
calibration per band (predicted against observed share of true pairs). Monotone in the score: a higher score
never shows a lower percentage, so the percentages agree with the order suggestions are shown in.

The engine's own ``Match.probability`` (calibrated on the benchmarks' dev parts, reported by ``chainmatch eval``)
weighs the text evidence alone; 匹配度 maps the whole score, business factors included.
"""

from __future__ import annotations

import math

# Fitted by bench/fit_match_percent.py (logistic regression, both labelled sets together); 50 % at score 8.37.
INTERCEPT = -6.1534
SLOPE = 0.735


def match_percent(score: float | None) -> float | None:
    """The 匹配度 of a score in percent, rounded to 0.1; None for no score."""
    if score is None or not math.isfinite(score):
        return None
    z = INTERCEPT + SLOPE * score
    # exp overflows past ~709; the logistic is 0 or 1 long before that.
    p = 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0
    return round(p * 100.0, 1)


def score_for_percent(percent: float) -> float:
    """The lowest score whose 匹配度 reaches ``percent`` (the inverse of the logistic): a threshold in percent
    becomes a threshold on the score."""
    p = min(max(percent, 0.001), 99.999) / 100.0
    return (math.log(p / (1.0 - p)) - INTERCEPT) / SLOPE
