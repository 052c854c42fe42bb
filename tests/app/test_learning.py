"""Learning contribution weights from decisions: adopted only when better on held-out demand items.

Synthetic decisions that clearly favour one factor must be learned (that factor's weight goes up, CV MRR goes
up, the weights are adopted); decisions that are noise must leave the weights in force alone.
"""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from app.main import create_app
from app.models import DemandItem, DemandStatus
from app.models.decisions import ScoringWeights
from app.services.auth import SYSTEM_PRINCIPAL
from app.services.demo import load_demo_lists
from app.services.ranking.learning import CandidateGroup, WeightLearner, learn_weights, reciprocal_rank
from app.services.ranking.suggestions import suggest_for_demands
from app.services.ranking.weights import apply_weights, current_weights
from matching import Contribution

COMPARISONS = ["qualification", "region", "text"]


def _synthetic_groups(rng: np.random.Generator, *, n_groups: int, favour: str | None) -> list[CandidateGroup]:
    groups = []
    for g in range(n_groups):
        n = 10
        features = np.column_stack([
            rng.choice([0.0, 0.1, 0.2, 0.3], size=n),  # qualification
            rng.choice([0.0, 0.1, 0.25, 0.4], size=n),  # region
            rng.uniform(5.0, 12.0, size=n),  # text
        ])
        labels = np.zeros(n, dtype=int)
        if favour is None:
            labels[rng.integers(n)] = 1
        else:
            column = COMPARISONS.index(favour)
            # the chosen supplier: best on the favoured factor, text breaking ties
            labels[np.lexsort((features[:, 2], features[:, column]))[-1]] = 1
        groups.append(CandidateGroup(demand_item_id=g, supply_item_ids=list(range(n)), features=features,
                                     labels=labels))
    return groups


def test_reciprocal_rank_counts_ties_against_the_ranking() -> None:
    assert reciprocal_rank(np.array([3.0, 2.0, 1.0]), np.array([0, 1, 0])) == 0.5
    assert reciprocal_rank(np.array([1.0, 1.0, 1.0]), np.array([0, 1, 0])) == pytest.approx(1 / 3)
    assert reciprocal_rank(np.array([1.0, 2.0]), np.array([0, 0])) == 0.0


def test_decisions_favouring_a_factor_are_learned_and_adopted() -> None:
    groups = _synthetic_groups(np.random.default_rng(7), n_groups=60, favour="region")
    report = WeightLearner().evaluate(groups, COMPARISONS, {})
    assert report.adopted, report.reason
    assert report.cv_mrr_learned > report.cv_mrr_current + 0.2
    learned = report.learned_weights
    assert learned["region"] > 1.0
    assert learned["region"] / learned["text"] > 5 * (1.0 / 1.0)


def test_noise_is_not_adopted() -> None:
    for seed in (1, 2, 3):
        groups = _synthetic_groups(np.random.default_rng(seed), n_groups=60, favour=None)
        report = WeightLearner().evaluate(groups, COMPARISONS, {})
        assert not report.adopted, (seed, report.reason)


def test_too_few_decisions_propose_nothing() -> None:
    groups = _synthetic_groups(np.random.default_rng(0), n_groups=4, favour="region")
    report = WeightLearner(min_groups=10).evaluate(groups, COMPARISONS, {})
    assert not report.adopted and report.cv_mrr_learned is None and "少于" in report.reason


def test_applied_weights_keep_the_explanation_adding_up() -> None:
    contributions = (
        Contribution("text", "similar", 8.0, 6.0, None, None, "文本相似", 0.75),
        Contribution("region", "same_district", 0.4, 0.4, "两江新区", "两江新区", "同区县"),
        Contribution("part_number_priority", "applied", 1.0, 0.3, "X1", "X1", "型号完全一致优先"),
    )
    weighted = apply_weights(contributions, {"region": 2.5, "part_number": 0.5})
    assert [c.value for c in weighted] == pytest.approx([6.0, 1.0, 0.15])
    assert weighted[1].weight == pytest.approx(1.0)


# ── end to end on the demo lists ─────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def app(settings, engine, session_factory):
    """Decisions on every demo item are posted back to back with one key: faster than its rate limit allows."""
    application = create_app(settings.model_copy(update={"rate_limit_enabled": False}))
    application.state.engine = engine
    application.state.session_factory = session_factory
    return application


