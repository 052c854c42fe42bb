"""What happens after a suggestion: decisions and their audit trail, learned scoring weights, stored batches.

* ``MatchDecision`` — the current state of one (demand item, supply item) pair as a chain leader or an operator
  decided it (入围, 已拒绝, 意向, 样品, 小批量, 入链). Beside the two foreign keys it keeps each item's stable
  identity (owner's credit code + item code + identity key), so a decision outlives the rows it points to: when
  an item is deleted and later re-imported, the foreign key is nulled by the database and the decision finds
  the new row through its identity (``app.services.decisions``).
* ``DecisionEvent`` — one line of the audit trail: who (API key id and role), when, from which status to which,
  and why. Never updated, never deleted with the items (only with its decision).
* ``ScoringWeights`` — a set of per-contribution weight multipliers fitted by ``chainmatch learn``, with its
  cross-validated metrics and whether it was adopted; the suggestion service uses the latest adopted set.
* ``SuggestionBatch`` / ``StoredSuggestion`` — the result of ``chainmatch match --all``: the ranked suppliers of
  every open demand item, for reports and fast reads; a new batch replaces the previous one in one transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base
from app.models.base import TimestampMixin, enum_column, utcnow
from app.models.enums import ApiRole, Labelled, use_labels


class DecisionStatus(Labelled):
    """Where a supplier stands for a demand item. Values are the API's; ``label`` is what users read."""

    SHORTLISTED = "shortlisted"
    REJECTED = "rejected"
    INTENT = "intent"
    SAMPLE = "sample"
    PILOT = "pilot"
    ONBOARDED = "onboarded"

    @property
    def is_positive(self) -> bool:
        """Every status but a rejection means the leader wanted this supplier."""
        return self is not DecisionStatus.REJECTED


DECISION_LABELS: dict[DecisionStatus, str] = {
    DecisionStatus.SHORTLISTED: "入围",
    DecisionStatus.REJECTED: "已拒绝",
    DecisionStatus.INTENT: "意向",
    DecisionStatus.SAMPLE: "样品",
    DecisionStatus.PILOT: "小批量",
    DecisionStatus.ONBOARDED: "入链",
}
_DECISION_ALIASES: dict[DecisionStatus, tuple[str, ...]] = {
    DecisionStatus.SHORTLISTED: ("入选", "短名单", "候选"),
    DecisionStatus.REJECTED: ("拒绝", "不合适", "淘汰"),
    DecisionStatus.INTENT: ("合作意向", "有意向"),
    DecisionStatus.SAMPLE: ("送样", "样品验证"),
    DecisionStatus.PILOT: ("小批量试产", "试产", "小批"),
    DecisionStatus.ONBOARDED: ("已入链", "入链配套", "批量供货"),
}
use_labels(DECISION_LABELS, _DECISION_ALIASES, DecisionStatus)
# The positive stages in the order a cooperation advances; reports count a pair at every stage it has reached.
PIPELINE: tuple[DecisionStatus, ...] = (
    DecisionStatus.SHORTLISTED,
    DecisionStatus.INTENT,
    DecisionStatus.SAMPLE,
    DecisionStatus.PILOT,
    DecisionStatus.ONBOARDED,
)


class MatchDecision(TimestampMixin, Base):
    """The current decision on one supplier (a supply item) for one demand item."""

    __tablename__ = "match_decisions"
    __table_args__ = (
        UniqueConstraint("demand_item_id", "supply_item_id"),
        Index("ix_match_decisions_demand_identity", "demand_owner_credit_code", "demand_identity_key"),
        Index("ix_match_decisions_supply_identity", "supply_owner_credit_code", "supply_identity_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Null once the row is deleted; the identity columns below then lead to its re-imported successor.
    demand_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("demand_items.id", ondelete="SET NULL"), index=True
    )
    supply_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("supply_items.id", ondelete="SET NULL"), index=True
    )
    demand_owner_credit_code: Mapped[str] = mapped_column(String(18))
    demand_item_code: Mapped[str | None] = mapped_column(String(64))
    demand_identity_key: Mapped[str] = mapped_column(String(512))
    supply_owner_credit_code: Mapped[str] = mapped_column(String(18))
    supply_item_code: Mapped[str | None] = mapped_column(String(64))
    supply_identity_key: Mapped[str] = mapped_column(String(512))

    status: Mapped[DecisionStatus] = mapped_column(enum_column(DecisionStatus, "decision_status"), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by_key_id: Mapped[int | None] = mapped_column(Integer)
    decided_by_role: Mapped[ApiRole | None] = mapped_column(enum_column(ApiRole, "decision_actor_role"))

    events: Mapped[list[DecisionEvent]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="DecisionEvent.id", lazy="raise"
    )


class DecisionEvent(Base):
    """One change of a decision, as it happened. Actor columns are plain values, not foreign keys, so the
    trail keeps saying who acted even after a key or an enterprise is removed."""

    __tablename__ = "decision_events"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("match_decisions.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[DecisionStatus | None] = mapped_column(enum_column(DecisionStatus, "decision_from_status"))
    to_status: Mapped[DecisionStatus] = mapped_column(enum_column(DecisionStatus, "decision_to_status"))
    reason: Mapped[str | None] = mapped_column(Text)
    api_key_id: Mapped[int | None] = mapped_column(Integer)
    actor_role: Mapped[ApiRole | None] = mapped_column(enum_column(ApiRole, "decision_event_actor_role"))
    actor_enterprise_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    decision: Mapped[MatchDecision] = relationship(back_populates="events")


class ScoringWeights(Base):
    """Weight multipliers per score contribution (``{"text": 1.0, "region": 1.4, ...}``; absent means 1.0)."""

    __tablename__ = "scoring_weights"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    weights: Mapped[dict[str, float]] = mapped_column(JSON)
    # Cross-validated figures of these weights and of the weights in force when they were fitted.
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON)
    adopted: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SuggestionBatch(Base):
    """One run of ``chainmatch match --all``."""

    __tablename__ = "suggestion_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    index_version: Mapped[int | None] = mapped_column(BigInteger)
    weights_version: Mapped[int | None] = mapped_column(Integer)
    per_item: Mapped[int] = mapped_column(Integer)
    demand_items: Mapped[int] = mapped_column(Integer, default=0)
    suggestions: Mapped[int] = mapped_column(Integer, default=0)
    elapsed_seconds: Mapped[float | None] = mapped_column(Float)


class StoredSuggestion(Base):
    """One ranked supplier of one demand item in a batch, with the score and the explanation it had then."""

    __tablename__ = "stored_suggestions"
    __table_args__ = (UniqueConstraint("batch_id", "demand_item_id", "rank"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("suggestion_batches.id", ondelete="CASCADE"), index=True)
    demand_item_id: Mapped[int] = mapped_column(ForeignKey("demand_items.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    supply_item_id: Mapped[int] = mapped_column(ForeignKey("supply_items.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
