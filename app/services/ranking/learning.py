"""Learning the weights of the score contributions from recorded decisions (``chainmatch learn``).

A suggestion's score is the sum of its contributions (text, part number, brand, …, capacity, region, …). The
weights learned here are one multiplier per comparison: ``score = Σ weight[c.comparison] × c.value``, 1.0 for
any comparison not named; :mod:`.weights` reads the adopted multipliers and re-weights a suggestion's
contributions so its explanation still adds up to its score.

How a fit is judged: each demand item with decisions is a group of candidates — the suppliers the service
suggests for it (the first ``shown`` of them count as seen) plus the decided ones among its candidates.
Positives are suppliers shortlisted or advanced (入围, 意向, 样品, 小批量, 入链); negatives are rejected suppliers
and seen but undecided ones. The multipliers are fitted by a pairwise logistic regression (positive minus
negative contribution vectors of the same demand item; scikit-learn), regularised toward the weights in force.
Cross-validation folds hold out whole demand items; the mean reciprocal rank of the first positive (MRR) on
held-out items is computed for the learned and the current weights. New weights are adopted only when they
are better on held-out items: by at least ``min_gain``, and significantly (one-sided paired test, ``alpha``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import DemandItem
from app.models.decisions import MatchDecision, ScoringWeights
from app.services.auth import SYSTEM_PRINCIPAL
from app.services.decisions import decisions_by_demand, relink_orphans
from app.services.ranking.matching_index import MatchingIndexes
from app.services.ranking.suggestions import suggest_for_demands
from app.services.ranking.weights import comparison_of, current_weights

logger = logging.getLogger(__name__)

# The weight given to the current score as a feature: large, so the regulariser barely costs keeping it and
# penalises only departures from the current weights.
_ANCHOR_SCALE = 10.0


# ── the learner (no database) ────────────────────────────────────────────────────────────────────────────────


@dataclass
class CandidateGroup:
    """One demand item's candidates: raw contribution values per comparison, and which were chosen.

    ``labels``: 1 chosen (shortlisted or further), 0 rejected or seen and passed over.
    """

    demand_item_id: int
    supply_item_ids: list[int]
    features: np.ndarray  # (n_candidates, n_comparisons), unweighted contribution values
    labels: np.ndarray  # (n_candidates,), 0/1


@dataclass
class LearningReport:
    """What a learning run measured and decided."""

    comparisons: list[str]
    current_weights: dict[str, float]
    learned_weights: dict[str, float]
    groups: int
    evaluated_groups: int
    pairs: int
    folds: int
    cv_mrr_current: float | None
    cv_mrr_learned: float | None
    p_value: float | None
    adopted: bool
    reason: str
    version: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def metrics(self) -> dict[str, Any]:
        return {
            "cv_mrr_current": self.cv_mrr_current,
            "cv_mrr_learned": self.cv_mrr_learned,
            "p_value": self.p_value,
            "groups": self.groups,
            "evaluated_groups": self.evaluated_groups,
            "pairs": self.pairs,
            "folds": self.folds,
            "current_weights": self.current_weights,
            "reason": self.reason,
            **self.extra,
        }


class WeightLearner:
    """Fits contribution multipliers from groups of candidates with chosen / not-chosen labels.

    Parameters
    ----------
    C:
        Inverse regularisation strength of the pairwise logistic regression.
    n_splits:
        Cross-validation folds (whole demand items are held out); fewer when there are fewer groups.
    min_groups:
        Fewer evaluable demand items than this: no weights are proposed.
    min_gain:
        The learned CV MRR must exceed the current one by at least this much to be adopted.
    alpha:
        …and the per-item improvement must be significant at this level (one-sided paired Wilcoxon test).
    min_multiplier, max_multiplier:
        Bounds of a multiplier: none is switched off entirely (so a contribution's configured value can always be
        recovered from a weighted one), and no single comparison may swamp the rest.
    """

    def __init__(self, *, C: float = 1.0, n_splits: int = 5, min_groups: int = 10, min_gain: float = 0.01,
                 alpha: float = 0.05, min_multiplier: float = 0.05, max_multiplier: float = 5.0) -> None:
        self.C = C
        self.n_splits = n_splits
        self.min_groups = min_groups
        self.min_gain = min_gain
        self.alpha = alpha
        self.min_multiplier = min_multiplier
        self.max_multiplier = max_multiplier

    # fitting -------------------------------------------------------------------------------------------------
    def fit(self, groups: Sequence[CandidateGroup], comparisons: Sequence[str],
            current: Mapping[str, float]) -> WeightLearner:
        """Fit the multipliers on all groups; sets ``weights_`` (a dict) and ``n_pairs_``."""
        self.comparisons_ = list(comparisons)
        base = self._vector(current)
        diffs = _pair_differences(groups)
        self.n_pairs_ = len(diffs)
        self.weights_ = self._fit_vector(diffs, base)
        return self

    def _vector(self, weights: Mapping[str, float]) -> np.ndarray:
        return np.array([float(weights.get(c, 1.0)) for c in self.comparisons_])

    def _fit_vector(self, diffs: np.ndarray, base: np.ndarray) -> dict[str, float]:
        if len(diffs) == 0:
            return dict(zip(self.comparisons_, base.tolist(), strict=True))
        # Augment with the current score so the fit departs from the current weights only as far as the
        # decisions justify (the regulariser pulls the other coefficients toward 0, i.e. toward ``base``).
        anchored = np.column_stack([_ANCHOR_SCALE * (diffs @ base), diffs])
        x = np.vstack([anchored, -anchored])
        y = np.concatenate([np.ones(len(diffs)), np.zeros(len(diffs))])
        # scikit-learn is imported when weights are learned, not with this module: every suggestion request imports
        # it (for apply_weights), and scikit-learn with scipy.stats costs a second or two of a server's start.
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=self.C, fit_intercept=False, max_iter=2000)
        model.fit(x, y)
        coef = model.coef_[0]
        raw = coef[0] * _ANCHOR_SCALE * base + coef[1:]
        learned = np.clip(raw, 0.0, None)
        learned = _rescale(learned, base, np.abs(diffs).mean(axis=0) + 1e-9)
        learned = np.clip(learned, self.min_multiplier, self.max_multiplier)
        return {c: round(float(w), 4) for c, w in zip(self.comparisons_, learned, strict=True)}

    # judging -------------------------------------------------------------------------------------------------
    def evaluate(self, groups: Sequence[CandidateGroup], comparisons: Sequence[str],
                 current: Mapping[str, float]) -> LearningReport:
        """Cross-validate, fit on everything, and decide whether the learned weights are to be adopted."""
        from scipy import stats  # (imported here for the reason given in _fit_vector)
        from sklearn.model_selection import GroupKFold

        self.fit(groups, comparisons, current)
        base = self._vector(current)
        evaluable = [i for i, g in enumerate(groups) if 0 < g.labels.sum() < len(g.labels)]
        report = LearningReport(
            comparisons=self.comparisons_, current_weights={c: float(w) for c, w in zip(self.comparisons_, base,
                                                                                        strict=True)},
            learned_weights=self.weights_, groups=len(groups), evaluated_groups=len(evaluable), pairs=self.n_pairs_,
            folds=0, cv_mrr_current=None, cv_mrr_learned=None, p_value=None, adopted=False, reason="",
        )
        if len(evaluable) < max(self.min_groups, 2):
            report.reason = (f"可评估的需求条目仅 {len(evaluable)} 个，少于 {self.min_groups} 个，不调整权重 "
                             f"(too few demand items with decisions to learn from)")
            return report
        n_splits = min(self.n_splits, len(evaluable))
        group_ids = np.array([groups[i].demand_item_id for i in evaluable])
        rr_current = np.zeros(len(evaluable))
        rr_learned = np.zeros(len(evaluable))
        indices = np.arange(len(evaluable))
        for _train, test in GroupKFold(n_splits=n_splits).split(indices, groups=group_ids):
            # Training also uses the groups that cannot be evaluated (only rejections, say) outside the test fold.
            test_ids = {groups[evaluable[j]].demand_item_id for j in test}
            train_groups = [g for g in groups if g.demand_item_id not in test_ids]
            learned = self._vector(self._fit_vector(_pair_differences(train_groups), base))
            for j in test:
                group = groups[evaluable[j]]
                rr_current[j] = reciprocal_rank(group.features @ base, group.labels)
                rr_learned[j] = reciprocal_rank(group.features @ learned, group.labels)
        report.folds = n_splits
        report.cv_mrr_current = round(float(rr_current.mean()), 4)
        report.cv_mrr_learned = round(float(rr_learned.mean()), 4)
        delta = rr_learned - rr_current
        if np.any(delta != 0):
            report.p_value = round(float(stats.wilcoxon(delta, alternative="greater", zero_method="wilcox").pvalue), 6)
        else:
            report.p_value = 1.0
        gain = report.cv_mrr_learned - report.cv_mrr_current
        report.adopted = gain >= self.min_gain and report.p_value < self.alpha
        if report.adopted:
            report.reason = (f"交叉验证 MRR 由 {report.cv_mrr_current:.3f} 提高到 {report.cv_mrr_learned:.3f}"
                             f"（p={report.p_value:.3g}），采用新权重 (better on held-out decisions: adopted)")
        else:
            report.reason = (f"交叉验证 MRR：现行 {report.cv_mrr_current:.3f}，学习 {report.cv_mrr_learned:.3f}"
                             f"（p={report.p_value:.3g}），未显著提高，保留现行权重 (not better: kept)")
        return report


def reciprocal_rank(scores: np.ndarray, labels: np.ndarray) -> float:
    """1 / rank of the first positive when sorted by score, ties counted against the ranking (a positive tied
    with negatives ranks below them), so constant scores earn nothing."""
    positives = scores[labels == 1]
    if len(positives) == 0:
        return 0.0
    best = positives.max()
    rank = int((scores[labels == 0] >= best).sum()) + 1
    return 1.0 / rank


def _pair_differences(groups: Sequence[CandidateGroup]) -> np.ndarray:
    rows = []
    for group in groups:
        positives = group.features[group.labels == 1]
        negatives = group.features[group.labels == 0]
        if len(positives) and len(negatives):
            rows.append((positives[:, None, :] - negatives[None, :, :]).reshape(-1, group.features.shape[1]))
    if not rows:
        return np.zeros((0, groups[0].features.shape[1] if groups else 0))
    return np.vstack(rows)


def _rescale(learned: np.ndarray, base: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Keep the overall size of scores: Σ wᵢ·sᵢ equal for the learned and the current weights (thresholds such as
    ``min_score`` keep their meaning); only the ranking changes."""
    total = float(learned @ scale)
    if total <= 0:
        return base.copy()
    return learned * float(base @ scale) / total


