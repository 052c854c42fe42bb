"""Ranking metrics, exactly as defined in the shared benchmarks' README.

Every function takes the ranked supply ids per demand id and the gold supply ids per demand id, and averages
over the demand rows that have gold (rows without gold are not counted):

- Recall@1: 1 when the first-ranked supply row is a gold match (a row may have several golds);
- Recall@k (10, 50): the share of the row's gold found in its top k;
- MRR@10: 1/rank of the first gold match within the top 10, else 0.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence, Set


def _rows_with_gold(gold: Mapping[str, Set[str]]) -> list[str]:
    return [demand_id for demand_id, supply_ids in gold.items() if supply_ids]


def recall_at_1(rankings: Mapping[str, Sequence[str]], gold: Mapping[str, Set[str]]) -> float:
    rows = _rows_with_gold(gold)
    if not rows:
        return 0.0
    hits = sum(1 for d in rows if rankings.get(d) and rankings[d][0] in gold[d])
    return hits / len(rows)


def recall_at_k(rankings: Mapping[str, Sequence[str]], gold: Mapping[str, Set[str]], k: int) -> float:
    rows = _rows_with_gold(gold)
    if not rows:
        return 0.0
    total = 0.0
    for d in rows:
        top = set(rankings.get(d, ())[:k])
        total += len(gold[d] & top) / len(gold[d])
    return total / len(rows)


def mrr_at_k(rankings: Mapping[str, Sequence[str]], gold: Mapping[str, Set[str]], k: int = 10) -> float:
    rows = _rows_with_gold(gold)
    if not rows:
        return 0.0
    total = 0.0
    for d in rows:
        for rank, supply_id in enumerate(rankings.get(d, ())[:k], start=1):
            if supply_id in gold[d]:
                total += 1.0 / rank
                break
    return total / len(rows)


def evaluate(rankings: Mapping[str, Sequence[str]], gold: Mapping[str, Set[str]]) -> dict[str, float]:
    """The four figures of the benchmark contract, as fractions in [0, 1], plus the number of rows counted."""
    return {
        "recall_at_1": recall_at_1(rankings, gold),
        "recall_at_10": recall_at_k(rankings, gold, 10),
        "mrr_at_10": mrr_at_k(rankings, gold, 10),
        "recall_at_50": recall_at_k(rankings, gold, 50),
        "queries": float(len(_rows_with_gold(gold))),
    }


# ── dev / test parts ─────────────────────────────────────────────────────────────────────────────────────────
# Every labelled set is split by its demand ids into a dev part (looked at, tuned on) and a test part (only
# reported): a demand row is in the test part when the first byte of sha256(f"{SPLIT_SEED}:{demand_id}") is odd.
# A rule rather than a stored list, so it also splits read-only folders and sets added later the same way; the
# seed is fixed so that the parts never change (changing it would leak test rows into what was tuned on).
SPLIT_SEED = "chainmatch-split-20261204"
SPLITS = ("dev", "test", "all")


def split_of(demand_id: str) -> str:
    """``"dev"`` or ``"test"``: which part of its labelled set a demand row belongs to."""
    digest = hashlib.sha256(f"{SPLIT_SEED}:{demand_id}".encode()).digest()
    return "test" if digest[0] & 1 else "dev"


def in_split(demand_id: str, split: str) -> bool:
    return split == "all" or split_of(demand_id) == split


# ── calibration ──────────────────────────────────────────────────────────────────────────────────────────────
def reliability(
    probabilities: Mapping[str, Sequence[float]],
    rankings: Mapping[str, Sequence[str]],
    gold: Mapping[str, Set[str]],
    *,
    k: int = 10,
    bins: int = 10,
) -> tuple[float, float, list[tuple[float, float, float, int]]]:
    """How well the match probabilities shown with the first ``k`` results of each demand row with gold are
    calibrated: (expected calibration error, Brier score, table). The table has one row per probability bin
    that holds results: (bin's lower bound, mean probability shown, share of true matches, results); the ECE is
    the results-weighted mean gap between the last two."""
    sums = [[0.0, 0.0, 0] for _ in range(bins)]
    brier = 0.0
    n = 0
    for d in _rows_with_gold(gold):
        for supply_id, p in zip(rankings.get(d, ())[:k], probabilities.get(d, ())[:k], strict=False):
            hit = 1.0 if supply_id in gold[d] else 0.0
            b = min(int(p * bins), bins - 1)
            sums[b][0] += p
            sums[b][1] += hit
            sums[b][2] += 1
            brier += (p - hit) ** 2
            n += 1
    if not n:
        return 0.0, 0.0, []
    table = [(b / bins, s[0] / s[2], s[1] / s[2], int(s[2])) for b, s in enumerate(sums) if s[2]]
    ece = sum(count * abs(mean_p - share) for _, mean_p, share, count in table) / n
    return ece, brier / n, table
