"""SupplyMatcher: rank supply records for a demand record, two stages, every score explained.

Stage 1 finds candidates with a BM25F-weighted sparse search over hashed features (character n-grams for
Chinese, word-bounded trigrams and words for Latin text, part numbers in their own space). Stage 2 compares each
candidate field by field (name with rapidfuzz, part numbers by levels, brand, specifications, category) and adds
the contributions up. Shaped like a scikit-learn estimator: parameters in ``__init__``, work in ``fit``,
learned state in attributes ending in ``_``.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Collection, Iterable, Sequence
from typing import IO, Any

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from matching import attributes as attr
from matching import comparisons as cmp
from matching.code_index import CodeIndex
from matching.comparisons import Match
from matching.features import PreparedRecord, code_features, code_hashes, prepare_many, text_features
from matching.fellegi_sunter import FellegiSunter
from matching.index import PostingIndex, bm25_idf, grow
from matching.probability import probability, result_features
from matching.records import CATEGORIES, ItemRecord
from matching.synonyms import SynonymRewriter, load_synonyms

FORMAT_NAME = "chainmatch-supply-matcher"
FORMAT_VERSION = 3  # 3: categorical attributes stored per row

_CATEGORY_CODE = {name: i + 1 for i, name in enumerate(CATEGORIES)}  # 0 = unknown
_CATEGORY_NAME = {code: name for name, code in _CATEGORY_CODE.items()}

_FIELDS = ("name", "description", "brand", "part_number")
# Records prepared at a time by fit: bounds the per-record objects alive at once.
_FIT_CHUNK = 50_000


class NotFittedError(ValueError, AttributeError):
    """The matcher was used before ``fit`` (or ``load``)."""


class IndexFormatError(ValueError):
    """A saved index is not one this version of the engine can read."""


class SupplyMatcher:
    """Ranks supply records for demand records, each result explained by its contributions.

    Parameters
    ----------
    synonyms:
        Extra synonym groups (each a sequence of terms, the canonical one first), used beside the packaged
        dictionary; see :func:`matching.synonyms.load_synonyms` for reading an operator's file.
    use_packaged_synonyms:
        Whether to load ``matching/data/synonyms.tsv``.
    n_candidates:
        How many candidates stage 1 hands to the comparisons.
    max_df:
        Features found in more than this share of the supply rows are skipped by the candidate search (their
        posting lists are long and their IDF is low).
    min_pruned_df:
        ...but only when they are found in more than this many rows: short posting lists are cheap, and in a
        small catalogue a common feature may be the only evidence that two rows match.
    max_description_chars:
        Only the beginning of a description is indexed.
    hash_bits:
        The feature space has ``2**hash_bits`` columns.
    k1, b:
        BM25 term-frequency saturation and length normalisation.
    name_weight, description_weight, brand_weight, part_number_weight:
        BM25F field weights: how much one occurrence in that field counts.
    query_description_weight, query_description_chars:
        The description field's weight in a demand record (its 技术要求 are evidence, unlike a supplier's sales
        text), scaled down for descriptions longer than ``query_description_chars`` so that a long one cannot
        outweigh the name: its weight is ``query_description_weight × min(1, chars / length)``.
    search:
        How stage 1 runs: ``"compiled"`` (numba loops, compiled on first use: seconds once per environment),
        ``"uncompiled"`` (numpy and scipy) or ``"auto"`` (uncompiled up to ``matching.index.UNCOMPILED_MAX_ROWS``
        rows, compiled beyond; see :class:`matching.index.PostingIndex`). The results are the same either way;
        only the speed differs.
    weighting:
        ``"fixed"``: the comparisons' levels weigh what ``matching.comparisons`` says, the same for every catalogue.
        ``"em"``: once :meth:`estimate_weights` has run, each level weighs its Fellegi–Sunter weight (bits,
        ``log2 m/u``) estimated on this catalogue without labels; until then, the fixed weights.
        ``"em_levels"``: text and name similarity at their fixed weights, every other level at its estimated
        weight, turned into the score's units by the estimated weight of text similarity (bits per unit).
    em_u_from:
        Where :meth:`estimate_weights` counts the u probabilities: ``"candidates"`` (among the stage-1 candidates
        EM deems non-matches: what a level says among rows that look alike) or ``"random"`` (random pairs, splink's
        default).
    """

    def __init__(
        self,
        *,
        synonyms: Sequence[Sequence[str]] = (),
        use_packaged_synonyms: bool = True,
        n_candidates: int = 100,
        max_df: float = 0.2,
        min_pruned_df: int = 1000,
        max_description_chars: int = 300,
        hash_bits: int = 22,
        k1: float = 1.2,
        b: float = 0.6,
        name_weight: float = 1.0,
        description_weight: float = 0.15,
        brand_weight: float = 0.5,
        part_number_weight: float = 1.5,
        query_description_weight: float = 0.5,
        query_description_chars: int = 60,
        search: str = "auto",
        weighting: str = "fixed",
        em_u_from: str = "candidates",
    ) -> None:
        self.synonyms = synonyms
        self.use_packaged_synonyms = use_packaged_synonyms
        self.n_candidates = n_candidates
        self.max_df = max_df
        self.min_pruned_df = min_pruned_df
        self.max_description_chars = max_description_chars
        self.hash_bits = hash_bits
        self.k1 = k1
        self.b = b
        self.name_weight = name_weight
        self.description_weight = description_weight
        self.brand_weight = brand_weight
        self.part_number_weight = part_number_weight
        self.query_description_weight = query_description_weight
        self.query_description_chars = query_description_chars
        self.search = search
        self.weighting = weighting
        self.em_u_from = em_u_from

    # ── parameters ──────────────────────────────────────────────────────────────────────────────────────────
    def get_params(self) -> dict[str, Any]:
        return {
            "synonyms": tuple(tuple(g) for g in self.synonyms),
            "use_packaged_synonyms": self.use_packaged_synonyms,
            "n_candidates": self.n_candidates,
            "max_df": self.max_df,
            "min_pruned_df": self.min_pruned_df,
            "max_description_chars": self.max_description_chars,
            "hash_bits": self.hash_bits,
            "k1": self.k1,
            "b": self.b,
            "name_weight": self.name_weight,
            "description_weight": self.description_weight,
            "brand_weight": self.brand_weight,
            "part_number_weight": self.part_number_weight,
            "query_description_weight": self.query_description_weight,
            "query_description_chars": self.query_description_chars,
            "search": self.search,
            "weighting": self.weighting,
            "em_u_from": self.em_u_from,
        }

    def _field_weights(self) -> dict[str, float]:
        return {
            "name": self.name_weight,
            "description": self.description_weight,
            "brand": self.brand_weight,
            "part_number": self.part_number_weight,
        }

    def _check_fitted(self) -> None:
        if not hasattr(self, "index_"):
            raise NotFittedError(
                "SupplyMatcher 尚未训练: 请先调用 fit(supply_records) 或 SupplyMatcher.load(file) "
                "(this SupplyMatcher is not fitted yet)"
            )

    # ── fitting ─────────────────────────────────────────────────────────────────────────────────────────────
    def fit(self, supply: Iterable[ItemRecord]) -> SupplyMatcher:
        """Index the supply records (ids must be unique; a later duplicate replaces an earlier one)."""
        records = list({r.id: r for r in supply}.values())
        groups = load_synonyms() if self.use_packaged_synonyms else ()
        self.rewriter_ = SynonymRewriter([*groups, *self.synonyms])
        self.ids_: list[str] = [r.id for r in records]
        self.row_of_: dict[str, int] = {supply_id: i for i, supply_id in enumerate(self.ids_)}
        self.names_: list[str] = []
        self.brands_: list[str] = []
        self.part_numbers_: list[tuple[str, ...]] = []
        self.specs_: list[tuple[str, ...]] = []
        self.attributes_: list[tuple[str, ...]] = []
        self.categories_ = np.zeros(0, dtype=np.int8)
        self.primary_codes_ = np.zeros(0, dtype=np.uint8)
        # A chunk of records at a time is prepared and stored; of the rest only the canonical descriptions are kept
        # until the average field lengths of BM25's length normalisation are known, then each chunk is hashed.
        descriptions: list[list[str]] = []
        for start in range(0, len(records), _FIT_CHUNK):
            prepared = self._prepare_many(records[start : start + _FIT_CHUNK])
            self._store(prepared)
            descriptions.append([p.description for p in prepared])
            del prepared
        self.avg_lengths_ = self._average_lengths(
            {**self._columns(0, len(records), []), "description": itertools.chain.from_iterable(descriptions)}
        )
        parts = []
        for k, start in enumerate(range(0, len(records), _FIT_CHUNK)):
            parts.append(self._documents(self._columns(start, start + len(descriptions[k]), descriptions[k])))
            descriptions[k] = []
        index = PostingIndex(1 << self.hash_bits, search=self.search)
        index.build(parts)  # empties parts as it goes
        self.codes_ = CodeIndex().build(self.part_numbers_)
        self.index_ = index
        # What _self_scores of the stacked rows gives (up to float rounding), read from the postings: no stacked copy.
        self.doc_norms_ = index.self_scores(bm25_idf(index.df, max(index.n_alive, 1)))
        index.warm_up()
        return self

    def _columns(self, start: int, stop: int, descriptions: Sequence[str]) -> dict[str, Sequence[Any]]:
        """Stored rows ``start:stop`` as the fields hashed, with their canonical descriptions beside."""
        return {
            "name": self.names_[start:stop],
            "description": descriptions,
            "brand": self.brands_[start:stop],
            "part_number": self.part_numbers_[start:stop],
        }

    def _self_scores(self, documents: sparse.csr_matrix) -> np.ndarray:
        """What each supply row would score against itself as a query (IDF as of now)."""
        # IDF per feature, then one gathered array squared in place: at a million rows each temporary of the
        # entries' size is ~0.5 GB, and the elementwise IDF of the gathered frequencies needed several.
        df, n_alive = self.index_.df, max(self.index_.n_alive, 1)
        if documents.nnz < len(df):  # a few added rows: the IDF of their own entries only (same values)
            squared = bm25_idf(df[documents.indices], n_alive)
        else:
            squared = bm25_idf(df, n_alive)[documents.indices]
        squared *= documents.data
        squared *= documents.data
        matrix = sparse.csr_matrix((squared, documents.indices, documents.indptr), shape=documents.shape)
        return np.asarray(matrix.sum(axis=1), dtype=np.float32).ravel()

    def _prepare_many(self, records: Sequence[ItemRecord]) -> list[PreparedRecord]:
        return prepare_many(records, self.rewriter_, self.max_description_chars)

    @staticmethod
    def _prepared_columns(prepared: Sequence[PreparedRecord]) -> dict[str, Sequence[Any]]:
        return {
            "name": [p.name for p in prepared],
            "description": [p.description for p in prepared],
            "brand": [p.brand for p in prepared],
            "part_number": [p.part_numbers for p in prepared],
        }

    def _store(self, prepared: Sequence[PreparedRecord]) -> None:
        self.names_.extend(p.name for p in prepared)
        self.brands_.extend(p.brand for p in prepared)
        self.part_numbers_.extend(p.part_numbers for p in prepared)
        self.specs_.extend(p.specs for p in prepared)
        self.attributes_.extend(p.attributes for p in prepared)
        codes = np.fromiter((_CATEGORY_CODE.get(p.category or "", 0) for p in prepared), dtype=np.int8)
        self.categories_ = grow(self.categories_, codes)
        primary = np.fromiter((min(p.n_primary_codes, 255) for p in prepared), dtype=np.uint8, count=len(prepared))
        self.primary_codes_ = grow(self.primary_codes_, primary)

    @staticmethod
    def _average_lengths(columns: dict[str, Iterable[Any]]) -> dict[str, float]:
        n = max(len(columns["name"]), 1)  # type: ignore[arg-type]
        return {field: max(sum(map(len, columns[field])) / n, 1.0) for field in _FIELDS}

    def _term_frequencies(self, columns: dict[str, Sequence[Any]], *, query: bool = False) -> sparse.csr_matrix:
        """BM25F pseudo term frequencies: per field, count × field weight ÷ length normalisation, summed. For demand
        records (``query``) the description has its own weight, capped for long descriptions.

        Built from (row, feature, weight) triples in one COO → CSR conversion: sparse products or sums over the
        2**hash_bits-wide space would allocate a workspace of that width on every call."""
        bits = self.hash_bits
        n = len(columns["name"])
        weights = self._field_weights()
        all_rows, all_feats, all_weights = [], [], []
        for field in _FIELDS:
            values = columns[field]
            if field == "part_number":
                rows, feats = code_features(values, bits)
            else:
                rows, feats = text_features(values, bits)
            lengths = np.fromiter((len(v) for v in values), dtype=np.float32, count=n)
            weight = weights[field]
            if query and field == "description":
                weight = self.query_description_weight * np.minimum(
                    1.0, self.query_description_chars / np.maximum(lengths, 1.0))
            norm = weight / (1.0 - self.b + self.b * lengths / self.avg_lengths_[field])
            all_rows.append(rows)
            all_feats.append(feats)
            all_weights.append(norm.astype(np.float32)[rows])
        matrix = sparse.csr_matrix(
            (np.concatenate(all_weights), (np.concatenate(all_rows), np.concatenate(all_feats))),
            shape=(n, 1 << bits),
            dtype=np.float32,
        )
        matrix.sum_duplicates()
        return matrix

    def _documents(self, columns: dict[str, Sequence[Any]]) -> sparse.csr_matrix:
        tf = self._term_frequencies(columns)
        tf.data = (tf.data * (self.k1 + 1.0) / (tf.data + self.k1)).astype(np.float32)
        return tf

    # ── incremental updates ─────────────────────────────────────────────────────────────────────────────────
    def add(self, records: Iterable[ItemRecord]) -> SupplyMatcher:
        """Add supply records, replacing any with the same id; no refit."""
        self._check_fitted()
        records = list({r.id: r for r in records}.values())
        if not records:
            return self
        self.remove([r.id for r in records if r.id in self.row_of_])
        prepared = self._prepare_many(records)
        documents = self._documents(self._prepared_columns(prepared))
        rows = self.index_.append(documents)
        self.doc_norms_ = grow(self.doc_norms_, self._self_scores(documents))
        for p, row in zip(prepared, rows, strict=True):
            self.ids_.append(p.id)
            self.row_of_[p.id] = int(row)
            self.codes_.add(int(row), p.part_numbers)
        self._store(prepared)
        if len(self.index_.delta_rows) > max(50_000, self.index_.n_rows // 10):
            self.compact()
        return self

    def remove(self, ids: Iterable[str]) -> SupplyMatcher:
        """Remove supply records by id (unknown ids are ignored)."""
        self._check_fitted()
        rows = [self.row_of_.pop(i) for i in ids if i in self.row_of_]
        if rows:
            self.index_.remove(np.asarray(rows, dtype=np.int64))
            for row in rows:
                self.names_[row] = ""
                self.brands_[row] = ""
                self.part_numbers_[row] = ()
                self.specs_[row] = ()
                self.attributes_[row] = ()
        return self

    def compact(self) -> SupplyMatcher:
        """Merge added rows into the main postings and make the IDF exact again (a cheap partial refit)."""
        self._check_fitted()
        self.index_.compact()
        self.codes_ = CodeIndex().build(self.part_numbers_)
        return self

    def compile_search(self) -> SupplyMatcher:
        """Run the candidate search compiled from now on, compiling it first (see the ``search`` parameter)."""
        self._check_fitted()
        self.index_.compile_search()
        return self

    @property
    def n_supply_(self) -> int:
        self._check_fitted()
        return len(self.row_of_)

    # ── querying ────────────────────────────────────────────────────────────────────────────────────────────
    def query(self, demand: ItemRecord, top_k: int = 10) -> list[Match]:
        """The best ``top_k`` supply rows for one demand record, best first."""
        return self.query_many([demand], top_k=top_k)[0]

    def query_many(
        self,
        demands: Sequence[ItemRecord],
        top_k: int = 10,
        batch_size: int = 256,
        *,
        also: Sequence[Collection[str]] | None = None,
    ) -> list[list[Match]]:
        """The best ``top_k`` supply rows for each demand record, best first. ``also[i]``: supply ids compared with
        demand ``i`` whatever stage 1 finds (equivalents a cross-reference names; unknown ids are ignored)."""
        self._check_fitted()
        results: list[list[Match]] = []
        for start in range(0, len(demands), batch_size):
            extra = also[start : start + batch_size] if also is not None else None
            results.extend(self._query_batch(demands[start : start + batch_size], top_k, extra))
        return results

    def part_numbers_of(self, records: Sequence[ItemRecord]) -> list[tuple[str, ...]]:
        """Each record's part numbers as the engine reads them (typed and found in the name, normalised).
        Reading needs only the settings (the synonyms), not a fitted catalogue, so an unfitted engine answers too:
        a batch ranked elsewhere (Spark) is stored without fitting the catalogue here."""
        rewriter = getattr(self, "rewriter_", None)
        if rewriter is None:
            groups = load_synonyms() if self.use_packaged_synonyms else ()
            rewriter = SynonymRewriter([*groups, *self.synonyms])
        prepared = prepare_many(records, rewriter, self.max_description_chars)
        return [p.part_numbers[: p.n_primary_codes] for p in prepared]

    def ids_with_part_numbers(self, codes: Collection[str]) -> list[str]:
        """Supply ids whose part numbers include one of ``codes`` exactly (normalised)."""
        self._check_fitted()
        alive = self.index_.alive
        rows = self.codes_.exact(codes, alive)
        return [self.ids_[r] for r in rows]

    def _query_vectors(self, prepared: Sequence[PreparedRecord]) -> tuple[sparse.csr_matrix, np.ndarray]:
        """Query rows (IDF × saturated query weight) restricted to searchable features, and each row's norm:
        the score an identical supply row would get, so that text similarity is in [0, 1]."""
        n_alive = max(self.index_.n_alive, 1)
        tf = self._term_frequencies(self._prepared_columns(prepared), query=True)
        df = self.index_.df[tf.indices]
        idf = bm25_idf(df, n_alive)
        searchable = (df > 0) & (df <= max(self.max_df * n_alive, float(self.min_pruned_df)))
        saturated = tf.data * (self.k1 + 1.0) / (tf.data + self.k1)
        weights = np.where(searchable, idf * saturated, 0.0).astype(np.float32)
        queries = sparse.csr_matrix((weights, tf.indices, tf.indptr), shape=tf.shape)
        self_scores = sparse.csr_matrix((weights * saturated, tf.indices, tf.indptr), shape=tf.shape)
        norms = np.asarray(self_scores.sum(axis=1)).ravel()
        queries.eliminate_zeros()
        return queries, norms

    def _query_batch(
        self, demands: Sequence[ItemRecord], top_k: int, also: Sequence[Collection[str]] | None = None
    ) -> list[list[Match]]:
        prepared = self._prepare_many(demands)
        return [self._rank(demand, rows, text_sim, coverage, top_k)
                for demand, (rows, text_sim, coverage) in zip(prepared, self._candidates(prepared, also), strict=True)]

    def _candidates(
        self, prepared: Sequence[PreparedRecord], also: Sequence[Collection[str]] | None = None
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Stage 1 for each prepared demand record: (candidate rows, text similarity, coverage); ``also[i]``:
        supply ids added to record ``i``'s candidates whatever their text."""
        queries, norms = self._query_vectors(prepared)
        top_rows, top_scores, counts = self.index_.top_rows(queries, self.n_candidates)
        out = []
        for i, demand in enumerate(prepared):
            rows, values = top_rows[i, : counts[i]], top_scores[i, : counts[i]]
            if demand.part_numbers:
                # Rows sharing a part number, its head or a one-edit variant are candidates whatever their text.
                shared = self.codes_.candidates(demand.part_numbers, self.index_.alive)
                extra = np.setdiff1d(np.asarray(shared, dtype=np.int64), rows, assume_unique=False)
                if len(extra):
                    rows = np.concatenate([rows, extra])
                    values = np.concatenate([values, self.index_.row_scores(queries[i], extra)])
            if also is not None and also[i]:
                wanted = np.asarray([self.row_of_[s] for s in also[i] if s in self.row_of_], dtype=np.int64)
                extra = np.setdiff1d(wanted, rows)
                if len(extra):
                    rows = np.concatenate([rows, extra])
                    values = np.concatenate([values, self.index_.row_scores(queries[i], extra)])
            text_sim = np.minimum(values / norms[i], 1.0) if norms[i] > 0 else np.zeros_like(values)
            coverage = np.minimum(values / np.maximum(self.doc_norms_[rows], 1e-9), 1.0)
            out.append((rows, text_sim, coverage))
        return out

    def _compare_rows(
        self, demand: PreparedRecord, rows: np.ndarray, text_sim: np.ndarray, coverage: np.ndarray
    ) -> list[list[cmp.Compared]]:
        """The comparisons of each of ``rows`` with the demand record, values not written out."""
        names = [self.names_[r] for r in rows]
        if demand.name:
            name_sim = process.cdist(
                [demand.name], names, scorer=fuzz.token_sort_ratio, processor=None, dtype=np.float32
            )[0] / 100.0
        else:
            name_sim = np.zeros(len(rows), dtype=np.float32)
        demand_specs = cmp.spec_values(demand.specs)
        demand_attributes = attr.attribute_values(demand.attributes)
        rarities: dict[str, float] = {}  # one demanded part number matches many candidates exactly
        return [
            self._compare(
                demand, demand_specs, demand_attributes, int(row), float(text_sim[j]), float(coverage[j]),
                float(name_sim[j]), False, rarities,
            )
            for j, row in enumerate(rows)
        ]

    def _totals(self, compared: list[list[cmp.Compared]]) -> np.ndarray:
        """Each candidate's score: the fixed level weights, or this catalogue's estimated ones when in use."""
        if self._estimated_weights() is not None:
            return np.array([sum(self._em_values(c)) for c in compared])
        weight = cmp.LEVEL_WEIGHTS
        return np.array([sum(weight[item[0], item[1]] * item[4] for item in c) for c in compared])

    def _rank(
        self, demand: PreparedRecord, rows: np.ndarray, text_sim: np.ndarray, coverage: np.ndarray, top_k: int
    ) -> list[Match]:
        if not len(rows):
            return []
        # Score every candidate with plain tuples; build Contribution objects only for the results returned.
        compared = self._compare_rows(demand, rows, text_sim, coverage)
        totals = self._totals(compared)
        demand_specs = cmp.spec_values(demand.specs)
        demand_attributes = attr.attribute_values(demand.attributes)
        self._put_exact_part_numbers_first(compared, totals)
        order = sorted(range(len(rows)), key=lambda j: (-totals[j], self.ids_[int(rows[j])]))[:top_k]
        for j in order:  # the values compared are written out for the results returned only (same levels)
            explained = iter(self._compare_specs(demand_specs, int(rows[j]), True)
                             + self._compare_attributes(demand_attributes, int(rows[j]), True))
            compared[j] = [next(explained) if item[0] in _EXPLAINED_COMPARISONS else item for item in compared[j]]
        best = order[0]
        runner_up = max((float(totals[j]) for j in range(len(rows)) if j != best), default=None)
        return [
            Match(
                supply_id=self.ids_[int(rows[j])],
                score=float(sum(c.value for c in contributions)),
                contributions=contributions,
                probability=probability(result_features(
                    float(totals[j]), runner_up if j == best else float(totals[best]), float(text_sim[j]), rank,
                    [(item[0], item[1]) for item in compared[j]],
                )),
            )
            for rank, j in enumerate(order, start=1)
            for contributions in [self._contributions(compared[j])]
        ]

    @staticmethod
    def _put_exact_part_numbers_first(compared: list[list[cmp.Compared]], totals: np.ndarray) -> None:
        """An exact part number always outranks a near miss (same family, one edit away): where the sum of the
        other evidence says otherwise, the exact match gets the difference as an explicit priority contribution."""
        levels = [next(item[1] for item in c if item[0] == "part_number") for c in compared]
        near = [j for j, level in enumerate(levels) if level in ("family", "near", "typo", "head")]
        if not near:
            return
        target = float(totals[near].max()) + cmp.PART_NUMBER_PRIORITY_MARGIN
        for j, level in enumerate(levels):
            if level == "exact" and totals[j] < target:
                part = next(item for item in compared[j] if item[0] == "part_number")
                compared[j].append(("part_number_priority", "applied", part[2], part[3], target - totals[j], False))
                totals[j] = target

    def _compare(
        self,
        demand: PreparedRecord,
        demand_specs: dict[str, set[str]],
        demand_attributes: dict[str, set[str]],
        row: int,
        text_sim: float,
        coverage: float,
        name_sim: float,
        explain: bool,
        rarities: dict[str, float],
    ) -> list[cmp.Compared]:
        """(comparison, level, demand value, supply value, factor, graded) for each comparison."""
        supply_name = self.names_[row]
        out: list[cmp.Compared] = [
            ("text", "similar", None, None, round(text_sim, 6), True),
        ]
        if demand.name and supply_name:
            out.append(("name", "similar", demand.name, supply_name, round(name_sim, 6), True))
        else:
            out.append(("name", "missing", demand.name or None, supply_name or None, 1.0, False))

        level, d_code, s_code = cmp.part_number_level(
            demand.part_numbers, self.part_numbers_[row], demand.n_primary_codes, int(self.primary_codes_[row])
        )
        scale = 1.0
        if level in ("exact", "in_description") and d_code:
            if d_code not in rarities:
                rarities[d_code] = self._part_number_rarity(d_code)
            scale = rarities[d_code]
        out.append(("part_number", level, d_code, s_code, scale, False))
        out.append(self._compare_brand(demand, row))
        out.extend(self._compare_specs(demand_specs, row, explain))
        out.extend(self._compare_attributes(demand_attributes, row, explain))
        supply_category = _CATEGORY_NAME.get(int(self.categories_[row]))
        level, d_cat, s_cat = cmp.category_level(demand.category, supply_category)
        out.append(("category", level, d_cat, s_cat, 1.0, False))
        return out

    def _compare_specs(self, demand_specs: dict[str, set[str]], row: int, explain: bool) -> list[cmp.Compared]:
        """Agreeing values, conflicting values with units, conflicting bare numbers; the values compared are
        written out only when the result is explained (``explain``), counting is enough to rank."""
        supply_specs = self.specs_[row]
        if not demand_specs or not supply_specs:
            specs = _NO_SPECS
        elif explain:
            specs = cmp.spec_comparison(demand_specs, cmp.spec_values_of(supply_specs))
        else:
            specs = cmp.SpecComparison(*cmp.spec_counts(demand_specs, cmp.spec_values_of(supply_specs)))
        return [
            ("spec", "same" if specs.agree else "missing", specs.shown, specs.shown, float(specs.agree or 1), False),
            (
                "spec_conflict", "different" if specs.conflict else "none",
                specs.demand_conflict, specs.supply_conflict, float(specs.conflict or 1), False,
            ),
            (
                "number_conflict", "different" if specs.number_conflict else "none",
                specs.demand_number, specs.supply_number, float(specs.number_conflict or 1), False,
            ),
        ]

    def _compare_attributes(
        self, demand_attributes: dict[str, set[str]], row: int, explain: bool
    ) -> list[cmp.Compared]:
        """Attribute families both rows state: agreeing (a shared value) and conflicting (none shared)."""
        supply_attributes = self.attributes_[row]
        if not demand_attributes or not supply_attributes:
            found = _NO_ATTRIBUTES
        elif explain:
            found = attr.compare_attributes(demand_attributes, attr.attribute_values_of(supply_attributes))
        else:
            found = attr.AttributeComparison(
                *attr.attribute_counts(demand_attributes, attr.attribute_values_of(supply_attributes)))
        return [
            ("attribute", "same" if found.agree else "missing", found.shown, found.shown, float(found.agree or 1),
             False),
            ("attribute_conflict", "different" if found.conflict else "none", found.demand_conflict,
             found.supply_conflict, float(found.conflict or 1), False),
        ]

    def _compare_brand(self, demand: PreparedRecord, row: int) -> cmp.Compared:
        d, s = demand.brand, self.brands_[row]
        if d and s:
            if d == s:
                return ("brand", "exact", d, s, 1.0, False)
            similar = fuzz.token_set_ratio(d, s, processor=None) >= 85 or _contains_words(d, s) or _contains_words(s, d)
            return ("brand", "similar" if similar else "different", d, s, 1.0, False)
        if d and _contains_words(self.names_[row], d):
            return ("brand", "in_text", d, d, 1.0, False)
        if s and _contains_words(demand.name, s):
            return ("brand", "in_text", s, s, 1.0, False)
        return ("brand", "missing", d or None, s or None, 1.0, False)

    def _part_number_rarity(self, code: str) -> float:
        """How telling an exact match on this part number is: its IDF among the supply rows relative to a number
        found in one row only, times its specificity (length)."""
        feature = code_hashes([code], self.hash_bits)[0]
        n = max(self.index_.n_alive, 1)
        df = max(int(self.index_.df[feature]), 1)
        idf = float(bm25_idf(np.array([df]), n)[0])
        top = float(bm25_idf(np.array([1]), n)[0])
        rarity = idf / top if top > 0 else 1.0
        # A long code is specific (FF450R12ME4); a short one (CS3, V11) may be a version shared by many products.
        specificity = 0.4 + 0.6 * min(1.0, max(0.0, (len(code) - 3) / 5))
        return float(min(1.0, max(cmp.PART_NUMBER_MIN_RARITY, rarity * specificity)))

    # ── weights estimated on the catalogue (Fellegi–Sunter, EM) ─────────────────────────────────────────────
    def estimate_weights(
        self,
        demands: Sequence[ItemRecord],
        *,
        max_demands: int = 2000,
        random_pairs_per_demand: int = 50,
        seed: int = 0,
    ) -> SupplyMatcher:
        """Estimate each comparison level's weight for this catalogue from demand records without labels.

        The pairs are the stage-1 candidates of (at most ``max_demands`` of) ``demands``; ``u`` is counted on
        ``random_pairs_per_demand`` random supply rows per demand record, ``m`` by EM starting from the fixed
        weights' first result of each demand record as its match (:class:`matching.fellegi_sunter.FellegiSunter`).
        The weights are used when ``weighting="em"`` and saved with the matcher."""
        self._check_fitted()
        rng = np.random.default_rng(seed)
        demands = list(demands)
        if len(demands) > max_demands:
            demands = [demands[i] for i in sorted(rng.choice(len(demands), max_demands, replace=False).tolist())]
        alive = np.flatnonzero(self.index_.alive)
        candidate_levels: list[list[str]] = []
        initial: list[float] = []
        groups: list[int] = []
        random_levels: list[list[str]] = []
        saved, self.fs_ = getattr(self, "fs_", None), None  # the first guess comes from the fixed weights
        try:
            for start in range(0, len(demands), 256):
                prepared = self._prepare_many(demands[start : start + 256])
                queries, norms = self._query_vectors(prepared)
                for i, (demand, (rows, text_sim, coverage)) in enumerate(
                    zip(prepared, self._candidates(prepared), strict=True)
                ):
                    if not len(rows):
                        continue
                    compared = self._compare_rows(demand, rows, text_sim, coverage)
                    totals = self._totals(compared)
                    self._put_exact_part_numbers_first(compared, totals)
                    best = int(np.argmax(totals))
                    for j, c in enumerate(compared):
                        candidate_levels.append(_fs_levels(c))
                        initial.append(1.0 if j == best else 0.0)
                        groups.append(start + i)
                    if len(alive):
                        sample = np.unique(rng.choice(alive, min(random_pairs_per_demand, len(alive)), replace=False))
                        values = self.index_.row_scores(queries[i], sample)
                        random_sim = np.minimum(values / norms[i], 1.0) if norms[i] > 0 else np.zeros(len(sample))
                        cover = np.minimum(values / np.maximum(self.doc_norms_[sample], 1e-9), 1.0)
                        random_levels.extend(
                            _fs_levels(c) for c in self._compare_rows(demand, sample, random_sim, cover))
        finally:
            self.fs_ = saved
        if not candidate_levels or not random_levels:
            return self
        self.fs_ = FellegiSunter(u_from=self.em_u_from).fit(
            _FS_COMPARISONS, candidate_levels, np.unique(groups, return_inverse=True)[1], np.asarray(initial),
            random_levels)
        self._em_tables_ = _em_tables(self.fs_)
        return self

    def _estimated_weights(self) -> FellegiSunter | None:
        return getattr(self, "fs_", None) if self.weighting in ("em", "em_levels") else None

    def _em_values(self, compared: Sequence[cmp.Compared]) -> list[float]:
        """Each comparison's value under the estimated weights. A joint comparison's weight (specifications,
        attributes: agreement and conflict seen together) goes to the conflict when there is one, else to the
        agreement, so that the explanation names what moved the score."""
        fixed, graded_tables, scale = self._em_tables_
        joint = _joint_levels(compared)
        values = []
        for item in compared:
            comparison, level, _, _, factor, graded = item
            if comparison == "part_number_priority":
                values.append(factor)
                continue
            if graded:
                if self.weighting == "em_levels":  # graded evidence at its fixed weights
                    values.append(cmp.LEVEL_WEIGHTS[comparison, level] * factor)
                else:
                    values.append(float(np.interp(factor, _BIN_CENTRES, graded_tables[comparison])))
                continue
            group = _JOINT_OF.get(comparison, comparison)
            holder = joint.get(group)
            if group != comparison or comparison in _JOINT:
                weight = fixed.get((group, holder[1]), 0.0) if holder and holder[0] == comparison else 0.0
            else:
                weight = fixed.get((comparison, _fs_level(item)), 0.0)
            values.append(scale * weight if self.weighting == "em_levels" else weight)
        return values

    def _contributions(self, compared: Sequence[cmp.Compared]) -> tuple[cmp.Contribution, ...]:
        if self._estimated_weights() is None:
            return tuple(cmp.contribution(*item) for item in compared)
        out = []
        for item, value in zip(compared, self._em_values(compared), strict=True):
            comparison, level_code, demand_value, supply_value, factor, graded = item
            out.append(cmp.Contribution(
                comparison=comparison, level=level_code, weight=value, value=value, demand_value=demand_value,
                supply_value=supply_value, label=cmp.level_of(comparison, level_code).label,
                similarity=factor if graded else None,
            ))
        return tuple(out)

    # ── persistence ─────────────────────────────────────────────────────────────────────────────────────────
    def dump(self, file: IO[bytes]) -> None:
        """Write the fitted matcher to a binary file (a versioned ``.npz``; no pickle)."""
        self._check_fitted()
        index = self.index_
        delta = sparse.vstack(index.delta_rows, format="csr") if index.delta_rows else None
        meta = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "params": self.get_params(),
            "avg_lengths": self.avg_lengths_,
            "fellegi_sunter": self.fs_.to_dict() if getattr(self, "fs_", None) is not None else None,
        }
        arrays: dict[str, np.ndarray] = {
            "meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
            "postings_data": index.postings.data,
            "postings_indices": index.postings.indices,
            "postings_indptr": index.postings.indptr,
            "postings_shape": np.asarray(index.postings.shape, dtype=np.int64),
            "df": index.df,
            "alive": index.alive,
            "categories": self.categories_,
            "primary_codes": self.primary_codes_,
            "doc_norms": self.doc_norms_,
            "delta_row_ids": np.asarray(index.delta_row_ids, dtype=np.int64),
        }
        if delta is not None:
            arrays.update(delta_data=delta.data, delta_indices=delta.indices, delta_indptr=delta.indptr)
        for key, column in (
            ("ids", self.ids_),
            ("names", self.names_),
            ("brands", self.brands_),
            ("part_numbers", ["\t".join(p) for p in self.part_numbers_]),
            ("specs", ["\t".join(s) for s in self.specs_]),
            ("attributes", ["\t".join(a) for a in self.attributes_]),
        ):
            arrays[f"{key}_blob"], arrays[f"{key}_offsets"] = _pack_strings(column)
        np.savez(file, **arrays)

    @classmethod
    def load(cls, file: IO[bytes], *, search: str | None = None) -> SupplyMatcher:
        """Read a matcher written by :meth:`dump`; refuses files of another format or version. ``search`` replaces
        the saved ``search`` parameter (a choice of speed, not of results)."""
        try:
            archive = np.load(file, allow_pickle=False)
            meta = json.loads(bytes(archive["meta"]).decode("utf-8"))
        except Exception as exc:  # not an npz, or not ours
            raise IndexFormatError(f"不是 chainmatch 匹配索引文件 (not a chainmatch index file): {exc}") from exc
        if meta.get("format") != FORMAT_NAME:
            raise IndexFormatError(f"不是 chainmatch 匹配索引文件 (format {meta.get('format')!r})")
        if meta.get("version") != FORMAT_VERSION:
            raise IndexFormatError(
                f"索引文件版本 {meta.get('version')} 与本程序支持的版本 {FORMAT_VERSION} 不符, 请重新训练 "
                f"(index format version {meta.get('version')}, this engine reads version {FORMAT_VERSION}; refit)"
            )
        params = meta["params"]
        params["synonyms"] = tuple(tuple(g) for g in params["synonyms"])
        if search is not None:
            params["search"] = search
        matcher = cls(**params)
        groups = load_synonyms() if matcher.use_packaged_synonyms else ()
        matcher.rewriter_ = SynonymRewriter([*groups, *matcher.synonyms])
        matcher.avg_lengths_ = meta["avg_lengths"]
        if meta.get("fellegi_sunter"):
            matcher.fs_ = FellegiSunter.from_dict(meta["fellegi_sunter"])
            matcher._em_tables_ = _em_tables(matcher.fs_)
        matcher.ids_ = _unpack_strings(archive["ids_blob"], archive["ids_offsets"])
        matcher.names_ = _unpack_strings(archive["names_blob"], archive["names_offsets"])
        matcher.brands_ = _unpack_strings(archive["brands_blob"], archive["brands_offsets"])
        matcher.part_numbers_ = [
            tuple(x for x in s.split("\t") if x)
            for s in _unpack_strings(archive["part_numbers_blob"], archive["part_numbers_offsets"])
        ]
        matcher.specs_ = [
            tuple(x for x in s.split("\t") if x) for s in _unpack_strings(archive["specs_blob"], archive["specs_offsets"])
        ]
        matcher.attributes_ = [
            tuple(x for x in s.split("\t") if x)
            for s in _unpack_strings(archive["attributes_blob"], archive["attributes_offsets"])
        ]
        matcher.categories_ = archive["categories"]
        matcher.primary_codes_ = archive["primary_codes"]
        matcher.doc_norms_ = archive["doc_norms"]
        index = PostingIndex(1 << matcher.hash_bits, search=matcher.search)
        postings = sparse.csr_matrix(
            (archive["postings_data"], archive["postings_indices"], archive["postings_indptr"]),
            shape=tuple(archive["postings_shape"]),
        )
        postings.sort_indices()  # the candidate search seeks rows in each list in order (a check for files we wrote)
        index.postings = postings
        index.df = archive["df"]
        index.alive = archive["alive"]
        delta_ids = archive["delta_row_ids"].tolist()
        if delta_ids:
            delta = sparse.csr_matrix(
                (archive["delta_data"], archive["delta_indices"], archive["delta_indptr"]),
                shape=(len(delta_ids), index.n_features),
            )
            index.delta_rows = [delta[i] for i in range(len(delta_ids))]
            index.delta_row_ids = delta_ids
        index.warm_up()
        matcher.index_ = index
        matcher.codes_ = CodeIndex().build(matcher.part_numbers_)
        matcher.row_of_ = {matcher.ids_[r]: r for r in np.flatnonzero(index.alive).tolist()}
        return matcher

    def dumps(self) -> bytes:
        buffer = io.BytesIO()
        self.dump(buffer)
        return buffer.getvalue()


