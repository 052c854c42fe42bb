"""Request and response models of notifications: the inbox, subscriptions, webhook endpoints, the delivery log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field

from app.models import Channel, DeliveryStatus, NoticeKind, WebhookFormat
from app.schemas.common import DbInt, RequestModel, ResponseModel, UtcDatetime, optional_text, required_text

Percent = Annotated[float, Field(ge=0.0, le=100.0)]


class NotificationRead(ResponseModel):
    id: int
    event_id: str
    enterprise_id: int
    kind: NoticeKind
    title: str
    body: str
    link: str | None
    data: dict[str, Any]
    read: bool
    created_at: UtcDatetime


class InboxPage(ResponseModel):
    items: list[NotificationRead]
    total: int
    unread: int
    limit: int
    offset: int


class ReadSet(RequestModel):
    read: bool = True


class SubscriptionRead(ResponseModel):
    kind: NoticeKind
    kind_label: str
    channel: Channel
    enabled: bool
    min_match_percent: float | None = Field(description="仅匹配类通知：匹配度达到此值才通知")
    digest: bool = Field(description="仅邮件：每日汇总为一封，而不是每条一封")


class SubscriptionSet(RequestModel):
    kind: NoticeKind
    channel: Channel
    enabled: bool
    min_match_percent: Percent | None = None
    digest: bool | None = None


class PreferencesRead(ResponseModel):
    quiet_start: str | None = Field(description="免打扰开始（重庆时间 HH:MM），期间邮件和推送顺延，站内消息照常")
    quiet_end: str | None
    digest_hour: int = Field(description="每日汇总邮件的发送时刻（重庆时间，0–23 点）")


class PreferencesSet(RequestModel):
    quiet_start: optional_text(5) = None
    quiet_end: optional_text(5) = None
    digest_hour: Annotated[int, Field(ge=0, le=23)] | None = None


class EndpointCreate(RequestModel):
    url: required_text(2000)
    format: WebhookFormat = WebhookFormat.STANDARD
    kinds: list[NoticeKind] | None = Field(default=None, max_length=20, description="不填：全部类型")
    min_match_percent: Percent | None = None
    description: optional_text(200) = None
    enterprise_id: DbInt | None = Field(default=None, description="运营人员为哪家企业设置")


class EndpointUpdate(RequestModel):
    url: optional_text(2000) = None
    kinds: list[NoticeKind] | None = Field(default=None, max_length=20)
    min_match_percent: Percent | None = None
    description: optional_text(200) = None
    enabled: bool | None = None


class EndpointRead(ResponseModel):
    """An endpoint as listed: never its secret (shown once, in :class:`EndpointWithSecret`)."""

    id: int
    enterprise_id: int
    url: str
    format: WebhookFormat
    kinds: list[str]
    min_match_percent: float
    description: str | None
    disabled_at: UtcDatetime | None
    disabled_reason: str | None
    consecutive_failures: int
    created_at: UtcDatetime


class EndpointWithSecret(EndpointRead):
    secret: str = Field(description="签名密钥（whsec_…），只显示这一次 (shown once)")


class AttemptRead(ResponseModel):
    attempted_at: UtcDatetime
    status_code: int | None
    error: str | None
    duration_ms: float


class DeliveryRead(ResponseModel):
    id: int
    notification_id: int
    event_id: str
    channel: Channel
    endpoint_id: int | None
    email: str | None
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    delivered_at: datetime | None
    attempt_log: list[AttemptRead]
