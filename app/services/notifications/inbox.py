"""The in-app inbox: an enterprise's notices, shared by its users; read or unread; the delivery log and "send again".

Every read is filtered by the principal's enterprise (an operator reads every enterprise's); a notice of another
enterprise answers 404, like anything else a principal may not read.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select, true, update
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.models import DeliveryAttempt, DeliveryStatus, Notification, NotificationDelivery, WebhookEndpoint
from app.models.base import utcnow
from app.services.auth import Principal
from app.services.notifications.outbox import wake_worker


def notification_filter(principal: Principal) -> ColumnElement[bool]:
    if principal.is_operator:
        return true()
    if principal.enterprise_id is None:
        return Notification.id.is_(None)  # organizers own no enterprise: no notices here
    return Notification.enterprise_id == principal.enterprise_id


def list_inbox(*, db_session: Session, principal: Principal, unread_only: bool = False, limit: int = 50,
               offset: int = 0, enterprise_id: int | None = None) -> tuple[list[Notification], int]:
    condition = notification_filter(principal) & Notification.shown_in_inbox.is_(True)
    if enterprise_id is not None:
        condition = condition & (Notification.enterprise_id == enterprise_id)
    if unread_only:
        condition = condition & Notification.read_at.is_(None)
    total = db_session.scalar(select(func.count(Notification.id)).where(condition)) or 0
    rows = list(db_session.scalars(select(Notification).where(condition)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc())
                                   .limit(limit).offset(offset)))
    return rows, total


def unread_count(*, db_session: Session, principal: Principal) -> int:
    if principal.enterprise_id is None:
        return 0  # the header count is for an enterprise's own notices (an operator has none)
    return db_session.scalar(select(func.count(Notification.id)).where(
        Notification.enterprise_id == principal.enterprise_id, Notification.shown_in_inbox.is_(True),
        Notification.read_at.is_(None))) or 0


def get(*, db_session: Session, principal: Principal, notification_id: int) -> Notification:
    row = db_session.scalar(select(Notification).where(Notification.id == notification_id,
                                                       notification_filter(principal)))
    if row is None:
        raise NotFound(f"通知 {notification_id} 不存在或无权查看 (not found)")
    return row


def mark_read(*, db_session: Session, principal: Principal, notification_id: int, read: bool = True) -> Notification:
    row = get(db_session=db_session, principal=principal, notification_id=notification_id)
    row.read_at = (row.read_at or utcnow()) if read else None
    db_session.flush()
    return row


def mark_all_read(*, db_session: Session, principal: Principal) -> int:
    if principal.enterprise_id is None:
        return 0
    return db_session.execute(update(Notification).where(
        Notification.enterprise_id == principal.enterprise_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())).rowcount or 0


# --- the delivery log -------------------------------------------------------------------------------------------
def deliveries(*, db_session: Session, principal: Principal, notification_id: int | None = None,
               endpoint_id: int | None = None, status: DeliveryStatus | None = None, limit: int = 50,
               offset: int = 0) -> tuple[list[tuple[NotificationDelivery, Notification]], int]:
    condition = notification_filter(principal)
    if notification_id is not None:
        condition = condition & (NotificationDelivery.notification_id == notification_id)
    if endpoint_id is not None:
        condition = condition & (NotificationDelivery.endpoint_id == endpoint_id)
    if status is not None:
        condition = condition & (NotificationDelivery.status == status)
    base = select(NotificationDelivery, Notification).join(
        Notification, Notification.id == NotificationDelivery.notification_id).where(condition)
    total = db_session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = [(d, n) for d, n in db_session.execute(
        base.order_by(NotificationDelivery.id.desc()).limit(limit).offset(offset)).all()]
    return rows, total


def attempts(*, db_session: Session, delivery_ids: list[int]) -> dict[int, list[DeliveryAttempt]]:
    out: dict[int, list[DeliveryAttempt]] = {i: [] for i in delivery_ids}
    for attempt in db_session.scalars(select(DeliveryAttempt).where(DeliveryAttempt.delivery_id.in_(delivery_ids))
                                      .order_by(DeliveryAttempt.id)):
        out[attempt.delivery_id].append(attempt)
    return out


def send_again(*, db_session: Session, principal: Principal, delivery_id: int) -> NotificationDelivery:
    """Operators and the notice's own enterprise: the delivery is due now, with a fresh retry schedule and the same
    ``webhook-id`` (a receiver that already has it drops the copy)."""
    found = db_session.execute(select(NotificationDelivery, Notification).join(
        Notification, Notification.id == NotificationDelivery.notification_id).where(
        NotificationDelivery.id == delivery_id, notification_filter(principal))).first()
    if found is None:
        raise NotFound(f"投递 {delivery_id} 不存在或无权查看 (not found)")
    delivery = found[0]
    if delivery.endpoint_id is not None:
        endpoint = db_session.get(WebhookEndpoint, delivery.endpoint_id)
        if endpoint is not None and endpoint.disabled_at is not None:
            from app.core.errors import Conflict

            raise Conflict("推送地址已停用，请先重新启用 (the endpoint is disabled; enable it first)",
                           code="endpoint_disabled")
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = utcnow()
    delivery.last_error = None
    delivery.delivered_at = None
    db_session.flush()
    wake_worker(db_session)
    return delivery
