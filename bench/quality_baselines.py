"""The engine beside the two plain baselines of issue 10, on a benchmark folder, dev and test parts side by side.

    .venv/bin/python bench/quality_baselines.py /work/shared/benchmarks/abt_buy [tests/data/zh_bench ...]

- ``char_tfidf``: scikit-learn ``TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))``, cosine over name +
  description + model + brand, no normalisation beyond lower case (the plain baseline of the README);
- ``field_tfidf``: the "field-aware" sketch: word and character n-grams over all the text and over name + model +
  brand (four cosines, summed), plus a bonus for a shared rare alphanumeric code (its IDF among the supply rows,
  relative to the largest);
- ``engine``: ``SupplyMatcher().fit(supply)``, its default configuration, as ``chainmatch eval`` runs it.

The parts are those of ``matching.evaluation.split_of`` (fixed seed); figures are Recall@1 / Recall@10 / MRR@10.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.cli.evaluate import read_gold, read_records  # noqa: E402
from matching import ItemRecord, SupplyMatcher  # noqa: E402
from matching.evaluation import evaluate, in_split  # noqa: E402

_CODE = re.compile(r"(?=[a-z0-9\-/.]*\d)(?=[a-z0-9\-/.]*[a-z])[a-z0-9][a-z0-9\-/.]{3,}")


def _all_text(r: ItemRecord) -> str:
    return " ".join([r.name, r.description, *r.part_numbers, r.brand]).lower()


def _key_text(r: ItemRecord) -> str:
    return " ".join([r.name, *r.part_numbers, r.brand]).lower()


def _top(scores: np.ndarray, supply: list[ItemRecord], k: int) -> list[str]:
    order = np.argsort(-scores, kind="stable")[:k]
    return [supply[j].id for j in order]


def char_tfidf(supply: list[ItemRecord], demand: list[ItemRecord], k: int = 50) -> dict[str, list[str]]:
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))
    s = vectorizer.fit_transform([_all_text(r) for r in supply])
    q = vectorizer.transform([_all_text(r) for r in demand])
    scores = (q @ s.T).toarray()
    return {d.id: _top(scores[i], supply, k) for i, d in enumerate(demand)}


def _codes(text: str) -> set[str]:
    return {c.replace("-", "").replace("/", "").replace(".", "") for c in _CODE.findall(text)}


def field_tfidf(supply: list[ItemRecord], demand: list[ItemRecord], k: int = 50) -> dict[str, list[str]]:
    scores = np.zeros((len(demand), len(supply)))
    for text in (_all_text, _key_text):
        for vectorizer in (TfidfVectorizer(analyzer="word", token_pattern=r"(?u)\w+"),
                           TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))):
            s = vectorizer.fit_transform([text(r) for r in supply])
            scores += (vectorizer.transform([text(r) for r in demand]) @ s.T).toarray()
    supply_codes = [_codes(_all_text(r)) for r in supply]
    df: dict[str, int] = {}
    for codes in supply_codes:
        for c in codes:
            df[c] = df.get(c, 0) + 1
    top_idf = np.log(len(supply) + 1)
    for i, d in enumerate(demand):
        for c in _codes(_all_text(d)):
            if c in df:
                bonus = np.log((len(supply) + 1) / df[c]) / top_idf
                for j, codes in enumerate(supply_codes):
                    if c in codes:
                        scores[i, j] += bonus
    return {d.id: _top(scores[i], supply, k) for i, d in enumerate(demand)}


def engine(supply: list[ItemRecord], demand: list[ItemRecord], k: int = 50) -> dict[str, list[str]]:
    matcher = SupplyMatcher().fit(supply)
    return {d.id: [m.supply_id for m in ms] for d, ms in zip(demand, matcher.query_many(demand, top_k=k), strict=True)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args()
    for folder in args.folders:
        supply = read_records(folder / "supply.jsonl")
        demand = read_records(folder / "demand.jsonl")
        gold = read_gold(folder / "gold.jsonl")
        print(f"\n{folder}  (supply {len(supply)}, demand {len(demand)}; R@1 / R@10 / MRR@10)")
        print(f"{'':<13}{'dev':>20}{'test':>20}{'all':>20}")
        for name, ranker in (("char_tfidf", char_tfidf), ("field_tfidf", field_tfidf), ("engine", engine)):
            rankings = ranker(supply, demand)
            cells = []
            for part in ("dev", "test", "all"):
                m = evaluate(rankings, {d: s for d, s in gold.items() if d in rankings and in_split(d, part)})
                cells.append(f"{100 * m['recall_at_1']:.1f}/{100 * m['recall_at_10']:.1f}/{100 * m['mrr_at_10']:.1f}")
            print(f"{name:<13}" + "".join(f"{c:>20}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
