"""Who hears about what: an enterprise's inbox per kind of notice, each user's e-mail per kind.

No row means the default below, so an enterprise or a user is subscribed sensibly from the moment it exists; a row
is written when someone changes a subscription, or when an e-mail needs its unsubscribe link.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.config import get_settings
from app.core.errors import Forbidden, NotFound, ValidationFailed, field_error
from app.models import (
    ApiRole,
    Channel,
    NoticeKind,
    NotificationPreference,
    NotificationSubscription,
    User,
    UserStatus,
)
from app.models.items import PROGRAMME_TIMEZONE
from app.services.auth import Principal

# What each role hears about by default. An organizer and an operator own no enterprise: they have no inbox here.
KINDS_FOR_ROLE: dict[ApiRole, tuple[NoticeKind, ...]] = {
    ApiRole.CHAIN_LEADER: (NoticeKind.SUPPLIER_FIT, NoticeKind.EVENT, NoticeKind.IMPORT, NoticeKind.ENDPOINT),
    ApiRole.SME: (NoticeKind.DEMAND_FIT, NoticeKind.DECISION, NoticeKind.EVENT, NoticeKind.IMPORT,
                  NoticeKind.ENDPOINT),
}
# E-mail is on by default for what needs an answer or is rare; matches and imports are in the inbox, and by
# e-mail for whoever turns it on — a busy leader's mailbox is not a feed.
EMAIL_BY_DEFAULT = frozenset({NoticeKind.SUPPLIER_FIT, NoticeKind.DEMAND_FIT, NoticeKind.DECISION, NoticeKind.EVENT,
                              NoticeKind.ENDPOINT})
MATCH_KINDS = frozenset({NoticeKind.SUPPLIER_FIT, NoticeKind.DEMAND_FIT})


@dataclass(frozen=True)
class Effective:
    """A subscription as it applies, stored or default."""

    kind: NoticeKind
    channel: Channel
    user_id: int | None
    enabled: bool
    min_match_percent: float
    stored: NotificationSubscription | None
    digest: bool = False


def default(kind: NoticeKind, channel: Channel, user_id: int | None) -> Effective:
    enabled = channel is Channel.INBOX or kind in EMAIL_BY_DEFAULT
    return Effective(kind=kind, channel=channel, user_id=user_id, enabled=enabled,
                     min_match_percent=get_settings().notify_match_min_percent, stored=None)


def _effective(row: NotificationSubscription) -> Effective:
    return Effective(kind=row.kind, channel=row.channel, user_id=row.user_id, enabled=row.enabled,
                     min_match_percent=row.min_match_percent, stored=row, digest=row.digest)


def stored_rows(db_session: Session, enterprise_id: int) -> dict[tuple[int | None, NoticeKind, Channel],
                                                                 NotificationSubscription]:
    rows = db_session.scalars(select(NotificationSubscription).where(
        NotificationSubscription.enterprise_id == enterprise_id))
    return {(r.user_id, r.kind, r.channel): r for r in rows}


def effective(db_session: Session, *, enterprise_id: int, user_id: int | None, kind: NoticeKind,
              channel: Channel, rows: dict | None = None) -> Effective:
    rows = stored_rows(db_session, enterprise_id) if rows is None else rows
    row = rows.get((user_id, kind, channel))
    return _effective(row) if row is not None else default(kind, channel, user_id)


def email_recipients(db_session: Session, enterprise_id: int) -> list[User]:
    """The enterprise's active users who signed up with an e-mail address (a mobile number gets no mail)."""
    return list(db_session.scalars(select(User).where(
        User.enterprise_id == enterprise_id, User.status == UserStatus.ACTIVE, User.login.contains("@"))
        .order_by(User.id)))


