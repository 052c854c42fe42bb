"""The demo's 国产替代 set: foreign-reference demand lines of the demo's chain leaders, domestic equivalents and
competitors, a maker's cross-reference table, and the ground truth. Built by
``python -m tools.demo_data.build_substitution_data``; loaded after the main lists by ``app.services.demo``.

``SUBSTITUTION_TRUTH`` is a UTF-8 CSV, one row per (demand item, domestic equivalent): ``demand_credit_code,
demand_item_code, supply_credit_code, supply_item_code, basis`` (``xref``: only the cross-reference table ties the
two numbers; ``compat``: the equivalent states the same ratings).
"""

from __future__ import annotations

from app.demo import DATA_DIR

SUBSTITUTION_DEMAND = DATA_DIR / "substitution_demand.xlsx"
SUBSTITUTION_SUPPLY = DATA_DIR / "substitution_supply.xlsx"
SUBSTITUTION_CROSS_REFERENCES = DATA_DIR / "substitution_cross_references.xlsx"
SUBSTITUTION_TRUTH = DATA_DIR / "substitution_truth.csv"
