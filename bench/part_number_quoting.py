"""Recall@10 by the way a demand quotes a part number, over a generated catalogue, engine beside char TF-IDF.

    .venv/bin/python bench/part_number_quoting.py --records 100000 --queries 300

Supply rows come from ``bench/gen_records.py``. For each sampled supply row that has a part number, one demand per
quoting mode names the product (the row's name without the number) and quotes the number: ``full`` as offered,
``prefix`` its head (the part before the last separator, or its first 60 %, at least 5 characters), ``lower``
in lower case, ``nosep`` without separators, ``typo`` with one character replaced. Half the demands carry the
number in the name, half in the model field. The gold is the row the demand was made from.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import gen_records  # noqa: E402

from matching import ItemRecord, SupplyMatcher  # noqa: E402

MODES = ("full", "prefix", "lower", "nosep", "typo")
_SEPARATORS = re.compile(r"[-_/. ]")


def quote(pn: str, mode: str, rng: random.Random) -> str:
    if mode == "full":
        return pn
    if mode == "lower":
        return pn.lower()
    if mode == "nosep":
        return _SEPARATORS.sub("", pn)
    if mode == "prefix":
        cut = max((m.start() for m in _SEPARATORS.finditer(pn)), default=-1)
        head = pn[:cut] if cut >= 5 else pn[: max(5, int(len(pn) * 0.6 + 0.5))]
        return head
    positions = [i for i, c in enumerate(pn) if c.isalnum()]
    i = positions[len(positions) // 2]
    alphabet = "0123456789" if pn[i].isdigit() else "ABCDEFGHJKMNPRSTUVWXYZ"
    return pn[:i] + rng.choice([c for c in alphabet if c != pn[i].upper()]) + pn[i + 1:]


def demands(supply: list, n: int, seed: int) -> dict[str, list[tuple[ItemRecord, str]]]:
    rng = random.Random(seed)
    sources = [r for r in rng.sample(supply, min(len(supply), n * 3)) if r.part_numbers and len(r.part_numbers[0]) >= 7]
    out: dict[str, list[tuple[ItemRecord, str]]] = {m: [] for m in MODES}
    for q, source in enumerate(sources[:n]):
        pn = source.part_numbers[0]
        name = source.name.replace(pn, "").strip() or source.name
        for mode in MODES:
            quoted = quote(pn, mode, rng)
            if q % 2:
                record = ItemRecord(f"d{q}-{mode}", f"{name} {quoted}", category=source.category)
            else:
                record = ItemRecord(f"d{q}-{mode}", name, part_numbers=(quoted,), category=source.category)
            out[mode].append((record, source.id))
    return out


def _text(r) -> str:
    return " ".join([r.name, r.description, *r.part_numbers, r.brand])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generated = list(gen_records.iter_records(args.records))
    supply = [ItemRecord(r.id, r.name, r.description, tuple(r.part_numbers), r.brand, r.category) for r in generated]
    by_mode = demands(supply, args.queries, args.seed)

    started = time.perf_counter()
    matcher = SupplyMatcher().fit(supply)
    print(f"engine fit {time.perf_counter() - started:.1f} s", flush=True)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), dtype=np.float32)
    matrix = vectorizer.fit_transform([_text(r).lower() for r in supply])
    ids = np.array([r.id for r in supply])

    print(f"{'mode':<8}{'queries':>8}{'engine R@10':>13}{'char_tfidf R@10':>17}")
    for mode in MODES:
        cases = by_mode[mode]
        records = [c[0] for c in cases]
        engine_hits = sum(
            gold in [m.supply_id for m in ms]
            for (_, gold), ms in zip(cases, matcher.query_many(records, top_k=10), strict=True)
        )
        scores = (vectorizer.transform([_text(r).lower() for r in records]) @ matrix.T).toarray()
        top = np.argsort(-scores, axis=1)[:, :10]
        tfidf_hits = sum(gold in set(ids[top[i]]) for i, (_, gold) in enumerate(cases))
        n = len(cases)
        print(f"{mode:<8}{n:>8}{100 * engine_hits / n:>13.1f}{100 * tfidf_hits / n:>17.1f}", flush=True)


if __name__ == "__main__":
    main()