def materialise(db_session: Session, *, enterprise_id: int, user_id: int | None, kind: NoticeKind,
                channel: Channel, rows: dict | None = None) -> NotificationSubscription:
    """The stored row of a subscription, written with its defaults when there was none (an e-mail's unsubscribe
    link needs a row to point at)."""
    current = effective(db_session, enterprise_id=enterprise_id, user_id=user_id, kind=kind, channel=channel,
                        rows=rows)
    if current.stored is not None:
        return current.stored
    row = NotificationSubscription(enterprise_id=enterprise_id, user_id=user_id, kind=kind, channel=channel,
                                   enabled=current.enabled, min_match_percent=current.min_match_percent,
                                   digest=False, unsubscribe_token=secrets.token_urlsafe(32))
    try:
        # In a savepoint: a concurrent request that wrote the same default row first must not fail the change
        # that caused this notice (a decision, an invitation) — its row is used instead.
        with db_session.begin_nested():
            db_session.add(row)
    except IntegrityError:
        row = db_session.scalar(select(NotificationSubscription).where(
            NotificationSubscription.enterprise_id == enterprise_id, NotificationSubscription.kind == kind,
            NotificationSubscription.channel == channel,
            NotificationSubscription.user_id.is_(None) if user_id is None
            else NotificationSubscription.user_id == user_id))
        if row is None:
            raise
    if rows is not None:
        rows[(user_id, kind, channel)] = row
    return row


# --- what a principal sees and changes ------------------------------------------------------------------------
def _own_enterprise(principal: Principal, enterprise_id: int | None) -> int:
    if principal.is_operator:
        if enterprise_id is None:
            raise ValidationFailed(detail=[field_error("enterprise_id", "运营人员须指定企业 (operators name the enterprise)")])
        return enterprise_id
    if principal.enterprise_id is None:
        raise Forbidden("此角色没有企业通知 (this role has no enterprise notifications)")
    if enterprise_id is not None and enterprise_id != principal.enterprise_id:
        raise NotFound(f"企业 {enterprise_id} 不存在或无权查看 (not found)")
    return principal.enterprise_id


def _role_of(principal: Principal) -> ApiRole:
    return principal.role if principal.role in KINDS_FOR_ROLE else ApiRole.SME


def _user_of(db_session: Session, principal: Principal) -> User | None:
    """The web user whose identity key the principal is (a plain API key is no user: it has no e-mail)."""
    return db_session.scalar(select(User).where(User.identity_key_id == principal.key_id))


def list_for(*, db_session: Session, principal: Principal, enterprise_id: int | None = None) -> list[Effective]:
    """The principal's subscriptions: its enterprise's inbox, and its own e-mail when it is a user with one."""
    owner = _own_enterprise(principal, enterprise_id)
    rows = stored_rows(db_session, owner)
    kinds = KINDS_FOR_ROLE[_role_of(principal)]
    out = [effective(db_session, enterprise_id=owner, user_id=None, kind=k, channel=Channel.INBOX, rows=rows)
           for k in kinds]
    user = _user_of(db_session, principal)
    if user is not None and "@" in user.login:
        out += [effective(db_session, enterprise_id=owner, user_id=user.id, kind=k, channel=Channel.EMAIL, rows=rows)
                for k in kinds]
    return out


def update(*, db_session: Session, principal: Principal, kind: NoticeKind, channel: Channel, enabled: bool,
           min_match_percent: float | None = None, digest: bool | None = None,
           enterprise_id: int | None = None) -> Effective:
    owner = _own_enterprise(principal, enterprise_id)
    if kind not in KINDS_FOR_ROLE[_role_of(principal)]:
        raise ValidationFailed(detail=[field_error("kind", "此角色没有这类通知 (not a notice for this role)", kind.value)],
                               code="subscription_kind_invalid")
    if channel is Channel.WEBHOOK:
        raise ValidationFailed(detail=[field_error("channel", "推送地址在 webhook-endpoints 中设置 (set on the endpoint)",
                                                   channel.value)], code="subscription_channel_invalid")
    user_id = None
    if channel is Channel.EMAIL:
        user = _user_of(db_session, principal)
        if user is None or "@" not in user.login:
            raise ValidationFailed(detail=[field_error(
                "channel", "只有以邮箱登录的用户可订阅邮件 (only users signed up with an e-mail address get mail)",
                channel.value)], code="subscription_no_email")
        user_id = user.id
    if min_match_percent is not None and min_match_percent < get_settings().notify_match_min_percent:
        raise ValidationFailed(detail=[field_error(
            "min_match_percent", f"不能低于 {get_settings().notify_match_min_percent:g}% (below the service's floor)",
            min_match_percent)], code="min_match_percent_too_low")
    if digest and channel is not Channel.EMAIL:
        raise ValidationFailed(detail=[field_error("digest", "每日汇总只适用于邮件 (a digest is for e-mail)", digest)],
                               code="subscription_digest_email_only")
    row = materialise(db_session, enterprise_id=owner, user_id=user_id, kind=kind, channel=channel)
    row.enabled = enabled
    if digest is not None:
        row.digest = digest
    if min_match_percent is not None:
        row.min_match_percent = min_match_percent
    db_session.flush()
    return _effective(row)


