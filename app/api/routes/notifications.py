"""/api/v1/notifications, /subscriptions, /webhook-endpoints, /deliveries — what an enterprise hears and how."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from app.api.deps import CurrentPrincipal
from app.api.routes.params import Page
from app.core.db import SessionDep
from app.models import DeliveryStatus, NotificationDelivery
from app.schemas.common import DbInt
from app.schemas.common import Page as PageOut
from app.schemas.notifications import (
    AttemptRead,
    DeliveryRead,
    EndpointCreate,
    EndpointRead,
    EndpointUpdate,
    EndpointWithSecret,
    InboxPage,
    NotificationRead,
    PreferencesRead,
    PreferencesSet,
    ReadSet,
    SubscriptionRead,
    SubscriptionSet,
)
from app.services.notifications import endpoints as endpoint_service
from app.services.notifications import inbox as inbox_service
from app.services.notifications import subscriptions as subscription_service

router = APIRouter(tags=["通知 notifications"])


def present(notification) -> NotificationRead:
    return NotificationRead(id=notification.id, event_id=notification.event_id,
                            enterprise_id=notification.enterprise_id, kind=notification.kind,
                            title=notification.title, body=notification.body, link=notification.link,
                            data=notification.data or {}, read=notification.read_at is not None,
                            created_at=notification.created_at)


def present_subscription(sub: subscription_service.Effective) -> SubscriptionRead:
    return SubscriptionRead(kind=sub.kind, kind_label=sub.kind.label, channel=sub.channel, enabled=sub.enabled,
                            min_match_percent=sub.min_match_percent
                            if sub.kind in subscription_service.MATCH_KINDS else None, digest=sub.digest)


@router.get("/notifications", summary="站内消息（本企业）", response_model=InboxPage)
def list_notifications(db_session: SessionDep, principal: CurrentPrincipal, page: Page,
                       unread: Annotated[bool, Query(description="只看未读")] = False) -> InboxPage:
    rows, total = inbox_service.list_inbox(db_session=db_session, principal=principal, unread_only=unread,
                                           limit=page.limit, offset=page.offset)
    return InboxPage(items=[present(r) for r in rows], total=total, limit=page.limit, offset=page.offset,
                     unread=inbox_service.unread_count(db_session=db_session, principal=principal))


@router.put("/notifications/{notification_id}/read", summary="标记已读/未读", response_model=NotificationRead)
def set_read(notification_id: DbInt, data: ReadSet, db_session: SessionDep,
             principal: CurrentPrincipal) -> NotificationRead:
    return present(inbox_service.mark_read(db_session=db_session, principal=principal,
                                           notification_id=notification_id, read=data.read))


@router.post("/notifications/read-all", summary="全部标记为已读", status_code=status.HTTP_204_NO_CONTENT)
def read_all(db_session: SessionDep, principal: CurrentPrincipal) -> None:
    inbox_service.mark_all_read(db_session=db_session, principal=principal)


@router.get("/subscriptions", summary="消息订阅", response_model=list[SubscriptionRead])
def list_subscriptions(db_session: SessionDep, principal: CurrentPrincipal,
                       enterprise_id: Annotated[DbInt | None, Query(description="运营人员查看哪家企业")] = None,
                       ) -> list[SubscriptionRead]:
    subs = subscription_service.list_for(db_session=db_session, principal=principal, enterprise_id=enterprise_id)
    return [present_subscription(s) for s in subs]


@router.put("/subscriptions", summary="修改一项订阅", response_model=SubscriptionRead)
def set_subscription(data: SubscriptionSet, db_session: SessionDep, principal: CurrentPrincipal,
                     enterprise_id: Annotated[DbInt | None, Query()] = None) -> SubscriptionRead:
    return present_subscription(subscription_service.update(
        db_session=db_session, principal=principal, kind=data.kind, channel=data.channel, enabled=data.enabled,
        min_match_percent=data.min_match_percent, digest=data.digest, enterprise_id=enterprise_id))


def present_preferences(prefs) -> PreferencesRead:
    return PreferencesRead(quiet_start=subscription_service.minutes_text(prefs.quiet_start),
                           quiet_end=subscription_service.minutes_text(prefs.quiet_end), digest_hour=prefs.digest_hour)


@router.get("/notification-preferences", summary="免打扰时段与每日汇总时刻", response_model=PreferencesRead)
def get_preferences(db_session: SessionDep, principal: CurrentPrincipal,
                    enterprise_id: Annotated[DbInt | None, Query()] = None) -> PreferencesRead:
    return present_preferences(subscription_service.preferences_for(db_session=db_session, principal=principal,
                                                                    enterprise_id=enterprise_id))


@router.put("/notification-preferences", summary="设置免打扰时段与每日汇总时刻", response_model=PreferencesRead,
            description="quiet_start / quiet_end：重庆时间 HH:MM（可跨午夜，如 22:00–07:00），都不填表示不设免打扰。")
def put_preferences(data: PreferencesSet, db_session: SessionDep, principal: CurrentPrincipal,
                    enterprise_id: Annotated[DbInt | None, Query()] = None) -> PreferencesRead:
    return present_preferences(subscription_service.set_preferences(
        db_session=db_session, principal=principal, quiet_start=data.quiet_start, quiet_end=data.quiet_end,
        digest_hour=data.digest_hour, enterprise_id=enterprise_id))


@router.get("/webhook-endpoints", summary="推送地址列表", response_model=list[EndpointRead])
def list_endpoints(db_session: SessionDep, principal: CurrentPrincipal) -> list[EndpointRead]:
    return [EndpointRead.model_validate(e) for e in endpoint_service.list_for(db_session=db_session,
                                                                             principal=principal)]


@router.post("/webhook-endpoints", summary="新增推送地址（密钥只显示一次）", status_code=status.HTTP_201_CREATED,
             response_model=EndpointWithSecret,
             description="format：standard（Standard Webhooks 签名 JSON）、wecom（企业微信群机器人）、dingtalk（钉钉群机器人）。"
                         "内网、本机和链路本地地址被拒绝（422 webhook_url_refused），除非运营人员已加入白名单。")
def create_endpoint(data: EndpointCreate, db_session: SessionDep, principal: CurrentPrincipal) -> EndpointWithSecret:
    endpoint, secret = endpoint_service.create(
        db_session=db_session, principal=principal, url=data.url, format=data.format, kinds=data.kinds,
        min_match_percent=data.min_match_percent, description=data.description, enterprise_id=data.enterprise_id)
    return EndpointWithSecret.model_validate({**EndpointRead.model_validate(endpoint).model_dump(), "secret": secret})


@router.patch("/webhook-endpoints/{endpoint_id}", summary="修改、停用或重新启用推送地址", response_model=EndpointRead)
def update_endpoint(endpoint_id: DbInt, data: EndpointUpdate, db_session: SessionDep,
                    principal: CurrentPrincipal) -> EndpointRead:
    return EndpointRead.model_validate(endpoint_service.update(
        db_session=db_session, principal=principal, endpoint_id=endpoint_id, url=data.url, kinds=data.kinds,
        min_match_percent=data.min_match_percent, description=data.description, enabled=data.enabled))


@router.post("/webhook-endpoints/{endpoint_id}/rotate-secret", summary="轮换签名密钥（旧密钥并行签名 24 小时）",
             response_model=EndpointWithSecret)
def rotate_secret(endpoint_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> EndpointWithSecret:
    endpoint, secret = endpoint_service.rotate_secret(db_session=db_session, principal=principal,
                                                      endpoint_id=endpoint_id)
    return EndpointWithSecret.model_validate({**EndpointRead.model_validate(endpoint).model_dump(), "secret": secret})


@router.delete("/webhook-endpoints/{endpoint_id}", summary="删除推送地址", status_code=status.HTTP_204_NO_CONTENT)
def delete_endpoint(endpoint_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> None:
    endpoint_service.delete(db_session=db_session, principal=principal, endpoint_id=endpoint_id)


def _present_deliveries(db_session, rows) -> list[DeliveryRead]:
    log = inbox_service.attempts(db_session=db_session, delivery_ids=[d.id for d, _ in rows])
    return [DeliveryRead(id=d.id, notification_id=d.notification_id, event_id=n.event_id, channel=d.channel,
                         endpoint_id=d.endpoint_id, email=d.email, status=d.status, attempts=d.attempts,
                         next_attempt_at=d.next_attempt_at, last_error=d.last_error, delivered_at=d.delivered_at,
                         attempt_log=[AttemptRead.model_validate(a) for a in log[d.id]]) for d, n in rows]


@router.get("/deliveries", summary="投递记录（运营人员：全部；企业：本企业）", response_model=PageOut[DeliveryRead])
def list_deliveries(
    db_session: SessionDep, principal: CurrentPrincipal, page: Page,
    notification_id: Annotated[DbInt | None, Query()] = None,
    endpoint_id: Annotated[DbInt | None, Query()] = None,
    status_: Annotated[DeliveryStatus | None, Query(alias="status")] = None,
) -> PageOut[DeliveryRead]:
    rows, total = inbox_service.deliveries(db_session=db_session, principal=principal,
                                           notification_id=notification_id, endpoint_id=endpoint_id,
                                           status=status_, limit=page.limit, offset=page.offset)
    return PageOut[DeliveryRead](items=_present_deliveries(db_session, rows), total=total, limit=page.limit,
                                 offset=page.offset)


@router.post("/deliveries/{delivery_id}/resend", summary="重新发送", response_model=DeliveryRead)
def resend(delivery_id: DbInt, db_session: SessionDep, principal: CurrentPrincipal) -> DeliveryRead:
    delivery: NotificationDelivery = inbox_service.send_again(db_session=db_session, principal=principal,
                                                              delivery_id=delivery_id)
    notification = inbox_service.get(db_session=db_session, principal=principal,
                                     notification_id=delivery.notification_id)
    return _present_deliveries(db_session, [(delivery, notification)])[0]
