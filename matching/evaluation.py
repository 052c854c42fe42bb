"""Ranking metrics, exactly as defined in the shared benchmarks' README.

Every function takes the ranked supply ids per demand id and the gold supply ids per demand id, and averages
over the demand rows that have gold (rows without gold are not counted):

- Recall@1: 1 when the first-ranked supply row is a gold match (a row may have several golds);
- Recall@k (10, 50): the share of the row's gold found in its top k;
- MRR@10: 1/rank of the first gold match within the top 10, else 0.
"""

from __future__ import annotations

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
