"""On the bundled demo lists: for every demand item with a true supplier (app/demo/data/demo_truth.csv), is one
of its true suppliers among the first five suggestions?"""

from __future__ import annotations

import csv
from collections import defaultdict

from sqlalchemy import select

from app.demo import DEMO_TRUTH
from app.domain.identity import item_identity_key
from app.models import ApiRole, DemandItem, Enterprise, SupplyItem
from app.schemas.validators import split_multi
from app.services.auth import Principal
from app.services.demo import load_demo_lists
from app.services.ranking import suggestions
from app.services.ranking.matching_index import MatchingIndexes

OPERATOR = Principal(key_id=0, role=ApiRole.OPERATOR, enterprise_id=None)
# The goal is every item (204 of 204 when this test was written); the test prints the figure and the misses.
MIN_TOP5_SHARE = 0.97


def _truth() -> dict[tuple[str, str], set[tuple[str, str]]]:
    """(leader credit code, demand item code or identity) → {(SME credit code, supply item code or identity)}."""
    out: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    with DEMO_TRUTH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            supply_key = row["supply_item_code"] or item_identity_key(
                row["supply_product_name"], split_multi(row["supply_part_numbers"]))
            demand_key = row["demand_item_code"] or item_identity_key(
                row["demand_product_name"], split_multi(row["demand_part_numbers"]))
            out[(row["demand_credit_code"], demand_key)].add((row["supply_credit_code"], supply_key))
    return out


def test_a_true_supplier_is_in_the_top_five_for_the_demo_demand_items(db_session, settings, session_factory):
    assert load_demo_lists(db_session=db_session, settings=settings).loaded
    db_session.commit()
    supply_ids: dict[tuple[str, str], int] = {}
    for item, code in db_session.execute(select(SupplyItem, Enterprise.credit_code).join(SupplyItem.enterprise)):
        supply_ids[(code, item.identity_key)] = item.id
        if item.item_code:
            supply_ids[(code, item.item_code)] = item.id
    demand_items: dict[tuple[str, str], DemandItem] = {}
    for item, code in db_session.execute(select(DemandItem, Enterprise.credit_code).join(DemandItem.enterprise)):
        demand_items[(code, item.identity_key)] = item
        if item.item_code:
            demand_items[(code, item.item_code)] = item
    truth = _truth()
    wanted = {demand_items[key].id: {supply_ids[s] for s in suppliers} for key, suppliers in truth.items()}
    items = [demand_items[key] for key in truth]

    index = MatchingIndexes(session_factory=session_factory, settings=settings)
    index.start()
    found = suggestions.suggest_for_demands(db_session=db_session, index=index, demand_items=items,
                                            principal=OPERATOR, limit=5)

    misses = [item for item in items if not wanted[item.id] & {s.supply_item.id for s in found[item.id]}]
    share = 1 - len(misses) / len(items)
    print(f"\n演示数据：{len(items) - len(misses)}/{len(items)} 条需求的真实供应商在前 5 名 ({share:.1%})")
    for item in misses:
        top = "；".join(f"{s.supply_item.product_name} {s.score:.2f}" for s in found[item.id][:3])
        print(f"  未命中 {item.item_code} {item.product_name} {item.part_numbers} → {top}")
    assert share >= MIN_TOP5_SHARE
