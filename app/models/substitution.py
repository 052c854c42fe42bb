"""国产替代: the operators' brand registry rows and the cross-references of equivalent part numbers.

* ``BrandEntry`` — a brand an operator added to (or corrected in) the packaged registry
  (``matching/data/brands.tsv``); a row with the name of a packaged brand replaces it.
* ``PartEquivalence`` — one line of a 替代型号对照: a reference part number (usually a foreign brand's) and a
  number known to be its equivalent. Imported from the tables makers publish (``source = import``), or learned
  when a chain leader accepts a supplier as 同等替代 for a demanded number (``source = decision``, with the supply
  item it was accepted for). Never deleted: withdrawing one stamps who and when, and matching ignores it from then.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base
from app.models.base import TimestampMixin, enum_column, utcnow
from app.models.enums import ApiRole


class EquivalenceSource(StrEnum):
    IMPORT = "import"
    DECISION = "decision"

    @property
    def label(self) -> str:
        return {"import": "替代型号对照导入", "decision": "链主确认同等替代"}[self.value]


class BrandEntry(TimestampMixin, Base):
    __tablename__ = "brand_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    maker: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(50))
    domestic: Mapped[bool] = mapped_column(Boolean)
    # Other spellings, ``|``-separated as in the packaged file (``infineon|eupec``).
    spellings: Mapped[str | None] = mapped_column(String(500))


class PartEquivalence(Base):
    __tablename__ = "part_equivalences"
    __table_args__ = (Index("ix_part_equivalences_reference_active", "reference_code", "withdrawn_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference_brand: Mapped[str | None] = mapped_column(String(100))
    reference_part_number: Mapped[str] = mapped_column(String(100))  # as written
    reference_code: Mapped[str] = mapped_column(String(100))  # normalised (matching.normalize_part_number)
    equivalent_brand: Mapped[str | None] = mapped_column(String(100))
    equivalent_part_number: Mapped[str | None] = mapped_column(String(100))
    equivalent_code: Mapped[str | None] = mapped_column(String(100), index=True)
    # A learned equivalence: the supply item the leader accepted (its number, when it has one, is above).
    supply_item_id: Mapped[int | None] = mapped_column(ForeignKey("supply_items.id", ondelete="SET NULL"), index=True)
    demand_item_id: Mapped[int | None] = mapped_column(ForeignKey("demand_items.id", ondelete="SET NULL"))
    source: Mapped[EquivalenceSource] = mapped_column(enum_column(EquivalenceSource, "equivalence_source"))
    note: Mapped[str | None] = mapped_column(String(500))
    created_by_key_id: Mapped[int | None] = mapped_column(Integer)
    created_by_role: Mapped[ApiRole | None] = mapped_column(enum_column(ApiRole, "equivalence_creator_role"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_by_key_id: Mapped[int | None] = mapped_column(Integer)