def unsubscribe(*, db_session: Session, token: str) -> NotificationSubscription:
    """The unsubscribe link of an e-mail: that one subscription stops, no sign-in needed."""
    row = db_session.scalar(select(NotificationSubscription).where(NotificationSubscription.unsubscribe_token == token))
    if row is None:
        raise NotFound("退订链接无效或已失效 (unknown unsubscribe link)")
    row.enabled = False
    db_session.flush()
    return row


# --- quiet hours and the digest hour --------------------------------------------------------------------------
DEFAULT_DIGEST_HOUR = 8


def preferences(db_session: Session, enterprise_id: int) -> NotificationPreference | None:
    return db_session.get(NotificationPreference, enterprise_id)


def hold_until(prefs: NotificationPreference | None, now: datetime) -> datetime:
    """When an e-mail or webhook written now may go out: now, or the end of the enterprise's quiet hours."""
    if prefs is None or prefs.quiet_start is None or prefs.quiet_end is None or prefs.quiet_start == prefs.quiet_end:
        return now
    local = now.astimezone(PROGRAMME_TIMEZONE)
    minute = local.hour * 60 + local.minute
    start, end = prefs.quiet_start, prefs.quiet_end
    quiet = start <= minute < end if start < end else (minute >= start or minute < end)
    if not quiet:
        return now
    end_today = local.replace(hour=end // 60, minute=end % 60, second=0, microsecond=0)
    if end_today <= local:
        end_today += timedelta(days=1)
    return end_today.astimezone(UTC)


def digest_moment(prefs: NotificationPreference | None, now: datetime) -> datetime:
    """The latest digest time at or before ``now`` (Chongqing time, the enterprise's digest hour)."""
    hour = prefs.digest_hour if prefs is not None else DEFAULT_DIGEST_HOUR
    local = now.astimezone(PROGRAMME_TIMEZONE)
    moment = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if moment > local:
        moment -= timedelta(days=1)
    return moment.astimezone(UTC)


def _minutes(text: str | None, field: str) -> int | None:
    if text is None or not text.strip():
        return None
    try:
        hours, minutes = text.strip().split(":")
        value = int(hours) * 60 + int(minutes)
    except ValueError:
        value = -1
    if not 0 <= value < 24 * 60 or len(text.strip()) > 5:
        raise ValidationFailed(detail=[field_error(field, "应为 HH:MM，如 22:00 (expected HH:MM)", text)],
                               code="quiet_hours_invalid")
    return value


def minutes_text(value: int | None) -> str | None:
    return None if value is None else f"{value // 60:02d}:{value % 60:02d}"


def set_preferences(*, db_session: Session, principal: Principal, quiet_start: str | None, quiet_end: str | None,
                    digest_hour: int | None, enterprise_id: int | None = None) -> NotificationPreference:
    owner = _own_enterprise(principal, enterprise_id)
    start, end = _minutes(quiet_start, "quiet_start"), _minutes(quiet_end, "quiet_end")
    if (start is None) != (end is None):
        missing = "quiet_end" if end is None else "quiet_start"
        raise ValidationFailed(detail=[field_error(missing, "免打扰时段须同时填写开始和结束 (give both ends)")],
                               code="quiet_hours_invalid")
    if digest_hour is not None and not 0 <= digest_hour <= 23:
        raise ValidationFailed(detail=[field_error("digest_hour", "应为 0–23 (an hour of the day)", digest_hour)],
                               code="digest_hour_invalid")
    prefs = preferences(db_session, owner)
    if prefs is None:
        prefs = NotificationPreference(enterprise_id=owner, digest_hour=DEFAULT_DIGEST_HOUR)
        db_session.add(prefs)
    prefs.quiet_start, prefs.quiet_end = start, end
    if digest_hour is not None:
        prefs.digest_hour = digest_hour
    db_session.flush()
    return prefs


def preferences_for(*, db_session: Session, principal: Principal,
                    enterprise_id: int | None = None) -> NotificationPreference:
    owner = _own_enterprise(principal, enterprise_id)
    return preferences(db_session, owner) or NotificationPreference(enterprise_id=owner,
                                                                    digest_hour=DEFAULT_DIGEST_HOUR)
