"""The weights in force: one learned multiplier per comparison (``chainmatch learn``, :mod:`.learning`), and how a
suggestion's contributions are re-weighted so its explanation still adds up to its score.

``score = Σ weight[c.comparison] × c.value``, 1.0 for any comparison not named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.decisions import ScoringWeights
from matching import Contribution

# Fixups that are not evidence of their own: folded into the comparison they correct.
_FOLDED = {"part_number_priority": "part_number"}


def comparison_of(contribution: Contribution) -> str:
    return _FOLDED.get(contribution.comparison, contribution.comparison)


def current_weights(db_session: Session) -> dict[str, float]:
    """The adopted multipliers per comparison (empty: every contribution counts as configured)."""
    row = db_session.scalar(
        select(ScoringWeights).where(ScoringWeights.adopted.is_(True)).order_by(ScoringWeights.version.desc()).limit(1))
    return dict(row.weights) if row is not None else {}


def current_weights_version(db_session: Session) -> int | None:
    return db_session.scalar(select(func.max(ScoringWeights.version)).where(ScoringWeights.adopted.is_(True)))


def apply_weights(contributions: Iterable[Contribution], weights: Mapping[str, float]) -> tuple[Contribution, ...]:
    """The contributions with their weight and value multiplied by the comparison's multiplier."""
    if not weights:
        return tuple(contributions)
    out = []
    for c in contributions:
        m = weights.get(comparison_of(c), 1.0)
        out.append(c if m == 1.0 else replace(c, weight=c.weight * m, value=c.value * m))
    return tuple(out)
