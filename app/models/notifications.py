"""Notifications: who wants to hear about what, the inbox, webhook endpoints, and the outbox of deliveries.

Nothing is sent from a request. A change that should be told writes its notices and their deliveries in its own
transaction (the outbox, ``notification_deliveries``); matches are found from the index change log
(``index_changes``), which every item write already fills in its transaction, so a committed change is never
forgotten and a rolled-back one never told. ``chainmatch worker`` claims due deliveries, sends them and records
every attempt (``app.services.notifications``).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
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
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base
from app.models.base import enum_column, utcnow


class NoticeKind(StrEnum):
    DEMAND_FIT = "demand_fit"          # a new open demand fits one of my products (SME)
    SUPPLIER_FIT = "supplier_fit"      # a new or changed supplier fits one of my demand items (chain leader)
    DECISION = "decision"              # a decision about my product: 入围 / 意向 / 样品 / 小批量 / 入链 (SME)
    EVENT = "event"                    # event invitations, shortlists, my meeting agenda
    IMPORT = "import"                  # an import finished or failed
    ENDPOINT = "endpoint"              # one of my webhook endpoints was disabled

    @property
    def label(self) -> str:
        return {"demand_fit": "新需求匹配我的产品", "supplier_fit": "新供应商匹配我的需求",
                "decision": "我的产品的对接进展", "event": "对接活动邀请与日程",
                "import": "清单导入结果", "endpoint": "推送地址停用"}[self.value]


class Channel(StrEnum):
    INBOX = "inbox"
    EMAIL = "email"
    WEBHOOK = "webhook"


class WebhookFormat(StrEnum):
    STANDARD = "standard"   # Standard Webhooks: signed JSON
    WECOM = "wecom"         # 企业微信群机器人
    DINGTALK = "dingtalk"   # 钉钉群机器人


class DeliveryStatus(StrEnum):
    PENDING = "pending"        # due at next_attempt_at
    DELIVERED = "delivered"
    FAILED = "failed"          # attempts exhausted, or the endpoint is gone


class NotificationSubscription(Base):
    """One kind of notice on one channel: an enterprise's inbox (``user_id`` empty) or a user's e-mail.

    A missing row means the default (``app.services.notifications.subscriptions.DEFAULTS``), so every enterprise and
    user registered before or after this table has sensible subscriptions without a row being written for them.
    """

    __tablename__ = "notification_subscriptions"
    __table_args__ = (UniqueConstraint("enterprise_id", "user_id", "kind", "channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NoticeKind] = mapped_column(enum_column(NoticeKind, "subscription_kind"))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "subscription_channel"))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Matching notices only: told when the pair's 匹配度 (percent) reaches this.
    min_match_percent: Mapped[float] = mapped_column(Float, default=50.0)
    # E-mail only: one message a day listing the notices of this kind instead of one message per notice.
    digest: Mapped[bool] = mapped_column(Boolean, default=False)
    digest_sent_up_to: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The e-mail's unsubscribe link carries this random token (no sign-in needed to stop mail).
    unsubscribe_token: Mapped[str] = mapped_column(String(64), unique=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class NotificationPreference(Base):
    """An enterprise's quiet hours (Chongqing time, minutes after midnight; the end may be past midnight) and the
    hour its daily digests go out. Quiet hours hold back e-mail and webhooks, never the inbox."""

    __tablename__ = "notification_preferences"

    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), primary_key=True)
    quiet_start: Mapped[int | None] = mapped_column(Integer)
    quiet_end: Mapped[int | None] = mapped_column(Integer)
    digest_hour: Mapped[int] = mapped_column(Integer, default=8)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Notification(Base):
    """A notice to an enterprise: its inbox entry, shared by its users, and the event its deliveries carry.

    ``event_id`` is the Standard Webhooks ``webhook-id``: every delivery and every retry of this notice carries it,
    so a receiver drops duplicates by it.
    """

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_enterprise_read", "enterprise_id", "read_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(40), unique=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    kind: Mapped[NoticeKind] = mapped_column(enum_column(NoticeKind, "notification_kind"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(300))
    # The webhook payload's ``data``: built by the presenters for this recipient (a confidential item as it sees it).
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    shown_in_inbox: Mapped[bool] = mapped_column(Boolean, default=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WebhookEndpoint(Base):
    """An enterprise's URL that receives its notices: Standard Webhooks, or a 企业微信 / 钉钉 group robot.

    The secret signs every message and is shown once, at creation or rotation. After a rotation the previous secret
    keeps signing beside the new one (two signatures) until ``previous_secret_until``, so a receiver can switch over.
    """

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    format: Mapped[WebhookFormat] = mapped_column(enum_column(WebhookFormat, "webhook_format"))
    kinds: Mapped[list[str]] = mapped_column(JSON)
    min_match_percent: Mapped[float] = mapped_column(Float, default=50.0)
    secret: Mapped[str] = mapped_column(String(100))
    previous_secret: Mapped[str | None] = mapped_column(String(100))
    previous_secret_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    description: Mapped[str | None] = mapped_column(String(200))
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disabled_reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NotificationDelivery(Base):
    """The outbox: one notice to one address (an e-mail address or a webhook endpoint), until it is delivered.

    A worker claims a due row by moving ``next_attempt_at`` past a lease (``FOR UPDATE SKIP LOCKED`` on
    PostgreSQL), sends, and records the attempt; a worker killed mid-send leaves the row due again when the lease
    ends, so every notice is sent at least once and a repeat carries the same ``webhook-id``.
    """

    __tablename__ = "notification_deliveries"
    __table_args__ = (Index("ix_notification_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id", ondelete="CASCADE"), index=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "delivery_channel"))
    endpoint_id: Mapped[int | None] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"),
                                                    index=True)
    subscription_id: Mapped[int | None] = mapped_column(ForeignKey("notification_subscriptions.id",
                                                                   ondelete="SET NULL"))
    email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[DeliveryStatus] = mapped_column(enum_column(DeliveryStatus, "delivery_status"),
                                                   default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DeliveryAttempt(Base):
    """One try of a delivery: when, the answer (status code or error) and how long it took."""

    __tablename__ = "notification_attempts"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("notification_deliveries.id", ondelete="CASCADE"),
                                             index=True)
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(500))
    duration_ms: Mapped[float] = mapped_column(Float, default=0.0)


class MatchNotice(Base):
    """A demand–supply pair that was told: one notice per pair, unless its 匹配度 falls below the threshold and
    rises past it again (``above`` false in between)."""

    __tablename__ = "notification_match_pairs"
    __table_args__ = (UniqueConstraint("demand_item_id", "supply_item_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    demand_item_id: Mapped[int] = mapped_column(ForeignKey("demand_items.id", ondelete="CASCADE"))
    supply_item_id: Mapped[int] = mapped_column(ForeignKey("supply_items.id", ondelete="CASCADE"), index=True)
    match_percent: Mapped[float] = mapped_column(Float)
    above: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class NotificationCursor(Base):
    """One row: the index change-log version up to which matches have been looked for."""

    __tablename__ = "notification_cursor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
