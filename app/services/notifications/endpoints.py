"""Webhook endpoints of an enterprise: registered by its own users (or an operator), the secret shown once.

The URL is checked at registration with the rule the worker applies at every send (``ssrf``): a private,
loopback or link-local address is refused unless an operator allow-listed it.
"""

from __future__ import annotations

import base64
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.config import get_settings
from app.core.errors import Forbidden, NotFound, ValidationFailed, field_error
from app.models import NoticeKind, WebhookEndpoint, WebhookFormat
from app.models.base import utcnow
from app.services.auth import Principal
from app.services.notifications import ssrf

# After a rotation the previous secret signs beside the new one this long (the receiver's switch-over window).
ROTATION_OVERLAP = timedelta(hours=24)


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _owner(principal: Principal, enterprise_id: int | None) -> int:
    if principal.is_operator:
        if enterprise_id is None:
            raise ValidationFailed(detail=[field_error("enterprise_id", "运营人员须指定企业 (operators name the enterprise)")])
        return enterprise_id
    if principal.enterprise_id is None:
        raise Forbidden("此角色不能设置推送地址 (this role has no endpoints)")
    if enterprise_id is not None and enterprise_id != principal.enterprise_id:
        raise Forbidden("只能为本企业设置推送地址 (only for your own enterprise)")
    return principal.enterprise_id


def _filter(principal: Principal):
    if principal.is_operator:
        return WebhookEndpoint.id.is_not(None)
    return WebhookEndpoint.enterprise_id == (principal.enterprise_id if principal.enterprise_id is not None else -1)


def _kinds(kinds: list[NoticeKind] | None) -> list[str]:
    chosen = kinds or list(NoticeKind)
    return sorted({k.value for k in chosen})


def create(*, db_session: Session, principal: Principal, url: str, format: WebhookFormat,
           kinds: list[NoticeKind] | None, min_match_percent: float | None, description: str | None,
           enterprise_id: int | None = None) -> tuple[WebhookEndpoint, str]:
    owner = _owner(principal, enterprise_id)
    settings = get_settings()
    ssrf.ensure_allowed(url, settings.notify_allowed_private)
    _check_percent(min_match_percent)
    secret = new_secret()
    endpoint = WebhookEndpoint(enterprise_id=owner, url=url, format=format, kinds=_kinds(kinds),
                               min_match_percent=min_match_percent or settings.notify_match_min_percent,
                               secret=secret, description=description)
    db_session.add(endpoint)
    db_session.flush()
    return endpoint, secret


def _check_percent(value: float | None) -> None:
    floor = get_settings().notify_match_min_percent
    if value is not None and value < floor:
        raise ValidationFailed(detail=[field_error("min_match_percent", f"不能低于 {floor:g}% (below the service's floor)",
                                                   value)], code="min_match_percent_too_low")


def list_for(*, db_session: Session, principal: Principal) -> list[WebhookEndpoint]:
    return list(db_session.scalars(select(WebhookEndpoint).where(_filter(principal)).order_by(WebhookEndpoint.id)))


def get(*, db_session: Session, principal: Principal, endpoint_id: int) -> WebhookEndpoint:
    endpoint = db_session.scalar(select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id, _filter(principal)))
    if endpoint is None:
        raise NotFound(f"推送地址 {endpoint_id} 不存在或无权查看 (not found)")
    return endpoint


def update(*, db_session: Session, principal: Principal, endpoint_id: int, url: str | None = None,
           kinds: list[NoticeKind] | None = None, min_match_percent: float | None = None,
           description: str | None = None, enabled: bool | None = None) -> WebhookEndpoint:
    endpoint = get(db_session=db_session, principal=principal, endpoint_id=endpoint_id)
    if url is not None:
        ssrf.ensure_allowed(url, get_settings().notify_allowed_private)
        endpoint.url = url
    if kinds is not None:
        endpoint.kinds = _kinds(kinds)
    if min_match_percent is not None:
        _check_percent(min_match_percent)
        endpoint.min_match_percent = min_match_percent
    if description is not None:
        endpoint.description = description
    if enabled is True:
        endpoint.disabled_at = None
        endpoint.disabled_reason = None
        endpoint.consecutive_failures = 0
    elif enabled is False and endpoint.disabled_at is None:
        endpoint.disabled_at = utcnow()
        endpoint.disabled_reason = "由用户停用 (disabled by its owner)"
    db_session.flush()
    return endpoint


def rotate_secret(*, db_session: Session, principal: Principal, endpoint_id: int) -> tuple[WebhookEndpoint, str]:
    """A new secret, shown once; the old one keeps signing beside it for :data:`ROTATION_OVERLAP`."""
    endpoint = get(db_session=db_session, principal=principal, endpoint_id=endpoint_id)
    secret = new_secret()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = utcnow() + ROTATION_OVERLAP
    endpoint.secret = secret
    db_session.flush()
    return endpoint, secret


def delete(*, db_session: Session, principal: Principal, endpoint_id: int) -> None:
    endpoint = get(db_session=db_session, principal=principal, endpoint_id=endpoint_id)
    db_session.delete(endpoint)
    db_session.flush()