_NO_SPECS = cmp.SpecComparison()
_NO_ATTRIBUTES = attr.AttributeComparison()
_EXPLAINED_COMPARISONS = ("spec", "spec_conflict", "number_conflict", "attribute", "attribute_conflict")


# The comparisons a pair is described by for the Fellegi–Sunter model (the exact-number priority is not evidence,
# it is added after the weights).
_FS_COMPARISONS = ("text", "name", "part_number", "brand", "spec", "attribute", "category")
# Comparisons seen together as one by the model: agreeing and conflicting specifications (or attribute families) of
# a pair are far from independent (both need the two rows to state values), so they are one comparison whose
# levels are their combinations; the members are listed conflicts first (the one that carries a weight).
_JOINT = {"spec": ("spec_conflict", "number_conflict", "spec"), "attribute": ("attribute_conflict", "attribute")}
_JOINT_OF = {member: group for group, members in _JOINT.items() for member in members}
_GRADED_BINS = 10  # a similarity in [0, 1] falls in one of ten bins
_BIN_CENTRES = (np.arange(_GRADED_BINS) + 0.5) / _GRADED_BINS
# Counted comparisons (agreeing specifications, conflicting attribute families …): one, or two and more.
_COUNTED = frozenset({"spec", "spec_conflict", "number_conflict", "attribute", "attribute_conflict"})


