"""Weights estimated per catalogue without labels (Fellegi–Sunter by EM): what a level says is learnt from the data."""

from __future__ import annotations

import io

import numpy as np

from matching import ItemRecord, SupplyMatcher
from matching.fellegi_sunter import FellegiSunter


def _synthetic(seed: int = 0):
    """Demand rows with 20 candidates each, one of them the true match: the true one shares the part number 90% of
    the time and a brand 80%; the others share a number 2% of the time and a brand 30%. Colour says nothing."""
    rng = np.random.default_rng(seed)
    levels, groups, truth = [], [], []
    for g in range(300):
        true_j = int(rng.integers(20))
        for j in range(20):
            match = j == true_j
            part = "exact" if rng.random() < (0.9 if match else 0.02) else "different"
            brand = "exact" if rng.random() < (0.8 if match else 0.3) else "different"
            colour = "same" if rng.random() < 0.5 else "different"
            levels.append([part, brand, colour])
            groups.append(g)
            truth.append(match)
    random_levels = [["exact" if rng.random() < 0.001 else "different",
                      "exact" if rng.random() < 0.1 else "different", "same" if rng.random() < 0.5 else "different"]
                     for _ in range(3000)]
    return levels, np.asarray(groups), np.asarray(truth), random_levels


def test_em_recovers_which_levels_tell_a_match_without_labels() -> None:
    levels, groups, truth, random_levels = _synthetic()
    # A poor first guess: the first candidate of each demand row, right one time in twenty.
    first_guess = np.array([1.0 if i % 20 == 0 else 0.0 for i in range(len(levels))])
    model = FellegiSunter(u_from="candidates").fit(("part", "brand", "colour"), levels, groups, first_guess,
                                                   random_levels)
    assert model.weight("part", "exact") > 4  # log2(0.9 / 0.02) ≈ 5.5
    assert model.weight("part", "different") < -2  # log2(0.1 / 0.98) ≈ -3.3
    assert model.weight("brand", "exact") > model.weight("brand", "different")
    assert abs(model.weight("colour", "same")) < 0.5  # says nothing, weighs nothing
    assert abs(model.m_["part"][model.levels_["part"].index("exact")] - 0.9) < 0.05
    assert model.match_share_ > 0.9  # every demand row has its match among its candidates


def test_an_unknown_value_never_counts() -> None:
    levels, groups, _, random_levels = _synthetic()
    levels = [[("missing" if i % 3 == 0 else lv[0]), *lv[1:]] for i, lv in enumerate(levels)]
    model = FellegiSunter().fit(("part", "brand", "colour"), levels, groups, np.zeros(len(levels)) + 0.05,
                                random_levels)
    assert model.weight("part", "missing") == 0.0


SUPPLY = [
    ItemRecord(f"s{i}", f"{kind} {code}", brand=brand, category="component")
    for i, (kind, code, brand) in enumerate(
        (kind, f"{prefix}{n:03d}X", brand)
        for kind, prefix, brand in (("接近开关", "PR", "欧姆龙"), ("伺服电机", "SV", "汇川"), ("变频器", "VF", "台达"))
        for n in range(40)
    )
]
DEMAND = [ItemRecord(f"d{i}", f"{r.name.split()[0]} {r.name.split()[1]}", brand=r.brand) for i, r in
          enumerate(SUPPLY[::3])]


def test_a_matcher_estimates_its_weights_and_keeps_them() -> None:
    matcher = SupplyMatcher(weighting="em").fit(SUPPLY).estimate_weights(DEMAND)
    assert matcher.fs_.weight("part_number", "exact") > 0
    found = matcher.query(ItemRecord("q", "接近开关 PR007X"))
    assert found[0].supply_id == "s7"
    assert abs(found[0].score - sum(c.value for c in found[0].contributions)) < 1e-9  # the score is explained
    buffer = io.BytesIO()
    matcher.dump(buffer)
    buffer.seek(0)
    loaded = SupplyMatcher.load(buffer)
    assert loaded.fs_.weights_ == matcher.fs_.weights_
    assert [(m.supply_id, m.score) for m in loaded.query(ItemRecord("q", "伺服电机 SV012X"))] == \
        [(m.supply_id, m.score) for m in matcher.query(ItemRecord("q", "伺服电机 SV012X"))]


def test_fixed_weighting_ignores_estimated_weights() -> None:
    plain = SupplyMatcher().fit(SUPPLY)
    estimated = SupplyMatcher().fit(SUPPLY).estimate_weights(DEMAND)
    query = ItemRecord("q", "变频器 VF020X")
    assert [(m.supply_id, m.score) for m in estimated.query(query)] == [(m.supply_id, m.score) for m in plain.query(query)]


def test_estimated_level_weights_keep_text_at_its_fixed_weight() -> None:
    matcher = SupplyMatcher(weighting="em_levels").fit(SUPPLY).estimate_weights(DEMAND)
    [found] = matcher.query(ItemRecord("q", "伺服电机 SV033X", brand="汇川"), top_k=1)
    assert found.supply_id == "s73"
    text = next(c for c in found.contributions if c.comparison == "text")
    assert text.value == 8.0 * text.similarity  # the TF-IDF evidence in the score's usual units
    part = next(c for c in found.contributions if c.comparison == "part_number")
    assert part.level == "exact" and part.value > 0 and part.label == "型号完全一致"
