"""Convert one category of the WDC Product Matching gold standard, as serialised by the Ditto repository
(megagonlabs/ditto, ``data/wdc/<category>/{test.txt, train.txt.medium, valid.txt.medium}``), into the benchmark
format of ``/work/shared/benchmarks`` (``demand.jsonl``, ``supply.jsonl``, ``gold.jsonl``).

WDC pairs are offers from different web shops (title only in the Ditto copy) labelled 1 when both offers belong to
the same product cluster. Positive pairs of every file are joined into clusters (a match is transitive: two offers of
one product are both matches of a third), then:

- demand: the left offers of the hand-verified **test** file's positive pairs;
- supply: every other offer of the three files (left or right), so the pool holds the clusters' other offers and the
  hard negatives the benchmark's authors chose for every pair;
- gold: each demand offer's supply offers in its cluster.

Records carry no ids here: an offer's id is a hash of its text, so the same offer on several lines is one row, and
an offer that is a demand row is never also a supply row.

    python bench/datasets/convert_wdc.py /path/to/ditto/data/wdc/computers tests/data/wdc_computers

Only the standard library (and this folder's Ditto parser); the output is deterministic (rows sorted by id).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from convert_ditto import parse_record, record_id  # noqa: E402

FILES = ("train.txt.medium", "valid.txt.medium", "test.txt")


def _pairs(source: Path):
    for name in FILES:
        for line in (source / name).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                yield name, parts[0].strip(), parts[1].strip(), parts[2].strip() == "1"


def convert(source: Path, target: Path) -> dict[str, int]:
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    text: dict[str, str] = {}
    demand: set[str] = set()
    for name, left, right, match in _pairs(source):
        a, b = record_id("", left), record_id("", right)
        text[a], text[b] = left, right
        find(a), find(b)
        if match:
            parent[find(a)] = find(b)
            if name == "test.txt":
                demand.add(a)
    members: dict[str, set[str]] = {}
    for key in text:
        members.setdefault(find(key), set()).add(key)
    gold = sorted(("d" + d, "s" + s) for d in demand for s in members[find(d)] if s not in demand)

    target.mkdir(parents=True, exist_ok=True)
    for name, prefix, keys in (("demand", "d", sorted(demand)), ("supply", "s", sorted(set(text) - demand))):
        with (target / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for key in keys:
                row = {"id": prefix + key, **parse_record(text[key])}
                row.setdefault("name", "")
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (target / "gold.jsonl").open("w", encoding="utf-8") as handle:
        for demand_id, supply_id in gold:
            handle.write(json.dumps({"demand_id": demand_id, "supply_id": supply_id}) + "\n")
    with_gold = {d for d, _ in gold}
    return {"demand": len(demand), "demand_with_gold": len(with_gold), "supply": len(text) - len(demand),
            "gold": len(gold)}


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(convert(Path(sys.argv[1]), Path(sys.argv[2])))
