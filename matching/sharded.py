"""Matching a supply list split into shards, with the scores of one engine fitted on the whole list.

Engine-neutral pieces for a distributed batch (Spark drives them in ``app/jobs/spark_match.py``; :func:`match_sharded`
runs them in one process, for tests): pure functions over pandas frames and plain records, no I/O.

Why the result equals :class:`~matching.SupplyMatcher` fitted on everything:

1. The BM25 statistics are global. :func:`corpus_part` counts, per block of prepared supply rows, the rows, the
   field lengths and each hashed feature's document frequency; :func:`combine_corpus` adds the blocks up. Every
   shard is fitted with these (:class:`ShardMatcher`), so a supply row's weights, a query's weights, the IDF and
   a row's self-score are the single engine's, float for float.
2. A query's score against a row depends only on the two (a float32 sum in the query's feature order), so each
   shard's best ``n_candidates`` rows, merged by (score, global row), are the single engine's best rows.
3. Candidates by part number are found per shard as raw groups with their sizes (:func:`code_groups`); the merge
   applies the size limits and the cap of :meth:`matching.code_index.CodeIndex.candidates` to the global groups
   (:func:`merge_code_groups`).
4. Stage 2 compares each demand with its merged candidates only (:func:`rank_merged`), with the rows' own fields
   carried along, so the shards never send a fitted index anywhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from matching.code_index import MAX_CANDIDATES, MAX_RANGE, MIN_EDIT, MIN_PREFIX, CodeIndex, _encode
from matching.comparisons import Contribution, Match
from matching.features import PreparedRecord, prepare_many
from matching.index import bm25_idf
from matching.matcher import _CATEGORY_CODE, _FIELDS, SupplyMatcher
from matching.records import ItemRecord
from matching.synonyms import SynonymRewriter, load_synonyms

# The columns of a list of records (supply or demand) as exported: ``row`` is the position in the single engine's
# fitting order (ties in the candidate search are broken by it), the rest are ItemRecord's fields.
RECORD_COLUMNS = ("row", "id", "name", "description", "part_numbers", "brand", "category")
# A prepared supply row: what the index hashes and what the comparisons read.
PREPARED_COLUMNS = ("row", "id", "name", "description", "brand", "part_numbers", "specs", "category",
                    "n_primary_codes", "attributes")
# A candidate a shard hands to the merge. ``demand`` is the demand's position in the demand list; a row with
# ``row == -1`` carries the shard's part-number groups for that demand (``code_groups``, JSON) and nothing else.
CANDIDATE_COLUMNS = ("demand", "row", "value", "text_sim", "coverage", "in_top", "code_groups",
                     *PREPARED_COLUMNS[1:])
# The same without the row's fields: what a distributed run ships to the merge, which then fetches the fields of
# the chosen candidates only (a demand's candidates of every shard are n_candidates × shards rows; it keeps ~100).
SCORE_COLUMNS = CANDIDATE_COLUMNS[:7]
RESULT_COLUMNS = ("demand_id", "rank", "supply_id", "score", "probability", "contributions")

# Within one part-number group only the first rows can be taken (the cap counts new rows: at most MAX_CANDIDATES
# taken before the group plus MAX_CANDIDATES from it), so a shard sends no more of a group than this.
_GROUP_ROWS_KEPT = 2 * MAX_CANDIDATES
_EDIT = 1_000  # the lookup number of the one-edit group (exact is 0, longer codes 1, heads 2 + length)


# ── records in frames ────────────────────────────────────────────────────────────────────────────────────────
def records_of(frame: Any) -> list[ItemRecord]:
    """ItemRecords from a frame with :data:`RECORD_COLUMNS` (list columns may arrive as arrays)."""
    return [
        ItemRecord(id=str(i), name=n or "", description=d or "", part_numbers=tuple(p) if p is not None else (),
                   brand=b or "", category=c or None)
        for i, n, d, p, b, c in zip(frame["id"], frame["name"], frame["description"], frame["part_numbers"],
                                    frame["brand"], frame["category"], strict=True)
    ]


def rewriter_of(params: Mapping[str, Any]) -> SynonymRewriter:
    """The synonym rewriter a SupplyMatcher with these parameters uses."""
    groups = load_synonyms() if params.get("use_packaged_synonyms", True) else ()
    return SynonymRewriter([*groups, *params.get("synonyms", ())])


def prepare_records(records: Sequence[ItemRecord], params: Mapping[str, Any],
                    rewriter: SynonymRewriter | None = None) -> list[PreparedRecord]:
    """What the single engine prepares from these records (normalised, synonyms rewritten, codes extracted)."""
    matcher = SupplyMatcher(**params)
    return prepare_many(records, rewriter or rewriter_of(params), matcher.max_description_chars)


def prepared_frame(frame: Any, params: Mapping[str, Any], rewriter: SynonymRewriter | None = None) -> Any:
    """A frame of :data:`RECORD_COLUMNS` prepared: a frame of :data:`PREPARED_COLUMNS`."""
    import pandas as pd

    prepared = prepare_records(records_of(frame), params, rewriter)
    return pd.DataFrame({
        "row": np.asarray(frame["row"], dtype=np.int64),
        "id": [p.id for p in prepared],
        "name": [p.name for p in prepared],
        "description": [p.description for p in prepared],
        "brand": [p.brand for p in prepared],
        "part_numbers": [list(p.part_numbers) for p in prepared],
        "specs": [list(p.specs) for p in prepared],
        "category": [p.category for p in prepared],
        "n_primary_codes": np.asarray([p.n_primary_codes for p in prepared], dtype=np.int64),
        "attributes": [list(p.attributes) for p in prepared],
    }, columns=list(PREPARED_COLUMNS))


def prepared_records(frame: Any) -> list[PreparedRecord]:
    """PreparedRecords from a frame of :data:`PREPARED_COLUMNS`."""
    return [
        PreparedRecord(id=str(i), name=n or "", description=d or "", brand=b or "", part_numbers=_tuple(p),
                       specs=_tuple(s), category=c or None, n_primary_codes=int(k), attributes=_tuple(a))
        for i, n, d, b, p, s, c, k, a in zip(
            frame["id"], frame["name"], frame["description"], frame["brand"], frame["part_numbers"], frame["specs"],
            frame["category"], frame["n_primary_codes"], frame["attributes"], strict=True)
    ]


def _tuple(values: Any) -> tuple[str, ...]:
    return () if values is None else tuple(str(v) for v in values)


# ── global statistics ────────────────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class CorpusStats:
    """What BM25 needs of the whole supply: the row count, the average field lengths, each feature's document
    frequency (a dense int32 array over the hashed space)."""

    n_rows: int
    avg_lengths: dict[str, float]
    df: np.ndarray


def corpus_part(prepared: Sequence[PreparedRecord], params: Mapping[str, Any]) -> dict[str, Any]:
    """One block's share of :class:`CorpusStats`: ``n``, ``lengths`` (total per field) and the document frequency
    of each feature it contains (``features``, ``counts``; sparse, so that blocks are cheap to ship and add)."""
    matcher = SupplyMatcher(**params)
    matcher.avg_lengths_ = dict.fromkeys(_FIELDS, 1.0)  # lengths change weights, never which features a row has
    columns = SupplyMatcher._prepared_columns(prepared)
    lengths = {field: int(sum(map(len, columns[field]))) for field in _FIELDS}
    tf = matcher._term_frequencies(columns)
    features, counts = np.unique(tf.indices[tf.data != 0], return_counts=True)
    return {"n": len(prepared), "lengths": lengths, "features": features.astype(np.int64),
            "counts": counts.astype(np.int64)}


def combine_corpus(parts: Iterable[Mapping[str, Any]], params: Mapping[str, Any]) -> CorpusStats:
    """:class:`CorpusStats` of the blocks together (lengths are summed as integers: the averages are exact)."""
    bits = SupplyMatcher(**params).hash_bits
    df = np.zeros(1 << bits, dtype=np.int64)
    n = 0
    lengths = dict.fromkeys(_FIELDS, 0)
    for part in parts:
        n += int(part["n"])
        for field in _FIELDS:
            lengths[field] += int(part["lengths"][field])
        np.add.at(df, np.asarray(part["features"], dtype=np.int64), np.asarray(part["counts"], dtype=np.int64))
    # SupplyMatcher._average_lengths, from the totals.
    avg = {field: max(lengths[field] / max(n, 1), 1.0) for field in _FIELDS}
    return CorpusStats(n_rows=n, avg_lengths=avg, df=df.astype(np.int32))


# ── one shard ────────────────────────────────────────────────────────────────────────────────────────────────
class ShardMatcher(SupplyMatcher):
    """A SupplyMatcher over one shard of the supply that weighs and scores with the whole supply's statistics.

    ``fit`` takes prepared records (:func:`prepare_records`) and queries take prepared demand records: preparing is
    done once per record, where its row lives. Parameters: ``corpus`` (:class:`CorpusStats`) and those of
    :class:`SupplyMatcher`."""

    def __init__(self, *, corpus: CorpusStats | None = None, **params: Any) -> None:
        super().__init__(**params)
        self.corpus = corpus

    def fit(self, supply: Iterable[ItemRecord | PreparedRecord]) -> ShardMatcher:  # type: ignore[override]
        if self.corpus is None:
            raise ValueError("ShardMatcher 需要全体供给的统计 corpus (combine_corpus) (a ShardMatcher needs corpus)")
        super().fit(supply)  # type: ignore[arg-type]
        index = self.index_
        index.df = self.corpus.df
        # The shard's own rows stay the ones searched; the IDF counts every row of the supply.
        index._n_alive = self.corpus.n_rows
        self.doc_norms_ = index.self_scores(bm25_idf(index.df, max(index.n_alive, 1)))
        return self

    def _prepare_many(self, records: Sequence[Any]) -> list[PreparedRecord]:
        if all(isinstance(r, PreparedRecord) for r in records):
            return list(records)
        return super()._prepare_many(records)

    def _average_lengths(self, columns: dict[str, Iterable[Any]]) -> dict[str, float]:  # type: ignore[override]
        return dict(self.corpus.avg_lengths)  # type: ignore[union-attr]


def shard_candidates(
    shard: Any, demands: Sequence[PreparedRecord], params: Mapping[str, Any], corpus: CorpusStats,
    *, demand_offset: int = 0, batch_size: int = 256, timings: dict[str, float] | None = None,
    with_fields: bool = True,
) -> Iterator[Any]:
    """Fit one shard (a frame of :data:`PREPARED_COLUMNS`) and yield, a batch of demands at a time, frames of
    :data:`CANDIDATE_COLUMNS`: each demand's best ``n_candidates`` rows of this shard and the rows of its
    part-number groups, with the fields stage 2 compares; ``demand`` counts from ``demand_offset``. ``timings``,
    when given, receives the seconds spent fitting (``fit``) and scoring (``score``). Without ``with_fields`` the
    frames have :data:`SCORE_COLUMNS` only."""
    import time

    import pandas as pd

    timings = timings if timings is not None else {}
    columns = CANDIDATE_COLUMNS if with_fields else SCORE_COLUMNS
    carried = PREPARED_COLUMNS[1:] if with_fields else ()
    started = time.perf_counter()
    shard = shard.sort_values("row", kind="stable")
    global_rows = np.asarray(shard["row"], dtype=np.int64)
    records = prepared_records(shard)
    matcher = ShardMatcher(corpus=corpus, **params).fit(records)
    del records
    fields = {column: list(shard[column]) for column in PREPARED_COLUMNS[1:]}
    timings["fit"] = timings.get("fit", 0.0) + time.perf_counter() - started
    for start in range(0, len(demands), batch_size):
        started = time.perf_counter()
        batch = demands[start : start + batch_size]
        queries, norms = matcher._query_vectors(batch)
        top_rows, top_scores, counts = matcher.index_.top_rows(queries, matcher.n_candidates)
        out: dict[str, list[Any]] = {column: [] for column in columns}
        for i, demand in enumerate(batch):
            rows, values = top_rows[i, : counts[i]], top_scores[i, : counts[i]]
            in_top = np.ones(len(rows), dtype=bool)
            groups: list[dict[str, Any]] = []
            if demand.part_numbers:
                groups = code_groups(matcher.codes_, demand.part_numbers, global_rows)
                local = {int(r) for g in groups for r in g["local"]}
                extra = np.setdiff1d(np.fromiter(local, dtype=np.int64, count=len(local)), rows)
                if len(extra):
                    rows = np.concatenate([rows, extra])
                    values = np.concatenate([values, matcher.index_.row_scores(queries[i], extra)])
                    in_top = np.concatenate([in_top, np.zeros(len(extra), dtype=bool)])
            # As SupplyMatcher._query_batch computes them, so that stage 2 reads the same floats.
            text_sim = np.minimum(values / norms[i], 1.0) if norms[i] > 0 else np.zeros_like(values)
            coverage = np.minimum(values / np.maximum(matcher.doc_norms_[rows], 1e-9), 1.0)
            demand_number = demand_offset + start + i
            if groups:
                _append(out, demand=demand_number, row=-1, value=0.0, text_sim=0.0, coverage=0.0, in_top=False,
                        code_groups=json.dumps([{k: v for k, v in g.items() if k != "local"} for g in groups]),
                        **dict.fromkeys(carried))
            for j, local_row in enumerate(rows.tolist()):
                _append(out, demand=demand_number, row=int(global_rows[local_row]), value=float(values[j]),
                        text_sim=float(text_sim[j]), coverage=float(coverage[j]), in_top=bool(in_top[j]),
                        code_groups=None, **{column: fields[column][local_row] for column in carried})
        frame = pd.DataFrame(out, columns=list(columns))
        timings["score"] = timings.get("score", 0.0) + time.perf_counter() - started
        yield frame


def _append(out: dict[str, list[Any]], **values: Any) -> None:
    for column, value in values.items():
        out[column].append(value)


# ── part-number candidates, per shard and merged ─────────────────────────────────────────────────────────────
def code_groups(codes: CodeIndex, demanded: Sequence[str], global_rows: np.ndarray) -> list[dict[str, Any]]:
    """The look-ups of :meth:`CodeIndex.candidates` on one shard, before any limit is applied: per look-up its
    number (``key``), level, the shard's range size(s) and the shard's first rows in the global order (``rows``:
    ``[code bytes in hex, global row]``, which sort as the whole index orders them; ``local``: the same rows as the shard numbers them)."""
    out: list[dict[str, Any]] = []

    def group(key: list[int], level: int, start: int, stop: int, sorted_codes: np.ndarray,
              sorted_rows: np.ndarray) -> dict[str, Any]:
        size = stop - start
        kept = range(start, min(stop, start + _GROUP_ROWS_KEPT)) if size <= MAX_RANGE else range(0)
        local = [int(sorted_rows[p]) for p in kept]
        return {"key": key, "level": level, "size": size, "local": local,
                "rows": [[bytes(sorted_codes[p]).hex(), int(global_rows[r])] for p, r in zip(kept, local, strict=True)]}

    for c, code in enumerate(demanded):
        if len(code) < 3:
            continue
        key = _encode(code)
        start, stop = CodeIndex._range(codes.codes, key, prefix=False)
        out.append(group([c, 0], 0, start, stop, codes.codes, codes.rows))
        if len(code) >= MIN_PREFIX:
            start, stop = CodeIndex._range(codes.codes, key, prefix=True)
            out.append(group([c, 1], 1, start, stop, codes.codes, codes.rows))
            for n in range(MIN_PREFIX, len(key)):
                start, stop = CodeIndex._range(codes.codes, key[:n], prefix=False)
                out.append(group([c, 2 + n], 1, start, stop, codes.codes, codes.rows))
        if len(code) >= MIN_EDIT:
            out.append(_edit_group(codes, code, [c, _EDIT], global_rows))
    return [g for g in out if g["size"] or g.get("halves")]


def _edit_group(codes: CodeIndex, code: str, key: list[int], global_rows: np.ndarray) -> dict[str, Any]:
    """CodeIndex._one_edit on one shard: per half, the range size, the hits (distance ≤ 1) and the rows one edit
    away (their count, and the first of them in the global order)."""
    half = len(code) // 2
    encoded = _encode(code)
    halves = []
    local: list[int] = []
    for h, (sorted_codes, sorted_rows, head) in enumerate((
        (codes.codes, codes.rows, encoded[:half]),
        (codes.reversed_codes, codes.reversed_rows, encoded[::-1][:half]),
    )):
        start, stop = CodeIndex._range(sorted_codes, head, prefix=True)
        entry: dict[str, Any] = {"range": stop - start, "hits": 0, "ones": 0, "rows": []}
        if 0 < stop - start <= MAX_RANGE * 4:
            pool = [c.decode("utf-8", "replace") for c in sorted_codes[start:stop].tolist()]
            if h == 1:
                pool = [p[::-1] for p in pool]
            hits = process.extract(code, pool, scorer=Levenshtein.distance, processor=None, score_cutoff=1,
                                   limit=None)
            ones = sorted(index for _, distance, index in hits if distance == 1)
            entry.update(hits=len(hits), ones=len(ones))
            for index in ones[:_GROUP_ROWS_KEPT]:
                row = int(sorted_rows[start + index])
                local.append(row)
                entry["rows"].append([bytes(sorted_codes[start + index]).hex(), int(global_rows[row])])
        halves.append(entry)
    return {"key": key, "level": 2, "size": 0, "halves": halves, "local": local}


def merge_code_groups(shards: Iterable[Sequence[Mapping[str, Any]]]) -> list[int]:
    """The global rows :meth:`CodeIndex.candidates` gives on the whole supply, from each shard's
    :func:`code_groups`: limits applied to the summed sizes, rows in the global order, capped."""
    merged: dict[tuple[int, int], dict[str, Any]] = {}
    for groups in shards:
        for g in groups:
            key = (int(g["key"][0]), int(g["key"][1]))
            m = merged.setdefault(key, {"level": g["level"], "size": 0, "rows": [], "halves": None})
            if "halves" in g and g["halves"] is not None:
                if m["halves"] is None:
                    m["halves"] = [{"range": 0, "hits": 0, "ones": 0, "rows": []} for _ in g["halves"]]
                for total, part in zip(m["halves"], g["halves"], strict=True):
                    for field in ("range", "hits", "ones"):
                        total[field] += part[field]
                    total["rows"].extend(part["rows"])
            else:
                m["size"] += g["size"]
                m["rows"].extend(g["rows"])
    taken: list[tuple[int, int, list[int]]] = []
    for key in sorted(merged):  # the order CodeIndex.candidates makes its look-ups in
        m = merged[key]
        if m["halves"] is not None:
            rows: list[int] = []
            for half in m["halves"]:
                if 0 < half["range"] <= MAX_RANGE * 4 and half["hits"] <= MAX_RANGE:
                    rows.extend(r for _, r in sorted(half["rows"], key=lambda kr: (kr[0], kr[1])))
            size = sum(h["ones"] for h in m["halves"]
                       if 0 < h["range"] <= MAX_RANGE * 4 and h["hits"] <= MAX_RANGE)
        else:
            if not 0 < m["size"] <= MAX_RANGE:
                continue
            rows = [r for _, r in sorted(m["rows"], key=lambda kr: (kr[0], kr[1]))]
            size = m["size"]
        if size:
            taken.append((m["level"], size, rows))
    out: dict[int, None] = {}
    for _, _, rows in sorted(taken, key=lambda g: (g[0], g[1])):
        for r in rows:
            out[r] = None
        if len(out) >= MAX_CANDIDATES:
            break
    return list(out)[:MAX_CANDIDATES]


# ── the merge and stage 2 ────────────────────────────────────────────────────────────────────────────────────
def rank_merged(demand: PreparedRecord, candidates: Any, params: Mapping[str, Any], corpus: CorpusStats,
                top_k: int) -> list[Match]:
    """One demand's results from every shard's candidates (a frame of :data:`CANDIDATE_COLUMNS`):
    :func:`select_candidates`, then :func:`rank_selected`."""
    return rank_selected(demand, select_candidates(candidates, params), params, corpus, top_k)


def select_candidates(candidates: Any, params: Mapping[str, Any]) -> Any:
    """The rows of one demand's candidates (from every shard; :data:`SCORE_COLUMNS` at least) the single engine
    compares: the global best ``n_candidates`` rows by score (ties: the lower global row) and the part-number
    candidates of the whole supply; in row order, without the part-number group rows."""
    n_candidates = SupplyMatcher(**params).n_candidates
    headers = candidates[candidates["row"] < 0]
    rows = candidates[candidates["row"] >= 0].drop_duplicates("row")
    top = rows[rows["in_top"].astype(bool)].sort_values(["value", "row"], ascending=[False, True], kind="stable")
    chosen = set(top["row"].head(n_candidates).tolist())
    if len(headers):
        chosen.update(merge_code_groups(json.loads(text) for text in headers["code_groups"]))
    return rows[rows["row"].isin(chosen)].sort_values("row", kind="stable")


def rank_selected(demand: PreparedRecord, selected: Any, params: Mapping[str, Any], corpus: CorpusStats,
                  top_k: int) -> list[Match]:
    """The single engine's comparisons and ranking of one demand's selected candidates (a frame with ``text_sim``,
    ``coverage`` and the rows' :data:`PREPARED_COLUMNS`)."""
    if not len(selected):
        return []
    matcher = _candidate_matcher(selected, params, corpus)
    return matcher._rank(demand, np.arange(len(selected)), np.asarray(selected["text_sim"], dtype=np.float64),
                         np.asarray(selected["coverage"], dtype=np.float64), top_k)


def _candidate_matcher(keep: Any, params: Mapping[str, Any], corpus: CorpusStats) -> SupplyMatcher:
    """A SupplyMatcher whose rows are one demand's merged candidates: what ``_rank`` reads of the supply rows, and
    the global document frequencies for the rarity of a part number."""
    matcher = SupplyMatcher(**params)
    prepared = prepared_records(keep)
    matcher.ids_ = [p.id for p in prepared]
    matcher.names_ = [p.name for p in prepared]
    matcher.brands_ = [p.brand for p in prepared]
    matcher.part_numbers_ = [p.part_numbers for p in prepared]
    matcher.specs_ = [p.specs for p in prepared]
    matcher.attributes_ = [p.attributes for p in prepared]
    matcher.categories_ = np.fromiter((_CATEGORY_CODE.get(p.category or "", 0) for p in prepared), dtype=np.int8,
                                      count=len(prepared))
    matcher.primary_codes_ = np.fromiter((min(p.n_primary_codes, 255) for p in prepared), dtype=np.uint8,
                                         count=len(prepared))
    matcher.index_ = _CorpusView(df=corpus.df, n_alive=corpus.n_rows)  # type: ignore[assignment]
    return matcher


@dataclass(frozen=True)
class _CorpusView:
    """What stage 2 reads of the index (a part number's document frequency, the row count): an empty PostingIndex
    would allocate its 2**hash_bits-wide arrays for every demand merged."""

    df: np.ndarray
    n_alive: int


# ── results as rows ──────────────────────────────────────────────────────────────────────────────────────────
def result_rows(demand_id: str, matches: Sequence[Match]) -> dict[str, list[Any]]:
    """Matches as columns of :data:`RESULT_COLUMNS` (contributions as JSON, every field kept)."""
    return {
        "demand_id": [demand_id] * len(matches),
        "rank": list(range(1, len(matches) + 1)),
        "supply_id": [m.supply_id for m in matches],
        "score": [m.score for m in matches],
        "probability": [m.probability for m in matches],
        "contributions": [json.dumps([_contribution_json(c) for c in m.contributions], ensure_ascii=False)
                          for m in matches],
    }


def _contribution_json(c: Contribution) -> list[Any]:
    return [c.comparison, c.level, c.weight, c.value, c.demand_value, c.supply_value, c.label, c.similarity]


def matches_of(frame: Any) -> dict[str, list[Match]]:
    """Matches per demand id, back from a frame of :data:`RESULT_COLUMNS`, in rank order."""
    ordered = frame.sort_values(["demand_id", "rank"], kind="stable")
    out: dict[str, list[Match]] = {}
    for demand_id, supply_id, score, prob, contributions in zip(
            ordered["demand_id"], ordered["supply_id"], ordered["score"], ordered["probability"],
            ordered["contributions"], strict=True):
        out.setdefault(str(demand_id), []).append(Match(
            supply_id=str(supply_id), score=float(score),
            contributions=tuple(Contribution(*c) for c in json.loads(contributions)),
            probability=None if prob is None or prob != prob else float(prob)))
    return out


# ── everything in one process ────────────────────────────────────────────────────────────────────────────────
def shard_of(ids: Sequence[str], n_shards: int) -> np.ndarray:
    """A stable shard number per supply id (the same in every process, unlike Python's ``hash``)."""
    import zlib

    return np.fromiter((zlib.crc32(i.encode("utf-8")) % n_shards for i in ids), dtype=np.int64, count=len(ids))


def match_sharded(supply: Sequence[ItemRecord], demand: Sequence[ItemRecord], *, n_shards: int, top_k: int = 10,
                  params: Mapping[str, Any] | None = None) -> list[list[Match]]:
    """What a distributed run computes, in one process: ``SupplyMatcher(**params).fit(supply).query_many(demand)``
    from ``n_shards`` shards."""
    import pandas as pd

    params = dict(params or {})
    rewriter = rewriter_of(params)
    frame = pd.DataFrame({"row": np.arange(len(supply)), "id": [r.id for r in supply],
                          "name": [r.name for r in supply], "description": [r.description for r in supply],
                          "part_numbers": [list(r.part_numbers) for r in supply], "brand": [r.brand for r in supply],
                          "category": [r.category for r in supply]})
    prepared = prepared_frame(frame, params, rewriter)
    corpus = combine_corpus([corpus_part(prepared_records(prepared), params)], params)
    demands = prepare_records(demand, params, rewriter)
    shards = shard_of(list(prepared["id"]), n_shards)
    candidates = pd.concat([
        part
        for s in range(n_shards) if (shards == s).any()
        for part in shard_candidates(prepared[shards == s], demands, params, corpus)
    ], ignore_index=True)
    by_demand = dict(iter(candidates.groupby("demand", sort=False)))
    empty = candidates.iloc[0:0]
    return [rank_merged(d, by_demand.get(k, empty), params, corpus, top_k) for k, d in enumerate(demands)]
