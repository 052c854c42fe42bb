"""Fit the 匹配度 mapping (``app.domain.match_percent``): a logistic of the suggestion score, fitted on labelled
(demand, candidate) pairs — every candidate the ranking puts in a demand's top 10 is a pair, true when the
labelled set links the two.

* ``tests/data/zh_bench``: the engine's scores (text evidence only; the set has no enterprises, so no business
  factors), labelled by ``gold.jsonl``;
* the demo lists (``app/demo/data``): the service's full scores (text + business factors, as ``chainmatch match
  --all`` stores them), labelled by ``demo_truth.csv``.

Prints the fitted intercept and slope, the pairs' count, and how well the mapping is calibrated (Brier score,
log loss, and predicted against observed share per band of percentages) on each set, fitted on both::

    .venv/bin/python bench/fit_match_percent.py
"""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demo_world import demo_world  # noqa: E402  (bench/ is the script's folder)

TOP_K = 10


def zh_bench_pairs() -> list[tuple[float, int]]:
    from app.cli.evaluate import read_gold, read_records
    from matching import SupplyMatcher

    folder = ROOT / "tests" / "data" / "zh_bench"
    supply = read_records(folder / "supply.jsonl")
    demand = read_records(folder / "demand.jsonl")
    gold = read_gold(folder / "gold.jsonl")
    matcher = SupplyMatcher().fit(supply)
    pairs = []
    for record, matches in zip(demand, matcher.query_many(demand, top_k=TOP_K), strict=True):
        for match in matches:
            pairs.append((match.score, int(match.supply_id in gold.get(record.id, set()))))
    return pairs


def demo_pairs() -> list[tuple[float, int]]:
    with demo_world("fit") as (settings, session_factory, indexes):
        from app.models import DemandItem, StoredSuggestion, SupplyItem
        from app.services.ranking.batch import run_batch

        with session_factory() as session:
            run_batch(db_session=session, index=indexes, per_item=TOP_K)
            session.commit()
            truth = set()
            with (ROOT / "app" / "demo" / "data" / "demo_truth.csv").open(encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    truth.add((row["demand_credit_code"], row["demand_product_name"], row["supply_credit_code"],
                               row["supply_product_name"]))
            pairs = []
            for stored in session.query(StoredSuggestion).all():
                demand = session.get(DemandItem, stored.demand_item_id)
                supply = session.get(SupplyItem, stored.supply_item_id)
                key = (demand.enterprise.credit_code, demand.product_name, supply.enterprise.credit_code,
                       supply.product_name)
                pairs.append((stored.score, int(key in truth)))
    return pairs


def calibration(pairs: list[tuple[float, int]], intercept: float, slope: float) -> dict:
    scores = np.array([s for s, _ in pairs])
    labels = np.array([y for _, y in pairs])
    p = 1.0 / (1.0 + np.exp(-(intercept + slope * scores)))
    eps = 1e-9
    bands = []
    for low in range(0, 100, 20):
        mask = (p * 100 >= low) & (p * 100 < low + 20 if low < 80 else p * 100 <= 100)
        if mask.any():
            bands.append({"band": f"{low}-{low + 20}%", "pairs": int(mask.sum()),
                          "predicted": round(float(p[mask].mean()) * 100, 1),
                          "observed": round(float(labels[mask].mean()) * 100, 1)})
    return {
        "pairs": len(pairs), "true": int(labels.sum()),
        "brier": round(float(np.mean((p - labels) ** 2)), 4),
        "log_loss": round(float(-np.mean(labels * np.log(p + eps) + (1 - labels) * np.log(1 - p + eps))), 4),
        "bands": bands,
    }


def main() -> None:
    sets = {"zh_bench": zh_bench_pairs(), "demo": demo_pairs()}
    everything = [pair for pairs in sets.values() for pair in pairs]
    x = np.array([[s] for s, _ in everything])
    y = np.array([label for _, label in everything])
    model = LogisticRegression(C=1e6).fit(x, y)
    intercept, slope = float(model.intercept_[0]), float(model.coef_[0][0])
    print(json.dumps({"intercept": round(intercept, 4), "slope": round(slope, 4),
                      "score_at_50_percent": round(-intercept / slope, 2)}, ensure_ascii=False))
    for name, pairs in sets.items():
        print(name, json.dumps(calibration(pairs, intercept, slope), ensure_ascii=False))
    # Monotone in the score by construction: the slope must be positive.
    assert slope > 0 and math.isfinite(intercept)


if __name__ == "__main__":
    main()
