"""How well 国产替代 works on the demo: the demo lists (with their substitution lines and the maker's cross-reference
table) are loaded into a fresh SQLite database and every demand item of ``app/demo/data/substitution_truth.csv``
is ranked by the suggestion service, as a chain leader sees it.

For the dev part, the test part (``matching.evaluation.split_of`` of the demand item code) and both:

* R@1 / R@5: the truth equivalent is first / in the first five, flagged 国产替代;
* flag P@10: of the suggestions flagged 国产替代 in the first ten, the share that are a truth equivalent (the main
  demo's other domestic makers of the same part are not in the truth file, so this is a floor);
* competitors flagged: the demo's domestic competitors (another rating, no cross-reference) flagged anywhere in
  the first 50 — should be 0.

    .venv/bin/python bench/substitution_eval.py [-v]     # -v: each miss with its contributions
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demo_world import demo_world  # noqa: E402  (bench/ is the script's folder)


def main(verbose: bool) -> None:
    with demo_world("subst") as (settings, session_factory, index):
        from sqlalchemy import select

        from app.demo.substitution import SUBSTITUTION_TRUTH
        from app.models import ApiRole, DemandItem, Enterprise, SupplyItem
        from app.services.auth import Principal
        from app.services.ranking import suggestions
        from matching.evaluation import split_of

        operator = Principal(key_id=0, role=ApiRole.OPERATOR, enterprise_id=None)
        with session_factory() as session:
            demand = {(c, i.item_code): i for i, c in session.execute(
                select(DemandItem, Enterprise.credit_code).join(DemandItem.enterprise)) if i.item_code}
            supply = {(c, i.item_code): i for i, c in session.execute(
                select(SupplyItem, Enterprise.credit_code).join(SupplyItem.enterprise)) if i.item_code}
            with SUBSTITUTION_TRUTH.open(encoding="utf-8", newline="") as handle:
                truth = list(csv.DictReader(handle))
            items = [demand[(r["demand_credit_code"], r["demand_item_code"])] for r in truth]
            wanted = {i.id: supply[(r["supply_credit_code"], r["supply_item_code"])].id
                      for i, r in zip(items, truth, strict=True)}
            competitors = {i.id for (_, code), i in supply.items() if code.endswith("B")}
            found = suggestions.suggest_for_demands(db_session=session, index=index, demand_items=items,
                                                    principal=operator, limit=50, min_score=-100)
            rows = []
            for item in items:
                ranked = found[item.id]
                position = next((k for k, s in enumerate(ranked) if s.supply_item.id == wanted[item.id]
                                 and s.domestic_substitute), None)
                flagged = [s for s in ranked[:10] if s.domestic_substitute]
                rows.append({
                    "split": split_of(item.item_code), "r1": position == 0, "r5": position is not None and position < 5,
                    "flagged": len(flagged), "true_flagged": sum(s.supply_item.id == wanted[item.id] for s in flagged),
                    "competitors": sum(s.supply_item.id in competitors and s.domestic_substitute for s in ranked),
                    "competitors_seen": sum(s.supply_item.id in competitors for s in ranked),
                })
                if verbose:
                    for s in flagged:
                        if s.supply_item.id != wanted[item.id]:
                            print(f"另标注 {item.item_code} {item.product_name} → {s.supply_item.product_name}："
                                  f"{s.explanation[:100]}")
                if verbose and not rows[-1]["r5"]:
                    print(f"未命中 {item.item_code} {item.product_name}")
                    for s in ranked[:6]:
                        mark = "★" if s.supply_item.id == wanted[item.id] else " "
                        print(f"  {mark} {s.score:6.2f} {s.domestic_substitute!s:5} {s.supply_item.product_name}："
                              f"{s.explanation[:120]}")
    print(f"{'part':5} {'items':>5} {'R@1':>6} {'R@5':>6} {'flag P@10':>9} {'competitors flagged':>20}")
    for part in ("dev", "test", "all"):
        chosen = [r for r in rows if part == "all" or r["split"] == part]
        if not chosen:
            continue
        n = len(chosen)
        flagged = sum(r["flagged"] for r in chosen)
        precision = sum(r["true_flagged"] for r in chosen) / flagged if flagged else 0.0
        print(f"{part:5} {n:5d} {sum(r['r1'] for r in chosen) / n:6.3f} {sum(r['r5'] for r in chosen) / n:6.3f} "
              f"{precision:9.3f} {sum(r['competitors'] for r in chosen):>10d} of {sum(r['competitors_seen'] for r in chosen)}")


if __name__ == "__main__":
    main(verbose="-v" in sys.argv[1:])
