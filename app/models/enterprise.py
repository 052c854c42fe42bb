from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base
from app.models.base import TimestampMixin, enum_column
from app.models.enums import EnterpriseRole, QualificationKind, SizeClass
from app.models.reference import IndustryChain

enterprise_chains = Table(
    "enterprise_chains",
    Base.metadata,
    Column("enterprise_id", ForeignKey("enterprises.id", ondelete="CASCADE"), primary_key=True),
    Column("chain_id", ForeignKey("industry_chains.id", ondelete="CASCADE"), primary_key=True),
)


class Enterprise(TimestampMixin, Base):
    """A company in the program: a chain leader (链主企业), an SME (中小企业), or both."""

    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    role: Mapped[EnterpriseRole] = mapped_column(enum_column(EnterpriseRole, "enterprise_role"))
    size_class: Mapped[SizeClass | None] = mapped_column(enum_column(SizeClass, "size_class"))
    province: Mapped[str | None] = mapped_column(String(50))
    city: Mapped[str | None] = mapped_column(String(50))
    district: Mapped[str | None] = mapped_column(String(50), index=True)
    contact_person: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    # The enterprise's own brands (its profile): tells a domestic maker from a foreign brand's distributor (国产替代).
    brands: Mapped[list[str]] = mapped_column(JSON, default=list)

    qualifications: Mapped[list[Qualification]] = relationship(
        back_populates="enterprise", cascade="all, delete-orphan", lazy="selectin"
    )
    chains: Mapped[list[IndustryChain]] = relationship(secondary=enterprise_chains, lazy="selectin")


class Qualification(Base):
    """A certified status (专精特新, 小巨人, 单项冠军) with the year it was granted."""

    __tablename__ = "qualifications"
    __table_args__ = (UniqueConstraint("enterprise_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    kind: Mapped[QualificationKind] = mapped_column(enum_column(QualificationKind, "qualification_kind"))
    year: Mapped[int | None] = mapped_column(Integer)

    enterprise: Mapped[Enterprise] = relationship(back_populates="qualifications")
