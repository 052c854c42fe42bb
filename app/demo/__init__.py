"""The bundled demo data set: a fictitious Chongqing-style demand list, supply list and matching ground truth.

The files are built by ``python -m tools.demo_data.build_demo_data`` (deterministic) and loaded through the import
service like any operator's upload. ``DEMO_TRUTH`` is a UTF-8 CSV with one row per (demand item, true supply
item) pair: ``demand_credit_code, demand_product_name, demand_part_numbers, supply_credit_code,
supply_product_name, supply_part_numbers, demand_item_code, supply_item_code``. Names and part numbers are the
cells exactly as written in the sheets (mess included), credit codes are normalised, so an item is found by
its owner's credit code plus ``item_identity_key(product_name, split part numbers)`` or by its item code.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMAND_LIST = DATA_DIR / "demand_list.xlsx"  # sheet 需求清单: 24 chain leaders
SUPPLY_LIST = DATA_DIR / "supply_list.xlsx"  # sheet 供给清单: SMEs, with header variants
DEMO_TRUTH = DATA_DIR / "demo_truth.csv"
DEMAND_SHEET = "需求清单"
SUPPLY_SHEET = "供给清单"

__all__ = ["DATA_DIR", "DEMAND_LIST", "DEMAND_SHEET", "DEMO_TRUTH", "SUPPLY_LIST", "SUPPLY_SHEET"]
