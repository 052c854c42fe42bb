"""Write a notice and its deliveries in the caller's transaction: committed with the change, or not at all.

Callers pass what the recipient may know (built through the access rules: a confidential item as an SME sees it);
nothing is looked up again at send time, so what is sent is what was decided here.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.core.config import get_settings
from app.models import (
    Channel,
    NoticeKind,
    Notification,
    NotificationDelivery,
    WebhookEndpoint,
)
from app.models.base import utcnow
from app.services.notifications import subscriptions

# PostgreSQL: the worker LISTENs here; NOTIFY is delivered when the writing transaction commits, never before.
WAKE_CHANNEL = "chainmatch_notifications"
_WOKEN = "chainmatch.notifications_woken"


def new_event_id() -> str:
    return "msg_" + uuid.uuid4().hex


def notify(
    db_session: Session,
    *,
    enterprise_id: int,
    kind: NoticeKind,
    title: str,
    body: str,
    data: dict[str, Any],
    link: str | None = None,
    match_percent: float | None = None,
) -> Notification | None:
    """A notice to an enterprise: in its inbox, by e-mail to its users and to its webhook endpoints, as each one's
    subscription asks (kind, and for matches a 匹配度 threshold). None when nobody wants to hear it."""
    rows = subscriptions.stored_rows(db_session, enterprise_id)

    def wants(sub: subscriptions.Effective) -> bool:
        return sub.enabled and (match_percent is None or match_percent >= sub.min_match_percent)

    inbox = wants(subscriptions.effective(db_session, enterprise_id=enterprise_id, user_id=None, kind=kind,
                                          channel=Channel.INBOX, rows=rows))
    # Past the hourly allowance of matching notices a recipient still finds them in its inbox, without the noise.
    outside = not (kind in subscriptions.MATCH_KINDS and _over_match_allowance(db_session, enterprise_id))
    emails = []
    digest_wanted = False
    if outside:
        for user in subscriptions.email_recipients(db_session, enterprise_id):
            sub = subscriptions.effective(db_session, enterprise_id=enterprise_id, user_id=user.id, kind=kind,
                                          channel=Channel.EMAIL, rows=rows)
            # a digest subscriber gets this notice in tomorrow's digest (worker.send_digests), not now
            if wants(sub) and not sub.digest:
                emails.append(user)
            digest_wanted = digest_wanted or (wants(sub) and sub.digest)
    endpoints = []
    if outside:
        for endpoint in db_session.scalars(select(WebhookEndpoint).where(
                WebhookEndpoint.enterprise_id == enterprise_id, WebhookEndpoint.disabled_at.is_(None))
                .order_by(WebhookEndpoint.id)):
            if kind.value in (endpoint.kinds or []) and (
                    match_percent is None or match_percent >= endpoint.min_match_percent):
                endpoints.append(endpoint)
    if not (inbox or emails or endpoints or digest_wanted):
        return None
    notification = Notification(event_id=new_event_id(), enterprise_id=enterprise_id, kind=kind, title=title,
                                body=body, link=link, data=data, shown_in_inbox=inbox)
    db_session.add(notification)
    db_session.flush()
    # Quiet hours hold e-mail and webhooks back (the inbox shows the notice at once).
    now = subscriptions.hold_until(subscriptions.preferences(db_session, enterprise_id), utcnow()) \
        if emails or endpoints else utcnow()
    for user in emails:
        subscription = subscriptions.materialise(db_session, enterprise_id=enterprise_id, user_id=user.id, kind=kind,
                                                 channel=Channel.EMAIL, rows=rows)
        db_session.add(NotificationDelivery(notification_id=notification.id, channel=Channel.EMAIL, email=user.login,
                                            subscription_id=subscription.id, next_attempt_at=now))
    for endpoint in endpoints:
        db_session.add(NotificationDelivery(notification_id=notification.id, channel=Channel.WEBHOOK,
                                            endpoint_id=endpoint.id, next_attempt_at=now))
    if emails or endpoints:
        wake_worker(db_session)
    db_session.flush()
    return notification


def wake_worker(db_session: Session) -> None:
    """Have a waiting worker look for due deliveries as soon as this transaction commits (PostgreSQL; on SQLite
    the worker polls). Once per transaction: the notification is the same whatever the number of rows."""
    if db_session.get_bind().dialect.name != "postgresql":
        return
    transaction = db_session.get_transaction()
    if transaction is not None and db_session.info.get(_WOKEN) is transaction:
        return
    db_session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": WAKE_CHANNEL})
    db_session.info[_WOKEN] = db_session.get_transaction()


def _over_match_allowance(db_session: Session, enterprise_id: int) -> bool:
    since = utcnow() - timedelta(hours=1)
    told = db_session.scalar(select(func.count(Notification.id)).where(
        Notification.enterprise_id == enterprise_id,
        Notification.kind.in_(tuple(subscriptions.MATCH_KINDS)),
        Notification.created_at >= since,
        select(NotificationDelivery.id).where(NotificationDelivery.notification_id == Notification.id).exists()))
    return (told or 0) >= get_settings().notify_match_per_hour
