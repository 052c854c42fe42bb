"""On the bundled demo: every foreign-reference demand item whose truth file names a domestic equivalent has it
among its first five suppliers with the 国产替代 flag; the demo's domestic competitors (another rating, no
cross-reference) are never flagged. Run on SQLite and on PostgreSQL (``TEST_DATABASE_URL``)."""

from __future__ import annotations

import csv

from sqlalchemy import select

from app.demo.substitution import SUBSTITUTION_TRUTH
from app.models import ApiRole, DemandItem, Enterprise, SupplyItem
from app.services.auth import Principal
from app.services.demo import load_demo_lists
from app.services.ranking import suggestions
from app.services.ranking.matching_index import MatchingIndexes

OPERATOR = Principal(key_id=0, role=ApiRole.OPERATOR, enterprise_id=None)


def test_each_truth_equivalent_is_in_the_top_five_flagged_and_no_competitor_is_flagged(db_session, settings,
                                                                                       session_factory):
    assert load_demo_lists(db_session=db_session, settings=settings).loaded
    db_session.commit()
    by_code = {(code, item.item_code): item for item, code in db_session.execute(
        select(DemandItem, Enterprise.credit_code).join(DemandItem.enterprise)) if item.item_code}
    supply_by_code = {(code, item.item_code): item for item, code in db_session.execute(
        select(SupplyItem, Enterprise.credit_code).join(SupplyItem.enterprise)) if item.item_code}
    with SUBSTITUTION_TRUTH.open(encoding="utf-8", newline="") as handle:
        truth = list(csv.DictReader(handle))
    assert len(truth) >= 25 and {row["basis"] for row in truth} == {"xref", "compat"}
    items = [by_code[(row["demand_credit_code"], row["demand_item_code"])] for row in truth]
    wanted = {item.id: supply_by_code[(row["supply_credit_code"], row["supply_item_code"])].id
              for item, row in zip(items, truth, strict=True)}
    competitors = {item.id for (_, code), item in supply_by_code.items() if code.endswith("B")}

    index = MatchingIndexes(session_factory=session_factory, settings=settings)
    index.start()
    top = suggestions.suggest_for_demands(db_session=db_session, index=index, demand_items=items,
                                          principal=OPERATOR, limit=5)
    wide = suggestions.suggest_for_demands(db_session=db_session, index=index, demand_items=items,
                                           principal=OPERATOR, limit=50, min_score=-100)
    misses = []
    for item in items:
        hit = next((s for s in top[item.id] if s.supply_item.id == wanted[item.id]), None)
        if hit is None or not hit.domestic_substitute or "国产替代：对标" not in hit.explanation:
            misses.append(f"{item.item_code} {item.product_name} → "
                          + "；".join(f"{s.supply_item.product_name} {s.score:.2f} {s.domestic_substitute}"
                                     for s in top[item.id]))
    print(f"\n国产替代演示：{len(items) - len(misses)}/{len(items)} 条需求的国产替代在前 5 名并已标注")
    assert not misses, "\n".join(misses)
    flagged = [(item.item_code, s.supply_item.item_code) for item in items for s in wide[item.id]
               if s.supply_item.id in competitors and s.domestic_substitute]
    assert not flagged
    seen = {s.supply_item.id for item in items for s in wide[item.id]}
    assert len(competitors & seen) >= 15  # the competitors really were compared


def test_committed_files_are_what_the_builder_builds():
    from openpyxl import load_workbook

    from app.demo.substitution import SUBSTITUTION_CROSS_REFERENCES, SUBSTITUTION_DEMAND, SUBSTITUTION_SUPPLY
    from tools.demo_data.build_substitution_data import TRUTH_HEADERS, build

    demand, supply, xref, truth = build()
    for path, rows in ((SUBSTITUTION_DEMAND, demand), (SUBSTITUTION_SUPPLY, supply),
                       (SUBSTITUTION_CROSS_REFERENCES, xref)):
        stored = [list(r) for r in load_workbook(path, read_only=True).active.iter_rows(min_row=2, values_only=True)]
        assert stored == rows, path.name
    with SUBSTITUTION_TRUTH.open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [list(TRUTH_HEADERS), *truth]