@pytest.fixture
def demo(db_session, settings):
    load_demo_lists(db_session=db_session, settings=settings)
    db_session.commit()


def _value(suggestion, comparison: str) -> float:
    return sum(c.value for c in suggestion.contributions if c.comparison == comparison)


def _decide_on_demo(client, app, db_session, headers, *, favour: str | None, seed: int) -> int:
    """Decide on the demo's open demand items as a leader would if it cared about ``favour`` only (or at random):
    shortlist one of the ten shown suppliers and reject another. Returns how many items were decided."""
    rng = np.random.default_rng(seed)
    items = db_session.scalars(select(DemandItem).where(DemandItem.status == DemandStatus.OPEN)
                               .order_by(DemandItem.id)).all()
    found = suggest_for_demands(db_session=db_session, index=app.state.matching, demand_items=items,
                                principal=SYSTEM_PRINCIPAL, limit=10)
    decided = 0
    for item in items:
        shown = found[item.id]
        if len(shown) < 10:
            continue
        if favour is None:
            chosen = int(rng.integers(10))
        else:
            values = [_value(s, favour) for s in shown]
            best = max(values)
            if best <= 0 or values.count(best) > 1 or values[0] == best:
                continue  # only items where the factor points at one supplier the current ranking does not put first
            chosen = values.index(best)
        other = int(rng.choice([j for j in range(10) if j != chosen]))
        response = client.post(f"/api/v1/demand-items/{item.id}/decisions", headers=headers, json=[
            {"supply_item_id": shown[chosen].supply_item.id, "status": "shortlisted"},
            {"supply_item_id": shown[other].supply_item.id, "status": "rejected", "reason": "不符合要求"},
        ])
        assert response.status_code == 200, response.text
        decided += 1
    return decided


def test_learning_from_recorded_decisions_adopts_weights_that_favour_the_chosen_factor(
        client, app, db_session, demo, operator_headers) -> None:
    decided = _decide_on_demo(client, app, db_session, operator_headers, favour="qualification", seed=0)
    assert decided >= 20
    report = learn_weights(db_session=db_session, index=app.state.matching)
    assert report.adopted, report.reason
    assert report.cv_mrr_learned > report.cv_mrr_current
    assert report.learned_weights["qualification"] > 1.5
    assert report.learned_weights["qualification"] > report.learned_weights["text"]
    assert current_weights(db_session) == report.learned_weights
    stored = db_session.scalar(select(ScoringWeights).where(ScoringWeights.version == report.version))
    assert stored.adopted and stored.metrics["cv_mrr_learned"] == report.cv_mrr_learned

    # The live suggestions now weigh qualifications by the learned multiplier, and still add up.
    multiplier = report.learned_weights["qualification"]
    configured = app.state.settings.factor_weights.qualification_little_giant
    seen = 0
    for item_id in db_session.scalars(select(DemandItem.id).where(DemandItem.status == DemandStatus.OPEN)
                                      .order_by(DemandItem.id).limit(20)):
        body = client.get(f"/api/v1/demand-items/{item_id}/suggestions", headers=operator_headers).json()
        for suggestion in body["suggestions"]:
            assert sum(c["value"] for c in suggestion["contributions"]) == pytest.approx(suggestion["score"], abs=1e-6)
            for c in suggestion["contributions"]:
                if c["comparison"] == "qualification" and c["level"] == "little_giant":
                    assert c["value"] == pytest.approx(configured * multiplier)
                    seen += 1
    assert seen > 0


def test_learning_from_random_decisions_keeps_the_current_weights(client, app, db_session, demo,
                                                                  operator_headers) -> None:
    assert _decide_on_demo(client, app, db_session, operator_headers, favour=None, seed=11) >= 20
    report = learn_weights(db_session=db_session, index=app.state.matching)
    assert not report.adopted, report.reason
    assert current_weights(db_session) == {}
    assert db_session.scalar(select(ScoringWeights.adopted)) is False  # the run is on record, not in force


def test_learn_command_reports_without_enough_decisions(tmp_path, monkeypatch) -> None:
    from app.cli import main
    from app.core import migrate
    from app.core.config import get_settings

    url = f"sqlite:///{tmp_path / 'learn.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        migrate.upgrade(url)
        result = CliRunner().invoke(main, ["learn"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "有决策的需求条目 0 个" in result.output and "不调整权重" in result.output
