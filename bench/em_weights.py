"""The engine with its fixed level weights beside the same engine with weights estimated on each catalogue (EM).

    .venv/bin/python bench/em_weights.py /work/shared/benchmarks/abt_buy [tests/data/zh_bench ...]

One fit per folder; ``estimate_weights`` sees the folder's demand rows without their labels (as splink's EM sees
the pairs it links). Prints R@1 / R@10 / MRR@10 on the dev and test parts (``matching.evaluation.split_of``), the
ECE of the match probability of each row's first result and first ten, and the estimated weights with ``-v``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.cli.evaluate import read_gold, read_records  # noqa: E402
from matching import SupplyMatcher  # noqa: E402
from matching.evaluation import evaluate, in_split, reliability  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--u-from", default="candidates", choices=("candidates", "random"),
                        help="where the u probabilities are counted (SupplyMatcher em_u_from)")
    parser.add_argument("--variants", default="fixed,em,em_levels", help="SupplyMatcher weightings, comma-separated")
    args = parser.parse_args()
    for folder in args.folders:
        supply = read_records(folder / "supply.jsonl")
        demand = read_records(folder / "demand.jsonl")
        gold = read_gold(folder / "gold.jsonl")
        matcher = SupplyMatcher(em_u_from=args.u_from).fit(supply)
        started = time.perf_counter()
        matcher.estimate_weights(demand)
        seconds = time.perf_counter() - started
        print(f"\n{folder}  (estimate_weights {seconds:.1f} s, EM iterations {matcher.fs_.n_iter_}, "
              f"match share {matcher.fs_.match_share_:.4f}; R@1 / R@10 / MRR@10, ECE top 1 / top 10)")
        if args.verbose:
            for (c, lv), w in sorted(matcher.fs_.weights_.items()):
                print(f"   {c:<20}{lv:<22}{w:+7.2f}")
        for weighting in args.variants.split(","):
            matcher.weighting = weighting
            found = matcher.query_many(demand, top_k=50)
            rankings = {d.id: [m.supply_id for m in ms] for d, ms in zip(demand, found, strict=True)}
            probabilities = {d.id: [m.probability for m in ms] for d, ms in zip(demand, found, strict=True)}
            cells = []
            for part in ("dev", "test"):
                part_gold = {d: s for d, s in gold.items() if d in rankings and in_split(d, part)}
                m = evaluate(rankings, part_gold)
                first = reliability(probabilities, rankings, part_gold, k=1)[0]
                ten = reliability(probabilities, rankings, part_gold)[0]
                cells.append(f"{part} {100 * m['recall_at_1']:.1f}/{100 * m['recall_at_10']:.1f}/"
                             f"{100 * m['mrr_at_10']:.1f} ECE {100 * first:.1f}/{100 * ten:.1f}")
            print(f"  {weighting:<10}" + "   ".join(cells), flush=True)


if __name__ == "__main__":
    main()
