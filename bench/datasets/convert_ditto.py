"""Convert a serialised pair file of the Ditto repository (megagonlabs/ditto, ``data/…/{train,valid,test}.txt``)
into the benchmark format of ``/work/shared/benchmarks`` (``demand.jsonl``, ``supply.jsonl``, ``gold.jsonl``).

Each line of a Ditto file is ``COL title VAL … COL brand VAL … <TAB> COL title VAL … <TAB> label``: a left record,
a right record and 1 (match) or 0. The left records of the *test* file that have a match become the demand rows
(the queries); every right record of the train, valid and test files becomes a supply row, so the supply pool holds
the hard negatives the original blocking produced for all queries, not only the gold; the test file's positive
pairs are the gold. Records carry no ids in this format: a row's id is a hash of its serialised text, so the
same record on several lines is one row.

    python bench/datasets/convert_ditto.py /path/to/ditto/data/er_magellan/Structured/Walmart-Amazon \
        tests/data/walmart_amazon

Only the standard library; the output is deterministic (rows sorted by id).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

_FIELD = re.compile(r"COL (\w+) VAL ?(.*?)(?= COL \w+ VAL|$)", re.S)
# Ditto's attribute names → the benchmark's fields; the rest (price …) is dropped, as a demand list has no price.
_FIELDS = {"title": "name", "name": "name", "modelno": "model", "brand": "brand", "manufacturer": "brand",
           "description": "description", "category": "description"}


def parse_record(serialised: str) -> dict[str, str]:
    row: dict[str, str] = {}
    for key, value in _FIELD.findall(serialised.strip()):
        field = _FIELDS.get(key)
        value = value.strip()
        if not field or not value or value.lower() == "nan":
            continue
        row[field] = f"{row[field]} {value}" if field in row else value
    return row


def record_id(prefix: str, serialised: str) -> str:
    return prefix + hashlib.sha256(serialised.strip().encode("utf-8")).hexdigest()[:12]


def convert(source: Path, target: Path) -> dict[str, int]:
    demand: dict[str, dict[str, str]] = {}
    supply: dict[str, dict[str, str]] = {}
    gold: set[tuple[str, str]] = set()
    for split in ("train", "valid", "test"):
        for line in (source / f"{split}.txt").read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) != 3:
                continue
            left, right, label = parts
            right_id = record_id("s", right)
            supply.setdefault(right_id, {"id": right_id, **parse_record(right)})
            if split == "test" and label.strip() == "1":
                left_id = record_id("d", left)
                demand.setdefault(left_id, {"id": left_id, **parse_record(left)})
                gold.add((left_id, right_id))
    target.mkdir(parents=True, exist_ok=True)
    for name, rows in (("demand", demand), ("supply", supply)):
        with (target / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for row_id in sorted(rows):
                row = rows[row_id]
                row.setdefault("name", "")
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (target / "gold.jsonl").open("w", encoding="utf-8") as handle:
        for demand_id, supply_id in sorted(gold):
            handle.write(json.dumps({"demand_id": demand_id, "supply_id": supply_id}) + "\n")
    return {"demand": len(demand), "supply": len(supply), "gold": len(gold)}


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(convert(Path(sys.argv[1]), Path(sys.argv[2])))