# ── storing a run ────────────────────────────────────────────────────────────────────────────────────────────


def store_report(db_session: Session, report: LearningReport) -> ScoringWeights:
    """Keep every run (for the record); only an adopted one changes :func:`current_weights`. Flushes only."""
    version = (db_session.scalar(select(func.max(ScoringWeights.version))) or 0) + 1
    row = ScoringWeights(version=version, weights=report.learned_weights, metrics=report.metrics,
                         adopted=report.adopted)
    db_session.add(row)
    db_session.flush()
    report.version = version
    return row


# ── groups from the database ─────────────────────────────────────────────────────────────────────────────────

def collect_groups(
    *, db_session: Session, index: MatchingIndexes, weights: Mapping[str, float], shown: int = 10, pool: int = 50,
) -> tuple[list[CandidateGroup], list[str], dict[str, int]]:
    """One candidate group per demand item with decisions, from the suggestions the service makes now (rejected
    suppliers included, so they can serve as negatives). Returns the groups, the comparison names (feature
    columns) and counts of what was left out.

    Contribution values are divided by the multipliers in force (``weights``) to get back the configured values.
    A decided supplier that is not among the service's first ``pool`` candidates has no comparable contributions
    and is left out (counted in ``outside_pool``).
    """
    relink_orphans(db_session)
    decided = decisions_by_demand(db_session, db_session.scalars(
        select(MatchDecision.demand_item_id).where(MatchDecision.demand_item_id.is_not(None),
                                                   MatchDecision.supply_item_id.is_not(None)).distinct()))
    demand_items = list(db_session.scalars(
        select(DemandItem).where(DemandItem.id.in_(decided)).order_by(DemandItem.id))) if decided else []
    counts = {"decisions": sum(len(d) for d in decided.values()), "outside_pool": 0}
    suggestions = suggest_for_demands(db_session=db_session, index=index, demand_items=demand_items,
                                      principal=SYSTEM_PRINCIPAL, limit=pool) if demand_items else {}
    rows: list[tuple[int, list[int], list[dict[str, float]], list[int]]] = []
    names: set[str] = set()
    for item in demand_items:
        status = {d.supply_item_id: d.status for d in decided[item.id]}
        ids, features, labels = [], [], []
        for rank, suggestion in enumerate(suggestions.get(item.id, [])):
            supply_id = suggestion.supply_item.id
            if supply_id in status:
                label = 1 if status[supply_id].is_positive else 0
            elif rank < shown:
                label = 0
            else:
                continue
            values: dict[str, float] = {}
            for c in suggestion.contributions:
                name = comparison_of(c)
                values[name] = values.get(name, 0.0) + c.value / weights.get(name, 1.0)
            names.update(values)
            ids.append(supply_id)
            features.append(values)
            labels.append(label)
        counts["outside_pool"] += len(set(status) - set(ids))
        if ids:
            rows.append((item.id, ids, features, labels))
    comparisons = sorted(names)
    groups = [
        CandidateGroup(
            demand_item_id=demand_id, supply_item_ids=ids,
            features=np.array([[f.get(c, 0.0) for c in comparisons] for f in features], dtype=float),
            labels=np.array(labels, dtype=int),
        )
        for demand_id, ids, features, labels in rows
    ]
    return groups, comparisons, counts


def learn_weights(
    *, db_session: Session, index: MatchingIndexes, learner: WeightLearner | None = None, shown: int = 10,
    pool: int = 50, dry_run: bool = False,
) -> LearningReport:
    """Fit, cross-validate against the weights in force, store the run and adopt when better. Flushes only."""
    learner = learner or WeightLearner()
    weights = current_weights(db_session)
    groups, comparisons, counts = collect_groups(db_session=db_session, index=index, weights=weights, shown=shown,
                                                 pool=pool)
    report = learner.evaluate(groups, comparisons, weights)
    report.extra.update(counts)
    logger.info("learn: %d groups, %d pairs, CV MRR current %s, learned %s, adopted %s",
                report.groups, report.pairs, report.cv_mrr_current, report.cv_mrr_learned, report.adopted)
    if not dry_run and comparisons:
        store_report(db_session, report)
    return report
