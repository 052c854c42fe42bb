"""What the readable explanations cost: on the demo lists, rank the suppliers of every open demand item (limit 10)
and time, in the same run, the ranking with the reasons against the reasons alone (``readable_reasons`` over the
same results, with the spelling memo warm and cold), so the share the reasons add is measured beside its
baseline::

    .venv/bin/python bench/reasons_cost.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demo_world import demo_world  # noqa: E402  (bench/ is the script's folder)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=10)
    args = parser.parse_args()
    with demo_world("bench") as (settings, session_factory, indexes):
        from sqlalchemy import select

        from app.models import DemandItem
        from app.services.auth import SYSTEM_PRINCIPAL
        from app.services.ranking import business_factors as factors
        from app.services.ranking.reasons import Wording, _normalised, readable_reasons
        from app.services.ranking.suggestions import _wording, suggest_for_demands

        with session_factory() as session:
            items = list(session.scalars(select(DemandItem).where(DemandItem.is_open).order_by(DemandItem.id)))
            suggest_for_demands(db_session=session, index=indexes, demand_items=items, principal=SYSTEM_PRINCIPAL,
                                limit=args.limit)  # warm-up
            ranking, reasons, cold = [], [], []
            for _ in range(args.repeat):
                started = time.perf_counter()
                found = suggest_for_demands(db_session=session, index=indexes, demand_items=items,
                                            principal=SYSTEM_PRINCIPAL, limit=args.limit)
                ranking.append(time.perf_counter() - started)
                started = time.perf_counter()
                for item in items:
                    words = Wording(name=item.product_name, part_numbers=tuple(item.part_numbers or ()),
                                    description=item.specification or "")
                    side = factors.DemandSide.of(item)
                    for s in found[item.id]:
                        readable_reasons(s.contributions, demand=words, supply=_wording(s.supply_item),
                                         demand_side=side, supply_side=factors.SupplySide.of(s.supply_item))
                reasons.append(time.perf_counter() - started)
                started = time.perf_counter()
                _normalised.cache_clear()  # the spelling memo cold, as for a list seen for the first time
                for item in items:
                    words = Wording(name=item.product_name, part_numbers=tuple(item.part_numbers or ()),
                                    description=item.specification or "")
                    side = factors.DemandSide.of(item)
                    for s in found[item.id]:
                        readable_reasons(s.contributions, demand=words, supply=_wording(s.supply_item),
                                         demand_side=side, supply_side=factors.SupplySide.of(s.supply_item))
                cold.append(time.perf_counter() - started)
    n = sum(len(v) for v in found.values())
    total, alone, alone_cold = statistics.median(ranking), statistics.median(reasons), statistics.median(cold)
    print(f"{len(items)} demand items, {n} suggestions; ranking with reasons {total * 1000:.0f} ms "
          f"({total / len(items) * 1000:.2f} ms per item); reasons alone {alone * 1000:.0f} ms "
          f"({alone / max(n, 1) * 1e6:.0f} µs per suggestion, {alone / total * 100:.1f} % of the ranking); "
          f"with a cold spelling memo {alone_cold * 1000:.0f} ms ({alone_cold / total * 100:.1f} %)")


if __name__ == "__main__":
    main()
