"""Fit the match-probability model (``matching/data/probability.json``) on the dev parts of the labelled sets.

    .venv/bin/python bench/calibrate_probability.py [--write]

For each set, the engine ranks every demand row of the **dev** part (``matching.evaluation.split_of``); each of
the first ten results becomes one example (``matching.probability.result_features``), labelled 1 when it is a
gold match. One logistic regression is fitted over all sets, each set weighing the same in total, so that no set
dictates the scale. The test parts are scored with the fitted model and reported, never fitted on. ``--write``
stores the coefficients; without it the script only reports.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.cli.evaluate import read_gold, read_records  # noqa: E402
from matching import SupplyMatcher  # noqa: E402
from matching.evaluation import in_split  # noqa: E402
from matching.probability import FEATURES, result_features  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SETS = (
    Path("/work/shared/benchmarks/abt_buy"),
    Path("/work/shared/benchmarks/amazon_google_dev"),
    ROOT / "tests/data/zh_bench",
)
TOP = 10


def examples(folder: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(features, labels) of the first ten results of each demand row with gold, per part."""
    supply = read_records(folder / "supply.jsonl")
    demand = read_records(folder / "demand.jsonl")
    gold = read_gold(folder / "gold.jsonl")
    demand = [d for d in demand if gold.get(d.id)]
    matcher = SupplyMatcher().fit(supply)
    out: dict[str, tuple[list, list]] = {"dev": ([], []), "test": ([], [])}
    for record, matches in zip(demand, matcher.query_many(demand, top_k=TOP), strict=True):
        part = "dev" if in_split(record.id, "dev") else "test"
        for rank, m in enumerate(matches, start=1):
            best_other = (matches[1].score if len(matches) > 1 else None) if rank == 1 else matches[0].score
            text = next((c.similarity or 0.0 for c in m.contributions if c.comparison == "text"), 0.0)
            levels = [(c.comparison, c.level) for c in m.contributions]
            out[part][0].append(result_features(m.score, best_other, text, rank, levels))
            out[part][1].append(1 if m.supply_id in gold[record.id] else 0)
    return {part: (np.asarray(x, dtype=float), np.asarray(y)) for part, (x, y) in out.items()}


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    index = np.minimum((p * bins).astype(int), bins - 1)
    return float(sum(abs(p[index == b].mean() - y[index == b].mean()) * (index == b).sum()
                     for b in range(bins) if (index == b).any()) / len(p))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    data = {folder.name: examples(folder) for folder in SETS}
    x = np.vstack([d["dev"][0] for d in data.values()])
    y = np.concatenate([d["dev"][1] for d in data.values()])
    weights = np.concatenate([np.full(len(d["dev"][1]), 1.0 / len(d["dev"][1])) for d in data.values()])
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y, sample_weight=weights * len(y))
    print("coefficients", dict(zip(FEATURES, np.round(model.coef_[0], 4).tolist(), strict=True)),
          "intercept", round(float(model.intercept_[0]), 4))
    for name, parts in data.items():
        cells = []
        for part in ("dev", "test"):
            features, labels = parts[part]
            p = model.predict_proba(features)[:, 1]
            cells.append(f"{part}: ECE {100 * ece(p, labels):.1f} points (n={len(labels)})")
        print(f"{name:<20}", "  ".join(cells))
    if args.write:
        target = ROOT / "matching/data/probability.json"
        target.write_text(json.dumps({
            "features": list(FEATURES),
            "coefficients": [round(float(c), 6) for c in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6),
            "fitted_by": "bench/calibrate_probability.py on the dev parts of " + ", ".join(f.name for f in SETS),
        }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print("written", target)


if __name__ == "__main__":
    main()