def _fs_level(item: cmp.Compared) -> str:
    """The level of one comparison as the Fellegi–Sunter model sees it: similarities in bins, an exact part number
    split by how rare it is among the supply rows, counted levels split into one and several."""
    comparison, level, _, _, factor, graded = item
    if graded:
        return f"bin{min(int(factor * _GRADED_BINS), _GRADED_BINS - 1)}"
    if comparison == "part_number" and level in ("exact", "in_description"):
        return level if factor >= 0.7 else f"{level}_common"
    if comparison in _COUNTED and level not in ("missing", "none") and factor >= 2:
        return f"{level}2"
    return level


def _joint_levels(compared: Sequence[cmp.Compared]) -> dict[str, tuple[str, str]]:
    """Per joint comparison: (the member that carries its weight, the combined level), e.g. ``("spec_conflict",
    "different+same")``; ``missing`` when no member found anything (nothing known: no weight)."""
    levels = {item[0]: _fs_level(item) for item in compared if item[0] in _JOINT_OF}
    out = {}
    for group, members in _JOINT.items():
        found = [(m, levels[m]) for m in members if levels.get(m, "missing") not in ("missing", "none")]
        out[group] = (found[0][0], "+".join(f"{m}:{lv}" for m, lv in found)) if found else ("", "missing")
    return out


