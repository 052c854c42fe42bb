"""People who sign in to the web pages, their browser sessions and invitations, and SMEs' expressions of interest.

A user acts through a :class:`~app.services.auth.Principal` exactly like an API key: each approved user owns one
*identity key* (an ``api_keys`` row whose secret was never kept), so the audit log, decisions and event ownership
name the user's key and every access rule in ``app.services.access`` applies to pages unchanged.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base
from app.models.base import TimestampMixin, enum_column, utcnow
from app.models.enums import ApiRole


class UserStatus(StrEnum):
    PENDING = "pending"    # self-registered, waiting for an operator
    ACTIVE = "active"
    REJECTED = "rejected"
    DISABLED = "disabled"

    @property
    def label(self) -> str:
        return {"pending": "待审核", "active": "已启用", "rejected": "已拒绝", "disabled": "已停用"}[self.value]


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The sign-in name: a mobile number or an e-mail address, folded to lower case.
    login: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[ApiRole] = mapped_column(enum_column(ApiRole, "user_role"))
    status: Mapped[UserStatus] = mapped_column(enum_column(UserStatus, "user_status"), default=UserStatus.PENDING)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    identity_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id", ondelete="SET NULL"), unique=True)
    # A self-registration's enterprise (name, credit code, role, contact) until an operator approves it.
    application: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(String(500))


class WebSession(Base):
    """A signed-in browser. The cookie carries a random token; only its hash is stored, so a database dump
    signs nobody in. Revoking every row of a user is "sign out everywhere"."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Invitation(Base):
    """An operator's invitation link: whoever opens it sets a password and becomes an active user."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[ApiRole] = mapped_column(enum_column(ApiRole, "invitation_role"))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    note: Mapped[str | None] = mapped_column(String(200))
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    used_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class SupplyInterest(Base):
    """An SME's "express interest" in an open demand item for one of its products; the leader sees it."""

    __tablename__ = "supply_interests"
    __table_args__ = (UniqueConstraint("demand_item_id", "supply_item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    demand_item_id: Mapped[int] = mapped_column(ForeignKey("demand_items.id", ondelete="CASCADE"), index=True)
    supply_item_id: Mapped[int] = mapped_column(ForeignKey("supply_items.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
