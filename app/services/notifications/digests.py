"""Daily digests: a user who chose 每日汇总 for a kind of notice gets one e-mail a day, at its enterprise's digest hour
(Chongqing time), listing that day's notices of the kind — written as a notice of its own (not shown in the inbox)
with one e-mail delivery, so it is sent, retried and logged like any other."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Channel,
    Notification,
    NotificationDelivery,
    NotificationSubscription,
    User,
    UserStatus,
)
from app.models.base import utcnow
from app.services.notifications import subscriptions
from app.services.notifications.outbox import new_event_id, wake_worker

# At most this many notices are listed in one digest; the rest are counted.
DIGEST_MAX_LINES = 50


def send_digests(db_session: Session, *, now: datetime) -> int:
    """Write the digests that are due; the caller commits. Returns how many were written."""
    query = (select(NotificationSubscription, User)
             .join(User, User.id == NotificationSubscription.user_id)
             .where(NotificationSubscription.digest.is_(True), NotificationSubscription.enabled.is_(True),
                    NotificationSubscription.channel == Channel.EMAIL, User.status == UserStatus.ACTIVE))
    if db_session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=NotificationSubscription, skip_locked=True)
    written = 0
    for sub, user in db_session.execute(query).all():
        moment = subscriptions.digest_moment(subscriptions.preferences(db_session, sub.enterprise_id), now)
        last = sub.digest_sent_up_to
        if last is not None and last.tzinfo is None:  # SQLite hands back naive UTC
            last = last.replace(tzinfo=moment.tzinfo)
        if last is not None and last >= moment:
            continue
        since = last or moment - timedelta(days=1)
        notices = [n for n in db_session.scalars(select(Notification).where(
            Notification.enterprise_id == sub.enterprise_id, Notification.kind == sub.kind,
            Notification.created_at > since, Notification.created_at <= moment).order_by(Notification.id))
            if "@" in user.login and _reaches(n, sub)]
        sub.digest_sent_up_to = moment
        if not notices:
            continue
        lines = [f"· {n.title}" for n in notices[:DIGEST_MAX_LINES]]
        if len(notices) > DIGEST_MAX_LINES:
            lines.append(f"……另有 {len(notices) - DIGEST_MAX_LINES} 条，请登录查看。")
        digest = Notification(event_id=new_event_id(), enterprise_id=sub.enterprise_id, kind=sub.kind,
                              title=f"每日汇总：{sub.kind.label}（{len(notices)} 条）", body="\n".join(lines),
                              link="/account/notifications", shown_in_inbox=False,
                              data={"digest": True, "notification_ids": [n.id for n in notices]})
        db_session.add(digest)
        db_session.flush()
        db_session.add(NotificationDelivery(notification_id=digest.id, channel=Channel.EMAIL, email=user.login,
                                            subscription_id=sub.id, next_attempt_at=utcnow()))
        written += 1
    if written:
        wake_worker(db_session)
    db_session.flush()
    return written


def _reaches(notice: Notification, sub: NotificationSubscription) -> bool:
    """Matching notices below the subscriber's threshold stay out of its digest; digests never list digests."""
    data = notice.data or {}
    if data.get("digest"):
        return False
    percent = data.get("match_percent")
    return percent is None or float(percent) >= sub.min_match_percent