def _fs_levels(compared: Sequence[cmp.Compared]) -> list[str]:
    by_comparison = {item[0]: _fs_level(item) for item in compared if item[0] not in _JOINT_OF}
    by_comparison.update({group: level for group, (_, level) in _joint_levels(compared).items()})
    return [by_comparison.get(c, "missing") for c in _FS_COMPARISONS]


def _em_tables(model: FellegiSunter) -> tuple[dict[tuple[str, str], float], dict[str, np.ndarray]]:
    """Weights by (comparison, level), and per graded comparison its bins' weights, made non-decreasing (more
    similar text never counts for less) and interpolated between bin centres when ranking."""
    graded = {}
    for comparison in ("text", "name"):
        weights = np.array([model.weight(comparison, f"bin{b}") for b in range(_GRADED_BINS)])
        seen = np.array([f"bin{b}" in model.levels_.get(comparison, ()) for b in range(_GRADED_BINS)])
        if seen.any():  # a bin never seen takes its nearest seen neighbour's weight
            weights = np.interp(np.arange(_GRADED_BINS), np.flatnonzero(seen), weights[seen])
        graded[comparison] = np.maximum.accumulate(weights)
    # Bits per unit of text similarity, by least squares over the bins: the fixed text weight over it turns bits
    # into the score's units (``weighting="em_levels"``).
    slope = float(np.polyfit(_BIN_CENTRES, graded["text"], 1)[0])
    scale = cmp.LEVEL_WEIGHTS["text", "similar"] / slope if slope > 0 else 1.0
    return dict(model.weights_), graded, scale


def _contains_words(text: str, words: str) -> bool:
    """Whether ``words`` occurs in ``text`` (as whole words when Latin)."""
    if not text or not words:
        return False
    if words.isascii():
        return f" {words} " in f" {text} "
    return words in text


def _pack_strings(values: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    encoded = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def _unpack_strings(blob: np.ndarray, offsets: np.ndarray) -> list[str]:
    data = blob.tobytes()
    return [data[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(len(offsets) - 1)]
