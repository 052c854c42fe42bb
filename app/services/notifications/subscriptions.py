"""Who hears about what: an enterprise's inbox per kind of notice, each user's e-mail per kind.

No row means the default below, so an enterprise or a user is subscribed sensibly from the moment it exists; a row
is written when someone changes a subscription, or when an e-mail needs its unsubscribe link.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.config import get_settings
from app.core.errors import Forbidden, NotFound, ValidationFailed, field_error
from app.models import ApiRole, Channel, NoticeKind, NotificationSubscription, User, UserStatus
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


def default(kind: NoticeKind, channel: Channel, user_id: int | None) -> Effective:
    enabled = channel is Channel.INBOX or kind in EMAIL_BY_DEFAULT
    return Effective(kind=kind, channel=channel, user_id=user_id, enabled=enabled,
                     min_match_percent=get_settings().notify_match_min_percent, stored=None)


def _effective(row: NotificationSubscription) -> Effective:
    return Effective(kind=row.kind, channel=row.channel, user_id=row.user_id, enabled=row.enabled,
                     min_match_percent=row.min_match_percent, stored=row)


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
                                   unsubscribe_token=secrets.token_urlsafe(32))
    with db_session.begin_nested():
        db_session.add(row)
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
           min_match_percent: float | None = None, enterprise_id: int | None = None) -> Effective:
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
    row = materialise(db_session, enterprise_id=owner, user_id=user_id, kind=kind, channel=channel)
    row.enabled = enabled
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
