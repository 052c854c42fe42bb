"""Lines of the two lists: a chain leader's demand item and an SME's supply item.

Quantities are kept twice: as typed (amount, unit, period) for display, and normalised to a base unit per
year (``*_per_year`` + ``*_dimension``) so a supplier's capacity can be compared with a demanded quantity.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base
from app.models.base import TimestampMixin, enum_column
from app.models.enterprise import Enterprise
from app.models.enums import DemandStatus, ItemCategory, SupplyStatus
from app.models.reference import IndustryChain

# 有效期至 is a date on the programme's calendar: Chongqing time (UTC+8 all year, no daylight saving).
PROGRAMME_TIMEZONE = timezone(timedelta(hours=8))


def programme_today() -> date:
    return datetime.now(PROGRAMME_TIMEZONE).date()


# A confidential demand item is shown to those who may not know its leader under a random public reference
# instead of its row id (row ids are consecutive per import and would place it among its leader's public items).
# References are drawn far above any row id, and below 2**53 so JavaScript clients keep them exact.
PUBLIC_REF_MIN = 2**40
PUBLIC_REF_MAX = 2**53 - 1


def new_public_ref() -> int:
    return PUBLIC_REF_MIN + secrets.randbelow(PUBLIC_REF_MAX - PUBLIC_REF_MIN)


class DemandItem(TimestampMixin, Base):
    """One line of a chain leader's 大企业产品需求清单."""

    __tablename__ = "demand_items"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "identity_key"),
        UniqueConstraint("enterprise_id", "item_code"),
        # The schema checks it too; this holds under concurrent partial updates and direct writes (0007).
        CheckConstraint("price_min IS NULL OR price_max IS NULL OR price_min <= price_max", name="price_range"),
        # the reports count the items created in a period and in each of its months (0012)
        Index("ix_demand_items_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    # Stable identity across re-uploads: the owner's explicit item code, else normalised name + models.
    item_code: Mapped[str | None] = mapped_column(String(64))
    identity_key: Mapped[str] = mapped_column(String(512))
    category: Mapped[ItemCategory] = mapped_column(enum_column(ItemCategory, "demand_category"), index=True)
    product_name: Mapped[str] = mapped_column(String(200))
    specification: Mapped[str | None] = mapped_column(Text)
    part_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)
    annual_quantity: Mapped[float | None] = mapped_column(Float)
    quantity_unit: Mapped[str | None] = mapped_column(String(16))
    quantity_per_year: Mapped[float | None] = mapped_column(Float)
    quantity_dimension: Mapped[str | None] = mapped_column(String(16))
    price_min: Mapped[float | None] = mapped_column(Float)
    price_max: Mapped[float | None] = mapped_column(Float)
    price_unit: Mapped[str | None] = mapped_column(String(16))
    certifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    preferred_region: Mapped[str | None] = mapped_column(String(100))
    chain_id: Mapped[int | None] = mapped_column(ForeignKey("industry_chains.id", ondelete="SET NULL"), index=True)
    valid_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[DemandStatus] = mapped_column(
        enum_column(DemandStatus, "demand_status"), default=DemandStatus.OPEN, index=True
    )
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    # Random, unrelated to the id, the owner or the time: see PUBLIC_REF_MIN.
    public_ref: Mapped[int] = mapped_column(BigInteger, unique=True, default=new_public_ref)

    enterprise: Mapped[Enterprise] = relationship(lazy="joined")
    chain: Mapped[IndustryChain | None] = relationship(lazy="joined")

    @hybrid_property
    def is_open(self) -> bool:
        """Open to suppliers: status 开放 and 有效期至 not yet passed (the last valid day included).

        The one definition of an open demand item, for queries (``DemandItem.is_open``) and loaded rows alike: an
        item past its date drops out of opportunities, batch matching, shortlists and reports without anyone
        having to close it.
        """
        return self.status is DemandStatus.OPEN and (self.valid_until is None or self.valid_until >= programme_today())

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls) -> ColumnElement[bool]:
        return and_(cls.status == DemandStatus.OPEN, or_(cls.valid_until.is_(None), cls.valid_until >= programme_today()))


class SupplyItem(TimestampMixin, Base):
    """One line of an SME's 中小企业产品供给清单."""

    __tablename__ = "supply_items"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "identity_key"),
        UniqueConstraint("enterprise_id", "item_code"),
        Index("ix_supply_items_created_at", "created_at"),  # as for demand items (0012)
        # the reports count the active items and the SMEs that have one from the index alone (0012)
        Index("ix_supply_items_status_enterprise_id", "status", "enterprise_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    item_code: Mapped[str | None] = mapped_column(String(64))
    identity_key: Mapped[str] = mapped_column(String(512))
    category: Mapped[ItemCategory] = mapped_column(enum_column(ItemCategory, "supply_category"), index=True)
    product_name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    part_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)
    capacity_text: Mapped[str | None] = mapped_column(String(100))
    capacity_amount: Mapped[float | None] = mapped_column(Float)
    capacity_unit: Mapped[str | None] = mapped_column(String(16))
    capacity_period: Mapped[str | None] = mapped_column(String(16))
    capacity_per_year: Mapped[float | None] = mapped_column(Float)
    capacity_dimension: Mapped[str | None] = mapped_column(String(16))
    certifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    chain_id: Mapped[int | None] = mapped_column(ForeignKey("industry_chains.id", ondelete="SET NULL"), index=True)
    status: Mapped[SupplyStatus] = mapped_column(
        enum_column(SupplyStatus, "supply_status"), default=SupplyStatus.ACTIVE, index=True
    )

    enterprise: Mapped[Enterprise] = relationship(lazy="joined")
    chain: Mapped[IndustryChain | None] = relationship(lazy="joined")
    intended_customers: Mapped[list[IntendedCustomer]] = relationship(
        back_populates="supply_item", cascade="all, delete-orphan", lazy="selectin",
        order_by="IntendedCustomer.position",
    )


class IntendedCustomer(Base):
    """A name from 拟配套对象, linked to a chain-leader enterprise when the name resolves to one."""

    __tablename__ = "intended_customers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    supply_item_id: Mapped[int] = mapped_column(ForeignKey("supply_items.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprises.id", ondelete="SET NULL"), index=True
    )

    supply_item: Mapped[SupplyItem] = relationship(back_populates="intended_customers")
